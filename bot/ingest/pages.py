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
import multiprocessing
import signal
import time
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from bot.settings import Settings
from bot.store.field_caps import MAX_SOURCE_CHARS, MAX_TITLE_CHARS, cap_text
from bot.store.queries import DatedBy
from summarizers import Briefing, BriefingError, brief, decode_html, extract_html


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
    started = time.perf_counter()
    notes = [page_note] if page_note else []
    text, page_title, page_source = "", None, None
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
        if not text:
            notes.append("the page has no main text")
    if not text and fallback_text.strip():
        text = fallback_text.strip()
        if page is not None or page_note:
            notes.append("briefed from the feed entry instead")
    title = cap_text(title or page_title, MAX_TITLE_CHARS)  # a page's <title> may be megabytes
    source = cap_text(page_source or source, MAX_SOURCE_CHARS)
    anchor, anchored_by = choose_anchor(page_published, published, guessed_published)
    briefing = None
    if text:
        try:
            briefing = brief(text, title=title, published=anchor, url=url, source=source, sentences=sentences)
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
    """The worker pool for extraction and briefing; created once per process and passed in."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor

    @classmethod
    def create(cls, settings: Settings, kind: Literal["process", "thread"] = "process") -> BriefingPool:
        """A process pool (spawned workers, each loading the models once) keeps the event loop free."""
        workers = max(1, settings.nlp_workers)
        if kind == "thread":
            return cls(ThreadPoolExecutor(max_workers=workers, thread_name_prefix="briefing"))
        return cls(
            ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_ignore_ctrl_c,
            )
        )

    async def brief_article(self, page: bytes | None, **options: object) -> ArticleText:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(brief_article, page, **options))  # type: ignore[arg-type]

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _ignore_ctrl_c() -> None:
    """Workers leave Ctrl-C to the bot: it reaches the whole process group, and the bot shuts the pool down
    in order, instead of each worker dying mid-task with a KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
