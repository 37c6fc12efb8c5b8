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

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import alerts, previews, topics
from bot.delivery import schedule as schedules
from bot.delivery.coming_up import upcoming_of_chat, window_end
from bot.delivery.digest import TOP_ITEMS, Digest, DigestItem, item_from_row, select_items
from bot.delivery.filters import KeywordFilter
from bot.delivery.layout import DeliveryLayout, DigestSlot, Reader
from bot.delivery.reminders import ReminderPlanner
from bot.delivery.story_news import EarlierReports, story_notes, with_story_news, with_story_notes
from bot.settings import Settings
from bot.store import chats as chat_queries
from bot.store import delivery as queries
from bot.store import filters as filter_queries
from bot.store import topics as topic_queries
from bot.store.delivery import DeliveryStateView
from bot.store.delivery_tables import DigestRun
from bot.store.engine import Database
from bot.store.outbox import OutgoingMessage, enqueue
from bot.store.tables import utcnow

log = logging.getLogger(__name__)
PLANNER_PERIOD = dt.timedelta(minutes=1)
MAX_ITEMS = 200  # newest briefings considered for one digest; older ones are passed over
COMING_UP_ITEMS = 8  # events a digest's "Coming up" section lists


@dataclass(frozen=True, slots=True)
class ChatSchedule:
    chat_id: int
    schedule: schedules.Schedule
    created_at: dt.datetime
    state: DeliveryStateView | None


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
    reminders: int = 0  # reminder messages queued (bot.delivery.reminders)
    alerts: int = 0  # follow alerts queued at once (those queued with a digest count in its messages)

    def __add__(self, other: PlanReport) -> PlanReport:
        return PlanReport(*(a + b for a, b in zip(self._values(), other._values(), strict=True)))

    def _values(self) -> tuple[int, ...]:
        return (
            self.digests,
            self.empty,
            self.messages,
            self.instant_items,
            self.late,
            self.skipped_slots,
            self.reminders,
            self.alerts,
        )


