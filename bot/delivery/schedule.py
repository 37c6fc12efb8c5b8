"""When a chat's digests are due: local times of day in an IANA zone, a cadence, and what "missed" means.

Pure functions of (schedule, instants). Every instant going in or out is an aware UTC datetime; local
times exist only inside this module. The rules that keep a digest from being skipped or doubled:

- A local time that does not exist on a spring-forward day (02:30 in Berlin on 2026-03-29) fires at the
  first valid instant after it: the moment the clocks jump (03:00 local).
- A local time that exists twice on a fall-back day (02:30 in Berlin on 2026-10-25) fires once, at its
  first occurrence (fold=0).
- Slots are computed per local calendar date, so zones from UTC-12 to UTC+14 get exactly one slot per
  time per local day, whatever the UTC date is.
- A slot is only eligible after the schedule it belongs to was set: changing 18:00 to 12:00 at
  10:00 fires at 12:00 today; changing 08:00 to 09:00 at 10:00 does not fire a 09:00 digest in the past.
- A slot missed while the process was down is sent when it comes back, if it is at most `GRACE` old
  (marked late when over `LATE_AFTER`); older slots are skipped, and the next digest carries their news
  because content follows the chat's delivery cursor, not the slot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DAILY, WEEKDAYS, WEEKLY, INSTANT, OFF = "daily", "weekdays", "weekly", "instant", "off"
SCHEDULED_CADENCES = frozenset({DAILY, WEEKDAYS, WEEKLY})
WEEKLY_ON = 0  # weekly digests go out on Mondays (date.weekday() == 0)
GRACE = dt.timedelta(hours=3)  # a missed slot is still sent this long after its time
LATE_AFTER = dt.timedelta(minutes=10)  # beyond this, a digest says it is late (the planner runs each minute)
_SEARCH_STEP_SECONDS = 1


@dataclass(frozen=True, slots=True)
class Schedule:
    """A chat's digest schedule: local times of day ("08:00"), an IANA zone name and a cadence."""

    times: tuple[dt.time, ...]
    zone: str
    cadence: str

    @classmethod
    def parse(cls, times: str | Sequence[str], zone: str, cadence: str) -> Schedule:
        """From the stored forms: "08:00,18:00" (or a sequence of "HH:MM"), "Europe/Berlin", "daily"."""
        parts = times.split(",") if isinstance(times, str) else list(times)
        parsed = sorted({dt.time.fromisoformat(p.strip()) for p in parts if p.strip()})
        return cls(tuple(parsed), zone, cadence)

    @property
    def signature(self) -> str:
        """A stable text form; when it changes, the planner restarts eligibility at that moment."""
        return f"{self.cadence}|{self.zone}|{','.join(t.strftime('%H:%M') for t in self.times)}"

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.zone)


@dataclass(frozen=True, slots=True)
class DueSlot:
    """A digest to plan now: its slot instant (UTC), and whether it goes out late."""

    slot: dt.datetime
    late: bool


@dataclass(frozen=True, slots=True)
class SlotDecision:
    """What to do at `now`: plan `due` (the newest eligible slot), and record `skipped` ones as done."""

    due: DueSlot | None
    covered: tuple[dt.datetime, ...]  # older unplanned slots the due digest stands in for (within grace)
    skipped: tuple[dt.datetime, ...]  # slots older than the grace window: not sent


def local_instant(day: dt.date, time: dt.time, zone: ZoneInfo) -> dt.datetime:
    """The UTC instant of `time` on local date `day`: gaps fire when the gap ends, repeats fire once."""
    wall = dt.datetime.combine(day, time, tzinfo=zone).replace(fold=0)
    instant = wall.astimezone(dt.UTC)
    if instant.astimezone(zone).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return instant
    return _gap_end(wall, zone)


def _gap_end(wall: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The transition instant that swallowed `wall`: the first valid instant after a nonexistent time.

    fold=1 reads the wall time with the offset after the jump (an earlier instant), fold=0 with the one
    before (a later instant); the transition lies between them and is found by bisection.
    """
    low = wall.replace(fold=1).astimezone(dt.UTC)
    high = wall.replace(fold=0).astimezone(dt.UTC)
    if low > high:
        low, high = high, low
    before = low.astimezone(zone).utcoffset()
    while (high - low).total_seconds() > _SEARCH_STEP_SECONDS:
        middle = low + (high - low) / 2
        if middle.astimezone(zone).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def runs_on(day: dt.date, cadence: str) -> bool:
    if cadence == DAILY:
        return True
    if cadence == WEEKDAYS:
        return day.weekday() < 5
    if cadence == WEEKLY:
        return day.weekday() == WEEKLY_ON
    return False


def slots_between(schedule: Schedule, start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    """Every slot instant in (start, end], oldest first, at most one per local time and local date."""
    if schedule.cadence not in SCHEDULED_CADENCES or not schedule.times or end <= start:
        return []
    zone = schedule.tzinfo
    first_day = start.astimezone(zone).date() - dt.timedelta(days=1)
    last_day = end.astimezone(zone).date() + dt.timedelta(days=1)
    found: set[dt.datetime] = set()
    day = first_day
    while day <= last_day:
        if runs_on(day, schedule.cadence):
            for time in schedule.times:
                instant = local_instant(day, time, zone)
                if start < instant <= end:
                    found.add(instant)
        day += dt.timedelta(days=1)
    return sorted(found)


def next_slot(schedule: Schedule, after: dt.datetime) -> dt.datetime | None:
    """The first slot strictly after `after` (None for instant and off)."""
    if schedule.cadence not in SCHEDULED_CADENCES or not schedule.times:
        return None
    horizon = dt.timedelta(days=9)  # a weekly cadence always has a slot within 8 local days
    found = slots_between(schedule, after, after + horizon)
    return found[0] if found else None


def decide(
    schedule: Schedule,
    *,
    now: dt.datetime,
    after: dt.datetime,
    grace: dt.timedelta = GRACE,
    late_after: dt.timedelta = LATE_AFTER,
) -> SlotDecision:
    """Which slot to plan at `now`, given the watermark `after`: slots up to it are handled already.

    The watermark is the newest slot planned or skipped, or the moment the schedule took effect (so a
    changed or new schedule never fires for times before it was set). Only the newest open slot within
    the grace window is sent, since one digest holds all news since the last; older open slots are
    returned as covered or skipped so the caller records them and moves the watermark past them.
    """
    start = max(after, now - grace - dt.timedelta(days=8))
    open_slots = slots_between(schedule, start, now)
    within = [s for s in open_slots if now - s <= grace]
    skipped = tuple(s for s in open_slots if now - s > grace)
    if not within:
        return SlotDecision(None, (), skipped)
    newest = within[-1]
    return SlotDecision(DueSlot(newest, now - newest > late_after), tuple(within[:-1]), skipped)
