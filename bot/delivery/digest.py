"""A chat's digest: the briefings stored since its last digest, filtered, ranked, and split into the top
`TOP_ITEMS` shown and the rest behind "+M more". Pure: items in, a Digest out; its layout is
bot.telegram.render's (see bot.delivery.layout for what delivery asks of it).

Importance is cheap and explainable: how many other items in this digest share the item's key entities
(a story several feeds cover matters more), then how many entities it names, then how new it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.delivery.filters import KeywordFilter, passes
from bot.store.delivery import StoredBriefing
from summarizers.briefing import Briefing
from summarizers.stories import lead_briefing
from summarizers.timeline import TimelineEntry, story_key_dates
from summarizers.upcoming import UpcomingEvent

TOP_ITEMS = 10
KEY_ENTITIES = 4


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many of the chat's sources reported the story, and which one did first, when (UTC)."""

    story_id: int
    sources: int
    first_source: str | None
    first_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """What new reports add to a story the chat was told about: shown instead of the whole briefing."""

    title: str | None  # the story's title: that of the report the chat was first told it by
    url: str | None  # that report's link
    sentences: tuple[str, ...] = ()  # the new reports' sentences no earlier report said
    events: tuple[TimelineEntry, ...] = ()  # their events on dates no earlier report gave
    sources: tuple[tuple[str, str | None], ...] = ()  # (name, report url) of the sources new to the story

    @property
    def sources_only(self) -> bool:
        """Nothing new but more sources: the item is one line, "+2 sources: A, B"."""
        return not self.sentences and not self.events


@dataclass(frozen=True, slots=True)
class DigestItem:
    briefing_id: int
    article_id: int
    feed_id: int | None
    feed_title: str | None
    briefing: Briefing
    stored_at: dt.datetime
    story_id: int | None = None
    also_reported_by: tuple[tuple[str, str | None], ...] = ()  # (title or site, url) of the story's others
    story_dates: tuple[TimelineEntry, ...] = ()  # the story's key dates, merged across its reports here
    others: tuple[DigestItem, ...] = ()  # the story's other reports in this digest
    update: StoryUpdate | None = None  # set when the chat was told about the story before
    coverage: Coverage | None = None  # the story's reports in the chat's feeds

    @property
    def reports(self) -> tuple[DigestItem, ...]:
        """This item and the story's other reports it stands for."""
        return (self, *self.others)

    @property
    def key_names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.briefing.entities[:KEY_ENTITIES])

    def searchable_text(self) -> str:
        """What keyword filters look at: title, summary sentences and entity names."""
        parts = [self.briefing.title or "", *(s.text for s in self.briefing.summary)]
        parts.extend(e.name for e in self.briefing.entities)
        return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class Digest:
    shown: tuple[DigestItem, ...]
    more: tuple[DigestItem, ...]
    coming_up: tuple[UpcomingEvent, ...] = ()  # the chat's events of the next days (bot.delivery.coming_up)

    @property
    def empty(self) -> bool:
        return not self.shown


def item_from_row(row: StoredBriefing) -> DigestItem:
    return DigestItem(
        row.briefing_id,
        row.article_id,
        row.feed_id,
        row.feed_title,
        Briefing.from_dict(row.data, method=row.method),
        row.stored_at,
        row.story_id,
    )


def one_per_story(items: Sequence[DigestItem]) -> list[DigestItem]:
    """The story's richest briefing stands for it, naming the other reports and carrying the story's key
    dates merged across them; unplaced items stay as they are."""
    stories: dict[int, list[DigestItem]] = defaultdict(list)
    alone: list[DigestItem] = []
    for item in items:
        (stories[item.story_id] if item.story_id is not None else alone).append(item)
    kept = list(alone)
    for group in stories.values():
        lead = group[lead_briefing([i.briefing for i in group])]
        others = tuple(
            (i.briefing.source or i.feed_title or i.briefing.title or "another source", i.briefing.url)
            for i in group
            if i is not lead
        )
        dates = (
            story_key_dates([lead.briefing, *(i.briefing for i in group if i is not lead)]) if others else ()
        )
        rest = tuple(i for i in group if i is not lead)
        kept.append(dataclasses.replace(lead, also_reported_by=others, story_dates=dates, others=rest))
    return kept


def select_items(
    items: Sequence[DigestItem], filters: Sequence[KeywordFilter], top: int = TOP_ITEMS
) -> Digest:
    """Apply the chat's filters, rank, and split into what is shown and what is behind "+M more"."""
    wanted = one_per_story([item for item in items if passes(item.searchable_text(), filters)])
    ranked = rank(wanted)
    return Digest(tuple(ranked[:top]), tuple(ranked[top:]))


def rank(items: Sequence[DigestItem]) -> list[DigestItem]:
    """Most important first: shared coverage of key entities, then entity count, then newest."""
    counts = Counter(name.casefold() for item in items for name in set(item.key_names))

    def importance(item: DigestItem) -> tuple[int, int, dt.datetime, int]:
        coverage = sum(counts[name.casefold()] - 1 for name in set(item.key_names))
        return coverage, len(item.briefing.entities), item.stored_at, item.briefing_id

    return sorted(items, key=importance, reverse=True)
