"""Queries of /upcoming: the indexed events still to come of a chat's feeds and follows, with the briefings (and their
stories' other reports) that tell them; reminders asked for; the chats whose reminders are due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.engine import IN_BATCH, insert_ignoring_conflicts
from bot.store.event_dates import coming_spans
from bot.store.follow_tables import ArticleEntityKey, Follow, FollowKey
from bot.store.story_tables import ArticleStory
from bot.store.tables import BriefingRow, Chat, Subscription, utcnow
from bot.store.upcoming_tables import DatedEvent, EventReminder, ReminderSetting

MAX_EVENT_ROWS = 2_000  # earliest indexed events read for one chat
MAX_ARTICLES = 300  # reports those events come from
MAX_STORY_REPORTS = 300  # other reports of their stories (which may re-date an event)


@dataclass(frozen=True, slots=True)
class StoredReport:
    article_id: int
    story_id: int | None
    data: dict[str, Any]  # Briefing.to_dict()


@dataclass(frozen=True, slots=True)
class StoredReminder:
    id: int
    chat_id: int
    article_id: int
    date: str
    end: str | None
    starts: dt.date
    label: str


def dated_events(
    article_id: int, feed_id: int | None, data: dict[str, Any], today: dt.date | None = None
) -> list[DatedEvent]:
    """The index rows of a briefing's events still to come; none for an article of no feed (no chat's)."""
    if feed_id is None:
        return []
    today = today or utcnow().date() - dt.timedelta(days=1)  # the earliest "today" of any time zone
    return [
        DatedEvent(
            article_id=article_id, feed_id=feed_id, starts=s.starts, ends=s.ends, granularity=s.granularity
        )
        for s in coming_spans(data, today)
    ]


def chat_feeds(chat_id: int) -> Any:
    return select(Subscription.feed_id).where(Subscription.chat_id == chat_id, Subscription.muted.is_(False))


def upcoming_events_query(
    chat_id: int, today: dt.date, *, until: dt.date | None = None
) -> Select[tuple[int, dt.date]]:
    """(article, first day) of the earliest events still to come in the chat's unmuted feeds (beginning by
    `until` when given): one range of ix_dated_events_feed_ends per feed."""
    return _coming(DatedEvent.feed_id.in_(chat_feeds(chat_id)), today, until)


def followed_events_query(
    chat_id: int, today: dt.date, *, until: dt.date | None = None
) -> Select[tuple[int, dt.date]]:
    """The same for the articles, of any feed, in which an entity the chat follows (unmuted) is salient:
    the follows' keys (ix_article_entity_keys_key) give the articles, ix_dated_events_article their events."""
    followed = (
        select(ArticleEntityKey.article_id)
        .join(FollowKey, FollowKey.key == ArticleEntityKey.key)
        .join(Follow, Follow.id == FollowKey.follow_id)
        .where(Follow.chat_id == chat_id, Follow.muted.is_(False))
    )
    return _coming(DatedEvent.article_id.in_(followed), today, until)


def _coming(whose: Any, today: dt.date, until: dt.date | None) -> Select[tuple[int, dt.date]]:
    """A year-dated event counts from the next year; a window holds what begins in it."""
    query = (
        select(DatedEvent.article_id, DatedEvent.starts)
        .where(
            whose,
            DatedEvent.ends >= today,
            or_(DatedEvent.granularity != "year", DatedEvent.starts > today),
        )
        .order_by(DatedEvent.starts, DatedEvent.ends)
        .limit(MAX_EVENT_ROWS)
    )
    if until is not None:
        query = query.where(DatedEvent.starts <= until, DatedEvent.starts >= today)
    return query


async def upcoming_article_ids(
    session: AsyncSession, chat_id: int, today: dt.date, *, until: dt.date | None = None
) -> list[int]:
    """The articles telling the chat's earliest events still to come: its feeds' and its follows'."""
    rows = [
        *(await session.execute(upcoming_events_query(chat_id, today, until=until))),
        *(await session.execute(followed_events_query(chat_id, today, until=until))),
    ]
    rows.sort(key=lambda row: row[1])
    return list(dict.fromkeys(article_id for article_id, _ in rows))[:MAX_ARTICLES]


