"""A story the chat was told about comes back as what its new reports add ("Update on: ..."), not as the
whole briefing again; every story item says how many of the chat's sources reported it and which first.
Planned into the outbox on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.delivery.digest import TOP_ITEMS
from bot.delivery.planner import Planner
from bot.delivery.service import DeliveryService
from bot.settings import Settings
from bot.store.delivery_tables import DigestRun
from bot.store.engine import Database
from bot.store.story_tables import ChatStory
from bot.store.tables import Chat
from bot.telegram.keyboards import MAX_CALLBACK_BYTES, parse_callback
from bot.telegram.render import LAYOUT
from tests.conftest import outbox_rows
from tests.delivery.seed import add_chat, add_feed, subscribe
from tests.delivery.story_seed import add_report, event, report
from tests.servers.botapi import parse_telegram_html

UTC = dt.UTC
T1 = dt.datetime(2026, 6, 15, 7, 12, tzinfo=UTC)  # 09:12 in Berlin
CHAT = 501
ARRIVES = (
    "Russian President Vladimir Putin arrived in Nagato on Thursday for two days of talks with Prime "
    "Minister Shinzo Abe."
)
ISLANDS = "The leaders are expected to discuss the disputed Kuril Islands and joint economic projects."
AGREED = "Abe said the two countries agreed to start talks on joint economic activities on the islands."
ARRIVAL = event("2016-12-15", "Putin arrives in Nagato for talks with Abe", ARRIVES)
TOKYO = event(
    "2016-12-16", "Putin and Abe hold talks in Tokyo", "On December 16 the two leaders met in Tokyo."
)
FIRST = report(
    "Putin arrives in Japan for summit", "https://reuters.example/putin-japan", (ARRIVES, ISLANDS), ARRIVAL
)


@pytest.fixture
def planner(database: Database, settings: Settings) -> Planner:
    return Planner(database, settings, LAYOUT)


async def _chat_with_feeds(database: Database, cadence: str = "daily") -> dict[str, int]:
    await add_chat(database, CHAT, created=T1 - dt.timedelta(days=1), zone="Europe/Berlin", cadence=cadence)
    feeds = {name: await add_feed(database, name) for name in ("Reuters", "AP", "BBC")}
    for feed_id in feeds.values():
        await subscribe(database, CHAT, feed_id, at=T1 - dt.timedelta(days=1))
    return feeds


async def _digest(planner: Planner, database: Database, at: dt.datetime) -> tuple[str, list[dict]]:
    """The text and buttons of the digest planned at `at` (nothing: empty)."""
    before = {row.id for row in await outbox_rows(database, CHAT)}
    await planner.plan_now([CHAT], now=at)
    rows = [row for row in await outbox_rows(database, CHAT) if row.id not in before]
    buttons = [
        b for row in rows for line in (row.reply_markup or {}).get("inline_keyboard", []) for b in line
    ]
    return "\n".join(parse_telegram_html(row.text).text for row in rows), buttons


def _item(text: str, title: str) -> list[str]:
    """The lines of the item whose first line names `title`, up to the next item."""
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if title in line), None)
    assert start is not None, text
    end = next((n for n in range(start + 1, len(lines)) if lines[n].startswith("• ")), len(lines))
    return [line for line in lines[start:end] if line.strip()]


async def test_a_story_told_before_comes_back_with_only_its_new_sentences_dates_and_sources(
    database: Database, planner: Planner
) -> None:
    feeds = await _chat_with_feeds(database)
    story = await add_report(database, feeds["Reuters"], FIRST, at=T1)
    text, _ = await _digest(planner, database, T1 + dt.timedelta(hours=1))
    assert ARRIVES in text and "1 of your sources; first: Reuters 09:12" in text, text

    later = report(
        "Abe and Putin agree on islands talks",
        "https://ap.example/abe-putin",
        (ARRIVES, AGREED),
        ARRIVAL,
        TOKYO,
    )
    await add_report(database, feeds["AP"], later, at=T1 + dt.timedelta(hours=3), story_id=story)
    text, buttons = await _digest(planner, database, T1 + dt.timedelta(hours=4))
    item = _item(text, "Update on: Putin arrives in Japan for summit")
    assert f"New: {AGREED}" in item, item
    assert ARRIVES not in text and ISLANDS not in text and "Abe and Putin agree" not in text
    assert "16 Dec 2016 — Putin and Abe hold talks in Tokyo" in item and "15 Dec 2016" not in text
    assert "+1 source: AP" in item
    assert item[-1] == "2 of your sources; first: Reuters 09:12"

    rows = await outbox_rows(database, CHAT)
    html = rows[-1].text
    assert '<a href="https://reuters.example/putin-japan">Putin arrives in Japan for summit</a>' in html
    data = [b["callback_data"] for b in buttons]
    assert f"src:{story}" in data and "tl:Vladimir Putin" in data
    assert all(len(d.encode()) <= MAX_CALLBACK_BYTES and parse_callback(d) is not None for d in data)


async def test_a_report_that_adds_nothing_but_its_source_is_one_line(
    database: Database, planner: Planner
) -> None:
    feeds = await _chat_with_feeds(database)
    story = await add_report(database, feeds["Reuters"], FIRST, at=T1)
    await _digest(planner, database, T1 + dt.timedelta(hours=1))

    copy = report("Putin in Japan", "https://bbc.example/putin", (ISLANDS, ARRIVES), ARRIVAL)
    copy2 = report("Putin lands in Japan", "https://ap.example/putin", (ARRIVES,), ARRIVAL)
    await add_report(database, feeds["BBC"], copy, at=T1 + dt.timedelta(hours=2), story_id=story)
    await add_report(database, feeds["AP"], copy2, at=T1 + dt.timedelta(hours=2), story_id=story)
    text, _ = await _digest(planner, database, T1 + dt.timedelta(hours=3))
    item = _item(text, "Update on:")
    assert len(item) == 1 and item[0].endswith(("+2 sources: BBC, AP", "+2 sources: AP, BBC")), item
    assert "Putin arrives in Japan for summit" in item[0], item


async def test_a_report_from_a_source_already_heard_that_says_nothing_new_is_left_out(
    database: Database, planner: Planner
) -> None:
    feeds = await _chat_with_feeds(database)
    story = await add_report(database, feeds["Reuters"], FIRST, at=T1)
    await _digest(planner, database, T1 + dt.timedelta(hours=1))
    again = report("Putin arrives in Japan (updated)", "https://reuters.example/putin-2", (ARRIVES,), ARRIVAL)
    repeat = await add_report(
        database, feeds["Reuters"], again, at=T1 + dt.timedelta(hours=2), story_id=story
    )

    text, _ = await _digest(planner, database, T1 + dt.timedelta(hours=3))
    assert text == ""  # the digest was empty: nothing queued
    async with database.session() as session:
        told = await session.get(ChatStory, (CHAT, story))
    assert told is not None and told.articles == [story, repeat] and told.first_article_id == story


async def test_a_story_new_to_the_chat_is_a_whole_briefing_with_its_coverage(
    database: Database, planner: Planner
) -> None:
    feeds = await _chat_with_feeds(database)
    story = await add_report(database, feeds["BBC"], FIRST, at=T1)
    other = report("Abe meets Putin", "https://ap.example/abe", (AGREED,), TOKYO)
    await add_report(database, feeds["AP"], other, at=T1 - dt.timedelta(days=1, hours=1), story_id=story)

    text, buttons = await _digest(planner, database, T1 + dt.timedelta(hours=1))
    assert "Update on" not in text
    assert "2 of your sources; first: AP 14 Jun, 08:12" in text, text  # the day before, Berlin time
    assert [b["callback_data"] for b in buttons] == [f"src:{story}"]


async def test_an_instant_chat_gets_the_update_as_its_own_message_with_a_timeline_button(
    database: Database, planner: Planner
) -> None:
    feeds = await _chat_with_feeds(database, cadence="instant")
    story = await add_report(database, feeds["Reuters"], FIRST, at=T1)
    await planner.plan_instant(CHAT, now=T1 + dt.timedelta(minutes=5))
    later = report("Abe and Putin agree", "https://ap.example/agree", (AGREED,), TOKYO)
    await add_report(database, feeds["AP"], later, at=T1 + dt.timedelta(hours=1), story_id=story)
    await planner.plan_instant(CHAT, now=T1 + dt.timedelta(hours=1, minutes=5))

    first, update = await outbox_rows(database, CHAT)
    assert ARRIVES in parse_telegram_html(first.text).text
    text = parse_telegram_html(update.text).text
    assert text.startswith("• Update on: Putin arrives in Japan for summit") and AGREED in text
    assert ARRIVES not in text and "2 of your sources; first: Reuters 15 Jun, 09:12" in text
    data = [b["callback_data"] for line in update.reply_markup["inline_keyboard"] for b in line]
    assert data == [f"src:{story}", "tl:Vladimir Putin"]
    async with database.session() as session:
        rows = list(await session.scalars(select(ChatStory).where(ChatStory.chat_id == CHAT)))
    assert [len(r.articles) for r in rows] == [2]


@pytest.mark.parametrize(
    ("language", "zone", "expected"),
    [
        (
            "de",
            "Europe/Berlin",
            ["• Neues zu: Putin arrives", "+1 Quelle: AP", "2 deiner Quellen; zuerst: Reuters 09:12"],
        ),
        (
            "ja",
            "Asia/Tokyo",
            ["• 続報: Putin arrives", "+1 件の情報源: AP", "あなたの情報源 2 件; 最初: Reuters 16:12"],
        ),
    ],
)
async def test_the_update_and_its_coverage_are_in_the_chats_language_and_time_zone(
    database: Database, planner: Planner, language: str, zone: str, expected: list[str]
) -> None:
    feeds = await _chat_with_feeds(database)
    async with database.session() as session:
        chat = await session.get(Chat, CHAT)
        assert chat is not None
        chat.language, chat.timezone = language, zone
    story = await add_report(database, feeds["Reuters"], FIRST, at=T1)
    await _digest(planner, database, T1 + dt.timedelta(hours=1))
    later = report("Abe and Putin agree", "https://ap.example/agree", (AGREED,), TOKYO)
    await add_report(database, feeds["AP"], later, at=T1 + dt.timedelta(hours=1), story_id=story)

    text, buttons = await _digest(planner, database, T1 + dt.timedelta(hours=2))
    for line in expected:
        assert line in text, text
    assert "Update on" not in text and "of your sources" not in text
    assert [b["callback_data"] for b in buttons] == [f"src:{story}", "tl:Vladimir Putin"]


async def test_updates_behind_the_more_button_are_shown_as_updates_when_it_is_tapped(
    database: Database, planner: Planner, settings: Settings
) -> None:
    feeds = await _chat_with_feeds(database)
    stories = []
    for n in range(TOP_ITEMS + 2):
        first = report(
            f"Story {n} begins", f"https://reuters.example/{n}", (f"Story {n} begins in town {n} today.",)
        )
        stories.append(await add_report(database, feeds["Reuters"], first, at=T1 + dt.timedelta(minutes=n)))
    await _digest(planner, database, T1 + dt.timedelta(hours=1))
    for n, story in enumerate(stories):
        said = f"Officials in town {n} now say the second phase starts in the autumn of next year."
        later = report(f"Story {n} goes on", f"https://ap.example/{n}", (said,))
        await add_report(
            database, feeds["AP"], later, at=T1 + dt.timedelta(hours=1, minutes=n), story_id=story
        )
    text, _ = await _digest(planner, database, T1 + dt.timedelta(hours=2))
    assert text.count("• Update on:") == TOP_ITEMS and "+2 more" in text

    async with database.session() as session:
        run = await session.scalar(select(DigestRun).order_by(DigestRun.id.desc()).limit(1))
    assert run is not None
    more = "\n".join(
        parse_telegram_html(m).text
        for m in await DeliveryService(database, settings, LAYOUT).more_messages(run.id, CHAT)
    )
    assert more.count("• Update on: Story") == 2 and "goes on" not in more, more
    assert more.count("New: Officials in town") == 2 and more.count("2 of your sources; first: Reuters") == 2
