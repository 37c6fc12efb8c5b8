"""Events across briefings: select by query, merge the same event across sources, rank, order by date.

- **Selection.** A briefing takes part when the query names one of its entities (by name or alias: "Abe"
  finds "Shinzo Abe") or appears in its text; an event takes part when its sentence mentions the entity
  (any of its forms, or by a role the article gave it: "the Russian president") or the query. With
  `whole_articles=True` the caller has already chosen the articles (e.g. whole stories): every event of
  every briefing takes part, and how directly it names the query only weighs in its salience.
- **Merging.** Mentions from different articles whose date ranges overlap and whose sentences share
  enough content words are one event; a weekday or relative mention ("on Thursday", "last month") also
  joins a mention of the same day from another source when they name a common entity. Then a mention at
  month or year granularity joins the finer (or equally dated) event inside it with which it shares the
  most key words or entities ("Putin's visit to Japan in December" → the 15 December summit; "Russia
  annexed Crimea in March 2014" from two sources → one entry), never one its own article dates apart.
- **The entry** shows the finest date among its mentions and the label and sentence of the source that
  tells the event best: a report published after the event beats one that announced it ("slated"), a
  label of the right length, not a bare cut, naming more entities; the newest source wins a tie.
- **Trimming.** A long timeline keeps its `limit` most salient entries (`SalienceRanker`); the news-tls
  baseline (Ghalandari & Ifrim 2020: rank dates by how often they are mentioned) is `DateFrequencyRanker`.
  bench/timeline.py measures both on the multi-article set.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import importlib.util
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from summarizers.briefing import Briefing, Event
from summarizers.labels import MAX_WORDS, MIN_WORDS, event_label
from summarizers.labels import words as label_words
from summarizers.text import language_name

SAME_EVENT_SIMILARITY = 0.3  # Jaccard overlap of content words between two sentences on the same date
MEMBERS_COMPARED = 8  # a mention joins an event when it is similar to one of its first members
# A relative mention of the same day from another source: this many shared words, or an entity and a few.
SAME_DAY_SHARED_WORDS, SAME_DAY_SIMILARITY = 0.15, 0.05
# A month or year mention joins the finer event inside it with which it shares a key term (each weighs
# ln(1 + mentions / mentions using it), at least ln 2), the one it shares the most weight with when
# several events inside its range share some, and none when two share as much.
JOIN_WEIGHT = math.log(2)
STEM_CHARS = 5
_FINEST = {"day": 0, "month": 1, "year": 2}
# How directly an event sentence names the query: by name, by role, by alias, as text, not at all.
NAME_MATCH, ROLE_MATCH, ALIAS_MATCH, TEXT_MATCH, NO_MATCH = 1.0, 0.9, 0.8, 0.6, 0.0
_ABSOLUTE = re.compile(r"\b\d{4}\b")  # an expression that states its year does not lean on the anchor
_WORD = re.compile(r"\w+")
_CLAUSE_BOUNDARY = re.compile(r"[;:()—–]|,\s|\s(?:and|but|which|while|whereas|although|because|when)\s")
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
    salience: float = 0.0  # the ranker's score; not part of the JSON
    event_label: str = ""  # what happened, 4-12 words (JSON "label"); `text` keeps the whole sentence

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "end": self.end,
            "granularity": self.granularity,
            "label": self.event_label,
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


@dataclass(frozen=True, slots=True)
class Mention:
    """One event of one matching article, with what the merging and the rankers need."""

    event: Event
    briefing: Briefing
    source: int  # index of the briefing in the input
    words: frozenset[str]  # content words of the sentence
    start: dt.date
    end: dt.date  # inclusive
    match: float  # NAME_MATCH, ROLE_MATCH, ALIAS_MATCH, TEXT_MATCH, or NO_MATCH (whole articles only)
    summary_rank: int | None  # rank of the sentence in the article's summary (0 = most central), if in it
    key_terms: frozenset[str] = frozenset()  # stems of what happened (the label) and of the entities named


@dataclass(frozen=True, slots=True)
class EventCluster:
    """Mentions of one event across articles."""

    mentions: tuple[Mention, ...]

    @property
    def sources(self) -> int:
        return len({_source_key(m.briefing) for m in self.mentions})


class Ranker(Protocol):
    def __call__(self, clusters: Sequence[EventCluster], mentions: Sequence[Mention]) -> list[float]:
        """One score per cluster; higher is more salient. `mentions` are all matching mentions."""
        ...


class DateFrequencyRanker:
    """news-tls's baseline: a date is as salient as the number of mentions citing it."""

    def __call__(self, clusters: Sequence[EventCluster], mentions: Sequence[Mention]) -> list[float]:
        per_date = Counter(m.event.date for m in mentions)
        return [float(per_date[_shown_event(c).date]) for c in clusters]


