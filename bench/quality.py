"""Quality of the briefing engine on the evaluation sets in ../shared/data. `briefbot eval` prints these.

Run from the repository root:  .venv/bin/python bench/quality.py [--bbc-limit N] [--skip-dates]
It prints three tables; it asserts nothing.

1. SummEval (CNN/DailyMail): ROUGE-1/2 recall x 100 of 3 sentences cut to 60 words, averaged over the
   11 references, exactly as ../shared/tools/score_summaries.py computes it. Lead is Punkt's split of
   the raw text; the `default` row goes through `summarizers.brief`, like the scorer; the sumy rows call
   `summarizers.summary.summarize` on the pipeline's sentences (no entity or date cost).
2. BBC News Summary: precision@3, the share of chosen sentences that are in the gold extract. Sentences
   and titles as the pipeline would see them, through `summarize` directly (2225 briefs with entities
   would take too long); `default` there is the same ranking `brief` runs.
3. TempEval-3 TimeBank: calendar-date F1, as ../shared/tools/score_dates.py computes it.
4. Calendar dates in other languages: per-language P/R/F1 on the hand-labelled fixture pages
   (tests/data/multilingual_dates.jsonl), beside dateparser's search_dates on the same text
   (bench/dates_multilingual.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

import punkt  # noqa: E402
from rouge_score import rouge_scorer  # noqa: E402

import summarizers  # noqa: E402
from summarizers import summary, text  # noqa: E402

SENTENCES, WORDS = 3, 60
SUMY_ALGORITHMS = ("textrank", "lexrank", "luhn", "lsa", "edmundson", "kl", "sumbasic", "reduction")
BBC_ALGORITHMS = ("lead", "textrank", "luhn", "lexrank", "default")
CALENDAR_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def read_rows(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def print_table(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    print(f"\n{title}\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(f"{v:.2f}" if isinstance(v, float) else str(v) for v in row) + " |")


def summeval_table() -> None:
    rows = read_rows("summeval_cnndm_dev.jsonl")
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=True)
    split = punkt.PunktSentenceTokenizer(punkt.load_model("english"))

    def recall(references: Sequence[str], chosen: Sequence[str]) -> tuple[float, float]:
        cut = " ".join(" ".join(chosen).split()[:WORDS])
        scores = [scorer.score(r, cut) for r in references]
        return (
            sum(s["rouge1"].recall for s in scores) / len(scores),
            sum(s["rouge2"].recall for s in scores) / len(scores),
        )

    def pipeline_default(raw: str) -> list[str]:
        return [s.text for s in summarizers.brief(raw, sentences=SENTENCES).summary]

    def by_algorithm(name: str) -> Callable[[str], list[str]]:
        def choose(raw: str) -> list[str]:
            sents = [s.text for s in text.sentences(raw, "en")]
            picked = summary.summarize(sents, count=SENTENCES, algorithm=name, language="en")
            return [sents[i] for i in picked.positions]

        return choose

    systems: list[tuple[str, Callable[[str], list[str]]]] = [
        ("Lead (Punkt, first 3)", lambda raw: split.tokenize(raw)[:SENTENCES]),
        *((f"sumy {name}", by_algorithm(name)) for name in SUMY_ALGORITHMS),
        ("default (summarizers.brief)", pipeline_default),
    ]
    table = []
    for label, choose in systems:
        started = time.perf_counter()
        totals = [0.0, 0.0]
        for row in rows:
            r1, r2 = recall(row["references"], choose(row["text"]))
            totals[0] += r1
            totals[1] += r2
        seconds = time.perf_counter() - started
        table.append((label, totals[0] / len(rows) * 100, totals[1] / len(rows) * 100, f"{seconds:.1f}"))
    print_table(
        f"SummEval CNN/DM ({len(rows)} docs): ROUGE recall x 100, {SENTENCES} sentences cut to {WORDS} words",
        ("system", "R1", "R2", "seconds"),
        table,
    )


def bbc_table(limit: int | None) -> None:
    rows = read_rows("bbc_news_summary.jsonl")
    sampled = limit is not None and limit < len(rows)
    if sampled:
        step = len(rows) / limit
        rows = [rows[int(i * step)] for i in range(limit)]  # evenly spread over the five categories
    documents = [([s.text for s in text.sentences(r["text"], "en")], r) for r in rows]
    table = []
    for name in BBC_ALGORITHMS:
        started = time.perf_counter()
        hits = chosen = 0
        for sents, row in documents:
            picked = summary.summarize(
                sents, count=SENTENCES, algorithm=name, language="en", title=row["title"]
            )
            hits += sum(sents[i] in row["summary"] for i in picked.positions)
            chosen += len(picked.positions)
        table.append((name, f"{hits / max(chosen, 1):.3f}", f"{time.perf_counter() - started:.1f}"))
    scope = f"an even sample of {len(rows)} of 2225 rows" if sampled else f"all {len(rows)} rows"
    print_table(
        f"BBC News Summary ({scope}, titles given): precision@{SENTENCES} against the gold extract",
        ("system", f"precision@{SENTENCES}", "seconds"),
        table,
    )


def dates_table() -> None:
    rows = read_rows("tempeval3_timebank.jsonl")
    true_positives = predicted = gold_count = 0
    started = time.perf_counter()
    for row in rows:
        gold = [t for t in row["timexes"] if t["type"] == "DATE" and CALENDAR_VALUE.match(t["value"] or "")]
        others = [_norm(t["text"]) for t in row["timexes"] if t not in gold]
        gold_count += len(gold)
        briefing = summarizers.brief(row["text"], published=dt.date.fromisoformat(row["dct"][:10])).to_dict()
        unmatched = list(gold)
        for event in briefing.get("events") or []:
            expression = _norm(event.get("expression") or "")
            hit = next(
                (
                    g
                    for g in unmatched
                    if expression and (_norm(g["text"]) in expression or expression in _norm(g["text"]))
                ),
                None,
            )
            if hit is None and any(o and (o in expression or expression in o) for o in others):
                continue  # a timex the metric does not score
            predicted += 1
            if hit is not None and (event.get("date") or "") == hit["value"]:
                true_positives += 1
                unmatched.remove(hit)
    precision, recall = true_positives / max(predicted, 1), true_positives / max(gold_count, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    print_table(
        f"TempEval-3 TimeBank ({len(rows)} docs, {gold_count} calendar dates, "
        f"{time.perf_counter() - started:.0f}s): date normalisation",
        ("system", "P", "R", "F1"),
        [("summarizers.brief", f"{precision:.3f}", f"{recall:.3f}", f"{f1:.3f}")],
    )


def _norm(value: str) -> str:
    return " ".join(value.lower().split())


def print_tables(bbc_limit: int | None = None, *, dates: bool = True) -> None:
    summeval_table()
    bbc_table(bbc_limit)
    if dates:
        dates_table()
        from bench import dates_multilingual

        dates_multilingual.print_table()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc-limit", type=int, default=None, help="score an even sample of N BBC rows")
    parser.add_argument("--skip-dates", action="store_true", help="leave out the TimeBank table")
    args = parser.parse_args(argv)
    print_tables(args.bbc_limit, dates=not args.skip_dates)
    return 0


if __name__ == "__main__":
    sys.exit(main())
