"""Tables of scheduled delivery: the outbox, each chat's delivery state and filters, the digest-run log,
and the shared send-rate row that keeps the global rate global across sender processes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import BigInteger, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.tables import Base, utcnow


class OutboxRow(Base):
    """One message to send. Planning writes it; a sender claims, sends and marks it.

    status: pending -> claimed -> sending -> sent; or back to pending (retry), failed (given up),
    unknown (the connection died after the request: see bot.delivery.sender), dropped (chat gone).
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_status_due", "status", "due_at"),
        Index("ix_outbox_chat_status", "chat_id", "status", "id"),
        Index("ix_outbox_created_at", "created_at"),  # retention deletes finished rows oldest first
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(20))  # digest | instant
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)  # kind:chat:slot-or-article:part
    text: Mapped[str] = mapped_column(Text)
    parse_mode: Mapped[str | None] = mapped_column(String(20))
    reply_markup: Mapped[dict[str, Any] | None]
    link_preview: Mapped[dict[str, Any] | None]  # Bot API link_preview_options; NULL: no preview
    message_thread_id: Mapped[int | None] = mapped_column(BigInteger)  # the forum topic; NULL: General
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    sent_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DeliveryState(Base):
    """Per chat: the delivery cursor, the schedule watermark, and when the chat may get its next message."""

    __tablename__ = "delivery_state"

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    last_briefing_id: Mapped[int] = mapped_column(Integer, default=0)  # newest briefing planned for the chat
    last_planned_at: Mapped[dt.datetime | None]
    schedule_signature: Mapped[str | None] = mapped_column(String(300))
    slot_watermark: Mapped[dt.datetime | None]  # slots up to here are planned or skipped
    next_send_at: Mapped[dt.datetime | None]  # per-chat rate limit, shared by all sender processes


class ChatFilter(Base):
    """A keyword filter: `include` keeps only matching items (any include), `exclude` drops them."""

    __tablename__ = "chat_filters"
    __table_args__ = (UniqueConstraint("chat_id", "mode", "phrase", name="uq_chat_filters_phrase"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"), index=True
    )
    mode: Mapped[str] = mapped_column(String(10))  # include | exclude
    phrase: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DigestRun(Base):
    """A digest slot planned (or skipped) for a chat: planned once, whatever the number of planners."""

    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("chat_id", "slot_at", name="uq_digest_runs_chat_slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"))
    slot_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(20))  # planned | empty | skipped | manual
    late: Mapped[bool] = mapped_column(default=False)
    items: Mapped[int] = mapped_column(Integer, default=0)
    overflow: Mapped[dict[str, Any] | None]  # {"articles": [ids]} behind the "+M more" button
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SendRate(Base):
    """The shared send clock: senders reserve send slots by moving `next_slot_at` (epoch seconds)."""

    __tablename__ = "send_rate"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    next_slot_at: Mapped[float] = mapped_column(Float, default=0.0)
