"""chats.app_language: the Telegram app's language of a private chat's user, for digests sent later

A private chat without a language in /settings is spoken to in the language of the user's Telegram app
(bot.i18n.chat_locale). Replies see it in each update; digests are sent without one, so the last one
seen is kept here.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("chats", sa.Column("app_language", sa.String(length=35), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("chats") as batch:
        batch.drop_column("app_language")
