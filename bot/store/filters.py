"""A chat's keyword filters as stored: (mode, phrase) pairs, unique per chat. Their meaning is
bot.delivery.filters'."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.delivery_tables import ChatFilter
from bot.store.engine import insert_ignoring_conflicts
from bot.store.tables import utcnow


async def chat_filters(session: AsyncSession, chat_id: int) -> list[tuple[str, str]]:
    """The chat's (mode, phrase) pairs, oldest first."""
    rows = await session.execute(
        select(ChatFilter.mode, ChatFilter.phrase)
        .where(ChatFilter.chat_id == chat_id)
        .order_by(ChatFilter.id)
    )
    return [(mode, phrase) for mode, phrase in rows]


async def count_filters(session: AsyncSession, chat_id: int) -> int:
    return int(
        await session.scalar(select(func.count(ChatFilter.id)).where(ChatFilter.chat_id == chat_id)) or 0
    )


async def add_filters(session: AsyncSession, chat_id: int, filters: Iterable[tuple[str, str]]) -> None:
    """Add (mode, phrase) pairs; those the chat has already are left alone."""
    rows = [{"chat_id": chat_id, "mode": m, "phrase": p, "created_at": utcnow()} for m, p in filters]
    await insert_ignoring_conflicts(session, ChatFilter, rows)


async def remove_filters(session: AsyncSession, chat_id: int, filters: Iterable[tuple[str, str]]) -> None:
    for mode, phrase in filters:
        await session.execute(
            delete(ChatFilter).where(
                ChatFilter.chat_id == chat_id, ChatFilter.mode == mode, ChatFilter.phrase == phrase
            )
        )


async def clear_filters(session: AsyncSession, chat_id: int) -> None:
    await session.execute(delete(ChatFilter).where(ChatFilter.chat_id == chat_id))
