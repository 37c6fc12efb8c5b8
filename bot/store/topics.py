"""Reads and writes about forum topics: where a chat's digest goes, where each of its feeds goes, and a topic
that Telegram says is closed or gone, cleared everywhere at once (see bot.delivery.topics)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.chats import locale_of_chat
from bot.store.delivery_tables import OutboxRow
from bot.store.engine import Database
from bot.store.outbox import OPEN_STATUSES, PENDING, OutgoingMessage, enqueue
from bot.store.tables import Chat, Feed, Subscription


@dataclass(frozen=True, slots=True)
class TopicRoutes:
    """Where a chat's messages go: `digest` for its digest and every feed without a topic of its own
    (None: General), `feeds` for the feeds that have one ({feed id: message_thread_id})."""

    digest: int | None
    feeds: dict[int, int]

    def thread_of(self, feed_id: int | None) -> int | None:
        """The topic an item of this feed goes to when it is sent on its own."""
        return self.feeds.get(feed_id or 0, self.digest)


@dataclass(frozen=True, slots=True)
class ForgottenTopic:
    """A topic cleared because Telegram refused it: what it held, to tell the chat's admins."""

    chat_id: int
    thread_id: int
    feed_titles: tuple[str, ...]  # feeds that had it as their own topic
    digest: bool  # the chat's digest went there
    moved_rows: int  # queued messages sent to General instead
    language: str  # the chat's locale, for the notice


async def topic_routes(session: AsyncSession, chat_id: int) -> TopicRoutes:
    digest = await session.scalar(select(Chat.digest_topic_id).where(Chat.chat_id == chat_id))
    rows = await session.execute(
        select(Subscription.feed_id, Subscription.topic_id).where(
            Subscription.chat_id == chat_id, Subscription.topic_id.is_not(None)
        )
    )
    return TopicRoutes(digest, {feed_id: topic for feed_id, topic in rows})


async def set_feed_topic(session: AsyncSession, chat_id: int, feed_id: int, topic_id: int | None) -> bool:
    """A subscription's own topic (None: with the digest); False when the chat has no such feed."""
    done = await session.execute(
        update(Subscription)
        .where(Subscription.chat_id == chat_id, Subscription.feed_id == feed_id)
        .values(topic_id=topic_id)
    )
    return bool(done.rowcount)


async def forget_topic(
    database: Database,
    chat_id: int,
    thread_id: int,
    *,
    failed_row: int,
    now: dt.datetime,
    notice: Callable[[ForgottenTopic], OutgoingMessage],
) -> ForgottenTopic:
    """Telegram refused a topic (closed or deleted): in one transaction, no route points there any more,
    every queued message for it (`failed_row`, the one refused, too: pending again, its attempt given back)
    goes to General instead, and the admins' notice is queued after them."""
    async with database.session() as session:
        titles = await session.scalars(
            select(func.coalesce(Feed.title, Feed.url))
            .join(Subscription, Subscription.feed_id == Feed.id)
            .where(Subscription.chat_id == chat_id, Subscription.topic_id == thread_id)
            .order_by(Feed.id)
        )
        feed_titles = tuple(titles)
        await session.execute(
            update(Subscription)
            .where(Subscription.chat_id == chat_id, Subscription.topic_id == thread_id)
            .values(topic_id=None)
        )
        digest = await session.execute(
            update(Chat)
            .where(Chat.chat_id == chat_id, Chat.digest_topic_id == thread_id)
            .values(digest_topic_id=None)
        )
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == failed_row)
            .values(
                status=PENDING,
                due_at=now,
                claimed_by=None,
                claimed_until=None,
                attempts=case((OutboxRow.attempts > 0, OutboxRow.attempts - 1), else_=0),
                last_error=f"topic {thread_id} refused; sent to General instead",
            )
        )
        moved = await session.execute(
            update(OutboxRow)
            .where(
                OutboxRow.chat_id == chat_id,
                OutboxRow.message_thread_id == thread_id,
                OutboxRow.status.in_(OPEN_STATUSES),
            )
            .values(message_thread_id=None)
        )
        forgotten = ForgottenTopic(
            chat_id,
            thread_id,
            feed_titles,
            bool(digest.rowcount),
            int(moved.rowcount or 0),
            await locale_of_chat(session, chat_id),
        )
        await enqueue(session, chat_id, [notice(forgotten)], due_at=now)
    return forgotten
