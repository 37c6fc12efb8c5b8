"""Reads and writes about chats: registration, settings, subscriptions, what each chat has seen, and a
chat that is gone (blocked the bot) or moved (a group became a supergroup)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import chat_locale
from bot.store.delivery_tables import ChatFilter, DeliveryState, OutboxRow
from bot.store.engine import IN_BATCH, Database, insert_for
from bot.store.follow_tables import Follow
from bot.store.outbox import DROPPED, OPEN_STATUSES, PENDING
from bot.store.queries import FeedRecord, StoredArticle, _feed_record, _like_escape, stored_article
from bot.store.search_text import normalise
from bot.store.story_tables import ArticleStory, ChatStory
from bot.store.tables import Article, BriefingRow, Chat, ChatArticle, Feed, Subscription, utcnow

DEFAULT_CADENCE = "daily"  # what a chat row starts with


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
    app_language: str | None = None
    link_previews: str | None = None  # bot.delivery.previews; None: off
    digest_topic_id: int | None = None  # the forum topic of its digests; None: General


@dataclass(frozen=True, slots=True)
class ChatFeed:
    feed: FeedRecord
    muted: bool
    subscribed_at: dt.datetime
    link_previews: str | None = None  # this feed's own choice (bot.delivery.previews); None: the chat's
    topic_id: int | None = None  # this feed's own forum topic; None: with the digest


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
        row.app_language,
        row.link_previews,
        row.digest_topic_id,
    )


async def register_chat(session: AsyncSession, chat_id: int, chat_type: str, title: str | None) -> ChatRecord:
    """Create the chat, or refresh its title and reactivate it (a user who unblocked us comes back:
    see `resume_chat`)."""
    row = await session.get(Chat, chat_id)
    if row is None:
        await session.execute(
            insert_for(session, Chat)
            .values(chat_id=chat_id, type=chat_type, title=title, cadence=DEFAULT_CADENCE, active=True)
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


FEED_LANGUAGE_ARTICLES = 500  # the newest of a chat's stored articles that vote on its feeds' languages


async def feed_languages(session: AsyncSession, chat_id: int) -> list[str]:
    """The language each of the chat's feeds writes in most (from the newest articles' stories), one
    entry a feed: what a group without a language setting is spoken to in (bot.i18n.chat_locale)."""
    newest = (
        select(Article.feed_id, ArticleStory.language)
        .join(ArticleStory, ArticleStory.article_id == Article.id)
        .join(Subscription, Subscription.feed_id == Article.feed_id)
        .where(Subscription.chat_id == chat_id, ArticleStory.language.is_not(None))
        .order_by(Article.id.desc())
        .limit(FEED_LANGUAGE_ARTICLES)
    )
    votes: dict[int, dict[str, int]] = {}
    for feed_id, language in (await session.execute(newest)).all():
        counts = votes.setdefault(feed_id, {})
        counts[language] = counts.get(language, 0) + 1
    return [max(counts, key=lambda code: counts[code]) for counts in votes.values()]


async def locale_of_chat(session: AsyncSession, chat_id: int, app_language: str | None = None) -> str:
    """The locale the chat is spoken to in (bot.i18n.chat_locale): its setting, a private chat's app
    language (`app_language` from the update at hand, else the last one stored), a group's feeds, English."""
    record = await get_chat(session, chat_id)
    private = record.type == "private" if record else chat_id > 0
    setting = record.language if record else None
    if private or setting:
        app = app_language or (record.app_language if record else None)
        return chat_locale(setting, private=private, app_language=app)
    return chat_locale(None, private=False, feed_languages=await feed_languages(session, chat_id))


async def update_chat(session: AsyncSession, chat_id: int, **values: object) -> ChatRecord:
    row = await session.get(Chat, chat_id)
    if row is None:
        row = Chat(chat_id=chat_id, type="private", cadence=DEFAULT_CADENCE, active=True)
        session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    await session.flush()
    return _chat_record(row)


