"""What the hostile poll tests share: a loopback payload server, a real poller on the test database, the
feed and its seen entries as stored, and a check that no log line carries bound parameters."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import pytest
from sqlalchemy import func, select

from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import BriefingPool
from bot.ingest.poller import Poller
from bot.settings import Settings
from bot.store import Database, queries
from bot.store.tables import SeenEntry
from tests.servers.payloads import PayloadServer

PollerFactory = Callable[..., AbstractAsyncContextManager[Poller]]


@pytest.fixture(scope="module")
def payloads() -> Iterator[PayloadServer]:
    server = PayloadServer().start()
    yield server
    server.stop()


@pytest.fixture
def make_poller(database: Database, settings: Settings) -> PollerFactory:
    """`async with make_poller(feed_backfill=2) as poller:` a real poller (real fetcher, engine in threads)
    with those settings changed."""

    @asynccontextmanager
    async def make(**changes: object) -> AsyncIterator[Poller]:
        tuned = dataclasses.replace(settings, **changes)  # type: ignore[arg-type]
        pool = BriefingPool(ThreadPoolExecutor(max_workers=2))
        try:
            async with Fetcher(tuned) as fetcher:
                yield Poller(database, fetcher, pool, tuned)
        finally:
            pool.shutdown()

    return make


async def add_feed(database: Database, url: str) -> int:
    async with database.session() as session:
        feed, _ = await queries.add_feed(session, url)
    return feed.id


async def feed_record(database: Database, feed_id: int) -> queries.FeedRecord:
    async with database.session() as session:
        return next(f for f in await queries.list_feeds(session) if f.id == feed_id)


async def seen_count(database: Database, feed_id: int) -> int:
    async with database.session() as session:
        query = select(func.count(SeenEntry.id)).where(SeenEntry.feed_id == feed_id)
        return int(await session.scalar(query) or 0)


def assert_no_bound_parameters(caplog: pytest.LogCaptureFixture, *values: str) -> None:
    """No log record names a bound parameter's value, or prints SQLAlchemy's parameter list."""
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "[parameters:" not in logged
    leaked = [v for v in values if v in logged]
    assert not leaked, f"bound values in the log: {leaked[:3]}"
