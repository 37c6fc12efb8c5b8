"""Stories in the store (SQLite and PostgreSQL): copies from other feeds join the first article's story,
the index survives a restart through stored signatures, and /summary shows one item per story."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path

import pytest

from bot.briefings import BriefingService
from bot.store import chats as chat_queries
from bot.store.engine import Database
from bot.store.queries import NewArticle, add_feed, store_article
from bot.stories import StoryService
from bot.telegram import render
from summarizers import Briefing, brief
from summarizers.extract import extract_html

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEED = (SHARED / "fixtures" / "seed" / "000_dc81e270c460f236.txt").read_text("utf-8")
BODY = "\n\n".join(SEED.split("\n\n")[8:19])
PUBLISHED = dt.date(2016, 9, 13)
UNRELATED_PAGE = "bbc.com.52241221.html"


@functools.cache
def _briefing(text: str, title: str, url: str, day: int = 13) -> Briefing:
    return brief(text, title=title, url=url, published=dt.date(2016, 9, day))


def _seed() -> tuple[str, Briefing]:
    return SEED, _briefing(
        SEED, "Shinzo Abe Going All In on Improving Japan-Russia Ties", "https://a.example/abe"
    )


def _syndicated_copy() -> tuple[str, Briefing]:
    text = "Syndicated from The Diplomat.\n\n" + BODY + "\n\nSign up for our newsletter. More world news."
    return text, _briefing(text, "Abe goes all in on Russia", "https://b.example/world/abe-russia", 14)


def _unrelated() -> tuple[str, Briefing]:
    text = extract_html((SHARED / "fixtures" / "pages" / UNRELATED_PAGE).read_bytes()).text
    return text, _briefing(text, "Unrelated", "https://c.example/news", 13)


async def _store(database: Database, text: str, briefing: Briefing, feed_id: int | None = None) -> int:
    record = NewArticle(
        feed_id=feed_id,
        guid=None,
        url=briefing.url,
        normalised_url=briefing.url,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        title=briefing.title,
        source=briefing.source or (briefing.url or "").split("/")[2],
        published=dt.datetime.combine(briefing.published or PUBLISHED, dt.time(), dt.UTC),
        text=text,
    )
    async with database.session() as session:
        article_id, _ = await store_article(session, record, briefing)
    return article_id


@pytest.mark.slow
async def test_a_syndicated_copy_joins_the_original_story_and_lists_it_as_also_reported(database):
    stories = StoryService(database)
    original = await _store(database, *_seed())
    copy = await _store(database, *_syndicated_copy())
    other = await _store(database, *_unrelated())
    first = await stories.assign(original, *_seed())
    assert await stories.assign(copy, *_syndicated_copy()) == first
    assert await stories.assign(other, *_unrelated()) != first
    reported = await stories.others_in_story(copy)
    assert [r.url for r in reported] == ["https://a.example/abe"]
    assert await stories.others_in_story(other) == []


@pytest.mark.slow
async def test_a_restarted_service_rebuilds_its_index_from_stored_signatures(database):
    original = await _store(database, *_seed())
    first = await StoryService(database).assign(original, *_seed())
    copy = await _store(database, *_syndicated_copy())
    assert await StoryService(database).assign(copy, *_syndicated_copy()) == first


@pytest.mark.slow
async def test_a_report_in_another_language_joins_the_story_after_a_restart(database):
    """English and French texts share no shingles: the story is found by shared names and the event's day,
    which are stored with the story, so a restarted service still finds it."""
    from tests.summarizers.test_stories import MEETING_EN, MEETING_FR

    english = (MEETING_EN, _briefing(MEETING_EN, "Macron meets Scholz", "https://en.example/macron", 13))
    french_text = MEETING_FR.format(day="12 mars 2024")
    french = (french_text, _briefing(french_text, "Macron rencontre Scholz", "https://fr.example/macron", 13))
    first = await StoryService(database).assign(await _store(database, *english), *english)
    assert await StoryService(database).assign(await _store(database, *french), *french) == first


@pytest.mark.slow
async def test_articles_stored_without_the_hook_are_placed_before_grouping(database):
    ids = [await _store(database, *_seed()), await _store(database, *_syndicated_copy())]
    ids.append(await _store(database, *_unrelated()))
    stories = StoryService(database)
    assert await stories.assign_unassigned() == 3
    assert await stories.group_by_story(ids) == [(ids[0], ids[1]), (ids[2],)]
    assert await stories.assign_unassigned() == 0


@pytest.mark.slow
async def test_summary_shows_one_item_per_story_with_the_other_reports_as_links(database):
    async with database.session() as session:
        await chat_queries.register_chat(session, 42, "private", None)
        feeds = [(await add_feed(session, f"https://feeds.example/{n}.xml"))[0].id for n in range(3)]
        for feed_id in feeds:
            await chat_queries.subscribe_chat(session, 42, feed_id)
    original = await _store(database, *_seed(), feed_id=feeds[0])
    await _store(database, *_syndicated_copy(), feed_id=feeds[1])
    other = await _store(database, *_unrelated(), feed_id=feeds[2])
    service = BriefingService(database, fetcher=None, pool=None)  # type: ignore[arg-type]

    items = await service.newest_unseen(42, 5)

    assert sorted(i.article_id for i in items) == sorted([original, other])
    lead = next(i for i in items if i.article_id == original)
    assert [r.url for r in lead.also_reported_by] == ["https://b.example/world/abe-russia"]
    assert "Also reported by: " in render.stored_briefing(lead)[0]
    assert 'href="https://b.example/world/abe-russia"' in render.stored_briefing(lead)[0]
    assert await service.newest_unseen(42, 5) == []
