"""Every read and write the bot makes, each named after what it does. Records come back as frozen dataclasses."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import UserFacingError, quoted
from bot.i18n import N_, Text
from bot.redact import has_credentials
from bot.store.engine import IN_BATCH, insert_ignoring_conflicts
from bot.store.field_caps import (
    MAX_ETAG_CHARS,
    MAX_GUID_CHARS,
    MAX_LAST_MODIFIED_CHARS,
    MAX_NOTE_CHARS,
    MAX_SOURCE_CHARS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    cap_text,
    cap_whole,
    capped_briefing,
)
from bot.store.search_text import normalise
from bot.store.tables import Article, BriefingRow, Feed, SeenEntry, utcnow
from bot.store.upcoming_queries import dated_events
from summarizers import Briefing


@dataclass(frozen=True, slots=True)
class FeedRecord:
    id: int
    url: str
    title: str | None
    site_url: str | None
    etag: str | None
    last_modified: str | None
    last_polled_at: dt.datetime | None
    next_poll_at: dt.datetime | None
    ttl_seconds: int | None
    consecutive_failures: int
    last_error: str | None
    failing_since: dt.datetime | None
    deactivated_at: dt.datetime | None
    deactivation_reason: str | None
    created_at: dt.datetime

    @property
    def active(self) -> bool:
        return self.deactivated_at is None

    def to_dict(self) -> dict[str, Any]:
        def iso(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "site_url": self.site_url,
            "active": self.active,
            "last_polled_at": iso(self.last_polled_at),
            "next_poll_at": iso(self.next_poll_at),
            "consecutive_failures": self.consecutive_failures,
            "last_error": self.last_error,
            "deactivated_at": iso(self.deactivated_at),
            "deactivation_reason": self.deactivation_reason,
        }


DatedBy = Literal["page", "feed", "text"]  # what anchored an article's dates; "text": inferred from it
DATES_DISAGREE = dt.timedelta(days=2)


@dataclass(frozen=True, slots=True)
class NewArticle:
    feed_id: int | None
    guid: str | None
    url: str | None
    normalised_url: str | None
    content_hash: str
    title: str | None
    source: str | None
    published: dt.datetime | None
    text: str
    note: str | None = None
    page_published: dt.date | None = None  # the page's own date; `published` is the feed's when it has one
    dated_by: DatedBy | None = None


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: int
    feed_id: int | None
    url: str | None
    title: str | None
    source: str | None
    published: dt.datetime | None
    fetched_at: dt.datetime
    note: str | None
    briefing: dict[str, Any] | None  # Briefing.to_dict(), or None when briefing failed (see note)
    page_published: dt.date | None = None
    dated_by: str | None = None
    method: str = "default"  # the summary method, stored beside the JSON (which leaves it out)

    def to_briefing(self) -> Briefing | None:
        """The Briefing as it was stored: its JSON (notes included) and its summary method."""
        return Briefing.from_dict(self.briefing, method=self.method) if self.briefing else None

    @property
    def dates_disagree(self) -> bool:
        """The feed and the page date the article more than DATES_DISAGREE apart (a feed stamped at fetch
        time, or a republished page): the page's date anchored its events, the feed's orders it."""
        if self.page_published is None or self.published is None:
            return False
        return abs(self.published.date() - self.page_published) > DATES_DISAGREE

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "title": self.title,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "fetched_at": self.fetched_at.isoformat(),
            "note": self.note,
            "page_published": self.page_published.isoformat() if self.page_published else None,
            "dated_by": self.dated_by,
            "briefing": self.briefing,
        }


@dataclass(frozen=True, slots=True)
class FeedPollOutcome:
    """What one successful poll (200 or 304) learnt about a feed."""

    next_poll_at: dt.datetime
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None
    site_url: str | None = None
    ttl_seconds: int | None = None


def _feed_record(row: Feed) -> FeedRecord:
    return FeedRecord(
        id=row.id,
        url=row.url,
        title=row.title,
        site_url=row.site_url,
        etag=row.etag,
        last_modified=row.last_modified,
        last_polled_at=row.last_polled_at,
        next_poll_at=row.next_poll_at,
        ttl_seconds=row.ttl_seconds,
        consecutive_failures=row.consecutive_failures,
        last_error=row.last_error,
        failing_since=row.failing_since,
        deactivated_at=row.deactivated_at,
        deactivation_reason=row.deactivation_reason,
        created_at=row.created_at,
    )


class FeedAddressTooLong(UserFacingError):
    """A feed address longer than the store keeps: refused whole, since a cut address is another one."""

    def __init__(self, url: str) -> None:
        self.url = url
        super().__init__(f"a feed address of {len(url):,} characters (at most {MAX_URL_CHARS:,} are kept)")

    @property
    def message(self) -> Text:
        """The reply, said in the reader's language by `Translator.text`."""
        return N_(
            "That feed address is {length} characters long ({address}); I keep feed addresses of at most "
            "{limit} characters. Please use a shorter address for it.",
            length=len(self.url),
            address=quoted(self.url),
            limit=MAX_URL_CHARS,
        )

    @property
    def user_message(self) -> str:
        return str(self.message)


