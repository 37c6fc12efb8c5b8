"""Pages briefed off an inline query's clock.

Telegram drops an inline query not answered within about 10 seconds, and its app sends the query again
as the user types. So a page that is not in the store yet is briefed in a task of its own (one per page,
whoever asked, through /summary's own fetch path: the same SSRF guard and size limits), the query is
answered at once, and a later query finds the briefing in the store, or the reason it failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from bot.briefings import BriefedArticle, BriefingService
from bot.ingest.urls import normalise_url
from bot.redact import mask_urls

log = logging.getLogger(__name__)
FAILURE_SECONDS = 600.0  # how long a page's failure is told instead of fetching it again
MAX_FAILURES = 1_000  # failures remembered at once; the oldest are forgotten first


class BackgroundBriefings:
    def __init__(
        self,
        briefings: BriefingService,
        *,
        budget: asyncio.Semaphore | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.briefings = briefings
        self.budget = budget  # shared with the other long-running jobs (bot.telegram.fair_use)
        self.clock = clock
        self._tasks: dict[str, asyncio.Task[BriefedArticle]] = {}
        self._askers: dict[str, set[int]] = {}
        self._latest: dict[int, str] = {}  # each user's last page asked for
        self._failures: dict[str, tuple[float, BaseException]] = {}

    def pending(self, url: str) -> asyncio.Task[BriefedArticle] | None:
        return self._tasks.get(normalise_url(url))

    def failure(self, url: str) -> BaseException | None:
        """Why the page could not be briefed a moment ago (a FetchError, a BriefingError...), or None."""
        key = normalise_url(url)
        found = self._failures.get(key)
        if found is None:
            return None
        if self.clock() - found[0] > FAILURE_SECONDS:
            del self._failures[key]
            return None
        return found[1]

    def start(self, url: str, user_id: int) -> asyncio.Task[BriefedArticle]:
        """The task briefing the page, started unless one is running already. A user's earlier page that
        only they were waiting for is given up: typing a link sends a query for every part of it."""
        key = normalise_url(url)
        previous = self._latest.get(user_id)
        self._latest[user_id] = key
        if previous is not None and previous != key:
            self._give_up(previous, user_id)
        self._askers.setdefault(key, set()).add(user_id)
        task = self._tasks.get(key)
        if task is None:
            task = asyncio.create_task(self._brief(key, url), name=f"inline briefing of {mask_urls(url)}")
            task.add_done_callback(self._finished)
            self._tasks[key] = task
        return task

    async def close(self) -> None:
        """Cancel what is still running (the bot is stopping)."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(BaseException):
                await task

    def _give_up(self, key: str, user_id: int) -> None:
        askers = self._askers.get(key, set())
        askers.discard(user_id)
        task = self._tasks.get(key)
        if not askers and task is not None and not task.done():
            task.cancel()

    async def _brief(self, key: str, url: str) -> BriefedArticle:
        try:
            async with self.budget or contextlib.nullcontext():
                return await self.briefings.for_url(url)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.info("inline briefing of %s failed: %r", mask_urls(url), error)
            self._remember_failure(key, error)
            raise
        finally:
            self._tasks.pop(key, None)
            for user in self._askers.pop(key, set()):
                if self._latest.get(user) == key:
                    del self._latest[user]

    def _remember_failure(self, key: str, error: BaseException) -> None:
        self._failures[key] = (self.clock(), error)
        while len(self._failures) > MAX_FAILURES:
            del self._failures[next(iter(self._failures))]

    @staticmethod
    def _finished(task: asyncio.Task[BriefedArticle]) -> None:
        if not task.cancelled():
            task.exception()  # retrieved: its failure is told to the next query, not logged as lost
