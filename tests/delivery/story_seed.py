"""Reports of one story from several feeds, stored at chosen instants with their briefings and story rows:
what "what's new" and coverage are planned from."""

from __future__ import annotations

import datetime as dt
import hashlib

from bot.store.engine import Database
from bot.store.story_queries import StoryRecord, record_story
from bot.store.tables import Article, BriefingRow
from summarizers.briefing import Briefing, Entity, Event
from tests.conftest import make_briefing

PUTIN = Entity("Vladimir Putin", "person", 4)
ABE = Entity("Shinzo Abe", "person", 3)


def report(title: str, url: str, sentences: tuple[str, ...], *events: Event) -> Briefing:
    """A report of the summit story: Putin and Abe, the given summary and dated events."""
    return make_briefing(
        title=title,
        url=url,
        published=dt.date(2016, 12, 14),
        sentences=sentences,
        entities=(PUTIN, ABE),
        events=events,
    )


def event(date: str, label: str, text: str) -> Event:
    return Event(date, "day", date, text, label=label, entities=("Vladimir Putin",))


async def add_report(
    database: Database,
    feed_id: int | None,
    briefing: Briefing,
    *,
    at: dt.datetime,
    story_id: int | None = None,
) -> int:
    """Store the report (published and fetched at `at`, briefed at `at`) in `story_id` (None: its own
    story); returns the article id."""
    url = briefing.url or f"https://news.example/{hashlib.sha1((briefing.title or '').encode()).hexdigest()}"
    async with database.session() as session:
        article = Article(
            feed_id=feed_id,
            url=url,
            normalised_url=url,
            content_hash=hashlib.sha256(f"{feed_id}:{url}".encode()).hexdigest(),
            title=briefing.title,
            published=at,
            fetched_at=at,
            text=" ".join(s.text for s in briefing.summary),
        )
        session.add(article)
        await session.flush()
        session.add(
            BriefingRow(article_id=article.id, data=briefing.to_dict(), method="default", created_at=at)
        )
        await record_story(
            session, StoryRecord(article.id, story_id or article.id, (1, 2, 3), frozenset(), None)
        )
        return article.id
