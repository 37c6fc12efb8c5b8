"""`briefbot status`: feeds by state, today's articles, the outbox, the last poll and the next digest round."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sys

from bot.settings import Settings
from bot.status import collect_status
from bot.store.engine import Database
from bot.store.outbox import OutgoingMessage, enqueue
from bot.store.tables import Feed
from tests.delivery.seed import add_briefing, add_chat, subscribe

NOW = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)


async def seed(database: Database) -> None:
    """2 working feeds, 1 failing, 1 off; 3 articles today and 1 yesterday; chats on several schedules."""
    async with database.session() as session:
        feeds = [
            Feed(url="https://a.example/feed", last_polled_at=NOW - dt.timedelta(minutes=5),
                 next_poll_at=NOW + dt.timedelta(minutes=10), consecutive_failures=0),
            Feed(url="https://b.example/feed", last_polled_at=NOW - dt.timedelta(minutes=20),
                 next_poll_at=NOW + dt.timedelta(minutes=3), consecutive_failures=0),
            Feed(url="https://failing.example/feed", last_polled_at=NOW - dt.timedelta(minutes=7),
                 next_poll_at=NOW + dt.timedelta(hours=1), consecutive_failures=3,
                 failing_since=NOW - dt.timedelta(hours=2), last_error="the site answered HTTP 503"),
            Feed(url="https://off.example/feed", last_polled_at=NOW - dt.timedelta(days=3),
                 next_poll_at=NOW - dt.timedelta(days=2), consecutive_failures=10,
                 deactivated_at=NOW - dt.timedelta(days=3), deactivation_reason="gone (HTTP 410)"),
        ]  # fmt: skip
        session.add_all(feeds)
        await session.flush()
        feed = feeds[0].id
    for hours in (1, 3, 9):
        await add_briefing(database, feed, f"Today {hours}", at=NOW - dt.timedelta(hours=hours))
    await add_briefing(database, feed, "Yesterday", at=NOW - dt.timedelta(hours=11))
    chats = {
        1: {},  # the defaults: 08:00 UTC, daily
        2: {"times": "18:00", "zone": "Asia/Tokyo"},  # 09:00 UTC
        3: {"times": "12:00"},
        4: {"times": "12:00,20:00"},
        5: {"cadence": "instant"},
        6: {"times": "11:00", "cadence": "off"},
    }
    for chat_id, schedule in chats.items():
        await add_chat(database, chat_id, created=NOW - dt.timedelta(days=5), **schedule)
        await subscribe(database, chat_id, feed, at=NOW - dt.timedelta(days=5))
    await add_chat(database, 7, created=NOW, times="10:30")  # no subscription: the planner skips it
    async with database.session() as session:
        await enqueue(session, 1, [OutgoingMessage(key="k1", text="a"), OutgoingMessage(key="k2", text="b")],
                      due_at=NOW)  # fmt: skip


async def test_status_counts_feeds_articles_outbox_and_finds_the_next_round(database: Database):
    await seed(database)
    report = await collect_status(database, Settings.load(environ={}, env_file=None), NOW)
    assert (report.feeds.working, report.feeds.failing, report.feeds.off) == (2, 1, 1)
    assert [f.url for f in report.failing] == ["https://failing.example/feed"]
    assert report.articles_today == 3
    assert report.outbox == {"pending": 2}
    assert report.feeds.last_polled_at == NOW - dt.timedelta(minutes=5)
    assert report.feeds.next_poll_at == NOW + dt.timedelta(
        minutes=3
    )  # the off feed's overdue time is ignored
    assert report.next_round is not None
    assert (report.next_round.at, report.next_round.chats) == (
        dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC),
        2,
    )
    assert report.instant_chats == 1
    lines = report.lines()
    assert lines[0] == "feeds: 2 working, 1 failing, 1 off"
    assert "failing.example" in lines[1] and "HTTP 503" in lines[1]
    assert (
        "last poll: 2026-03-10 09:55 UTC (5 min ago); next feed due 2026-03-10 10:03 UTC (in 3 min)" in lines
    )
    assert "next digest round: 2026-03-10 12:00 UTC (in 2 h 0 min) for 2 chat(s)" in lines
    assert report.feed_max_entries == 1000 and any("the newest 1,000 (FEED_MAX_ENTRIES" in x for x in lines)


async def test_status_in_a_time_zone_counts_articles_from_local_midnight(database: Database):
    await seed(database)
    settings = Settings.load(environ={}, env_file=None, default_timezone="America/New_York")
    report = await collect_status(database, settings, NOW)  # 05:00 in New York: midnight was 05:00 UTC
    assert report.articles_today == 2 and report.day_start.utcoffset() == dt.timedelta(hours=-4)


async def test_briefbot_status_prints_the_picture_and_json(database: Database, db_url: str):
    await seed(database)
    env = {**os.environ, "DATABASE_URL": db_url, "TELEGRAM_BOT_TOKEN": "", "FEED_MAX_ENTRIES": "250"}
    shown = await _run(env, "status")
    assert "feeds: 2 working, 1 failing, 1 off" in shown and "outbox: 2 pending" in shown
    assert "next digest round:" in shown and "articles stored today:" in shown
    assert "entries read per feed and poll: the newest 250 (FEED_MAX_ENTRIES" in shown
    data = json.loads(await _run(env, "status", "--json"))
    assert data["feeds"] == {"working": 2, "failing": 1, "off": 1} and data["outbox"] == {"pending": 2}
    assert data["feed_max_entries"] == 250


async def test_briefbot_status_says_in_one_line_when_the_database_cannot_be_opened(tmp_path):
    env = {**os.environ, "DATABASE_URL": "postgresql://postgres:pw@127.0.0.1:9/none"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "status", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 1
    assert stderr.decode().strip().splitlines() == [
        "briefbot: cannot open the database postgresql://postgres:***@127.0.0.1:9/none: "
        "[Errno 111] Connect call failed ('127.0.0.1', 9)"
    ]


async def _run(env: dict[str, str], *args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()
    return stdout.decode()
