"""The poll cycle: claim due feeds -> new entries -> pages -> briefings -> store, with bounded concurrency.

Feeds are claimed with a lease in the database (bot.store.polls), a batch at a time, so any number of
pollers, in this process or others, divide the due feeds between them and never poll one feed twice at
once. Each feed has its own due time, spread over the poll interval by a stable per-feed phase
(`next_poll_time`), so load is even rather than all at the top of a cycle; a feed's RSS `<ttl>`,
`Cache-Control: max-age` and `Retry-After` push its next slot later, never earlier.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import hashlib
import logging
import math
import time
import traceback
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from bot.ingest.feeds import FeedEntry, FeedError, ParsedFeed, parse_feed
from bot.ingest.fetcher import Fetcher, FetchError, HTTPStatus, Timeout, Unreachable
from bot.ingest.pages import ArticleText, BriefingPool
from bot.ingest.reachability import FeedOutcome, FeedSitesWatch
from bot.ingest.urls import normalise_url
from bot.metrics import Metrics
from bot.settings import Settings
from bot.store import Database, FeedPollOutcome, FeedRecord, NewArticle, polls, queries, retention
from bot.store.engine import database_error_reason, database_now
from summarizers.briefing import Briefing

log = logging.getLogger(__name__)
# (article id, text, briefing, the signature of its story text when the worker computed it)
StoryAssigner = Callable[[int, str, Briefing | None, tuple[int, ...] | None], Awaitable[object]]

MAX_POLL_DELAY = dt.timedelta(hours=12)  # the most a feed's ttl / max-age may stretch its interval
MAX_FAILURE_DELAY = dt.timedelta(hours=24)
MAX_NEW_ENTRIES_PER_POLL = 100
PAGE_TYPES = ("html", "xml", "text/plain")
JOB_ID = "poll-feeds"
DUE_CHECK_SECONDS = 10.0  # how often an idle poller looks for feeds that became due
MAX_LOGGED_ERROR_CHARS = 500  # a database error's message holds its whole statement (1.4 MB for one INSERT)


@dataclass(frozen=True, slots=True)
class FeedPollResult:
    feed_id: int
    url: str
    status: Literal["updated", "not_modified", "failed", "deactivated"]
    new_articles: int = 0
    error: str | None = None
    unreachable: bool = False  # the feed's site could not be connected to
    internal_error: bool = False  # the failure was ours (the database, a bug), not the feed's: not stored
    entries_ignored: int = 0  # entries past FEED_MAX_ENTRIES (the oldest), not read at all

    @property
    def outcome(self) -> FeedOutcome:
        return FeedOutcome(self.status in ("updated", "not_modified"), self.unreachable, self.error)


@dataclass(frozen=True, slots=True)
class PollReport:
    results: tuple[FeedPollResult, ...] = ()
    seconds: float = 0.0
    engine_seconds: float = 0.0  # time the workers spent extracting and briefing

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def new_articles(self) -> int:
        return sum(r.new_articles for r in self.results)

    @property
    def not_stored(self) -> tuple[FeedPollResult, ...]:
        """Feeds whose poll failed on our side (a full disk, a database error, a bug)."""
        return tuple(r for r in self.results if r.internal_error)

    def summary(self) -> str:
        text = (
            f"polled {len(self.results)} feeds in {self.seconds:.1f} s: {self.new_articles} new articles, "
            f"{self.count('not_modified')} not modified, {self.count('failed')} failed, "
            f"{self.count('deactivated')} deactivated"
        )
        if self.not_stored:
            text += f"; {len(self.not_stored)} not stored (an internal error)"
        capped = [r for r in self.results if r.entries_ignored]
        if capped:
            text += f"; {len(capped)} listed more entries than FEED_MAX_ENTRIES (the oldest were ignored)"
        return text


@dataclass
class _Limits:
    """One cycle's concurrency (requests per host) and the engine time it used."""

    per_host: int
    hosts: dict[str, asyncio.Semaphore] = field(default_factory=dict)
    engine_seconds: float = 0.0

    @asynccontextmanager
    async def host(self, url: str) -> AsyncIterator[None]:
        name = (urlsplit(url).hostname or "").lower()
        semaphore = self.hosts.setdefault(name, asyncio.Semaphore(self.per_host))
        async with semaphore:
            yield


