"""The dates that are coming: the future-dated events of a set of reports, merged across reports as a
timeline merges them (`summarizers.timeline.merged_events`), in date order.

- **Coming.** An event is upcoming while its last day is today or later. A year is too coarse to be coming
  while it runs ("this year", said on 5 December), so a year-dated event is upcoming only from the year
  after today's, and it stays a year: "next year" is shown as 2027, never as 1 January 2027.
- **Order.** By date, a coarser date after the finer dates inside it (a month after its days, a year after
  its months): a year is not its 1 January.
- **A window** (a digest's next seven days, tomorrow's reminders) holds the events that begin inside it:
  a day, a range, or a month whose first day falls in it; never a year.
- **Re-dated.** A newer report of the same story that dates the same event differently ("the summit was
  moved to 20 December") moves it: the newest report's date is shown, with the dates the earlier reports
  gave. The same event is the other report's event with which it shares the most key-term weight (the
  label's words and the names of its date clause, weighed as the timeline weighs them), at least
  `REDATED_WEIGHT` and `REDATED_OVERLAP` of their terms, and more than any other; never two dates that one
  article gives. Dates over `REDATED_WITHIN_DAYS` past are not read at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from summarizers.briefing import Briefing, Event
from summarizers.timeline import EventCluster, TimelineEntry, TimelineSource, event_span, merged_events

REDATED_WEIGHT = 2 * math.log(2)  # about two shared key terms of ordinary frequency
REDATED_OVERLAP = 0.5  # Jaccard overlap of the two events' key terms
REDATED_WITHIN_DAYS = 90  # an earlier date further back is not read: so old an event is news of its own


@dataclass(frozen=True, slots=True)
class Report:
    """One stored report: the caller's id for it (an article id), its story, its briefing."""

    key: int
    story: int | None
    briefing: Briefing


@dataclass(frozen=True, slots=True)
class UpcomingEvent:
    date: str  # ISO at its granularity: "2026-12-15", "2026-12", "2027"
    end: str | None
    granularity: str
    label: str  # what is planned, a few words (the sentence cut when the engine gave no label)
    text: str  # the sentence that tells it
    sources: tuple[TimelineSource, ...]
    report: int  # key of the newest report giving the shown date
    earlier_dates: tuple[tuple[str, str | None], ...] = ()  # (date, end) earlier reports gave, oldest first
    reports: tuple[int, ...] = ()  # keys of every report telling it, those of the earlier dates too

    @property
    def first_day(self) -> dt.date:
        return _span(self.date, self.end)[0]

    @property
    def last_day(self) -> dt.date:
        return _span(self.date, self.end)[1]

    @property
    def redated(self) -> bool:
        return bool(self.earlier_dates)


@dataclass(frozen=True, slots=True)
class _Told:
    """A merged event with what re-dating needs: its reports (input indices), their stories, its key terms,
    and the publication day of the newest report giving the date it shows."""

    cluster: EventCluster
    entry: TimelineEntry
    sources: frozenset[int]
    stories: frozenset[int]
    terms: frozenset[str]
    reported: dt.date


def upcoming_events(
    reports: Sequence[Report],
    today: dt.date,
    *,
    until: dt.date | None = None,
    limit: int | None = None,
) -> list[UpcomingEvent]:
    """The reports' events still to come on `today` (those beginning by `until` when given: a window), one
    per event, re-dated by newer reports, earliest first; the first `limit`."""
    if not reports:
        return []
    told = _told([_recent(r, today - dt.timedelta(days=REDATED_WITHIN_DAYS)) for r in reports])
    moved_to = _redated(told)
    earlier: dict[int, list[int]] = defaultdict(list)
    for old in sorted(moved_to, key=lambda i: told[i].reported):
        earlier[_final(old, moved_to)].append(old)
    found = []
    for i, item in enumerate(told):
        if i in moved_to:
            continue
        event = _event(item, [told[j] for j in earlier[i]], reports)
        if _coming(event, today, until):
            found.append(event)
    found.sort(key=_in_date_order)
    return found[:limit] if limit is not None else found


def _recent(report: Report, since: dt.date) -> Report:
    """The report with only its events that end on `since` or later (and whose dates parse): older ones can
    neither come nor be re-dated, and merging them would cost as much as the rest."""
    kept = []
    for event in report.briefing.events:
        try:
            if event_span(event)[1] >= since:
                kept.append(event)
        except (ValueError, IndexError):  # a stored date the engine never writes ("-44", "2020-13")
            continue
    if len(kept) == len(report.briefing.events):
        return report
    return dataclasses.replace(report, briefing=dataclasses.replace(report.briefing, events=tuple(kept)))