class Planner:
    def __init__(self, database: Database, settings: Settings, layout: DeliveryLayout) -> None:
        self.database = database
        self.settings = settings
        self.layout = layout
        self.settle = database.settle_time  # briefings younger than this may still gain a smaller id
        self.reminders = ReminderPlanner(database, settings, layout)
        self.earlier = EarlierReports()  # what chats were told, read once a round (delivery.story_news)

    # -- what is due ------------------------------------------------------------------------------
    async def plan_due(self, now: dt.datetime | None = None) -> PlanReport:
        """Plan every scheduled digest whose slot has come, every new item for instant chats, and the
        follow alerts of the news stored since the last run."""
        now = now or utcnow()
        self.earlier = EarlierReports()
        report = await self.plan_alerts(now)
        chats = await self._schedules()
        await self._sync_states(chats, now)
        chats = await self._schedules()
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
        reminders = await self.reminders.plan_due(now)
        return report + PlanReport(messages=reminders, reminders=reminders)

    async def plan_now(
        self, chat_ids: Sequence[int] | None = None, now: dt.datetime | None = None
    ) -> PlanReport:
        """Digests on request (/digest, `briefbot digest send`): every chat with news (or the given ones)."""
        exact = now or utcnow()
        now = exact.replace(microsecond=0)  # the slot's name; briefings are read up to the exact instant
        report = await self.plan_alerts(exact)  # the digests name every report matched by now
        chats = await self._schedules(include_off=chat_ids is not None)
        await self._sync_states(chats, now)
        wanted = set(chat_ids) if chat_ids is not None else None
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
        async with self.database.session() as session:
            rows = await queries.scheduled_chats(session, skip_cadence=None if include_off else schedules.OFF)
        return [
            ChatSchedule(
                row.chat_id,
                schedules.Schedule.parse(
                    row.digest_times or self.settings.digest_time,
                    row.timezone or self.settings.default_timezone,
                    row.cadence or schedules.DAILY,
                ),
                row.created_at,
                row.state,
            )
            for row in rows
        ]

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
            if new:  # False when another planner created some: the next run syncs them
                await queries.create_states(
                    session,
                    (
                        (chat.chat_id, chat.schedule.signature, max(chat.created_at, now - schedules.GRACE))
                        for chat in new
                    ),
                )
            for chat in changed:
                state = await queries.delivery_state(session, chat.chat_id)
                if state is None:
                    continue
                restart = now - PLANNER_PERIOD
                state.schedule_signature = chat.schedule.signature
                state.slot_watermark = max(state.slot_watermark or restart, restart)

    async def _skip(self, chat: ChatSchedule, slots: Sequence[dt.datetime], now: dt.datetime) -> PlanReport:
        """Slots older than the grace window: recorded as skipped (their news comes with the next digest)."""
        async with self.database.session() as session:
            runs = [
                DigestRun(chat_id=chat.chat_id, slot_at=slot, status="skipped", late=True, items=0)
                for slot in slots
            ]
            if not await queries.add_runs(session, runs):
                return PlanReport()
            state = await queries.delivery_state(session, chat.chat_id)
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
            if not await queries.add_runs(session, [run]):
                return PlannedDigest(chat_id, slot, "duplicate")
            state = await queries.locked_state(session, chat_id)
            items, newest = await _new_items(session, chat_id, state.last_briefing_id, now - self.settle)
            reader = await _reader(
                session, chat_id, self.settings.summary_sentences, self.settings.default_timezone
            )
            everything = await self._chat_news(session, chat_id, items, reader)
            routes = await topic_queries.topic_routes(session, chat_id)
            digests = {  # ranked once for the whole chat, then split by topic: each its own top and more
                topic: Digest(tuple(group[:TOP_ITEMS]), tuple(group[TOP_ITEMS:]))
                for topic, group in topics.by_topic(everything.shown, routes, _feed_of).items()
            }
            state.last_briefing_id = max(state.last_briefing_id, newest)
            state.last_planned_at = now
            if watermark is not None:
                state.slot_watermark = max(state.slot_watermark or watermark, watermark)
            alerted = await alerts.queue_pending(session, chat_id, self.layout, reader.language, now)
            if not digests:
                run.status = "empty"
                return PlannedDigest(chat_id, slot, "empty", alerted, late=late)
            today = slot.astimezone(ZoneInfo(zone)).date()
            coming = await upcoming_of_chat(
                session, chat_id, today, until=window_end(today), limit=COMING_UP_ITEMS
            )
            first = next(iter(digests))  # the digest's own topic when it has items: the chat's coming dates
            digests[first] = dataclasses.replace(digests[first], coming_up=tuple(coming))
            drawn = DigestSlot(
                slot,
                zone,
                manual=manual,
                late_at=now if late else None,
                run_id=run.id,
                language=reader.language,
                sentences=reader.sentences,
            )
            stamp = slot.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
            messages = []
            for topic, digest in digests.items():
                preview = await _digest_preview(session, chat_id, digest)
                part = "" if topic == routes.digest else f"t{topic}:"  # the digest's own topic keeps old keys
                messages.extend(
                    OutgoingMessage(
                        key=f"digest:{chat_id}:{stamp}:{part}{i}",
                        text=piece.text,
                        kind="digest",
                        reply_markup=piece.reply_markup,
                        link_preview=preview if i == 0 else None,
                        message_thread_id=topic,
                    )
                    for i, piece in enumerate(self.layout.digest(digest, drawn))
                )
            await enqueue(session, chat_id, messages, due_at=now)
            run.items = sum(len(d.shown) + len(d.more) for d in digests.values())
            run.overflow = _overflow(digests)
        return PlannedDigest(chat_id, slot, "planned", len(messages) + alerted, run.items, late)

    async def _chat_news(
        self, session: AsyncSession, chat_id: int, items: Sequence[DigestItem], reader: Reader
    ) -> Digest:
        """Every item that passes the chat's filters, ranked, all shown, with updates in place of stories
        the chat was told about (bot.delivery.story_news), for the caller to split or send one by one."""
        chosen = select_items(items, await chat_filters(session, chat_id), top=len(items))
        return await with_story_news(
            session, chat_id, chosen, top=len(items), sentences=reader.sentences or 3, earlier=self.earlier
        )

    # -- instant mode -----------------------------------------------------------------------------
    async def plan_instant(self, chat_id: int, now: dt.datetime | None = None) -> PlanReport:
        """Each new briefing as its own message(s), oldest first, through the chat's filters."""
        now = now or utcnow()
        async with self.database.session() as session:
            state = await queries.locked_state(session, chat_id)
            newest_any = await queries.newest_briefing_id(session)
            if not newest_any or newest_any <= state.last_briefing_id:
                return PlanReport()
            items, newest = await _new_items(session, chat_id, state.last_briefing_id, now - self.settle)
            reader = await _reader(
                session, chat_id, self.settings.summary_sentences, self.settings.default_timezone
            )
            wanted = (await self._chat_news(session, chat_id, items, reader)).shown
            messages = []
            chat_mode, feed_modes = await chat_queries.preview_modes(session, chat_id)
            routes = await topic_queries.topic_routes(session, chat_id)
            for item in sorted(wanted, key=lambda i: i.briefing_id):
                if item.update is not None:  # a story the chat has: what is new, with its buttons
                    laid_out = self.layout.story_update(item, reader.language, reader.zone)
                    messages.extend(
                        OutgoingMessage(
                            key=f"instant:{chat_id}:{item.article_id}:{i}",
                            text=piece.text,
                            kind="instant",
                            reply_markup=piece.reply_markup,
                            message_thread_id=routes.thread_of(item.feed_id),
                        )
                        for i, piece in enumerate(laid_out)
                    )
                    continue
                pieces = self.layout.instant(item, reader.language, reader.sentences)
                mode = previews.effective_mode(chat_mode, feed_modes.get(item.feed_id or 0))
                preview = previews.preview_options(item.briefing.url, mode, sent_together=len(wanted))
                messages.extend(
                    OutgoingMessage(
                        key=f"instant:{chat_id}:{item.article_id}:{i}",
                        text=piece,
                        kind="instant",
                        link_preview=preview if i == 0 else None,
                        message_thread_id=routes.thread_of(item.feed_id),
                    )
                    for i, piece in enumerate(pieces)
                )
            await enqueue(session, chat_id, messages, due_at=now)
            state.last_briefing_id = max(state.last_briefing_id, newest)
            state.last_planned_at = now
        return PlanReport(messages=len(messages), instant_items=len(wanted))

    async def plan_instant_for_feed(self, feed_id: int, now: dt.datetime | None = None) -> PlanReport:
        """The feed's instant-mode subscribers, planned right after a poll stored its news."""
        async with self.database.session() as session:
            chat_ids = await queries.subscribers_with_cadence(session, feed_id, schedules.INSTANT)
        report = PlanReport()
        for chat_id in chat_ids:
            report += await self.plan_instant(chat_id, now)
        return report + await self.plan_alerts(now)

    # -- follow alerts -----------------------------------------------------------------------------
    async def plan_alerts(self, now: dt.datetime | None = None) -> PlanReport:
        """Match the news stored since the last run against the follows; chats alerted at once (instant
        cadence, or no digests) get their alerts queued now, the others with their next digest. A queued
        alert that a later report joined is edited to name it."""
        now = now or utcnow()
        matched = await alerts.match_new(self.database, now - self.settle)
        edits = alerted = 0
        if matched.updated:
            async with self.database.session() as session:
                edits = await alerts.queue_updates(session, matched.updated, self.layout, now)
        if matched.chats:
            async with self.database.session() as session:
                at_once = await alerts.chats_alerted_at_once(session, matched.chats)
            for chat_id in at_once:
                async with self.database.session() as session:
                    language = await chat_queries.locale_of_chat(session, chat_id)
                    alerted += await alerts.queue_pending(session, chat_id, self.layout, language, now)
        return PlanReport(messages=edits + alerted, alerts=alerted)

    # -- "+M more" ----------------------------------------------------------------------------------
    async def reader_of(self, chat_id: int) -> Reader:
        """The chat's locale, summary length and time zone, as the layout takes them."""
        async with self.database.session() as session:
            return await _reader(
                session, chat_id, self.settings.summary_sentences, self.settings.default_timezone
            )

    async def overflow_items(self, run_id: int, chat_id: int, topic: int | None = None) -> list[DigestItem]:
        """The items behind a digest's "+M more" button (only for the chat the digest was for); a digest
        split by topic gives the button in each topic that topic's own (`topic`: where it was tapped)."""
        async with self.database.session() as session:
            run = await queries.digest_run(session, run_id)
            if run is None or run.chat_id != chat_id or not run.overflow:
                return []
            by_topic = run.overflow.get("topics") or {}
            # a digest message moved to General because its topic was closed shows them all
            chosen = by_topic.get(str(topic)) or run.overflow.get("articles", [])
            ids = [int(i) for i in chosen]
            items = [item_from_row(row) for row in await queries.briefings_of_articles(session, ids)]
            return with_story_notes(items, run.overflow.get("stories") or {})


