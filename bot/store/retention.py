"""Retention: what is old enough to delete, counted or deleted a batch at a time.

Every kind is deleted in short transactions of at most `batch` rows, by statements that name the rows by
id, so running them twice, or in two processes at once, deletes each row once and never waits long:

- `articles`: articles fetched before the article cutoff that nothing needs (`ARTICLE_NEEDS`). Their
  briefing, story row and chat_articles rows go with them (ON DELETE CASCADE); their seen entries stay,
  unlinked (SET NULL), so the feed does not offer them again.
- `article_texts`: the full text of articles fetched before the text cutoff; the briefing stays.
- `outbox`: finished rows (sent, failed, unknown, dropped) created before the outbox cutoff; rows still
  queued or in flight are never touched.
- `seen_entries`: entries seen before the cutoff *and* before the feed's `seen_floor`, the first sighting
  of the oldest entry still in the feed's latest document (set by each poll): an entry the feed still
  shows is never forgotten, so it cannot come back as new.
- `digest_runs`: the digest-run log (and the "+M more" lists of those digests).
- `told_stories`: what each chat was told of a story (chat_stories), once the story has had no report
  for the digest-run cutoff: no new report can join it by then (stories join for 14 days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    delete,
    exists,
    func,
    not_,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.store.delivery_tables import DigestRun, OutboxRow
from bot.store.engine import Database
from bot.store.outbox import OPEN_STATUSES
from bot.store.story_tables import ArticleStory, ChatStory
from bot.store.tables import ARTICLE_TEXT_KEPT, Article, BriefingRow, Feed, SeenEntry

KINDS = ("articles", "article_texts", "outbox", "seen_entries", "digest_runs", "told_stories")
BATCH_ROWS = 1000


@dataclass(frozen=True, slots=True)
class Cutoffs:
    """The moment before which each kind is old enough to go; None keeps that kind forever."""

    now: dt.datetime
    article_text: dt.datetime | None
    article: dt.datetime | None
    outbox: dt.datetime | None
    seen_entry: dt.datetime | None
    digest_run: dt.datetime | None

    @classmethod
    def of(
        cls,
        now: dt.datetime,
        *,
        article_text_days: int,
        article_days: int,
        outbox_days: int,
        seen_entry_days: int,
        digest_run_days: int,
    ) -> Cutoffs:
        def before(days: int) -> dt.datetime | None:
            return now - dt.timedelta(days=days) if days > 0 else None

        return cls(
            now,
            before(article_text_days),
            before(article_days),
            before(outbox_days),
            before(seen_entry_days),
            before(digest_run_days),
        )


# -- why an old article is kept ------------------------------------------------------------------------
ArticleNeed = Callable[[Cutoffs], ColumnElement[bool]]  # true for the articles it still needs


def story_still_reported(cutoffs: Cutoffs) -> ColumnElement[bool]:
    """Its story has a report stored after the article cutoff: the story is still news, and its older
    reports are its "also reported by" links and its timeline."""
    mine, other = aliased(ArticleStory), aliased(ArticleStory)
    return exists().where(
        mine.article_id == Article.id,
        other.story_id == mine.story_id,
        other.assigned_at >= cutoffs.article,
    )


def events_to_come(cutoffs: Cutoffs) -> ColumnElement[bool]:
    """Its briefing dates an event that has not passed yet (today or later, at the event's granularity)."""
    return exists().where(
        BriefingRow.article_id == Article.id, BriefingRow.events_until >= cutoffs.now.date()
    )


def newest_ids(cutoffs: Cutoffs) -> ColumnElement[bool]:
    """It holds the highest article or briefing id. SQLite hands out the highest freed id again, and the
    delivery cursors (`delivery_state.last_briefing_id`) would take a reused id for one already planned."""
    newest_briefing = select(BriefingRow.article_id).order_by(BriefingRow.id.desc()).limit(1)
    return or_(  # coalesced: with no briefing at all, a NULL here would keep every article
        Article.id == select(func.max(Article.id)).scalar_subquery(),
        Article.id == func.coalesce(newest_briefing.scalar_subquery(), 0),
    )


# The follows of issue 19 add their own reason here (an article a chat's follow alert still points to).
ARTICLE_NEEDS: tuple[ArticleNeed, ...] = (story_still_reported, events_to_come, newest_ids)


def _deletable_article(cutoffs: Cutoffs, needs: Sequence[ArticleNeed]) -> ColumnElement[bool]:
    assert cutoffs.article is not None
    return and_(Article.fetched_at < cutoffs.article, not_(or_(*(need(cutoffs) for need in needs))))


# -- the kinds -------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PruneReport:
    """Rows per kind: deleted, or that would be deleted (dry run)."""

    counts: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())


