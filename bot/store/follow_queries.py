"""Follows as stored, and the one join that matches them against new articles' salient entity keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.engine import IN_BATCH, insert_ignoring_conflicts
from bot.store.follow_tables import (
    ArticleEntityKey,
    Follow,
    FollowAlert,
    FollowAlertReport,
    FollowCursor,
    FollowKey,
)
from bot.store.tables import Article, BriefingRow, Chat, Feed, Subscription, utcnow

CURSOR = "alerts"


@dataclass(frozen=True, slots=True)
class FollowRecord:
    id: int
    chat_id: int
    name: str
    muted: bool


@dataclass(frozen=True, slots=True)
class FollowMatch:
    """A new article in one of the chat's unmuted feeds whose salient entities hold a key of a follow."""

    chat_id: int
    follow_id: int
    name: str
    article_id: int


@dataclass(frozen=True, slots=True)
class AlertRecord:
    id: int
    chat_id: int
    story_id: int
    follow_id: int | None
    name: str
    article_id: int
    queued_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ReportLink:
    """A report as an alert names it: its title, link and site."""

    article_id: int
    title: str | None
    url: str | None
    source: str | None


def _record(row: Follow) -> FollowRecord:
    return FollowRecord(row.id, row.chat_id, row.name, row.muted)


# -- a chat's follows ----------------------------------------------------------------------------------


async def chat_follows(session: AsyncSession, chat_id: int) -> list[FollowRecord]:
    rows = await session.scalars(select(Follow).where(Follow.chat_id == chat_id).order_by(Follow.id))
    return [_record(r) for r in rows]


async def count_follows(session: AsyncSession, chat_id: int) -> int:
    return int(await session.scalar(select(func.count(Follow.id)).where(Follow.chat_id == chat_id)) or 0)


async def follow_by_key(session: AsyncSession, chat_id: int, name_key: str) -> FollowRecord | None:
    row = await session.scalar(select(Follow).where(Follow.chat_id == chat_id, Follow.name_key == name_key))
    return _record(row) if row else None


async def add_follow(
    session: AsyncSession, chat_id: int, name: str, name_key: str, keys: Iterable[str]
) -> tuple[FollowRecord, bool]:
    """Follow `name` with its match keys; returns the follow and whether it is new (an existing one is
    unmuted and gains any new keys)."""
    added = await insert_ignoring_conflicts(
        session,
        Follow,
        [{"chat_id": chat_id, "name": name, "name_key": name_key, "muted": False, "created_at": utcnow()}],
    )
    row = await session.scalar(select(Follow).where(Follow.chat_id == chat_id, Follow.name_key == name_key))
    assert row is not None
    row.muted = False
    await insert_ignoring_conflicts(
        session, FollowKey, [{"follow_id": row.id, "key": k} for k in dict.fromkeys([name_key, *keys])]
    )
    return _record(row), bool(added)


async def remove_follow(session: AsyncSession, chat_id: int, follow_id: int) -> str | None:
    """Drop the follow; returns its name, or None when the chat had no such follow."""
    row = await session.get(Follow, follow_id)
    if row is None or row.chat_id != chat_id:
        return None
    name = row.name
    await session.execute(delete(FollowKey).where(FollowKey.follow_id == follow_id))
    await session.delete(row)
    return name


async def set_muted(session: AsyncSession, chat_id: int, follow_id: int, muted: bool) -> str | None:
    row = await session.get(Follow, follow_id)
    if row is None or row.chat_id != chat_id:
        return None
    row.muted = muted
    return row.name


async def follow_keys(session: AsyncSession, follow_id: int) -> list[str]:
    return list(await session.scalars(select(FollowKey.key).where(FollowKey.follow_id == follow_id)))


# -- matching ----------------------------------------------------------------------------------------------


async def locked_cursor(session: AsyncSession) -> FollowCursor:
    """The matching cursor, locked for this transaction (PostgreSQL: FOR UPDATE), created at first use."""
    await insert_ignoring_conflicts(session, FollowCursor, [{"name": CURSOR, "last_briefing_id": 0}])
    row = await session.scalar(select(FollowCursor).where(FollowCursor.name == CURSOR).with_for_update())
    assert row is not None
    return row


async def briefings_after(
    session: AsyncSession, cursor: int, cutoff: dt.datetime, limit: int
) -> list[tuple[int, int, dict[str, Any]]]:
    """(briefing id, article id, JSON) of briefings after the cursor stored by `cutoff`, oldest first."""
    rows = await session.execute(
        select(BriefingRow.id, BriefingRow.article_id, BriefingRow.data)
        .where(BriefingRow.id > cursor, BriefingRow.created_at <= cutoff)
        .order_by(BriefingRow.id)
        .limit(limit)
    )
    return [(bid, aid, data) for bid, aid, data in rows]


async def newest_briefing_id(session: AsyncSession, cutoff: dt.datetime) -> int:
    """The id of the newest briefing stored by `cutoff` (0 when there is none)."""
    return int(
        await session.scalar(select(func.max(BriefingRow.id)).where(BriefingRow.created_at <= cutoff)) or 0
    )


async def any_follows(session: AsyncSession) -> bool:
    return await session.scalar(select(Follow.id).limit(1)) is not None


async def store_article_keys(session: AsyncSession, keys: Mapping[int, Mapping[str, str]]) -> int:
    """Record each article's salient entity keys (article id -> key -> entity name)."""
    rows = [
        {"article_id": aid, "key": key, "entity": name[:200]}
        for aid, by_key in keys.items()
        for key, name in by_key.items()
    ]
    return await insert_ignoring_conflicts(session, ArticleEntityKey, rows)


