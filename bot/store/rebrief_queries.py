"""The briefings whose names predate today's entity rules, read and rewritten batch by batch (bot/rebrief.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.search_text import briefing_search_text
from bot.store.tables import Article, BriefingRow
from summarizers.briefing import ENTITY_RULES


@dataclass(frozen=True, slots=True)
class StaleBriefing:
    id: int
    data: dict[str, Any]
    method: str
    entity_rules: int | None
    text: str  # the article's text; "" once retention dropped it


def _pending(since: dt.datetime | None) -> ColumnElement[bool]:
    stale = or_(BriefingRow.entity_rules.is_(None), BriefingRow.entity_rules < ENTITY_RULES)
    return stale if since is None else stale & (Article.fetched_at >= since)


async def count_stale(session: AsyncSession, since: dt.datetime | None) -> int:
    query = select(func.count()).select_from(BriefingRow).join(Article, Article.id == BriefingRow.article_id)
    return int((await session.execute(query.where(_pending(since)))).scalar_one())


async def stale_batch(
    session: AsyncSession, since: dt.datetime | None, after_id: int, limit: int
) -> list[StaleBriefing]:
    """The next `limit` stale briefings after `after_id`, oldest first."""
    rows = await session.execute(
        select(BriefingRow.id, BriefingRow.data, BriefingRow.method, BriefingRow.entity_rules, Article.text)
        .join(Article, Article.id == BriefingRow.article_id)
        .where(_pending(since), BriefingRow.id > after_id)
        .order_by(BriefingRow.id)
        .limit(limit)
    )
    return [StaleBriefing(r.id, r.data, r.method, r.entity_rules, r.text or "") for r in rows]


async def save_rebriefed(session: AsyncSession, row: StaleBriefing, data: dict[str, Any]) -> None:
    """Store a briefing under today's rules, unless someone rewrote it since it was read."""
    version = (
        BriefingRow.entity_rules.is_(None)
        if row.entity_rules is None
        else BriefingRow.entity_rules == row.entity_rules
    )
    await session.execute(
        update(BriefingRow)
        .where(BriefingRow.id == row.id, version)
        .values(data=data, search_text=briefing_search_text(data), entity_rules=ENTITY_RULES)
    )
