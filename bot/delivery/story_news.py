"""A digest's items seen against what the chat was told before: a story it already got comes back as what
its new reports add (an "Update on: ..." entry: new sentences, new dated events, new sources; or one line
when only sources are new), every story item carries its coverage in the chat's feeds, and what is queued
is remembered (store.story_deliveries) in the transaction that queues it.

Earlier reports are the ones the chat was told about: "new" means new to this reader.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.digest import Coverage, Digest, DigestItem, StoryUpdate
from bot.store import story_deliveries as queries
from bot.store.story_deliveries import StoryReport, Told, ToldStory
from summarizers.briefing import Briefing
from summarizers.timeline import TimelineEntry
from summarizers.whats_new import SaidBefore, said_before, story_news

MAX_EARLIER = 200  # the newest reports a chat was told that new sentences are compared with
CACHED_BRIEFINGS = 20_000  # briefings kept between chats while one planning round runs


@dataclass
class EarlierReports:
    """Briefings and "said before" indexes shared by the chats planned in one round: chats that follow the
    same feeds were told the same reports, and each is read and indexed once."""

    briefings: dict[int, Briefing | None] = field(default_factory=dict)
    said: dict[tuple[int, ...], SaidBefore] = field(default_factory=dict)

    async def load(self, session: AsyncSession, article_ids: Sequence[int]) -> dict[int, Briefing | None]:
        missing = [a for a in article_ids if a not in self.briefings]
        if missing:
            if len(self.briefings) + len(missing) > CACHED_BRIEFINGS:
                self.briefings.clear()
                self.said.clear()
            data = await queries.briefing_data(session, missing)
            for aid in missing:
                self.briefings[aid] = Briefing.from_dict(data[aid]) if aid in data else None
        return {a: self.briefings.get(a) for a in article_ids}

    def said_before(self, told: tuple[int, ...]) -> SaidBefore:
        if told not in self.said:
            self.said[told] = said_before(b for a in told if (b := self.briefings.get(a)) is not None)
        return self.said[told]


async def with_story_news(
    session: AsyncSession,
    chat_id: int,
    digest: Digest,
    *,
    top: int,
    sentences: int,
    earlier: EarlierReports | None = None,
) -> Digest:
    """The digest with updates in place of stories the chat was told about (those with nothing new left
    out), every story's coverage, at most `top` shown; and what it tells recorded as told."""
    items = [*digest.shown, *digest.more]
    story_ids = [i.story_id for i in items if i.story_id is not None]
    if not story_ids:
        return digest
    earlier = earlier or EarlierReports()
    told = await queries.told_stories(session, chat_id, story_ids)
    reports = await queries.reports_in_chat_feeds(session, chat_id, story_ids)
    kept: list[DigestItem] = []
    sent: list[Told] = []
    for item in items:
        if item.story_id is None:
            kept.append(item)
            continue
        ids = tuple(r.article_id for r in item.reports)
        known = told.get(item.story_id)
        coverage = coverage_of(item.story_id, reports.get(item.story_id, []))
        sent.append(Told(item.story_id, item.article_id, ids))
        if known is None:
            kept.append(dataclasses.replace(item, coverage=coverage))
            continue
        update = await _update(session, item, known, reports.get(item.story_id, []), earlier, sentences)
        if update is not None:
            kept.append(dataclasses.replace(item, update=update, coverage=coverage))
    await queries.record_told(session, chat_id, sent, told)
    return Digest(tuple(kept[:top]), tuple(kept[top:]))


async def _update(
    session: AsyncSession,
    item: DigestItem,
    known: ToldStory,
    reports: Sequence[StoryReport],
    earlier: EarlierReports,
    sentences: int,
) -> StoryUpdate | None:
    """What the item's reports the chat has not had add to the story; None when they add nothing."""
    new = [r for r in item.reports if r.article_id not in known.articles]
    if not new:
        return None
    told = known.articles[-MAX_EARLIER:]
    briefings = await earlier.load(session, [known.first_article_id, *told])
    news = story_news([r.briefing for r in new], earlier.said_before(told), sentences=sentences)
    names = {r.article_id: r.source for r in reports if r.source}
    seen = {_fold(name) for aid in told if (name := names.get(aid) or _site(briefings.get(aid))) is not None}
    sources: dict[str, tuple[str, str | None]] = {}
    for report in new:
        name = names.get(report.article_id) or report.briefing.source or report.feed_title
        if name and _fold(name) not in seen:
            sources.setdefault(_fold(name), (name, report.briefing.url))
    if news.empty and not sources:
        return None
    first = briefings.get(known.first_article_id)
    return StoryUpdate(
        title=first.title if first else item.briefing.title,
        url=first.url if first else item.briefing.url,
        sentences=news.sentences,
        events=news.events,
        sources=tuple(sources.values()),
    )


def coverage_of(story_id: int, reports: Sequence[StoryReport]) -> Coverage | None:
    """How many distinct sources of the chat reported the story, and the earliest report (reports come
    earliest first)."""
    if not reports:
        return None
    names = {_fold(r.source) for r in reports if r.source}
    first = reports[0]
    return Coverage(story_id, max(len(names), 1), first.source, first.at)


def _fold(name: str) -> str:
    return " ".join(name.split()).casefold()


def _site(briefing: Briefing | None) -> str | None:
    return briefing.source if briefing else None


def story_notes(items: Sequence[DigestItem]) -> dict[str, Any]:
    """The updates and coverage of items kept behind "+M more", as JSON for the digest run's overflow
    list: by the time the button is tapped they are told, so they could not be worked out again."""
    notes: dict[str, Any] = {}
    for item in items:
        note: dict[str, Any] = {}
        if (update := item.update) is not None:
            note["update"] = {
                "title": update.title,
                "url": update.url,
                "sentences": list(update.sentences),
                "events": [e.to_dict() for e in update.events],
                "sources": [list(source) for source in update.sources],
            }
        if (coverage := item.coverage) is not None:
            first_at = coverage.first_at.isoformat() if coverage.first_at else None
            note["coverage"] = [coverage.story_id, coverage.sources, coverage.first_source, first_at]
        if note:
            notes[str(item.article_id)] = note
    return notes


def with_story_notes(items: Sequence[DigestItem], notes: Mapping[str, Any]) -> list[DigestItem]:
    """The overflow items with the updates and coverage story_notes kept (malformed notes are left out)."""
    out = []
    for item in items:
        note = notes.get(str(item.article_id))
        try:
            update, coverage = _update_of(note), _coverage_of(note)
        except (KeyError, TypeError, ValueError):
            update, coverage = None, None
        out.append(dataclasses.replace(item, update=update, coverage=coverage))
    return out


def _update_of(note: Any) -> StoryUpdate | None:
    if not note or not note.get("update"):
        return None
    data = note["update"]
    events = tuple(
        TimelineEntry(e["date"], e["end"], e["granularity"], e["text"], (), event_label=e["label"] or "")
        for e in data["events"]
    )
    sources = tuple((str(name), url) for name, url in data["sources"])
    return StoryUpdate(data["title"], data["url"], tuple(data["sentences"]), events, sources)


def _coverage_of(note: Any) -> Coverage | None:
    if not note or not note.get("coverage"):
        return None
    story_id, sources, first_source, first_at = note["coverage"]
    return Coverage(
        int(story_id), int(sources), first_source, dt.datetime.fromisoformat(first_at) if first_at else None
    )
