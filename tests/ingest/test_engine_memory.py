"""The engine's memory budget (ENGINE_MEMORY_MB): models evicted least recently used first, a worker still
over budget replaced between jobs, no briefing lost or changed; and the bot's main process without the NLP
stack."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.ingest.engine_memory import release_memory, resident_mb, run_within_budget
from bot.ingest.pages import BriefingPool
from bot.settings import Settings
from summarizers import model_cache

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / ".." / "shared" / "fixtures" / "pages"
# Four languages with NER models (GiNZA alone is ~350 MB) and one without.
MIXED_PAGES = (
    "bbc.com.52241221.html",
    "nikkei.com__newspaper4k-japanese_article.html",
    "lemonde.fr__readability-lemonde-1.html",
    "tass.ru__1647262025.html",
    "zeit.de__0a12df42d1764095989ab078ee0f940b.html",
    "theguardian.com.academics.html",
)
HEAVY = (
    "spacy",
    "lingua",
    "dateparser",
    "trafilatura",
    "matplotlib",
    "nltk",
    "sumy",
    "thinc",
    "natasha",
    "numpy",
)


@model_cache.model_cache
def _ballast(name: str) -> bytearray:
    """A stand-in model: 40 MB, every page touched so it is resident."""
    return bytearray(b"x" * (40 * 1024 * 1024))


def test_models_are_evicted_least_recently_used_first_until_within_budget() -> None:
    while model_cache.evict_least_recent():  # start from nothing loaded (earlier tests load real models)
        pass
    release_memory()
    before = resident_mb()
    _ballast("a"), _ballast("b"), _ballast("c")
    _ballast("a")  # used again: "b" is now the one used longest ago
    budget = before + 60  # room for one of them, not two

    measured = run_within_budget(lambda: _ballast("d") and "done", budget)

    assert measured.result == "done"
    assert measured.evicted == tuple(f"{__name__}._ballast({name!r})" for name in "bca")
    assert measured.resident_mb <= budget
    assert [m for m in model_cache.loaded_models() if "_ballast" in m] == [f"{__name__}._ballast('d')"]
    _ballast.cache_clear()


UNLOADED: list[str] = []


@model_cache.model_cache_with_unload(lambda model: UNLOADED.append(model.name))
def _library_model(name: str):  # type: ignore[no-untyped-def]
    """A stand-in for a model whose memory the library holds (lingua's tables), freed by its unload."""
    return type("Model", (), {"name": name})()


def test_a_model_the_library_holds_is_unloaded_whenever_the_registry_drops_it() -> None:
    while model_cache.evict_least_recent():
        pass
    UNLOADED.clear()
    _library_model("a"), _library_model("b"), _library_model("c")

    assert model_cache.evict_least_recent() == f"{__name__}._library_model('a')"
    assert UNLOADED == ["a"]
    _library_model.cache_clear()
    assert sorted(UNLOADED) == ["a", "b", "c"]
    assert model_cache.loaded_models() == []


def test_no_budget_keeps_every_model() -> None:
    _ballast.cache_clear()
    _ballast("a"), _ballast("b")
    measured = run_within_budget(lambda: 1, 0)
    assert measured.evicted == ()
    assert len([m for m in model_cache.loaded_models() if "_ballast" in m]) == 2
    _ballast.cache_clear()


def _briefing_of(article):  # type: ignore[no-untyped-def]
    assert article.briefing is not None, article.note
    return article.briefing.to_dict()


@pytest.mark.slow
async def test_a_small_budget_replaces_the_worker_and_every_briefing_comes_back_the_same(
    settings: Settings,
) -> None:
    """With ENGINE_MEMORY_MB below what the engine's libraries take (~75 MB), every job leaves its worker
    over budget even after evicting its models: the pool replaces the worker, while six briefings in five languages wait."""
    pages = [(PAGES / name).read_bytes() for name in MIXED_PAGES]
    unlimited = BriefingPool.create(dataclasses.replace(settings, engine_memory_mb=0))
    try:
        expected = [
            _briefing_of(await unlimited.brief_article(page, url=f"https://example.org/{n}"))
            for n, page in enumerate(pages)
        ]
    finally:
        unlimited.shutdown()
    assert unlimited.recycled == 0

    small = BriefingPool.create(dataclasses.replace(settings, engine_memory_mb=60))
    try:
        got = await asyncio.gather(
            *(small.brief_article(page, url=f"https://example.org/{n}") for n, page in enumerate(pages))
        )
    finally:
        small.shutdown()

    assert [_briefing_of(a) for a in got] == expected
    assert small.recycled == len(pages)  # each job ran on a fresh worker, which it left over budget
    assert {b["language"] for b in expected} >= {"en", "ja", "fr", "ru", "de"}


MAIN_PROCESS = """
import asyncio, importlib, pkgutil, sys
import bot.cli, bot.telegram.app, bot.telegram.handlers as handlers
from bot.runtime import Runtime
from bot.settings import Settings
from bot.telegram.render import LAYOUT

for module in pkgutil.iter_modules(handlers.__path__):
    importlib.import_module("bot.telegram.handlers." + module.name)


async def main() -> None:
    settings = Settings.load(environ={}, env_file=None, database_url="sqlite:///" + sys.argv[1])
    runtime = await Runtime.start(settings, layout=LAYOUT)
    try:
        runtime.warm_up()
        article = await runtime._warm_up
        assert article.briefing is not None and article.briefing.entities, article
    finally:
        await runtime.close()
    print(" ".join(m for m in sys.argv[2:] if m in sys.modules))


asyncio.run(main())
"""


@pytest.mark.slow
async def test_a_budget_that_holds_one_language_evicts_models_and_keeps_the_worker(
    settings: Settings,
) -> None:
    """Room for English plus 80 MB: a Japanese page (GiNZA is ~350 MB) makes the worker drop models, least
    recently used first, until it is back within the budget, without replacing it; English still briefs
    the same afterwards."""
    english = (PAGES / "bbc.com.52241221.html").read_bytes()
    japanese = (PAGES / "nikkei.com__newspaper4k-japanese_article.html").read_bytes()
    pool = BriefingPool.create(dataclasses.replace(settings, engine_memory_mb=0))
    try:
        first = _briefing_of(await pool.brief_article(english, url="https://example.org/en"))
        pool.memory_mb = pool.last_resident_mb + 80
        assert (
            _briefing_of(await pool.brief_article(japanese, url="https://example.org/ja"))["language"] == "ja"
        )
        assert pool.evicted >= 1
        assert pool.last_resident_mb <= pool.memory_mb
        again = _briefing_of(await pool.brief_article(english, url="https://example.org/en"))
    finally:
        pool.shutdown()
    assert pool.recycled == 0
    assert again == first


@pytest.mark.slow
def test_the_bots_main_process_does_not_import_the_nlp_stack(tmp_path: Path) -> None:
    """A real runtime (as `briefbot run` starts it, with every handler imported) briefs its warm-up text in
    its engine worker; its own process has imported none of the NLP stack, which belongs to the worker."""
    done = subprocess.run(
        [sys.executable, "-c", MAIN_PROCESS, str(tmp_path / "bot.sqlite3"), *HEAVY],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []


ENGINE_PROCESS = """
import sys
from pathlib import Path
from bot.ingest.pages import brief_article

pages = Path(sys.argv[1])
for name in sys.argv[2:]:
    article = brief_article((pages / name).read_bytes(), url="https://example.org/" + name)
    assert article.briefing is not None, article.note
    print(article.briefing.language, *(m for m in ("lingua", "weasel", "typer", "spacy.cli.download") if m in sys.modules))
"""


@pytest.mark.slow
def test_an_english_briefing_loads_neither_lingua_nor_spacys_command_line() -> None:
    """English is told from its words (lingua's 90 MB stay unloaded) and spaCy comes without its CLI
    (typer, weasel: 10 MB); a French page then loads lingua, still without the CLI."""
    done = subprocess.run(
        [sys.executable, "-c", ENGINE_PROCESS, str(PAGES), "bbc.com.52241221.html", MIXED_PAGES[2]],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["en", "fr lingua"]


STORING_PROCESS = """
import asyncio, datetime as dt, sys
from bot.runtime import Runtime
from bot.settings import Settings
from bot.store import story_queries
from bot.telegram.render import LAYOUT


async def main() -> None:
    settings = Settings.load(
        environ={"FETCH_ALLOW_PRIVATE": "true"}, env_file=None, database_url="sqlite:///" + sys.argv[1]
    )
    runtime = await Runtime.start(settings, layout=LAYOUT)
    try:
        for url in sys.argv[2:]:
            await runtime.briefings.for_url(url)
        async with runtime.database.session() as session:
            records = await story_queries.stories_assigned_since(session, dt.datetime(2000, 1, 1))
        # an article the bot places itself (one the poller had not placed when a reader asked)
        await runtime.briefings.stories.assign(records[0].article_id, "Words enough to shingle. " * 20, None)
    finally:
        await runtime.close()
    print("numpy" in sys.modules, len(records), len({r.story_id for r in records}))
    from summarizers.stories import signature  # numpy, now: the worker's signatures are the same
    print(all(len(r.signature) == 64 and r.signature != signature("") for r in records))


asyncio.run(main())
"""


@pytest.mark.slow
def test_the_bot_stores_and_groups_articles_without_numpy(tmp_path: Path, web_server: str) -> None:
    """Story signatures come from the worker with the briefing (numpy, 13 MB, stays there): the bot briefs,
    stores and places pages in stories without importing it, and computes the signature of an article it
    places itself without numpy too."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            STORING_PROCESS,
            str(tmp_path / "bot.sqlite3"),
            f"{web_server}/pages/bbc.com.52241221.html",
            f"{web_server}/pages/theguardian.com.academics.html",
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "2", "2", "True"]