class SalienceRanker:
    """Date frequency, plus what says an event matters to the story: how many sources report it, whether
    an article ranks its sentence among its most central (the summary), how many of its sentences are
    about the query entity (by name or role) and how directly, whether it shares words with the article's
    title, and how precisely it is dated."""

    def __call__(self, clusters: Sequence[EventCluster], mentions: Sequence[Mention]) -> list[float]:
        per_date = Counter(m.event.date for m in mentions)
        most = max(per_date.values(), default=1)
        return [self._score(c, per_date, most) for c in clusters]

    def _score(self, cluster: EventCluster, per_date: Counter[str], most: int) -> float:
        shown = _shown_event(cluster)
        frequency = per_date[shown.date] / most
        central = max(
            (1.0 / (1.0 + m.summary_rank) for m in cluster.mentions if m.summary_rank is not None),
            default=0.0,
        )
        match = max(m.match for m in cluster.mentions)
        about = len({_source_key(m.briefing) for m in cluster.mentions if m.match > NO_MATCH})
        titled = max(_title_overlap(m) for m in cluster.mentions)
        precision = {"day": 1.0, "month": 0.6, "year": 0.2}.get(shown.granularity, 0.0)
        return (
            math.log2(1 + cluster.sources)
            + 0.5 * math.log2(1 + about)
            + frequency
            + 1.5 * central
            + match
            + titled
            + 0.5 * precision
        )


def build_timeline(
    briefings: Iterable[Briefing],
    *,
    query: str | None = None,
    limit: int | None = None,
    ranker: Ranker | None = None,
    whole_articles: bool = False,
) -> Timeline:
    """Events of the briefings that match the query, one entry per distinct event, in date order; past
    `limit` entries, only the most salient are kept. `whole_articles`: the briefings are already the
    selection (articles and their stories); all their events take part."""
    mentions = matching_mentions(briefings, query, whole_articles=whole_articles)
    clusters = merge_mentions(mentions)
    scores = (ranker or SalienceRanker())(clusters, mentions)
    order = range(len(clusters))
    if limit is not None and len(clusters) > limit:
        order = sorted(sorted(order, key=lambda i: -scores[i])[:limit])
    entries = [_entry(clusters[i], scores[i]) for i in order]
    entries.sort(key=lambda e: (e.date, e.end or e.date))
    return Timeline(query, tuple(entries))


def merged_events(briefings: Sequence[Briefing]) -> list[tuple[EventCluster, TimelineEntry]]:
    """Every event of the briefings merged across them, untrimmed, each with the mentions it merges (so a
    caller knows which reports, `Mention.source`, tell it): the timeline of whole articles, unranked."""
    clusters = merge_mentions(matching_mentions(briefings, None, whole_articles=True))
    return [(cluster, _entry(cluster, 0.0)) for cluster in clusters]


def story_key_dates(briefings: Sequence[Briefing], limit: int = 5) -> tuple[TimelineEntry, ...]:
    """The `limit` most salient events of one story's reports, merged across them, in date order: what a
    briefing shown with its other reports lists as its key dates."""
    return build_timeline(briefings, limit=limit, whole_articles=True).entries


def matching_mentions(
    briefings: Iterable[Briefing], query: str | None, *, whole_articles: bool = False
) -> list[Mention]:
    mentions = []
    for n, b in enumerate(briefings):
        if not b.events:
            continue
        forms = query_forms(b, query)
        if forms is None and whole_articles:
            forms = QueryForms((), (), " ".join((query or "").lower().split()))
        if forms is None:
            continue
        summary_rank = {" ".join(s.text.split()): rank for rank, s in enumerate(b.summary)}
        # every mention is about the query: its words say nothing about which event a mention tells
        queried = frozenset(_WORD.findall(" ".join((*forms.names, *forms.aliases, forms.query or ""))))
        for event in b.events:
            match = _match_strength(event, forms)
            if match is None and whole_articles:
                match = NO_MATCH
            if match is None:
                continue
            start, end = event_span(event)
            words = _content_words(event.text)
            rank = summary_rank.get(" ".join(event.text.split()))
            terms = key_terms(event, b.language, queried)
            mentions.append(Mention(event, b, n, words, start, end, match, rank, terms))
    return mentions


