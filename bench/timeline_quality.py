"""Timeline quality on the multi-article set (tests/summarizers/timeline_set.py: three stories, three sources
each, plus unrelated pages): salience trimming against the date-frequency baseline, and event labels.

Run from the repository root:
    .venv/bin/python bench/timeline_quality.py
It prints tables; it asserts nothing.

**Trimming.** For each story, the timeline of its query is cut to k entries, k = the story's key events
(hand-labelled); precision = the share of kept entries that are key events. Two selections: the story's
articles whole (`whole_articles=True`, what /timeline gathers once it has the articles and their story),
and the query over every article of the set (events whose sentence names the query, by name or role).

**Labels.** For each gold event of each story (the entry of the whole-story timeline that tells it):
- *understandable alone*: 4-12 words; the first word is not a pronoun or connective that needs the
  previous text (he, it, they, their, this, which, and, but, also, ...); it has a verb, or its head is a
  common noun ("Abe's visit to Sochi"), by spaCy's tagger and parser; quotes and brackets balance; it does
  not end cut ("…") or on a connective or preposition;
- *has the main word*: it contains one of the event's gold main words (stems written with the set, e.g.
  "annex" for the annexation of Crimea, "visit", "meet").
**One entry per event.** For each story's whole-story timeline, each entry is matched to the gold event
whose date range overlaps its own, which shares a source with it and whose main words its sentence or
label holds (entries of no gold event, or of two, are left out). *Distinct events over entries* = gold events found / entries matched to one
(1.00: no event is split over two entries); *all their sources* = the share of those entries that carry
every source of their gold event; *told as happened* = of the events a later report says took place, the
share whose label does not say they are planned ("slated", "will", "is set to"...).

The same checks are applied to `cut_label` (the sentence cut at punctuation around the date, no parse)
as a baseline, and "understandable alone" to every label of every event in the set and of BBC News
articles outside it (`--bbc N`, default 60).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from summarizers import brief  # noqa: E402
from summarizers.briefing import Briefing, Event  # noqa: E402
from summarizers.labels import MAX_WORDS, MIN_WORDS, event_label, parser_pipeline, words  # noqa: E402
from summarizers.timeline import (  # noqa: E402
    DateFrequencyRanker,
    Ranker,
    SalienceRanker,
    Timeline,
    TimelineEntry,
    build_timeline,
    event_span,
)
from tests.summarizers.timeline_set import (  # noqa: E402
    PLANNED,
    STORIES,
    GoldEvent,
    Story,
    all_briefings,
    briefings_of,
)

DANGLING_START = frozenset(
    re.findall(
        r"\w+",
        """he she it they them him this that these those his her its their there here such and but or so
        which who whom whose also however then both while when after before because although though as
        yet nor instead meanwhile""",
    )
)
CONNECTIVE_END = frozenset(
    re.findall(r"\w+", "and but or of the a an to in on at for with by from as that which who is was were")
)


def understandable_alone(label: str) -> bool:
    """The rule of the module docstring."""
    found = words(label)
    if not MIN_WORDS <= len(found) <= MAX_WORDS:
        return False
    if found[0].lower() in DANGLING_START or found[-1].lower() in CONNECTIVE_END or label.endswith("…"):
        return False
    if label.count("(") != label.count(")") or (label.count('"') + label.count("“") + label.count("”")) % 2:
        return False
    doc = parser_pipeline("en")(label)
    has_verb = any(t.pos_ in ("VERB", "AUX") for t in doc)
    noun_headed = any(t.dep_ == "ROOT" and t.pos_ == "NOUN" for t in doc)
    return has_verb or noun_headed


def gold_entry(timeline: Timeline, gold: GoldEvent) -> TimelineEntry | None:
    return next(
        (e for e in timeline.entries if (e.date, e.end) == (gold.date, gold.end) and gold.told_by(e.text)),
        None,
    )


def gold_of(entry: TimelineEntry, story: Story) -> GoldEvent | None:
    """The gold event an entry tells: their dates overlap, it shares a source, and its sentence or label
    has one of the event's main words (the only one that does)."""
    first, last = event_span(Event(entry.date, entry.granularity, "", "", entry.end))
    urls = {s.url for s in entry.sources}
    candidates = [
        g
        for g in story.events
        if urls & g.sources
        and (span := event_span(Event(g.date, entry.granularity, "", "", g.end)))[0] <= last
        and first <= span[1]
        and (g.told_by(entry.text) or g.told_by(entry.event_label))
    ]
    return candidates[0] if len(candidates) == 1 else None


