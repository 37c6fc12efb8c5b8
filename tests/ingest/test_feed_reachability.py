"""Feed sites lost and regained: the poller says so once each way, and the feeds are polled again after."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import BriefingPool
from bot.ingest.poller import Poller
from bot.ingest.reachability import FeedOutcome, FeedSitesWatch
from bot.settings import Settings
from bot.store import Database, queries


@pytest.fixture
async def poller(database: Database, settings: Settings) -> AsyncIterator[Poller]:
    pool = BriefingPool(ThreadPoolExecutor(max_workers=1))
    async with Fetcher(settings) as fetcher:
        yield Poller(database, fetcher, pool, settings)
    pool.shutdown()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _messages(caplog: pytest.LogCaptureFixture, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if text in r.getMessage()]


async def test_a_cycle_that_reaches_no_feed_is_logged_once_and_the_return_once(
    poller: Poller, database: Database, web_server: str, caplog: pytest.LogCaptureFixture
):
    port = _closed_port()
    async with database.session() as session:
        for name in ("one", "two"):
            await queries.add_feed(session, f"http://127.0.0.1:{port}/{name}.rss")
    caplog.set_level(logging.WARNING, logger="bot.ingest.reachability")
    first = await poller.poll_once()
    second = await poller.poll_once()
    assert first.count("failed") == second.count("failed") == 2
    assert all(r.unreachable for r in first.results)
    assert len(_messages(caplog, "feeds unreachable: none of 2 feeds")) == 1

    async with database.session() as session:
        await queries.add_feed(session, f"{web_server}/generated/local.rss")
    back = await poller.poll_once()
    assert back.count("updated") == 1 and back.new_articles > 0
    assert len(_messages(caplog, "feeds reachable again")) == 1


def test_one_unreachable_feed_or_a_mix_says_nothing_about_the_network(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.WARNING, logger="bot.ingest.reachability")
    watch = FeedSitesWatch()
    watch.observe([FeedOutcome(ok=False, unreachable=True, error="refused")])
    watch.observe([FeedOutcome(ok=False, unreachable=True), FeedOutcome(ok=False, unreachable=False)])
    watch.observe([FeedOutcome(ok=False, unreachable=True), FeedOutcome(ok=True, unreachable=False)])
    assert watch.lost_since is None and caplog.records == []
