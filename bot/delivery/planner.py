"""Planning: which digests and instant items are due, composed and written to the outbox atomically.

One planner runs per deployment (the bot process; see DESIGN "Scaling out"), but planning is safe to
repeat or race: a digest slot is planned once per chat (unique digest_runs row), the chat's delivery
state row is locked while its cursor moves, and outbox keys are unique.

The cursor is the id of the newest briefing planned for the chat. On PostgreSQL, ids are handed out at
insert but become visible at commit, so a briefing is considered only once it is `SETTLE` old; a
transaction that stays open longer than that could let its briefing slip behind the cursor (the poller's
transactions are short). SQLite commits writers one at a time, so no settling is needed there.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import schedule as schedules
from bot.delivery.digest import DigestItem, item_from_row, select_items
from bot.delivery.filters import KeywordFilter
from bot.delivery.layout import DeliveryLayout, DigestSlot
from bot.delivery.outbox import OutgoingMessage, enqueue
from bot.settings import Settings
from bot.store.delivery_tables import ChatFilter, DeliveryState, DigestRun
from bot.store.engine import Database
from bot.store.story_tables import ArticleStory
from bot.store.tables import Article, BriefingRow, Chat, Feed, Subscription, utcnow

log = logging.getLogger(__name__)
SETTLE = dt.timedelta(seconds=5)
PLANNER_PERIOD = dt.timedelta(minutes=1)
MAX_ITEMS = 200  # newest briefings considered for one digest; older ones are passed over


@dataclass(frozen=True, slots=True)
class ChatSchedule:
    chat_id: int
    schedule: schedules.Schedule
    created_at: dt.datetime
    state: DeliveryStateView | None


@dataclass(frozen=True, slots=True)
class DeliveryStateView:
    last_briefing_id: int
    schedule_signature: str | None
    slot_watermark: dt.datetime | None


@dataclass(frozen=True, slots=True)
class PlannedDigest:
    chat_id: int
    slot: dt.datetime
    status: str  # planned | empty | duplicate
    messages: int = 0
    items: int = 0
    late: bool = False


@dataclass(frozen=True, slots=True)
class PlanReport:
    digests: int = 0
    empty: int = 0
    messages: int = 0
    instant_items: int = 0
    late: int = 0
    skipped_slots: int = 0

    def __add__(self, other: PlanReport) -> PlanReport:
        return PlanReport(*(a + b for a, b in zip(self._values(), other._values(), strict=True)))

    def _values(self) -> tuple[int, ...]:
        return (self.digests, self.empty, self.messages, self.instant_items, self.late, self.skipped_slots)


class Planner:
    def __init__(self, database: Database, settings: Settings, layout: DeliveryLayout) -> None:
        self.database = database
        self.settings = settings
        self.layout = layout
        self.settle = dt.timedelta(0) if database.is_sqlite else SETTLE

    # -- what is due ------------------------------------------------------------------------------
    async def plan_due(self, now: dt.datetime | None = None) -> PlanReport:
        """Plan every scheduled digest whose slot has come, and every new item for instant chats."""
        now = now or utcnow()
        chats = await self._schedules()
        await self._sync_states(chats, now)
        chats = await self._schedules()
        report = PlanReport()
        for chat in chats:
            if chat.schedule.cadence == schedules.INSTANT:
                report += await self.plan_instant(chat.chat_id, now)
                continue
            watermark = chat.state.slot_watermark if chat.state and chat.state.slot_watermark else now
            decision = schedules.decide(chat.schedule, now=now, after=watermark)
            if decision.skipped:
                report += await self._skip(chat, decision.skipped, now)
            if decision.due is not None:
                planned = await self.plan_digest(
                    chat.chat_id,
                    decision.due.slot,
                    now=now,
                    late=decision.due.late,
                    zone=chat.schedule.zone,
                    watermark=decision.due.slot,
                )
                report += _report_of(planned)
        return report

    async def plan_now(
        self, chat_ids: Sequence[int] | None = None, now: dt.datetime | None = None
    ) -> PlanReport:
        """Digests on request (/digest, `briefbot digest send`): every chat with news (or the given ones)."""
        exact = now or utcnow()
        now = exact.replace(microsecond=0)  # the slot's name; briefings are read up to the exact instant
        chats = await self._schedules(include_off=chat_ids is not None)
        await self._sync_states(chats, now)
        wanted = set(chat_ids) if chat_ids is not None else None
        report = PlanReport()
        for chat in chats:
            if wanted is not None and chat.chat_id not in wanted:
                continue
            planned = await self.plan_digest(
                chat.chat_id, now, now=exact, manual=True, zone=chat.schedule.zone
            )
            report += _report_of(planned)
        return report

    async def _schedules(self, *, include_off: bool = False) -> list[ChatSchedule]:
        """Active chats with at least one unmuted subscription, with their effective schedule and state."""
        subscribed = exists().where(Subscription.chat_id == Chat.chat_id, Subscription.muted.is_(False))
        query = (
            select(
                Chat.chat_id,
                Chat.digest_times,
                Chat.timezone,
                Chat.cadence,
                Chat.created_at,
                DeliveryState.last_briefing_id,
                DeliveryState.schedule_signature,
                DeliveryState.slot_watermark,
                DeliveryState.chat_id,
            )
            .outerjoin(DeliveryState, DeliveryState.chat_id == Chat.chat_id)
            .where(Chat.active.is_(True), subscribed)
            .order_by(Chat.chat_id)
        )
        if not include_off:
            query = query.where(Chat.cadence != schedules.OFF)
        async with self.database.session() as session:
            rows = (await session.execute(query)).all()
        out = []
        for chat_id, times, zone, cadence, created, cursor, signature, watermark, state_id in rows:
            schedule = schedules.Schedule.parse(
                times or self.settings.digest_time, zone or self.settings.default_timezone, cadence or "daily"
            )
            state = DeliveryStateView(cursor, signature, watermark) if state_id is not None else None
            out.append(ChatSchedule(chat_id, schedule, created, state))
        return out

    async def _sync_states(self, chats: Sequence[ChatSchedule], now: dt.datetime) -> None:
        """Create missing delivery states and restart slot eligibility where a schedule changed.

        A new chat's slots count from when it was created (at most GRACE back); a changed schedule's from
        the previous planner run, since the change happened at most one period ago.
        """
        new = [c for c in chats if c.state is None]
        changed = [
            c for c in chats if c.state is not None and c.state.schedule_signature != c.schedule.signature
        ]
        if not new and not changed:
            return
        async with self.database.session() as session:
            if new:
                try:  # the rows are added inside the savepoint, so a conflict undoes only them
                    async with session.begin_nested():
                        session.add_all(
                            DeliveryState(
                                chat_id=chat.chat_id,
                                last_briefing_id=0,
                                schedule_signature=chat.schedule.signature,
                                slot_watermark=max(chat.created_at, now - schedules.GRACE),
                            )
                            for chat in new
                        )
                        await session.flush()
                except IntegrityError:  # another planner created some; the next run syncs them
                    pass
            for chat in changed:
                state = await session.get(DeliveryState, chat.chat_id)
                if state is None:
                    continue
                restart = now - PLANNER_PERIOD
                state.schedule_signature = chat.schedule.signature
                state.slot_watermark = max(state.slot_watermark or restart, restart)

    async def _skip(self, chat: ChatSchedule, slots: Sequence[dt.datetime], now: dt.datetime) -> PlanReport:
        """Slots older than the grace window: recorded as skipped (their news comes with the next digest)."""
        async with self.database.session() as session:
            try:
                async with session.begin_nested():
                    session.add_all(
                        DigestRun(chat_id=chat.chat_id, slot_at=slot, status="skipped", late=True, items=0)
                        for slot in slots
                    )
                    await session.flush()
            except IntegrityError:
                return PlanReport()
            state = await session.get(DeliveryState, chat.chat_id)
            if state is not None:
                state.slot_watermark = max(state.slot_watermark or slots[-1], slots[-1])
        log.warning(
            "chat %s: %d digest slot(s) up to %s skipped, more than %s late; their news goes out with the "
            "next digest",
            chat.chat_id,
            len(slots),
            slots[-1].isoformat(),
            schedules.GRACE,
        )
        return PlanReport(skipped_slots=len(slots))

    # -- one digest -------------------------------------------------------------------------------
    async def plan_digest(
        self,
        chat_id: int,
        slot: dt.datetime,
        *,
        now: dt.datetime,
        zone: str,
        late: bool = False,
        manual: bool = False,
        watermark: dt.datetime | None = None,
    ) -> PlannedDigest:
        """Compose the chat's digest for `slot` and queue it, moving the cursor, in one transaction."""
        async with self.database.session() as session:
            run = DigestRun(
                chat_id=chat_id, slot_at=slot, status="manual" if manual else "planned", late=late
            )
            try:
                async with session.begin_nested():  # added inside, so a conflict undoes only the run
                    session.add(run)
                    await session.flush()  # first statement: on SQLite it takes the write lock
            except IntegrityError:
                return PlannedDigest(chat_id, slot, "duplicate")
            state = await _locked_state(session, chat_id)
            items, newest = await _new_items(session, chat_id, state.last_briefing_id, now - self.settle)
            digest = select_items(items, await chat_filters(session, chat_id))
            state.last_briefing_id = max(state.last_briefing_id, newest)
            state.last_planned_at = now
            if watermark is not None:
                state.slot_watermark = max(state.slot_watermark or watermark, watermark)
            if digest.empty:
                run.status = "empty"
                return PlannedDigest(chat_id, slot, "empty", late=late)
            drawn = DigestSlot(slot, zone, manual=manual, late_at=now if late else None, run_id=run.id)
            stamp = slot.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            messages = [
                OutgoingMessage(
                    key=f"digest:{chat_id}:{stamp}:{i}",
                    text=piece.text,
                    kind="digest",
                    reply_markup=piece.reply_markup,
                )
                for i, piece in enumerate(self.layout.digest(digest, drawn))
            ]
            await enqueue(session, chat_id, messages, due_at=now)
            run.items = len(digest.shown) + len(digest.more)
            run.overflow = {"articles": [item.article_id for item in digest.more]} if digest.more else None
        return PlannedDigest(chat_id, slot, "planned", len(messages), run.items, late)

    # -- instant mode -----------------------------------------------------------------------------
    async def plan_instant(self, chat_id: int, now: dt.datetime | None = None) -> PlanReport:
        """Each new briefing as its own message(s), oldest first, through the chat's filters."""
        now = now or utcnow()
        async with self.database.session() as session:
            state = await _locked_state(session, chat_id)
            newest_any = await session.scalar(select(func.max(BriefingRow.id)))
            if not newest_any or newest_any <= state.last_briefing_id:
                return PlanReport()
            items, newest = await _new_items(session, chat_id, state.last_briefing_id, now - self.settle)
            filters = await chat_filters(session, chat_id)
            wanted = select_items(items, filters, top=len(items)).shown
            messages = []
            for item in sorted(wanted, key=lambda i: i.briefing_id):
                pieces = self.layout.instant(item)
                messages.extend(
                    OutgoingMessage(
                        key=f"instant:{chat_id}:{item.article_id}:{i}", text=piece, kind="instant"
                    )
                    for i, piece in enumerate(pieces)
                )
            await enqueue(session, chat_id, messages, due_at=now)
            state.last_briefing_id = max(state.last_briefing_id, newest)
            state.last_planned_at = now
        return PlanReport(messages=len(messages), instant_items=len(wanted))

    async def plan_instant_for_feed(self, feed_id: int, now: dt.datetime | None = None) -> PlanReport:
        """The feed's instant-mode subscribers, planned right after a poll stored its news."""
        query = (
            select(Chat.chat_id)
            .join(Subscription, Subscription.chat_id == Chat.chat_id)
            .where(
                Subscription.feed_id == feed_id,
                Subscription.muted.is_(False),
                Chat.active.is_(True),
                Chat.cadence == schedules.INSTANT,
            )
            .order_by(Chat.chat_id)
        )
        async with self.database.session() as session:
            chat_ids = list(await session.scalars(query))
        report = PlanReport()
        for chat_id in chat_ids:
            report += await self.plan_instant(chat_id, now)
        return report

    # -- "+M more" ----------------------------------------------------------------------------------
    async def overflow_items(self, run_id: int, chat_id: int) -> list[DigestItem]:
        """The items behind a digest's "+M more" button (only for the chat the digest was for)."""
        async with self.database.session() as session:
            run = await session.get(DigestRun, run_id)
            if run is None or run.chat_id != chat_id or not run.overflow:
                return []
            ids = [int(i) for i in run.overflow.get("articles", [])]
            rows = await session.execute(
                _item_select().outerjoin(Feed, Feed.id == Article.feed_id).where(Article.id.in_(ids))
            )
            found = {row[1]: item_from_row(*row) for row in rows}
        return [found[i] for i in ids if i in found]


