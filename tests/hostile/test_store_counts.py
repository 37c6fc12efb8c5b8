"""Counts and lengths the store holds whole or refuses, on SQLite and PostgreSQL.

A briefing of a hostile 500,000-character text can name thousands of entities and dates; each list is
held to its count on the way in (`bot.store.field_caps`), events kept evenly along their dates so the
first and last days stay. A feed address longer than the store keeps (2,048 characters) is refused with a
reason, never stored cut: a cut address is another address.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import func, select

from bot.ingest.fetcher import Fetcher
from bot.settings import Settings
from bot.store import Database, NewArticle, queries
from bot.store.field_caps import (
    MAX_ALIASES,
    MAX_ENTITIES,
    MAX_EVENT_ENTITIES,
    MAX_EVENTS,
    MAX_NOTES,
    MAX_URL_CHARS,
)
from bot.store.queries import FeedAddressTooLong
from bot.store.tables import BriefingRow, Feed
from bot.subscriptions import SubscriptionService
from summarizers import Entity, Event
from tests.conftest import make_briefing
from tests.servers.credentials import CredentialsSite

FIRST_DAY = dt.date(2020, 1, 1)


def _events(count: int, people: int = 50) -> tuple[Event, ...]:
    """`count` events on consecutive days, in date order as the engine gives them, each naming `people`."""
    days = [FIRST_DAY + dt.timedelta(days=n) for n in range(count)]
    names = tuple(f"Person {n}" for n in range(people))
    return tuple(Event(d.isoformat(), "day", f"on {d}", f"It happened on {d}.", entities=names) for d in days)


async def test_a_briefing_keeps_at_most_its_counts_of_entities_events_and_notes(database: Database) -> None:
    entities = tuple(
        Entity(f"Name {n}", "person", 1000 - n, aliases=tuple(f"Alias {n}.{a}" for a in range(60)))
        for n in range(1000)
    )
    events = _events(5000)
    briefing = make_briefing(entities=entities, events=events, notes=tuple(f"note {n}" for n in range(100)))
    article = NewArticle(
        feed_id=None,
        guid="many",
        url="https://example.org/many",
        normalised_url="https://example.org/many",
        content_hash="1" * 64,
        title="Many names",
        source=None,
        published=dt.datetime(2024, 1, 2, tzinfo=dt.UTC),
        text="Many names and dates.",
    )
    async with database.session() as session:
        article_id, created = await queries.store_article(session, article, briefing)
    async with database.session() as session:
        (stored,) = await queries.latest_articles(session, limit=5)
        until = await session.scalar(
            select(BriefingRow.events_until).where(BriefingRow.article_id == article_id)
        )
    data = stored.briefing
    assert created and data is not None
    assert [e["name"] for e in data["entities"]] == [f"Name {n}" for n in range(MAX_ENTITIES)]  # the first
    assert all(
        e["aliases"] == [f"Alias {n}.{a}" for a in range(MAX_ALIASES)] for n, e in enumerate(data["entities"])
    )
    kept = [e["date"] for e in data["events"]]
    assert len(kept) == MAX_EVENTS and kept == sorted(kept) and len(set(kept)) == MAX_EVENTS
    assert (kept[0], kept[-1]) == (events[0].date, events[-1].date)  # the whole span
    gaps = {(dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days for a, b in itertools.pairwise(kept)}
    assert max(gaps) - min(gaps) <= 1  # evenly along the dates, not the first 200 days
    assert all(len(e["entities"]) == MAX_EVENT_ENTITIES for e in data["events"])
    assert data["notes"] == [f"note {n}" for n in range(MAX_NOTES)]
    assert until == dt.date.fromisoformat(events[-1].date)  # retention still sees the last day


async def test_a_briefing_within_the_counts_is_stored_unchanged(database: Database) -> None:
    briefing = make_briefing(
        entities=(Entity("Ada", "person", 3, aliases=("A.",)),),
        events=_events(MAX_EVENTS, MAX_EVENT_ENTITIES),
        notes=("n",),
    )
    article = NewArticle(
        feed_id=None, guid="few", url=None, normalised_url=None, content_hash="2" * 64, title="Few",
        source=None, published=None, text="Few names.",
    )  # fmt: skip
    async with database.session() as session:
        await queries.store_article(session, article, briefing)
        (stored,) = await queries.latest_articles(session, limit=5)
    assert stored.to_briefing() == briefing


async def test_a_feed_address_longer_than_the_store_keeps_is_refused_not_cut(database: Database) -> None:
    fits = "https://example.org/feed?q=" + "a" * (MAX_URL_CHARS - len("https://example.org/feed?q="))
    async with database.session() as session:
        feed, created = await queries.add_feed(session, fits)
        with pytest.raises(FeedAddressTooLong) as refused:
            await queries.add_feed(session, fits + "b")
        count = await session.scalar(select(func.count(Feed.id)))
    assert created and feed.url == fits and count == 1
    message = refused.value.user_message
    assert "2,049 characters" in message and "at most 2,048" in message and len(message) < 400


async def test_subscribing_to_a_long_feed_address_says_why_whether_typed_or_redirected_to(
    database: Database, settings: Settings
) -> None:
    with CredentialsSite("unused") as site:
        long_path = "/feed/" + "x" * MAX_URL_CHARS + ".rss"
        async with Fetcher(settings) as fetcher:
            service = SubscriptionService(database, fetcher)
            with pytest.raises(FeedAddressTooLong):
                await service.subscribe(1, site.base_url + long_path)  # typed: refused before any fetch
            with pytest.raises(FeedAddressTooLong) as redirected:
                await service.subscribe(1, f"{site.base_url}/to-long/{MAX_URL_CHARS}")
        arrived = [r.path for r in site.requests()]
    assert arrived == [f"/to-long/{MAX_URL_CHARS}", long_path]
    assert "Please use a shorter address" in redirected.value.user_message
    async with database.session() as session:
        assert await session.scalar(select(func.count(Feed.id))) == 0
