"""The planner's reads and writes: chats with a schedule, their delivery state (cursor and slot watermark),
digest runs, and the briefings a chat has not had yet. The decisions are bot.delivery.planner's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.delivery_tables import DeliveryState, DigestRun
from bot.store.story_tables import ArticleStory
from bot.store.tables import Article, BriefingRow, Chat, Feed, Subscription


@dataclass(frozen=True, slots=True)
class DeliveryStateView:
    last_briefing_id: int
    schedule_signature: str | None
    slot_watermark: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ScheduledChat:
    """An active chat with at least one unmuted subscription: its stored schedule (None: the defaults)."""

    chat_id: int
    digest_times: str | None
    timezone: str | None
    cadence: str | None
    created_at: dt.datetime
    state: DeliveryStateView | None


@dataclass(frozen=True, slots=True)
class StoredBriefing:
    """A stored briefing with what a digest shows beside it: its article, feed title and story."""

    briefing_id: int
    article_id: int
    feed_id: int | None
    feed_title: str | None
    data: dict[str, Any]
    stored_at: dt.datetime
    story_id: int | None
    method: str  # the summary method (the JSON in `data` leaves it out)


async def scheduled_chats(session: AsyncSession, *, skip_cadence: str | None = None) -> list[ScheduledChat]:
    """Active chats with at least one unmuted subscription (but not those of `skip_cadence`), by id."""
    subscribed = exists().where(Subscription.chat_id == Chat.chat_id, Subscription.muted.is_(False))
    query = (
        select(
            Chat.chat_id,
            Chat.digest_times,
            Chat.timezone,
            Chat.cadence,
            Chat.created_at,
            DeliveryState.last_briefing_id,
            DeliveryState.schedule_signature,
            DeliveryState.slot_watermark,
            DeliveryState.chat_id,
        )
        .outerjoin(DeliveryState, DeliveryState.chat_id == Chat.chat_id)
        .where(Chat.active.is_(True), subscribed)
        .order_by(Chat.chat_id)
    )
    if skip_cadence is not None:
        query = query.where(Chat.cadence != skip_cadence)
    out = []
    for (
        chat_id,
        times,
        zone,
        cadence,
        created,
        cursor,
        signature,
        watermark,
        state_id,
    ) in await session.execute(query):
        state = DeliveryStateView(cursor, signature, watermark) if state_id is not None else None
        out.append(ScheduledChat(chat_id, times, zone, cadence, created, state))
    return out


async def create_states(session: AsyncSession, states: Iterable[tuple[int, str, dt.datetime]]) -> bool:
    """New delivery states (chat id, schedule signature, slot watermark) at cursor 0; False when another
    planner created some meanwhile (then none is added: the next run syncs them)."""
    try:  # the rows are added inside the savepoint, so a conflict undoes only them
        async with session.begin_nested():
            session.add_all(
                DeliveryState(
                    chat_id=chat_id,
                    last_briefing_id=0,
                    schedule_signature=signature,
                    slot_watermark=watermark,
                )
                for chat_id, signature, watermark in states
            )
            await session.flush()
    except IntegrityError:
        return False
    return True


async def delivery_state(session: AsyncSession, chat_id: int) -> DeliveryState | None:
    return await session.get(DeliveryState, chat_id)


async def locked_state(session: AsyncSession, chat_id: int) -> DeliveryState:
    """The chat's delivery state, created if missing, locked for this transaction (FOR UPDATE on
    PostgreSQL; SQLite, whose writers run one at a time, leaves the clause out)."""
    state = await session.scalar(
        select(DeliveryState).where(DeliveryState.chat_id == chat_id).with_for_update()
    )
    if state is None:
        state = DeliveryState(chat_id=chat_id, last_briefing_id=0)
        session.add(state)
        await session.flush()
    return state


async def add_runs(session: AsyncSession, runs: Sequence[DigestRun]) -> bool:
    """Record digest runs; False (and none recorded) when one of their slots was planned already."""
    try:
        async with session.begin_nested():  # added inside, so a conflict undoes only the runs
            session.add_all(runs)
            await session.flush()  # as the first statement, on SQLite it takes the write lock
    except IntegrityError:
        return False
    return True


async def newest_briefing_id(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.max(BriefingRow.id))) or 0)


def _briefing_select() -> Select[Any]:
    """The columns of a StoredBriefing: briefing, article, feed title, story."""
    return (
        select(
            BriefingRow.id,
            Article.id,
            Article.feed_id,
            Feed.title,
            BriefingRow.data,
            BriefingRow.created_at,
            ArticleStory.story_id,
            BriefingRow.method,
        )
        .select_from(BriefingRow)
        .join(Article, Article.id == BriefingRow.article_id)
        .outerjoin(ArticleStory, ArticleStory.article_id == Article.id)
    )


async def new_briefings(
    session: AsyncSession, chat_id: int, cursor: int, cutoff: dt.datetime, limit: int
) -> list[StoredBriefing]:
    """Briefings after the cursor from the chat's unmuted feeds, stored after it subscribed and by `cutoff`,
    newest first, at most `limit`."""
    subscription = and_(Subscription.feed_id == Article.feed_id, Subscription.chat_id == chat_id)
    rows = await session.execute(
        _briefing_select()
        .join(Subscription, subscription)
        .join(Feed, Feed.id == Article.feed_id)
        .where(
            BriefingRow.id > cursor,
            Subscription.muted.is_(False),
            BriefingRow.created_at >= Subscription.created_at,
            BriefingRow.created_at <= cutoff,
        )
        .order_by(BriefingRow.id.desc())
        .limit(limit)
    )
    return [StoredBriefing(*row) for row in rows]


async def briefings_of_articles(session: AsyncSession, article_ids: Sequence[int]) -> list[StoredBriefing]:
    """The given articles' briefings, in the order of `article_ids` (missing ones left out)."""
    rows = await session.execute(
        _briefing_select()
        .outerjoin(Feed, Feed.id == Article.feed_id)
        .where(Article.id.in_(list(article_ids)))
    )
    found = {row[1]: StoredBriefing(*row) for row in rows}
    return [found[i] for i in article_ids if i in found]


async def digest_run(session: AsyncSession, run_id: int) -> DigestRun | None:
    return await session.get(DigestRun, run_id)


async def subscribers_with_cadence(session: AsyncSession, feed_id: int, cadence: str) -> list[int]:
    """Active chats of that cadence with an unmuted subscription to the feed."""
    query = (
        select(Chat.chat_id)
        .join(Subscription, Subscription.chat_id == Chat.chat_id)
        .where(
            Subscription.feed_id == feed_id,
            Subscription.muted.is_(False),
            Chat.active.is_(True),
            Chat.cadence == cadence,
        )
        .order_by(Chat.chat_id)
    )
    return list(await session.scalars(query))
