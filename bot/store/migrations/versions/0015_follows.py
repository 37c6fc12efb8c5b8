"""follows: the entities a chat follows, their match keys, new articles' salient entity keys, and alerts

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "follows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("muted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chats.chat_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "name_key", name="uq_follows_chat_name"),
    )
    op.create_index("ix_follows_chat_id", "follows", ["chat_id"])
    op.create_table(
        "follow_keys",
        sa.Column("follow_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["follow_id"], ["follows.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("follow_id", "key"),
    )
    op.create_index("ix_follow_keys_key", "follow_keys", ["key"])
    op.create_table(
        "article_entity_keys",
        sa.Column("article_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("entity", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id", "key"),
    )
    op.create_index("ix_article_entity_keys_key", "article_entity_keys", ["key"])
    op.create_table(
        "follow_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("follow_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["chat_id"], ["chats.chat_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["follow_id"], ["follows.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chat_id", "story_id", name="uq_follow_alerts_chat_story"),
    )
    op.create_index("ix_follow_alerts_pending", "follow_alerts", ["chat_id", "queued_at"])
    op.create_table(
        "follow_alert_reports",
        sa.Column("alert_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("article_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["alert_id"], ["follow_alerts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("alert_id", "article_id"),
    )
    op.create_index("ix_follow_alert_reports_article", "follow_alert_reports", ["article_id"])
    op.create_table(
        "follow_cursor",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("last_briefing_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("follow_cursor")
    op.drop_index("ix_follow_alert_reports_article", table_name="follow_alert_reports")
    op.drop_table("follow_alert_reports")
    op.drop_index("ix_follow_alerts_pending", table_name="follow_alerts")
    op.drop_table("follow_alerts")
    op.drop_index("ix_article_entity_keys_key", table_name="article_entity_keys")
    op.drop_table("article_entity_keys")
    op.drop_index("ix_follow_keys_key", table_name="follow_keys")
    op.drop_table("follow_keys")
    op.drop_index("ix_follows_chat_id", table_name="follows")
    op.drop_table("follows")