async def reports_with_stories(session: AsyncSession, article_ids: Sequence[int]) -> list[StoredReport]:
    """The articles' briefings, and the other reports of their stories (at most MAX_STORY_REPORTS)."""
    ids = list(dict.fromkeys(article_ids))
    found: list[StoredReport] = []
    for start in range(0, len(ids), IN_BATCH):
        found.extend(await _reports(session, BriefingRow.article_id.in_(ids[start : start + IN_BATCH])))
    stories = sorted({r.story_id for r in found if r.story_id is not None})
    given, others = set(ids), []
    for start in range(0, len(stories), IN_BATCH):
        rows = await _reports(session, ArticleStory.story_id.in_(stories[start : start + IN_BATCH]))
        others.extend(r for r in rows if r.article_id not in given)
        if len(others) >= MAX_STORY_REPORTS:
            break
    return found + others[:MAX_STORY_REPORTS]


async def _reports(session: AsyncSession, condition: Any) -> list[StoredReport]:
    rows = await session.execute(
        select(BriefingRow.article_id, ArticleStory.story_id, BriefingRow.data)
        .outerjoin(ArticleStory, ArticleStory.article_id == BriefingRow.article_id)
        .where(condition)
        .order_by(BriefingRow.article_id)
    )
    return [StoredReport(aid, story, data) for aid, story, data in rows]


async def upcoming_reports(
    session: AsyncSession, chat_id: int, today: dt.date, *, until: dt.date | None = None
) -> list[StoredReport]:
    return await reports_with_stories(
        session, await upcoming_article_ids(session, chat_id, today, until=until)
    )


# -- reminders ----------------------------------------------------------------------------------------


async def add_reminder(
    session: AsyncSession,
    chat_id: int,
    article_id: int,
    date: str,
    end: str | None,
    starts: dt.date,
    label: str,
) -> bool:
    """Remember a reminder; False when the chat had asked for this one already."""
    row = {
        "chat_id": chat_id,
        "article_id": article_id,
        "date": date,
        "end": end,
        "starts": starts,
        "label": label,
        "created_at": utcnow(),
    }
    added = await insert_ignoring_conflicts(
        session, EventReminder, [row], index_elements=["chat_id", "article_id", "date"]
    )
    return bool(added)


async def reminder_setting(session: AsyncSession, chat_id: int, *, lock: bool = False) -> ReminderSetting:
    """The chat's row, made when missing (the chat must exist); `lock`: held until the transaction ends
    (PostgreSQL), so two planners cannot both plan the chat's day."""
    await insert_ignoring_conflicts(
        session, ReminderSetting, [{"chat_id": chat_id, "every_event": False}], index_elements=["chat_id"]
    )
    query = select(ReminderSetting).where(ReminderSetting.chat_id == chat_id)
    setting = await session.scalar(query.with_for_update() if lock else query)
    assert setting is not None
    return setting


async def chats_with_reminders(session: AsyncSession, utc_today: dt.date) -> list[tuple[int, bool]]:
    """(chat id, every event?) of the active chats whose day may need reminders planned: those wanting every
    reminder or having asked for one of an event starting by the day after tomorrow, and whose reminders
    are not planned yet for a day as late as any time zone's today (UTC's tomorrow)."""
    asked = select(EventReminder.chat_id).where(EventReminder.starts <= utc_today + dt.timedelta(days=2))
    rows = await session.execute(
        select(Chat.chat_id, ReminderSetting.every_event)
        .outerjoin(ReminderSetting, ReminderSetting.chat_id == Chat.chat_id)
        .where(
            Chat.active.is_(True),
            or_(ReminderSetting.every_event.is_(True), Chat.chat_id.in_(asked)),
            or_(
                ReminderSetting.planned_on.is_(None),
                ReminderSetting.planned_on < utc_today + dt.timedelta(days=1),
            ),
        )
    )
    return [(chat_id, bool(every)) for chat_id, every in rows]


async def reminders_of(session: AsyncSession, chat_id: int, starting_by: dt.date) -> list[StoredReminder]:
    rows = await session.scalars(
        select(EventReminder)
        .where(EventReminder.chat_id == chat_id, EventReminder.starts <= starting_by)
        .order_by(EventReminder.starts, EventReminder.id)
    )
    return [StoredReminder(r.id, r.chat_id, r.article_id, r.date, r.end, r.starts, r.label) for r in rows]


async def drop_reminders(session: AsyncSession, ids: Sequence[int]) -> None:
    if ids:
        await session.execute(delete(EventReminder).where(EventReminder.id.in_(list(ids))))


async def briefing_data(session: AsyncSession, article_id: int) -> dict[str, Any] | None:
    return await session.scalar(select(BriefingRow.data).where(BriefingRow.article_id == article_id))