def _told(reports: Sequence[Report]) -> list[_Told]:
    told = []
    for cluster, entry in merged_events([r.briefing for r in reports]):
        sources = frozenset(m.source for m in cluster.mentions)
        giving = [
            m.briefing.published or dt.date.min
            for m in cluster.mentions
            if (m.event.date, m.event.end) == (entry.date, entry.end)
        ]
        told.append(
            _Told(
                cluster,
                entry,
                sources,
                frozenset(_story(reports[s]) for s in sources),
                frozenset().union(*(m.key_terms for m in cluster.mentions)),
                max(giving, default=dt.date.min),
            )
        )
    return told


def _story(report: Report) -> int:
    """Reports without a story are each their own (negative keys never meet a story id)."""
    return report.story if report.story is not None else -1 - report.key


def _redated(told: Sequence[_Told]) -> dict[int, int]:
    """Event -> the newer report's event that re-dates it."""
    weight = _weights(told)
    by_story: dict[int, list[int]] = defaultdict(list)
    for i, item in enumerate(told):
        for story in item.stories:
            by_story[story].append(i)
    moved: dict[int, int] = {}
    for i, item in enumerate(told):
        scored: list[tuple[float, int]] = []
        for j in {j for story in item.stories for j in by_story[story]}:
            other = told[j]
            if (
                j == i
                or other.reported <= item.reported
                or other.sources & item.sources
                or (other.entry.date, other.entry.end) == (item.entry.date, item.entry.end)
            ):
                continue
            shared = item.terms & other.terms
            overlap = len(shared) / len(item.terms | other.terms) if shared else 0.0
            score = sum(weight[t] for t in shared)
            if score >= REDATED_WEIGHT and overlap >= REDATED_OVERLAP:
                scored.append((score, j))
        best = max((score for score, _ in scored), default=0.0)
        tied = [j for score, j in scored if math.isclose(score, best)]
        if len(tied) == 1:
            moved[i] = tied[0]
    return moved


def _weights(told: Sequence[_Told]) -> dict[str, float]:
    """ln(1 + events / events using the term): a term every event shares tells none apart."""
    used = Counter(t for item in told for t in item.terms)
    return {t: math.log(1 + len(told) / n) for t, n in used.items()}


def _final(i: int, moved_to: dict[int, int]) -> int:
    seen = {i}
    while i in moved_to and moved_to[i] not in seen:  # links only go to newer reports: no cycle, but be sure
        i = moved_to[i]
        seen.add(i)
    return i


def _event(item: _Told, earlier: Sequence[_Told], reports: Sequence[Report]) -> UpcomingEvent:
    entry = item.entry
    sources = {(s.url or s.title): s for told in (*earlier, item) for s in told.entry.sources}
    giving = [m for m in item.cluster.mentions if (m.event.date, m.event.end) == (entry.date, entry.end)]
    newest = max(giving, key=lambda m: (m.briefing.published or dt.date.min, m.source))
    dates = tuple(dict.fromkeys((e.entry.date, e.entry.end) for e in earlier))
    return UpcomingEvent(
        entry.date,
        entry.end,
        entry.granularity,
        entry.event_label or entry.text,
        entry.text,
        tuple(sorted(sources.values(), key=lambda s: s.published or dt.date.min)),
        reports[newest.source].key,
        dates,
        tuple(sorted({reports[s].key for told in (*earlier, item) for s in told.sources})),
    )


def _in_date_order(event: UpcomingEvent) -> tuple[int, int, int, dt.date, str]:
    """By date, a coarser date after the finer ones inside it: "2027" after every dated event of 2027,
    "February 2027" after the days of February (it is not on the 1st)."""
    first = event.first_day
    month = 13 if event.granularity == "year" else first.month
    day = first.day if event.granularity == "day" else 32
    return first.year, month, day, event.last_day, event.label


def _coming(event: UpcomingEvent, today: dt.date, until: dt.date | None) -> bool:
    if until is not None:
        return event.granularity != "year" and today <= event.first_day <= until
    if event.granularity == "year":
        return event.first_day.year > today.year
    return event.last_day >= today


def _span(date: str, end: str | None) -> tuple[dt.date, dt.date]:
    return event_span(Event(date, "day", "", "", end))
