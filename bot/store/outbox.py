"""The outbox: messages are stored before they are sent, and each row's fate is recorded.

Planning writes one row per message in the transaction that advances the chat's delivery cursor, so a
crash either loses both (and the next plan redoes them) or keeps both (and a sender sends them).
Senders claim rows with a lease:

- PostgreSQL: `SELECT ... FOR UPDATE SKIP LOCKED`, then the claiming UPDATE, so concurrent senders take
  disjoint rows without waiting for each other.
- SQLite: one `UPDATE ... WHERE status = 'pending' ... RETURNING`; SQLite runs writers one at a time, so
  the claim is atomic.
(both in store.engine.claim_rows)

Only a chat's oldest unfinished row is claimable, so a chat's messages go out in order and never two at
once (the per-chat rate limit then holds across processes through `delivery_state.next_send_at`). A
claim whose lease runs out is taken back: a row still `claimed` was never sent and becomes `pending`
again; a row left in `sending` has an unknown outcome (see bot.delivery.sender) and becomes `unknown`.
A chat that is gone or moved takes its rows along: see store.chats.drop_chat and move_chat.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.store.delivery_tables import DeliveryState, OutboxRow, SendRate
from bot.store.engine import IN_BATCH, Database, claim_rows, insert_for, insert_ignoring_conflicts
from bot.store.tables import Chat, utcnow

PENDING, CLAIMED, SENDING, SENT = "pending", "claimed", "sending", "sent"
FAILED, UNKNOWN, DROPPED = "failed", "unknown", "dropped"
OPEN_STATUSES = (PENDING, CLAIMED, SENDING)
GLOBAL_CLOCK = "global"
EDIT = (
    "edit"  # a row of this kind edits the message an earlier row sent: its key is edit:<n>:<that row's key>
)


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A message to queue. `key` makes it idempotent: the same key is never queued twice."""

    key: str
    text: str
    kind: str = "digest"
    parse_mode: str | None = "HTML"
    reply_markup: dict[str, Any] | None = None
    link_preview: dict[str, Any] | None = None  # Bot API link_preview_options; None: no preview
    message_thread_id: int | None = None  # the forum topic it goes to; None: General (bot.delivery.topics)


@dataclass(frozen=True, slots=True)
class ClaimedMessage:
    id: int
    chat_id: int
    kind: str
    key: str
    text: str
    parse_mode: str | None
    reply_markup: dict[str, Any] | None
    attempts: int
    due_at: dt.datetime | None = None  # when the schedule wanted it sent (for the send-lag metric)
    link_preview: dict[str, Any] | None = None  # Bot API link_preview_options; None: no preview
    message_thread_id: int | None = None  # the forum topic it goes to; None: General


async def enqueue(
    session: AsyncSession, chat_id: int, messages: Sequence[OutgoingMessage], *, due_at: dt.datetime
) -> int:
    """Queue messages in the caller's transaction; keys already queued are left alone. Returns rows added."""
    if not messages:
        return 0
    rows = [
        {
            "chat_id": chat_id,
            "kind": m.kind,
            "idempotency_key": m.key,
            "text": m.text,
            "parse_mode": m.parse_mode,
            "reply_markup": m.reply_markup,
            "link_preview": m.link_preview,
            "message_thread_id": m.message_thread_id,
            "status": PENDING,
            "attempts": 0,
            "due_at": due_at,
            "created_at": utcnow(),
        }
        for m in messages
    ]
    return await insert_ignoring_conflicts(session, OutboxRow, rows, index_elements=["idempotency_key"])


def edit_key(edition: int, key: str) -> str:
    """The key of the `edition`th edit of the message queued under `key` (each edition is queued once)."""
    return f"{EDIT}:{edition}:{key}"


def edited_key(key: str) -> str:
    """The key of the row an edit row edits."""
    return key.split(":", 2)[2]


async def sent_message_of(database: Database, key: str) -> int | None:
    """The Telegram message id the row queued under `key` was sent as; None while unsent (or never)."""
    async with database.session() as session:
        return await session.scalar(
            select(OutboxRow.sent_message_id).where(
                OutboxRow.idempotency_key == key, OutboxRow.status == SENT
            )
        )


async def replace_pending(
    session: AsyncSession, key: str, text: str, reply_markup: dict[str, Any] | None
) -> bool:
    """Change the text of the row queued under `key` while it is still pending; False when it is not."""
    result = await session.execute(
        update(OutboxRow)
        .where(OutboxRow.idempotency_key == key, OutboxRow.status == PENDING)
        .values(text=text, reply_markup=reply_markup)
    )
    return bool(result.rowcount)


