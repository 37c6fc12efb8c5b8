"""Day-before reminders of upcoming events, planned into the outbox like digests, so a reminder survives a
restart and goes out once (its outbox key names the chat and the day).

A chat gets them for the events it asked about (the button under an /upcoming entry, table
event_reminders) and, when it wants every reminder (/upcoming remind on), for every day-dated event of
its feeds beginning tomorrow. They are planned once a day per chat, at the chat's first digest time in
its time zone (outbox key `reminder:<chat>:<day>:<fingerprint of the events>:<part>`): one message listing
tomorrow's events (and any asked-for event of today whose reminder the bot, offline, could not send the
day before). A bell tapped for tomorrow after that plans the day again. An asked-for event that a newer
report moved is reminded of at its new date."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import schedule as schedules
from bot.delivery.coming_up import upcoming_of_chat
from bot.delivery.layout import DeliveryLayout
from bot.settings import Settings
from bot.store import chats as chat_queries
from bot.store import topics as topic_queries
from bot.store import upcoming_queries as queries
from bot.store.engine import Database
from bot.store.outbox import OutgoingMessage, enqueue
from bot.store.upcoming_queries import StoredReminder
from summarizers.upcoming import UpcomingEvent

MAX_EVENTS = 20  # events one reminder lists


class ReminderPlanner:
    def __init__(self, database: Database, settings: Settings, layout: DeliveryLayout) -> None:
        self.database = database
        self.settings = settings
        self.layout = layout

    async def plan_due(self, now: dt.datetime) -> int:
        """Queue the reminders whose time has come; returns the messages queued."""
        async with self.database.session() as session:
            chats = await queries.chats_with_reminders(session, now.astimezone(dt.UTC).date())
        queued = 0
        for chat_id, every_event in chats:
            queued += await self.plan_chat(chat_id, every_event, now)
        return queued

    async def plan_chat(self, chat_id: int, every_event: bool, now: dt.datetime) -> int:
        """Once a day, past the chat's first digest time: tomorrow's events in one message."""
        async with self.database.session() as session:
            chat = await chat_queries.get_chat(session, chat_id)
            if chat is None:
                return 0
            schedule = schedules.Schedule.parse(
                chat.digest_times or self.settings.digest_time,
                chat.timezone or self.settings.default_timezone,
                schedules.DAILY,
            )
            local = now.astimezone(ZoneInfo(schedule.zone))
            if schedule.times and local.time() < schedule.times[0]:
                return 0
            today = local.date()
            tomorrow = today + dt.timedelta(days=1)
            setting = await queries.reminder_setting(session, chat_id, lock=True)
            if setting.planned_on is not None and setting.planned_on >= today:
                return 0
            asked = await queries.reminders_of(session, chat_id, tomorrow)
            events = await _asked_events(session, chat_id, asked, today)
            if every_event:
                coming = await upcoming_of_chat(session, chat_id, tomorrow, until=tomorrow)
                events += [e for e in coming if e.granularity == "day"]
            events = _distinct(events)[:MAX_EVENTS]
            queued = 0
            if events:
                language = await chat_queries.locale_of_chat(session, chat_id)
                pieces = self.layout.reminder(events, tomorrow, language)
                topic = (await topic_queries.topic_routes(session, chat_id)).digest  # a forum: the digest's
                day = f"{chat_id}:{tomorrow.isoformat()}:{_fingerprint(events)}"
                messages = [
                    OutgoingMessage(
                        key=f"reminder:{day}:{i}", text=p, kind="reminder", message_thread_id=topic
                    )
                    for i, p in enumerate(pieces)
                ]
                queued = await enqueue(session, chat_id, messages, due_at=now)
            await queries.drop_reminders(session, [r.id for r in asked])
            setting.planned_on = today
        return queued


async def _asked_events(
    session: AsyncSession, chat_id: int, asked: Sequence[StoredReminder], today: dt.date
) -> list[UpcomingEvent]:
    """The asked-for events of today and tomorrow, each at its newest date: one a newer report moved further
    on is not reminded of now, its reminder moves with it (to the newer report's event)."""
    if not asked:
        return []
    coming = await upcoming_of_chat(session, chat_id, today)
    events = []
    for reminder in asked:
        moved = _moved(reminder, coming)
        if moved is None:
            if reminder.starts >= today:
                events.append(_asked_event(reminder))
        elif moved.first_day > today + dt.timedelta(days=1):
            await queries.add_reminder(
                session, chat_id, moved.report, moved.date, moved.end, moved.first_day, moved.label
            )
        elif moved.first_day >= today:
            events.append(moved)
    return events


def _moved(reminder: StoredReminder, coming: Sequence[UpcomingEvent]) -> UpcomingEvent | None:
    """The upcoming event a newer report re-dated the reminder's event to, if one did."""
    return next(
        (
            e
            for e in coming
            if reminder.article_id in e.reports
            and (reminder.date, reminder.end) in e.earlier_dates
            and (e.date, e.end) != (reminder.date, reminder.end)
        ),
        None,
    )


def _fingerprint(events: Sequence[UpcomingEvent]) -> str:
    """Names the events a reminder lists, so a day planned again (a bell tapped for tomorrow after the
    day's reminders were queued) queues its new list instead of colliding with the first one's key."""
    listed = "\n".join(f"{e.date}|{e.label}" for e in events)
    return hashlib.sha256(listed.encode()).hexdigest()[:12]


def _asked_event(reminder: StoredReminder) -> UpcomingEvent:
    granularity = ("year", "month", "day")[min(reminder.date.count("-"), 2)]
    return UpcomingEvent(
        reminder.date, reminder.end, granularity, reminder.label, reminder.label, (), reminder.article_id
    )


def _distinct(events: Sequence[UpcomingEvent]) -> list[UpcomingEvent]:
    """One per event: an asked-for event is also among every event; earliest first."""
    seen: dict[tuple[str, str], UpcomingEvent] = {}
    for event in events:
        seen.setdefault((event.date, event.label.casefold()), event)
    return sorted(seen.values(), key=lambda e: (e.first_day, e.label))


async def every_event_reminders(session: AsyncSession, chat_id: int, on: bool) -> None:
    """Switch the chat's reminders of every upcoming event on or off."""
    setting = await queries.reminder_setting(session, chat_id, lock=True)
    setting.every_event = on