def refuse_long_feed_address(url: str) -> str:
    """`url` itself, or FeedAddressTooLong when the store could not keep it whole."""
    if len(url) > MAX_URL_CHARS:
        raise FeedAddressTooLong(url)
    return url


async def add_feed(
    session: AsyncSession, url: str, *, title: str | None = None, site_url: str | None = None
) -> tuple[FeedRecord, bool]:
    """Add a feed, or return the one with that URL; a deactivated feed is given another chance. An address
    over MAX_URL_CHARS raises FeedAddressTooLong."""
    refuse_long_feed_address(url)
    if has_credentials(url):  # bot.ingest.discovery refuses these with a reason; this is the last line
        raise ValueError("a feed address with a user name or password is never stored")
    existing = await session.scalar(select(Feed).where(Feed.url == url))
    if existing is not None:
        if existing.deactivated_at is not None:
            existing.deactivated_at = existing.deactivation_reason = None
            existing.consecutive_failures = 0
            existing.next_poll_at = None
            await session.flush()
        return _feed_record(existing), False
    row = {
        "url": url,
        "title": cap_text(title, MAX_TITLE_CHARS),
        "site_url": cap_whole(site_url, MAX_URL_CHARS),
        "consecutive_failures": 0,
    }
    # Two chats subscribing to the same new address at once: the second insert finds the first's row.
    added = await insert_ignoring_conflicts(session, Feed, [row], index_elements=["url"])
    feed = await session.scalar(select(Feed).where(Feed.url == url).execution_options(populate_existing=True))
    assert feed is not None
    return _feed_record(feed), bool(added)


async def list_feeds(session: AsyncSession, *, active_only: bool = False) -> list[FeedRecord]:
    query = select(Feed).order_by(Feed.id)
    if active_only:
        query = query.where(Feed.deactivated_at.is_(None))
    return [_feed_record(row) for row in await session.scalars(query)]


async def due_feeds(session: AsyncSession, now: dt.datetime) -> list[FeedRecord]:
    """Active feeds whose next poll time has come (or that were never polled)."""
    query = (
        select(Feed)
        .where(Feed.deactivated_at.is_(None))
        .where((Feed.next_poll_at.is_(None)) | (Feed.next_poll_at <= now))
        .order_by(Feed.next_poll_at.nulls_first(), Feed.id)
    )
    return [_feed_record(row) for row in await session.scalars(query)]


async def record_feed_polled(
    session: AsyncSession, feed_id: int, outcome: FeedPollOutcome, *, now: dt.datetime
) -> None:
    """A poll worked (200 or 304): clear the failure count and remember the validators."""
    outcome = capped_outcome(outcome)
    values: dict[str, Any] = {
        "last_polled_at": now,
        "next_poll_at": outcome.next_poll_at,
        "consecutive_failures": 0,
        "last_error": None,
        "failing_since": None,
    }
    if outcome.etag is not None or outcome.last_modified is not None:
        values |= {"etag": outcome.etag, "last_modified": outcome.last_modified}
    for name in ("title", "site_url", "ttl_seconds"):
        if getattr(outcome, name) is not None:
            values[name] = getattr(outcome, name)
    await session.execute(update(Feed).where(Feed.id == feed_id).values(**values))


