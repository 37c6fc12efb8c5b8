"""A story reported by 500 of a chat's feeds, with hostile names (markup, 300-character names, emoji,
right-to-left text) and 40 new dates: the update, the coverage line and /sources stay valid HTML within
Telegram's 4096 UTF-16 units per message, and every button's data within 64 bytes, on SQLite and
PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select

from bot.coverage import CoverageService
from bot.delivery.planner import MAX_ITEMS, Planner
from bot.i18n import translator
from bot.settings import Settings
from bot.store.engine import Database
from bot.store.tables import Feed, Subscription
from bot.telegram.html import MAX_MESSAGE_UTF16
from bot.telegram.keyboards import MAX_CALLBACK_BYTES, parse_callback
from bot.telegram.render import LAYOUT, STORY_REPORTS_LISTED, render_story_sources
from summarizers.briefing import Event
from tests.conftest import outbox_rows
from tests.delivery.seed import add_chat
from tests.delivery.story_seed import add_report, event, report
from tests.servers.botapi import parse_telegram_html, utf16_len

CHAT = 777
T0 = dt.datetime(2026, 6, 15, 6, 0, tzinfo=dt.UTC)
SOURCES = 500


def _name(n: int) -> str:
    kinds = (
        f"<b>Source {n}</b> & <i>co</i>",
        "Very long name " * 20 + str(n),
        f"😀 Emoji news {n} 🎉",
        f"أخبار اليوم {n}",
        f"Plain {n}",
    )
    return kinds[n % len(kinds)]


async def _feeds(database: Database) -> list[int]:
    async with database.session() as session:
        await session.execute(
            insert(Feed),
            [
                {"url": f"https://f{n}.example/feed", "title": _name(n), "consecutive_failures": 0}
                for n in range(SOURCES)
            ],
        )
        ids = list(await session.scalars(select(Feed.id).order_by(Feed.id)))
        await session.execute(
            insert(Subscription),
            [
                {"chat_id": CHAT, "feed_id": f, "muted": False, "created_at": T0 - dt.timedelta(days=1)}
                for f in ids
            ],
        )
    return ids


def _valid(texts: list[str]) -> None:
    for text in texts:
        assert utf16_len(parse_telegram_html(text).text) <= MAX_MESSAGE_UTF16
        assert len(text) <= 4 * MAX_MESSAGE_UTF16  # markup stays a small part of the message


async def test_a_story_with_500_sources_keeps_every_message_and_button_within_telegrams_limits(
    database: Database, settings: Settings
) -> None:
    await add_chat(database, CHAT, created=T0 - dt.timedelta(days=2), zone="Asia/Tehran")
    feeds = await _feeds(database)
    planner = Planner(database, settings, LAYOUT)
    long_title = "A summit 🎌 <script>alert(1)</script> " * 40
    first = report(
        long_title, "https://f0.example/summit", ("Putin arrived in Nagato for the summit talks.",)
    )
    story = await add_report(database, feeds[0], first, at=T0)
    await planner.plan_now([CHAT], now=T0 + dt.timedelta(minutes=5))

    for n, feed in enumerate(feeds[1:], start=1):
        dates: tuple[Event, ...] = tuple(
            event(
                f"2016-{1 + k % 12:02d}-{1 + (n + k) % 28:02d}",
                f"Event {n}-{k} <b>bold</b> " * 8,
                f"Said {n} {k}.",
            )
            for k in range(40 if n == 1 else 1)
        )
        sentences = (f"Report {n} says something nobody said before about the islands, number {n}.",)
        later = report(f"Report {n} {'x' * 500}", f"https://f{n}.example/{n}", sentences, *dates)
        await add_report(database, feed, later, at=T0 + dt.timedelta(minutes=10 + n), story_id=story)
    await planner.plan_now([CHAT], now=T0 + dt.timedelta(hours=12))

    rows = await outbox_rows(database, CHAT)
    update = [r for r in rows if "Update on:" in r.text]
    assert len(update) == 1
    text = parse_telegram_html(update[0].text).text
    new = MAX_ITEMS  # the newest reports a digest considers; older ones are passed over
    assert f"+{new} sources:" in text and f"and {new - 5} more" in text, text
    assert "500 of your sources; first: <b>Source 0</b> & <i>co</i> 09:30" in text  # Tehran time
    assert text.count("Report ") <= 3 + 5  # three new sentences, five named sources: not 499 briefings
    _valid([r.text for r in rows])
    buttons = [b for r in rows for line in (r.reply_markup or {}).get("inline_keyboard", []) for b in line]
    assert buttons and all(len(b["callback_data"].encode()) <= MAX_CALLBACK_BYTES for b in buttons)
    assert all(parse_callback(b["callback_data"]) is not None for b in buttons)

    found = await CoverageService(database).story_sources(CHAT, story)
    assert found is not None and len(found.reports) == SOURCES and found.coverage.sources == SOURCES
    for locale in ("en", "ar", "ja"):
        pages = render_story_sources(found, translator(locale), zone="Asia/Tehran", now=T0)
        _valid(pages)
        listed = "\n".join(parse_telegram_html(p).text for p in pages)
        assert listed.count("\n• ") + listed.startswith("• ") == STORY_REPORTS_LISTED
