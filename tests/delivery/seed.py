"""Rows for delivery tests: chats, feeds, subscriptions and briefings at chosen instants."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from bot.store.engine import Database
from bot.store.tables import Article, BriefingRow, Chat, Feed, Subscription


def briefing_data(
    title: str,
    url: str,
    sentences: list[str],
    entities: list[str],
    *,
    language: str = "en",
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    return {
        "title": title,
        "url": url,
        "source": None,
        "language": language,
        "published": None,
        "published_inferred": False,
        "summary": [{"text": s, "position": i} for i, s in enumerate(sentences)],
        "entities": [{"name": n, "type": "organization", "mentions": 2, "aliases": []} for n in entities],
        "events": [],
        "notes": list(notes),
    }


async def add_chat(
    database: Database,
    chat_id: int,
    *,
    created: dt.datetime,
    times: str | None = None,
    zone: str | None = None,
    cadence: str = "daily",
) -> None:
    async with database.session() as session:
        session.add(
            Chat(
                chat_id=chat_id,
                type="private" if chat_id > 0 else "group",
                timezone=zone,
                digest_times=times,
                cadence=cadence,
                active=True,
                created_at=created,
            )
        )


async def add_feed(database: Database, title: str) -> int:
    async with database.session() as session:
        feed = Feed(
            url=f"https://{title.lower().replace(' ', '-')}.example/feed", title=title, consecutive_failures=0
        )
        session.add(feed)
        await session.flush()
        return feed.id


async def subscribe(database: Database, chat_id: int, feed_id: int, *, at: dt.datetime) -> None:
    async with database.session() as session:
        session.add(Subscription(chat_id=chat_id, feed_id=feed_id, muted=False, created_at=at))


async def add_briefing(
    database: Database,
    feed_id: int,
    title: str,
    *,
    at: dt.datetime,
    sentences: list[str] | None = None,
    entities: list[str] | None = None,
    language: str = "en",
    notes: Sequence[str] = (),
) -> int:
    """An article and its briefing stored at `at`; returns the article id."""
    url = f"https://news.example/{hashlib.sha1(title.encode()).hexdigest()[:10]}"
    text = " ".join(sentences or [f"{title}."])
    async with database.session() as session:
        article = Article(
            feed_id=feed_id,
            url=url,
            normalised_url=url,
            content_hash=hashlib.sha256(f"{feed_id}:{title}".encode()).hexdigest(),
            title=title,
            fetched_at=at,
            text=text,
        )
        session.add(article)
        await session.flush()
        data = briefing_data(
            title, url, sentences or [f"{title}."], entities or [], language=language, notes=notes
        )
        session.add(BriefingRow(article_id=article.id, data=data, method="default", created_at=at))
        return article.id