async def recover_expired(database: Database, *, now: dt.datetime) -> tuple[int, int]:
    """Take back expired claims: (rows made pending again, rows whose send outcome is now unknown)."""
    async with database.session() as session:
        reclaimed = await session.execute(
            update(OutboxRow)
            .where(OutboxRow.status == CLAIMED, OutboxRow.claimed_until < now)
            .values(status=PENDING, claimed_by=None, claimed_until=None)
        )
        unknown = await session.execute(
            update(OutboxRow)
            .where(OutboxRow.status == SENDING, OutboxRow.claimed_until < now)
            .values(
                status=UNKNOWN,
                last_error="outcome unknown: the sender stopped after sending the request and before "
                "recording Telegram's answer; not resent (at most once)",
            )
        )
    return int(reclaimed.rowcount or 0), int(unknown.rowcount or 0)


async def claim_due(
    database: Database, sender_id: str, *, now: dt.datetime, limit: int, lease: dt.timedelta
) -> list[ClaimedMessage]:
    """Claim up to `limit` due rows, at most one per chat (its oldest unfinished row), oldest due first."""
    earlier = aliased(OutboxRow)
    blocked_by_earlier = exists().where(
        earlier.chat_id == OutboxRow.chat_id, earlier.id < OutboxRow.id, earlier.status.in_(OPEN_STATUSES)
    )
    candidates = (
        select(OutboxRow.id)
        .outerjoin(DeliveryState, DeliveryState.chat_id == OutboxRow.chat_id)
        .where(
            OutboxRow.status == PENDING,
            OutboxRow.due_at <= now,
            (DeliveryState.next_send_at.is_(None)) | (DeliveryState.next_send_at <= now),
            ~blocked_by_earlier,
        )
        .order_by(OutboxRow.due_at, OutboxRow.id)
        .limit(limit)
    )
    claim = update(OutboxRow).values(status=CLAIMED, claimed_by=sender_id, claimed_until=now + lease)
    claim = claim.returning(
        OutboxRow.id,
        OutboxRow.chat_id,
        OutboxRow.kind,
        OutboxRow.idempotency_key,
        OutboxRow.text,
        OutboxRow.parse_mode,
        OutboxRow.reply_markup,
        OutboxRow.attempts,
        OutboxRow.due_at,
        OutboxRow.link_preview,
        OutboxRow.message_thread_id,
    )
    async with database.session() as session:
        rows = await claim_rows(
            session, candidates, claim.where(OutboxRow.status == PENDING), OutboxRow.id, lock=OutboxRow
        )
    claimed = [ClaimedMessage(*row) for row in rows]
    return sorted(claimed, key=lambda m: m.id)


async def mark_sending(
    database: Database,
    message_id: int,
    sender_id: str,
    chat_id: int,
    *,
    now: dt.datetime,
    lease: dt.timedelta,
    chat_gap: dt.timedelta,
) -> bool:
    """Right before the request: False when the claim was lost (lease expired, chat dropped or moved)."""
    async with database.session() as session:
        result = await session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == message_id, OutboxRow.status == CLAIMED, OutboxRow.claimed_by == sender_id)
            .values(status=SENDING, claimed_until=now + lease, attempts=OutboxRow.attempts + 1)
        )
        if not result.rowcount:
            return False
        await _hold_chat(session, chat_id, now + chat_gap)
    return True


async def _hold_chat(session: AsyncSession, chat_id: int, until: dt.datetime) -> None:
    """The chat gets nothing more before `until` (per-chat rate limit, or a 429's retry_after)."""
    later = case((DeliveryState.next_send_at > until, DeliveryState.next_send_at), else_=until)
    result = await session.execute(
        update(DeliveryState).where(DeliveryState.chat_id == chat_id).values(next_send_at=later)
    )
    if not result.rowcount and await session.get(Chat, chat_id) is not None:
        try:  # added inside the savepoint, so a conflict undoes only this row, not the caller's work
            async with session.begin_nested():
                session.add(DeliveryState(chat_id=chat_id, last_briefing_id=0, next_send_at=until))
                await session.flush()
        except IntegrityError:  # another sender created it meanwhile
            pass


async def mark_sent(
    database: Database, message_id: int, telegram_message_id: int, *, now: dt.datetime
) -> None:
    async with database.session() as session:
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == message_id)
            .values(status=SENT, sent_at=now, sent_message_id=telegram_message_id, claimed_until=None)
        )


