"""Everything a running bot holds, built once from Settings, wired at once, and closed on shutdown.

The runtime also runs delivery in the bot's process (`start_delivery`): the planner each minute (due
digests and instant items) and a sender loop; the poller hands news to instant-mode chats as soon as it
is stored. Both loops are plain asyncio tasks rather than JobQueue jobs: planning catches up on missed
slots by itself (see bot.delivery.schedule), so it needs none of APScheduler's misfire rules.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from contextlib import AsyncExitStack
from dataclasses import dataclass, field

from telegram import Bot

from bot.briefings import BriefingService
from bot.chats import ChatService
from bot.coverage import CoverageService
from bot.delivery import DeliveryService, Sender
from bot.delivery.layout import DeliveryLayout
from bot.delivery.planner import PLANNER_PERIOD
from bot.follows import FollowService
from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import BriefingPool
from bot.ingest.poller import FeedPollResult, Poller
from bot.limits import OnDemandLimiter
from bot.metrics import Metrics
from bot.retention import Pruner
from bot.settings import Settings
from bot.store.engine import Database
from bot.store.migrate import open_migrated
from bot.stories import StoryService
from bot.subscriptions import SubscriptionService
from bot.timelines import TimelineService
from bot.upcoming import UpcomingService

log = logging.getLogger(__name__)
# Briefed once at start, so the engine worker has its models loaded before the first user asks.
WARM_UP_TEXT = (
    "The committee met in Geneva on Monday, March 2, 2020. Officials from France and Japan attended the talks. "
    "They agreed to meet again in May."
)


@dataclass
class Runtime:
    settings: Settings
    database: Database
    fetcher: Fetcher
    pool: BriefingPool
    poller: Poller
    stories: StoryService
    chats: ChatService
    subscriptions: SubscriptionService
    briefings: BriefingService
    timelines: TimelineService
    upcoming: UpcomingService
    coverage: CoverageService
    follows: FollowService
    delivery: DeliveryService
    limiter: OnDemandLimiter
    metrics: Metrics
    pruner: Pruner
    _warm_up: asyncio.Task[object] | None = field(default=None, repr=False)
    _delivery_loops: DeliveryLoops | None = field(default=None, repr=False)

    @classmethod
    async def start(
        cls, settings: Settings, *, layout: DeliveryLayout, pool_kind: str = "process"
    ) -> Runtime:
        """Open the store (migrated), the HTTP client and the engine's worker pool, and wire the services:
        the poller places new articles in stories, hands news to instant chats and reports switched-off
        feeds to their subscribers. `layout` lays out what delivery sends (bot.telegram.render.LAYOUT)."""
        database = await open_migrated(settings.database_url, in_subprocess=True)
        pruner = Pruner(database, settings)
        await pruner.prepare()
        fetcher = Fetcher(settings)
        pool = BriefingPool.create(settings, kind=pool_kind)  # type: ignore[arg-type]
        stories = StoryService(database)
        metrics = Metrics()
        delivery = DeliveryService(database, settings, layout)

        async def news_stored(result: FeedPollResult) -> None:
            await delivery.news_stored(result.feed_id)

        poller = Poller(
            database,
            fetcher,
            pool,
            settings,
            assign_story=stories.assign,
            on_deactivated=delivery.feed_switched_off,
            on_new_articles=news_stored,
            metrics=metrics,
        )
        runtime = cls(
            settings=settings,
            database=database,
            fetcher=fetcher,
            pool=pool,
            poller=poller,
            stories=stories,
            chats=ChatService(database, settings),
            subscriptions=SubscriptionService(
                database, fetcher, on_new_feed=lambda: poller.poll_once(due_only=True)
            ),
            briefings=BriefingService(
                database, fetcher, pool, stories=stories, sentences=settings.briefed_sentences
            ),
            timelines=TimelineService(database, stories),
            upcoming=UpcomingService(database, settings),
            coverage=CoverageService(database),
            follows=FollowService(database),
            delivery=delivery,
            limiter=OnDemandLimiter(settings.on_demand_per_minute),
            metrics=metrics,
            pruner=pruner,
        )
        return runtime

    def warm_up(self) -> None:
        """Load the engine's models in its worker now, so the first user does not wait for them.

        Called once Telegram answers: until then the pool has no worker process, and Ctrl-C during
        start-up retries stops at once instead of waiting for a worker to finish loading spaCy.
        """
        if self._warm_up is None:
            self._warm_up = asyncio.ensure_future(
                self.pool.brief_article(None, url=None, fallback_text=WARM_UP_TEXT)
            )

    async def start_delivery(self, bot: Bot) -> None:
        """Start the planner and the sender in this process, the sender sending through `bot` (a Bot of its
        own, see bot.telegram.connection.build_sender_bot); `stop_delivery` ends them."""
        if self._delivery_loops is not None:
            return
        await bot.initialize()
        sender = Sender(
            self.database,
            bot,
            layout=self.delivery.layout,
            rate_per_second=self.settings.send_rate_per_second,
            metrics=self.metrics,
            paid_broadcast=self.settings.telegram_paid_broadcast,
        )
        self.delivery.sender = sender
        stop = asyncio.Event()
        self._delivery_loops = DeliveryLoops(
            stop,
            asyncio.create_task(_plan_every_minute(self.delivery, stop), name="delivery planner"),
            asyncio.create_task(sender.run(stop), name="delivery sender"),
            bot,
        )

    @property
    def delivery_running(self) -> bool:
        """Both delivery loops (planner and sender) are running in this process."""
        loops = self._delivery_loops
        return loops is not None and not loops.planner.done() and not loops.sender.done()

    async def stop_delivery(self) -> None:
        """Stop planning, let messages in flight finish and be recorded, and close the sender's connections."""
        loops, self._delivery_loops = self._delivery_loops, None
        if loops is None:
            return
        loops.stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(loops.planner, loops.sender, return_exceptions=True)
        await self.delivery.settled(cancel=True)
        self.delivery.sender = None
        await loops.bot.shutdown()

    async def close(self) -> None:
        await self.stop_delivery()
        if self._warm_up is not None:
            self._warm_up.cancel()
            with contextlib.suppress(BaseException):
                await self._warm_up
        async with AsyncExitStack() as stack:
            stack.push_async_callback(self.database.close)
            stack.push_async_callback(self.fetcher.aclose)
            stack.callback(self.pool.shutdown)
            stack.push_async_callback(self.subscriptions.aclose)


@dataclass(frozen=True, slots=True)
class DeliveryLoops:
    """The running planner and sender tasks, the event that stops them, and the sender's own Bot."""

    stop: asyncio.Event
    planner: asyncio.Task[None]
    sender: asyncio.Task[None]
    bot: Bot


async def _plan_every_minute(service: DeliveryService, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            report = await service.plan_due()
            if report.messages or report.skipped_slots:
                log.info(
                    "planned %d digest(s), %d instant item(s), %d message(s); %d late, %d slot(s) skipped",
                    report.digests,
                    report.instant_items,
                    report.messages,
                    report.late,
                    report.skipped_slots,
                )
        except Exception:
            log.exception("planning deliveries failed; trying again in a minute")
        period = PLANNER_PERIOD.total_seconds()
        now = dt.datetime.now(dt.UTC).timestamp()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), period - now % period + 1)