class DatabaseClock:
    """The database's time, read at each claim and advanced by the monotonic clock in between.

    Pollers never read their own wall clock, so a poller whose clock is wrong or jumps cannot steal
    leases or skip feeds. `offset` exists for tests that jump the shared clock.
    """

    def __init__(self, database: Database, offset: dt.timedelta = dt.timedelta(0)) -> None:
        self.database = database
        self.offset = offset
        self._anchor: tuple[dt.datetime, float] | None = None

    async def sync(self) -> dt.datetime:
        self._anchor = (await database_now(self.database), time.monotonic())
        return self.now()

    def now(self) -> dt.datetime:
        if self._anchor is None:
            raise RuntimeError("DatabaseClock.now() before sync()")
        at, monotonic = self._anchor
        return at + dt.timedelta(seconds=time.monotonic() - monotonic) + self.offset


class _ClaimedFeeds:
    """Hands out claimed feeds one at a time, claiming the next batch when the last one is handed out."""

    def __init__(self, claim: Callable[[], Awaitable[list[FeedRecord]]], stop: asyncio.Event | None) -> None:
        self._claim = claim
        self._stop = stop
        self._pending: deque[FeedRecord] = deque()
        self._lock = asyncio.Lock()
        self._exhausted = False

    async def next(self) -> FeedRecord | None:
        async with self._lock:
            stopping = self._stop is not None and self._stop.is_set()
            if not self._pending and not self._exhausted and not stopping:
                batch = await self._claim()
                self._exhausted = not batch
                self._pending.extend(batch)
            return self._pending.popleft() if self._pending else None


