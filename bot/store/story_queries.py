"""Reads and writes of stories: which story an article belongs to, and who else reported it."""

from __future__ import annotations

import datetime as dt
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.engine import IN_BATCH, insert_for
from bot.store.field_caps import MAX_ENTITY_CHARS, cap_text
from bot.store.story_tables import ArticleStory
from bot.store.tables import Article, BriefingRow, Feed, utcnow


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """One article's place in a story, with what the story index needs to place later articles."""

    article_id: int
    story_id: int
    signature: tuple[int, ...]
    entities: frozenset[str]
    published: dt.date | None
    assigned_at: dt.datetime | None = None
    language: str | None = None
    event_days: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class UnassignedArticle:
    article_id: int
    text: str
    briefing: dict[str, Any] | None
    published: dt.datetime | None


@dataclass(frozen=True, slots=True)
class StoryMember:
    """An article of a story as a reader sees it: a link and where it came from."""

    article_id: int
    story_id: int
    title: str | None
    url: str | None
    source: str | None  # the site's name, else the feed's title
    published: dt.datetime | None


def _record(row: ArticleStory) -> StoryRecord:
    values = struct.unpack(f"<{len(row.signature) // 8}Q", row.signature)  # 64-bit little-endian
    return StoryRecord(
        row.article_id,
        row.story_id,
        values,
        frozenset(row.entities or ()),
        row.published,
        row.assigned_at,
        row.language,
        frozenset(row.event_days or ()),
    )


async def record_story(session: AsyncSession, record: StoryRecord) -> int:
    """Store the article's story once; returns the story id stored (the first one wins a race)."""
    values = {
        "article_id": record.article_id,
        "story_id": record.story_id,
        "signature": struct.pack(f"<{len(record.signature)}Q", *record.signature),
        "entities": sorted({cap_text(name, MAX_ENTITY_CHARS) or "" for name in record.entities}),
        "published": record.published,
        "language": record.language,
        "event_days": sorted(record.event_days),
        "assigned_at": utcnow(),
    }
    await session.execute(insert_for(session, ArticleStory).values(values).on_conflict_do_nothing())
    stored = await session.scalar(
        select(ArticleStory.story_id).where(ArticleStory.article_id == record.article_id)
    )
    return int(stored if stored is not None else record.story_id)


async def stories_assigned_since(session: AsyncSession, since: dt.datetime) -> list[StoryRecord]:
    """Story records assigned at or after `since`, oldest first: the index is rebuilt and caught up from them."""
    rows = await session.scalars(
        select(ArticleStory)
        .where(ArticleStory.assigned_at >= since)
        .order_by(ArticleStory.assigned_at, ArticleStory.article_id)
    )
    return [_record(row) for row in rows]


async def articles_without_story(
    session: AsyncSession, *, since: dt.datetime, limit: int
) -> list[UnassignedArticle]:
    """Articles fetched since `since` that no story holds yet, oldest first."""
    assigned = select(ArticleStory.article_id).where(ArticleStory.article_id == Article.id).exists()
    rows = await session.execute(
        select(Article.id, Article.text, Article.published, BriefingRow.data)
        .outerjoin(BriefingRow, BriefingRow.article_id == Article.id)
        .where(Article.fetched_at >= since, ~assigned)
        .order_by(Article.id)
        .limit(limit)
    )
    return [UnassignedArticle(aid, text or "", data, published) for aid, text, published, data in rows]


async def stories_of(session: AsyncSession, article_ids: Sequence[int]) -> dict[int, int]:
    """article id -> story id, for the articles that have one."""
    found: dict[int, int] = {}
    ids = list(dict.fromkeys(article_ids))
    for start in range(0, len(ids), IN_BATCH):
        rows = await session.execute(
            select(ArticleStory.article_id, ArticleStory.story_id).where(
                ArticleStory.article_id.in_(ids[start : start + IN_BATCH])
            )
        )
        found.update({aid: sid for aid, sid in rows})
    return found


async def story_members(session: AsyncSession, story_ids: Sequence[int]) -> dict[int, list[StoryMember]]:
    """story id -> its articles, earliest first."""
    members: dict[int, list[StoryMember]] = {}
    ids = list(dict.fromkeys(story_ids))
    for start in range(0, len(ids), IN_BATCH):
        rows = await session.execute(
            select(ArticleStory.story_id, Article, Feed.title)
            .join(Article, Article.id == ArticleStory.article_id)
            .outerjoin(Feed, Feed.id == Article.feed_id)
            .where(ArticleStory.story_id.in_(ids[start : start + IN_BATCH]))
            .order_by(Article.published.nulls_last(), Article.id)
        )
        for story_id, article, feed_title in rows:
            member = StoryMember(
                article.id,
                story_id,
                article.title,
                article.url,
                article.source or feed_title,
                article.published,
            )
            members.setdefault(story_id, []).append(member)
    return members


async def briefings_in_stories_of(
    session: AsyncSession, article_ids: Sequence[int], *, limit: int
) -> list[tuple[int, dict[str, Any]]]:
    """(article id, briefing JSON) of the other briefed articles in the stories of `article_ids`: the other
    reports a timeline follows its articles to. At most `limit`, earliest stories first."""
    ids = list(dict.fromkeys(article_ids))
    story_ids: set[int] = set()
    for start in range(0, len(ids), IN_BATCH):
        story_ids.update(
            await session.scalars(
                select(ArticleStory.story_id).where(
                    ArticleStory.article_id.in_(ids[start : start + IN_BATCH])
                )
            )
        )
    given, found = set(ids), []
    stories = sorted(story_ids)
    for start in range(0, len(stories), IN_BATCH):
        rows = await session.execute(
            select(ArticleStory.article_id, BriefingRow.data)
            .join(BriefingRow, BriefingRow.article_id == ArticleStory.article_id)
            .where(ArticleStory.story_id.in_(stories[start : start + IN_BATCH]))
            .order_by(ArticleStory.story_id, ArticleStory.article_id)
        )
        found.extend((aid, data) for aid, data in rows if aid not in given)
        if len(found) >= limit:
            return found[:limit]
    return found
