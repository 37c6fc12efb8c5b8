"""Coverage: which of a chat's sources reported a story, when, and which one first, for /sources and the
head of /timeline. Only the chat's own feeds count ("5 of your sources"): another chat's feeds, maybe
private ones, are never named to it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.delivery.digest import Coverage
from bot.delivery.story_news import coverage_of
from bot.store import story_deliveries as queries
from bot.store.engine import Database
from bot.store.story_deliveries import StoryReport


@dataclass(frozen=True, slots=True)
class StorySources:
    """A story's reports from the chat's feeds, earliest first; the first one's headline names it."""

    story_id: int
    coverage: Coverage
    reports: tuple[StoryReport, ...]

    @property
    def first(self) -> StoryReport:
        return self.reports[0]


class CoverageService:
    def __init__(self, database: Database) -> None:
        self.database = database

    async def story_sources(self, chat_id: int, story_id: int) -> StorySources | None:
        """Who of the chat's sources reported the story (an article id names its story too); None when
        none did, or the story is not stored (any more)."""
        async with self.database.session() as session:
            found = await queries.reports_in_chat_feeds(session, chat_id, [story_id])
            if not found:
                story = await queries.story_of_article(session, story_id)
                if story is not None and story != story_id:
                    story_id = story
                    found = await queries.reports_in_chat_feeds(session, chat_id, [story_id])
        reports = found.get(story_id, [])
        coverage = coverage_of(story_id, reports)
        if coverage is None:
            return None
        return StorySources(story_id, coverage, tuple(reports))

    async def of_articles(self, chat_id: int, article_ids: Sequence[int]) -> Coverage | None:
        """The coverage of the given articles (a timeline's) by the chat's sources; None when none is the
        chat's."""
        async with self.database.session() as session:
            reports = await queries.articles_in_chat_feeds(session, chat_id, article_ids)
        return coverage_of(reports[0].story_id, reports) if reports else None