def events_table() -> None:
    print("\n## One entry per event (whole-story timelines)")
    print(
        "| story | entries | matched to gold | gold events found | distinct events / entries "
        "| entries with all their sources | labels understandable alone | told as happened |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    sums = [0, 0, 0, 0, 0, 0, 0, 0]
    for story in STORIES:
        timeline = build_timeline(briefings_of(story), query=story.query, whole_articles=True)
        matched = [(e, g) for e in timeline.entries if (g := gold_of(e, story)) is not None]
        found = {(g.date, g.end, g.main_words) for _, g in matched}
        complete = sum(1 for e, g in matched if {s.url for s in e.sources} == g.sources)
        alone = sum(understandable_alone(e.event_label) for e in timeline.entries)
        done = [e for e, g in matched if g.happened]
        told = sum(1 for e in done if not PLANNED.search(e.event_label))
        row = [len(timeline.entries), len(matched), len(found), complete, alone, told, len(done)]
        sums = [a + b for a, b in zip(sums, [*row, len(story.events)], strict=True)]
        print(
            f"| {story.name} | {row[0]} | {row[1]} | {row[2]}/{len(story.events)} | "
            f"{row[2] / max(1, row[1]):.2f} | {row[3]}/{row[1]} | {row[4]}/{row[0]} | {row[5]}/{row[6]} |"
        )
    entries, matched, found, complete, alone, told, done, gold = sums
    print(
        f"| **all** | {entries} | {matched} | {found}/{gold} | **{found / matched:.2f}** | "
        f"**{complete / matched:.0%}** | **{alone / entries:.0%}** | **{told}/{done}** |"
    )


def cut_of(entry: TimelineEntry, briefings: Sequence[Briefing]) -> str:
    """The baseline: the entry's sentence cut at punctuation around its date, without the parse."""
    event = next(
        e
        for b in briefings
        for e in b.events
        if (e.date, e.end, e.text) == (entry.date, entry.end, entry.text)
    )
    return event_label(Event(event.date, event.granularity, event.expression, event.text, event.end))


def salience_table() -> None:
    everything = all_briefings()
    rankers: dict[str, Ranker] = {"date frequency": DateFrequencyRanker(), "salience": SalienceRanker()}
    print("## Trimming to the k key events: precision (share of kept entries that are key events)")
    print(f"| story | selection | entries | k | {' | '.join(rankers)} |")
    print("|---|---|---:|---:|" + "---:|" * len(rankers))
    totals = dict.fromkeys(rankers, 0.0)
    rows = 0
    selections: dict[str, Callable[[Story], tuple[Sequence[Briefing], bool]]] = {
        "whole story": lambda s: (briefings_of(s), True),
        "query, all articles": lambda s: (everything, False),
    }
    for story in STORIES:
        key = [g for g in story.events if g.key]
        for selection, choose in selections.items():
            briefings, whole = choose(story)
            full = build_timeline(briefings, query=story.query, whole_articles=whole)
            k = len(key)
            cells = []
            for name, ranker in rankers.items():
                kept = build_timeline(
                    briefings, query=story.query, limit=k, ranker=ranker, whole_articles=whole
                )
                hits = sum(1 for g in key if gold_entry(kept, g) is not None)
                totals[name] += hits / k
                cells.append(f"{hits / k:.2f}")
            rows += 1
            print(f"| {story.name} | {selection} | {len(full.entries)} | {k} | {' | '.join(cells)} |")
    print(f"| **mean** | | | | {' | '.join(f'**{totals[n] / rows:.2f}**' for n in rankers)} |")


def label_table() -> None:
    print("\n## Event labels of the gold events (whole-story timelines)")
    print(
        "| story | events | understandable alone | has the main word | cut baseline: understandable | main word |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    sums = [0, 0, 0, 0, 0]
    examples = []
    for story in STORIES:
        briefings = briefings_of(story)
        timeline = build_timeline(briefings, query=story.query, whole_articles=True)
        counts = [0, 0, 0, 0, 0]
        for gold in story.events:
            entry = gold_entry(timeline, gold)
            if entry is None:
                continue
            cut = cut_of(entry, briefings)
            checks = (
                understandable_alone(entry.event_label),
                gold.told_by(entry.event_label),
                understandable_alone(cut),
                gold.told_by(cut),
            )
            counts = [counts[0] + 1, *(c + int(ok) for c, ok in zip(counts[1:], checks, strict=True))]
            examples.append((entry.label(), entry.event_label, cut, checks))
        n = counts[0]
        print(f"| {story.name} | {n} | " + " | ".join(f"{c}/{n}" for c in counts[1:]) + " |")
        sums = [a + b for a, b in zip(sums, counts, strict=True)]
    n = sums[0]
    print(f"| **all** | {n} | " + " | ".join(f"**{c / n:.0%}**" for c in sums[1:]) + " |")
    articles = {b.url: b for story in STORIES for b in briefings_of(story)}
    every = [event_label(e) for b in articles.values() for e in b.events]
    alone = sum(understandable_alone(label) for label in every)
    print(
        f"\nEvery event of the {len(articles)} story articles: {alone}/{len(every)} labels understandable "
        f"alone ({alone / len(every):.0%})."
    )
    print("\n| date | label | cut baseline | checks (label: alone, main; cut: alone, main) |")
    print("|---|---|---|---|")
    for date, label, cut, checks in examples:
        print(f"| {date} | {label} | {cut} | {' '.join('✓' if c else '✗' for c in checks)} |")


def held_out_labels(count: int) -> None:
    """Labels of articles outside the set, never looked at while the set was written: BBC News rows."""
    rows = [json.loads(line) for line in (SHARED / "data" / "bbc_news_summary.jsonl").open()]
    step = max(1, len(rows) // count)
    labels = []
    for row in rows[::step][:count]:
        b = brief(row["text"], title=row["title"], published=dt.date(2005, 3, 1))
        labels.extend(event_label(e) for e in b.events)
    alone = sum(understandable_alone(label) for label in labels)
    print(
        f"\n{count} BBC News articles (every {step}th row): {alone}/{len(labels)} event labels understandable "
        f"alone ({alone / len(labels):.0%})."
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--bbc", type=int, default=60, help="BBC News articles for the held-out label check (0: skip)"
    )
    args = parser.parse_args()
    salience_table()
    events_table()
    label_table()
    if args.bbc:
        held_out_labels(args.bbc)


if __name__ == "__main__":
    main()
