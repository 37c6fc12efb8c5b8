"""Reads and writes about chats: registration, settings, subscriptions, and what each chat has seen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.delivery_tables import DeliveryState
from bot.store.engine import insert_for
from bot.store.queries import FeedRecord, StoredArticle, _feed_record, stored_article
from bot.store.tables import Article, BriefingRow, Chat, ChatArticle, Feed, Subscription, utcnow


@dataclass(frozen=True, slots=True)
class ChatRecord:
    chat_id: int
    type: str
    title: str | None
    timezone: str | None
    digest_times: str | None
    cadence: str
    summary_length: int | None
    language: str | None
    active: bool
    managed_chat_id: int | None


@dataclass(frozen=True, slots=True)
class ChatFeed:
    feed: FeedRecord
    muted: bool
    subscribed_at: dt.datetime


def _chat_record(row: Chat) -> ChatRecord:
    return ChatRecord(
        row.chat_id,
        row.type,
        row.title,
        row.timezone,
        row.digest_times,
        row.cadence,
        row.summary_length,
        row.language,
        row.active,
        row.managed_chat_id,
    )


async def register_chat(session: AsyncSession, chat_id: int, chat_type: str, title: str | None) -> ChatRecord:
    """Create the chat, or refresh its title and reactivate it (a user who unblocked us comes back:
    see `resume_chat`)."""
    row = await session.get(Chat, chat_id)
    if row is None:
        await session.execute(
            insert_for(session, Chat)
            .values(chat_id=chat_id, type=chat_type, title=title, cadence="daily", active=True)
            .on_conflict_do_nothing()  # registered meanwhile by another update (SQLite has no usable SAVEPOINT)
        )
        row = await session.get(Chat, chat_id, populate_existing=True)
        assert row is not None
    else:
        row.title, row.type, row.active, row.blocked_at = title, chat_type, True, None
        await session.flush()
    return _chat_record(row)


async def resume_chat(session: AsyncSession, chat_id: int) -> int:
    """A chat that had blocked the bot is back: unpause its subscriptions; returns how many.

    Its delivery cursor moves to the newest briefing, so the first digest after the return holds what
    is new from now on, not the backlog of the weeks it was away.
    """
    result = await session.execute(
        update(Subscription)
        .where(Subscription.chat_id == chat_id, Subscription.paused_at.is_not(None))
        .values(muted=False, paused_at=None)
    )
    resumed = int(result.rowcount or 0)
    if resumed:
        newest = int(await session.scalar(select(func.max(BriefingRow.id))) or 0)
        state = await session.get(DeliveryState, chat_id)
        if state is None:
            session.add(DeliveryState(chat_id=chat_id, last_briefing_id=newest))
        else:
            state.last_briefing_id = max(state.last_briefing_id, newest)
        await session.flush()
    return resumed


async def ensure_chat(session: AsyncSession, chat_id: int) -> None:
    """Subscriptions need their chat row; a chat first seen through a channel or OPML gets one."""
    if await session.get(Chat, chat_id) is None:
        await register_chat(session, chat_id, "private" if chat_id > 0 else "group", None)


async def get_chat(session: AsyncSession, chat_id: int) -> ChatRecord | None:
    row = await session.get(Chat, chat_id)
    return _chat_record(row) if row else None


async def update_chat(session: AsyncSession, chat_id: int, **values: object) -> ChatRecord:
    row = await session.get(Chat, chat_id)
    if row is None:
        row = Chat(chat_id=chat_id, type="private", cadence="daily", active=True)
        session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    await session.flush()
    return _chat_record(row)


async def subscribe_chat(session: AsyncSession, chat_id: int, feed_id: int) -> bool:
    """True when the subscription is new; an existing (maybe muted) one is unmuted."""
    existing = await session.scalar(
        select(Subscription).where(Subscription.chat_id == chat_id, Subscription.feed_id == feed_id)
    )
    if existing is not None:
        existing.muted, existing.paused_at = False, None
        return False
    session.add(Subscription(chat_id=chat_id, feed_id=feed_id, muted=False))
    await session.flush()
    return True


async def unsubscribe_chat(session: AsyncSession, chat_id: int, feed_id: int) -> str | None:
    """The feed's title (or URL) when a subscription was removed, else None."""
    feed = await session.get(Feed, feed_id)
    result = await session.execute(
        delete(Subscription).where(Subscription.chat_id == chat_id, Subscription.feed_id == feed_id)
    )
    if not result.rowcount or feed is None:
        return None
    return feed.title or feed.url


async def unsubscribe_all(session: AsyncSession, chat_id: int) -> int:
    result = await session.execute(delete(Subscription).where(Subscription.chat_id == chat_id))
    return int(result.rowcount or 0)


async def mute_subscription(session: AsyncSession, chat_id: int, feed_id: int) -> str | None:
    result = await session.execute(
        update(Subscription)
        .where(Subscription.chat_id == chat_id, Subscription.feed_id == feed_id)
        .values(muted=True)
    )
    if not result.rowcount:
        return None
    feed = await session.get(Feed, feed_id)
    return (feed.title or feed.url) if feed else None


async def chat_feeds(session: AsyncSession, chat_id: int) -> list[ChatFeed]:
    rows = await session.execute(
        select(Feed, Subscription.muted, Subscription.created_at)
        .join(Subscription, Subscription.feed_id == Feed.id)
        .where(Subscription.chat_id == chat_id)
        .order_by(func.lower(func.coalesce(Feed.title, Feed.url)))
    )
    return [ChatFeed(_feed_record(feed), muted, created) for feed, muted, created in rows]


async def unseen_articles(session: AsyncSession, chat_id: int, limit: int) -> list[StoredArticle]:
    """The newest briefed articles from the chat's unmuted feeds that this chat has not been shown."""
    seen = select(ChatArticle.article_id).where(ChatArticle.chat_id == chat_id)
    feeds = select(Subscription.feed_id).where(Subscription.chat_id == chat_id, Subscription.muted.is_(False))
    newest = func.coalesce(Article.published, Article.fetched_at)
    rows = await session.execute(
        select(Article, BriefingRow.data)
        .join(BriefingRow, BriefingRow.article_id == Article.id)
        .where(Article.feed_id.in_(feeds), Article.id.not_in(seen))
        .order_by(newest.desc(), Article.id.desc())
        .limit(limit)
    )
    return [stored_article(a, data) for a, data in rows]


async def mark_shown(session: AsyncSession, chat_id: int, article_ids: list[int]) -> None:
    if not article_ids:
        return
    already = set(
        await session.scalars(
            select(ChatArticle.article_id).where(
                ChatArticle.chat_id == chat_id, ChatArticle.article_id.in_(article_ids)
            )
        )
    )
    session.add_all(
        ChatArticle(chat_id=chat_id, article_id=a, shown_at=utcnow()) for a in article_ids if a not in already
    )
    await session.flush()


async def chats_of_feed(session: AsyncSession, feed_id: int) -> list[int]:
    rows = await session.scalars(
        select(Subscription.chat_id).where(Subscription.feed_id == feed_id, Subscription.muted.is_(False))
    )
    return list(rows)