async def matches(session: AsyncSession, article_ids: Sequence[int]) -> list[FollowMatch]:
    """The (chat, follow, article) triples of these articles: a salient key equals a follow's key, the
    follow is not muted, and the article came from a feed the chat follows unmuted; news stored before the
    subscription or the follow never alerts."""
    found: dict[tuple[int, int, int], FollowMatch] = {}
    ids = list(dict.fromkeys(article_ids))
    for start in range(0, len(ids), IN_BATCH):
        rows = await session.execute(
            select(Follow.chat_id, Follow.id, Follow.name, ArticleEntityKey.article_id)
            .select_from(ArticleEntityKey)
            .join(FollowKey, FollowKey.key == ArticleEntityKey.key)
            .join(Follow, Follow.id == FollowKey.follow_id)
            .join(Article, Article.id == ArticleEntityKey.article_id)
            .join(
                Subscription,
                and_(Subscription.chat_id == Follow.chat_id, Subscription.feed_id == Article.feed_id),
            )
            .join(Chat, Chat.chat_id == Follow.chat_id)
            .where(
                ArticleEntityKey.article_id.in_(ids[start : start + IN_BATCH]),
                Follow.muted.is_(False),
                Subscription.muted.is_(False),
                Subscription.created_at <= Article.fetched_at,
                Follow.created_at <= Article.fetched_at,
                Chat.active.is_(True),
            )
        )
        for chat_id, follow_id, name, article_id in rows:
            found.setdefault(
                (chat_id, follow_id, article_id), FollowMatch(chat_id, follow_id, name, article_id)
            )
    return sorted(found.values(), key=lambda m: (m.article_id, m.chat_id, m.follow_id))


async def alerts_of_stories(
    session: AsyncSession, pairs: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], AlertRecord]:
    """(chat id, story id) -> the alert the chat already has for that story."""
    wanted = set(pairs)
    found: dict[tuple[int, int], AlertRecord] = {}
    stories = sorted({story for _, story in wanted})
    for start in range(0, len(stories), IN_BATCH):
        rows = await session.scalars(
            select(FollowAlert).where(FollowAlert.story_id.in_(stories[start : start + IN_BATCH]))
        )
        for row in rows:
            if (row.chat_id, row.story_id) in wanted:
                found[(row.chat_id, row.story_id)] = _alert(row)
    return found


async def add_alerts(session: AsyncSession, matches: Mapping[tuple[int, int], FollowMatch]) -> int:
    """A new alert for each (chat id, story id) -> its first match; pairs another planner recorded
    meanwhile are left as they are. Returns the alerts added."""
    now = utcnow()
    rows = [
        {
            "chat_id": chat_id,
            "story_id": story_id,
            "follow_id": match.follow_id,
            "name": match.name[:200],
            "article_id": match.article_id,
            "created_at": now,
            "queued_at": None,
        }
        for (chat_id, story_id), match in matches.items()
    ]
    return await insert_ignoring_conflicts(session, FollowAlert, rows)


async def add_reports(session: AsyncSession, reports: Sequence[tuple[int, int]]) -> int:
    """(alert id, article id) pairs: later reports of alerted stories. Returns those not recorded before."""
    now = utcnow()
    return await insert_ignoring_conflicts(
        session, FollowAlertReport, [{"alert_id": a, "article_id": r, "created_at": now} for a, r in reports]
    )


async def alerts_by_id(session: AsyncSession, alert_ids: Sequence[int]) -> list[AlertRecord]:
    rows = await session.scalars(
        select(FollowAlert).where(FollowAlert.id.in_(list(alert_ids))).order_by(FollowAlert.id)
    )
    return [_alert(r) for r in rows]


async def pending_alerts(session: AsyncSession, chat_id: int) -> list[AlertRecord]:
    """The chat's alerts not queued yet, oldest first."""
    rows = await session.scalars(
        select(FollowAlert)
        .where(FollowAlert.chat_id == chat_id, FollowAlert.queued_at.is_(None))
        .order_by(FollowAlert.id)
    )
    return [_alert(r) for r in rows]


async def mark_queued(session: AsyncSession, alert_ids: Sequence[int], at: dt.datetime) -> None:
    if alert_ids:
        await session.execute(
            update(FollowAlert).where(FollowAlert.id.in_(list(alert_ids))).values(queued_at=at)
        )


async def report_links(session: AsyncSession, alert_ids: Sequence[int]) -> dict[int, list[ReportLink]]:
    """alert id -> its later reports (title, link, site), earliest first."""
    found: dict[int, list[ReportLink]] = {}
    if not alert_ids:
        return found
    rows = await session.execute(
        select(FollowAlertReport.alert_id, Article.id, Article.title, Article.url, Article.source, Feed.title)
        .join(Article, Article.id == FollowAlertReport.article_id)
        .outerjoin(Feed, Feed.id == Article.feed_id)
        .where(FollowAlertReport.alert_id.in_(list(alert_ids)))
        .order_by(FollowAlertReport.created_at, Article.id)
    )
    for alert_id, aid, title, url, source, feed_title in rows:
        found.setdefault(alert_id, []).append(ReportLink(aid, title, url, source or feed_title))
    return found


async def alert_count(session: AsyncSession, chat_id: int | None = None) -> int:
    query = select(func.count(FollowAlert.id))
    if chat_id is not None:
        query = query.where(FollowAlert.chat_id == chat_id)
    return int(await session.scalar(query) or 0)


def _alert(row: FollowAlert) -> AlertRecord:
    return AlertRecord(
        row.id, row.chat_id, row.story_id, row.follow_id, row.name, row.article_id, row.queued_at
    )
