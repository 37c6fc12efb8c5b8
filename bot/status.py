"""The picture `briefbot status` prints for a person: feeds, today's articles, the outbox, the last poll
and the next digest round. Read from the database only, so it works beside a running bot or without one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.delivery import schedule as schedules
from bot.settings import Settings
from bot.store import outbox, status_queries
from bot.store.engine import Database
from bot.store.status_queries import FailingFeed, FeedCounts

SHOWN_FAILING = 5


@dataclass(frozen=True, slots=True)
class DigestRound:
    at: dt.datetime
    chats: int


@dataclass(frozen=True, slots=True)
class StatusReport:
    now: dt.datetime
    feeds: FeedCounts
    failing: tuple[FailingFeed, ...]
    articles_today: int
    day_start: dt.datetime  # midnight in DEFAULT_TIMEZONE
    outbox: dict[str, int]
    next_round: DigestRound | None
    instant_chats: int
    feed_max_entries: int  # FEED_MAX_ENTRIES: the newest entries a poll reads of one feed (the setting;
    # which feeds passed it is not stored, only logged and told in the poll's report)

    def to_dict(self) -> dict[str, Any]:
        return {
            "now": self.now.isoformat(),
            "feeds": {"working": self.feeds.working, "failing": self.feeds.failing, "off": self.feeds.off},
            "failing_feeds": [
                {"url": f.url, "failures": f.failures, "since": _iso(f.failing_since), "error": f.error}
                for f in self.failing
            ],
            "articles_today": self.articles_today,
            "day_start": self.day_start.isoformat(),
            "outbox": self.outbox,
            "last_poll": _iso(self.feeds.last_polled_at),
            "next_feed_poll": _iso(self.feeds.next_poll_at),
            "next_digest_round": (
                {"at": self.next_round.at.isoformat(), "chats": self.next_round.chats}
                if self.next_round
                else None
            ),
            "instant_chats": self.instant_chats,
            "feed_max_entries": self.feed_max_entries,
        }

    def lines(self) -> list[str]:
        f = self.feeds
        out = [f"feeds: {f.working} working, {f.failing} failing, {f.off} off"]
        out += [
            f"  failing: {x.url} ({x.failures}x since {_when(x.failing_since, self.now)}): {x.error or '?'}"
            for x in self.failing
        ]
        if f.failing > len(self.failing):
            out.append(f"  ... and {f.failing - len(self.failing)} more ('briefbot feeds list')")
        out.append(f"articles stored today: {self.articles_today} (since {self.day_start:%Y-%m-%d %H:%M %Z})")
        out.append("outbox: " + (", ".join(f"{n} {s}" for s, n in sorted(self.outbox.items())) or "empty"))
        last = _when(f.last_polled_at, self.now) if f.last_polled_at else "never"
        upcoming = f"; next feed due {_when(f.next_poll_at, self.now)}" if f.next_poll_at else ""
        out.append(f"last poll: {last}{upcoming}")
        out.append(
            f"entries read per feed and poll: the newest {self.feed_max_entries:,} (FEED_MAX_ENTRIES; "
            "a poll's log line names the feeds that listed more)"
        )
        if self.next_round is None:
            out.append("next digest round: none scheduled")
        else:
            out.append(
                f"next digest round: {_when(self.next_round.at, self.now)} for {self.next_round.chats} chat(s)"
            )
        if self.instant_chats:
            out.append(f"instant delivery: {self.instant_chats} chat(s), after each poll")
        return out


async def collect_status(database: Database, settings: Settings, now: dt.datetime) -> StatusReport:
    zone = ZoneInfo(settings.default_timezone)
    day_start = now.astimezone(zone).replace(hour=0, minute=0, second=0, microsecond=0)
    async with database.session() as session:
        feeds = await status_queries.feed_counts(session)
        failing = await status_queries.failing_feeds(session, limit=SHOWN_FAILING)
        articles = await status_queries.articles_since(session, day_start)
        groups = await status_queries.schedule_groups(session)
    counts = await outbox.status_counts(database)
    next_round, instant = _next_round(groups, settings, now)
    return StatusReport(
        now,
        feeds,
        tuple(failing),
        articles,
        day_start,
        counts,
        next_round,
        instant,
        settings.feed_max_entries,
    )


def _next_round(
    groups: list[status_queries.ScheduleGroup], settings: Settings, now: dt.datetime
) -> tuple[DigestRound | None, int]:
    """The earliest next slot over every schedule in use, with the chats due in it; and instant chats."""
    slots: dict[dt.datetime, int] = {}
    instant = 0
    for group in groups:
        if group.cadence == schedules.INSTANT:
            instant += group.chats
            continue
        try:
            schedule = schedules.Schedule.parse(
                group.times or settings.digest_time, group.zone or settings.default_timezone, group.cadence
            )
            slot = schedules.next_slot(schedule, now)
        except (ValueError, KeyError):  # a stored schedule the planner cannot read either
            continue
        if slot is not None:
            slots[slot] = slots.get(slot, 0) + group.chats
    if not slots:
        return None, instant
    first = min(slots)
    return DigestRound(first, slots[first]), instant


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _when(value: dt.datetime | None, now: dt.datetime) -> str:
    """'2026-12-03 10:45 UTC (3 min ago)' / '(in 2 h 5 min)'."""
    if value is None:
        return "?"
    seconds = (value - now).total_seconds()
    minutes = int(abs(seconds) // 60)
    span = f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
    relative = f"in {span}" if seconds > 0 else f"{span} ago"
    return f"{value.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC ({relative})"
