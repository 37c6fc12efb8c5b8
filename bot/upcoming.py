"""/upcoming: a chat's events still to come, the reminders it asks for, and its choice of a reminder of every
upcoming event. The events come from bot.delivery.coming_up (the store's index, merged by the engine)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.coming_up import upcoming_of_chat
from bot.delivery.reminders import every_event_reminders
from bot.settings import Settings
from bot.store import chats as chat_queries
from bot.store import upcoming_queries as queries
from bot.store.engine import Database
from bot.store.tables import utcnow
from bot.store.upcoming_tables import ReminderSetting
from summarizers import Briefing
from summarizers.briefing import Event
from summarizers.upcoming import UpcomingEvent

MAX_EVENTS = 40  # events /upcoming lists (the file holds as many)
MAX_CALENDAR_EVENTS = 500


@dataclass(frozen=True, slots=True)
class Upcoming:
    today: dt.date  # the chat's day, in its time zone
    events: tuple[UpcomingEvent, ...]
    every_event_reminders: bool


class Reminded(enum.Enum):
    ADDED = "added"
    ALREADY = "already"  # asked for before
    GONE = "gone"  # the article or its event is no longer stored
    TOO_LATE = "too late"  # the day before has passed


class UpcomingService:
    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings

    async def for_chat(self, chat_id: int, *, limit: int = MAX_EVENTS) -> Upcoming:
        """The chat's upcoming events from its local today, earliest first."""
        async with self.database.session() as session:
            today = await self._today(session, chat_id)
            events = await upcoming_of_chat(session, chat_id, today, limit=limit)
            setting = await session.get(ReminderSetting, chat_id)
        return Upcoming(today, tuple(events), bool(setting and setting.every_event))

    async def remind(self, chat_id: int, article_id: int, day: dt.date) -> Reminded:
        """Remember a reminder of the article's event beginning on `day`, the day before it."""
        async with self.database.session() as session:
            today = await self._today(session, chat_id)
            if day <= today:
                return Reminded.TOO_LATE
            data = await queries.briefing_data(session, article_id)
            event = _event_on(Briefing.from_dict(data), day) if data else None
            if event is None:
                return Reminded.GONE
            await chat_queries.ensure_chat(session, chat_id)
            added = await queries.add_reminder(
                session, chat_id, article_id, event.date, event.end, day, event.label or event.text
            )
            setting = await queries.reminder_setting(session, chat_id, lock=True)
            if added and day == today + dt.timedelta(days=1):
                setting.planned_on = None  # today's reminders may be planned already: plan again
        return Reminded.ADDED if added else Reminded.ALREADY

    async def remind_every_event(self, chat_id: int, on: bool) -> None:
        async with self.database.session() as session:
            await chat_queries.ensure_chat(session, chat_id)
            await every_event_reminders(session, chat_id, on)

    async def _today(self, session: AsyncSession, chat_id: int) -> dt.date:
        chat = await chat_queries.get_chat(session, chat_id)
        zone = (chat.timezone if chat else None) or self.settings.default_timezone
        return utcnow().astimezone(ZoneInfo(zone)).date()


def _event_on(briefing: Briefing, day: dt.date) -> Event | None:
    """The briefing's day-dated event beginning on `day`, if it still has one."""
    iso = day.isoformat()
    return next((e for e in briefing.events if e.granularity == "day" and e.date == iso), None)
