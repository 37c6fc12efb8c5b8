"""Forum topics: where a chat's digest goes, where each feed goes, and the topic each queued message is for

chats.digest_topic_id: the forum topic (message_thread_id) that gets the chat's digests and the items of
feeds not routed elsewhere; NULL: General, as before. subscriptions.topic_id: this feed's own topic in the
chat; NULL: with the digest. outbox.message_thread_id: the topic a row is sent to (NULL: General). A topic
that turns out closed or deleted is cleared from all three (see bot.delivery.topics).

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("chats", sa.Column("digest_topic_id", sa.BigInteger(), nullable=True))
    op.add_column("subscriptions", sa.Column("topic_id", sa.BigInteger(), nullable=True))
    op.add_column("outbox", sa.Column("message_thread_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    for table, column in (
        ("outbox", "message_thread_id"),
        ("subscriptions", "topic_id"),
        ("chats", "digest_topic_id"),
    ):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