def feed_phase(feed_id: int) -> float:
    """A stable fraction in [0, 1) per feed: where in each interval the feed's polls fall."""
    digest = hashlib.blake2b(str(feed_id).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def feed_slot(earliest: dt.datetime, feed_id: int, interval: dt.timedelta) -> dt.datetime:
    """The feed's first slot at or after `earliest`; a feed's slots repeat every interval at its phase."""
    period = interval.total_seconds()
    phase = feed_phase(feed_id) * period
    slots = math.ceil((earliest.timestamp() - phase) / period)
    return dt.datetime.fromtimestamp(phase + slots * period, dt.UTC)


def next_poll_time(
    now: dt.datetime,
    settings: Settings,
    feed_id: int,
    *,
    ttl_seconds: int | None = None,
    max_age: int | None = None,
) -> dt.datetime:
    """The feed's next slot at least half an interval on, or after its ttl / max-age (up to MAX_POLL_DELAY).

    Polled at (or a little after) one of its slots, a feed is next polled at the following slot: once per
    interval, at the same phase every time.
    """
    interval = dt.timedelta(minutes=settings.poll_interval_minutes)
    hinted = dt.timedelta(seconds=max(ttl_seconds or 0, max_age or 0))
    wait = max(interval / 2, min(hinted, max(interval, MAX_POLL_DELAY)))
    return feed_slot(now + wait, feed_id, interval)


def retry_time(
    now: dt.datetime, settings: Settings, feed_id: int, failures: int, retry_after: float | None = None
) -> dt.datetime:
    """The feed's first slot after an exponential backoff from the interval, at least Retry-After, at most a day."""
    interval = dt.timedelta(minutes=settings.poll_interval_minutes)
    delay = interval * (2 ** min(max(failures - 1, 0), 16))
    if retry_after:
        delay = max(delay, dt.timedelta(seconds=retry_after))
    return feed_slot(now + min(delay, MAX_FAILURE_DELAY), feed_id, interval)


class Poller:
    def __init__(
        self,
        database: Database,
        fetcher: Fetcher,
        pool: BriefingPool,
        settings: Settings,
        *,
        assign_story: StoryAssigner | None = None,
        on_deactivated: Callable[[FeedPollResult], Awaitable[object]] | None = None,
        on_new_articles: Callable[[FeedPollResult], Awaitable[object]] | None = None,
        metrics: Metrics | None = None,
        poller_id: str | None = None,
        clock: DatabaseClock | None = None,
    ) -> None:
        self.database = database
        self.fetcher = fetcher
        self.pool = pool
        self.settings = settings
        self.assign_story = assign_story  # places a new article in its story (bot.stories); None: not placed
        self.on_deactivated = on_deactivated  # e.g. tell the feed's subscribers
        self.on_new_articles = on_new_articles  # e.g. deliver to instant-mode chats at once
        self.metrics = metrics or Metrics()
        self.sites = FeedSitesWatch()
        self.poller_id = poller_id or f"poller-{uuid.uuid4().hex[:12]}"
        self.lease = dt.timedelta(seconds=settings.poll_lease_seconds)
        self.clock = clock or DatabaseClock(database)

    async def poll_once(self, *, due_only: bool = False, stop: asyncio.Event | None = None) -> PollReport:
        """Poll the due feeds (every active feed unless `due_only`) until none is left to claim.

        Concurrent calls, in this process or in others, claim disjoint feeds; `stop` ends the claiming
        (feeds already claimed are still polled).
        """
        started = time.perf_counter()
        now = await self.clock.sync()
        if not due_only:
            await polls.make_every_feed_due(self.database, now=now)
        workers = max(1, self.settings.poll_max_feeds_at_once)
        limits = _Limits(max(1, self.settings.poll_max_per_host))
        feeds = _ClaimedFeeds(lambda: self._claim(workers), stop)
        results: list[FeedPollResult] = []

        async def work() -> None:
            while (feed := await feeds.next()) is not None:
                results.append(await self._poll_guarded(feed, limits))

        async with self._renewing_leases():
            await asyncio.gather(*(work() for _ in range(workers)))
        report = PollReport(tuple(results), time.perf_counter() - started, limits.engine_seconds)
        if results:
            log.info(report.summary())
            self.sites.observe([r.outcome for r in results])
        self.metrics.poll_cycle_ended()
        return report

    async def run(self, stop: asyncio.Event) -> None:
        """Poll feeds as they fall due until `stop` is set (the `briefbot poll` worker)."""
        while not stop.is_set():
            try:
                report = await self.poll_once(due_only=True, stop=stop)
            except Exception as exc:  # the database is away: try again shortly, never give up the worker
                log_failure(f"poll cycle failed; retrying in {DUE_CHECK_SECONDS:.0f} s", exc)
                report = PollReport()
            if not report.results:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), DUE_CHECK_SECONDS)

    async def _claim(self, limit: int) -> list[FeedRecord]:
        now = await self.clock.sync()
        return await polls.claim_due_feeds(
            self.database, self.poller_id, now=now, limit=limit, lease=self.lease
        )

    @asynccontextmanager
    async def _renewing_leases(self) -> AsyncIterator[None]:
        """Renew this poller's leases every third of a lease while the cycle runs."""

        async def renew() -> None:
            while True:
                await asyncio.sleep(self.lease.total_seconds() / 3)
                try:
                    await polls.renew_poll_leases(
                        self.database, self.poller_id, now=self.clock.now(), lease=self.lease
                    )
                except Exception as exc:  # a lost lease means at worst a second fetch, stored once
                    log_failure("renewing poll leases failed", exc)

        task = asyncio.create_task(renew())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _poll_guarded(self, feed: FeedRecord, limits: _Limits) -> FeedPollResult:
        try:
            result = await self.poll_feed(feed, limits)
        except Exception as exc:  # a bug or a database error in one feed must not stop the others
            result = await self._record_internal_failure(feed, exc)
        self.metrics.feed_polled(result.status)
        await self._announce(result)
        return result

    async def _record_internal_failure(self, feed: FeedRecord, exc: Exception) -> FeedPollResult:
        """Count a failure on our side like any other failure of the feed (backoff, then switch-off), with a
        short reason; the log gets the detail. When even that cannot be written, the feed is given back."""
        log_failure(f"polling {feed.url} failed", exc)
        database = database_error_reason(exc)
        reason = f"the database failed ({database})" if database else f"internal error ({type(exc).__name__})"
        try:
            updated = await self._count_failure(feed, reason, self.clock.now())
        except Exception as again:
            log_failure(f"recording the failure of {feed.url} failed too", again)
            await self._give_back(feed)
            return FeedPollResult(feed.id, feed.url, "failed", error=reason, internal_error=True)
        status: Literal["failed", "deactivated"] = "failed" if updated.active else "deactivated"
        return FeedPollResult(feed.id, feed.url, status, error=reason, internal_error=True)

    async def _give_back(self, feed: FeedRecord) -> None:
        """A poll that broke: release the feed until its next slot (the lease expiry covers a dead database)."""
        interval = dt.timedelta(minutes=self.settings.poll_interval_minutes)
        with contextlib.suppress(Exception):
            async with self.database.session() as session:
                await polls.release_poll_lease(
                    session,
                    feed.id,
                    self.poller_id,
                    next_poll_at=feed_slot(self.clock.now() + interval / 2, feed.id, interval),
                )

    async def _announce(self, result: FeedPollResult) -> None:
        """Run the hook for what the poll found; a failing hook is logged, the poll still counts."""
        if result.status == "deactivated":
            hook = self.on_deactivated
        else:
            hook = self.on_new_articles if result.new_articles else None
        if hook is None:
            return
        try:
            await hook(result)
        except Exception as exc:
            log_failure(f"polled {result.url}, but handing on its result ({result.status}) failed", exc)

    async def poll_feed(self, feed: FeedRecord, limits: _Limits) -> FeedPollResult:
        """Poll one claimed feed; its result is recorded together with the release of its lease."""
        now = self.clock.now()
        try:
            async with limits.host(feed.url):
                started = time.perf_counter()
                fetched = await self.fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
                self.metrics.fetched("feed", time.perf_counter() - started)
            if fetched.not_modified:
                outcome = FeedPollOutcome(
                    next_poll_time(
                        now, self.settings, feed.id, ttl_seconds=feed.ttl_seconds, max_age=fetched.max_age
                    )
                )
                await self._record_polled(feed, outcome, now)
                return FeedPollResult(feed.id, feed.url, "not_modified")
            parsed = await parse_feed(fetched.content, url=fetched.url, media_type=fetched.media_type)
        except (FetchError, FeedError) as exc:
            return await self._record_failure(feed, exc, now)
        stored, ignored = await self._store_new_entries(feed, parsed, limits)
        outcome = FeedPollOutcome(
            next_poll_at=next_poll_time(
                now, self.settings, feed.id, ttl_seconds=parsed.ttl_seconds, max_age=fetched.max_age
            ),
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            title=parsed.title,
            site_url=parsed.site_url,
            ttl_seconds=parsed.ttl_seconds,
        )
        await self._record_polled(feed, outcome, now)
        return FeedPollResult(feed.id, feed.url, "updated", new_articles=stored, entries_ignored=ignored)

    async def _record_polled(self, feed: FeedRecord, outcome: FeedPollOutcome, now: dt.datetime) -> None:
        async with self.database.session() as session:
            await queries.record_feed_polled(session, feed.id, outcome, now=now)
            await polls.release_poll_lease(session, feed.id, self.poller_id)

    async def _record_failure(
        self, feed: FeedRecord, exc: FetchError | FeedError, now: dt.datetime
    ) -> FeedPollResult:
        message = exc.user_message
        retry_after = exc.retry_after if isinstance(exc, HTTPStatus) else None
        updated = await self._count_failure(feed, message, now, retry_after)
        status: Literal["failed", "deactivated"] = "failed" if updated.active else "deactivated"
        log.warning("feed %s %s: %s", feed.url, status, message)
        unreachable = isinstance(exc, Unreachable | Timeout)
        return FeedPollResult(feed.id, feed.url, status, error=message, unreachable=unreachable)

    async def _count_failure(
        self, feed: FeedRecord, reason: str, now: dt.datetime, retry_after: float | None = None
    ) -> FeedRecord:
        """One more failure in a row, its backoff and (at the limit) the switch-off, with the lease given back."""
        async with self.database.session() as session:
            updated = await queries.record_feed_failure(
                session,
                feed.id,
                reason,
                now=now,
                next_poll_at=retry_time(
                    now, self.settings, feed.id, feed.consecutive_failures + 1, retry_after
                ),
                failure_limit=self.settings.feed_failure_limit,
            )
            await polls.release_poll_lease(session, feed.id, self.poller_id)
        return updated

    async def _store_new_entries(
        self, feed: FeedRecord, parsed: ParsedFeed, limits: _Limits
    ) -> tuple[int, int]:
        """Store entries the feed has not shown before; a first poll takes only the newest `feed_backfill`.

        Only the newest FEED_MAX_ENTRIES are read at all (a feed of 100,000 entries costs no more than one
        of that many); returns (articles stored, entries ignored past that cap).
        """
        entries = list({e.key: e for e in reversed(parsed.newest_first())}.values())[::-1]
        cap = max(1, self.settings.feed_max_entries)
        ignored = max(0, len(entries) - cap)
        if ignored:
            log.warning(
                "feed %s lists %d entries; only the newest %d are read (FEED_MAX_ENTRIES)",
                feed.url,
                len(entries),
                cap,
            )
            entries = entries[:cap]
        async with self.database.session() as session:
            seen = await queries.seen_entry_keys(session, feed.id, [e.key for e in entries])
            await retention.note_feed_document(
                session, feed.id, [e.key for e in entries], now=self.clock.now()
            )
        fresh = [e for e in entries if e.key not in seen]
        keep = self.settings.feed_backfill if feed.last_polled_at is None else MAX_NEW_ENTRIES_PER_POLL
        wanted, skipped = fresh[:keep], fresh[keep:]
        if skipped:
            async with self.database.session() as session:
                await queries.mark_entries_seen(
                    session, feed.id, dict.fromkeys((e.key for e in skipped), None)
                )
        created = await asyncio.gather(*(self._ingest_entry(feed, parsed, e, limits) for e in wanted))
        return sum(created), ignored

    async def _ingest_entry(
        self, feed: FeedRecord, parsed: ParsedFeed, entry: FeedEntry, limits: _Limits
    ) -> bool:
        """Fetch, brief and store one entry; True when a new article was stored."""
        link = entry.link
        if link and await self._link_known(feed, entry, normalise_url(link)):
            return False
        page, charset, page_note = None, None, None
        if link:
            try:
                async with limits.host(link):
                    started = time.perf_counter()
                    fetched = await self.fetcher.fetch(link)
                    self.metrics.fetched("page", time.perf_counter() - started)
                if fetched.url != link and await self._link_known(feed, entry, normalise_url(fetched.url)):
                    return False
                link = fetched.url
                if any(kind in fetched.media_type for kind in PAGE_TYPES) or not fetched.media_type:
                    page, charset = fetched.content, fetched.charset
                else:
                    page_note = f"the link is not a web page ({fetched.media_type})"
            except FetchError as exc:
                page_note = f"the page could not be fetched ({exc.detail})"
        article = await self.pool.brief_article(
            page,
            url=link,
            charset=charset,
            title=entry.title,
            published=entry.published.date() if entry.published else None,
            source=parsed.title or feed.title,
            fallback_text=entry.text,
            page_note=page_note,
            sentences=self.settings.briefed_sentences,
        )
        limits.engine_seconds += article.engine_seconds
        self.metrics.article_briefed(article.engine_seconds)
        return await self._store(feed, entry, link, article)

    async def _link_known(self, feed: FeedRecord, entry: FeedEntry, normalised: str) -> bool:
        async with self.database.session() as session:
            existing = await queries.article_id_for_url(session, normalised)
            if existing is not None:
                await queries.mark_entries_seen(session, feed.id, {entry.key: existing})
        return existing is not None

    async def _store(
        self, feed: FeedRecord, entry: FeedEntry, link: str | None, article: ArticleText
    ) -> bool:
        normalised = normalise_url(link) if link else None
        content_hash = article.content_hash if article.text else _identity_hash(normalised or entry.key)
        published = entry.published or _midnight(article.published)
        record = NewArticle(
            feed_id=feed.id,
            guid=entry.guid,
            url=normalised,  # the link without tracking parameters or fragment
            normalised_url=normalised,
            content_hash=content_hash,
            title=article.title or entry.title,
            source=article.source,
            published=published,
            text=article.text,
            note=article.note,
            page_published=article.page_published,
            dated_by=article.dated_by,
        )
        async with self.database.session() as session:
            article_id, created = await queries.store_article(session, record, article.briefing)
            await queries.mark_entries_seen(session, feed.id, {entry.key: article_id})
        if created:
            self.metrics.briefing_stored()
        if created and article.text and self.assign_story is not None:
            try:
                await self.assign_story(article_id, article.text, article.briefing, article.story_signature)
            except Exception as exc:  # the article is stored; its story is placed later by assign_unassigned
                log_failure(f"story assignment failed for article {article_id}", exc)
        return created


