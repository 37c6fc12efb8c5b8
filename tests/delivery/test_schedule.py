"""Digest slots in local time: daylight-saving days, extreme zones, cadences, missed and changed schedules."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from bot.delivery.schedule import GRACE, LATE_AFTER, Schedule, decide, local_instant, next_slot, slots_between

UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def local_days(slots: list[dt.datetime], zone: str) -> Counter[dt.date]:
    return Counter(s.astimezone(ZoneInfo(zone)).date() for s in slots)


@pytest.mark.parametrize(
    ("zone", "day"),
    [
        ("Europe/Berlin", dt.date(2026, 3, 29)),
        ("Europe/Berlin", dt.date(2026, 10, 25)),
        ("America/New_York", dt.date(2026, 3, 8)),
        ("America/New_York", dt.date(2026, 11, 1)),
        ("Australia/Lord_Howe", dt.date(2026, 4, 5)),  # a 30-minute shift
    ],
)
def test_every_time_of_day_fires_exactly_once_on_a_daylight_saving_day(zone: str, day: dt.date) -> None:
    for minutes in range(0, 24 * 60, 15):
        time = f"{minutes // 60:02d}:{minutes % 60:02d}"
        schedule = Schedule.parse(time, zone, "daily")
        tick = dt.timedelta(microseconds=1)
        start = dt.datetime.combine(day, dt.time(0), ZoneInfo(zone)).astimezone(UTC) - tick
        end = (
            dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), ZoneInfo(zone)).astimezone(UTC) - tick
        )
        slots = slots_between(schedule, start - dt.timedelta(days=1), end + dt.timedelta(days=1))
        assert local_days(slots, zone) == Counter(
            {day - dt.timedelta(days=1): 1, day: 1, day + dt.timedelta(days=1): 1}
        ), time
        assert len([s for s in slots if start < s <= end]) == 1, time


def test_a_time_skipped_by_spring_forward_fires_when_the_clocks_jump() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    fired = local_instant(dt.date(2026, 3, 29), dt.time(2, 30), berlin)
    assert fired == utc(2026, 3, 29, 1, 0)
    assert fired.astimezone(berlin).time() == dt.time(3, 0)


def test_a_time_repeated_by_fall_back_fires_at_its_first_occurrence() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    fired = local_instant(dt.date(2026, 10, 25), dt.time(2, 30), berlin)
    assert fired == utc(2026, 10, 25, 0, 30)  # 02:30 CEST; 02:30 CET an hour later does not fire
    schedule = Schedule.parse("02:30", "Europe/Berlin", "daily")
    assert slots_between(schedule, utc(2026, 10, 25, 0, 0), utc(2026, 10, 25, 3, 0)) == [fired]


def test_new_york_spring_forward_and_fall_back() -> None:
    new_york = ZoneInfo("America/New_York")
    assert local_instant(dt.date(2026, 3, 8), dt.time(2, 30), new_york) == utc(2026, 3, 8, 7, 0)  # 03:00 EDT
    assert local_instant(dt.date(2026, 11, 1), dt.time(1, 30), new_york) == utc(2026, 11, 1, 5, 30)  # EDT


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Pacific/Kiritimati", utc(2026, 6, 14, 18, 0)),  # UTC+14: 08:00 on the 15th is the 14th in UTC
        ("Etc/GMT+12", utc(2026, 6, 15, 20, 0)),  # UTC-12
        ("UTC", utc(2026, 6, 15, 8, 0)),
    ],
)
def test_extreme_zones_get_their_local_morning(zone: str, expected: dt.datetime) -> None:
    schedule = Schedule.parse("08:00", zone, "daily")
    slots = slots_between(schedule, utc(2026, 6, 13), utc(2026, 6, 18))
    assert expected in slots
    assert all(s.astimezone(ZoneInfo(zone)).time() == dt.time(8) for s in slots)
    assert len(local_days(slots, zone)) == len(slots)


def test_weekdays_skip_the_weekend_and_weekly_runs_on_mondays() -> None:
    start, end = utc(2026, 6, 7, 12), utc(2026, 6, 21, 12)  # Sunday to Sunday, two weeks
    weekdays = slots_between(Schedule.parse("07:00", "Asia/Tokyo", "weekdays"), start, end)
    weekly = slots_between(Schedule.parse("07:00", "Asia/Tokyo", "weekly"), start, end)
    tokyo = ZoneInfo("Asia/Tokyo")
    assert {s.astimezone(tokyo).weekday() for s in weekdays} == {0, 1, 2, 3, 4}
    assert len(weekdays) == 10
    assert [s.astimezone(tokyo).weekday() for s in weekly] == [0, 0]


def test_instant_and_off_have_no_slots() -> None:
    for cadence in ("instant", "off"):
        assert next_slot(Schedule.parse("08:00", "UTC", cadence), utc(2026, 1, 1)) is None


def test_a_slot_missed_within_the_grace_window_is_sent_late() -> None:
    schedule = Schedule.parse("08:00", "Europe/Berlin", "daily")
    slot = utc(2026, 6, 15, 6, 0)
    on_time = decide(schedule, now=slot + dt.timedelta(seconds=40), after=slot - dt.timedelta(hours=1))
    late = decide(
        schedule, now=slot + LATE_AFTER + dt.timedelta(minutes=30), after=slot - dt.timedelta(hours=1)
    )
    assert on_time.due is not None and on_time.due.slot == slot and not on_time.due.late
    assert late.due is not None and late.due.slot == slot and late.due.late


def test_a_slot_missed_beyond_the_grace_window_is_skipped_not_sent() -> None:
    schedule = Schedule.parse("08:00", "Europe/Berlin", "daily")
    slot = utc(2026, 6, 15, 6, 0)
    decision = decide(
        schedule, now=slot + GRACE + dt.timedelta(minutes=1), after=slot - dt.timedelta(hours=1)
    )
    assert decision.due is None
    assert decision.skipped == (slot,)


def test_several_missed_slots_make_one_digest() -> None:
    schedule = Schedule.parse("08:00,08:30,09:00", "UTC", "daily")
    decision = decide(schedule, now=utc(2026, 6, 15, 9, 5), after=utc(2026, 6, 15, 7))
    assert decision.due is not None and decision.due.slot == utc(2026, 6, 15, 9)
    assert decision.covered == (utc(2026, 6, 15, 8), utc(2026, 6, 15, 8, 30))


def test_slots_before_the_watermark_never_fire_again() -> None:
    schedule = Schedule.parse("08:00", "UTC", "daily")
    assert decide(schedule, now=utc(2026, 6, 15, 8, 5), after=utc(2026, 6, 15, 8)).due is None
