"""An entry's page -> main text + briefing, in a worker pool so the event loop keeps answering Telegram.

When the page cannot be fetched or has no main text, the entry's own content is briefed instead, and
when briefing fails the article is still stored, with a note saying why: nothing is lost.

The page's own publication date (metadata, JSON-LD, byline) anchors the text's relative and partial dates
whenever the page has one: feeds often stamp an entry with the time they were generated, which would put
"December 15" of a 2016 article in 2026. The feed's date is kept for ordering.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, Executor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from bot.ingest.engine_memory import run_within_budget, trim_heap
from bot.ingest.engine_process import EngineProcessPool
from bot.ingest.parent_watch import die_with_parent, parent_death_signal_usable
from bot.settings import Settings
from summarizers.briefing import Briefing

if TYPE_CHECKING:  # the worker imports this module: the store (SQLAlchemy, Alembic) stays out of it
    from bot.store.queries import DatedBy

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What a worker hands back: the text that was briefed, its metadata and the briefing (or why not)."""

    text: str
    title: str | None
    source: str | None
    published: dt.date | None  # the feed's date, else the page's: for ordering
    page_published: dt.date | None  # the page's own date, when its metadata or byline gives one
    dated_by: DatedBy | None  # which date anchored the text's dates (None: no date at all)
    briefing: Briefing | None
    note: str | None
    engine_seconds: float  # time spent in extraction and the engine, measured in the worker
    # the story index's MinHash of the text (summarizers.stories), computed here: numpy stays in the worker
    story_signature: tuple[int, ...] | None = None

    @property
    def content_hash(self) -> str:
        """sha256 of the text with case and whitespace folded: the same article from two feeds matches."""
        return hashlib.sha256(" ".join(self.text.lower().split()).encode("utf-8")).hexdigest()


def brief_article(
    page: bytes | None,
    *,
    url: str | None,
    charset: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    source: str | None = None,
    fallback_text: str = "",
    page_note: str | None = None,
    sentences: int | None = None,
) -> ArticleText:
    """Extract `page` and brief it, or brief `fallback_text` (the entry's content). Runs in a worker.
    `published` is the feed's date for the entry; the page's own date, when it has one, anchors the text."""
    # the worker's engine, not the bot's
    from summarizers import NO_ARTICLE_TEXT, BriefingError, brief, brief_page, decode_html, extract_html
    from summarizers.pipeline import has_article_text
    from summarizers.stories import signature, story_text

    started = time.perf_counter()
    notes = [page_note] if page_note else []
    text, page_title, page_source = "", None, None
    extracted = None
    page_published: dt.date | None = None
    guessed_published: dt.date | None = None
    if page is not None:
        extracted = extract_html(decode_html(page, charset), url=url)
        text = extracted.text.strip()
        page_title, page_source = extracted.title, extracted.source
        if extracted.published_guessed:  # read from the free text, not the markup: weaker than the feed's
            guessed_published = extracted.published
        else:
            page_published = extracted.published
        if not has_article_text(extracted):  # nothing, or furniture only: the entry's text is better
            text, extracted = "", None
            notes.append(NO_ARTICLE_TEXT)
    if not text and fallback_text.strip():
        text = fallback_text.strip()
        if page is not None or page_note:
            notes.append("briefed from the feed entry instead")
    title = title or page_title
    source = page_source or source
    anchor, anchored_by = choose_anchor(page_published, published, guessed_published)
    briefing = None
    if text:
        try:
            if extracted is not None:  # as the page's structure gave it: lead kept, furniture gone
                briefing = brief_page(
                    extracted, title=title, published=anchor, url=url, source=source, sentences=sentences
                )
            else:
                briefing = brief(
                    text, title=title, published=anchor, url=url, source=source, sentences=sentences
                )
        except BriefingError as exc:
            notes.append(f"not briefed: {exc}")
        except Exception as exc:  # the engine must never lose an article
            notes.append(f"not briefed: the engine failed ({type(exc).__name__}: {exc})")
    else:
        notes.append("not briefed: neither the page nor the entry has text")
    return ArticleText(
        text=text,
        title=title,
        source=source,
        published=published or page_published or guessed_published,
        page_published=page_published,
        dated_by=anchored_by or ("text" if briefing is not None and briefing.published_inferred else None),
        briefing=briefing,
        note="; ".join(notes) or None,
        engine_seconds=time.perf_counter() - started,
        story_signature=signature(story_text(text, briefing)) if text else None,
    )


def choose_anchor(
    page: dt.date | None, feed: dt.date | None, guessed: dt.date | None
) -> tuple[dt.date | None, DatedBy | None]:
    """The date that resolves the text's dates, and which it is: the page's own (from its markup), else the
    feed's, else one htmldate read from the page's text; (None, None) leaves it to the engine's inference."""
    if page is not None:
        return page, "page"
    if feed is not None:
        return feed, "feed"
    if guessed is not None:
        return guessed, "text"
    return None, None


