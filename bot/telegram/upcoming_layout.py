"""How upcoming events read: the /upcoming list, a digest's "Coming up" section, a reminder, and the
iCalendar file (RFC 5545, written with the icalendar library) that /upcoming ics sends.

Each event shows its date at its granularity ("15 Dec 2026", "December 2026", "2027"), what is planned,
the sources, and, when a newer report moved it, the date it had before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

import icalendar

from bot.i18n import Translator
from bot.telegram.html import Line, Span, is_web_url, pack_blocks, shorten
from summarizers.upcoming import UpcomingEvent

LABEL_CHARS = 120
SOURCE_CHARS = 60
SOURCES = 5
CALENDAR_NAME_CHARS = 60
PRODUCT_ID = "-//briefbot//upcoming events//EN"  # i18n: internal (RFC 5545 PRODID, not words for a reader)


def event_date(event_date_: str, end: str | None, t: Translator) -> str:
    """The date in the reader's locale at its granularity; a value that is not an ISO date, as it is."""
    try:
        return shorten(t.partial_date(event_date_, end), LABEL_CHARS)
    except (ValueError, IndexError):
        return shorten(f"{event_date_}–{end}" if end else event_date_, LABEL_CHARS)


def _granularity_note(event: UpcomingEvent, t: Translator) -> str | None:
    if event.granularity == "month":
        return t._("(date known to the month)")
    if event.granularity == "year":
        return t._("(date known to the year)")
    return None


def event_lines(event: UpcomingEvent, t: Translator, *, with_sources: bool = True) -> list[Line]:
    """The event's date (and how precise it is), what is planned, a re-dating note, its sources."""
    head: list[Span] = [Span(event_date(event.date, event.end, t), "b")]
    if note := _granularity_note(event, t):
        head.append(Span(" " + note, "i"))
    head.append(Span(" — " + shorten(event.label, LABEL_CHARS)))
    lines: list[Line] = [tuple(head)]
    if event.earlier_dates:
        before = t.join(event_date(date, end, t) for date, end in event.earlier_dates)
        lines.append((Span(t._("Date changed: earlier reports said {dates}.", dates=before), "i"),))
    if with_sources and event.sources:
        spans: list[Span] = [Span("↳ ")]
        for n, source in enumerate(event.sources[:SOURCES]):
            spans += [Span(", ")] if n else []
            title = shorten(source.title or source.url or t._("source"), SOURCE_CHARS)
            spans.append(Span(title, None, source.url if is_web_url(source.url) else None))
        if len(event.sources) > SOURCES:
            extra = len(event.sources) - SOURCES
            spans.append(Span(" " + t.ngettext("+{n} more", "+{n} more", extra)))
        lines.append(tuple(spans))
    return lines


def render_upcoming(events: Sequence[UpcomingEvent], today: dt.date, t: Translator) -> list[str]:
    """The /upcoming list: a heading, then each event as its own block, in date order."""
    heading = t._("Coming up in your feeds, from {date}", date=t.skeleton(today, "yMMMd"))
    blocks: list[list[Line]] = [[(Span(heading, "b"),)]]
    blocks += [[(), *event_lines(event, t)] for event in events]
    return pack_blocks(blocks)


def coming_up_block(events: Sequence[UpcomingEvent], t: Translator) -> list[Line]:
    """A digest's "Coming up" section: one line per event of the next days."""
    lines: list[Line] = [(), (Span(t._("Coming up"), "u"),)]
    for event in events:
        lines.append((Span("• "), *event_lines(event, t, with_sources=False)[0]))
    return lines


def render_reminder(events: Sequence[UpcomingEvent], day: dt.date, t: Translator) -> list[str]:
    """The day-before reminder: tomorrow's date, then its events."""
    heading = t._("Reminder: tomorrow, {date}", date=t.skeleton(day, "yMMMMEEEEd"))
    blocks: list[list[Line]] = [[(Span(heading, "b"),)]]
    blocks += [[(), *event_lines(event, t)] for event in events]
    return pack_blocks(blocks)


def upcoming_calendar(
    events: Sequence[UpcomingEvent], t: Translator, *, now: dt.datetime, name: str
) -> bytes | None:
    """An iCalendar file of the events: an all-day event for each day or range of days, and a month-dated
    event as an all-day note on the month's first day. A year is left out (a calendar has no "sometime in
    2027"; the list shows it). None when no event is left."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", shorten(name, CALENDAR_NAME_CHARS))
    count = 0
    for event in events:
        if event.granularity not in ("day", "month"):
            continue
        calendar.add_component(_calendar_event(event, t, now))
        count += 1
    return calendar.to_ical() if count else None


def _calendar_event(event: UpcomingEvent, t: Translator, now: dt.datetime) -> icalendar.Event:
    entry = icalendar.Event()
    key = f"{event.report}|{event.date}|{event.end}|{event.label}".encode()
    entry.add("uid", hashlib.sha256(key).hexdigest()[:32] + "@briefbot")
    entry.add("dtstamp", now.astimezone(dt.UTC))
    first = event.first_day
    last = event.last_day if event.granularity == "day" else first
    entry.add("dtstart", first)
    entry.add("dtend", last + dt.timedelta(days=1))  # all-day: DTEND is the day after (RFC 5545 3.6.1)
    entry.add("transp", "TRANSPARENT")
    label = shorten(event.label, LABEL_CHARS)
    details = [shorten(event.text, 600)]
    if event.granularity == "month":
        label = f"{event_date(event.date, event.end, t)}: {label}"
        details.insert(
            0, t._("The reports date this to the month only; it is noted on the month's first day.")
        )
    if event.earlier_dates:
        before = t.join(event_date(date, end, t) for date, end in event.earlier_dates)
        details.append(t._("Date changed: earlier reports said {dates}.", dates=before))
    details += [f"{s.title or s.url}: {s.url}" if s.url else (s.title or "") for s in event.sources[:SOURCES]]
    entry.add("summary", label)
    entry.add("description", "\n".join(d for d in details if d))
    url = next((s.url for s in event.sources if is_web_url(s.url)), None)
    if url:
        entry.add("url", url)
    return entry
