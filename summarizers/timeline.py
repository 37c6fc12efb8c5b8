"""Events across briefings: select by query, merge the same event across sources, order by date."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from summarizers.briefing import Briefing, Event

SAME_EVENT_SIMILARITY = 0.3  # Jaccard overlap of content words between two sentences on the same date
_WORD = re.compile(r"\w+")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class TimelineSource:
    title: str | None
    url: str | None
    published: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: str
    end: str | None
    granularity: str
    text: str
    sources: tuple[TimelineSource, ...]
    expected: bool = False  # dated after every reporting article's publication: scheduled, not yet happened

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "end": self.end,
            "granularity": self.granularity,
            "text": self.text,
            "sources": [s.to_dict() for s in self.sources],
        }

    def label(self) -> str:
        """The date at its granularity: '2014', 'March 2014', '2 Sep 2016', '2–3 Sep 2016'."""
        return date_label(self.date, self.end)


@dataclass(frozen=True, slots=True)
class Timeline:
    query: str | None
    entries: tuple[TimelineEntry, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "events": [e.to_dict() for e in self.entries]}


def date_label(date: str, end: str | None = None) -> str:
    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return f"{parts[0]}–{end}" if end and end != date else str(parts[0])
    if len(parts) == 2:
        label = f"{_MONTH_NAMES[parts[1] - 1]} {parts[0]}"
        return f"{label} – {date_label(end)}" if end and end != date else label
    day = f"{parts[2]} {_MONTHS[parts[1] - 1]} {parts[0]}"
    if end and end != date:
        e = [int(p) for p in end.split("-")]
        if len(e) == 3 and e[:2] == parts[:2]:
            return f"{parts[2]}–{e[2]} {_MONTHS[parts[1] - 1]} {parts[0]}"
        return f"{day} – {date_label(end)}"
    return day


def build_timeline(
    briefings: Iterable[Briefing], *, query: str | None = None, limit: int | None = None
) -> Timeline:
    """Events of the briefings that match the query, one entry per distinct event, in date order."""
    groups: dict[tuple[str, str | None], list[tuple[Event, Briefing, set[str]]]] = {}
    for b in briefings:
        names = _query_names(b, query)
        if names is None:
            continue
        for event in b.events:
            if names and not any(n in event.text.lower() for n in names):
                continue
            groups.setdefault((event.date, event.end), []).append((event, b, _content_words(event.text)))
    entries = [entry for key in sorted(groups) for entry in _merge_group(groups[key])]
    if limit is not None and len(entries) > limit:
        keep = sorted(range(len(entries)), key=lambda i: -len(entries[i].sources))[:limit]
        entries = [entries[i] for i in sorted(keep)]
    return Timeline(query, tuple(entries))


def _query_names(b: Briefing, query: str | None) -> set[str] | None:
    """Lower-case names that an event sentence must contain; empty set = all events; None = skip article."""
    if not query or not query.strip():
        return set()
    q = query.strip().lower()
    for e in b.entities:
        forms = {e.name.lower(), *(a.lower() for a in e.aliases)}
        if q in forms or any(q in f.split() for f in forms):
            return forms | {q}
    return {q}


def _merge_group(items: list[tuple[Event, Briefing, set[str]]]) -> list[TimelineEntry]:
    clusters: list[list[tuple[Event, Briefing, set[str]]]] = []
    for item in items:
        for cluster in clusters:
            if any(_jaccard(item[2], other[2]) >= SAME_EVENT_SIMILARITY for other in cluster):
                cluster.append(item)
                break
        else:
            clusters.append([item])
    return [_entry(c) for c in clusters]


def _entry(cluster: list[tuple[Event, Briefing, set[str]]]) -> TimelineEntry:
    event = min((e for e, _, _ in cluster), key=lambda e: len(e.text))
    sources: dict[str | None, TimelineSource] = {}
    for _, b, _ in cluster:
        key = b.url or b.title
        sources.setdefault(key, TimelineSource(b.title, b.url, b.published))
    published = [s.published for s in sources.values() if s.published]
    expected = bool(published) and _event_start(event) > max(published)
    return TimelineEntry(
        event.date, event.end, event.granularity, event.text, tuple(sources.values()), expected
    )


def _event_start(event: Event) -> dt.date:
    parts = [int(p) for p in event.date.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _content_words(sentence: str) -> set[str]:
    return {w for w in _WORD.findall(sentence.lower()) if len(w) > 3}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
