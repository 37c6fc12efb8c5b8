"""Briefings on demand: any URL (cached by normalised URL), or the newest articles a chat hasn't seen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import BriefingPool
from bot.ingest.urls import normalise_url
from bot.store import chats as chat_queries
from bot.store.engine import Database
from bot.store.queries import NewArticle, StoredArticle, article_by_url, store_article
from summarizers import Briefing, BriefingError


@dataclass(frozen=True, slots=True)
class BriefedArticle:
    """A stored article with its briefing, as the bot shows it."""

    article_id: int
    feed_id: int | None
    feed_title: str | None
    briefing: Briefing


def briefed(article: StoredArticle, feed_title: str | None = None) -> BriefedArticle | None:
    if article.briefing is None:
        return None
    return BriefedArticle(article.id, article.feed_id, feed_title, Briefing.from_dict(article.briefing))


class BriefingService:
    def __init__(self, database: Database, fetcher: Fetcher, pool: BriefingPool) -> None:
        self.database = database
        self.fetcher = fetcher
        self.pool = pool

    async def for_url(self, url: str) -> BriefedArticle:
        """Fetch, extract and brief the page; a page briefed before is answered from the store."""
        key = normalise_url(url)
        async with self.database.session() as session:
            cached = await article_by_url(session, key)
        if cached is not None and (found := briefed(cached)) is not None:
            return found
        page = await self.fetcher.fetch(url)
        article = await self.pool.brief_article(page.content, url=page.url, charset=page.charset)
        if article.briefing is None:
            raise BriefingError(article.note or "the page has no article text")
        record = NewArticle(
            feed_id=None,
            guid=None,
            url=page.url,
            normalised_url=key,
            content_hash=article.content_hash,
            title=article.title,
            source=article.source,
            published=_midnight(article.published),
            text=article.text,
            note=article.note,
        )
        async with self.database.session() as session:
            article_id, _ = await store_article(session, record, article.briefing)
        return BriefedArticle(article_id, None, None, article.briefing)

    async def newest_unseen(self, chat_id: int, count: int) -> list[BriefedArticle]:
        """The newest briefed articles from the chat's feeds it hasn't been shown; they count as shown now."""
        async with self.database.session() as session:
            articles = await chat_queries.unseen_articles(session, chat_id, count)
            await chat_queries.mark_shown(session, chat_id, [a.id for a in articles])
        return [b for a in articles if (b := briefed(a)) is not None]


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) if day else None
