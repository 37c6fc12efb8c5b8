"""Follows and their alerts: what a chat follows, the keys each follow is matched by, the salient entity keys
of each new article, and the alerts they made (one per chat and story).

Matching is a join, not a scan per follow: `article_entity_keys.key = follow_keys.key`, both indexed on key.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.tables import Base, utcnow


class Follow(Base):
    """An entity a chat follows: its name as shown ("Vladimir Putin") and the key it is known by."""

    __tablename__ = "follows"
    __table_args__ = (UniqueConstraint("chat_id", "name_key", name="uq_follows_chat_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FollowKey(Base):
    """One form a follow is matched by: its name's key and the keys of the aliases the store knew."""

    __tablename__ = "follow_keys"
    __table_args__ = (Index("ix_follow_keys_key", "key"),)

    follow_id: Mapped[int] = mapped_column(
        ForeignKey("follows.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    key: Mapped[str] = mapped_column(String(200), primary_key=True)


class ArticleEntityKey(Base):
    """A key of an entity that is salient in an article (summarizers.follows), with that entity's name."""

    __tablename__ = "article_entity_keys"
    __table_args__ = (Index("ix_article_entity_keys_key", "key"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    entity: Mapped[str] = mapped_column(String(200))


class FollowAlert(Base):
    """A story a chat was (or is about to be) alerted to because of a follow; one per chat and story.

    `sent_at` is set when the alert is queued; reports of the story matched later join it as
    FollowAlertReport rows and are named as "also reported by" instead of making a new alert."""

    __tablename__ = "follow_alerts"
    __table_args__ = (
        UniqueConstraint("chat_id", "story_id", name="uq_follow_alerts_chat_story"),
        Index("ix_follow_alerts_pending", "chat_id", "queued_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"))
    story_id: Mapped[int] = mapped_column(Integer)
    follow_id: Mapped[int | None] = mapped_column(ForeignKey("follows.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(200))  # the follow's name when it matched
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[dt.datetime | None]  # NULL: waiting for the chat's next digest


class FollowAlertReport(Base):
    """A later report of an alerted story, in the chat's feeds: "also reported by"."""

    __tablename__ = "follow_alert_reports"
    __table_args__ = (Index("ix_follow_alert_reports_article", "article_id"),)

    alert_id: Mapped[int] = mapped_column(
        ForeignKey("follow_alerts.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FollowCursor(Base):
    """How far follow matching has read the briefings (one row, 'alerts'), shared by all planners."""

    __tablename__ = "follow_cursor"

    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    last_briefing_id: Mapped[int] = mapped_column(Integer, default=0)
