"""Forgetting seen entries never brings an old item back: a real poll of a loopback feed after pruning
(both databases), and the rules behind it (the feed's floor, the last day of an event)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import BriefingPool
from bot.ingest.poller import Poller
from bot.retention import Pruner
from bot.settings import Settings
from bot.store import Database, queries
from bot.store.event_dates import events_until
from bot.store.tables import Article, Feed, SeenEntry
from tests.servers.web import FixtureSite

LATER = dt.timedelta(days=100)  # past every default cutoff (seen entries 30 days, articles 90)


@pytest.fixture
async def poller(database: Database, settings: Settings) -> AsyncIterator[Poller]:
    pool = BriefingPool(ThreadPoolExecutor(max_workers=2))
    async with Fetcher(settings) as fetcher:
        yield Poller(database, fetcher, pool, settings)
    pool.shutdown()


async def _seen(database: Database) -> set[str]:
    async with database.session() as session:
        return set(await session.scalars(select(SeenEntry.entry_key)))


async def test_retention_a_forgotten_seen_entry_never_redelivers_an_item_still_in_the_feed(
    poller: Poller, database: Database, settings: Settings, web_server: str, web_site: FixtureSite
) -> None:
    async with database.session() as session:
        await queries.add_feed(session, f"{web_server}/generated/sliding.rss")
    for version in (0, 1, 2):  # entry 0, then 0-1, then 1-2: entry 0 has left the feed, entry 1 has not
        web_site.changing_version = version
        await poller.poll_once()
    async with database.session() as session:
        assert len(list(await session.scalars(select(Article.id)))) == 3
    assert len(await _seen(database)) == 3

    # 100 days on, every row is past its cutoff: the seen entries and articles of entries 0 and 1 go
    # (entry 2's article holds the newest id), except entry 1's seen entry, which the feed still shows
    outcome = await Pruner(database, settings).prune(now=poller.clock.now() + LATER)
    assert outcome.report.counts["seen_entries"] == 1 and outcome.report.counts["articles"] == 2
    remaining = await _seen(database)
    assert len(remaining) == 2

    pages_before = web_site.hits_under("/pages/")
    report = await poller.poll_once()  # the same document: entries 1 and 2
    assert [r.status for r in report.results] == ["updated"]
    assert report.new_articles == 0
    assert web_site.hits_under("/pages/") == pages_before  # not even fetched again
    assert await _seen(database) == remaining


async def test_retention_a_feed_no_poll_has_floored_keeps_all_its_seen_entries(
    database: Database, settings: Settings
) -> None:
    now = dt.datetime.now(dt.UTC)
    async with database.session() as session:
        session.add(Feed(url="https://old.example/feed"))
        await session.flush()
        feed_id = await session.scalar(select(Feed.id))
        session.add(SeenEntry(feed_id=feed_id, entry_key="k", seen_at=now - LATER))
    outcome = await Pruner(database, settings).prune(now=now)
    assert outcome.report.counts["seen_entries"] == 0 and await _seen(database) == {"k"}


def test_retention_events_until_reaches_the_last_day_of_each_day_or_month_event() -> None:
    def until(*events: dict[str, str | None]) -> dt.date | None:
        return events_until({"events": list(events)})

    assert until({"date": "2028-02", "end": None, "granularity": "month"}) == dt.date(2028, 2, 29)
    assert until({"date": "2026-09-02", "end": "2026-09-05", "granularity": "day"}) == dt.date(2026, 9, 5)
    assert until(
        {"date": "2020-01-01", "granularity": "day"}, {"date": "2021-06", "granularity": "month"}
    ) == (dt.date(2021, 6, 30))
    assert until({"date": "2027", "end": None, "granularity": "year"}) is None  # too coarse to be coming
    assert until() is None and events_until(None) is None
    assert until({"date": "2020-13"}) is None  # not a date the engine writes: no event day


async def test_retention_migration_fills_events_until_of_stored_briefings(db_url: str) -> None:
    from sqlalchemy import text

    from bot.store import open_database, upgrade_database

    database = open_database(db_url)
    try:
        await upgrade_database(database, "0009")
        async with database.session() as session:
            await session.execute(text("INSERT INTO articles (id, content_hash, text, fetched_at) VALUES (1, 'h', '', :t)"),
                                  {"t": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)})  # fmt: skip
            await session.execute(
                text(
                    "INSERT INTO briefings (article_id, data, method, created_at) VALUES (1, :d, 'default', :t)"
                ),
                {
                    "d": '{"events": [{"date": "2031-05", "end": null}]}',
                    "t": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                },
            )
        await upgrade_database(database)
        async with database.session() as session:
            value = await session.scalar(text("SELECT events_until FROM briefings"))
    finally:
        await database.close()
    assert str(value) == "2031-05-31"
