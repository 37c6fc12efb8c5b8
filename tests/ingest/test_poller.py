"""The poll cycle end to end: local server -> fetcher -> feeds -> pages -> engine -> store (both databases)."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import BriefingPool, brief_article, choose_anchor
from bot.ingest.poller import (
    DUE_CHECK_SECONDS,
    JOB_ID,
    Poller,
    feed_slot,
    next_poll_time,
    retry_time,
    schedule_polling,
)
from bot.settings import Settings
from bot.store import Database, queries
from tests.servers.web import LOCAL_PAGES, FixtureSite


@pytest.fixture
async def poller(database: Database, settings: Settings) -> AsyncIterator[Poller]:
    pool = BriefingPool(ThreadPoolExecutor(max_workers=2))
    async with Fetcher(settings) as fetcher:
        yield Poller(database, fetcher, pool, settings)
    pool.shutdown()


async def _add(database: Database, *urls: str) -> None:
    async with database.session() as session:
        for url in urls:
            await queries.add_feed(session, url)


async def _articles(database: Database) -> list[queries.StoredArticle]:
    async with database.session() as session:
        return await queries.latest_articles(session, limit=100)


async def _feeds(database: Database) -> list[queries.FeedRecord]:
    async with database.session() as session:
        return await queries.list_feeds(session)


async def test_first_poll_stores_and_briefs_every_entry(
    poller: Poller, database: Database, web_server: str
) -> None:
    await _add(database, f"{web_server}/generated/local.rss")
    report = await poller.poll_once()
    articles = await _articles(database)
    assert report.new_articles == len(LOCAL_PAGES) == len(articles)
    briefed = [a for a in articles if a.briefing]
    assert len(briefed) == len(LOCAL_PAGES)
    assert all(a.briefing["summary"] for a in briefed)
    assert all("utm_" not in (a.url or "") for a in articles)
    lemonde = next(a for a in articles if "lemonde" in (a.url or ""))
    assert "renseignement" in (lemonde.title or "").lower()


async def test_second_poll_refetches_no_page_and_stores_nothing(
    poller: Poller, database: Database, web_server: str, web_site: FixtureSite
) -> None:
    await _add(database, f"{web_server}/generated/local.rss", f"{web_server}/generated/mirror.rss")
    await poller.poll_once()
    pages_before, stored_before = (
        web_site.hits_under("/pages/") + web_site.hits_under("/mirror/"),
        len(await _articles(database)),
    )
    report = await poller.poll_once()
    assert web_site.hits_under("/pages/") + web_site.hits_under("/mirror/") == pages_before
    assert len(await _articles(database)) == stored_before
    assert report.new_articles == 0
    statuses = {r.url.rsplit("/", 1)[1]: r.status for r in report.results}
    assert statuses == {"local.rss": "not_modified", "mirror.rss": "updated"}  # mirror sends no validators


async def test_same_article_in_two_feeds_is_stored_once(
    poller: Poller, database: Database, web_server: str
) -> None:
    await _add(database, f"{web_server}/generated/local.rss")
    await poller.poll_once()
    await _add(database, f"{web_server}/generated/mirror.rss")
    report = await poller.poll_once()
    articles = await _articles(database)
    assert (
        report.new_articles == 0
    )  # one by the same link (#fragment), one by the same text under another URL
    assert len(articles) == len(LOCAL_PAGES)


async def test_feed_that_changes_between_polls_adds_only_the_new_entry(
    poller: Poller, database: Database, web_server: str, web_site: FixtureSite
) -> None:
    await _add(database, f"{web_server}/generated/changing.rss")
    first = await poller.poll_once()
    web_site.changing_version = 2
    second = await poller.poll_once()
    assert (first.new_articles, second.new_articles) == (2, 1)
    assert web_site.hits["/pages/" + LOCAL_PAGES[2]] == 1
    assert web_site.hits["/pages/" + LOCAL_PAGES[0]] == 1


async def test_entries_without_guid_or_link_are_stored_from_their_own_text(
    poller: Poller, database: Database, web_server: str
) -> None:
    await _add(database, f"{web_server}/generated/odd-entries.rss")
    report = await poller.poll_once()
    articles = {a.title: a for a in await _articles(database)}
    assert report.new_articles == 3
    assert articles["Guid but no link"].url is None
    assert articles["Guid but no link"].briefing is not None
    assert articles["Neither guid nor link"].briefing is not None
    assert (await poller.poll_once()).new_articles == 0


async def test_unfetchable_pages_fall_back_to_the_entry_text(
    poller: Poller, database: Database, web_server: str
) -> None:
    await _add(database, f"{web_server}/generated/broken-links.rss")
    await poller.poll_once()
    articles = {a.title: a for a in await _articles(database)}
    assert set(articles) == {"A PDF instead of a page", "A page that is gone"}
    for article in articles.values():
        assert article.briefing is not None
        assert "briefed from the feed entry" in (article.note or "")
    assert "PDF" in (articles["A PDF instead of a page"].note or "")
    assert "404" in (articles["A page that is gone"].note or "")


async def test_redirected_links_are_stored_under_the_final_url(
    poller: Poller, database: Database, web_server: str
) -> None:
    await _add(database, f"{web_server}/generated/redirected.rss")
    await poller.poll_once()
    urls = {a.title: a.url for a in await _articles(database)}
    assert urls["Through a redirector"] == f"{web_server}/pages/{LOCAL_PAGES[0]}"
    assert urls["With origLink"] == f"{web_server}/pages/{LOCAL_PAGES[1]}"


async def test_first_poll_backfills_only_the_newest_entries(
    database: Database, settings: Settings, web_server: str, web_site: FixtureSite
) -> None:
    small = dataclasses.replace(settings, feed_backfill=2)
    pool = BriefingPool(ThreadPoolExecutor(max_workers=1))
    async with Fetcher(small) as fetcher:
        poller = Poller(database, fetcher, pool, small)
        await _add(database, f"{web_server}/generated/local.rss")
        first = await poller.poll_once()
        web_site.reset()
        await _add(
            database, f"{web_server}/generated/mirror.rss"
        )  # its 2nd entry duplicates an older local one
        second = await poller.poll_once()
    pool.shutdown()
    titles = [a.url for a in await _articles(database)]
    assert first.new_articles == 2
    assert all(LOCAL_PAGES[i] in " ".join(titles) for i in (0, 1))  # the newest two (by pubDate)
    assert second.results[0].status == "not_modified"


async def test_failing_feed_backs_off_and_is_deactivated_at_the_limit(
    database: Database, settings: Settings, web_server: str
) -> None:
    limited = dataclasses.replace(settings, feed_failure_limit=3)
    pool = BriefingPool(ThreadPoolExecutor(max_workers=1))
    async with Fetcher(limited) as fetcher:
        poller = Poller(database, fetcher, pool, limited)
        await _add(database, f"{web_server}/hostile/status/500", f"{web_server}/hostile/not-a-feed")
        reports = [await poller.poll_once() for _ in range(3)]
    pool.shutdown()
    feeds = await _feeds(database)
    assert [r.count("failed") for r in reports] == [2, 2, 0]
    assert reports[-1].count("deactivated") == 2
    assert all(not f.active for f in feeds)
    assert "500" in (feeds[0].deactivation_reason or "")
    assert "web page, not a feed" in (feeds[1].deactivation_reason or "")
    assert all(f.failing_since is not None for f in feeds)


async def test_every_fixture_feed_polls_without_an_internal_error(
    database: Database, settings: Settings, web_server: str
) -> None:
    """The real feeds link to the internet, which the guard closes here: entries fall back to their text."""
    from tests.ingest.test_feeds import SOURCES

    quick = dataclasses.replace(settings, feed_backfill=1, fetch_allow_private=False, fetch_total_timeout=5.0)
    pool = BriefingPool(ThreadPoolExecutor(max_workers=2))
    async with Fetcher(quick, address_allowed=lambda ip: ip == "127.0.0.1") as fetcher:
        poller = Poller(database, fetcher, pool, quick)
        await _add(database, *(f"{web_server}/feeds/{name}" for name in SOURCES))
        report = await poller.poll_once()
    pool.shutdown()
    assert report.count("updated") == len(SOURCES)
    assert report.new_articles == len(SOURCES)


async def test_two_polls_at_once_in_one_process_divide_the_feeds(
    poller: Poller, database: Database, web_server: str, web_site: FixtureSite
) -> None:
    await _add(database, f"{web_server}/generated/local.rss", f"{web_server}/generated/mirror.rss")
    first, second = await asyncio.gather(poller.poll_once(due_only=True), poller.poll_once(due_only=True))
    polled = sorted(r.feed_id for r in first.results + second.results)
    assert polled == [1, 2]
    assert web_site.hits["/generated/local.rss"] == web_site.hits["/generated/mirror.rss"] == 1


async def test_due_only_polls_skip_feeds_polled_recently(
    poller: Poller, database: Database, web_server: str
) -> None:
    await _add(database, f"{web_server}/generated/local.rss")
    assert len((await poller.poll_once(due_only=True)).results) == 1
    assert len((await poller.poll_once(due_only=True)).results) == 0


def test_next_poll_is_the_feeds_own_slot_one_interval_on_stretched_by_ttl(settings: Settings) -> None:
    interval = dt.timedelta(minutes=settings.poll_interval_minutes)
    slot = feed_slot(dt.datetime(2024, 1, 1, tzinfo=dt.UTC), 7, interval)
    polled = slot + dt.timedelta(seconds=20)  # a little after the slot
    assert next_poll_time(polled, settings, 7) == slot + interval
    assert next_poll_time(polled, settings, 7, ttl_seconds=60) == slot + interval  # never faster
    hour = next_poll_time(polled, settings, 7, ttl_seconds=3600)
    assert polled + dt.timedelta(hours=1) <= hour < polled + dt.timedelta(hours=1) + interval
    assert (hour - slot) % interval == dt.timedelta(0)  # still on the feed's own phase
    capped = next_poll_time(polled, settings, 7, max_age=10 * 86400)
    assert polled + dt.timedelta(hours=12) <= capped < polled + dt.timedelta(hours=12) + interval


def test_feed_slots_spread_evenly_over_the_interval(settings: Settings) -> None:
    """10,000 feeds polled at the same moment fall due over the whole next interval, not at its top."""
    now = dt.datetime(2024, 1, 1, 12, 0, 7, tzinfo=dt.UTC)
    interval = dt.timedelta(minutes=settings.poll_interval_minutes)
    due = [next_poll_time(now, settings, feed_id) for feed_id in range(1, 10_001)]
    assert all(now + interval / 2 <= t < now + interval * 1.5 for t in due)
    per_minute = Counter(int((t - now - interval / 2) / dt.timedelta(minutes=1)) for t in due)
    assert len(per_minute) == 15
    assert max(per_minute.values()) < 1.2 * 10_000 / 15


def test_retry_time_grows_exponentially_and_honours_retry_after(settings: Settings) -> None:
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    interval = dt.timedelta(minutes=settings.poll_interval_minutes)
    now = feed_slot(now, 3, interval)  # from one of the feed's slots, every wait ends on a later slot
    delays = [retry_time(now, settings, 3, n) - now for n in (1, 2, 3)]
    assert delays == [interval, 2 * interval, 4 * interval]
    after = retry_time(now, settings, 3, 1, retry_after=7200) - now
    assert dt.timedelta(hours=2) <= after < dt.timedelta(hours=2) + interval  # never before Retry-After
    assert retry_time(now, settings, 3, 40) - now == dt.timedelta(hours=24)


async def test_schedule_polling_adds_one_coalescing_job(poller: Poller, settings: Settings) -> None:
    scheduler = AsyncIOScheduler()
    scheduler.start(paused=True)
    job = schedule_polling(scheduler, poller)
    again = schedule_polling(scheduler, poller)
    jobs = [j.id for j in scheduler.get_jobs()]
    scheduler.shutdown(wait=False)
    assert jobs == [JOB_ID]
    assert again.coalesce is True and job.max_instances == 1
    assert again.trigger.interval == dt.timedelta(seconds=DUE_CHECK_SECONDS)


async def _by_url_end(database: Database) -> dict[str, queries.StoredArticle]:
    return {(a.url or "").rsplit("/", 1)[-1]: a for a in await _articles(database)}


async def test_the_page_own_date_anchors_its_events_when_the_feed_stamps_entries_now(
    poller: Poller, database: Database, web_server: str
) -> None:
    """A feed dated at fetch time links to the 2016 seed article, dated by its page's metadata, JSON-LD or
    byline: its events carry 2016, not the feed's year; the feed's date still orders the article."""
    await _add(database, f"{web_server}/generated/stamped-now.rss")
    await poller.poll_once()
    articles = await _by_url_end(database)
    today = dt.datetime.now(dt.UTC).date()
    for page in ("meta.html", "jsonld.html", "byline.html"):
        article = articles[page]
        assert article.page_published == dt.date(2016, 9, 13) and article.dated_by == "page", page
        assert article.published is not None and abs(article.published.date() - today).days <= 1
        assert article.dates_disagree
        briefing = article.briefing
        assert briefing is not None
        assert briefing["published"] == "2016-09-13" and not briefing["published_inferred"]
        events = {(e["date"], e["end"]) for e in briefing["events"]}
        assert ("2016-09-02", "2016-09-03") in events and ("2016-12-15", None) in events, events
        assert not any(e["date"].startswith(str(today.year)) for e in briefing["events"]), events


async def test_a_page_without_a_date_of_its_own_is_anchored_on_the_feed_date(
    poller: Poller, database: Database, web_server: str
) -> None:
    """The undated page: htmldate's guess from its text (a bare "2014") must not outrank the feed's date."""
    await _add(database, f"{web_server}/generated/stamped-now.rss")
    await poller.poll_once()
    article = (await _by_url_end(database))["undated.html"]
    today = dt.datetime.now(dt.UTC).date()
    assert article.page_published is None and article.dated_by == "feed"
    assert not article.dates_disagree
    assert article.briefing is not None
    assert abs(dt.date.fromisoformat(article.briefing["published"]) - today).days <= 1


def test_the_anchor_is_the_page_date_then_the_feed_date_then_a_date_guessed_from_the_text() -> None:
    page, feed, guess = dt.date(2016, 9, 13), dt.date(2026, 12, 2), dt.date(2014, 1, 1)
    assert choose_anchor(page, feed, guess) == (page, "page")
    assert choose_anchor(None, feed, guess) == (feed, "feed")
    assert choose_anchor(None, None, guess) == (guess, "text")
    assert choose_anchor(None, None, None) == (None, None)


def test_an_article_with_no_date_anywhere_is_anchored_on_one_inferred_from_its_text() -> None:
    text = (
        "The ministers met in Geneva on March 3, 2021 to prepare the summit. They agreed to meet again on "
        "April 12 and to publish a joint statement before the end of the month."
    )
    article = brief_article(None, url=None, fallback_text=text)
    assert article.page_published is None and article.dated_by == "text"
    assert article.briefing is not None and article.briefing.published_inferred
    assert ("2021-04-12", None) in {(e.date, e.end) for e in article.briefing.events}
