"""What the bot and the CLI call for delivery: plan, digest on request, keyword filters, "+M more"."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass

from bot.delivery.filters import MAX_FILTERS, FilterCommand, FilterError, KeywordFilter
from bot.delivery.layout import DeliveryLayout
from bot.delivery.planner import Planner, PlanReport, chat_filters
from bot.delivery.sender import Sender
from bot.i18n import N_
from bot.ingest.poller import FeedPollResult
from bot.settings import Settings
from bot.store import chats as chat_queries
from bot.store import filters as filter_queries
from bot.store import outbox
from bot.store.chats import ensure_chat
from bot.store.engine import Database
from bot.store.outbox import OutgoingMessage
from bot.store.tables import Feed, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DigestRequest:
    """The answer to /digest: how many messages were queued (0 means nothing new)."""

    messages: int
    items: int


class DeliveryService:
    def __init__(
        self, database: Database, settings: Settings, layout: DeliveryLayout, sender: Sender | None = None
    ) -> None:
        self.database = database
        self.settings = settings
        self.layout = layout
        self.planner = Planner(database, settings, layout)
        self.sender = sender
        self._later: set[asyncio.Task[None]] = set()

    async def plan_due(self, now: dt.datetime | None = None) -> PlanReport:
        report = await self.planner.plan_due(now or utcnow())
        if report.messages and self.sender is not None:
            self.sender.wake()
        return report

    async def news_stored(self, feed_id: int) -> None:
        """The poller stored news from a feed: its instant-mode chats get it now, not at the next minute.

        On PostgreSQL a briefing is planned once it is the planner's `settle` old, so there planning
        waits that long in the background instead of holding up the poll.
        """
        settle = self.planner.settle.total_seconds()
        if not settle:
            await self._plan_instant(feed_id)
            return
        task = asyncio.create_task(self._plan_instant(feed_id, delay=settle + 0.5))
        self._later.add(task)
        task.add_done_callback(self._later.discard)

    async def _plan_instant(self, feed_id: int, *, delay: float = 0.0) -> None:
        await asyncio.sleep(delay)
        try:
            report = await self.planner.plan_instant_for_feed(feed_id)
        except Exception:  # the planner's minute round plans these items anyway
            log.exception("planning instant deliveries for feed %s failed", feed_id)
            return
        if report.messages and self.sender is not None:
            self.sender.wake()

    async def settled(self, *, cancel: bool = False) -> None:
        """Wait for instant planning still waiting out the settle time, or cancel it (at shutdown: the
        planner's minute round after the restart plans those items)."""
        while self._later:
            if cancel:
                for task in self._later:
                    task.cancel()
            await asyncio.gather(*list(self._later), return_exceptions=True)

    async def feed_switched_off(self, result: FeedPollResult) -> int:
        """A feed was deactivated after failing too often: each subscribed chat gets one notice through the
        outbox (idempotent per feed and day). Returns how many were queued."""
        now = utcnow()
        async with self.database.session() as session:
            feed = await session.get(Feed, result.feed_id)
            if feed is None:
                return 0
            reason = feed.deactivation_reason or result.error or "unknown"
            queued = 0
            for chat_id in await chat_queries.chats_of_feed(session, feed.id):
                language = await chat_queries.locale_of_chat(session, chat_id)
                text = self.layout.feed_switched_off(feed.title or feed.url, feed.url, reason, language)
                key = f"feed-off:{feed.id}:{chat_id}:{now:%Y-%m-%d}"
                notice = OutgoingMessage(key, text, kind="notice")
                queued += await outbox.enqueue(session, chat_id, [notice], due_at=now)
        if queued and self.sender is not None:
            self.sender.wake()
        return queued

    async def chat_gone(self, chat_id: int, reason: str) -> int:
        """Telegram says the bot is out of the chat: stop sending there; returns the unsent rows dropped."""
        return await chat_queries.drop_chat(self.database, chat_id, reason, now=utcnow())

    async def chat_moved(self, old_id: int, new_id: int) -> None:
        """A group became a supergroup: its feeds, settings and queued messages follow it."""
        await chat_queries.move_chat(self.database, old_id, new_id)

    async def digest_now(self, chat_id: int) -> DigestRequest:
        """Queue the chat's digest now, whatever its schedule; the running sender delivers it."""
        report = await self.planner.plan_now([chat_id])
        if report.messages and self.sender is not None:
            self.sender.wake()
        return DigestRequest(report.messages, report.digests)

    async def more_messages(self, run_id: int, chat_id: int, topic: int | None = None) -> list[str]:
        """The "+M more" items of a digest, rendered; empty when the digest is unknown or not this chat's.
        `topic`: the forum topic the button was tapped in (a digest split by topic has more in each)."""
        items = await self.planner.overflow_items(run_id, chat_id, topic)
        if not items:
            return []
        reader = await self.planner.reader_of(chat_id)
        return self.layout.more(items, reader.language, reader.sentences, reader.zone)

    async def filters(self, chat_id: int) -> list[KeywordFilter]:
        async with self.database.session() as session:
            return await chat_filters(session, chat_id)

    async def apply_filter_command(self, chat_id: int, command: FilterCommand) -> list[KeywordFilter]:
        """Add, remove or clear filters; returns the chat's filters afterwards. Raises FilterError."""
        async with self.database.session() as session:
            pairs = [(f.mode, f.phrase) for f in command.filters]
            if command.action == "clear":
                await filter_queries.clear_filters(session, chat_id)
            elif command.action == "remove":
                await filter_queries.remove_filters(session, chat_id, pairs)
            elif command.action == "add":
                await ensure_chat(session, chat_id)
                if await filter_queries.count_filters(session, chat_id) + len(pairs) > MAX_FILTERS:
                    raise FilterError(
                        N_("A chat can have at most {n} filters; /filter clear starts over.", n=MAX_FILTERS)
                    )
                opposite = [("exclude" if mode == "include" else "include", phrase) for mode, phrase in pairs]
                # +word after -word replaces it
                await filter_queries.remove_filters(session, chat_id, opposite)
                await filter_queries.add_filters(session, chat_id, pairs)
            return await chat_filters(session, chat_id)