async def record_feed_failure(
    session: AsyncSession,
    feed_id: int,
    error: str,
    *,
    now: dt.datetime,
    next_poll_at: dt.datetime,
    failure_limit: int,
) -> FeedRecord:
    """Count one more consecutive failure; at `failure_limit` the feed is deactivated with the reason."""
    feed = await session.get_one(Feed, feed_id)
    error = cap_text(error, MAX_NOTE_CHARS) or ""
    feed.consecutive_failures += 1
    feed.last_error = error
    feed.failing_since = feed.failing_since or now
    feed.next_poll_at = next_poll_at
    if feed.consecutive_failures >= failure_limit and feed.deactivated_at is None:
        feed.deactivated_at = now
        feed.deactivation_reason = cap_text(
            f"{feed.consecutive_failures} failures in a row; last: {error}", MAX_NOTE_CHARS
        )
    await session.flush()
    return _feed_record(feed)


async def seen_entry_keys(session: AsyncSession, feed_id: int, keys: Iterable[str]) -> set[str]:
    wanted = list(set(keys))
    found: set[str] = set()
    for start in range(0, len(wanted), IN_BATCH):
        chunk = wanted[start : start + IN_BATCH]
        query = select(SeenEntry.entry_key).where(
            SeenEntry.feed_id == feed_id, SeenEntry.entry_key.in_(chunk)
        )
        found.update(await session.scalars(query))
    return found


async def mark_entries_seen(session: AsyncSession, feed_id: int, entries: Mapping[str, int | None]) -> None:
    """Remember entries (key -> article id, or None for entries deliberately skipped); repeats are ignored."""
    if not entries:
        return
    rows = [
        {"feed_id": feed_id, "entry_key": key, "article_id": aid, "seen_at": utcnow()}
        for key, aid in entries.items()
    ]
    await insert_ignoring_conflicts(session, SeenEntry, rows)


async def article_id_for_url(session: AsyncSession, normalised_url: str) -> int | None:
    return await session.scalar(select(Article.id).where(Article.normalised_url == normalised_url))


async def article_id_for_hash(session: AsyncSession, content_hash: str) -> int | None:
    return await session.scalar(select(Article.id).where(Article.content_hash == content_hash))


