"""Briefings on demand: any URL (cached by normalised URL), or the newest articles a chat hasn't seen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import BriefingPool
from bot.ingest.urls import normalise_url
from bot.store import chats as chat_queries
from bot.store.engine import Database
from bot.store.queries import NewArticle, StoredArticle, article_by_url, store_article
from bot.stories import ReportedBy, StoryService
from summarizers import Briefing, BriefingError
from summarizers.stories import lead_briefing
from summarizers.timeline import TimelineEntry

STORY_FANOUT = 4  # unseen articles read per item asked for, so copies of one story collapse into one item


@dataclass(frozen=True, slots=True)
class BriefedArticle:
    """A stored article with its briefing, as the bot shows it."""

    article_id: int
    feed_id: int | None
    feed_title: str | None
    briefing: Briefing
    also_reported_by: tuple[ReportedBy, ...] = ()
    story_dates: tuple[TimelineEntry, ...] = ()  # the story's key dates, merged across its reports


def briefed(article: StoredArticle, feed_title: str | None = None) -> BriefedArticle | None:
    briefing = article.to_briefing()
    if briefing is None:
        return None
    return BriefedArticle(article.id, article.feed_id, feed_title, briefing)


class BriefingService:
    def __init__(
        self,
        database: Database,
        fetcher: Fetcher,
        pool: BriefingPool,
        stories: StoryService | None = None,
        *,
        sentences: int | None = None,
    ) -> None:
        self.database = database
        self.sentences = sentences  # kept in a stored briefing: the longest summary a chat may show
        self.fetcher = fetcher
        self.pool = pool
        self.stories = stories or StoryService(database)

    async def stored_for_url(self, url: str) -> BriefedArticle | None:
        """The page's briefing when it was briefed before (by normalised URL), with its story; no fetch."""
        async with self.database.session() as session:
            cached = await article_by_url(session, normalise_url(url))
        if cached is None or (found := briefed(cached)) is None:
            return None
        return await self._with_story(found)

    async def for_url(self, url: str) -> BriefedArticle:
        """Fetch, extract and brief the page; a page briefed before is answered from the store."""
        key = normalise_url(url)
        if (found := await self.stored_for_url(url)) is not None:
            return found
        page = await self.fetcher.fetch(url)
        article = await self.pool.brief_article(
            page.content, url=page.url, charset=page.charset, sentences=self.sentences
        )
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
            page_published=article.page_published,
            dated_by=article.dated_by,
        )
        async with self.database.session() as session:
            article_id, created = await store_article(session, record, article.briefing)
        if created:
            await self.stories.assign(article_id, article.text, article.briefing, article.story_signature)
        return await self._with_story(BriefedArticle(article_id, None, None, article.briefing))

    async def newest_unseen(self, chat_id: int, count: int) -> list[BriefedArticle]:
        """The newest unseen stories from the chat's feeds, one item each: the story's best briefing with
        the other reports as links. Every unseen article of a shown story counts as shown now."""
        await self.stories.assign_unassigned()
        async with self.database.session() as session:
            articles = await chat_queries.unseen_articles(session, chat_id, count * STORY_FANOUT)
        items = [b for a in articles if (b := briefed(a)) is not None]
        groups = (await self.stories.group_by_story([i.article_id for i in items]))[:count]
        by_id = {i.article_id: i for i in items}
        leads = []
        for group in groups:
            members = [by_id[aid] for aid in group]
            leads.append(members[lead_briefing([m.briefing for m in members])])
        async with self.database.session() as session:
            await chat_queries.mark_shown(session, chat_id, [aid for group in groups for aid in group])
        others = await self.stories.others_in_stories([lead.article_id for lead in leads])
        return [
            await self._with_dates(replace(lead, also_reported_by=tuple(others.get(lead.article_id, ()))))
            for lead in leads
        ]

    async def of_chat_feeds(self, chat_id: int, words: str, limit: int) -> list[BriefedArticle]:
        """The briefings of the chat's feeds whose words start with `words` (all of them when it has
        none), newest first, each with its story: what an inline query of words offers."""
        async with self.database.session() as session:
            articles = await chat_queries.feed_briefings_mentioning(session, chat_id, words, limit=limit)
        items = [b for a in articles if (b := briefed(a)) is not None]
        others = await self.stories.others_in_stories([i.article_id for i in items])
        return [
            await self._with_dates(replace(i, also_reported_by=tuple(others.get(i.article_id, ()))))
            for i in items
        ]

    async def _with_story(self, item: BriefedArticle) -> BriefedArticle:
        others = await self.stories.others_in_story(item.article_id)
        return await self._with_dates(replace(item, also_reported_by=tuple(others)))

    async def _with_dates(self, item: BriefedArticle) -> BriefedArticle:
        """An article shown with other reports of its story lists the story's key dates, merged."""
        if not item.also_reported_by:
            return item
        dates = await self.stories.key_dates(item.article_id, item.briefing)
        return replace(item, story_dates=dates)


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) if day else None
