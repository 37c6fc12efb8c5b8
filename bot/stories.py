"""Stories in the store: every stored article is placed in a story, so /summary and digests show one item
per story with "also reported by" links.

The story index (MinHash LSH, summarizers.stories) lives in memory. It is rebuilt at first use from the
signatures stored in the last `window_days`, and caught up from rows other processes stored before each
assignment, so the poller, /summary and a separate `briefbot poll` stay consistent without comparing all
pairs. Articles stored without a hook call (older code paths, other processes) are placed by
`assign_unassigned`, which readers call before grouping.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.store import story_queries
from bot.store.engine import Database
from bot.store.story_queries import StoryMember, StoryRecord
from bot.store.tables import utcnow
from summarizers import Briefing
from summarizers.stories import StoryCandidate, StoryIndex, candidate, event_days, story_text
from summarizers.timeline import TimelineEntry, story_key_dates

WINDOW_DAYS = 14  # stories older than this are not joined any more
CATCH_UP_MARGIN = dt.timedelta(seconds=120)  # rows committed late by other processes are still seen
UNASSIGNED_BATCH = 500
STORY_REPORTS = 20  # other reports whose events a story's key dates merge
KEY_DATES = 5


@dataclass(frozen=True, slots=True)
class ReportedBy:
    """Another article of the same story, as an "also reported by" link."""

    title: str | None
    url: str | None
    source: str | None


class StoryService:
    def __init__(self, database: Database, *, window_days: int = WINDOW_DAYS) -> None:
        self.database = database
        self.window = dt.timedelta(days=window_days)
        self._index = StoryIndex()
        self._loaded_at: dt.datetime | None = None
        self._synced_to: dt.datetime | None = None
        self._lock = asyncio.Lock()

    async def assign(
        self,
        article_id: int,
        text: str,
        briefing: Briefing | None,
        text_signature: tuple[int, ...] | None = None,
    ) -> int:
        """Place a stored article in a story (its best match's, or a new one) and record it; returns the
        story id. Call it after `store_article`; calling it again for the same article is harmless.
        `text_signature`: the signature of `story_text(text, briefing)`, when the worker computed it."""
        published = briefing.published if briefing else None
        return await self._assign(article_id, story_text(text, briefing), briefing, published, text_signature)

    async def assign_unassigned(self, *, limit: int = UNASSIGNED_BATCH) -> int:
        """Place recent articles that were stored without `assign`; returns how many were placed."""
        async with self.database.session() as session:
            pending = await story_queries.articles_without_story(
                session, since=utcnow() - self.window, limit=limit
            )
        for article in pending:
            briefing = _briefing(article.briefing)
            published = (briefing.published if briefing else None) or (
                article.published.date() if article.published else None
            )
            await self._assign(article.article_id, story_text(article.text, briefing), briefing, published)
        return len(pending)

    async def stories_of(self, article_ids: Sequence[int]) -> dict[int, int]:
        """article id -> story id; an article no story holds is its own story."""
        async with self.database.session() as session:
            found = await story_queries.stories_of(session, article_ids)
        return {aid: found.get(aid, aid) for aid in article_ids}

    async def group_by_story(self, article_ids: Sequence[int]) -> list[tuple[int, ...]]:
        """The articles grouped by story, groups in order of their first article, members in input order."""
        story_of = await self.stories_of(article_ids)
        groups: dict[int, list[int]] = {}
        for aid in dict.fromkeys(article_ids):
            groups.setdefault(story_of[aid], []).append(aid)
        return [tuple(g) for g in groups.values()]

    async def others_in_story(self, article_id: int) -> list[ReportedBy]:
        """The other articles of this article's story, earliest first, one per URL."""
        found = await self.others_in_stories([article_id])
        return found.get(article_id, [])

    async def others_in_stories(self, article_ids: Sequence[int]) -> dict[int, list[ReportedBy]]:
        async with self.database.session() as session:
            story_of = await story_queries.stories_of(session, article_ids)
            members = await story_queries.story_members(session, list(story_of.values()))
        return {
            aid: _reported_by(members.get(story_of[aid], []), aid) for aid in article_ids if aid in story_of
        }

    async def key_dates(self, article_id: int, briefing: Briefing) -> tuple[TimelineEntry, ...]:
        """The key dates of this article's story: its events and those of the story's other reports,
        merged (summarizers.timeline), the most salient first kept; none when it has no other report."""
        async with self.database.session() as session:
            rows = await story_queries.briefings_in_stories_of(session, [article_id], limit=STORY_REPORTS)
        if not rows:
            return ()
        others = [Briefing.from_dict(data) for _, data in rows]
        return await asyncio.to_thread(story_key_dates, [briefing, *others], KEY_DATES)

    async def _assign(
        self,
        article_id: int,
        text: str,
        briefing: Briefing | None,
        published: dt.date | None,
        text_signature: tuple[int, ...] | None = None,
    ) -> int:
        item = _candidate(str(article_id), text, briefing, published, text_signature)
        async with self._lock:
            await self._sync()
            if (known := self._index.story_of(item.key)) is not None:
                return int(known)
            match = self._index.best_match(item)
            story_id = int(self._index.story_of(match) or article_id) if match else article_id
            record = StoryRecord(
                article_id,
                story_id,
                item.signature,
                item.entities,
                published,
                language=item.language,
                event_days=item.days,
            )
            async with self.database.session() as session:
                stored = await story_queries.record_story(session, record)
            self._index.add(item, str(stored))
            return stored

    async def _sync(self) -> None:
        """Load the window at first use (and again once it has moved on); else catch up on newer rows."""
        now = utcnow()
        if self._loaded_at is None or now - self._loaded_at > self.window:
            self._index, self._loaded_at, since = StoryIndex(), now, now - self.window
        else:
            since = (self._synced_to or now) - CATCH_UP_MARGIN
        async with self.database.session() as session:
            records = await story_queries.stories_assigned_since(session, since)
        for record in records:
            if str(record.article_id) not in self._index:
                item = StoryCandidate(
                    str(record.article_id),
                    record.signature,
                    record.entities,
                    record.published,
                    record.language,
                    record.event_days,
                )
                self._index.add(item, str(record.story_id))
        self._synced_to = max(
            (r.assigned_at for r in records if r.assigned_at), default=self._synced_to or now
        )


def stories_among(briefings: Sequence[Briefing]) -> list[str]:
    """The story key of each briefing, grouping them among themselves in memory (no store): for the
    command line's timeline of given files, by the same rules as the stored stories."""
    index = StoryIndex()
    return [index.add(_candidate(str(n), story_text("", b), b, b.published)) for n, b in enumerate(briefings)]


def _candidate(
    key: str,
    text: str,
    briefing: Briefing | None,
    published: dt.date | None,
    text_signature: tuple[int, ...] | None = None,
) -> StoryCandidate:
    return candidate(
        key,
        text,
        _entity_names(briefing),
        published,
        language=briefing.language if briefing else None,
        days=event_days(briefing) if briefing else (),
        text_signature=text_signature,
    )


def _reported_by(members: list[StoryMember], article_id: int) -> list[ReportedBy]:
    own = next((m.url for m in members if m.article_id == article_id), None)
    seen = {own} if own else set()
    others = []
    for m in members:
        if m.article_id == article_id or (m.url and m.url in seen):
            continue
        if m.url:
            seen.add(m.url)
        others.append(ReportedBy(m.title, m.url, m.source))
    return others


def _entity_names(briefing: Briefing | None) -> list[str]:
    if briefing is None:
        return []
    return [e.name for e in briefing.entities if e.type in {"person", "organization", "place"}]


def _briefing(data: dict[str, Any] | None) -> Briefing | None:
    return Briefing.from_dict(data) if data else None