def _item_select() -> Select[Any]:
    """The columns of a DigestItem (see item_from_row): briefing, article, feed title, story."""
    return (
        select(
            BriefingRow.id,
            Article.id,
            Article.feed_id,
            Feed.title,
            BriefingRow.data,
            BriefingRow.created_at,
            ArticleStory.story_id,
        )
        .select_from(BriefingRow)
        .join(Article, Article.id == BriefingRow.article_id)
        .outerjoin(ArticleStory, ArticleStory.article_id == Article.id)
    )


async def _locked_state(session: AsyncSession, chat_id: int) -> DeliveryState:
    """The chat's delivery state, created if missing, locked (PostgreSQL) for this transaction."""
    query = select(DeliveryState).where(DeliveryState.chat_id == chat_id)
    if session.bind.dialect.name == "postgresql":
        query = query.with_for_update()
    state = await session.scalar(query)
    if state is None:
        state = DeliveryState(chat_id=chat_id, last_briefing_id=0)
        session.add(state)
        await session.flush()
    return state


async def _new_items(
    session: AsyncSession, chat_id: int, cursor: int, cutoff: dt.datetime
) -> tuple[list[DigestItem], int]:
    """Briefings after the cursor from the chat's unmuted feeds, stored after it subscribed; and the newest id."""
    subscription = and_(Subscription.feed_id == Article.feed_id, Subscription.chat_id == chat_id)
    rows = (
        await session.execute(
            _item_select()
            .join(Subscription, subscription)
            .join(Feed, Feed.id == Article.feed_id)
            .where(
                BriefingRow.id > cursor,
                Subscription.muted.is_(False),
                BriefingRow.created_at >= Subscription.created_at,
                BriefingRow.created_at <= cutoff,
            )
            .order_by(BriefingRow.id.desc())
            .limit(MAX_ITEMS)
        )
    ).all()
    items = [item_from_row(*row) for row in rows]
    return items, max((item.briefing_id for item in items), default=cursor)


async def chat_filters(session: AsyncSession, chat_id: int) -> list[KeywordFilter]:
    rows = await session.execute(
        select(ChatFilter.mode, ChatFilter.phrase)
        .where(ChatFilter.chat_id == chat_id)
        .order_by(ChatFilter.id)
    )
    return [KeywordFilter(mode, phrase) for mode, phrase in rows]


def _report_of(planned: PlannedDigest) -> PlanReport:
    if planned.status == "planned":
        return PlanReport(digests=1, messages=planned.messages, late=int(planned.late))
    if planned.status == "empty":
        return PlanReport(empty=1)
    return PlanReport()
