"""Follow alerts: a new article in a chat's feeds about an entity the chat follows.

Matching reads each new briefing once (a shared cursor, locked while it moves), records the keys of its
salient entities (summarizers.follows) and finds the follows they name with one indexed join, never a
scan per follow. Each (chat, story) gets one alert: a later report of the story joins it as "also
reported by". An alert is queued at once for chats that get news at once (instant cadence, or no digests
at all); the others get it with their next digest (bot.delivery.planner).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery import schedule as schedules
from bot.delivery.layout import DeliveryLayout
from bot.store import chats as chat_queries
from bot.store import delivery as delivery_queries
from bot.store import follow_queries as queries
from bot.store import story_queries
from bot.store import topics as topic_queries
from bot.store.engine import Database
from bot.store.follow_queries import AlertRecord, FollowMatch, ReportLink
from bot.store.outbox import EDIT, OutgoingMessage, edit_key, enqueue, replace_pending
from summarizers import Briefing
from summarizers.follows import salient_keys

log = logging.getLogger(__name__)
BATCH = 500  # briefings matched in one transaction
AT_ONCE = frozenset({schedules.INSTANT, schedules.OFF})  # cadences whose chats are alerted without waiting


@dataclass(frozen=True, slots=True)
class AlertView:
    """What an alert message shows: the followed name, the report, and the story's later reports."""

    alert_id: int
    follow_id: int | None
    name: str
    title: str | None
    url: str | None
    source: str | None
    sentence: str | None
    also: tuple[ReportLink, ...] = ()


@dataclass(frozen=True, slots=True)
class MatchReport:
    briefings: int = 0
    alerts: int = 0
    reports: int = 0
    chats: frozenset[int] = frozenset()  # chats with a new alert
    updated: frozenset[int] = frozenset()  # alerts a later report joined


async def match_new(database: Database, cutoff: dt.datetime, *, batch: int = BATCH) -> MatchReport:
    """Match the briefings stored since the last run (up to `cutoff`) against every follow."""
    total = MatchReport()
    while True:
        async with database.session() as session:
            report = await _match_batch(session, cutoff, batch)
        total = MatchReport(
            total.briefings + report.briefings,
            total.alerts + report.alerts,
            total.reports + report.reports,
            total.chats | report.chats,
            total.updated | report.updated,
        )
        if report.briefings < batch:
            return total


async def _match_batch(session: AsyncSession, cutoff: dt.datetime, batch: int) -> MatchReport:
    cursor = await queries.locked_cursor(session)
    if not await queries.any_follows(session):  # nothing to match: the cursor skips to the newest briefing
        cursor.last_briefing_id = max(
            cursor.last_briefing_id, await queries.newest_briefing_id(session, cutoff)
        )
        return MatchReport()
    rows = await queries.briefings_after(session, cursor.last_briefing_id, cutoff, batch)
    if not rows:
        return MatchReport()
    cursor.last_briefing_id = rows[-1][0]
    keys = {aid: salient_keys(Briefing.from_dict(data)) for _, aid, data in rows}
    await queries.store_article_keys(session, {aid: k for aid, k in keys.items() if k})
    found = await queries.matches(session, [aid for aid, k in keys.items() if k])
    alerts, reports, chats, updated = await record_alerts(session, found)
    return MatchReport(len(rows), alerts, reports, frozenset(chats), frozenset(updated))


