"""What each chat was told per story (chat_stories), and which of the chat's feeds reported a story: the
reads and writes behind "Update on: ..." entries, coverage lines and /sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.engine import IN_BATCH, insert_for
from bot.store.story_tables import ArticleStory, ChatStory
from bot.store.tables import Article, BriefingRow, Feed, Subscription, utcnow

MAX_TOLD_ARTICLES = 1_000  # reports remembered per chat and story, the newest kept


@dataclass(frozen=True, slots=True)
class ToldStory:
    """A story the chat was told about: the report it first got, and every report it got."""

    story_id: int
    first_article_id: int
    articles: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Told:
    """Reports of a story just sent to a chat; `first_article_id` names the story if it is new there."""

    story_id: int
    first_article_id: int
    articles: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class StoryReport:
    """A report of a story from one of the chat's feeds: who, when (published, else fetched), what."""

    article_id: int
    story_id: int
    source: str | None  # the site's name, else the feed's title
    at: dt.datetime
    title: str | None
    url: str | None


async def told_stories(session: AsyncSession, chat_id: int, story_ids: Sequence[int]) -> dict[int, ToldStory]:
    """story id -> what the chat was told of it, for the given stories it was told about."""
    found: dict[int, ToldStory] = {}
    ids = sorted(set(story_ids))
    for start in range(0, len(ids), IN_BATCH):
        rows = await session.scalars(
            select(ChatStory).where(
                ChatStory.chat_id == chat_id, ChatStory.story_id.in_(ids[start : start + IN_BATCH])
            )
        )
        for row in rows:
            found[row.story_id] = ToldStory(row.story_id, row.first_article_id, tuple(row.articles or ()))
    return found


async def record_told(
    session: AsyncSession, chat_id: int, told: Sequence[Told], known: Mapping[int, ToldStory]
) -> None:
    """Remember the reports sent, in the caller's transaction (the one that queues them, with the chat's
    delivery state locked): a story new to the chat is added, a known one (`known`, as told_stories read
    it in this transaction) gains the reports."""
    now = utcnow()
    added, changed = [], []
    for item in told:
        before = known.get(item.story_id)
        if before is None:
            articles = list(dict.fromkeys(item.articles))[-MAX_TOLD_ARTICLES:]
            added.append(
                {
                    "chat_id": chat_id,
                    "story_id": item.story_id,
                    "first_article_id": item.first_article_id,
                    "articles": articles,
                    "told_at": now,
                    "updated_at": now,
                }
            )
            continue
        merged = list(dict.fromkeys([*before.articles, *item.articles]))[-MAX_TOLD_ARTICLES:]
        if merged != list(before.articles):
            changed.append(
                {"chat_id": chat_id, "story_id": item.story_id, "articles": merged, "updated_at": now}
            )
    # one statement each, run for many rows (executemany): a digest tells of up to 200 stories
    if added:
        await session.execute(insert_for(session, ChatStory).on_conflict_do_nothing(), added)
    if changed:
        await session.execute(update(ChatStory), changed)  # by primary key


async def reports_in_chat_feeds(
    session: AsyncSession, chat_id: int, story_ids: Sequence[int]
) -> dict[int, list[StoryReport]]:
    """story id -> its reports from the chat's unmuted feeds, earliest first."""
    found: dict[int, list[StoryReport]] = {}
    ids = sorted(set(story_ids))
    for start in range(0, len(ids), IN_BATCH):
        query = _reports(chat_id).where(ArticleStory.story_id.in_(ids[start : start + IN_BATCH]))
        for report in await _read_reports(session, query):
            found.setdefault(report.story_id, []).append(report)
    for reports in found.values():
        reports.sort(key=lambda r: (r.at, r.article_id))
    return found


async def articles_in_chat_feeds(
    session: AsyncSession, chat_id: int, article_ids: Sequence[int]
) -> list[StoryReport]:
    """The given articles that came from the chat's unmuted feeds, earliest first (an article no story
    holds is its own story)."""
    found: list[StoryReport] = []
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), IN_BATCH):
        query = _reports(chat_id, outer=True).where(Article.id.in_(ids[start : start + IN_BATCH]))
        found.extend(await _read_reports(session, query))
    return sorted(found, key=lambda r: (r.at, r.article_id))


def _reports(chat_id: int, *, outer: bool = False) -> Select[Any]:
    """Articles of the chat's unmuted feeds with their story, source, time, title and link."""
    subscribed = and_(
        Subscription.feed_id == Article.feed_id,
        Subscription.chat_id == chat_id,
        Subscription.muted.is_(False),
    )
    story = ArticleStory.article_id == Article.id
    return (
        select(
            func.coalesce(ArticleStory.story_id, Article.id),
            Article.id,
            Article.source,
            Feed.title,
            Article.published,
            Article.fetched_at,
            Article.title,
            Article.url,
        )
        .select_from(Article)
        .join(ArticleStory, story, isouter=outer)
        .join(Subscription, subscribed)
        .outerjoin(Feed, Feed.id == Article.feed_id)
    )


async def _read_reports(session: AsyncSession, query: Select[Any]) -> list[StoryReport]:
    return [
        StoryReport(article_id, story_id, site or feed_title, published or fetched, title, url)
        for story_id, article_id, site, feed_title, published, fetched, title, url in await session.execute(
            query
        )
    ]


async def story_of_article(session: AsyncSession, article_id: int) -> int | None:
    return await session.scalar(select(ArticleStory.story_id).where(ArticleStory.article_id == article_id))


async def briefing_data(session: AsyncSession, article_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """article id -> its briefing's JSON, for those that have one."""
    found: dict[int, dict[str, Any]] = {}
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), IN_BATCH):
        rows = await session.execute(
            select(BriefingRow.article_id, BriefingRow.data).where(
                BriefingRow.article_id.in_(ids[start : start + IN_BATCH])
            )
        )
        found.update({aid: data for aid, data in rows})
    return found