def schedule_polling(scheduler: Any, poller: Poller) -> Any:
    """Add the poll job to an APScheduler 3 scheduler (python-telegram-bot's JobQueue has one).

    The job looks for due feeds every DUE_CHECK_SECONDS; each feed's own due time spreads the load.
    """
    return scheduler.add_job(
        poller.poll_once,
        "interval",
        seconds=DUE_CHECK_SECONDS,
        kwargs={"due_only": True},
        id=JOB_ID,
        name="poll feeds",
        replace_existing=True,
        coalesce=True,  # after a pause, run once, not once per missed check
        max_instances=1,
        misfire_grace_time=int(DUE_CHECK_SECONDS),
        next_run_time=dt.datetime.now(dt.UTC),
    )


def log_failure(message: str, exc: BaseException) -> None:
    """Log a failure with its traceback, its message cut to MAX_LOGGED_ERROR_CHARS: the message of a database
    error holds its whole statement, and a bulk INSERT's is megabytes (parameters are never in it: the
    engines hide them)."""
    frames = "".join(traceback.format_tb(exc.__traceback__)).rstrip()
    detail = bounded_error(exc)
    first = database_error_reason(exc)
    if first and first not in detail:  # e.g. "no such savepoint", raised after "database or disk is full"
        detail += f" (after: {first})"
    log.error("%s: %s\nTraceback (most recent call last):\n%s", message, detail, frames)


def bounded_error(exc: BaseException, limit: int = MAX_LOGGED_ERROR_CHARS) -> str:
    """`Type: message`, the message cut to `limit` characters with a note of how much was left out."""
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text) - limit} more characters)"


def _identity_hash(value: str) -> str:
    return hashlib.sha256(f"identity:{value}".encode()).hexdigest()


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) if day else None