async def record_alerts(
    session: AsyncSession, found: list[FollowMatch]
) -> tuple[int, int, set[int], set[int]]:
    """One alert per (chat, story); the story's later reports join it. Returns (alerts, reports, chats with
    a new alert, alerts a later report joined).
    Written in bulk: a day's matches cost a few statements per batch, not a few per match."""
    if not found:
        return 0, 0, set(), set()
    story_of = await story_queries.stories_of(session, [m.article_id for m in found])
    first: dict[tuple[int, int], FollowMatch] = {}
    for match in found:  # oldest article first: it stands for the story
        first.setdefault((match.chat_id, story_of.get(match.article_id, match.article_id)), match)
    known = await queries.alerts_of_stories(session, first)
    new = {pair: match for pair, match in first.items() if pair not in known}
    await queries.add_alerts(session, new)
    alerts = await queries.alerts_of_stories(session, first)
    made = {pair for pair in new if pair in alerts and alerts[pair].article_id == new[pair].article_id}
    later = {
        (alerts[pair].id, match.article_id)
        for match in found
        if (pair := (match.chat_id, story_of.get(match.article_id, match.article_id))) in alerts
        and alerts[pair].article_id != match.article_id
    }
    reports = await queries.add_reports(session, sorted(later))
    return len(made), reports, {chat for chat, _ in made}, {alert_id for alert_id, _ in later}


async def chats_alerted_at_once(session: AsyncSession, chat_ids: frozenset[int]) -> list[int]:
    """Of these chats, those whose cadence sends news at once (or never as a digest)."""
    found = []
    for chat_id in sorted(chat_ids):
        record = await chat_queries.get_chat(session, chat_id)
        if record is not None and (record.cadence or schedules.DAILY) in AT_ONCE:
            found.append(chat_id)
    return found


async def queue_pending(
    session: AsyncSession, chat_id: int, layout: DeliveryLayout, language: str | None, now: dt.datetime
) -> int:
    """Queue the chat's alerts not queued yet, one message each (in a forum, in the digest's topic);
    returns how many."""
    pending = await queries.pending_alerts(session, chat_id)
    if not pending:
        return 0
    topic = (await topic_queries.topic_routes(session, chat_id)).digest
    views = await alert_views(session, pending)
    messages = []
    for view in views:
        laid_out = layout.follow_alert(view, language)
        messages.append(
            OutgoingMessage(
                key=alert_key(chat_id, view.alert_id),
                text=laid_out.text,
                kind="alert",
                reply_markup=laid_out.reply_markup,
                message_thread_id=topic,
            )
        )
    await enqueue(session, chat_id, messages, due_at=now)
    await queries.mark_queued(session, [a.id for a in pending], now)
    return len(messages)


async def queue_updates(
    session: AsyncSession, alert_ids: frozenset[int], layout: DeliveryLayout, now: dt.datetime
) -> int:
    """Alerts already queued that a later report joined: the queued message names it while unsent, the
    sent one is edited to name it (an outbox edit row); alerts still waiting for a digest need nothing.
    Returns the edits queued."""
    queued = [a for a in await queries.alerts_by_id(session, sorted(alert_ids)) if a.queued_at is not None]
    edits = 0
    for view, alert in zip(await alert_views(session, queued), queued, strict=True):
        language = await chat_queries.locale_of_chat(session, alert.chat_id)
        laid_out = layout.follow_alert(view, language)
        key = alert_key(alert.chat_id, alert.id)
        if await replace_pending(session, key, laid_out.text, laid_out.reply_markup):
            continue
        edit = OutgoingMessage(
            key=edit_key(len(view.also), key),
            text=laid_out.text,
            kind=EDIT,
            reply_markup=laid_out.reply_markup,
        )
        edits += await enqueue(session, alert.chat_id, [edit], due_at=now)
    return edits


def alert_key(chat_id: int, alert_id: int) -> str:
    return f"alert:{chat_id}:{alert_id}"


async def alert_views(session: AsyncSession, alerts: list[AlertRecord]) -> list[AlertView]:
    stored = {
        row.article_id: row
        for row in await delivery_queries.briefings_of_articles(session, [a.article_id for a in alerts])
    }
    later = await queries.report_links(session, [a.id for a in alerts])
    views = []
    for alert in alerts:
        row = stored.get(alert.article_id)
        if row is None:
            continue
        briefing = Briefing.from_dict(row.data)
        views.append(
            AlertView(
                alert.id,
                alert.follow_id,
                alert.name,
                briefing.title,
                briefing.url,
                briefing.source or row.feed_title,
                briefing.summary[0].text if briefing.summary else None,
                tuple(later.get(alert.id, ())),
            )
        )
    return views