async def count_expired(
    database: Database, cutoffs: Cutoffs, *, needs: Sequence[ArticleNeed] = ARTICLE_NEEDS
) -> PruneReport:
    """What `prune` would delete now, per kind, deleting nothing."""
    counts = dict.fromkeys(KINDS, 0)
    async with database.session() as session:
        if cutoffs.article is not None:
            counts["articles"] = await _count(
                session, select(Article.id).where(_deletable_article(cutoffs, needs))
            )
        if cutoffs.article_text is not None:
            counts["article_texts"] = await _count(session, _expired_texts(cutoffs, needs, limit=None))
        if cutoffs.outbox is not None:
            counts["outbox"] = await _count(session, _finished_outbox(cutoffs.outbox, limit=None))
        if cutoffs.seen_entry is not None:
            counts["seen_entries"] = await _count(
                session,
                select(SeenEntry.id)
                .join(Feed, Feed.id == SeenEntry.feed_id)
                .where(SeenEntry.seen_at < cutoffs.seen_entry, SeenEntry.seen_at < Feed.seen_floor),
            )
        if cutoffs.digest_run is not None:
            counts["digest_runs"] = await _count(session, _old_digest_runs(cutoffs.digest_run, limit=None))
            counts["told_stories"] = await _count(
                session, select(ChatStory.chat_id).where(ChatStory.updated_at < cutoffs.digest_run)
            )
    return PruneReport(counts, dry_run=True)


async def prune_expired(
    database: Database,
    cutoffs: Cutoffs,
    *,
    batch: int = BATCH_ROWS,
    needs: Sequence[ArticleNeed] = ARTICLE_NEEDS,
) -> PruneReport:
    """Delete every expired row, `batch` rows per transaction; returns the rows deleted per kind."""
    counts = dict.fromkeys(KINDS, 0)
    if cutoffs.article is not None:
        counts["articles"] = await _delete_articles(database, cutoffs, needs, batch)
    if cutoffs.article_text is not None:
        counts["article_texts"] = await _in_batches(
            database, batch, lambda s: _drop_texts(s, cutoffs, needs, batch)
        )
    if cutoffs.outbox is not None:
        outbox_cutoff = cutoffs.outbox
        counts["outbox"] = await _in_batches(
            database, batch, lambda s: _delete_ids(s, OutboxRow, _finished_outbox(outbox_cutoff, limit=batch))
        )
    if cutoffs.seen_entry is not None:
        counts["seen_entries"] = await _forget_seen_entries(database, cutoffs.seen_entry, batch)
    if cutoffs.digest_run is not None:
        run_cutoff = cutoffs.digest_run
        counts["digest_runs"] = await _in_batches(
            database, batch, lambda s: _delete_ids(s, DigestRun, _old_digest_runs(run_cutoff, limit=batch))
        )
        counts["told_stories"] = await _in_batches(
            database, batch, lambda s: _forget_told(s, run_cutoff, batch)
        )
    return PruneReport(counts)


async def _count(session: AsyncSession, query: Select[tuple[int]]) -> int:
    return int(await session.scalar(select(func.count()).select_from(query.subquery())) or 0)


async def _in_batches(
    database: Database, batch: int, step: Callable[[AsyncSession], Awaitable[tuple[int, int]]]
) -> int:
    """Run `step` (one batch: returns the rows it chose and those it changed) in a transaction of its own
    until a batch comes up short; returns the rows changed."""
    total = 0
    while True:
        async with database.session() as session:
            chosen, changed = await step(session)
        total += changed
        if chosen < batch:
            return total


async def _delete_ids(session: AsyncSession, table: type, ids: Select[tuple[int]]) -> tuple[int, int]:
    """Delete the rows `ids` selects; returns the batch's size (which decides whether another batch
    follows) and the rows this statement itself deleted (another process may have deleted some first)."""
    chosen = list(await session.scalars(ids))
    if not chosen:
        return 0, 0
    result = await session.execute(delete(table).where(table.id.in_(chosen)))  # type: ignore[attr-defined]
    return len(chosen), int(result.rowcount or 0)


def _expired_texts(
    cutoffs: Cutoffs, needs: Sequence[ArticleNeed], *, limit: int | None
) -> Select[tuple[int]]:
    """Kept texts fetched before the text cutoff (of articles this pass keeps), oldest first, through the
    partial index ix_articles_text_kept."""
    assert cutoffs.article_text is not None
    query = select(Article.id).where(ARTICLE_TEXT_KEPT, Article.fetched_at < cutoffs.article_text)
    if cutoffs.article is not None:
        query = query.where(not_(_deletable_article(cutoffs, needs)))
    return query.order_by(Article.fetched_at).limit(limit)


async def _drop_texts(
    session: AsyncSession, cutoffs: Cutoffs, needs: Sequence[ArticleNeed], batch: int
) -> tuple[int, int]:
    chosen = list(await session.scalars(_expired_texts(cutoffs, needs, limit=batch)))
    if not chosen:
        return 0, 0
    result = await session.execute(
        update(Article).where(Article.id.in_(chosen), ARTICLE_TEXT_KEPT).values(text="")
    )
    return len(chosen), int(result.rowcount or 0)


