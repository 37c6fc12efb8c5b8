"""A chat's digest: the briefings stored since its last digest, filtered, ranked and laid out by feed.

Pure: items in, HTML message texts out (through bot.telegram.render, so every piece fits Telegram's
limits and everything from the web is escaped). Layout:

- a heading with the slot's local time, and a note when the digest is late;
- the top `TOP_ITEMS` items, grouped by feed, the group with the most important item first;
- each item: its linked title, its 2-3 best sentences, and its key entities;
- "+M more" under the last message, with a button that sends the rest.

Importance is cheap and explainable: how many other items in this digest share the item's key entities
(a story several feeds cover matters more), then how many entities it names, then how new it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from bot.delivery.filters import KeywordFilter, passes
from bot.telegram.keyboards import encode_callback
from bot.telegram.render import Line, Span, is_web_url, pack_lines, shorten
from summarizers.briefing import Briefing
from summarizers.stories import lead_briefing

TOP_ITEMS = 10
SENTENCES = 3
SENTENCE_BUDGET_CHARS = 420  # past two sentences, a third is added only while under this
KEY_ENTITIES = 4
MORE_ACTION = "dgmore"  # callback data: dgmore:<digest run id>


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

    @property
    def empty(self) -> bool:
        return not self.shown


def item_from_row(
    briefing_id: int,
    article_id: int,
    feed_id: int | None,
    feed_title: str | None,
    data: dict[str, Any],
    stored_at: dt.datetime,
    story_id: int | None = None,
) -> DigestItem:
    return DigestItem(
        briefing_id, article_id, feed_id, feed_title, Briefing.from_dict(data), stored_at, story_id
    )


def one_per_story(items: Sequence[DigestItem]) -> list[DigestItem]:
    """The story's richest briefing stands for it, naming the other reports; unplaced items stay as they are."""
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
        kept.append(dataclasses.replace(lead, also_reported_by=others))
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


def by_feed(items: Sequence[DigestItem]) -> list[tuple[str, list[DigestItem]]]:
    """Groups in order of their best item; items keep their rank inside a group."""
    groups: dict[str, list[DigestItem]] = defaultdict(list)
    for item in items:
        groups[_feed_label(item)].append(item)
    return list(groups.items())


def _feed_label(item: DigestItem) -> str:
    return " ".join((item.feed_title or item.briefing.source or "Other news").split())


def render_digest(digest: Digest, *, heading: str, note: str | None = None) -> list[str]:
    """The digest's messages: heading, optional note, the shown items by feed, and the "+M more" line."""
    lines: list[Line] = [(Span(heading, "b"),)]
    if note:
        lines.append((Span(note, "i"),))
    lines.extend(_item_lines(digest.shown))
    if digest.more:
        lines.append(())
        lines.append((Span(more_label(len(digest.more)), "i"),))
    return pack_lines(lines)


def render_more(items: Sequence[DigestItem], *, heading: str = "More from your digest") -> list[str]:
    return pack_lines([(Span(heading, "b"),), *_item_lines(items)])


def _item_lines(items: Sequence[DigestItem]) -> list[Line]:
    lines: list[Line] = []
    for feed, group in by_feed(items):
        lines.append(())
        lines.append((Span(feed, "u"),))
        for item in group:
            lines.extend(item_lines(item))
    return lines


def item_lines(item: DigestItem) -> list[Line]:
    briefing = item.briefing
    title = " ".join((briefing.title or "").split()) or briefing.url or "Untitled"
    href = briefing.url if is_web_url(briefing.url) else None
    lines: list[Line] = [(Span("• "), Span(title, "b", href))]
    sentences = best_sentences(briefing)
    if sentences and sentences.rstrip(" .!?").casefold() != title.rstrip(" .!?").casefold():
        lines.append((Span(sentences),))
    if item.key_names:
        names = ", ".join(shorten(n, 40) for n in item.key_names)
        lines.append((Span("Key: ", "i"), Span(names, "i")))
    if item.also_reported_by:
        spans: list[Span] = [Span("Also reported by: ", "i")]
        for n, (name, url) in enumerate(item.also_reported_by[:5]):
            spans += [Span(", ")] if n else []
            spans.append(Span(shorten(name, 40), None, url if is_web_url(url) else None))
        lines.append(tuple(spans))
    return lines


def best_sentences(briefing: Briefing) -> str:
    """Two sentences of the summary, and a third when they are short (the summary is ranked upstream)."""
    chosen: list[str] = []
    used = 0
    for sentence in briefing.summary[:SENTENCES]:
        text = " ".join(sentence.text.split())
        if len(chosen) >= 2 and used + len(text) > SENTENCE_BUDGET_CHARS:
            break
        chosen.append(text)
        used += len(text) + 1
    return " ".join(chosen)


def more_label(count: int) -> str:
    return f"+{count} more"


def more_keyboard(run_id: int, count: int) -> dict[str, Any]:
    """Bot API JSON of the "+M more" button (stored in the outbox row as it is)."""
    return {
        "inline_keyboard": [
            [{"text": more_label(count), "callback_data": encode_callback(MORE_ACTION, run_id)}]
        ]
    }


def digest_heading(slot: dt.datetime, zone: str, *, manual: bool) -> str:
    local = slot.astimezone(ZoneInfo(zone))
    when = f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"
    return f"Your digest · {when}" if not manual else f"Your digest (on request) · {when}"


def late_note(slot: dt.datetime, zone: str, sent: dt.datetime) -> str:
    due = slot.astimezone(ZoneInfo(zone))
    minutes = int((sent - slot).total_seconds() // 60)
    delay = f"{minutes} min" if minutes < 120 else f"{minutes // 60} h {minutes % 60:02d} min"
    return f"Late: this digest was due at {due:%H:%M} and is {delay} late (the bot was offline)."
