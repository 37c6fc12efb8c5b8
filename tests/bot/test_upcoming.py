"""/upcoming from the store (SQLite and PostgreSQL): the index holds the events still to come of feed
articles, a chat sees only its unmuted feeds and the articles its unmuted follows are salient in, a newer report of the story re-dates an event even when the
old date has passed, and reminders are asked for once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.settings import Settings
from bot.store.engine import Database
from bot.store.follow_tables import ArticleEntityKey, Follow, FollowKey
from bot.store.tables import Subscription
from bot.store.upcoming_tables import DatedEvent, EventReminder
from bot.upcoming import Reminded, UpcomingService
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

NOW = dt.datetime.now(dt.UTC)


async def _chat_with_feed(database: Database, chat_id: int = 1, title: str = "World Desk") -> int:
    await add_chat(database, chat_id, created=NOW - dt.timedelta(days=30))
    feed = await add_feed(database, title)
    await subscribe(database, chat_id, feed, at=NOW - dt.timedelta(days=30))
    return feed


async def _indexed(database: Database) -> list[tuple[int, dt.date, str]]:
    async with database.session() as session:
        rows = await session.execute(
            select(DatedEvent.article_id, DatedEvent.starts, DatedEvent.granularity).order_by(
                DatedEvent.starts
            )
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


async def test_storing_a_feed_article_indexes_only_its_events_still_to_come(database: Database) -> None:
    feed = await _chat_with_feed(database)
    past = Event(day(-3).isoformat(), "day", "Monday", "Ministers met on Monday.", label="Ministers met")
    mixed = report("Budget week", day(-3), past, on(4, "Parliament votes on the budget"))
    article = await store_report(database, feed, mixed)
    await store_report(database, None, report("A page briefed on request", day(0), on(5, "A fair opens")))
    assert await _indexed(database) == [(article, day(4), "day")]


async def test_a_chat_sees_the_events_of_its_unmuted_feeds_in_date_order(
    database: Database, settings: Settings
) -> None:
    feed = await _chat_with_feed(database)
    muted = await add_feed(database, "Muted Desk")
    await subscribe(database, 1, muted, at=NOW)
    other = await add_feed(database, "Not Mine")
    async with database.session() as session:
        row = await session.scalar(select(Subscription).where(Subscription.feed_id == muted))
        assert row is not None
        row.muted = True
    await store_report(database, feed, NEXT_YEAR)
    await store_report(database, feed, report("Vote", day(-1), on(3, "Parliament votes on the budget")))
    await store_report(database, muted, report("Muted", day(-1), on(2, "A muted feed's concert starts")))
    await store_report(database, other, report("Other", day(-1), on(1, "Another chat's match kicks off")))

    found = await UpcomingService(database, settings).for_chat(1)
    assert found.today == TODAY
    assert [(e.label, e.granularity) for e in found.events] == [
        ("Parliament votes on the budget", "day"),
        ("Parliament elections will be held", "year"),
    ]
    assert found.events[1].date == str(TODAY.year + 1)


async def test_a_newer_report_moves_the_event_even_when_the_first_date_has_passed(
    database: Database, settings: Settings
) -> None:
    feed = await _chat_with_feed(database)
    first = report("Summit set for this week", day(-10), on(-2, "Putin and Abe will hold a summit in Nagato"))
    story = await store_report(database, feed, first)
    moved = report("Nagato summit moved", day(-1), on(6, "Putin and Abe summit in Nagato was moved"))
    await store_report(database, feed, moved, story_id=story)

    (event,) = (await UpcomingService(database, settings).for_chat(1)).events
    assert event.date == day(6).isoformat() and event.earlier_dates == ((day(-2).isoformat(), None),)


async def test_a_moved_event_shows_the_newest_date_from_two_feeds_of_the_chat(
    database: Database, settings: Settings
) -> None:
    feed = await _chat_with_feed(database)
    second = await add_feed(database, "Asia Desk")
    await subscribe(database, 1, second, at=NOW)
    story = await store_report(database, feed, SUMMIT_SET)
    await store_report(database, second, SUMMIT_MOVED, story_id=story)
    (event,) = (await UpcomingService(database, settings).for_chat(1)).events
    assert event.first_day == day(15) and event.earlier_dates == ((day(10).isoformat(), None),)
    assert len(event.sources) == 2


async def test_a_reminder_is_asked_for_once_and_not_for_a_day_already_here(
    database: Database, settings: Settings
) -> None:
    feed = await _chat_with_feed(database)
    article = await store_report(
        database, feed, report("Vote", day(-1), on(3, "Parliament votes on the budget"))
    )
    service = UpcomingService(database, settings)
    assert await service.remind(1, article, day(3)) is Reminded.ADDED
    assert await service.remind(1, article, day(3)) is Reminded.ALREADY
    assert await service.remind(1, article, day(4)) is Reminded.GONE
    assert await service.remind(1, article, TODAY) is Reminded.TOO_LATE
    assert await service.remind(1, article + 1000, day(3)) is Reminded.GONE
    async with database.session() as session:
        rows = list(await session.scalars(select(EventReminder)))
    assert [(r.chat_id, r.starts, r.label) for r in rows] == [(1, day(3), "Parliament votes on the budget")]


async def test_a_followed_name_brings_its_events_from_feeds_the_chat_does_not_read(
    database: Database, settings: Settings
) -> None:
    await _chat_with_feed(database)
    elsewhere = await add_feed(database, "Kremlin Wire")
    visit = report("Visit set", day(-1), on(9, "Putin will visit Nagato"))
    weather = report("Storm", day(-1), on(8, "A storm will reach the coast"))
    followed = await store_report(database, elsewhere, visit)
    other = await store_report(database, elsewhere, weather)
    async with database.session() as session:
        follow = Follow(chat_id=1, name="Vladimir Putin", name_key="vladimir putin", muted=False)
        session.add(follow)
        await session.flush()
        session.add(FollowKey(follow_id=follow.id, key="vladimir putin"))
        session.add(ArticleEntityKey(article_id=followed, key="vladimir putin", entity="Vladimir Putin"))
        session.add(ArticleEntityKey(article_id=other, key="met office", entity="Met Office"))

    found = await UpcomingService(database, settings).for_chat(1)
    assert [e.label for e in found.events] == ["Putin will visit Nagato"]

    async with database.session() as session:
        (row,) = list(await session.scalars(select(Follow)))
        row.muted = True
    assert (await UpcomingService(database, settings).for_chat(1)).events == ()
