"""Summary sentences opening with a reference whose antecedent is not in the summary, per language.

Run from the repository root:  .venv/bin/python -m bench.opening_references [--sentences N] [--show]
Every fixture page (../shared/fixtures/pages, SOURCES.tsv) is briefed as `/summary URL` does (brief_html,
the default method, 5 sentences by default). A summary sentence is counted when the antecedent rule of
this tree (`coherence.depends_on_previous`) says it leans on the sentence before it and that sentence is
not in the summary. `--save FILE` keeps the summaries as JSON and `--load FILE` judges saved ones, so the
summaries of another tree are judged by this tree's rule. It asserts nothing.
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
sys.path.insert(0, str(ROOT))

from summarizers import brief_html  # noqa: E402
from summarizers.briefing import BriefingError  # noqa: E402
from summarizers.ranking.coherence import depends_on_previous  # noqa: E402


def summaries(count: int) -> dict[str, dict]:
    """Page file -> its language and summary sentences as (position, text)."""
    with (PAGES / "SOURCES.tsv").open(encoding="utf-8") as rows:
        sources = list(csv.DictReader(rows, delimiter="\t"))
    out: dict[str, dict] = {}
    for row in sources:
        try:
            html = (PAGES / row["file"]).read_bytes()
            briefing = brief_html(html, url=row["original_url"], sentences=count)
        except BriefingError:
            continue
        out[row["file"]] = {
            "language": briefing.language,
            "summary": [[s.position, s.text] for s in briefing.summary],
        }
    return out


def dangling(page: dict) -> list[str]:
    """Summary sentences that lean on a predecessor the summary lacks."""
    taken = {position for position, _ in page["summary"]}
    return [
        text
        for position, text in page["summary"]
        if position > 0 and position - 1 not in taken and depends_on_previous(text, page["language"])
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=5)
    parser.add_argument("--save", type=Path, help="write the summaries to this JSON file")
    parser.add_argument("--load", type=Path, help="judge the summaries of this JSON file")
    parser.add_argument("--show", action="store_true", help="print every counted sentence")
    args = parser.parse_args()
    pages = json.loads(args.load.read_text("utf-8")) if args.load else summaries(args.sentences)
    if args.save:
        args.save.write_text(json.dumps(pages, ensure_ascii=False, indent=1), "utf-8")
    counted: Counter[str] = Counter()
    sentences: Counter[str] = Counter()
    for name, page in pages.items():
        language = page["language"] or "?"
        sentences[language] += len(page["summary"])
        for text in dangling(page):
            counted[language] += 1
            if args.show:
                print(f"{name} [{language}]: {text[:110]}")
    print(
        f"{len(pages)} pages, {sum(sentences.values())} summary sentences, {sum(counted.values())} open "
        "with a reference whose antecedent is not in the summary"
    )
    for language in sorted(sentences):
        print(f"  {language}: {counted[language]} of {sentences[language]}")


if __name__ == "__main__":
    main()
