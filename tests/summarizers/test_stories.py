"""Story grouping: syndicated copies merge, look-alike stories stay apart, and no all-pairs comparison."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from summarizers import brief
from summarizers.extract import extract_html
from summarizers.stories import StoryCandidate, StoryIndex, candidate, event_days, key_entities, signature

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


# -- one story in two languages ----------------------------------------------------------------------

MEETING_EN = (
    "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on March 12, 2024. "
    "Macron and Scholz discussed military aid for Ukraine and the European Union budget.\n\n"
    "Scholz said Germany would send more air defence systems to Ukraine. "
    "Macron told reporters in Berlin that Europe must do more for its own security."
)
MEETING_FR = (
    "Le président Emmanuel Macron a rencontré le chancelier Olaf Scholz à Berlin le {day}. "
    "Macron et Scholz ont parlé de l'aide militaire à l'Ukraine et du budget de l'Union européenne.\n\n"
    "Olaf Scholz a annoncé que l'Allemagne enverrait davantage de systèmes de défense aérienne à l'Ukraine. "
    "Emmanuel Macron a déclaré à Berlin que l'Europe devait en faire plus pour sa propre sécurité."
)


def _briefed_candidate(key: str, text: str) -> StoryCandidate:
    b = brief(text, published=dt.date(2024, 3, 13))
    names = [e.name for e in b.entities if e.type in ("person", "organization", "place")]
    return candidate(key, text, names, b.published, language=b.language, days=event_days(b))


def test_english_and_french_reports_group_when_shared_entities_and_the_day_agree():
    index = StoryIndex()
    english = index.add(_briefed_candidate("en", MEETING_EN))
    assert index.add(_briefed_candidate("fr", MEETING_FR.format(day="12 mars 2024"))) == english


def test_same_people_in_another_language_on_another_day_stay_apart():
    index = StoryIndex()
    english = index.add(_briefed_candidate("en", MEETING_EN))
    assert index.add(_briefed_candidate("fr", MEETING_FR.format(day="5 juin 2024"))) != english


def test_signatures_and_bands_are_datasketchs_bit_for_bit():
    """Stored signatures were made by datasketch's MinHash (affine32): ours must equal them, and our bands
    be the ones its MinHashLSH picks for the same threshold."""
    datasketch = pytest.importorskip("datasketch")
    from summarizers import stories

    texts = [
        SEED,
        BODY,
        "",
        "three words only",
        *(_page_text(n) for n in ("bbc.com.52241221.html", "tass.ru__1647262025.html")),
    ]
    for text in texts:
        theirs = datasketch.MinHash(num_perm=stories.NUM_PERM, scheme="affine32")
        theirs.update_batch([s.encode("utf-8") for s in stories.shingles(text)])
        assert signature(text) == tuple(int(v) for v in theirs.hashvalues)
        found = [
            int.from_bytes(hashlib.sha1(s.encode()).digest()[:4], "little") for s in stories.shingles(text)
        ]
        if found:  # without numpy (the bot's process), the same values
            assert stories._signature_in_python(found) == signature(text)
    lsh = datasketch.MinHashLSH(threshold=stories.RELATED, num_perm=stories.NUM_PERM)
    assert (lsh.b, lsh.r) == (stories._BANDS, stories._ROWS)