class BriefingPool:
    """The worker pool for extraction and briefing; created once per process and passed in.

    At most one job per worker is handed to the executor at a time, so a worker over its memory budget
    (ENGINE_MEMORY_MB, see bot.ingest.engine_memory) can be replaced between jobs: the pool lets the jobs
    in flight finish, shuts the old executor down and starts a fresh one for the jobs still waiting. No job
    is lost or run twice.
    """

    def __init__(
        self,
        executor: Executor,
        *,
        workers: int | None = None,
        memory_mb: float = 0,
        new_executor: Callable[[], Executor] | None = None,
    ) -> None:
        self.executor = executor
        self.memory_mb = memory_mb  # 0: no budget
        self.recycled = 0  # workers replaced for their memory
        self.evicted = 0  # models dropped to keep the budget
        self.last_resident_mb = 0.0  # a worker's memory after its latest job (and its evictions)
        self._workers = max(1, workers or getattr(executor, "_max_workers", 1))
        self._new_executor = new_executor  # None: the executor is never replaced (a thread pool)
        self._turns: asyncio.Condition | None = None  # guards the two below; made in the running loop
        self._in_flight = 0
        self._retiring: Executor | None = None  # the executor being replaced: no job starts on it

    @classmethod
    def create(cls, settings: Settings, kind: Literal["process", "thread"] = "process") -> BriefingPool:
        """A process pool (child processes, each loading the models it needs) keeps the event loop free.
        A thread pool shares the bot's process, so it has no budget of its own."""
        workers = max(1, settings.nlp_workers)
        if kind == "thread":
            return cls(
                ThreadPoolExecutor(max_workers=workers, thread_name_prefix="briefing"), workers=workers
            )

        def new_executor() -> Executor:
            return EngineProcessPool(
                max_workers=workers,
                initializer=_start_worker,
                # workers are started by the thread that submits: the event loop's, which creates the pool
                initargs=(os.getpid(), parent_death_signal_usable()),
            )

        return cls(
            new_executor(), workers=workers, memory_mb=settings.engine_memory_mb, new_executor=new_executor
        )

    async def brief_article(self, page: bytes | None, **options: object) -> ArticleText:
        return await self.run(functools.partial(brief_article, page, **options))  # type: ignore[arg-type]

    async def run(self, call: Callable[[], T]) -> T:
        """Run `call` (picklable) in a worker. A worker still over its budget after evicting models (or one
        that died) retires: jobs in flight finish on it, the next ones wait for its replacement."""
        if self._turns is None:
            self._turns = asyncio.Condition()
        turns = self._turns
        async with turns:
            await turns.wait_for(lambda: self._retiring is None and self._in_flight < self._workers)
            self._in_flight += 1
            executor = self.executor
        budget = self.memory_mb if self._new_executor is not None else 0
        retire = False
        try:
            measured = await asyncio.get_running_loop().run_in_executor(
                executor, functools.partial(run_within_budget, call, budget)
            )
            self.evicted += len(measured.evicted)
            self.last_resident_mb = measured.resident_mb
            retire = budget > 0 and measured.resident_mb > budget
            return measured.result
        except BrokenExecutor:
            retire = self._new_executor is not None
            raise
        finally:
            if self._new_executor is not None:
                trim_heap()  # the page just pickled to the worker was this process's biggest allocation
            async with turns:
                self._in_flight -= 1
                replace = retire and self._retiring is None and self.executor is executor
                if replace:
                    self._retiring = executor
                turns.notify_all()
            if replace:
                await self._replace(executor)

    async def _replace(self, executor: Executor) -> None:
        """Once the retiring worker's jobs have finished, shut it down and start a fresh one."""
        assert self._turns is not None and self._new_executor is not None
        async with self._turns:
            try:
                await self._turns.wait_for(lambda: self._in_flight == 0)
                log.info(
                    "engine worker over its %.0f MB budget with no model left to evict: replacing it",
                    self.memory_mb,
                )
                await asyncio.to_thread(executor.shutdown, wait=True)
                self.executor = self._new_executor()
                self.recycled += 1
            finally:
                self._retiring = None
                self._turns.notify_all()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _start_worker(parent_pid: int, parent_death_signal: bool) -> None:
    """A worker's set-up: leave Ctrl-C to the bot, die with the bot when it is killed outright
    (bot.ingest.parent_watch), and keep SciPy out (see below)."""
    _ignore_ctrl_c()
    die_with_parent(parent_pid, parent_death_signal)
    # nltk (through sumy's stemmers) imports SciPy for collocation statistics and a transition parser the
    # engine never runs, and falls back without it; nothing else here uses SciPy. 40 MB of the worker's
    # baseline (an English worker: 296 -> 257 MB). Only in the worker, which runs nothing else.
    sys.modules.setdefault("scipy", None)  # type: ignore[arg-type]


def _ignore_ctrl_c() -> None:
    """Workers leave Ctrl-C to the bot: it reaches the whole process group, and the bot shuts the pool down
    in order, instead of each worker dying mid-task with a KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