async def _delete_articles(
    database: Database, cutoffs: Cutoffs, needs: Sequence[ArticleNeed], batch: int
) -> int:
    """Old articles nothing needs, oldest first; a cursor on (fetched_at, id) walks past the kept ones, so
    each pass reads every old article once however many are kept."""
    assert cutoffs.article is not None
    total = 0
    cursor: tuple[dt.datetime, int] | None = None
    while True:
        async with database.session() as session:
            query = select(Article.id, Article.fetched_at).where(Article.fetched_at < cutoffs.article)
            if cursor is not None:
                query = query.where(
                    or_(
                        Article.fetched_at > cursor[0],
                        and_(Article.fetched_at == cursor[0], Article.id > cursor[1]),
                    )
                )
            rows = (await session.execute(query.order_by(Article.fetched_at, Article.id).limit(batch))).all()
            if not rows:
                return total
            cursor = (rows[-1].fetched_at, rows[-1].id)
            ids = [row.id for row in rows]
            doomed = list(
                await session.scalars(
                    select(Article.id).where(Article.id.in_(ids), _deletable_article(cutoffs, needs))
                )
            )
            if doomed:
                result = await session.execute(delete(Article).where(Article.id.in_(doomed)))
                total += int(result.rowcount or 0)
        if len(rows) < batch:
            return total


def _finished_outbox(cutoff: dt.datetime, *, limit: int | None) -> Select[tuple[int]]:
    return (
        select(OutboxRow.id)
        .where(OutboxRow.created_at < cutoff, OutboxRow.status.not_in(OPEN_STATUSES))
        .order_by(OutboxRow.created_at)
        .limit(limit)
    )


def _old_digest_runs(cutoff: dt.datetime, *, limit: int | None) -> Select[tuple[int]]:
    """Runs created before the cutoff, but never the newest: SQLite would hand its id out again, and an
    old digest's "+M more" button (which names the run) would open a newer digest's items."""
    newest = select(func.max(DigestRun.id)).scalar_subquery()
    return (
        select(DigestRun.id)
        .where(DigestRun.created_at < cutoff, DigestRun.id < newest)
        .order_by(DigestRun.id)
        .limit(limit)
    )


async def _forget_told(session: AsyncSession, cutoff: dt.datetime, batch: int) -> tuple[int, int]:
    """One batch of chat_stories rows not updated since the cutoff, oldest first (a composite key)."""
    keys = list(
        await session.execute(
            select(ChatStory.chat_id, ChatStory.story_id)
            .where(ChatStory.updated_at < cutoff)
            .order_by(ChatStory.updated_at)
            .limit(batch)
        )
    )
    if not keys:
        return 0, 0
    result = await session.execute(
        delete(ChatStory).where(
            ChatStory.updated_at < cutoff,
            tuple_(ChatStory.chat_id, ChatStory.story_id).in_([tuple(k) for k in keys]),
        )
    )
    return len(keys), int(result.rowcount or 0)  # type: ignore[attr-defined]


async def _forget_seen_entries(database: Database, cutoff: dt.datetime, batch: int) -> int:
    """Feed by feed (ix_seen_entries_feed_seen), the entries seen before both the cutoff and the feed's
    floor; a feed no poll has set a floor for yet keeps all of its entries."""
    async with database.session() as session:
        floors = (
            await session.execute(select(Feed.id, Feed.seen_floor).where(Feed.seen_floor.is_not(None)))
        ).all()
    total = 0
    for feed_id, floor in floors:
        bound = min(floor, cutoff)
        ids = (
            select(SeenEntry.id)
            .where(SeenEntry.feed_id == feed_id, SeenEntry.seen_at < bound)
            .order_by(SeenEntry.seen_at)
            .limit(batch)
        )
        total += await _in_batches(database, batch, lambda s, ids=ids: _delete_ids(s, SeenEntry, ids))
    return total


# -- the feed's floor, set by each poll ----------------------------------------------------------------------
async def note_feed_document(
    session: AsyncSession, feed_id: int, keys: Sequence[str], *, now: dt.datetime
) -> None:
    """A poll read the feed's document with these entry keys: its floor becomes the first sighting of the
    oldest of them (now, when none was seen before). An empty document leaves the floor alone, so a feed
    that is briefly empty does not let its entries be forgotten."""
    if not keys:
        return
    wanted = list(dict.fromkeys(keys))
    firsts: list[dt.datetime] = [now]
    for start in range(0, len(wanted), 500):
        first = await session.scalar(
            select(func.min(SeenEntry.seen_at)).where(
                SeenEntry.feed_id == feed_id, SeenEntry.entry_key.in_(wanted[start : start + 500])
            )
        )
        if first is not None:
            firsts.append(first)
    await session.execute(update(Feed).where(Feed.id == feed_id).values(seen_floor=min(firsts)))
