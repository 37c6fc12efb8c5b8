"""The last day a briefing's events reach (`briefings.events_until`), so retention can keep an article whose
dated events are still to come without reading the JSON of every old briefing."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any


def events_until(data: dict[str, Any] | None) -> dt.date | None:
    """The latest day any event of Briefing.to_dict() JSON covers: its `end` when it is a range, else its
    `date`, taken to the last day of its granularity ("2027" -> 31 Dec 2027, "2027-05" -> 31 May 2027)."""
    days = [
        day
        for event in (data or {}).get("events") or ()
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
        if len(numbers) == 1:
            return dt.date(numbers[0], 12, 31)
        if len(numbers) == 2:
            year, month = numbers
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        if len(numbers) == 3:
            return dt.date(*numbers)
    except (ValueError, TypeError):  # a date the engine never writes ("-44", "2020-13"): not an event day
        return None
    return None
