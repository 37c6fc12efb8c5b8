"""Timelines from the store: the query selects whole articles (by their entities, aliases and text), each
selected article brings the other reports of its story, and the engine merges and ranks all their dated
events (summarizers.timeline). A query that finds nothing gets the closest entity names the bot knows."""

from __future__ import annotations

import asyncio
import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.errors import UserFacingError
from bot.i18n import N_
from bot.store.engine import Database
from bot.store.queries import article_by_id, briefings_mentioning, recent_briefings
from bot.store.story_queries import briefings_in_stories_of
from bot.stories import StoryService
from summarizers import Briefing
from summarizers.timeline import Timeline, build_timeline, query_forms

MAX_ARTICLES = 600  # newest briefings the database's text match hands to the selection
MAX_SELECTED = 300  # newest articles the query names; each brings its story's other reports
MAX_STORY_REPORTS = 300  # other reports of the selected articles' stories
MAX_ENTRIES = 30
MAX_QUERY_CHARS = 100  # a name or a few words; a pasted article is not a query
ENTITY_TYPES = frozenset({"person", "organization", "place"})
KNOWN_ENTITY_DAYS = 30  # how far back the closest names are looked for
CLOSE_ENOUGH = 0.6  # difflib ratio under which a name is not offered as "closest"
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


class TimelineQueryError(UserFacingError):
    """A query no name or keyword looks like (too long, or markup)."""


@dataclass(frozen=True, slots=True)
class Suggestions:
    """Entity names to offer instead of an empty timeline; `close` is False when none resembles the query
    and these are simply the most frequent names of the last days."""

    names: tuple[str, ...]
    close: bool


def has_markup(text: str) -> bool:
    """The text holds an HTML tag or entity: markup pasted where a name or words belong."""
    return _HTML.search(text) is not None


def clean_query(query: str) -> str:
    """The query with its whitespace folded; refused politely when it is long text or HTML."""
    text = " ".join(query.split())
    if not text:
        raise TimelineQueryError(N_("Send a name or a few words, e.g. /timeline Putin."))
    if len(text) > MAX_QUERY_CHARS:
        raise TimelineQueryError(
            N_(
                "That is too long for a timeline: send a name or a few words (at most {n} characters).",
                n=MAX_QUERY_CHARS,
            )
        )
    if has_markup(text):
        raise TimelineQueryError(N_("Please send plain words, not HTML, e.g. /timeline Putin."))
    return text


class TimelineService:
    def __init__(self, database: Database, stories: StoryService | None = None) -> None:
        self.database = database
        self.stories = stories or StoryService(database)

    async def for_query(
        self, query: str, *, limit: int = MAX_ENTRIES, follow_stories: bool = True
    ) -> Timeline:
        """The database narrows to briefings whose searchable words (title, sentences, entity names,
        aliases) start with the query; the selection keeps the articles the query names (entity, alias or
        text); their stories add the other reports; the engine merges."""
        timeline, _ = await self.with_articles(query, limit=limit, follow_stories=follow_stories)
        return timeline

    async def with_articles(
        self, query: str, *, limit: int = MAX_ENTRIES, follow_stories: bool = True
    ) -> tuple[Timeline, tuple[int, ...]]:
        """for_query, and the ids of the articles the timeline was built from (for its coverage)."""
        query = clean_query(query)
        if follow_stories:
            await self.stories.assign_unassigned()
        async with self.database.session() as session:
            rows = await briefings_mentioning(session, query, limit=MAX_ARTICLES)
        selected = await asyncio.to_thread(select_articles, rows, query, MAX_SELECTED)
        reports: list[tuple[int, dict[str, Any]]] = []
        if follow_stories and selected:
            async with self.database.session() as session:
                reports = await briefings_in_stories_of(
                    session, [aid for aid, _ in selected], limit=MAX_STORY_REPORTS
                )
        timeline = await asyncio.to_thread(_build, [b for _, b in selected], reports, query, limit)
        return timeline, tuple(dict.fromkeys([*(aid for aid, _ in selected), *(aid for aid, _ in reports)]))

    async def for_article(self, article_id: int, *, limit: int = MAX_ENTRIES) -> Timeline | None:
        """The timeline of one article's story: its events and those of the story's other reports,
        headed by the article's title; None when the article (or its briefing) is no longer stored."""
        await self.stories.assign_unassigned()
        async with self.database.session() as session:
            article = await article_by_id(session, article_id)
            if article is None or article.briefing is None:
                return None
            reports = await briefings_in_stories_of(session, [article_id], limit=MAX_STORY_REPORTS)
        briefing = Briefing.from_dict(article.briefing)
        found = await asyncio.to_thread(_build, [briefing], reports, None, limit)
        return replace(found, query=briefing.title or article.title or None)

    async def frequent_entities(self, *, days: int = 7, count: int = 8) -> list[str]:
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
        async with self.database.session() as session:
            rows = await recent_briefings(session, since=since, limit=2_000)
        return frequent_names(rows, count)

    async def closest_entities(self, query: str, *, count: int = 6) -> Suggestions:
        """The entity names of recent briefings that look most like the query (a typo, a partial name);
        when none does, the most frequent ones."""
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=KNOWN_ENTITY_DAYS)
        async with self.database.session() as session:
            rows = await recent_briefings(session, since=since, limit=2_000)
        close = await asyncio.to_thread(closest_names, rows, query, count)
        if close:
            return Suggestions(tuple(close), True)
        return Suggestions(tuple(frequent_names(rows, count)), False)


