"""The engine's upcoming events: what is still to come, merged across reports, re-dated by newer reports of
the same story, a year kept as a year, and a window that holds what begins in it."""

from __future__ import annotations

import datetime as dt

from summarizers.briefing import Event
from summarizers.upcoming import Report, upcoming_events
from tests.conftest import make_briefing

TODAY = dt.date(2026, 12, 5)


def _report(key: int, story: int | None, published: dt.date, *events: Event, title: str = "") -> Report:
    briefing = make_briefing(
        title=title or f"Report {key}", url=f"https://r{key}.example/", published=published, events=events
    )
    return Report(key, story, briefing)


SUMMIT = Event(
    "2026-12-15",
    "day",
    "December 15",
    "Putin will hold a summit with Abe in Nagato on December 15.",
    label="Putin will hold a summit with Abe in Nagato",
    entities=("Vladimir Putin", "Shinzo Abe"),
)
MOVED = Event(
    "2026-12-20",
    "day",
    "December 20",
    "The summit of Putin and Abe in Nagato was moved to December 20.",
    label="Summit of Putin and Abe in Nagato moved",
    entities=("Vladimir Putin", "Shinzo Abe"),
)
VOTE = Event(
    "2026-12-09",
    "day",
    "Wednesday",
    "Parliament votes on the budget on Wednesday.",
    label="Parliament votes on the budget",
)
NEXT_YEAR = Event(
    "2027", "year", "next year", "Elections will be held next year.", label="Elections will be held"
)
THIS_YEAR = Event("2026", "year", "this year", "Growth will slow this year.", label="Growth will slow")
THIS_MONTH = Event("2026-12", "month", "in December", "Talks resume in December.", label="Talks resume")
PAST = Event("2026-12-01", "day", "December 1", "The ministers met on December 1.", label="The ministers met")


def test_a_newer_report_of_the_story_moves_the_event_and_says_where_it_was() -> None:
    events = upcoming_events(
        [_report(1, 7, dt.date(2026, 12, 1), SUMMIT), _report(2, 7, dt.date(2026, 12, 4), MOVED)], TODAY
    )
    assert [(e.date, e.earlier_dates, e.report) for e in events] == [
        ("2026-12-20", (("2026-12-15", None),), 2)
    ]
    assert {s.url for s in events[0].sources} == {"https://r1.example/", "https://r2.example/"}


def test_the_same_dates_in_two_different_stories_stay_two_events() -> None:
    events = upcoming_events(
        [_report(1, 7, dt.date(2026, 12, 1), SUMMIT), _report(2, 8, dt.date(2026, 12, 4), MOVED)], TODAY
    )
    assert [(e.date, e.redated) for e in events] == [("2026-12-15", False), ("2026-12-20", False)]


def test_an_older_report_never_moves_a_newer_one_back() -> None:
    events = upcoming_events(
        [_report(1, 7, dt.date(2026, 12, 4), SUMMIT), _report(2, 7, dt.date(2026, 12, 1), MOVED)], TODAY
    )
    assert [(e.date, e.earlier_dates) for e in events] == [("2026-12-15", (("2026-12-20", None),))]


def test_upcoming_lists_what_is_still_to_come_in_date_order_and_a_year_only_from_next_year() -> None:
    january = Event(
        "2027-01-20", "day", "January 20", "The new parliament meets on January 20.", label="Parliament meets"
    )
    report = _report(
        1, None, dt.date(2026, 12, 2), NEXT_YEAR, THIS_YEAR, SUMMIT, THIS_MONTH, PAST, VOTE, january
    )
    events = upcoming_events([report], TODAY)
    assert [(e.date, e.granularity) for e in events] == [
        ("2026-12-09", "day"),
        ("2026-12-15", "day"),
        ("2026-12", "month"),  # after the days of its month: it is not on the 1st
        ("2027-01-20", "day"),
        ("2027", "year"),  # after every dated event of its year: it is not on 1 January
    ]
    assert events[-1].first_day == dt.date(2027, 1, 1) and events[-1].granularity == "year"


def test_a_window_holds_the_events_beginning_in_it_never_a_year_or_a_month_already_begun() -> None:
    report = _report(1, None, dt.date(2026, 12, 2), NEXT_YEAR, SUMMIT, THIS_MONTH, VOTE)
    week = upcoming_events([report], TODAY, until=TODAY + dt.timedelta(days=6))
    assert [e.date for e in week] == ["2026-12-09"]
    new_year = upcoming_events([report], dt.date(2026, 12, 29), until=dt.date(2027, 1, 4))
    assert new_year == []


def test_the_same_event_from_two_sources_is_one_entry_with_both() -> None:
    other = Event(
        "2026-12-15",
        "day",
        "December 15",
        "Abe and Putin hold a summit in Nagato on December 15.",
        label="Abe and Putin hold a summit in Nagato",
        entities=("Vladimir Putin", "Shinzo Abe"),
    )
    events = upcoming_events(
        [_report(1, 7, dt.date(2026, 12, 1), SUMMIT), _report(2, 7, dt.date(2026, 12, 2), other)], TODAY
    )
    assert len(events) == 1 and len(events[0].sources) == 2 and not events[0].redated


def test_stored_dates_the_engine_never_writes_are_skipped_not_fatal() -> None:
    broken = [
        Event(value, "month", "x", f"Something on {value}.", label="Something")
        for value in ("2026-13", "-44", "")
    ]
    events = upcoming_events([_report(1, None, dt.date(2026, 12, 2), *broken, VOTE)], TODAY)
    assert [e.date for e in events] == ["2026-12-09"]
