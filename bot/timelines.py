"""Timelines from the store: events of stored briefings that mention a query, merged across sources."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

from bot.store.engine import Database
from bot.store.queries import briefings_mentioning, recent_briefings
from summarizers import Briefing
from summarizers.timeline import Timeline, build_timeline

MAX_ARTICLES = 10_000
MAX_ENTRIES = 30


class TimelineService:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def for_query(self, query: str, *, limit: int = MAX_ENTRIES) -> Timeline:
        """The database narrows to briefings whose JSON mentions the query; the engine does the rest."""
        async with self.database.session() as session:
            rows = await briefings_mentioning(session, query, limit=MAX_ARTICLES)
        return await asyncio.to_thread(_build, rows, query, limit)

    async def frequent_entities(self, *, days: int = 7, count: int = 8) -> list[str]:
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        async with self.database.session() as session:
            rows = await recent_briefings(session, since=since, limit=2_000)
        tally: Counter[str] = Counter()
        for data in rows:
            for rank, entity in enumerate((data.get("entities") or [])[:5]):
                if entity.get("type") in {"person", "organization", "place"}:
                    tally[entity["name"]] += 5 - rank
        return [name for name, _ in tally.most_common(count)]


def _build(rows: list[dict], query: str, limit: int) -> Timeline:
    return build_timeline((Briefing.from_dict(r) for r in rows), query=query, limit=limit)
