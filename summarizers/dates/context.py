"""What a resolver sees beside its match: the text, the anchor, and the tense cues of the clause and the article."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from summarizers.date_tables import DateWords, date_words
from summarizers.dates.calendar import DateMention, Tense, _Resolved
from summarizers.dates.words import (
    DEADLINE,
    FUTURE_CUES,
    NOT_PAST,
    NOT_PAST_AFTER,
    PAST_CUES,
    _bounded,
    _spaced,
)


@dataclass(frozen=True, slots=True)
class _Context:
    """What a resolver may look at besides its own match."""

    text: str
    anchor: dt.date | None
    cues: tuple[tuple[int, Tense], ...]  # (offset, tense) of every tense cue word in the text
    english: bool
    words: DateWords | None = None  # the language's own words; None for English
    report_tense: Tense | None = None  # the article's, for a weekday whose clause has no cue
    months: Mapping[int, int] = field(default_factory=dict)  # month -> the year the article gives it

    def tense_near(self, start: int, end: int, *, look_ahead: bool = True) -> Tense:
        """The tense of the nearest cue before the expression (its governing verb usually precedes it),
        else of the nearest one after it."""
        preposition = DEADLINE.search(self.text, max(0, start - 10), start)
        if preposition:
            return "past" if preposition.group(1).lower() == "since" else "future"
        i = bisect.bisect_left(self.cues, (start, ""))
        if i > 0:
            return self.cues[i - 1][1]
        j = bisect.bisect_left(self.cues, (end, ""))
        if j < len(self.cues) and look_ahead:
            return self.cues[j][1]
        return "none" if self.english else "lean_past"


Resolver = Callable[[re.Match[str], _Context], _Resolved | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Resolver


@functools.cache
def _cue_pattern() -> re.Pattern[str]:
    return re.compile(rf"\b(?:(?P<future>(?i:{FUTURE_CUES}))|(?P<past>{PAST_CUES}))\b")


def _cues(text: str) -> tuple[tuple[int, Tense], ...]:
    found: list[tuple[int, Tense]] = []
    for m in _cue_pattern().finditer(text):
        if m["future"]:
            found.append((m.start(), "future"))
        elif m["past"] not in NOT_PAST and not NOT_PAST_AFTER.search(text, max(0, m.start() - 12), m.start()):
            found.append((m.start(), "past"))
    return tuple(found)


@functools.cache
def _own_cue_pattern(code: str) -> re.Pattern[str] | None:
    """Tense cues of a language without English's verb cues, from its own date words: 'ayer', 'el lunes
    pasado', 'hace 3 días' point to the past; 'mañana', 'prochain', 'dentro de 3 días' to the future."""
    words = date_words(code)
    past: list[str] = []
    future: list[str] = []
    for table in (words.relative_days, {k: d for k, (_, d) in words.relative_units.items()}):
        for phrase, delta in table.items():
            (past if delta < 0 else future if delta > 0 else []).append(_spaced([phrase]))
    for phrase, (_, delta) in words.weekday_phrases.items():
        (past if delta < 0 else future if delta > 0 else []).append(_spaced([phrase]))
    for word, delta in words.relation_words.items():
        (past if delta < 0 else future).append(re.escape(word))
    number = r"\d+" + "".join(f"|{p}" for p, _ in words.numbers)
    for pattern, _, sign in words.ago_patterns:
        (past if sign < 0 else future).append(pattern.replace("{n}", f"(?:{number})"))
    if not past and not future:
        return None
    group = lambda parts: "|".join(sorted(parts, key=len, reverse=True)) or "(?!)"  # noqa: E731
    cues = f"(?P<past>{group(past)})|(?P<future>{group(future)})"
    if words.unspaced or words.agglutinative:
        return re.compile(_bounded(words, cues), re.IGNORECASE)
    # a whole word: "l'avant-dernier" (the last but one) says nothing of the tense
    return re.compile(rf"(?<![\w'’-])(?:{cues})(?![\w'’-])", re.IGNORECASE)


def _own_cues(text: str, code: str) -> tuple[tuple[int, Tense], ...]:
    pattern = _own_cue_pattern(code)
    if pattern is None:
        return ()
    return tuple((m.start(), "past" if m["past"] else "future") for m in pattern.finditer(text))


REPORT_MAJORITY = 3  # written dates on one side of the publication date this many times the other's


def report_tense(mentions: Iterable[DateMention], anchor: dt.date | None) -> Tense | None:
    """Whether an article reports what happened or announces what will: its dates written with numbers
    ("14 de mayo", "2/11") lie mostly before the publication date, or mostly after it."""
    if anchor is None:
        return None
    before = after = 0
    for m in mentions:
        if m.granularity not in ("day", "month") or not any(c.isdigit() for c in m.expression):
            continue
        here = anchor.isoformat()[: len(m.value)]
        before += m.value < here
        after += m.value > here
    if before >= 2 and before >= REPORT_MAJORITY * after:
        return "past"
    if after >= 2 and after >= REPORT_MAJORITY * before:
        return "future"
    return None


def dated_months(mentions: Iterable[DateMention], months: Mapping[int, int] | None = None) -> dict[int, int]:
    """`months` updated with the months these mentions date with their year, written ("abril de 2013",
    "8/4/2013") or stated relative to the publication ("el pasado abril"); the last one given wins. A month
    the text names later without a year is the one it dated last (as HeidelTime reads a narrative)."""
    found = dict(months or {})
    for m in mentions:
        if m.granularity in ("month", "day") and (m.relative or m.value[:4] in m.expression):
            found[int(m.value[5:7])] = int(m.value[:4])
    return found
