"""Event labels outside English: share understandable alone per language, from hand judgments.

Run from the repository root:
    .venv/bin/python bench/labels_languages.py              # score the labels the code gives now
    .venv/bin/python bench/labels_languages.py --run before # score a stored run of judgments
    .venv/bin/python bench/labels_languages.py --unjudged FILE  # write labels not judged yet; no score
It prints tables; it asserts nothing.

Every event of every non-English fixture page (`../shared/fixtures/pages`) is briefed and its label looked up
in `tests/data/event_labels_judged.jsonl` (page, date expression, sentence and label; how they were judged:
`tests/data/README.md`). The rule is the one the English figure uses (bench/timeline_quality.py), applied
by a reader because no English tagger can check another language. A label never judged is counted apart
and no share is printed for its language until it is judged. The check for holes (`leaves_hole`) runs too.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
JUDGED = ROOT / "tests" / "data" / "event_labels_judged.jsonl"
sys.path.insert(0, str(ROOT))

from summarizers import BriefingError, brief_html, decode_html  # noqa: E402
from summarizers.labels import leaves_hole  # noqa: E402


def current_events() -> list[dict[str, str]]:
    """page, language, expression, sentence and label of every event on a non-English fixture page."""
    out = []
    for page in sorted((SHARED / "fixtures" / "pages").glob("*.html")):
        try:
            briefing = brief_html(decode_html(page.read_bytes()))
        except BriefingError:
            continue
        if briefing.language == "en":
            continue
        for e in briefing.events:
            out.append(
                {
                    "page": page.name,
                    "language": briefing.language or "?",
                    "expression": e.expression,
                    "sentence": e.text,
                    "label": e.label or "",
                }
            )
    return out


def _key(row: dict[str, str]) -> tuple[str, str, str, str]:
    return row["page"], row["expression"], row["sentence"], row["label"]


def load_judged() -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in JUDGED.open(encoding="utf-8") if line.strip()]


def table(rows: list[dict], verdicts: dict) -> None:  # type: ignore[type-arg]
    """Per language: events, judged, understandable alone."""
    by_language: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        counts = by_language[row["language"]]
        counts["events"] += 1
        verdict = verdicts.get(_key(row))
        if verdict is None:
            counts["unjudged"] += 1
        else:
            counts["alone"] += int(verdict)
    print("| language | events | understandable alone | share |")
    print("|---|---:|---:|---:|")
    total = Counter[str]()
    for language, counts in sorted(by_language.items(), key=lambda kv: (-kv[1]["events"], kv[0])):
        total.update(counts)
        judged = counts["events"] - counts["unjudged"]
        share = f"{counts['alone'] / judged:.0%}" if judged and not counts["unjudged"] else "unjudged"
        print(f"| {language} | {counts['events']} | {counts['alone']} | {share} |")
    judged = total["events"] - total["unjudged"]
    print(
        f"| **all** | {total['events']} | {total['alone']} | {total['alone'] / judged:.0%} |"
        if judged
        else "| **all** | 0 | 0 | |"
    )
    if total["unjudged"]:
        print(f"\n{total['unjudged']} labels not judged yet (--unjudged FILE writes them).")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--run", help="score the stored judgments of one run (before, after) instead")
    parser.add_argument("--unjudged", type=Path, help="write the labels not judged yet to this JSONL file")
    args = parser.parse_args()
    judged = load_judged()
    verdicts = {_key(j): j["alone"] for j in judged}
    if args.run:
        rows = [j for j in judged if j["run"] == args.run]
        print(f"## Labels of run '{args.run}' as stored ({len(rows)} events)")
        table(rows, verdicts)
        return
    rows = current_events()
    if args.unjudged:
        missing = [r for r in rows if _key(r) not in verdicts]
        with args.unjudged.open("w", encoding="utf-8") as f:
            for r in missing:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{len(missing)} of {len(rows)} labels not judged yet, written to {args.unjudged}")
        return
    holes = [
        r
        for r in rows
        if r["expression"] in r["sentence"]
        and leaves_hole(
            r["label"],
            r["sentence"],
            (
                r["sentence"].index(r["expression"]),
                r["sentence"].index(r["expression"]) + len(r["expression"]),
            ),
        )
    ]
    print(f"## Labels the code gives now ({len(rows)} events on non-English fixture pages)")
    table(rows, verdicts)
    print(f"\nLabels with a hole where the date was: {len(holes)}")


if __name__ == "__main__":
    main()
