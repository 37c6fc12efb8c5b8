"""Every text field from outside is held to its limit on the way into the store, on SQLite and
PostgreSQL. Before, one item whose title was 5 MB was stored whole and became about 1,220 Telegram
messages in a digest; on PostgreSQL a feed title past VARCHAR(500), a NUL or a lone surrogate made every
poll of the feed fail."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from bot.settings import Settings
from bot.store import Database, NewArticle, queries
from bot.store.field_caps import (
    ELLIPSIS,
    MAX_ENTITY_CHARS,
    MAX_GUID_CHARS,
    MAX_LABEL_CHARS,
    MAX_NOTE_CHARS,
    MAX_SENTENCE_CHARS,
    MAX_SOURCE_CHARS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
)
from bot.store.tables import Article
from summarizers import Entity, Event
from tests.conftest import make_briefing
from tests.hostile.poll_fixtures import PollerFactory, add_feed, feed_record, make_poller, payloads
from tests.servers.payloads import PayloadServer, rss

__all__ = ["make_poller", "payloads"]  # fixtures

FIVE_MB = 5_000_000


def page_text(topic: str) -> str:
    """A few plain sentences, different for each topic (the same text twice is stored once) and each ending
    its own way (sentences sharing a frame are a list of teasers, not an article)."""
    return " ".join(
        f"The council met on Tuesday to discuss the {topic} budget, and the mayor said item {n} passed."
        for n in range(12)
    )


async def _stored(database: Database) -> list[queries.StoredArticle]:
    async with database.session() as session:
        return await queries.latest_articles(session, limit=50)


async def test_five_megabyte_title_and_other_huge_fields_are_stored_capped(
    database: Database, settings: Settings, make_poller: PollerFactory, payloads: PayloadServer
) -> None:
    huge_title_page = (
        f"<html><head><title>{'Headline ' * 200_000}</title></head>"
        f"<body><article><p>{page_text('library')}</p></article></body></html>"
    ).encode()
    page_url = payloads.put("/huge-title-page.html", huge_title_page, "text/html; charset=utf-8")
    items = [
        f"<item><guid>big-title</guid><title>{'Word ' * (FIVE_MB // 5)}</title>"
        f"<description>{page_text('bridge')}</description></item>",
        f"<item><guid>untitled</guid><link>{page_url}</link></item>",
        f"<item><guid>{'g' * 10_000}</guid><title>Long link</title>"
        f"<link>{payloads.url('/' + 'p' * 5_000)}</link><description>{page_text('harbour')}</description></item>",
    ]
    url = payloads.put("/huge-fields.rss", rss(items, title="Source " * 150_000), "application/rss+xml")
    feed_id = await add_feed(database, url)
    async with make_poller(fetch_max_bytes=8_000_000, feed_backfill=10) as poller:
        report = await poller.poll_once()
    assert (report.results[0].status, report.new_articles) == ("updated", 3)

    articles = {a.title.split()[0] if a.title else None: a for a in await _stored(database)}
    word, headline = articles["Word"], articles["Headline"]
    for article in (word, headline):
        assert article.title is not None and len(article.title) <= MAX_TITLE_CHARS
        assert article.title.endswith(ELLIPSIS)
        assert article.briefing is not None and len(article.briefing["title"]) <= MAX_TITLE_CHARS
        assert article.source is None or len(article.source) <= MAX_SOURCE_CHARS
    assert word.source is not None and word.source.startswith("Source Source")
    assert articles["Long"].url is None  # a cut link would point elsewhere: dropped
    async with database.session() as session:
        guids = list(await session.scalars(select(Article.guid)))
    assert all(g is None or len(g) <= MAX_GUID_CHARS for g in guids)
    feed = await feed_record(database, feed_id)
    assert feed.title is not None and len(feed.title) <= MAX_TITLE_CHARS


async def test_nul_characters_and_lone_surrogates_are_stored_without_failing_the_feed(
    database: Database, make_poller: PollerFactory, payloads: PayloadServer
) -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Feed\u0000 name \ud800",
        "items": [{"id": "x\udfff", "title": "Bad \u0000 title \udfff", "content_text": page_text("school")}],
    }
    body = json.dumps(document).encode()  # JSON escapes: \u0000, \ud800 travel as text
    feed_id = await add_feed(database, payloads.put("/nul.json", body, "application/feed+json"))
    async with make_poller() as poller:
        report = await poller.poll_once()
    assert (report.results[0].status, report.new_articles) == ("updated", 1)
    (article,) = await _stored(database)
    assert article.title is not None and "\x00" not in article.title and "title" in article.title
    article.title.encode("utf-8")  # no lone surrogate left
    feed = await feed_record(database, feed_id)
    assert feed.title is not None and "\x00" not in feed.title


async def test_every_text_of_an_article_and_its_briefing_is_capped_at_storage(database: Database) -> None:
    huge = "x" * 3_000_000
    briefing = make_briefing(
        title=huge,
        url="https://example.org/" + huge,
        source=huge,
        sentences=(huge, "A short one."),
        entities=(Entity(huge, "person", 3, aliases=(huge, "Al")),),
        events=(Event("2024-01-02", "day", huge, huge, label=huge, entities=(huge,)),),
        notes=(huge,),
    )
    article = NewArticle(
        feed_id=None,
        guid=huge,
        url="https://example.org/" + huge,
        normalised_url="https://example.org/" + huge,
        content_hash="0" * 64,
        title=huge,
        source=huge,
        published=dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
        text=huge,
        note=huge,
    )
    async with database.session() as session:
        article_id, created = await queries.store_article(session, article, briefing)
    assert created
    async with database.session() as session:
        row = await session.get_one(Article, article_id)
        (stored,) = await queries.latest_articles(session, limit=5)
        assert (len(row.guid or ""), len(row.text)) == (MAX_GUID_CHARS, MAX_TEXT_CHARS)
        assert row.url is None and row.normalised_url is None
    assert len(stored.title or "") == MAX_TITLE_CHARS and len(stored.source or "") == MAX_SOURCE_CHARS
    assert len(stored.note or "") == MAX_NOTE_CHARS
    data = stored.briefing
    assert data is not None
    assert (len(data["title"]), len(data["source"]), data["url"]) == (MAX_TITLE_CHARS, MAX_SOURCE_CHARS, None)
    assert [len(s["text"]) for s in data["summary"]] == [MAX_SENTENCE_CHARS, len("A short one.")]
    (entity,) = data["entities"]
    assert len(entity["name"]) == MAX_ENTITY_CHARS and [len(a) for a in entity["aliases"]] == [
        MAX_ENTITY_CHARS,
        2,
    ]
    (event,) = data["events"]
    assert (len(event["expression"]), len(event["label"]), len(event["text"])) == (
        MAX_LABEL_CHARS,
        MAX_LABEL_CHARS,
        MAX_SENTENCE_CHARS,
    )
    assert [len(n) for n in event["entities"]] == [MAX_ENTITY_CHARS]
    assert [len(n) for n in data["notes"]] == [MAX_NOTE_CHARS]
    assert max(len(json.dumps(data)), len(row.text)) < 1_000_000  # nothing of the 3 MB fields is left whole
    assert all(v is None or len(v) <= MAX_URL_CHARS for v in (stored.url,))
