"""Compact digest items name their key dates, through the real bot and the strict Bot API server, on SQLite
and PostgreSQL: an item standing for a story shows the story's dates merged across its reports (the
summit told as held, by all three), an item alone its own key dates; every message is accepted whole."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from bot.telegram.render import DIGEST_DATE_LABEL_CHARS, DIGEST_DATES
from tests.bot.test_timelines import store_briefing
from tests.delivery.seed import add_feed, subscribe
from tests.summarizers.timeline_set import PLANNED, harbour_briefings, summit_briefings
from tests.telegram.conftest import PRIVATE_CHAT, started_bot

pytestmark = pytest.mark.slow


def _dates_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Dates: ")]


async def test_digest_items_name_their_key_dates_merged_across_a_storys_reports(
    tmp_path: Path, web_server: str, db_url: str
) -> None:
    async with started_bot(tmp_path, web_server, database_url=db_url) as bot:
        bot.say("/start")
        await bot.reply(PRIVATE_CHAT)
        database = bot.runtime.database
        feed = await add_feed(database, "Japan Desk")
        await subscribe(database, PRIVATE_CHAT, feed, at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
        seed, *follow_ups = summit_briefings()
        story = await store_briefing(database, seed, feed_id=feed)
        for briefing in follow_ups:
            await store_briefing(database, briefing, story, feed_id=feed)
        await store_briefing(database, harbour_briefings()[0], feed_id=feed)  # another story, one report
        await asyncio.sleep(database.settle_time.total_seconds() + 0.5)  # PostgreSQL: ids visible by then

        after = bot.last_id()
        bot.say("/digest")
        digest = await bot.reply(PRIVATE_CHAT, lambda m: "Dates: " in (m.text or ""), after=after, timeout=60)
        story_dates, alone = _dates_lines(digest.text)
        assert "Harbour" in digest.text.split(story_dates)[1] or "Harbour" in alone
        assert "15 Dec 2016 — " in story_dates and "December 2016" not in story_dates, story_dates
        summit = story_dates.split("15 Dec 2016 — ", 1)[1].split(";")[0]
        assert not PLANNED.search(summit), summit  # told as held, by the newest report
        for line in (story_dates, alone):
            entries = line.removeprefix("Dates: ").split("; ")
            assert 1 <= len(entries) <= DIGEST_DATES, line
            assert all(len(e.split(" — ", 1)[1]) <= DIGEST_DATE_LABEL_CHARS for e in entries), line
        await bot.idle()
        assert bot.server.errors == [], bot.server.describe()
