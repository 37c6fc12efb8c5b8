"""chat_stories: the stories each chat was told about and which of their reports it got, so a later report
is sent as what it adds ("Update on: ...")

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "chat_stories",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("story_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("first_article_id", sa.Integer(), nullable=False),
        sa.Column("articles", sa.JSON(), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chats.chat_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("chat_id", "story_id"),
    )
    op.create_index("ix_chat_stories_updated_at", "chat_stories", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_chat_stories_updated_at", table_name="chat_stories")
    op.drop_table("chat_stories")
