"""The story of each stored article: its MinHash signature and key entities, kept so the in-memory story
index can be rebuilt at start without re-reading article texts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, BigInteger, Date, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.tables import Base, utcnow


class ArticleStory(Base):
    __tablename__ = "article_stories"
    __table_args__ = (
        # a story's reports; with assigned_at, "has the story a report since X" is one index seek (retention)
        Index("ix_article_stories_story", "story_id", "assigned_at"),
        Index("ix_article_stories_assigned_at", "assigned_at"),
    )

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    story_id: Mapped[int] = mapped_column(Integer)  # the id of the story's first article
    signature: Mapped[bytes] = mapped_column(LargeBinary)  # MinHash values, uint64 little-endian
    entities: Mapped[list[str]] = mapped_column(JSON)  # lower-cased key entity names
    published: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(10))  # reports in other languages group on
    event_days: Mapped[list[str] | None] = mapped_column(JSON)  # shared entities and event days
    assigned_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ChatStory(Base):
    """A story a chat was told about (in a digest or an instant message), and which of its reports it got:
    a later report of the story is then sent as what it adds ("Update on: ..."), not as a new briefing."""

    __tablename__ = "chat_stories"
    __table_args__ = (Index("ix_chat_stories_updated_at", "updated_at"),)  # retention deletes old rows

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    story_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    first_article_id: Mapped[int] = mapped_column(Integer)  # the report the chat was first told it by
    articles: Mapped[list[int]] = mapped_column(JSON)  # the reports the chat got, oldest first
    told_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
