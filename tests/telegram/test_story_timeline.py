"""/timeline of a story told by three reports, through the real bot and the strict Bot API server, on SQLite
and PostgreSQL: each event is one entry with all its sources, the summit is told as held, the day the visit
was confirmed keeps its own entry, the picture keeps the most salient entries, not the first by date, and
a report shown by /summary lists its story's merged dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from summarizers.briefing import Event
from tests.bot.test_timelines import store_briefing
from tests.conftest import make_briefing
from tests.summarizers.timeline_set import KREMLIN, PLANNED, summit_briefings
from tests.telegram.conftest import PRIVATE_CHAT, started_bot

pytestmark = pytest.mark.slow

# A fourth report of the story with ten minor, undated-by-day events before it: twelve entries by date
# would end before the summit.
HISTORY = make_briefing(
    title="Japan and Russia since the war",
    url="https://history.example/japan-russia",
    published=dt.date(2016, 12, 18),
    sentences=(),
    events=tuple(
        Event(str(year), "year", str(year), f"Fishing boats were seized near Hokkaido in {year}.")
        for year in range(2001, 2011)
    ),
)


def _entries(text: str) -> dict[str, tuple[str, str]]:
    """date -> (what the entry says, its sources line)."""
    lines = text.splitlines()
    found = {}
    for n, line in enumerate(lines):
        if " — " in line:
            date, what = line.split(" — ", 1)
            found[date.replace(" (scheduled)", "")] = (what, lines[n + 1] if n + 1 < len(lines) else "")
    return found


async def test_a_story_timeline_shows_one_entry_per_event_told_as_it_happened(
    tmp_path: Path, web_server: str, db_url: str
) -> None:
    async with started_bot(tmp_path, web_server, database_url=db_url) as bot:
        story = await store_briefing(bot.runtime.database, summit_briefings()[0])
        for briefing in (*summit_briefings()[1:], HISTORY):
            await store_briefing(bot.runtime.database, briefing, story_id=story)

        bot.say("/timeline Putin")
        reply = await bot.reply(PRIVATE_CHAT, lambda m: "Timeline: Putin" in (m.text or ""), timeout=60)
        entries = _entries(reply.text)
        assert "December 2016" not in entries and "September 2016" not in entries, reply.text
        summit, sources = entries["15 Dec 2016"]
        assert not PLANNED.search(summit) and "met" in summit, summit
        assert len(sources.removeprefix("↳ ").split(", ")) == 3, sources
        assert len(entries["2 – 3 Sept 2016"][1].split(", ")) == 3
        assert len(entries["March 2014"][1].split(", ")) == 3
        confirmed, sources = entries["28 Nov 2016"]
        assert "confirmed" in confirmed and "visit" not in confirmed and "," not in sources, confirmed

        full = next(b for b in reply.buttons if b["callback_data"].startswith("tlfull:"))
        after = bot.last_id()
        bot.server.push_callback(PRIVATE_CHAT, PRIVATE_CHAT, full["callback_data"], reply.message_id)
        sentences = await bot.reply(PRIVATE_CHAT, lambda m: "Timeline: Putin" in (m.text or ""), after=after)
        assert "hot-spring inn in Nagato" in _entries(sentences.text)["15 Dec 2016"][0]

        picture = next(b for b in reply.buttons if b["callback_data"].startswith("chart:"))
        after = bot.last_id()
        bot.server.push_callback(PRIVATE_CHAT, PRIVATE_CHAT, picture["callback_data"], reply.message_id)
        chart = await bot.reply(PRIVATE_CHAT, lambda m: m.photo is not None, after=after, timeout=60)
        assert chart.photo is not None and chart.photo.content.startswith(b"\x89PNG")
        assert chart.caption is not None and chart.caption.endswith("to 16 Dec 2016."), chart.caption
        assert "12 dated events" in chart.caption, chart.caption

        after = bot.last_id()
        bot.say(f"/summary {KREMLIN}")  # stored already: answered from the store, with its story
        summary = await bot.reply(PRIVATE_CHAT, lambda m: "Key dates" in (m.text or ""), after=after)
        dates = summary.text.split("Key dates", 1)[1]
        assert "15 Dec 2016 — Russian President Vladimir Putin met" in dates, dates
        assert "2 – 3 Sept 2016 — " in dates and "September 2016" not in dates, dates
        await bot.idle()
        assert bot.server.errors == [], bot.server.describe()
