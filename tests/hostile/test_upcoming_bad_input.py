"""Bad input to /upcoming (issue 19), through the real bot and the strict Bot API server: an event dated
"next year" is shown as that year, never 1 January, and stays out of the calendar file; a calendar request
with nothing to put in it gets a short message, not an empty file; forged reminder buttons and unknown
arguments get polite answers; a group's members read the list but only its admins set reminders; hundreds of long events stay within Telegram's limits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.i18n import translator
from bot.store.upcoming_tables import EventReminder, ReminderSetting
from bot.telegram.handlers.callbacks import NO_LONGER_VALID
from bot.telegram.handlers.common import NOT_ADMIN
from tests.delivery.seed import add_chat, add_feed, subscribe
from tests.delivery.upcoming_seed import NEXT_YEAR, TODAY, day, on, report, store_report
from tests.servers.botapi import utf16_len
from tests.telegram.conftest import PRIVATE_CHAT, USER, RunningBot, started_bot

pytestmark = pytest.mark.slow
NOW = dt.datetime.now(dt.UTC)
NOTHING = "No upcoming dates in your feeds yet."


async def _chat_feed(bot: RunningBot) -> int:
    database = bot.runtime.database
    await add_chat(database, PRIVATE_CHAT, created=NOW - dt.timedelta(days=30))
    feed = await add_feed(database, "World Desk")
    await subscribe(database, PRIVATE_CHAT, feed, at=NOW - dt.timedelta(days=30))
    return feed


async def _tap(bot: RunningBot, data: str, message_id: int) -> str | None:
    query_id = bot.server.push_callback(PRIVATE_CHAT, USER, data, message_id)
    await bot.server.wait_for(
        lambda: not any(q.query_id == query_id for q in bot.server.unanswered_callbacks())
    )
    return next(q for q in bot.server.callback_queries() if q.query_id == query_id).answer_text


async def test_next_year_is_shown_as_the_year_and_an_empty_calendar_is_a_short_message(
    tmp_path: Path, web_server: str
) -> None:
    async with started_bot(tmp_path, web_server) as bot:
        feed = await _chat_feed(bot)
        bot.say("/upcoming ics")
        empty = await bot.reply(PRIVATE_CHAT, lambda m: NOTHING in (m.text or m.caption or ""))
        assert empty.document is None

        await store_report(bot.runtime.database, feed, NEXT_YEAR)
        after = bot.last_id()
        bot.say("/upcoming")
        listed = await bot.reply(PRIVATE_CHAT, lambda m: "Coming up" in (m.text or ""), after=after)
        (line,) = [x for x in listed.text.splitlines() if " — " in x]
        assert line == f"{TODAY.year + 1} (date known to the year) — Parliament elections will be held"
        assert "Jan" not in listed.text

        after = bot.last_id()
        bot.say("/upcoming ics")  # a year has no day in a calendar: nothing to put in the file
        answer = await bot.reply(PRIVATE_CHAT, lambda m: m.message_id > after, after=after)
        assert answer.document is None and NOTHING in (answer.text or "")
        assert all(m.document is None for m in bot.server.sent_messages(PRIVATE_CHAT))
        await bot.idle()
        assert bot.server.errors == [], bot.server.describe()


async def test_forged_reminder_buttons_and_unknown_arguments_get_polite_answers(
    tmp_path: Path, web_server: str
) -> None:
    async with started_bot(tmp_path, web_server) as bot:
        feed = await _chat_feed(bot)
        article = await store_report(
            bot.runtime.database, feed, report("Vote", day(-1), on(3, "Parliament votes"))
        )
        bot.say("/upcoming please")
        usage = await bot.reply(PRIVATE_CHAT, lambda m: "/upcoming ics" in (m.text or ""))
        t = translator("en")
        answers = {
            f"rmd:{article}:20261399": t.text(NO_LONGER_VALID),  # digits, but no such day
            f"rmd:{article}:{day(5):%Y%m%d}": "I no longer have that event.",
            f"rmd:{article + 999}:{day(3):%Y%m%d}": "I no longer have that event.",
            f"rmd:{article}:{day(-2):%Y%m%d}": "That is too soon for a reminder the day before.",
            "rmd:abc:20270101": t.text(NO_LONGER_VALID),
            f"rmd:{article}": t.text(NO_LONGER_VALID),
            "rmdall:maybe": t.text(NO_LONGER_VALID),
            "upics:1": t.text(NO_LONGER_VALID),
        }
        before = bot.last_id()
        for data, expected in answers.items():
            assert await _tap(bot, data, usage.message_id) == expected, data
        assert bot.last_id() == before
        await bot.idle()
        assert bot.server.errors == [], bot.server.describe()


async def test_hundreds_of_long_events_fit_telegrams_limits(tmp_path: Path, web_server: str) -> None:
    async with started_bot(tmp_path, web_server) as bot:
        feed = await _chat_feed(bot)
        for n in range(60):
            label = f"Ceremony {n} " + "ยินดีต้อนรับ 🎉 with an extremely long description " * 10
            long_title = "T" * 400
            await store_report(
                bot.runtime.database, feed, report(f"{long_title} {n}", day(-1), on(1 + n, label))
            )
        bot.say("/upcoming")
        await bot.reply(PRIVATE_CHAT, lambda m: m.reply_markup is not None, timeout=60)  # the last piece
        await bot.idle()
        pieces = [m for m in bot.server.sent_messages(PRIVATE_CHAT) if m.text]
        assert len(pieces) > 1 and all(utf16_len(m.text) <= 4096 for m in pieces)
        buttons = [b for m in pieces for b in m.buttons]
        assert 0 < len([b for b in buttons if b["callback_data"].startswith("rmd:")]) <= 8
        assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
        assert bot.server.errors == [], bot.server.describe()


async def test_in_a_group_only_admins_switch_reminders_members_may_read(
    tmp_path: Path, web_server: str
) -> None:
    group, admin, member = -100400, 4001, 4002
    async with started_bot(tmp_path, web_server) as bot:
        bot.server.add_chat(group, chat_type="supergroup", title="News room")
        bot.server.set_admins(group, [admin])
        database = bot.runtime.database
        await add_chat(database, group, created=NOW - dt.timedelta(days=30))
        feed = await add_feed(database, "World Desk")
        await subscribe(database, group, feed, at=NOW - dt.timedelta(days=30))
        await store_report(database, feed, report("Vote", day(-1), on(3, "Parliament votes")))

        bot.say("/upcoming", chat=group, user=member, chat_type="supergroup")
        listed = await bot.reply(group, lambda m: "Coming up in your feeds" in (m.text or ""), timeout=60)
        bot.say("/upcoming remind on", chat=group, user=member, chat_type="supergroup")
        refused = await bot.reply(
            group, lambda m: "administrators" in (m.text or ""), after=listed.message_id
        )
        assert refused.text == str(NOT_ADMIN)
        for data in [b["callback_data"] for b in listed.buttons if b["callback_data"].startswith("rmd")]:
            query_id = bot.server.push_callback(group, member, data, listed.message_id)
            await bot.idle()
            query = next(q for q in bot.server.callback_queries() if q.query_id == query_id)
            assert (query.answer_text, query.show_alert) == (str(NOT_ADMIN), True), data
        async with database.session() as session:
            assert list(await session.scalars(select(EventReminder))) == []
            assert await session.get(ReminderSetting, group) is None

        bot.say("/upcoming remind on", chat=group, user=admin, chat_type="supergroup")
        await bot.reply(group, lambda m: "every upcoming event" in (m.text or ""), after=refused.message_id)
        async with database.session() as session:
            setting = await session.get(ReminderSetting, group)
            assert setting is not None and setting.every_event
        await bot.idle()
        assert bot.server.errors == [], bot.server.describe()
