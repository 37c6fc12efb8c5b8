"""What new reports of a story add to the reports a reader was already told about: the summary sentences
no earlier report said, and the dated events no earlier report gave. Pure: briefings in, news out.

"Said" is the story index's own measure (summarizers.stories): the Jaccard similarity of 5-word shingles,
a sentence counting as said when it is a near-duplicate (>= NEAR_DUPLICATE) of a sentence, event sentence
or title of an earlier report. An inverted index over the earlier shingles keeps it linear in the number
of shingles, not in sentences times sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from summarizers.briefing import Briefing
from summarizers.stories import NEAR_DUPLICATE, shingles
from summarizers.timeline import TimelineEntry, build_timeline

NEW_SENTENCES = 3
NEW_EVENTS = 5
_EVENT_POOL = 30  # entries the new reports' timeline is built with before the known dates are left out


@dataclass(frozen=True, slots=True)
class StoryNews:
    """The sentences and dated events of the new reports that no earlier report gave."""

    sentences: tuple[str, ...] = ()
    events: tuple[TimelineEntry, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.sentences and not self.events


@dataclass
class SaidBefore:
    """The sentences already said, indexed by shingle, and the event dates already given."""

    _sentences: list[frozenset[str]] = field(default_factory=list)
    _by_shingle: dict[str, list[int]] = field(default_factory=dict)
    _dates: set[str] = field(default_factory=set)

    def add_briefing(self, briefing: Briefing) -> None:
        texts = [
            briefing.title or "",
            *(s.text for s in briefing.summary),
            *(e.text for e in briefing.events),
        ]
        for text in texts:
            self.add_sentence(text)
        self._dates.update(e.date for e in briefing.events)

    def add_sentence(self, text: str) -> None:
        found = frozenset(shingles(text))
        if not found:
            return
        n = len(self._sentences)
        self._sentences.append(found)
        for shingle in found:
            self._by_shingle.setdefault(shingle, []).append(n)

    def said(self, text: str) -> bool:
        """True when an earlier sentence is a near-duplicate of `text` (5-word shingle Jaccard)."""
        found = shingles(text)
        if not found:
            return True  # nothing to say
        shared: dict[int, int] = {}
        for shingle in found:
            for n in self._by_shingle.get(shingle, ()):
                shared[n] = shared.get(n, 0) + 1
        for n, common in shared.items():
            if common / (len(found) + len(self._sentences[n]) - common) >= NEAR_DUPLICATE:
                return True
        return False

    def dated(self, date: str) -> bool:
        """True when an earlier report gave this date, or a finer one inside it ("2016-12" by "2016-12-15")."""
        return date in self._dates or any(known.startswith(date + "-") for known in self._dates)


def said_before(earlier: Iterable[Briefing]) -> SaidBefore:
    said = SaidBefore()
    for briefing in earlier:
        said.add_briefing(briefing)
    return said


def story_news(
    new: Sequence[Briefing],
    earlier: SaidBefore,
    *,
    sentences: int = NEW_SENTENCES,
    events: int = NEW_EVENTS,
) -> StoryNews:
    """The new reports' summary sentences no earlier report said (each new thing once, in the reports'
    order, at most `sentences`) and their most salient events dated on days no earlier report gave (at
    most `events`, in date order). `earlier` is not changed."""
    fresh = SaidBefore()
    chosen: list[str] = []
    for briefing in new:
        for sentence in briefing.summary:
            if len(chosen) >= sentences:
                break
            if not earlier.said(sentence.text) and not fresh.said(sentence.text):
                chosen.append(sentence.text)
                fresh.add_sentence(sentence.text)
    return StoryNews(tuple(chosen), new_events(new, earlier, events))


def new_events(
    new: Sequence[Briefing], earlier: SaidBefore, limit: int = NEW_EVENTS
) -> tuple[TimelineEntry, ...]:
    """The new reports' events merged (summarizers.timeline), without those on dates already given; the
    most salient `limit` kept, in date order."""
    if not any(b.events for b in new):
        return ()
    entries = build_timeline(new, limit=_EVENT_POOL, whole_articles=True).entries
    unknown = [e for e in entries if not earlier.dated(e.date)]
    kept = {id(e) for e in sorted(unknown, key=lambda e: -e.salience)[:limit]}
    return tuple(e for e in unknown if id(e) in kept)
