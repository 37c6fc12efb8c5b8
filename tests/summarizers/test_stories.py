"""Story grouping: syndicated copies merge, look-alike stories stay apart, and no all-pairs comparison."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from summarizers.extract import extract_html
from summarizers.stories import StoryCandidate, StoryIndex, key_entities, signature

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED = (SHARED / "fixtures" / "seed" / "000_dc81e270c460f236.txt").read_text("utf-8")
BODY = "\n\n".join(SEED.split("\n\n")[8:19])


def _page_text(name: str) -> str:
    return extract_html((SHARED / "fixtures" / "pages" / name).read_bytes()).text


def _candidate(key: str, text: str, entities: list[str], day: int = 13) -> StoryCandidate:
    return StoryCandidate(key, signature(text), key_entities(entities), dt.date(2016, 9, day))


def test_syndicated_copies_with_different_boilerplate_form_one_story():
    index = StoryIndex()
    original = index.add(_candidate("diplomat", SEED, ["Shinzo Abe", "Vladimir Putin", "Russia"]))
    copy = (
        "Syndicated from The Diplomat.\n\n" + BODY + "\n\nSign up for our newsletter. Read more world news."
    )
    assert index.add(_candidate("wire", copy, ["Shinzo Abe", "Russia"], day=14)) == original


def test_different_real_articles_stay_apart():
    index = StoryIndex()
    stories = {
        index.add(_candidate(name, _page_text(name), ["New York"]))
        for name in ("bbc.com.52241221.html", "theguardian.com.academics.html", "edition.cnn.com-royal.html")
    }
    assert len(stories) == 3


def test_look_alike_story_with_the_same_people_but_other_text_does_not_merge():
    index = StoryIndex()
    first = index.add(_candidate("a", BODY, ["Shinzo Abe", "Vladimir Putin", "Russia", "Japan"]))
    look_alike = (
        "Shinzo Abe and Vladimir Putin will discuss fisheries quotas in the Sea of Okhotsk next "
        "spring, officials in Tokyo said on Monday. Japan and Russia have argued for years about "
        "catch limits, and trawler crews from Hokkaido say their season is at risk."
    )
    assert (
        index.add(_candidate("b", look_alike, ["Shinzo Abe", "Vladimir Putin", "Russia", "Japan"])) != first
    )


def test_adding_an_article_twice_keeps_its_story():
    index = StoryIndex()
    item = _candidate("a", BODY, ["Shinzo Abe"])
    assert index.add(item) == index.add(item) == "a"
