"""Telling subscribers that a feed was switched off after failing too often, through the outbox."""

from __future__ import annotations

from bot.delivery.outbox import OutgoingMessage, enqueue
from bot.ingest.poller import FeedPollResult
from bot.store import chats as chat_queries
from bot.store.engine import Database
from bot.store.tables import Feed, utcnow
from bot.telegram.render import Span, pack_lines


async def notify_deactivated(database: Database, result: FeedPollResult) -> int:
    """Queue one notice per subscribed chat (idempotent per feed and day); returns how many were queued."""
    now = utcnow()
    async with database.session() as session:
        feed = await session.get(Feed, result.feed_id)
        if feed is None:
            return 0
        text = pack_lines(
            [
                (Span("A feed was switched off: "), Span(feed.title or feed.url, "b", feed.url), Span(".")),
                (
                    Span(
                        f"It failed too many times in a row ({feed.deactivation_reason or result.error or 'unknown'})."
                    ),
                ),
                (Span("Send /subscribe with its URL to try it again, or /unsubscribe to drop it."),),
            ]
        )[0]
        queued = 0
        for chat_id in await chat_queries.chats_of_feed(session, feed.id):
            key = f"feed-off:{feed.id}:{chat_id}:{now:%Y-%m-%d}"
            queued += await enqueue(session, chat_id, [OutgoingMessage(key, text, kind="notice")], due_at=now)
    return queued