async def subscribe_chat(
    session: AsyncSession, chat_id: int, feed_id: int, topic_id: int | None = None
) -> bool:
    """True when the subscription is new; an existing (maybe muted) one is unmuted. A `topic_id` (the
    forum topic the command was sent in) becomes the feed's topic; None leaves an existing one as it is."""
    existing = await session.scalar(
        select(Subscription).where(Subscription.chat_id == chat_id, Subscription.feed_id == feed_id)
    )
    if existing is not None:
        existing.muted, existing.paused_at = False, None
        if topic_id is not None:
            existing.topic_id = topic_id
        return False
    session.add(Subscription(chat_id=chat_id, feed_id=feed_id, muted=False, topic_id=topic_id))
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
        select(
            Feed,
            Subscription.muted,
            Subscription.created_at,
            Subscription.link_previews,
            Subscription.topic_id,
        )
        .join(Subscription, Subscription.feed_id == Feed.id)
        .where(Subscription.chat_id == chat_id)
        .order_by(func.lower(func.coalesce(Feed.title, Feed.url)), Feed.id)
    )
    return [
        ChatFeed(_feed_record(feed), muted, created, previews, topic)
        for feed, muted, created, previews, topic in rows
    ]


async def set_feed_previews(session: AsyncSession, chat_id: int, feed_id: int, mode: str | None) -> bool:
    """A subscription's own link previews (None: as the chat); False when the chat has no such feed."""
    done = await session.execute(
        update(Subscription)
        .where(Subscription.chat_id == chat_id, Subscription.feed_id == feed_id)
        .values(link_previews=mode)
    )
    return bool(done.rowcount)


async def preview_modes(session: AsyncSession, chat_id: int) -> tuple[str | None, dict[int, str]]:
    """The chat's link previews and the feeds that chose their own: (chat's, {feed id: mode})."""
    chat = await session.scalar(select(Chat.link_previews).where(Chat.chat_id == chat_id))
    rows = await session.execute(
        select(Subscription.feed_id, Subscription.link_previews).where(
            Subscription.chat_id == chat_id, Subscription.link_previews.is_not(None)
        )
    )
    return chat, {feed_id: mode for feed_id, mode in rows}


async def unseen_articles(session: AsyncSession, chat_id: int, limit: int) -> list[StoredArticle]:
    """The newest briefed articles from the chat's unmuted feeds that this chat has not been shown."""
    seen = select(ChatArticle.article_id).where(ChatArticle.chat_id == chat_id)
    feeds = select(Subscription.feed_id).where(Subscription.chat_id == chat_id, Subscription.muted.is_(False))
    newest = func.coalesce(Article.published, Article.fetched_at)
    rows = await session.execute(
        select(Article, BriefingRow.data, BriefingRow.method)
        .join(BriefingRow, BriefingRow.article_id == Article.id)
        .where(Article.feed_id.in_(feeds), Article.id.not_in(seen))
        .order_by(newest.desc(), Article.id.desc())
        .limit(limit)
    )
    return [stored_article(a, data, method) for a, data, method in rows]


async def feed_briefings_mentioning(
    session: AsyncSession, chat_id: int, text: str, *, limit: int
) -> list[StoredArticle]:
    """The briefed articles of the chat's feeds (muted ones too) where `text` starts a word of their
    search words (bot/store/search_text.py), newest first; every one when `text` has no words. What an
    inline query of words offers its user from their own feeds."""
    feeds = select(Subscription.feed_id).where(Subscription.chat_id == chat_id)
    newest = func.coalesce(Article.published, Article.fetched_at)
    query = (
        select(Article, BriefingRow.data, BriefingRow.method)
        .join(BriefingRow, BriefingRow.article_id == Article.id)
        .where(Article.feed_id.in_(feeds))
        .order_by(newest.desc(), Article.id.desc())
        .limit(limit)
    )
    needle = normalise(text)
    if needle:
        query = query.where(BriefingRow.search_text.like(f"% {_like_escape(needle)}%", escape="/"))
    rows = await session.execute(query)
    return [stored_article(a, data, method) for a, data, method in rows]


