"""Date values and calendar arithmetic: formatting at a granularity, years and weekdays nearest an anchor."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

Granularity = Literal["decade", "year", "month", "day"]


Tense = Literal["past", "future", "none", "lean_past"]


TENSE_AGAINST = 4  # an occurrence against the tense must be this many times closer to win


# Without English tense cues news leans to the past: a future date must be this many times closer.
PAST_LEAN = 2.5


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # character offsets of the expression in the text searched
    end: int
    expression: str
    value: str  # "2016", "2016-05", "2016-09-02"; a decade as TimeML writes it: "197" (the 1970s)
    granularity: Granularity
    end_value: str | None = None  # the range's last date, same granularity
    relative: bool = False  # the expression states its distance from the anchor ("ayer", "el pasado abril")


@dataclass(frozen=True, slots=True)
class _Resolved:
    value: str
    granularity: Granularity
    end_value: str | None = None
    weekday: bool = False  # a bare weekday: it joins a date written right beside it
    relative: bool = False


def _day(d: dt.date) -> _Resolved:
    return _Resolved(d.isoformat(), "day")


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return dt.date(year, month, day)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _weighted(distance: int, tense: Tense) -> int:
    """Distance from the anchor, stretched when it runs against the tense."""
    against = (tense == "future" and distance < 0) or (tense == "past" and distance > 0)
    if tense == "lean_past" and distance > 0:
        return abs(distance) * PAST_LEAN  # type: ignore[return-value]
    return abs(distance) * (TENSE_AGAINST if against else 1)


def _year_for_day(month: int, day: int, anchor: dt.date, tense: Tense) -> int | None:
    """The year that puts month/day nearest the anchor, leaning with the tense."""
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = _safe_date(year, month, day)
        if d is not None:
            options.append((_weighted((d - anchor).days, tense), year))
    return min(options)[1] if options else None


def _year_for_month(month: int, anchor: dt.date, tense: Tense, relation: str = "") -> int:
    """Year of a month named without one: 'last May' is before the anchor's month, 'next May' after."""
    here = anchor.year * 12 + anchor.month
    options = [(year * 12 + month - here, year) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if relation == "last":  # the month just gone is "last month"; "last <Month>" reaches further back,
        # except in January, where "last December" can only be the one just gone
        return max((o for o in options if o[0] < -1), default=max(o for o in options if o[0] < 0))[1]
    if relation in ("next", "coming"):
        return min(o for o in options if o[0] > 0)[1]
    if relation == "this":
        return anchor.year
    return min((_weighted(diff, tense), year) for diff, year in options)[1]


def _weekday(target: int, anchor: dt.date, relation: str, tense: Tense) -> dt.date:
    """Weekdays in news are this week's: past by default, ahead with 'next' or a future tense."""
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    if relation == "last":
        return anchor - dt.timedelta(days=back or 7)
    if relation == "previous":  # the one before the (last) one the story is about
        return anchor - dt.timedelta(days=(back or 7) + 7)
    if relation in ("next", "coming", "following"):
        return anchor + dt.timedelta(days=ahead or 7)
    if tense == "future":
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


def _nearest_weekday(target: int, anchor: dt.date) -> dt.date:
    """Without a tense cue a weekday is the nearest one; a tie goes to the past."""
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    return anchor - dt.timedelta(days=back) if back <= ahead else anchor + dt.timedelta(days=ahead)