async def _new_items(
    session: AsyncSession, chat_id: int, cursor: int, cutoff: dt.datetime
) -> tuple[list[DigestItem], int]:
    """Briefings after the cursor from the chat's unmuted feeds, stored after it subscribed; and the newest id."""
    stored = await queries.new_briefings(session, chat_id, cursor, cutoff, MAX_ITEMS)
    items = [item_from_row(row) for row in stored]
    return items, max((item.briefing_id for item in items), default=cursor)


def _feed_of(item: DigestItem) -> int | None:
    return item.feed_id


def _overflow(digests: dict[int | None, Digest]) -> dict[str, Any] | None:
    """What a digest run keeps for its "+M more" buttons: every item behind them with the updates and
    coverage worked out for them (story_news.story_notes), and, for a digest split by topic, those of each
    topic ({"None" or thread id: article ids})."""
    more = {str(topic): [item.article_id for item in d.more] for topic, d in digests.items() if d.more}
    if not more:
        return None
    overflow: dict[str, Any] = {
        "articles": [a for ids in more.values() for a in ids],
        "stories": story_notes([item for d in digests.values() for item in d.more]),
    }
    if len(digests) > 1:
        overflow["topics"] = more
    return overflow


async def _digest_preview(session: AsyncSession, chat_id: int, digest: Digest) -> dict[str, Any] | None:
    """A digest of one item previews it as the chat (or that feed) chose; one of several never does."""
    if len(digest.shown) + len(digest.more) != 1:
        return None
    (item,) = digest.shown
    chat_mode, feed_modes = await chat_queries.preview_modes(session, chat_id)
    mode = previews.effective_mode(chat_mode, feed_modes.get(item.feed_id or 0))
    return previews.preview_options(item.briefing.url, mode, sent_together=1)


async def chat_filters(session: AsyncSession, chat_id: int) -> list[KeywordFilter]:
    return [
        KeywordFilter(mode, phrase) for mode, phrase in await filter_queries.chat_filters(session, chat_id)
    ]


def _report_of(planned: PlannedDigest) -> PlanReport:
    if planned.status == "planned":
        return PlanReport(digests=1, messages=planned.messages, late=int(planned.late))
    if planned.status == "empty":
        return PlanReport(empty=1, messages=planned.messages)
    return PlanReport()


async def _reader(
    session: AsyncSession, chat_id: int, default_sentences: int, default_zone: str | None = None
) -> Reader:
    """The chat's locale (bot.i18n.chat_locale), summary length (the operator's SUMMARY_SENTENCES when it
    chose none) and time zone: its messages are laid out in that language, with that many summary
    sentences, times in that zone."""
    record = await chat_queries.get_chat(session, chat_id)
    language = await chat_queries.locale_of_chat(session, chat_id)
    sentences = (record.summary_length if record else None) or default_sentences
    return Reader(language, sentences, (record.timezone if record else None) or default_zone)
