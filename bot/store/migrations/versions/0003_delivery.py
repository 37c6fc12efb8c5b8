"""scheduled delivery: outbox, delivery state, chat filters, digest runs, the shared send rate

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("idempotency_key", sa.String(200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("parse_mode", sa.String(20), nullable=True),
        sa.Column("reply_markup", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _when("due_at", nullable=False),
        sa.Column("claimed_by", sa.String(64), nullable=True),
        _when("claimed_until"),
        _when("sent_at"),
        sa.Column("sent_message_id", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        _when("created_at", nullable=False),
        sa.UniqueConstraint("idempotency_key", name="uq_outbox_idempotency_key"),
    )
    op.create_index("ix_outbox_status_due", "outbox", ["status", "due_at"])
    op.create_index("ix_outbox_chat_status", "outbox", ["chat_id", "status", "id"])
    op.create_table(
        "delivery_state",
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("last_briefing_id", sa.Integer(), nullable=False),
        _when("last_planned_at"),
        sa.Column("schedule_signature", sa.String(300), nullable=True),
        _when("slot_watermark"),
        _when("next_send_at"),
        sa.ForeignKeyConstraint(["chat_id"], ["chats.chat_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("chat_id"),
    )
    op.create_table(
        "chat_filters",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("mode", sa.String(10), nullable=False),
        sa.Column("phrase", sa.String(200), nullable=False),
        _when("created_at", nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chats.chat_id"], ondelete="CASCADE"),
        sa.UniqueConstraint("chat_id", "mode", "phrase", name="uq_chat_filters_phrase"),
    )
    op.create_index("ix_chat_filters_chat_id", "chat_filters", ["chat_id"])
    op.create_table(
        "digest_runs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        _when("slot_at", nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("overflow", sa.JSON(), nullable=True),
        _when("created_at", nullable=False),
        sa.ForeignKeyConstraint(["chat_id"], ["chats.chat_id"], ondelete="CASCADE"),
        sa.UniqueConstraint("chat_id", "slot_at", name="uq_digest_runs_chat_slot"),
    )
    op.create_table(
        "send_rate",
        sa.Column("name", sa.String(20), nullable=False),
        sa.Column("next_slot_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("send_rate")
    op.drop_table("digest_runs")
    op.drop_index("ix_chat_filters_chat_id", table_name="chat_filters")
    op.drop_table("chat_filters")
    op.drop_table("delivery_state")
    op.drop_index("ix_outbox_chat_status", table_name="outbox")
    op.drop_index("ix_outbox_status_due", table_name="outbox")
    op.drop_table("outbox")
