"""Link previews per chat and per feed, and the preview each queued message is sent with

chats.link_previews: off (NULL, as before), each (every item sent in a message of its own previews its
article) or single (only an item sent alone). subscriptions.link_previews: NULL follows the chat, else one
of the same values for that feed. outbox.link_preview: the Bot API `link_preview_options` a row is sent
with (NULL: previews off, as every row before). See bot.delivery.previews.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("chats", sa.Column("link_previews", sa.String(length=10), nullable=True))
    op.add_column("subscriptions", sa.Column("link_previews", sa.String(length=10), nullable=True))
    op.add_column("outbox", sa.Column("link_preview", sa.JSON(), nullable=True))


def downgrade() -> None:
    for table, column in (
        ("outbox", "link_preview"),
        ("subscriptions", "link_previews"),
        ("chats", "link_previews"),
    ):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
