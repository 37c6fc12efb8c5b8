"""English told from its commonest words gives lingua's answer, and lingua's tables (about 90 MB) stay
loaded only while texts in other languages need them."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import summarizers
from summarizers import model_cache, pipeline, text
from summarizers.briefing import BriefingError

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
# Headlines and results: English with few of its commonest words, so lingua has to place them.
HEADLINES = (
    "Stocks rise as investors weigh Fed comments. Oil prices slip on supply worries. Tech shares gain after "
    "strong earnings. Gold steady. Dollar edges lower against yen. Bond yields climb. Retail sales beat "
    "forecasts. Housing starts fall. Consumer confidence improves. Jobless claims drop."
)
FRENCH = (
    "Le gouvernement a présenté mardi un projet de loi sur les retraites, qui sera examiné par les députés "
    "au printemps. Les syndicats appellent à une nouvelle journée de grève la semaine prochaine."
)


def _lingua():  # type: ignore[no-untyped-def]
    """lingua alone, as the engine used it before English was told from its words."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def _detector_loaded() -> bool:
    return any(name.startswith("summarizers.text._detector") for name in model_cache.loaded_models())


def test_an_english_text_lingua_had_to_place_leaves_its_tables_unloaded() -> None:
    assert not text.reads_as_english(HEADLINES)
    assert text.detect_language(HEADLINES) == "en"
    assert not _detector_loaded()


def test_a_text_in_another_language_keeps_lingua_loaded_for_the_next() -> None:
    assert text.detect_language(FRENCH) == "fr"
    assert _detector_loaded()
    assert text.detect_language(FRENCH[:120] + " Le Sénat votera en juin.") == "fr"


def test_a_short_or_accented_english_sample_is_left_to_lingua() -> None:
    assert not text.reads_as_english("The end of the story is in the hands of the court.")  # 12 words
    assert not text.reads_as_english(FRENCH)
    assert text.reads_as_english(
        "The minister said that the plan would be put to the vote in the spring. " * 3
    )


def _windows(body: str) -> list[str]:
    """The samples detection reads (800 characters) at every 400th character of the first 6,000."""
    return [body[k : k + 800] for k in range(0, min(len(body), 6000), 400)]


def _page_body(html: bytes) -> str:
    page = summarizers.extract_html(html)
    try:
        return pipeline.page_article(page).text
    except BriefingError:
        return page.text


def _corpus() -> list[tuple[str, str]]:
    """(name, text): the fixture pages in about 40 languages, the AEB pages, the fixture feeds' entries,
    and the English data sets."""
    import feedparser

    texts = [(p.name, _page_body(p.read_bytes())) for p in sorted((SHARED / "fixtures/pages").glob("*.htm*"))]
    texts += [
        (p.name, _page_body(gzip.decompress(p.read_bytes())))
        for p in sorted((SHARED / "data/aeb/html").glob("*.gz"))
    ]
    for path in sorted((SHARED / "fixtures/feeds").iterdir()):
        if path.name != "SOURCES.tsv":
            for n, entry in enumerate(feedparser.parse(path.read_bytes()).entries):
                summary = re.sub(r"<[^>]+>", " ", entry.get("summary", "") or "")
                texts.append((f"{path.name}#{n}", f"{entry.get('title', '')}. {summary}"))
    for name in ("bbc_news_summary", "summeval_cnndm_dev", "tempeval3_timebank"):
        for line in (SHARED / "data" / f"{name}.jsonl").open(encoding="utf-8"):
            row = json.loads(line)
            texts.append((row["id"], row["text"]))
    return texts


@pytest.mark.slow
def test_english_by_its_words_is_english_to_lingua_and_detection_answers_as_lingua_did() -> None:
    """Over 16,000 samples of the shared fixtures and data sets: every sample the words call English,
    lingua calls English, so detection answers what lingua alone answered (it asks lingua otherwise). The
    words place at least 90% of the English page starts: the saving holds for real pages, not only for
    clean text."""
    lingua = _lingua()
    placed, english_starts, disagree = 0, 0, []
    for name, body in _corpus():
        for n, sample in enumerate(_windows(body)):
            if not any(ch.isalpha() for ch in sample):
                continue
            found = lingua.detect_language_of(sample)
            reference = found.iso_code_639_1.name.lower() if found else None
            by_words = text.reads_as_english(sample)
            if by_words and reference != "en":
                disagree.append((name, n, reference))
            if reference == "en" and n == 0:
                english_starts += 1
                placed += by_words
    assert disagree == []
    assert placed >= 0.9 * english_starts


@pytest.mark.slow
def test_evicting_the_detector_returns_its_tables() -> None:
    """Dropping the detector used to free nothing (lingua keeps its tables in the library): the eviction
    now unloads them. In a fresh process: French loads the Latin-script tables, evicting gives them back."""
    script = (
        "from bot.ingest.engine_memory import release_memory, resident_mb\n"
        "from summarizers import model_cache, text\n"
        f"assert text.detect_language({FRENCH!r}) == 'fr'\n"
        "release_memory(); loaded = resident_mb()\n"
        "assert model_cache.evict_least_recent().startswith('summarizers.text._detector')\n"
        "release_memory(); print(loaded - resident_mb())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert float(done.stdout) > 25  # the tables are about 50 MB