def key_terms(event: Event, language: str | None, ignored: frozenset[str] = frozenset()) -> frozenset[str]:
    """What says which event this is: the content words of its label, and the words of the names its
    sentence mentions inside the date's own clause ("September 2-3 in Vladivostok", not the other clauses'
    names), without the `ignored` (lower-case) words, each cut to a stem (`_stem`)."""
    clause = set(_WORD.findall(date_clause(event).lower()))
    names = [w for name in event.entities for w in _WORD.findall(name.lower()) if w in clause]
    found = [*(w.lower() for w in _WORD.findall(event_label(event))), *names]
    stop = _stop_words(language)
    english = (language or "en").lower().startswith("en")
    return frozenset(_stem(w, english) for w in found if w not in ignored and w not in stop and len(w) > 1)


def _stem(word: str, english: bool) -> str:
    """Truncation stemming, which needs no model and serves any alphabet: the first STEM_CHARS letters
    ("agreement", "agreed" -> "agree"), after an English inflection ("opened", "opening" -> "open",
    "voted" -> "vote")."""
    if english:
        for suffix in ("ing", "ed", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("eed"):
                word = word[: -len(suffix)]
                break
        else:
            if word.endswith("ed") and len(word) > 4:
                word = word[:-1]  # "voted" -> "vote"
    return word[:STEM_CHARS]


@functools.cache
def _stop_words(language: str | None) -> frozenset[str]:
    """sumy's stop-word list for the language, read as a file: sumy and its stemmers (nltk) stay out of the
    bot's process, which builds /timeline; none for a language sumy has no list for."""
    name = language_name(language or "en")
    spec = importlib.util.find_spec("sumy")  # finds the package without importing it
    if name is None or spec is None or not spec.submodule_search_locations:
        return frozenset()
    try:
        path = Path(spec.submodule_search_locations[0]) / "data" / "stopwords" / f"{name}.txt"
        return frozenset(path.read_text("utf-8").lower().split())
    except OSError:
        return frozenset()


def date_clause(event: Event) -> str:
    """The part of the event's sentence around its date expression, between the punctuation or
    conjunctions that bound a clause; the whole sentence when the expression is not found."""
    at = event.text.find(event.expression) if event.expression else -1
    if at < 0:
        return event.text
    stop = at + len(event.expression)
    starts = [m.end() for m in _CLAUSE_BOUNDARY.finditer(event.text, 0, at)]
    after = _CLAUSE_BOUNDARY.search(event.text, stop)
    return event.text[(starts[-1] if starts else 0) : (after.start() if after else len(event.text))]


@dataclass(frozen=True, slots=True)
class QueryForms:
    """What an event sentence of one article must mention: the entity's name, its aliases, the query."""

    names: tuple[str, ...]
    aliases: tuple[str, ...]
    query: str | None  # None: no query, every event matches


def query_forms(b: Briefing, query: str | None) -> QueryForms | None:
    """The forms to look for in this article's sentences, or None when the article does not match."""
    if not query or not query.strip():
        return QueryForms((), (), None)
    q = " ".join(query.lower().split())
    names: list[str] = []
    aliases: list[str] = []
    for e in b.entities:
        forms = [e.name.lower(), *(a.lower() for a in e.aliases)]
        if any(_names_same(q, f) for f in forms):
            names.append(e.name.lower())
            aliases.extend(f for f in forms[1:] if f not in names)
    if names:
        return QueryForms(tuple(names), tuple(aliases), q)
    texts = [b.title or "", *(s.text for s in b.summary), *(e.text for e in b.events)]
    if any(_word_pattern(q).search(t.lower()) for t in texts):
        return QueryForms((), (), q)
    return None


def _names_same(query: str, form: str) -> bool:
    """ "abe" names "shinzo abe" (a whole word of it), and "shinzo abe" names "abe"."""
    if query == form:
        return True
    q, f = query.split(), form.split()
    return _contains_run(f, q) or (len(f) >= 1 and _contains_run(q, f) and len(form) > 2)


def _contains_run(longer: list[str], shorter: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


def _match_strength(event: Event, forms: QueryForms) -> float | None:
    if forms.query is None:
        return NAME_MATCH
    text = event.text.lower()
    if any(_word_pattern(n).search(text) for n in forms.names):
        return NAME_MATCH
    if any(name.lower() in forms.names for name in event.entities):
        return ROLE_MATCH  # "the Russian president" in an article that introduced Putin so
    if any(_word_pattern(a).search(text) for a in forms.aliases):
        return ALIAS_MATCH
    if _word_pattern(forms.query).search(text):
        return TEXT_MATCH
    return None


@functools.lru_cache(maxsize=4096)
def _word_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")


def merge_mentions(mentions: Sequence[Mention]) -> list[EventCluster]:
    """One cluster per event: a sweep in date order compares a mention only with events whose date range
    overlaps its own, never all pairs."""
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start).days, m.source))
    done: list[list[Mention]] = []
    active: list[list[Mention]] = []  # clusters whose range may still overlap a later mention
    ends: list[dt.date] = []
    for m in ordered:
        keep = [i for i, end in enumerate(ends) if end >= m.start]
        if len(keep) < len(active):
            done.extend(active[i] for i in range(len(active)) if ends[i] < m.start)
            active, ends = [active[i] for i in keep], [ends[i] for i in keep]
        homes = [i for i, c in enumerate(active) if _same_event(m, c)]
        if not homes:
            active.append([m])
            ends.append(m.end)
            continue
        key = (m.event.date, m.event.end)
        home = min(homes, key=lambda i: (all((o.event.date, o.event.end) != key for o in active[i]), i))
        active[home].append(m)
        ends[home] = max(ends[home], m.end)
        for other in sorted((i for i in homes if i != home), reverse=True):
            if not _conflict(active[home], active[other]):  # m links two reports of one event
                active[home].extend(active.pop(other))
                ends[home] = max(ends[home], ends.pop(other))
                home -= other < home
    done.extend(active)
    return [EventCluster(tuple(c)) for c in join_coarse_mentions(done, mentions)]


