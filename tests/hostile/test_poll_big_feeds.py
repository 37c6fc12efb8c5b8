"""Feeds with more entries than one statement can write: the real poller against a loopback server, on
SQLite and PostgreSQL. Before, the skipped entries went into one INSERT, past both databases' limits on
bound parameters, and every poll failed without being counted."""

from __future__ import annotations

import datetime as dt
import logging
import random

import pytest

from bot.settings import Settings
from bot.store import Database, queries
from tests.hostile.poll_fixtures import (
    PollerFactory,
    add_feed,
    assert_no_bound_parameters,
    feed_record,
    make_poller,
    payloads,
    seen_count,
)
from tests.servers.payloads import PayloadServer, rss, rss_items, title_only_items

__all__ = ["make_poller", "payloads"]  # fixtures

# Past both limits with four columns a row: SQLite's 32,766 parameters (8,191 rows) and asyncpg's 32,767.
PAST_THE_LIMIT = 10_000


async def _poll_big_feed(
    database: Database, make_poller: PollerFactory, payloads: PayloadServer, entries: int
) -> None:
    url = payloads.put(f"/big-{entries}.rss", rss(title_only_items(entries)), "application/rss+xml")
    feed_id = await add_feed(database, url)
    async with make_poller(feed_backfill=2, feed_max_entries=entries) as poller:
        report = await poller.poll_once()
    (result,) = report.results
    assert (result.status, result.error, result.internal_error) == ("updated", None, False)
    assert result.new_articles == 2 and result.entries_ignored == 0
    feed = await feed_record(database, feed_id)
    assert feed.consecutive_failures == 0 and feed.last_error is None
    assert await seen_count(database, feed_id) == entries  # 2 stored, the rest remembered as skipped


async def test_feed_past_the_bind_parameter_limit_is_polled_and_every_entry_remembered(
    database: Database,
    make_poller: PollerFactory,
    payloads: PayloadServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    await _poll_big_feed(database, make_poller, payloads, PAST_THE_LIMIT)
    assert not [r.getMessage()[:300] for r in caplog.records if r.levelno >= logging.ERROR]
    assert_no_bound_parameters(caplog, "9999")


@pytest.mark.slow
async def test_feed_of_100000_entries_is_polled_and_every_entry_remembered(
    database: Database, make_poller: PollerFactory, payloads: PayloadServer
) -> None:
    """The red team's feed: 100,000 entries in 3.3 MB."""
    await _poll_big_feed(database, make_poller, payloads, 100_000)


async def test_only_the_newest_entries_are_read_and_the_poll_says_so(
    database: Database,
    settings: Settings,
    make_poller: PollerFactory,
    payloads: PayloadServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cap = settings.feed_max_entries
    assert cap == 1000  # the default in config/defaults.toml
    items = rss_items(3 * cap, start=dt.datetime(2024, 1, 1))
    random.Random(7).shuffle(items)  # newest first by date, whatever the feed's order
    url = payloads.put("/capped.rss", rss(items), "application/rss+xml")
    feed_id = await add_feed(database, url)
    caplog.set_level(logging.INFO)
    async with make_poller(feed_backfill=3) as poller:
        report = await poller.poll_once()
        (result,) = report.results
        assert (result.status, result.entries_ignored, result.new_articles) == ("updated", 2 * cap, 3)
        assert "listed more entries than FEED_MAX_ENTRIES" in report.summary()
        assert f"lists {3 * cap} entries; only the newest {cap} are read" in caplog.text
        assert await seen_count(database, feed_id) == cap
        async with database.session() as session:
            stored = await queries.latest_articles(session, limit=10)
        assert sorted(a.title or "" for a in stored) == [f"entry {n}" for n in range(2997, 3000)]

        again = await poller.poll_once()
    assert (again.results[0].status, again.new_articles) == ("updated", 0)
    assert await seen_count(database, feed_id) == cap
