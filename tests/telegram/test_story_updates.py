"""A story the chat already got, updated: through the real bot and the strict Bot API server, on SQLite and
PostgreSQL. /digest sends the story, then only what a new report adds ("Update on: ..."), with the
coverage line; the item's "Sources" button lists who reported it and when, its "Timeline" button opens
the story's timeline with the same coverage at its head; /sources refuses what is not a story of the chat."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.store.tables import utcnow
from tests.delivery.seed import add_chat, add_feed, subscribe
from tests.delivery.story_seed import add_report, event, report
from tests.telegram.conftest import PRIVATE_CHAT, RunningBot, started_bot

pytestmark = pytest.mark.slow

ARRIVES = (
    "Russian President Vladimir Putin arrived in Nagato on Thursday for two days of talks with Prime "
    "Minister Shinzo Abe."
)
AGREED = "Abe said the two countries agreed to start talks on joint economic activities on the islands."
ARRIVAL = event("2016-12-15", "Putin arrives in Nagato for talks with Abe", ARRIVES)
TOKYO = event(
    "2016-12-16", "Putin and Abe hold talks in Tokyo", "On December 16 the two leaders met in Tokyo."
)
BERLIN = ZoneInfo("Europe/Berlin")


async def _tap(bot: RunningBot, button: dict, message_id: int, wanted: str) -> str:
    after = bot.last_id()
    bot.server.push_callback(PRIVATE_CHAT, PRIVATE_CHAT, button["callback_data"], message_id)
    reply = await bot.reply(PRIVATE_CHAT, lambda m: wanted in (m.text or ""), after=after, timeout=60)
    return reply.text


async def test_an_updated_story_is_sent_as_what_is_new_with_sources_and_timeline_buttons(
    tmp_path: Path, web_server: str, db_url: str
) -> None:
    async with started_bot(tmp_path, web_server, database_url=db_url) as bot:
        database = bot.runtime.database
        now = utcnow()
        await add_chat(database, PRIVATE_CHAT, created=now - dt.timedelta(days=1), zone="Europe/Berlin")
        reuters, ap = await add_feed(database, "Reuters"), await add_feed(database, "AP")
        for feed in (reuters, ap):
            await subscribe(database, PRIVATE_CHAT, feed, at=now - dt.timedelta(days=1))
        first_at = now - dt.timedelta(hours=2)
        first = report(
            "Putin arrives in Japan for summit", "https://reuters.example/putin", (ARRIVES,), ARRIVAL
        )
        story = await add_report(database, reuters, first, at=first_at)
        clock = first_at.astimezone(BERLIN).strftime("%H:%M")

        after = bot.last_id()
        bot.say("/digest")
        digest = await bot.reply(PRIVATE_CHAT, lambda m: ARRIVES in (m.text or ""), after=after, timeout=60)
        assert "1 of your sources; first: Reuters" in digest.text and clock in digest.text

        later = report("Abe and Putin agree", "https://ap.example/agree", (ARRIVES, AGREED), ARRIVAL, TOKYO)
        await add_report(database, ap, later, at=now - dt.timedelta(hours=1), story_id=story)
        await asyncio.sleep(1.1)  # a digest on request is named by its second: two in one are one digest
        after = bot.last_id()
        bot.say("/digest")
        update = await bot.reply(
            PRIVATE_CHAT, lambda m: "Update on:" in (m.text or ""), after=after, timeout=60
        )
        assert "Update on: Putin arrives in Japan for summit" in update.text
        assert f"New: {AGREED}" in update.text and ARRIVES not in update.text
        assert "16 Dec 2016 — Putin and Abe hold talks in Tokyo" in update.text
        assert "15 Dec 2016" not in update.text and "+1 source: AP" in update.text
        assert "2 of your sources; first: Reuters" in update.text and clock in update.text
        data = {b["callback_data"]: b for b in update.buttons}
        assert set(data) == {f"src:{story}", "tl:Vladimir Putin"}

        listed = await _tap(bot, data[f"src:{story}"], update.message_id, "Who reported")
        lines = listed.splitlines()
        assert lines[0] == "Who reported Putin arrives in Japan for summit"
        assert lines[1].startswith("2 of your sources; first: Reuters")
        # "22:47" on the chat's today, "5 Dec, 22:47" when Berlin's midnight fell between the report and now
        assert lines[3].startswith("• Reuters · ") and f"{clock} · Putin arrives in Japan" in lines[3], lines
        assert lines[4].startswith("• AP · ") and lines[4].endswith("Abe and Putin agree"), lines

        timeline = await _tap(bot, data["tl:Vladimir Putin"], update.message_id, "Timeline:")
        assert timeline.splitlines()[1].startswith("2 of your sources; first: Reuters"), timeline

        after = bot.last_id()
        bot.say(f"/sources {story}")
        again = await bot.reply(PRIVATE_CHAT, lambda m: "Who reported" in (m.text or ""), after=after)
        assert again.text == listed
        for wrong in ("/sources", "/sources <b>1</b>", "/sources 99999999"):
            after = bot.last_id()
            bot.say(wrong)
            refusal = await bot.reply(PRIVATE_CHAT, after=after)
            assert "Sources" in refusal.text or "None of your sources" in refusal.text, refusal.text
