"""Reports that announce dates relative to the real today (stored events are indexed only while they are
still to come, so fixed dates would age out), and a helper that stores them through the real path
(bot.store.queries.store_article) in a chat's feed, with their story."""

from __future__ import annotations

import datetime as dt
import hashlib

from bot.store.engine import Database
from bot.store.queries import NewArticle, store_article
from bot.store.story_queries import StoryRecord, record_story
from summarizers import Briefing
from summarizers.briefing import Event
from tests.conftest import make_briefing

TODAY = dt.datetime.now(dt.UTC).date()


def day(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


def on(offset: int, label: str, *, entities: tuple[str, ...] = ()) -> Event:
    """A day-dated event `offset` days from today, told by a sentence around its label."""
    when = day(offset)
    expression = f"{when:%B} {when.day}"
    return Event(
        when.isoformat(), "day", expression, f"{label} on {expression}.", label=label, entities=entities
    )


def report(title: str, published: dt.date, *events: Event, url: str | None = None) -> Briefing:
    return make_briefing(
        title=title,
        url=url or f"https://{hashlib.sha1(title.encode()).hexdigest()[:8]}.example/news",
        published=published,
        events=events,
    )


SUMMIT_SET = report(
    "Leaders to meet in Nagato",
    day(-4),
    on(10, "Putin and Abe will hold a summit in Nagato", entities=("Vladimir Putin", "Shinzo Abe")),
)
SUMMIT_MOVED = report(
    "Nagato summit moved",
    day(-1),
    on(15, "Putin and Abe summit in Nagato was moved", entities=("Vladimir Putin", "Shinzo Abe")),
)
NEXT_YEAR = report(
    "Elections ahead",
    day(-1),
    Event(
        str(TODAY.year + 1),
        "year",
        "next year",
        "Parliament elections will be held next year.",
        label="Parliament elections will be held",
    ),
)


async def store_report(
    database: Database, feed_id: int | None, briefing: Briefing, *, story_id: int | None = None
) -> int:
    """Store the report as a poll stores an article of the feed; returns its article id."""
    record = NewArticle(
        feed_id=feed_id,
        guid=None,
        url=briefing.url,
        normalised_url=briefing.url,
        content_hash=hashlib.sha256(f"{feed_id}:{briefing.url}:{briefing.title}".encode()).hexdigest(),
        title=briefing.title,
        source=None,
        published=dt.datetime.combine(briefing.published or TODAY, dt.time(9), tzinfo=dt.UTC),
        text=" ".join(e.text for e in briefing.events) or "Text.",
    )
    async with database.session() as session:
        article_id, _ = await store_article(session, record, briefing)
        await record_story(
            session, StoryRecord(article_id, story_id or article_id, (1, 2, 3), frozenset(), None)
        )
    return article_id
