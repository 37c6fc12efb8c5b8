"""/upcoming through the real bot and the strict Bot API server, on SQLite and PostgreSQL: the list with
its dates at their granularity, re-dated events and sources; a reminder button; the calendar file, read by
icalendar's parser and by vobject, an independent one; and the short answer when nothing is coming."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import icalendar
import pytest
import vobject
from sqlalchemy import select

from bot.store.upcoming_tables import EventReminder
from summarizers.briefing import Event
from tests.delivery.seed import add_chat, add_feed, subscribe
from tests.delivery.upcoming_seed import (
    NEXT_YEAR,
    SUMMIT_MOVED,
    SUMMIT_SET,
    TODAY,
    day,
    on,
    report,
    store_report,
)
from tests.telegram.conftest import PRIVATE_CHAT, USER, RunningBot, started_bot

pytestmark = pytest.mark.slow
NOW = dt.datetime.now(dt.UTC)
MONTH_AHEAD = (TODAY.replace(day=1) + dt.timedelta(days=62)).replace(day=1)
TALKS = report(
    "Talks later",
    day(-1),
    Event(
        f"{MONTH_AHEAD:%Y-%m}",
        "month",
        f"in {MONTH_AHEAD:%B}",
        f"Trade talks resume in {MONTH_AHEAD:%B}.",
        label="Trade talks resume",
    ),
)


async def _seed(bot: RunningBot) -> None:
    database = bot.runtime.database
    await add_chat(database, PRIVATE_CHAT, created=NOW - dt.timedelta(days=30))
    feed = await add_feed(database, "World Desk")
    asia = await add_feed(database, "Asia Desk")
    for f in (feed, asia):
        await subscribe(database, PRIVATE_CHAT, f, at=NOW - dt.timedelta(days=30))
    story = await store_report(database, feed, SUMMIT_SET)
    await store_report(database, asia, SUMMIT_MOVED, story_id=story)
    await store_report(database, feed, NEXT_YEAR)
    await store_report(database, feed, TALKS)
    await store_report(database, feed, report("Vote", day(-1), on(3, "Parliament votes on the budget")))


async def _tap(bot: RunningBot, data: str, message_id: int) -> str | None:
    query_id = bot.server.push_callback(PRIVATE_CHAT, USER, data, message_id)
    await bot.server.wait_for(
        lambda: not any(q.query_id == query_id for q in bot.server.unanswered_callbacks())
    )
    return next(q for q in bot.server.callback_queries() if q.query_id == query_id).answer_text


async def test_upcoming_lists_the_chats_dates_and_a_bell_sets_a_reminder(
    tmp_path: Path, web_server: str, db_url: str
) -> None:
    async with started_bot(tmp_path, web_server, database_url=db_url) as bot:
        await _seed(bot)
        bot.say("/upcoming")
        reply = await bot.reply(
            PRIVATE_CHAT, lambda m: "Coming up in your feeds" in (m.text or ""), timeout=60
        )
        lines = reply.text.splitlines()
        dated = [line for line in lines if " — " in line]
        assert [line.split(" — ")[1] for line in dated] == [
            "Parliament votes on the budget",
            "Putin and Abe summit in Nagato was moved",
            "Trade talks resume",
            "Parliament elections will be held",  # after every dated event of its year: not on 1 January
        ], reply.text
        assert dated[-1].startswith(f"{TODAY.year + 1} (date known to the year)"), dated[-1]
        assert "1 Jan" not in reply.text
        assert dated[2].startswith(f"{MONTH_AHEAD:%B %Y} (date known to the month)"), dated[2]
        moved = lines.index(dated[1])
        assert lines[
            moved + 1
        ] == f"Date changed: earlier reports said {day(10).day} {day(10):%b} {day(10).year}.".replace(
            "Sep ", "Sept "
        ), lines[moved + 1]
        assert lines[moved + 2] == "↳ Leaders to meet in Nagato, Nagato summit moved"

        bells = [b for b in reply.buttons if b["callback_data"].startswith("rmd:")]
        assert len(bells) == 2 and all(len(b["callback_data"].encode()) <= 64 for b in reply.buttons)
        vote = next(b for b in bells if b["callback_data"].endswith(day(3).strftime("%Y%m%d")))
        assert await _tap(bot, vote["callback_data"], reply.message_id) == "I'll remind you the day before."
        assert await _tap(bot, vote["callback_data"], reply.message_id) == "You have that reminder already."
        async with bot.runtime.database.session() as session:
            (asked,) = list(await session.scalars(select(EventReminder)))
        assert (asked.chat_id, asked.starts, asked.label) == (
            PRIVATE_CHAT,
            day(3),
            "Parliament votes on the budget",
        )

        every = next(b for b in reply.buttons if b["callback_data"] == "rmdall:on")
        answer = await _tap(bot, every["callback_data"], reply.message_id)
        assert answer == "I'll remind you the day before every upcoming event in your feeds."
        await bot.idle()
        assert bot.server.errors == [], bot.server.describe()


async def test_upcoming_ics_is_a_calendar_two_independent_parsers_read(
    tmp_path: Path, web_server: str, db_url: str
) -> None:
    async with started_bot(tmp_path, web_server, database_url=db_url) as bot:
        await _seed(bot)
        bot.say("/upcoming ics")
        sent = await bot.reply(PRIVATE_CHAT, lambda m: m.document is not None, timeout=60)
        assert sent.document is not None and sent.document.file_name == "upcoming.ics"
        content = sent.document.content

        calendar = icalendar.Calendar.from_ical(content)
        events = sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))
        assert [(e.decoded("dtstart"), e.decoded("dtend")) for e in events] == [
            (day(3), day(4)),
            (day(15), day(16)),
            (MONTH_AHEAD, MONTH_AHEAD + dt.timedelta(days=1)),
        ]
        assert all(type(e.decoded("dtstart")) is dt.date for e in events)  # all-day: DATE values
        assert str(events[2]["summary"]).startswith(f"{MONTH_AHEAD:%B %Y}: Trade talks resume")
        assert "to the month only" in str(events[2]["description"])
        assert "Date changed" in str(events[1]["description"])
        assert len({str(e["uid"]) for e in events}) == 3

        parsed = vobject.readOne(content.decode("utf-8"))
        starts = sorted(v.dtstart.value for v in parsed.vevent_list)
        assert starts == [day(3), day(15), MONTH_AHEAD]
        assert all(v.dtstamp.value.tzinfo is not None for v in parsed.vevent_list)
        await bot.idle()
        assert bot.server.errors == [], bot.server.describe()


async def test_a_bell_tapped_for_tomorrow_brings_the_reminder_through_the_outbox(
    tmp_path: Path, web_server: str, db_url: str
) -> None:
    async with started_bot(tmp_path, web_server, database_url=db_url) as bot:
        database = bot.runtime.database
        await add_chat(database, PRIVATE_CHAT, created=NOW - dt.timedelta(days=30), times="00:00", zone="UTC")
        feed = await add_feed(database, "World Desk")
        await subscribe(database, PRIVATE_CHAT, feed, at=NOW - dt.timedelta(days=30))
        await store_report(database, feed, report("Vote", day(-1), on(1, "Parliament votes on the budget")))
        bot.say("/upcoming")
        listed = await bot.reply(
            PRIVATE_CHAT, lambda m: "Coming up in your feeds" in (m.text or ""), timeout=60
        )
        (bell,) = [b for b in listed.buttons if b["callback_data"].startswith("rmd:")]
        assert await _tap(bot, bell["callback_data"], listed.message_id) == "I'll remind you the day before."

        after = bot.last_id()
        await bot.runtime.delivery.plan_due()  # the planner's minute: past the chat's first digest time
        reminder = await bot.reply(
            PRIVATE_CHAT, lambda m: "Reminder: tomorrow" in (m.text or ""), after=after
        )
        assert "Parliament votes on the budget" in reminder.text
        await bot.runtime.delivery.plan_due()  # planned once a day: nothing more
        await bot.idle()
        await asyncio.sleep(1)
        reminders = [m for m in bot.server.sent_messages(PRIVATE_CHAT) if "Reminder" in (m.text or "")]
        assert len(reminders) == 1
        assert bot.server.errors == [], bot.server.describe()