def join_coarse_mentions(clusters: list[list[Mention]], mentions: Sequence[Mention]) -> list[list[Mention]]:
    """A month or year event joins the event inside its range (finer, or the same month from another
    source) that shares the most key terms with it, when that is enough and no other event inside the
    range shares as much; on a tie, another mention of the same month first, which is then tried again.
    Coarsest first, so a year can join a month that then joins a day. A join never changes the range of
    the event joined (its finest mentions). Candidates come from `_ClusterIndex`: the events inside the
    range or those sharing a key term, whichever are fewer, never all pairs."""
    weight = _term_weights(mentions)
    alive = [c for c in clusters if c]
    index = _ClusterIndex(
        [_span(c) for c in alive], [_coarseness(c) for c in alive], [_terms(c) for c in alive]
    )
    spans = index.spans
    work = sorted(
        (i for i in range(len(alive)) if index.coarseness[i]),
        key=lambda i: (index.coarseness[i], (spans[i][1] - spans[i][0]).days),
    )  # popped from the end: coarsest, longest first
    while work:
        i = work.pop()
        if i in index.dead:
            continue
        home = _coarse_home(i, alive, index, weight)
        if home is None:
            continue
        same = spans[home] == spans[i]
        alive[home].extend(alive[i])
        index.absorb(home, i)
        if same:
            work.append(home)  # the two mentions of one month, tried again together
    return [c for i, c in enumerate(alive) if i not in index.dead]