async def mark_shown(session: AsyncSession, chat_id: int, article_ids: list[int]) -> None:
    if not article_ids:
        return
    already: set[int] = set()
    for start in range(0, len(article_ids), IN_BATCH):
        batch = article_ids[start : start + IN_BATCH]
        already.update(
            await session.scalars(
                select(ChatArticle.article_id).where(
                    ChatArticle.chat_id == chat_id, ChatArticle.article_id.in_(batch)
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


async def drop_chat(database: Database, chat_id: int, reason: str, *, now: dt.datetime) -> int:
    """Telegram says the chat is gone (blocked, deactivated, kicked, not found): stop sending to it.

    The chat is marked inactive, its subscriptions are paused (muted, with `paused_at`: a /start after
    unblocking unmutes them, see store.chats.resume_chat, while those the user muted stay muted), and its
    unsent rows are dropped with the reason. Returns rows dropped.
    """
    async with database.session() as session:
        await session.execute(
            update(Chat).where(Chat.chat_id == chat_id).values(active=False, blocked_at=now)
        )
        await session.execute(
            update(Subscription)
            .where(Subscription.chat_id == chat_id, Subscription.muted.is_(False))
            .values(muted=True, paused_at=now)
        )
        result = await session.execute(
            update(OutboxRow)
            .where(OutboxRow.chat_id == chat_id, OutboxRow.status.in_(OPEN_STATUSES))
            .values(status=DROPPED, last_error=reason[:2000], claimed_until=None)
        )
    return int(result.rowcount or 0)


async def move_chat(database: Database, old_id: int, new_id: int) -> None:
    """A group became a supergroup: its settings, subscriptions, filters, follows, cursor and unsent rows
    move.

    Safe to repeat (Telegram reports a migration in both chats, and a send to the old id says so too).
    The supergroup may already have a row, made when Telegram announced the bot's membership there or
    when someone wrote in it: settings it does not have yet come from the group.
    """
    async with database.session() as session:
        old = await session.get(Chat, old_id)
        new = await session.get(Chat, new_id)
        if old is not None and new is None:
            await session.execute(
                insert_for(session, Chat)
                .values(chat_id=new_id, type="supergroup", title=old.title, cadence=old.cadence, active=True)
                .on_conflict_do_nothing()  # registered meanwhile, by the update announcing the bot there
            )
            new = await session.get(Chat, new_id, populate_existing=True)
        if old is not None and new is not None:
            for name in ("timezone", "digest_times", "summary_length", "language", "link_previews"):
                if getattr(new, name) is None:
                    setattr(new, name, getattr(old, name))
            if new.cadence == DEFAULT_CADENCE:
                new.cadence = old.cadence
            await session.flush()
        await _move_rows(session, Subscription, Subscription.feed_id, old_id, new_id)
        await _move_rows(session, ChatFilter, ChatFilter.phrase, old_id, new_id, ChatFilter.mode)
        await _move_rows(session, ChatStory, ChatStory.story_id, old_id, new_id)
        await _move_rows(session, Follow, Follow.name_key, old_id, new_id)
        if await session.get(DeliveryState, new_id) is None:
            await session.execute(
                update(DeliveryState)
                .where(DeliveryState.chat_id == old_id)
                .values(chat_id=new_id, next_send_at=None)
            )
        await session.execute(
            update(Chat).where(Chat.managed_chat_id == old_id).values(managed_chat_id=new_id)
        )
        await session.execute(
            update(OutboxRow)
            .where(OutboxRow.chat_id == old_id, OutboxRow.status.in_(OPEN_STATUSES))
            .values(chat_id=new_id, status=PENDING, claimed_by=None, claimed_until=None, due_at=utcnow())
        )
        await session.execute(update(Chat).where(Chat.chat_id == old_id).values(active=False))


async def _move_rows(
    session: AsyncSession, table: Any, unique_column: Any, old_id: int, new_id: int, *more: Any
) -> None:
    """Move a chat's rows to the new id, dropping those the new chat already has (unique per chat)."""
    key = (unique_column, *more)
    have = {tuple(row) for row in (await session.execute(select(*key).where(table.chat_id == new_id))).all()}
    rows = (await session.execute(select(table).where(table.chat_id == old_id))).scalars().all()
    for row in rows:
        if tuple(getattr(row, k.key) for k in key) in have:
            await session.delete(row)
        else:
            row.chat_id = new_id
    await session.flush()
