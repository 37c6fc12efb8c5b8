"""The last day a briefing's events reach (`briefings.events_until`), so retention can keep an article whose
dated events are still to come without reading the JSON of every old briefing.

Only events dated to a day or a month count. A year is too coarse to be "coming": "this year" would keep
every article that says it until 31 December (measured: with year events counted, a simulated August kept
224,000 articles past ARTICLE_DAYS, bench/retention.py).

Also the spans of a briefing's events still to come (`coming_spans`), which the table dated_events
indexes for /upcoming; there a year counts ("next year"), shown as the year."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any


def events_until(data: dict[str, Any] | None) -> dt.date | None:
    """The latest day any day- or month-dated event of Briefing.to_dict() JSON covers: its `end` when it is
    a range, else its `date`, taken to the last day of its month ("2027-05" -> 31 May 2027)."""
    days = [
        day
        for event in (data or {}).get("events") or ()
        if event.get("granularity") != "year"
        for value in (event.get("end"), event.get("date"))
        if (day := _last_day(value)) is not None
    ]
    return max(days, default=None)


def _last_day(value: Any, *, whole_year: bool = False) -> dt.date | None:
    """The last day of an ISO date at its granularity; a bare year only when `whole_year` (31 December)."""
    if not isinstance(value, str):
        return None
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 1 and whole_year:
            return dt.date(numbers[0], 12, 31)
        if len(numbers) == 2:
            year, month = numbers
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if len(numbers) == 3:
            return dt.date(*numbers)
    except (ValueError, TypeError):  # a date the engine never writes ("-44", "2020-13"): not an event day
        return None
    return None


@dataclass(frozen=True, slots=True)
class EventSpan:
    """One dated event of a briefing as the store indexes it (table dated_events): its first and last day
    and its granularity ("day", "month" or "year")."""

    starts: dt.date
    ends: dt.date
    granularity: str


def coming_spans(data: dict[str, Any] | None, today: dt.date) -> list[EventSpan]:
    """The events of Briefing.to_dict() JSON whose last day is `today` or later, as the store indexes them
    for /upcoming; an event already over when its report is stored can never be upcoming."""
    spans = []
    for event in (data or {}).get("events") or ():
        starts = _first_day(event.get("date"))
        ends = _last_day(event.get("end") or event.get("date"), whole_year=True)
        granularity = event.get("granularity")
        if starts is None or ends is None or ends < today or granularity not in ("day", "month", "year"):
            continue
        spans.append(EventSpan(starts, max(starts, ends), granularity))
    return spans


def _first_day(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        numbers = [int(p) for p in value.split("-")]
        return dt.date(*[*numbers, 1, 1][:3]) if 1 <= len(numbers) <= 3 else None
    except (ValueError, TypeError):
        return None
