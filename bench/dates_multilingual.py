"""Calendar dates on the hand-labelled multilingual set (tests/data/multilingual_dates.jsonl).

Run from the repository root:  .venv/bin/python -m bench.dates_multilingual [--no-dateparser] [--speed]
Each labelled page of ../shared/fixtures/pages is extracted and briefed as the bot does (brief_page; its
labelled publication date given, as TimeBank gives its dct), and the briefing's events are matched
to the labels the way ../shared/tools/score_dates.py matches TimeBank: an event hits a label when one
expression contains the other and the value is equal at the label's granularity; an event that
overlaps an `ignore` expression (durations, weeks, times, generic "today") is not counted.
Of several labels an event overlaps, the one whose value it equals is taken (the reference scorer
takes the first). dateparser's search_dates runs on the same text: strict (its day value must equal the label) and
lenient (compared at the label's granularity, as if it knew it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "multilingual_dates.jsonl"
PAGES = ROOT.parent / "shared" / "fixtures" / "pages"
sys.path.insert(0, str(ROOT))

from summarizers import BriefingError, brief_page, text  # noqa: E402
from summarizers.dates import find_dates  # noqa: E402
from summarizers.extract import extract_html  # noqa: E402
from summarizers.pipeline import page_article  # noqa: E402

Found = list[tuple[str, str]]  # (expression, value) of each predicted date


@dataclass(frozen=True)
class LabelledPage:
    file: str
    language: str
    published: dt.date
    dates: tuple[dict, ...]
    ignore: tuple[str, ...]


@dataclass
class Tally:
    hits: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Tally) -> None:
        self.hits += other.hits
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def scores(self) -> tuple[float, float, float]:
        precision = self.hits / max(self.predicted, 1)
        recall = self.hits / max(self.gold, 1)
        return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


def load_labels(path: Path = LABELS) -> list[LabelledPage]:
    with path.open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [
        LabelledPage(
            r["file"],
            r["language"],
            dt.date.fromisoformat(r["published"]),
            tuple(r["dates"]),
            tuple(r["ignore"]),
        )
        for r in rows
    ]


def _norm(value: str) -> str:
    return " ".join(value.lower().split())


def score_page(page: LabelledPage, found: Found, *, lenient: bool = False) -> Tally:
    """The reference scorer's matching, with the page's ignore list as the timexes it does not score."""
    tally = Tally(gold=len(page.dates))
    unmatched = list(page.dates)
    ignored = [_norm(e) for e in page.ignore]
    for expression, value in found:
        expr = _norm(expression)
        if not expr:
            continue
        overlapping = [
            g for g in unmatched if _norm(g["expression"]) in expr or expr in _norm(g["expression"])
        ]
        # of several overlapping labels ("Oktober" in "31. Oktober" and "Ende Oktober") the one it equals
        hit = next(
            (g for g in overlapping if _same(value, g["value"], lenient)),
            overlapping[0] if overlapping else None,
        )
        if hit is None and any(o in expr or expr in o for o in ignored):
            continue
        tally.predicted += 1
        if hit is None:
            continue
        if _same(value, hit["value"], lenient):
            tally.hits += 1
            unmatched.remove(hit)
    return tally


def _same(value: str, gold: str, lenient: bool) -> bool:
    return (value[: len(gold)] if lenient else value) == gold


def page_text(file: str) -> tuple[str, str | None, str | None]:
    """The page's main text as the briefing sees it (what `briefbot extract` prints), its title and its
    declared language; no text for a page that is all furniture."""
    page = extract_html((PAGES / file).read_bytes())
    try:
        return page_article(page).text, page.title, page.language
    except BriefingError:
        return "", page.title, page.language


def briefbot_dates(page: LabelledPage) -> Found:
    """The events of the page's briefing, made as the bot makes it (a page with no article text has none)."""
    try:
        briefing = brief_page(extract_html((PAGES / page.file).read_bytes()), published=page.published)
    except BriefingError:
        return []
    return [(e.expression, e.date) for e in briefing.events]


def dateparser_dates(page: LabelledPage) -> Found:
    from dateparser.search import search_dates

    body = page_text(page.file)[0]
    base = dt.datetime.combine(page.published, dt.time(12))
    settings = {"RELATIVE_BASE": base}
    try:
        found = search_dates(body, languages=[page.language], settings=settings)
    except (ValueError, KeyError):  # a language dateparser does not know: let it detect one
        found = search_dates(body, settings=settings)
    return [(expression, when.date().isoformat()) for expression, when in found or []]


def evaluate(
    pages: Iterable[LabelledPage], system: Callable[[LabelledPage], Found], *, lenient: bool = False
) -> dict[str, Tally]:
    """Tallies per language and overall ('all')."""
    tallies: dict[str, Tally] = {"all": Tally()}
    for page in pages:
        tally = score_page(page, system(page), lenient=lenient)
        tallies.setdefault(page.language, Tally()).add(tally)
        tallies["all"].add(tally)
    return tallies


def print_table(with_dateparser: bool = True) -> dict[str, Tally]:
    pages = load_labels()
    ours = evaluate(pages, briefbot_dates)
    columns = [("briefbot", ours)]
    if with_dateparser:
        columns.append(("dateparser strict", evaluate(pages, dateparser_dates)))
        columns.append(("dateparser lenient", evaluate(pages, dateparser_dates, lenient=True)))
    page_counts: dict[str, int] = {}
    for page in pages:
        page_counts[page.language] = page_counts.get(page.language, 0) + 1
    header = ["language", "pages", "dates"] + [f"{name} {m}" for name, _ in columns for m in ("P", "R", "F1")]
    print(
        f"\nMultilingual calendar dates ({len(pages)} hand-labelled pages, "
        f"{ours['all'].gold} dates, {len(page_counts)} languages)\n"
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    languages = [*sorted(page_counts, key=lambda c: (-ours[c].gold, c)), "all"]
    for code in languages:
        cells: list[str] = [code, str(page_counts.get(code, len(pages))), str(ours[code].gold)]
        for _, tallies in columns:
            tally = tallies[code]
            if tally.gold == 0:  # no date to find: only the false alarms say anything
                cells.extend(["–", "–", f"{tally.predicted} false"])
            else:
                cells.extend(f"{v:.3f}" for v in tally.scores)
        print("| " + " | ".join(cells) + " |")
    return ours


def print_speed(passes: int = 3) -> None:
    """find_dates alone on every sentence of the labelled pages, in the detected language, after one
    untimed pass that builds each language's tables and rules."""
    items = []
    for page in load_labels():
        body = page_text(page.file)[0]
        code = text.detect_language(body)
        items.append((code, page.published, [s.text for s in text.sentences(body, code)]))
    sentences = sum(len(s) for _, _, s in items)
    for code, anchor, sents in items:
        for sentence in sents:
            find_dates(sentence, anchor, language=code)
    started = time.perf_counter()
    for _ in range(passes):
        for code, anchor, sents in items:
            for sentence in sents:
                find_dates(sentence, anchor, language=code)
    seconds = (time.perf_counter() - started) / passes
    print(
        f"\nfind_dates on {sentences} sentences of {len(items)} pages: {seconds * 1000:.0f} ms a pass, "
        f"{seconds / sentences * 1e6:.0f} µs a sentence (mean of {passes} passes)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-dateparser", action="store_true", help="leave out the dateparser columns")
    parser.add_argument("--speed", action="store_true", help="also time find_dates alone on the same pages")
    args = parser.parse_args(argv)
    print_table(with_dateparser=not args.no_dateparser)
    if args.speed:
        print_speed()
    return 0


if __name__ == "__main__":
    sys.exit(main())
