"""Subscribing chats to feeds: validate by fetching, discover feeds behind site URLs, OPML in and out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bot.delivery import previews
from bot.errors import UserFacingError
from bot.i18n import N_, Text
from bot.ingest.discovery import resolve_feed
from bot.ingest.fetcher import Fetcher
from bot.opml import OpmlFeed, default_feeds, parse_opml, render_opml
from bot.redact import mask_urls
from bot.store import chats as queries
from bot.store import topics as topic_queries
from bot.store.chats import ChatFeed
from bot.store.engine import Database
from bot.store.queries import add_feed

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Subscribed:
    feed_id: int
    title: str
    url: str
    newest_headline: str | None
    newest_link: str | None
    new: bool  # False when the chat was already subscribed
    topic_id: int | None = None  # the forum topic its items now go to (None: with the digest)


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    already: int
    failed: tuple[tuple[str, Text | str], ...] = field(
        default=()
    )  # (url, reason: said in the reader's language)


class SubscriptionService:
    def __init__(
        self,
        database: Database,
        fetcher: Fetcher,
        *,
        on_new_feed: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self.database = database
        self.fetcher = fetcher
        self.on_new_feed = on_new_feed
        self._background: set[asyncio.Task[object]] = set()

    def default_feeds(self) -> list[OpmlFeed]:
        return default_feeds()

    async def subscribe(self, chat_id: int, url: str, topic_id: int | None = None) -> Subscribed:
        """Fetch and parse the feed (discovering it from a site URL), then subscribe the chat; `topic_id`
        (the forum topic the command came from, checked with Telegram) becomes the feed's topic."""
        feed_url, parsed = await resolve_feed(self.fetcher, url)
        async with self.database.session() as session:
            await queries.ensure_chat(session, chat_id)
            feed, _ = await add_feed(session, feed_url, title=parsed.title, site_url=parsed.site_url)
            new = await queries.subscribe_chat(session, chat_id, feed.id, topic_id)
        self._poll_soon()
        newest = parsed.newest_first()[:1]
        return Subscribed(
            feed_id=feed.id,
            title=parsed.title or feed.title or feed_url,
            url=feed_url,
            newest_headline=(newest[0].title or _first_words(newest[0].text)) if newest else None,
            newest_link=newest[0].link if newest else None,
            new=new,
            topic_id=topic_id,
        )

    async def for_chat(self, chat_id: int) -> list[ChatFeed]:
        async with self.database.session() as session:
            return await queries.chat_feeds(session, chat_id)

    async def unsubscribe(self, chat_id: int, feed_id: int) -> str | None:
        async with self.database.session() as session:
            return await queries.unsubscribe_chat(session, chat_id, feed_id)

    async def mute(self, chat_id: int, feed_id: int) -> str | None:
        async with self.database.session() as session:
            return await queries.mute_subscription(session, chat_id, feed_id)

    async def set_link_previews(self, chat_id: int, feed_id: int, mode: str) -> bool:
        """One feed's link previews in this chat (bot.delivery.previews.FEED_MODES; "chat" follows the
        chat's); False when the chat has no such feed."""
        if mode not in previews.FEED_MODES:
            raise ValueError(f"link previews must be one of {previews.FEED_MODES}")
        async with self.database.session() as session:
            stored = None if mode == previews.AS_CHAT else mode
            return await queries.set_feed_previews(session, chat_id, feed_id, stored)

    async def set_topic(self, chat_id: int, feed_id: int, topic_id: int | None) -> bool:
        """One feed's forum topic in this chat (None: with the digest); False when the chat has no such
        feed. The caller checked with Telegram that the topic takes messages."""
        async with self.database.session() as session:
            return await topic_queries.set_feed_topic(session, chat_id, feed_id, topic_id)

    async def unsubscribe_all(self, chat_id: int) -> int:
        async with self.database.session() as session:
            return await queries.unsubscribe_all(session, chat_id)

    async def export_opml(self, chat_id: int) -> bytes:
        """The chat's feeds as OPML. A private chat (a positive id: a user) gets its addresses whole, a
        backup it can import again; a group's or channel's file, seen by others, has key-like query values
        masked (`?api_key=***`) as /feeds does."""
        feeds = await self.for_chat(chat_id)
        shown = _whole if chat_id > 0 else mask_urls
        return render_opml(
            [
                OpmlFeed(shown(f.feed.url), f.feed.title, shown(f.feed.site_url) if f.feed.site_url else None)
                for f in feeds
            ]
        )

    async def import_opml(
        self,
        chat_id: int,
        data: bytes,
        progress: Callable[[int, int], Awaitable[None]] | None = None,
        topic_id: int | None = None,
    ) -> ImportResult:
        """Subscribe to every feed in the file (to `topic_id`, the forum topic the file was sent in); one bad
        feed does not stop the others."""
        feeds = parse_opml(data)
        added = already = 0
        failed: list[tuple[str, Text | str]] = []
        for done, feed in enumerate(feeds, start=1):
            try:
                result = await self.subscribe(chat_id, feed.url, topic_id)
            except Exception as exc:
                reason = exc.message if isinstance(exc, UserFacingError) else N_("it could not be read")
                log.info("OPML import: %s failed: %r", feed.url, exc)
                failed.append((feed.url, reason))
            else:
                added += result.new
                already += not result.new
            if progress is not None:
                await progress(done, len(feeds))
        return ImportResult(added, already, tuple(failed))

    async def aclose(self) -> None:
        """Cancel first polls still running, so shutdown never races a closed client or pool."""
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)

    def _poll_soon(self) -> None:
        """A new feed's first poll stores its backlog, so /summary and /timeline have material at once."""
        if self.on_new_feed is None:
            return
        task = asyncio.ensure_future(self.on_new_feed())
        self._background.add(task)
        task.add_done_callback(self._background.discard)


def _whole(url: str) -> str:
    return url


def _first_words(text: str, words: int = 12) -> str | None:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "") if parts else None
