"""Bylines, datelines, captions, credits, sub-headings, teasers and site notices among summary sentences.

Run from the repository root:  .venv/bin/python -m bench.summary_furniture [--sentences N] [--show]
Every fixture page (../shared/fixtures/pages, SOURCES.tsv) is briefed as `/summary URL` does (brief_html,
the default method, N sentences, 5 by default: the most a chat can ask for). A summary sentence counts as
furniture when it starts with one of the lines hand-labelled in tests/data/summary_furniture.jsonl: every
such line that any version of the code chose on these pages, labelled before the counts were taken. It
prints the count per kind and per page; `--show` prints every summary. It asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "fixtures" / "pages"
LABELS = ROOT / "tests" / "data" / "summary_furniture.jsonl"
sys.path.insert(0, str(ROOT))

from summarizers import brief_html  # noqa: E402
from summarizers.briefing import BriefingError  # noqa: E402


def labels() -> dict[str, list[tuple[str, str]]]:
    """Page file -> (line start, kind) of the furniture lines labelled on it."""
    found: dict[str, list[tuple[str, str]]] = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            found.setdefault(row["file"], []).append((row["starts"], row["kind"]))
    return found


def summaries(count: int) -> dict[str, list[str] | str]:
    """Page file -> its summary sentences, or the error it was briefed with."""
    with (PAGES / "SOURCES.tsv").open(encoding="utf-8") as rows:
        sources = list(csv.DictReader(rows, delimiter="\t"))
    out: dict[str, list[str] | str] = {}
    for row in sources:
        try:
            html = (PAGES / row["file"]).read_bytes()
            briefing = brief_html(html, url=row["original_url"], sentences=count)
        except BriefingError as exc:
            out[row["file"]] = str(exc)
            continue
        out[row["file"]] = [s.text for s in briefing.summary]
    return out


def is_labelled(sentence: str, start: str) -> bool:
    """A labelled line is matched whole, or by its start when that start is long enough to be its own."""
    return sentence == start or (len(start) >= START_CHARS and sentence.startswith(start))


START_CHARS = 15


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=5)
    parser.add_argument("--show", action="store_true", help="print every page's summary")
    args = parser.parse_args()
    known = labels()
    chosen = summaries(args.sentences)
    kinds: Counter[str] = Counter()
    total = 0
    for name, summary in chosen.items():
        if isinstance(summary, str):
            print(f"{name}: {summary}")
            continue
        total += len(summary)
        hits = [(s, kind) for s in summary for start, kind in known.get(name, []) if is_labelled(s, start)]
        kinds.update(kind for _, kind in hits)
        for sentence, kind in hits:
            print(f"{name}: {kind}: {sentence[:100]}")
        if args.show:
            print(f"== {name}", *(f"  - {s}" for s in summary), sep="\n")
    pages = sum(1 for s in chosen.values() if not isinstance(s, str))
    print(f"\n{pages} pages briefed, {total} summary sentences; furniture among them: {sum(kinds.values())}")
    for kind, n in kinds.most_common():
        print(f"  {kind}: {n}")


if __name__ == "__main__":
    main()
