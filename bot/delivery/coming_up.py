"""A chat's upcoming events, read from the store and merged by the engine (summarizers.upcoming): what
/upcoming lists, a digest's "Coming up" section and the day-before reminders are made of."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.upcoming_queries import StoredReport, upcoming_reports
from summarizers import Briefing
from summarizers.upcoming import Report, UpcomingEvent, upcoming_events

WINDOW_DAYS = 7  # a digest's "Coming up": the events beginning in the next seven days, today included


async def upcoming_of_chat(
    session: AsyncSession,
    chat_id: int,
    today: dt.date,
    *,
    until: dt.date | None = None,
    limit: int | None = None,
) -> list[UpcomingEvent]:
    """The events still to come in the chat's feeds on its local `today` (those beginning by `until` when
    given), merged across reports and re-dated by newer ones, earliest first."""
    stored = await upcoming_reports(session, chat_id, today, until=until)
    if not stored:
        return []
    return await asyncio.to_thread(merged, stored, today, until, limit)


def merged(
    stored: Sequence[StoredReport], today: dt.date, until: dt.date | None, limit: int | None
) -> list[UpcomingEvent]:
    reports = [Report(r.article_id, r.story_id, Briefing.from_dict(r.data)) for r in stored]
    return upcoming_events(reports, today, until=until, limit=limit)


def window_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=WINDOW_DAYS - 1)
