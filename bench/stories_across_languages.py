"""How often reports in different languages group into one story, on the 57 fixture pages.

Run from the repository root:  .venv/bin/python bench/stories_across_languages.py
Every page is briefed and added to one story index, as the poller would add them. It prints the stories
that span two languages, and every pair of pages in different languages that shares key entities, with
what kept it apart (no shared day, or fewer than two shared names). It asserts nothing.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT.parent / "shared" / "fixtures" / "pages"
sys.path.insert(0, str(ROOT))

import summarizers  # noqa: E402
from summarizers.stories import SHARED_ENTITIES, StoryIndex, candidate, event_days, same_story  # noqa: E402


def main() -> int:
    expected = json.loads((PAGES / "expected.json").read_text("utf-8"))
    index = StoryIndex()
    items = {}
    for row in expected:
        page = summarizers.extract_html((PAGES / row["file"]).read_bytes())
        b = summarizers.brief_html((PAGES / row["file"]).read_bytes())
        names = [e.name for e in b.entities if e.type in ("person", "organization", "place")]
        item = candidate(row["file"], page.text, names, b.published, language=b.language, days=event_days(b))
        items[row["file"]] = item
        index.add(item)
    stories: dict[str, list[str]] = {}
    for key in items:
        stories.setdefault(index.story_of(key) or key, []).append(key)
    languages = {key: item.language for key, item in items.items()}
    mixed = [members for members in stories.values() if len({languages[m] for m in members}) > 1]
    print(f"pages: {len(items)}, languages: {len(set(languages.values()))}, stories: {len(stories)}")
    print(f"stories spanning two or more languages: {len(mixed)}")
    for members in mixed:
        print("  - " + ", ".join(f"{m} ({languages[m]})" for m in members))
    print("\n| page A | page B | shared key entities | shared event days | same story |")
    print("|---|---|---|---|---|")
    pairs = 0
    for a, b in itertools.combinations(items.values(), 2):
        if a.language == b.language or not a.entities & b.entities:
            continue
        pairs += 1
        shared = ", ".join(sorted(a.entities & b.entities))
        days = ", ".join(sorted(a.days & b.days)) or "none"
        print(
            f"| {a.key[:32]} ({a.language}) | {b.key[:32]} ({b.language}) | {shared} | {days} "
            f"| {'yes' if same_story(a, b) else 'no'} |"
        )
    print(
        f"\ncross-language pairs sharing a key entity: {pairs} (grouping needs {SHARED_ENTITIES} and a day)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
