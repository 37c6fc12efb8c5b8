"""The last day a briefing's events reach (`briefings.events_until`), so retention can keep an article whose
dated events are still to come without reading the JSON of every old briefing.

Only events dated to a day or a month count. A year is too coarse to be "coming": "this year" would keep
every article that says it until 31 December (measured: with year events counted, a simulated August kept
224,000 articles past ARTICLE_DAYS, bench/retention.py)."""

from __future__ import annotations

import calendar
import datetime as dt
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


def _last_day(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 2:
            year, month = numbers
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if len(numbers) == 3:
            return dt.date(*numbers)
    except (ValueError, TypeError):  # a date the engine never writes ("-44", "2020-13"): not an event day
        return None
    return None