async def store_article(
    session: AsyncSession, article: NewArticle, briefing: Briefing | None
) -> tuple[int, bool]:
    """Store an article and its briefing once; returns (id, created). A duplicate URL or text returns the first.
    Every text is held to its limit first (bot.store.field_caps)."""
    article = capped_article(article)
    briefing = capped_briefing(briefing) if briefing is not None else None
    existing = await _existing_article(session, article)
    if existing is not None:
        return existing, False
    row = Article(
        feed_id=article.feed_id,
        guid=article.guid,
        url=article.url,
        normalised_url=article.normalised_url,
        content_hash=article.content_hash,
        title=article.title,
        source=article.source,
        published=article.published,
        text=article.text,
        note=article.note,
        page_published=article.page_published,
        dated_by=article.dated_by,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
            if briefing is not None:
                data = briefing.to_dict()
                session.add(BriefingRow(article_id=row.id, data=data, method=briefing.method))
                session.add_all(dated_events(row.id, article.feed_id, data))
                await session.flush()
    except IntegrityError:  # stored meanwhile by a concurrent poll
        existing = await _existing_article(session, article)
        if existing is None:
            raise
        return existing, False
    return row.id, True


def capped_article(article: NewArticle) -> NewArticle:
    """The article with every text from outside held to its limit; a link too long to keep is dropped."""
    return dataclasses.replace(
        article,
        guid=cap_text(article.guid, MAX_GUID_CHARS),
        url=cap_whole(article.url, MAX_URL_CHARS),
        normalised_url=cap_whole(article.normalised_url, MAX_URL_CHARS),
        title=cap_text(article.title, MAX_TITLE_CHARS),
        source=cap_text(article.source, MAX_SOURCE_CHARS),
        text=cap_text(article.text, MAX_TEXT_CHARS) or "",
        note=cap_text(article.note, MAX_NOTE_CHARS),
    )


def capped_outcome(outcome: FeedPollOutcome) -> FeedPollOutcome:
    """What a poll learnt, held to the feed columns' limits; a validator too long to keep is dropped."""
    return dataclasses.replace(
        outcome,
        etag=cap_whole(outcome.etag, MAX_ETAG_CHARS),
        last_modified=cap_whole(outcome.last_modified, MAX_LAST_MODIFIED_CHARS),
        title=cap_text(outcome.title, MAX_TITLE_CHARS),
        site_url=cap_whole(outcome.site_url, MAX_URL_CHARS),
    )


async def _existing_article(session: AsyncSession, article: NewArticle) -> int | None:
    if article.normalised_url:
        found = await article_id_for_url(session, article.normalised_url)
        if found is not None:
            return found
    return await article_id_for_hash(session, article.content_hash)


async def latest_articles(
    session: AsyncSession, *, limit: int = 20, feed_id: int | None = None
) -> list[StoredArticle]:
    """The newest articles first (by publication date when known, else by fetch time), with briefings."""
    newest = func.coalesce(Article.published, Article.fetched_at)
    query = (
        select(Article, BriefingRow.data, BriefingRow.method)
        .outerjoin(BriefingRow, BriefingRow.article_id == Article.id)
        .order_by(newest.desc(), Article.id.desc())
        .limit(limit)
    )
    if feed_id is not None:
        query = query.where(Article.feed_id == feed_id)
    rows = await session.execute(query)
    return [stored_article(a, data, method) for a, data, method in rows]


def stored_article(a: Article, data: dict[str, Any] | None, method: str | None = None) -> StoredArticle:
    return StoredArticle(
        id=a.id,
        feed_id=a.feed_id,
        url=a.url,
        title=a.title,
        source=a.source,
        published=a.published,
        fetched_at=a.fetched_at,
        note=a.note,
        briefing=data,
        page_published=a.page_published,
        dated_by=a.dated_by,
        method=method or "default",
    )


async def article_by_url(session: AsyncSession, normalised_url: str) -> StoredArticle | None:
    return await _one_article(session, Article.normalised_url == normalised_url)


async def article_by_id(session: AsyncSession, article_id: int) -> StoredArticle | None:
    """By id: a deep link names a story by one of its articles."""
    return await _one_article(session, Article.id == article_id)


async def _one_article(session: AsyncSession, condition: ColumnElement[bool]) -> StoredArticle | None:
    row = (
        await session.execute(
            select(Article, BriefingRow.data, BriefingRow.method)
            .outerjoin(BriefingRow, BriefingRow.article_id == Article.id)
            .where(condition)
        )
    ).first()
    return stored_article(*row) if row else None


def _like_escape(text: str) -> str:
    return text.replace("/", "//").replace("%", "/%").replace("_", "/_")


async def briefings_mentioning(
    session: AsyncSession, text: str, *, limit: int
) -> list[tuple[int, dict[str, Any]]]:
    """(article id, briefing JSON) of briefings where `text` (case-folded) starts a word of their title,
    sentences or entity names and aliases, newest first: the cheap first cut for /timeline. It reads
    `search_text` (bot/store/search_text.py), never the JSON, whose keys ("label") would match "abe"."""
    needle = normalise(text)
    if not needle:
        return []
    rows = await session.execute(
        select(BriefingRow.article_id, BriefingRow.data)
        .where(BriefingRow.search_text.like(f"% {_like_escape(needle)}%", escape="/"))
        .order_by(BriefingRow.id.desc())
        .limit(limit)
    )
    return [(aid, data) for aid, data in rows]


async def recent_briefings(session: AsyncSession, *, since: dt.datetime, limit: int) -> list[dict[str, Any]]:
    rows = await session.scalars(
        select(BriefingRow.data)
        .where(BriefingRow.created_at >= since)
        .order_by(BriefingRow.id.desc())
        .limit(limit)
    )
    return list(rows)


async def count_articles(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count(Article.id))) or 0)
