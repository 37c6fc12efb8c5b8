"""Upcoming events in delivery (SQLite and PostgreSQL): a digest's "Coming up" section lists the next seven
days' events of the chat's feeds and drops those that have passed; day-before reminders are queued in the
outbox once per chat and day, for the events asked about (at their newest date) and, when the chat wants them all, for every
event of tomorrow."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.delivery.planner import Planner
from bot.settings import Settings
from bot.store.engine import Database
from bot.store.upcoming_tables import EventReminder
from bot.telegram.render import LAYOUT
from bot.upcoming import UpcomingService
from tests.conftest import outbox_rows
from tests.delivery.seed import add_briefing, add_chat, add_feed, subscribe
from tests.delivery.upcoming_seed import TODAY, day, on, report, store_report
from tests.servers.botapi import parse_telegram_html, utf16_len

AT_NINE = dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC)


async def _chat(database: Database, chat_id: int = 1) -> int:
    created = AT_NINE - dt.timedelta(days=30)
    await add_chat(database, chat_id, created=created, times="08:00", zone="UTC")
    feed = await add_feed(database, f"Desk {chat_id}")
    await subscribe(database, chat_id, feed, at=created)
    return feed


def _text(html: str) -> str:
    return parse_telegram_html(html).text


async def test_a_digest_lists_the_next_seven_days_under_coming_up(
    database: Database, settings: Settings
) -> None:
    feed = await _chat(database)
    await store_report(database, feed, report("Vote", day(-1), on(2, "Parliament votes on the budget")))
    await store_report(database, feed, report("Fair", day(-1), on(12, "The book fair opens")))
    await store_report(database, feed, report("Done", day(-9), on(-1, "The ministers met in Brussels")))
    await add_briefing(database, feed, "Something new today", at=AT_NINE - dt.timedelta(hours=1))

    planned = await Planner(database, settings, LAYOUT).plan_digest(1, AT_NINE, now=AT_NINE, zone="UTC")
    assert planned.status == "planned"
    text = "\n".join(_text(r.text) for r in await outbox_rows(database, 1))
    coming = text.split("Coming up", 1)[1]
    assert "Parliament votes on the budget" in coming
    # The fair (12 days ahead) is in its own report's "Dates:" line, not in the next seven days.
    assert "book fair" not in coming and "ministers met" not in coming


async def test_a_digest_without_events_ahead_has_no_coming_up(database: Database, settings: Settings) -> None:
    feed = await _chat(database)
    await add_briefing(database, feed, "Something new today", at=AT_NINE - dt.timedelta(hours=1))
    await Planner(database, settings, LAYOUT).plan_digest(1, AT_NINE, now=AT_NINE, zone="UTC")
    rows = await outbox_rows(database, 1)
    assert rows and all("Coming up" not in _text(r.text) for r in rows)


async def test_an_asked_reminder_is_queued_once_the_day_before_at_the_digest_time(
    database: Database, settings: Settings
) -> None:
    feed = await _chat(database)
    article = await store_report(
        database, feed, report("Vote", day(-1), on(1, "Parliament votes on the budget"))
    )
    await store_report(database, feed, report("Fair", day(-1), on(1, "The book fair opens")))
    await UpcomingService(database, settings).remind(1, article, day(1))
    planner = Planner(database, settings, LAYOUT)

    early = await planner.plan_due(AT_NINE.replace(hour=7))
    assert early.reminders == 0
    report_ = await planner.plan_due(AT_NINE)
    assert report_.reminders == 1
    again = await planner.plan_due(AT_NINE + dt.timedelta(minutes=5))
    assert again.reminders == 0
    (row,) = [r for r in await outbox_rows(database, 1) if r.kind == "reminder"]
    text = _text(row.text)
    assert "Reminder: tomorrow" in text and "Parliament votes on the budget" in text
    assert "book fair" not in text  # not asked, and the chat did not ask for every event
    assert row.idempotency_key.startswith(f"reminder:1:{day(1).isoformat()}:")


async def test_every_event_reminders_list_all_of_tomorrows_events(
    database: Database, settings: Settings
) -> None:
    feed = await _chat(database)
    await store_report(database, feed, report("Vote", day(-1), on(1, "Parliament votes on the budget")))
    await store_report(database, feed, report("Fair", day(-1), on(1, "The book fair opens")))
    await store_report(database, feed, report("Later", day(-1), on(3, "The harbour festival starts")))
    await UpcomingService(database, settings).remind_every_event(1, True)

    assert (await Planner(database, settings, LAYOUT).plan_due(AT_NINE)).reminders == 1
    (row,) = [r for r in await outbox_rows(database, 1) if r.kind == "reminder"]
    text = _text(row.text)
    assert "Parliament votes" in text and "book fair opens" in text and "harbour" not in text


async def test_a_reminder_of_many_events_fits_telegrams_limit(database: Database, settings: Settings) -> None:
    feed = await _chat(database)
    for n in range(30):
        label = f"Event number {n} " + "with a very long description " * 12
        await store_report(database, feed, report(f"Report {n}", day(-1), on(1, label)))
    await UpcomingService(database, settings).remind_every_event(1, True)
    await Planner(database, settings, LAYOUT).plan_due(AT_NINE)
    rows = [r for r in await outbox_rows(database, 1) if r.kind == "reminder"]
    assert rows and all(utf16_len(_text(r.text)) <= 4096 for r in rows)


async def test_an_asked_reminder_follows_its_event_when_a_newer_report_moves_it(
    database: Database, settings: Settings
) -> None:
    feed = await _chat(database)
    first = report("Summit tomorrow", day(-3), on(1, "Putin and Abe will hold a summit in Nagato"))
    story = await store_report(database, feed, first)
    await UpcomingService(database, settings).remind(1, story, day(1))
    moved = report("Nagato summit moved", day(0), on(5, "Putin and Abe summit in Nagato was moved"))
    newer = await store_report(database, feed, moved, story_id=story)
    planner = Planner(database, settings, LAYOUT)

    assert (await planner.plan_due(AT_NINE)).reminders == 0  # not tomorrow any more
    async with database.session() as session:
        rows = list(await session.scalars(select(EventReminder)))
    assert [(r.article_id, r.starts) for r in rows] == [(newer, day(5))]

    assert (await planner.plan_due(AT_NINE + dt.timedelta(days=4))).reminders == 1
    (row,) = [r for r in await outbox_rows(database, 1) if r.kind == "reminder"]
    assert "summit in Nagato was moved" in _text(row.text)
    assert row.idempotency_key.startswith(f"reminder:1:{day(5).isoformat()}:")


async def test_a_bell_tapped_for_tomorrow_after_the_days_reminder_went_out_still_reminds(
    database: Database, settings: Settings
) -> None:
    feed = await _chat(database)
    vote = await store_report(
        database, feed, report("Vote", day(-1), on(1, "Parliament votes on the budget"))
    )
    fair = await store_report(database, feed, report("Fair", day(-1), on(1, "The book fair opens")))
    service, planner = UpcomingService(database, settings), Planner(database, settings, LAYOUT)
    await service.remind(1, vote, day(1))
    assert (await planner.plan_due(AT_NINE)).reminders == 1
    await service.remind(1, fair, day(1))  # later that day (the real clock's today is AT_NINE's)
    assert (await planner.plan_due(AT_NINE + dt.timedelta(hours=1))).reminders == 1
    texts = [_text(r.text) for r in await outbox_rows(database, 1) if r.kind == "reminder"]
    assert len(texts) == 2 and "book fair" in texts[1] and "Parliament" not in texts[1]