class _ClusterIndex:
    """The clusters' ranges (sorted by start), coarseness and key terms (with the clusters holding each),
    so that a coarse event's candidates are read from whichever is shorter: the events inside its range,
    or those sharing one of its terms."""

    def __init__(
        self, spans: list[tuple[dt.date, dt.date]], coarseness: list[int], terms: list[frozenset[str]]
    ) -> None:
        self.spans, self.coarseness, self.terms = spans, coarseness, terms
        self.dead: set[int] = set()
        self.by_start = sorted(range(len(spans)), key=lambda i: spans[i][0])
        self.starts = [spans[i][0] for i in self.by_start]
        self.holding: dict[str, list[int]] = {}
        for i, found in enumerate(terms):
            for t in found:
                self.holding.setdefault(t, []).append(i)

    def candidates(self, i: int) -> Iterable[int]:
        first, last = self.spans[i]
        inside = self.by_start[
            bisect.bisect_left(self.starts, first) : bisect.bisect_right(self.starts, last)
        ]
        postings = [self.holding[t] for t in self.terms[i]]
        if len(inside) <= sum(len(p) for p in postings):
            return inside
        return {j for p in postings for j in p}

    def absorb(self, home: int, joined: int) -> None:
        for t in self.terms[joined] - self.terms[home]:
            self.holding[t].append(home)
        self.terms[home] |= self.terms[joined]
        self.dead.add(joined)


def _coarse_home(
    i: int, alive: list[list[Mention]], index: _ClusterIndex, weight: dict[str, float]
) -> int | None:
    """The cluster event `i` joins: inside its range, not coarser, sharing the most key-term weight (at
    least JOIN_WEIGHT) and more than any other; on a tie, the one other cluster of the same range."""
    first, last = index.spans[i]
    terms = index.terms[i]
    scored: list[tuple[float, bool, int]] = []
    for j in index.candidates(i):
        if j == i or j in index.dead or index.coarseness[j] > index.coarseness[i]:
            continue
        start, end = index.spans[j]
        if start < first or end > last:
            continue
        score = sum(weight[t] for t in terms & index.terms[j])
        if score >= JOIN_WEIGHT and _may_join(alive[i], alive[j]):
            scored.append((score, (start, end) == (first, last), j))
    best = max((score for score, _, _ in scored), default=0.0)
    tied = [(same, j) for score, same, j in scored if math.isclose(score, best)]
    if len(tied) > 1:
        tied = [(same, j) for same, j in tied if same]
    return tied[0][1] if len(tied) == 1 else None


def _term_weights(mentions: Sequence[Mention]) -> dict[str, float]:
    used = Counter(t for m in mentions for t in m.key_terms)
    return {t: math.log(1 + len(mentions) / n) for t, n in used.items()}


def _terms(cluster: list[Mention]) -> frozenset[str]:
    return frozenset().union(*(m.key_terms for m in cluster))


def _coarseness(cluster: list[Mention]) -> int:
    """0 when a mention dates the event to the day, 1 to the month, 2 to the year."""
    return min(_FINEST.get(_granularity_of(m.event.date), 3) for m in cluster)


def _span(cluster: list[Mention]) -> tuple[dt.date, dt.date]:
    """The range of the cluster's finest mentions: what the entry would show."""
    finest = _coarseness(cluster)
    kept = [m for m in cluster if _FINEST.get(_granularity_of(m.event.date), 3) == finest]
    return min(m.start for m in kept), max(m.end for m in kept)


def _may_join(coarse: list[Mention], finer: list[Mention]) -> bool:
    """Another source is involved, and no article says they are two events: one sentence's two dates,
    two sentences of one article with the same date, or one article's dates that do not contain each
    other."""
    if len({_source_key(m.briefing) for m in (*coarse, *finer)}) < 2:
        return False
    for x in coarse:
        for y in finer:
            if x.source != y.source:
                continue
            if x.event.text == y.event.text or (x.event.date, x.event.end) == (y.event.date, y.event.end):
                return False
            if not (x.start <= y.start and y.end <= x.end):
                return False
    return True


def _conflict(a: list[Mention], b: list[Mention]) -> bool:
    """One article dates the two clusters differently: they are two events."""
    return any(
        x.source == y.source and (x.event.date, x.event.end) != (y.event.date, y.event.end)
        for x in a
        for y in b
    )


def _same_event(m: Mention, cluster: list[Mention]) -> bool:
    key = (m.event.date, m.event.end)
    if any(o.source == m.source and (o.event.date, o.event.end) != key for o in cluster):
        return False  # one article's two dates are two events, even in one sentence
    same = [o for o in cluster if o.event.granularity == m.event.granularity]  # coarser ones join later
    return any(_similar(m, o) for o in same[:MEMBERS_COMPARED])


