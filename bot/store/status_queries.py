"""What `briefbot status` reads: counts over feeds, articles and chats, each one aggregate query."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.tables import Article, Chat, Feed, Subscription


@dataclass(frozen=True, slots=True)
class FeedCounts:
    working: int
    failing: int
    off: int
    last_polled_at: dt.datetime | None
    next_poll_at: dt.datetime | None  # the earliest poll due among feeds still on


@dataclass(frozen=True, slots=True)
class FailingFeed:
    url: str
    failures: int
    failing_since: dt.datetime | None
    error: str | None


@dataclass(frozen=True, slots=True)
class ScheduleGroup:
    """Chats that share one stored schedule (None: the defaults from the settings)."""

    times: str | None
    zone: str | None
    cadence: str
    chats: int


async def feed_counts(session: AsyncSession) -> FeedCounts:
    off = Feed.deactivated_at.is_not(None)
    failing = Feed.deactivated_at.is_(None) & (Feed.consecutive_failures > 0)
    row = (
        await session.execute(
            select(
                func.count(Feed.id),
                func.sum(case((failing, 1), else_=0)),
                func.sum(case((off, 1), else_=0)),
                func.max(Feed.last_polled_at),
                func.min(case((off, None), else_=Feed.next_poll_at)),
            )
        )
    ).one()
    total, failing_n, off_n, last, upcoming = row
    failing_n, off_n = int(failing_n or 0), int(off_n or 0)
    return FeedCounts(int(total) - failing_n - off_n, failing_n, off_n, _aware(last), _aware(upcoming))


async def failing_feeds(session: AsyncSession, *, limit: int) -> list[FailingFeed]:
    rows = await session.execute(
        select(Feed.url, Feed.consecutive_failures, Feed.failing_since, Feed.last_error)
        .where(Feed.deactivated_at.is_(None), Feed.consecutive_failures > 0)
        .order_by(Feed.failing_since, Feed.id)
        .limit(limit)
    )
    return [FailingFeed(url, n, _aware(since), error) for url, n, since, error in rows]


async def articles_since(session: AsyncSession, since: dt.datetime) -> int:
    return int(await session.scalar(select(func.count(Article.id)).where(Article.fetched_at >= since)) or 0)


async def schedule_groups(session: AsyncSession) -> list[ScheduleGroup]:
    """Active chats with an unmuted subscription (those the planner serves), grouped by schedule."""
    subscribed = exists().where(Subscription.chat_id == Chat.chat_id, Subscription.muted.is_(False))
    rows = await session.execute(
        select(Chat.digest_times, Chat.timezone, Chat.cadence, func.count(Chat.chat_id))
        .where(Chat.active.is_(True), subscribed)
        .group_by(Chat.digest_times, Chat.timezone, Chat.cadence)
    )
    return [ScheduleGroup(times, zone, cadence or "daily", int(n)) for times, zone, cadence, n in rows]


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """Aggregates bypass the UTC column type, so SQLite hands them back naive (or as text)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
