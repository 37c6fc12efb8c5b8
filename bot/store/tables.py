"""The tables: feeds with their fetch state, articles, briefings, and chats/subscriptions for the bot."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    literal_column,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from bot.store.event_dates import events_until
from bot.store.search_text import briefing_search_text
from summarizers.briefing import ENTITY_RULES


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on both databases (SQLite hands back naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime(), dict[str, Any]: JSON}


class Feed(Base):
    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    site_url: Mapped[str | None] = mapped_column(String(2048))
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_polled_at: Mapped[dt.datetime | None]
    next_poll_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    poll_claimed_by: Mapped[str | None] = mapped_column(String(64))  # the poller holding the feed's lease
    poll_claimed_until: Mapped[dt.datetime | None]  # the lease's end; past it, another poller may claim
    ttl_seconds: Mapped[int | None] = mapped_column(Integer)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    failing_since: Mapped[dt.datetime | None]
    deactivated_at: Mapped[dt.datetime | None]
    deactivation_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # the first time the oldest entry of the feed's latest document was seen: seen entries older than this
    # have left the feed, so retention may forget them without the feed's items counting as new again
    seen_floor: Mapped[dt.datetime | None]


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_published", "published"),
        Index("ix_articles_fetched_at", "fetched_at"),
        Index("ix_articles_feed_fetched", "feed_id", "fetched_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    guid: Mapped[str | None] = mapped_column(String(2048))
    url: Mapped[str | None] = mapped_column(String(2048))
    normalised_url: Mapped[str | None] = mapped_column(String(2048), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[dt.datetime | None]
    fetched_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    text: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str | None] = mapped_column(Text)  # why the briefing is missing or came from the entry
    page_published: Mapped[dt.date | None] = mapped_column(Date)  # the page's own date, beside the feed's
    dated_by: Mapped[str | None] = mapped_column(String(8))  # what anchored the text's dates: DatedBy


# The articles whose text retention has still to drop, oldest first (bot/store/retention.py); the literal ''
# (not a parameter) is what lets the databases match a query's condition to the index's.
ARTICLE_TEXT_KEPT = Article.text != literal_column("''")
Index(
    "ix_articles_text_kept",
    Article.fetched_at,
    sqlite_where=ARTICLE_TEXT_KEPT,
    postgresql_where=ARTICLE_TEXT_KEPT,
)


class SeenEntry(Base):
    """Every entry a feed has shown, so a later poll skips it without fetching its page again."""

    __tablename__ = "seen_entries"
    __table_args__ = (
        UniqueConstraint("feed_id", "entry_key", name="uq_seen_entries_feed_key"),
        Index("ix_seen_entries_feed_seen", "feed_id", "seen_at"),
        Index("ix_seen_entries_article", "article_id"),  # deleting an article sets its entries' link NULL
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    entry_key: Mapped[str] = mapped_column(String(64))  # sha256 of the guid, link or title
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    seen_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


def _search_text_of_data(context: Any) -> str:
    return briefing_search_text(context.get_current_parameters().get("data"))


def _events_until_of_data(context: Any) -> dt.date | None:
    return events_until(context.get_current_parameters().get("data"))


class BriefingRow(Base):
    __tablename__ = "briefings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), unique=True)
    data: Mapped[dict[str, Any]]  # Briefing.to_dict()
    method: Mapped[str] = mapped_column(String(50))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # what /timeline matches a query against (bot/store/search_text.py), filled from `data` on insert
    search_text: Mapped[str | None] = mapped_column(Text, default=_search_text_of_data)
    # the last day its events reach (bot/store/event_dates.py): retention keeps articles with events to come
    events_until: Mapped[dt.date | None] = mapped_column(Date, default=_events_until_of_data)
    # the entity rules its names were found with (summarizers.briefing.ENTITY_RULES); NULL: before version 2.
    # `briefbot db rebrief` re-derives the names of rows below the current rules
    entity_rules: Mapped[int | None] = mapped_column(Integer, default=ENTITY_RULES)


class Chat(Base):
    __tablename__ = "chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(20), default="private")
    title: Mapped[str | None] = mapped_column(String(500))
    timezone: Mapped[str | None] = mapped_column(String(64))
    digest_times: Mapped[str | None] = mapped_column(String(200))  # "08:00,18:00"
    cadence: Mapped[str] = mapped_column(String(20), default="daily")
    summary_length: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(10))
    app_language: Mapped[str | None] = mapped_column(String(35))  # a private chat's Telegram app language
    link_previews: Mapped[str | None] = mapped_column(String(10))  # bot.delivery.previews; NULL: off
    digest_topic_id: Mapped[int | None] = mapped_column(BigInteger)  # forum topic of digests; NULL: General
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    blocked_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    managed_chat_id: Mapped[int | None] = mapped_column(BigInteger)  # a channel run from this private chat


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("chat_id", "feed_id", name="uq_subscriptions_chat_feed"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"))
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"), index=True)
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    paused_at: Mapped[dt.datetime | None]  # muted because the chat blocked us; its return unmutes
    link_previews: Mapped[str | None] = mapped_column(String(10))  # this feed's previews; NULL: the chat's
    topic_id: Mapped[int | None] = mapped_column(BigInteger)  # this feed's forum topic; NULL: the digest's


class ChatArticle(Base):
    """Articles a chat has been shown on demand (/summary), so "newest unseen" never repeats one."""

    __tablename__ = "chat_articles"
    __table_args__ = (Index("ix_chat_articles_article", "article_id"),)  # deleting an article finds its rows

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    shown_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


from bot.store import delivery_tables as _delivery_tables  # noqa: E402,F401
from bot.store import follow_tables as _follow_tables  # noqa: E402,F401
from bot.store import story_tables as _story_tables  # noqa: E402,F401
from bot.store import upcoming_tables as _upcoming_tables  # noqa: E402,F401
