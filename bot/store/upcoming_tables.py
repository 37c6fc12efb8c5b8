"""Tables of /upcoming: the stored events still to come (indexed by feed and day, so a chat's upcoming
events are an index range, not a read of every briefing), the reminders a chat asked for, and whether a
chat wants a reminder of every upcoming event."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.store.tables import Base, utcnow


class DatedEvent(Base):
    """One event of a stored briefing whose last day had not passed when it was stored
    (bot.store.event_dates.coming_spans); the briefing's JSON keeps the event itself."""

    __tablename__ = "dated_events"
    __table_args__ = (
        Index("ix_dated_events_feed_ends", "feed_id", "ends", "starts"),  # a chat's feeds, from today on
        Index("ix_dated_events_article", "article_id"),  # deleting an article finds its rows
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    feed_id: Mapped[int | None] = mapped_column(ForeignKey("feeds.id", ondelete="SET NULL"))
    starts: Mapped[dt.date] = mapped_column(Date)
    ends: Mapped[dt.date] = mapped_column(Date)
    granularity: Mapped[str] = mapped_column(String(5))  # day | month | year


class EventReminder(Base):
    """A reminder a chat asked for (the button under an /upcoming entry): the day before `starts`."""

    __tablename__ = "event_reminders"
    __table_args__ = (
        UniqueConstraint("chat_id", "article_id", "date", name="uq_event_reminders_chat_event"),
        Index("ix_event_reminders_starts", "starts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    date: Mapped[str] = mapped_column(String(10))  # the event's ISO date, as the briefing gives it
    end: Mapped[str | None] = mapped_column(String(10))
    starts: Mapped[dt.date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ReminderSetting(Base):
    """A chat's reminders: of every upcoming event or only those asked for, and the last day planned."""

    __tablename__ = "reminder_settings"

    chat_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("chats.chat_id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    every_event: Mapped[bool] = mapped_column(Boolean, default=False)
    planned_on: Mapped[dt.date | None] = mapped_column(
        Date
    )  # the chat's local day whose reminders are queued