def select_articles(
    rows: Iterable[tuple[int, dict[str, Any]]], query: str, limit: int | None = None
) -> list[tuple[int, Briefing]]:
    """The first `limit` articles the query names: one of their entities (by name or alias) or their text."""
    chosen: list[tuple[int, Briefing]] = []
    for article_id, data in rows:
        if limit is not None and len(chosen) >= limit:
            break
        briefing = Briefing.from_dict(data)
        if query_forms(briefing, query) is not None:
            chosen.append((article_id, briefing))
    return chosen


def _build(
    selected: list[Briefing], reports: list[tuple[int, dict[str, Any]]], query: str | None, limit: int
) -> Timeline:
    briefings = selected + [Briefing.from_dict(data) for _, data in reports]
    return build_timeline(briefings, query=query, limit=limit, whole_articles=True)


def _entities(rows: Iterable[dict[str, Any]]) -> Iterable[tuple[int, dict[str, Any]]]:
    for data in rows:
        for rank, entity in enumerate(data.get("entities") or ()):
            if entity.get("type") in ENTITY_TYPES:
                yield rank, entity


def frequent_names(rows: Sequence[dict[str, Any]], count: int) -> list[str]:
    """The names briefings rank highest most often (an article's top five count, the first the most)."""
    tally: Counter[str] = Counter()
    for rank, entity in _entities(rows):
        if rank < 5:
            tally[entity["name"]] += 5 - rank
    return [name for name, _ in tally.most_common(count)]


def closest_names(rows: Sequence[dict[str, Any]], query: str, count: int) -> list[str]:
    """Names whose full form, an alias or one of their words is within CLOSE_ENOUGH of the query
    (difflib's ratio, case-folded), best first; frequency breaks ties."""
    q = " ".join(query.lower().split())
    forms: dict[str, set[str]] = {}
    mentions: Counter[str] = Counter()
    for _, entity in _entities(rows):
        name = entity["name"]
        mentions[name] += 1
        found = forms.setdefault(name, set())
        for form in (name, *(entity.get("aliases") or ())):
            found.add(form.lower())
            found.update(w for w in form.lower().split() if len(w) > 2)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(q)
    scored = []
    for name, candidates in forms.items():
        best = 0.0
        for form in candidates:
            matcher.set_seq1(form)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
        if best >= CLOSE_ENOUGH:
            scored.append((-best, -mentions[name], name))
    return [name for _, _, name in sorted(scored)[:count]]