def _similar(m: Mention, o: Mention) -> bool:
    """Shared words; or, for a weekday or relative mention ("on Thursday", "last month") against another
    source's mention of the same day, a shared entity and a few shared words."""
    overlap = _jaccard(m.words, o.words)
    if overlap >= SAME_EVENT_SIMILARITY:
        return True
    relative = not _ABSOLUTE.search(m.event.expression) or not _ABSOLUTE.search(o.event.expression)
    same_day = m.event.granularity == o.event.granularity == "day" and m.start <= o.end and o.start <= m.end
    same_value = (m.event.date, m.event.end) == (o.event.date, o.event.end)
    if not (relative and m.source != o.source and (same_day or same_value)):
        return False
    return overlap >= SAME_DAY_SHARED_WORDS or (
        overlap >= SAME_DAY_SIMILARITY and _share_an_entity(m.event.entities, o.event.entities)
    )


def _share_an_entity(a: Sequence[str], b: Sequence[str]) -> bool:
    """'Screen Actors Guild' and 'Screen Actors Guild Awards' are one entity here."""
    return any(_names_same(x.lower(), y.lower()) for x in a for y in b)


def _shown_event(cluster: EventCluster) -> Event:
    """The finest date its mentions give (the one most of them give on a tie), told by its shortest
    sentence."""
    votes = Counter((m.event.date, m.event.end) for m in cluster.mentions)
    date, end = min(votes, key=lambda k: (_FINEST.get(_granularity_of(k[0]), 3), -votes[k], k[0], k[1] or ""))
    return min(
        (m.event for m in cluster.mentions if (m.event.date, m.event.end) == (date, end)),
        key=lambda e: len(e.text),
    )


def _granularity_of(date: str) -> str:
    return ("year", "month", "day")[date.count("-")]


def _entry(cluster: EventCluster, score: float) -> TimelineEntry:
    shown = _shown_event(cluster)
    same = [m for m in cluster.mentions if (m.event.date, m.event.end) == (shown.date, shown.end)]
    event = _best_telling(same)
    sources: dict[str | None, TimelineSource] = {}
    for m in sorted(cluster.mentions, key=lambda m: (m.briefing.published or dt.date.max, m.source)):
        sources.setdefault(
            _source_key(m.briefing), TimelineSource(m.briefing.title, m.briefing.url, m.briefing.published)
        )
    published = [s.published for s in sources.values() if s.published]
    expected = bool(published) and event_span(event)[0] > max(published)
    return TimelineEntry(
        event.date,
        event.end,
        event.granularity,
        event.text,
        tuple(sources.values()),
        expected,
        score,
        event_label(event),
    )


def _best_telling(mentions: Sequence[Mention]) -> Event:
    """The mention whose label tells the event best: 4-12 words; from a report published after the event
    rather than one that announced it; from a sentence about this date alone (not "the opening in June
    came four years after construction began in March 2019"); a parsed clause rather than a cut of the
    sentence; naming the most of its entities (a name rather than a role); then the newest report, then
    the shortest label."""

    def rank(m: Mention) -> tuple[bool, bool, bool, bool, int, int, int]:
        label = event_label(m.event)
        count = len(label_words(label))
        named = sum(name in label for name in m.event.entities)
        published = m.briefing.published
        announced = published is not None and m.start > published
        shared = any(e.text == m.event.text and e.date != m.event.date for e in m.briefing.events)
        newest = -published.toordinal() if published else 0
        cut = label.rstrip("…") in m.event.text
        return (not MIN_WORDS <= count <= MAX_WORDS, announced, shared, cut, -named, newest, count)

    return min(mentions, key=rank).event


def _source_key(b: Briefing) -> str | None:
    return b.url or b.title


def event_span(event: Event) -> tuple[dt.date, dt.date]:
    """The first and last day an event's date (or range) covers."""
    return _first_day(event.date), _last_day(event.end or event.date)


def _first_day(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return dt.date(parts[0], parts[1], parts[2])


def _last_day(value: str) -> dt.date:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


def _title_overlap(m: Mention) -> float:
    title = _content_words(m.briefing.title or "")
    return len(title & m.words) / len(title) if title else 0.0


@functools.lru_cache(maxsize=65536)
def _content_words(sentence: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(sentence.lower()) if len(w) > 3)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
