"""Everything a running bot holds, built once from Settings and closed on shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import functools
from contextlib import AsyncExitStack
from dataclasses import dataclass, field

from bot.briefings import BriefingService
from bot.chats import ChatService
from bot.feed_notices import notify_deactivated
from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import BriefingPool
from bot.ingest.poller import Poller
from bot.metrics import Metrics
from bot.settings import Settings
from bot.store.engine import Database
from bot.store.migrate import open_migrated
from bot.stories import StoryService
from bot.subscriptions import SubscriptionService
from bot.telegram.throttle import OnDemandLimiter
from bot.timelines import TimelineService

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
    chats: ChatService
    subscriptions: SubscriptionService
    briefings: BriefingService
    timelines: TimelineService
    limiter: OnDemandLimiter
    metrics: Metrics
    _warm_up: asyncio.Task[object] | None = field(default=None, repr=False)

    @classmethod
    async def start(cls, settings: Settings, *, pool_kind: str = "process") -> Runtime:
        """Open the store (migrated), the HTTP client and the engine's worker pool."""
        database = await open_migrated(settings.database_url)
        fetcher = Fetcher(settings)
        pool = BriefingPool.create(settings, kind=pool_kind)  # type: ignore[arg-type]
        stories = StoryService(database)
        metrics = Metrics()
        poller = Poller(
            database,
            fetcher,
            pool,
            settings,
            stories=stories,
            on_deactivated=functools.partial(notify_deactivated, database),
            metrics=metrics,
        )
        runtime = cls(
            settings=settings,
            database=database,
            fetcher=fetcher,
            pool=pool,
            poller=poller,
            chats=ChatService(database, settings),
            subscriptions=SubscriptionService(
                database, fetcher, on_new_feed=lambda: poller.poll_once(due_only=True)
            ),
            briefings=BriefingService(database, fetcher, pool, stories=stories),
            timelines=TimelineService(database),
            limiter=OnDemandLimiter(settings.on_demand_per_minute),
            metrics=metrics,
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

    async def close(self) -> None:
        if self._warm_up is not None:
            self._warm_up.cancel()
            with contextlib.suppress(BaseException):
                await self._warm_up
        async with AsyncExitStack() as stack:
            stack.push_async_callback(self.database.close)
            stack.push_async_callback(self.fetcher.aclose)
            stack.callback(self.pool.shutdown)
            stack.push_async_callback(self.subscriptions.aclose)
