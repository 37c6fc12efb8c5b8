"""Feed poll leases: N poller processes divide the due feeds, and a crashed poller's feeds come back.

A poller claims a batch of due feeds by writing its id and a lease end on each row:

PostgreSQL selects them `FOR UPDATE SKIP LOCKED` and SQLite claims in one statement (store.engine.claim_rows),
so pollers claiming at the same moment take disjoint feeds without waiting for each other.

The poll's result (next due time, validators) is written together with the release of the lease, so a
feed is due again only after its poll was recorded: it is never fetched twice in one interval. A poller
renews its leases while it works; one killed with SIGKILL renews nothing, and its feeds are claimable
once the lease has run out.

Time is the database's clock (`store.engine.database_now`), never a poller's own: pollers on machines whose clocks
disagree or jump still agree on who holds what. If the database's clock itself jumps back, a lease ending
further ahead than a lease can reach, or a feed last polled "in the future", is taken as expired / due,
so nothing waits for the clock to catch up.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from bot.store.engine import Database, claim_rows
from bot.store.queries import FeedRecord
from bot.store.queries import _feed_record as feed_record
from bot.store.tables import Feed

# A lease ending, or a last poll, further ahead than this means the clock went back (pollers read the
# clock a moment before they claim, so a claim made just after another's may see it slightly ahead).
CLOCK_TOLERANCE = dt.timedelta(seconds=60)


def _claimable(now: dt.datetime, lease: dt.timedelta) -> ColumnElement[bool]:
    """Active, unclaimed (or its lease ran out, or ends beyond any lease: a clock that went back)."""
    return (Feed.deactivated_at.is_(None)) & or_(
        Feed.poll_claimed_until.is_(None),
        Feed.poll_claimed_until < now,
        Feed.poll_claimed_until > now + lease + CLOCK_TOLERANCE,  # claimers read the clock a little apart
    )


def _due(now: dt.datetime) -> ColumnElement[bool]:
    """Never polled, due, or last polled after `now` (the clock went back: poll it rather than wait)."""
    return or_(
        Feed.next_poll_at.is_(None),
        Feed.next_poll_at <= now,
        Feed.last_polled_at > now + CLOCK_TOLERANCE,
    )


async def claim_due_feeds(
    database: Database, poller_id: str, *, now: dt.datetime, limit: int, lease: dt.timedelta
) -> list[FeedRecord]:
    """Claim up to `limit` due feeds for `poller_id` until `now + lease`, the longest overdue first."""
    candidates = (
        select(Feed.id)
        .where(_claimable(now, lease), _due(now))
        .order_by(Feed.next_poll_at.nulls_first(), Feed.id)
        .limit(limit)
    )
    claim = (
        update(Feed)
        .where(_claimable(now, lease))
        .values(poll_claimed_by=poller_id, poll_claimed_until=now + lease)
        .returning(*Feed.__table__.columns)
    )
    async with database.session() as session:
        rows = await claim_rows(session, candidates, claim, Feed.id, lock=Feed)
    claimed = [feed_record(Feed(**row._mapping)) for row in rows]
    return sorted(claimed, key=lambda f: (f.next_poll_at is not None, f.next_poll_at or now, f.id))


async def renew_poll_leases(
    database: Database, poller_id: str, *, now: dt.datetime, lease: dt.timedelta
) -> int:
    """Extend every lease `poller_id` still holds (a long poll keeps its feeds); returns how many."""
    async with database.session() as session:
        result = await session.execute(
            update(Feed)
            .where(Feed.poll_claimed_by == poller_id, Feed.poll_claimed_until.is_not(None))
            .values(poll_claimed_until=now + lease)
        )
    return int(result.rowcount or 0)


async def release_poll_lease(
    session: AsyncSession, feed_id: int, poller_id: str, *, next_poll_at: dt.datetime | None = None
) -> None:
    """Give a feed back, in the transaction that records its poll; a lease taken over is left alone."""
    values: dict[str, object] = {"poll_claimed_by": None, "poll_claimed_until": None}
    if next_poll_at is not None:
        values["next_poll_at"] = next_poll_at
    await session.execute(
        update(Feed).where(Feed.id == feed_id, Feed.poll_claimed_by == poller_id).values(**values)
    )


async def make_every_feed_due(database: Database, *, now: dt.datetime) -> int:
    """`poll --once`: every active feed is due now (a lease another poller holds is still respected)."""
    async with database.session() as session:
        result = await session.execute(
            update(Feed)
            .where(Feed.deactivated_at.is_(None), or_(Feed.next_poll_at.is_(None), Feed.next_poll_at > now))
            .values(next_poll_at=now)
        )
    return int(result.rowcount or 0)
