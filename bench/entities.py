"""Names a briefing shows, scored against the hand labels of tests/data/key_entities.jsonl.

Run from the repository root:  .venv/bin/python -m bench.entities [--json OUT] [--pages N] [--show]
Per language: precision and recall of the shown entities (three people, three organisations, three places,
as a Telegram briefing shows them), the wrong types among them and among the top 5, and, for languages
without an NER model, the precision of the places. The scoring rules are in tests/data/README.md.
It prints a table; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ROOT / "tests" / "data" / "key_entities.jsonl"
SHOWN_TYPES = ("person", "organization", "place")
PER_TYPE = 3  # bot.telegram.render.NAMES_PER_TYPE
TOP = 5

sys.path.insert(0, str(ROOT))


@dataclass
class Score:
    pages: int = 0
    shown: int = 0
    correct: int = 0
    wrong: int = 0
    unjudged: int = 0
    wrong_type: int = 0
    wrong_type_top: int = 0
    duplicates: int = 0
    recallable: int = 0
    recalled: int = 0
    places_shown: int = 0
    places_correct: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name, value in vars(other).items():
            if isinstance(value, list):
                getattr(self, name).extend(value)
            else:
                setattr(self, name, getattr(self, name) + value)


def _briefing(row: dict):  # type: ignore[no-untyped-def]
    import summarizers
    from summarizers.decode import decode_html

    if row["file"].endswith(".txt"):
        return summarizers.brief((SHARED / "fixtures" / "seed" / row["file"]).read_text(encoding="utf-8"))
    return summarizers.brief_html(decode_html((SHARED / "fixtures" / "pages" / row["file"]).read_bytes()))


def _window(row: dict) -> str:
    from summarizers import pipeline
    from summarizers.decode import decode_html

    if row["file"].endswith(".txt"):
        article = pipeline.text_article(
            (SHARED / "fixtures" / "seed" / row["file"]).read_text(encoding="utf-8")
        )
    else:
        article = pipeline.article_text(
            decode_html((SHARED / "fixtures" / "pages" / row["file"]).read_bytes())
        )
    return f"{article.title or ''}\n{article.text[: row['window']]}".casefold()


def score_page(row: dict, briefing, window: str, *, show: bool = False) -> Score:  # type: ignore[no-untyped-def]
    """One page's score: each shown entity matched to a label by any of its forms."""
    labels = row["entities"]
    by_form: dict[str, int] = {}
    for index, label in enumerate(labels):
        for form in label["forms"]:
            by_form.setdefault(form.casefold(), index)
    ignored = {form.casefold() for form in row.get("ignore", ())}
    shown = [e for kind in SHOWN_TYPES for e in [x for x in briefing.entities if x.type == kind][:PER_TYPE]]
    top = {id(e) for e in [x for x in briefing.entities if x.type in SHOWN_TYPES][:TOP]}
    score = Score(pages=1, shown=len(shown))
    taken: set[int] = set()
    for entity in shown:
        forms = [f.casefold() for f in (entity.name, *entity.aliases)]
        match = next((by_form[f] for f in forms if f in by_form), None)
        verdict = "ok"
        if match is None:
            if any(f in ignored for f in forms) or not _named_in(entity.name.casefold(), window):
                score.unjudged += 1
                verdict = "unjudged"
            else:
                score.wrong += 1
                verdict = "WRONG (not a key name)"
        elif match in taken:
            score.wrong += 1
            score.duplicates += 1
            verdict = "WRONG (listed twice)"
        elif entity.type not in labels[match]["type"].split("|"):
            taken.add(match)
            score.wrong += 1
            score.wrong_type += 1
            score.wrong_type_top += id(entity) in top
            verdict = f"WRONG TYPE (is {labels[match]['type']})"
        else:
            taken.add(match)
            score.correct += 1
        if entity.type == "place" and verdict != "unjudged":
            score.places_shown += 1
            score.places_correct += verdict == "ok"
        if show:
            print(f"    {entity.type:12} {entity.name[:50]:50} {verdict}")
    for kind in SHOWN_TYPES:
        of_kind = [i for i, label in enumerate(labels) if kind in label["type"].split("|")]
        score.recallable += min(PER_TYPE, len(of_kind))
    score.recalled = score.correct
    return score


def _named_in(name: str, window: str) -> bool:
    """The name as a word of the window ('Alaska' is not named by 'Alaskan'); in a script written without
    spaces, anywhere in it."""
    if re.search(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]", name):
        return name in window
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", window) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="also write the per-language figures here")
    parser.add_argument("--pages", type=int, help="score only the first N pages")
    parser.add_argument("--show", action="store_true", help="print each page's shown entities and verdicts")
    args = parser.parse_args()
    from summarizers.ner_models import recogniser

    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = rows[: args.pages] if args.pages else rows
    per_language: dict[str, Score] = defaultdict(Score)
    for row in rows:
        t0 = time.perf_counter()
        try:
            briefing = _briefing(row)
        except Exception as exc:  # a page that cannot be briefed is reported, not scored
            per_language[row["language"]].errors.append(f"{row['file']}: {exc}")
            continue
        elapsed = time.perf_counter() - t0
        if args.show:
            print(f"== {row['file']} ({row['language']})")
        score = score_page(row, briefing, _window(row), show=args.show)
        score.seconds = elapsed
        per_language[row["language"]].add(score)
    total = Score()
    print(
        "| language | model | pages | shown | precision | recall | wrong types (top 5) | listed twice "
        "| places precision | unjudged | s per page |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    out = {}
    for language, s in sorted(per_language.items(), key=lambda item: (-item[1].pages, item[0])):
        total.add(s)
        has_model = recogniser(language) is not None
        out[language] = {**{k: v for k, v in vars(s).items() if k != "errors"}, "model": has_model}
        print(_row(language, "yes" if has_model else "no", s))
    print(_row("all", "", total))
    for language, s in per_language.items():
        for error in s.errors:
            print(f"not briefed ({language}): {error}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


def _row(language: str, model: str, s: Score) -> str:
    judged = s.correct + s.wrong
    precision = f"{s.correct / judged:.2f}" if judged else "–"
    recall = f"{s.recalled / s.recallable:.2f}" if s.recallable else "–"
    places = f"{s.places_correct / s.places_shown:.2f} ({s.places_shown})" if s.places_shown else "–"
    per_page = f"{s.seconds / s.pages:.2f}" if s.pages else "–"
    return (
        f"| {language} | {model} | {s.pages} | {s.shown} | {precision} | {recall} | {s.wrong_type} "
        f"({s.wrong_type_top}) | {s.duplicates} | {places} | {s.unjudged} | {per_page} |"
    )


if __name__ == "__main__":
    main()