async def release(
    database: Database,
    message_id: int,
    *,
    due_at: dt.datetime,
    error: str | None = None,
    chat_id: int | None = None,
    hold_chat_until: dt.datetime | None = None,
    refund_attempt: bool = False,
) -> None:
    """Put a row back to pending, due at `due_at` (a retry, or a slot given up during a pause).

    `refund_attempt` takes back the attempt `mark_sending` counted: a request that could not even connect
    (Telegram unreachable) must not use up the row's retries, however long the outage lasts.
    """
    async with database.session() as session:
        values: dict[str, Any] = {
            "status": PENDING,
            "due_at": due_at,
            "claimed_by": None,
            "claimed_until": None,
        }
        if refund_attempt:
            values["attempts"] = case((OutboxRow.attempts > 0, OutboxRow.attempts - 1), else_=0)
        if error is not None:
            values["last_error"] = error
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == message_id, OutboxRow.status.in_((CLAIMED, SENDING)))
            .values(**values)
        )
        if chat_id is not None and hold_chat_until is not None:
            await _hold_chat(session, chat_id, hold_chat_until)


async def mark_finished(database: Database, message_id: int, status: str, error: str) -> None:
    """A final state other than sent: failed (given up) or unknown (the outcome cannot be known)."""
    async with database.session() as session:
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == message_id)
            .values(status=status, last_error=error[:2000], claimed_until=None)
        )


async def reserve_send_slots(database: Database, count: int, interval: float, *, now: float) -> float:
    """Reserve `count` send slots on the shared clock; returns the first slot (epoch seconds).

    The clock row holds the next free slot. One UPDATE moves it `count` intervals past max(itself, now)
    and returns where it ended, so slots handed to different processes never overlap and the global rate
    holds however many senders run.
    """
    start = case((SendRate.next_slot_at > now, SendRate.next_slot_at), else_=now)
    statement = (
        update(SendRate)
        .where(SendRate.name == GLOBAL_CLOCK)
        .values(next_slot_at=start + count * interval)
        .returning(SendRate.next_slot_at)
    )
    for _ in range(2):
        async with database.session() as session:
            end = (await session.execute(statement)).scalar_one_or_none()
            if end is not None:
                return float(end) - count * interval
            await session.execute(
                insert_for(session, SendRate)
                .values(name=GLOBAL_CLOCK, next_slot_at=0.0)
                .on_conflict_do_nothing()
            )
    raise RuntimeError("the send clock row could not be created")


async def pause_send_clock(database: Database, *, until: float) -> None:
    """Telegram asked everyone to wait: no slot is handed out before `until` (epoch seconds)."""
    later = case((SendRate.next_slot_at > until, SendRate.next_slot_at), else_=until)
    async with database.session() as session:
        await session.execute(
            update(SendRate).where(SendRate.name == GLOBAL_CLOCK).values(next_slot_at=later)
        )


async def open_rows(database: Database) -> int:
    """Rows not finished yet (pending, claimed or sending), due or not."""
    async with database.session() as session:
        return int(
            await session.scalar(select(func.count(OutboxRow.id)).where(OutboxRow.status.in_(OPEN_STATUSES)))
            or 0
        )


async def status_counts(database: Database) -> dict[str, int]:
    async with database.session() as session:
        rows = await session.execute(
            select(OutboxRow.status, func.count(OutboxRow.id)).group_by(OutboxRow.status)
        )
        return {status: int(n) for status, n in rows}


@dataclass(frozen=True, slots=True)
class UnfinishedMessage:
    """A row that did not end `sent`: its outcome is unknown, or it failed for good."""

    id: int
    chat_id: int
    kind: str
    status: str
    error: str | None
    created_at: dt.datetime


async def unfinished_messages(database: Database, *, limit: int = 20) -> list[UnfinishedMessage]:
    """The newest rows whose outcome is unknown or that failed for good, for an operator to look at."""
    async with database.session() as session:
        rows = await session.scalars(
            select(OutboxRow)
            .where(OutboxRow.status.in_((UNKNOWN, FAILED)))
            .order_by(OutboxRow.id.desc())
            .limit(limit)
        )
        return [
            UnfinishedMessage(r.id, r.chat_id, r.kind, r.status, r.last_error, r.created_at) for r in rows
        ]


async def requeue(database: Database, message_ids: Sequence[int], *, now: dt.datetime) -> int:
    """An operator's decision: send unknown or failed rows again (an unknown one may then arrive twice)."""
    ids, requeued = list(message_ids), 0
    async with database.session() as session:
        for start in range(0, len(ids), IN_BATCH):
            result = await session.execute(
                update(OutboxRow)
                .where(
                    OutboxRow.id.in_(ids[start : start + IN_BATCH]), OutboxRow.status.in_((UNKNOWN, FAILED))
                )
                .values(status=PENDING, due_at=now, claimed_by=None, claimed_until=None)
            )
            requeued += int(result.rowcount or 0)
    return requeued


async def forget_sent(database: Database, *, before: dt.datetime) -> int:
    """Housekeeping: delete finished rows older than `before` (keys need only outlive their slot)."""
    async with database.session() as session:
        result = await session.execute(
            delete(OutboxRow).where(OutboxRow.status.not_in(OPEN_STATUSES), OutboxRow.created_at < before)
        )
    return int(result.rowcount or 0)
