"""Feed poll leases: pollers divide the feeds, a dead poller's feeds come back, a clock jump loses nothing.

Both databases; the real-process tests run `briefbot poll` workers against the fixture web server and
count every feed request at the server.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import os
import re
import signal
import sys
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import BriefingPool
from bot.ingest.poller import DatabaseClock, Poller
from bot.settings import Settings
from bot.store import Database, polls, queries
from bot.store.engine import database_now
from bot.store.tables import Feed
from tests.servers.web import FixtureSite

LEASE = dt.timedelta(seconds=30)
BENCH_FEED_TTL = dt.timedelta(minutes=30)  # the /bench/ feeds' <ttl>30</ttl>
ROOT = Path(__file__).resolve().parents[2]


async def _add_bench_feeds(database: Database, base: str, count: int, *, delay: float | None = None) -> None:
    prefix = f"{base}/slow/bench" if delay is not None else f"{base}/bench"
    suffix = f"?delay={delay}" if delay is not None else ""
    async with database.session() as session:
        for n in range(count):
            await queries.add_feed(session, f"{prefix}/{n}.rss{suffix}")


def _feed_hits(site: FixtureSite, count: int) -> list[int]:
    return [site.hits[f"/bench/{n}.rss"] + site.hits[f"/slow/bench/{n}.rss"] for n in range(count)]


async def _feeds(database: Database) -> list[Feed]:
    async with database.session() as session:
        return list(await session.scalars(select(Feed).order_by(Feed.id)))


@pytest.fixture
def quick(settings: Settings) -> Settings:
    """No backfill (a first poll stores nothing, so no pages are fetched): the tests count feed requests."""
    return dataclasses.replace(settings, feed_backfill=0, poll_max_feeds_at_once=4, poll_max_per_host=4)


@pytest.fixture
async def poller(database: Database, quick: Settings) -> AsyncIterator[Poller]:
    pool = BriefingPool(ThreadPoolExecutor(max_workers=1))
    async with Fetcher(quick) as fetcher:
        yield Poller(database, fetcher, pool, quick)
    pool.shutdown()


async def test_pollers_claiming_at_the_same_moment_take_disjoint_feeds(
    database: Database, web_server: str
) -> None:
    await _add_bench_feeds(database, web_server, 30)
    now = await database_now(database)
    batches = await asyncio.gather(
        *(polls.claim_due_feeds(database, f"p{n}", now=now, limit=8, lease=LEASE) for n in range(5))
    )
    claimed = [feed.id for batch in batches for feed in batch]
    assert len(claimed) == len(set(claimed)) == 30
    assert all(len(batch) <= 8 for batch in batches)
    rows = await _feeds(database)
    assert all(row.poll_claimed_until == now + LEASE for row in rows)


async def test_a_lease_left_behind_returns_only_when_it_runs_out(database: Database, web_server: str) -> None:
    await _add_bench_feeds(database, web_server, 3)
    now = await database_now(database)
    assert len(await polls.claim_due_feeds(database, "dead", now=now, limit=10, lease=LEASE)) == 3
    during = now + LEASE - dt.timedelta(seconds=1)
    assert await polls.claim_due_feeds(database, "alive", now=during, limit=10, lease=LEASE) == []
    after = now + LEASE + dt.timedelta(seconds=1)
    taken = await polls.claim_due_feeds(database, "alive", now=after, limit=10, lease=LEASE)
    assert [f.id for f in taken] == [1, 2, 3]
    assert {row.poll_claimed_by for row in await _feeds(database)} == {"alive"}


async def test_a_renewed_lease_is_not_taken_and_a_released_feed_waits_for_its_slot(
    database: Database, web_server: str
) -> None:
    await _add_bench_feeds(database, web_server, 2)
    now = await database_now(database)
    await polls.claim_due_feeds(database, "a", now=now, limit=10, lease=LEASE)
    later = now + LEASE * 0.9
    assert await polls.renew_poll_leases(database, "a", now=later, lease=LEASE) == 2
    assert await polls.claim_due_feeds(database, "b", now=now + LEASE * 1.5, limit=10, lease=LEASE) == []
    async with database.session() as session:
        await polls.release_poll_lease(session, 1, "a", next_poll_at=now + dt.timedelta(minutes=15))
        await polls.release_poll_lease(session, 2, "someone else")  # not theirs: left alone
    rows = await _feeds(database)
    assert (rows[0].poll_claimed_by, rows[1].poll_claimed_by) == (None, "a")
    taken = await polls.claim_due_feeds(database, "b", now=now + LEASE * 3, limit=10, lease=LEASE)
    assert [f.id for f in taken] == [2]  # feed 1 waits for its next slot; feed 2's renewed lease ran out


async def test_a_lease_from_before_the_clock_went_back_an_hour_is_claimable(
    database: Database, web_server: str
) -> None:
    await _add_bench_feeds(database, web_server, 2)
    now = await database_now(database)
    await polls.claim_due_feeds(database, "dead", now=now, limit=10, lease=LEASE)
    back = now - dt.timedelta(hours=1)
    taken = await polls.claim_due_feeds(database, "alive", now=back, limit=10, lease=LEASE)
    assert len(taken) == 2


async def test_every_feed_is_polled_once_per_interval_after_the_clock_jumps_an_hour(
    poller: Poller, database: Database, quick: Settings, web_server: str, web_site: FixtureSite
) -> None:
    feeds = 12
    interval = dt.timedelta(minutes=quick.poll_interval_minutes)
    clock = DatabaseClock(database)
    poller.clock = clock
    await _add_bench_feeds(database, web_server, feeds)
    assert len((await poller.poll_once(due_only=True)).results) == feeds
    for jump in (dt.timedelta(hours=1), -dt.timedelta(hours=1)):
        clock.offset += jump
        polled = await poller.poll_once(due_only=True)  # all are due now: overdue, or polled "in the future"
        again = await poller.poll_once(due_only=True)
        assert (len(polled.results), len(again.results)) == (feeds, 0)
        clock.offset += BENCH_FEED_TTL + interval  # their <ttl>, then at most an interval to their slot
        assert len((await poller.poll_once(due_only=True)).results) == feeds
    assert _feed_hits(web_site, feeds) == [5] * feeds
    rows = await _feeds(database)
    assert all(row.poll_claimed_by is None and row.consecutive_failures == 0 for row in rows)


async def test_a_poll_once_from_another_poller_skips_feeds_being_polled(
    database: Database, quick: Settings, web_server: str, web_site: FixtureSite
) -> None:
    """`poll --once` makes every feed due, but a feed another poller holds is not fetched a second time."""
    await _add_bench_feeds(database, web_server, 6)
    now = await database_now(database)
    held = await polls.claim_due_feeds(database, "other", now=now, limit=2, lease=LEASE)
    pool = BriefingPool(ThreadPoolExecutor(max_workers=1))
    async with Fetcher(quick) as fetcher:
        report = await Poller(database, fetcher, pool, quick).poll_once()
    pool.shutdown()
    assert sorted(r.feed_id for r in report.results) == [3, 4, 5, 6]
    assert [h for h in (f.id for f in held)] == [1, 2]
    assert _feed_hits(web_site, 6) == [0, 0, 1, 1, 1, 1]


# Real `briefbot poll` processes.


def _environment(db_url: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": db_url,
        "FETCH_ALLOW_PRIVATE": "true",
        "FEED_BACKFILL": "0",
        "NLP_WORKERS": "1",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


async def _poll_worker(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "poll", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def _wait_for(condition: object, timeout: float = 90) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await condition():  # type: ignore[operator]
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.2)


async def _stop(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGTERM)
    _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 0, stderr.decode()[-2000:]
    return stderr.decode()


@pytest.mark.slow
async def test_two_poll_workers_started_at_the_same_second_fetch_every_feed_once(
    database: Database, db_url: str, web_server: str, web_site: FixtureSite
) -> None:
    feeds = 60
    await _add_bench_feeds(database, web_server, feeds, delay=0.2)
    env = _environment(db_url, POLL_MAX_FEEDS_AT_ONCE="4")
    workers = await asyncio.gather(_poll_worker(env), _poll_worker(env))

    async def all_polled() -> bool:
        return all(row.last_polled_at is not None for row in await _feeds(database))

    await _wait_for(all_polled)
    await asyncio.sleep(2 * 10.0 + 1)  # two more due checks by each worker: nothing is due again
    logs = [await _stop(worker) for worker in workers]
    assert _feed_hits(web_site, feeds) == [1] * feeds
    polled = [int(n) for log in logs for n in re.findall(r"polled (\d+) feeds", log)]
    assert sum(polled) == feeds  # what the workers report matches what the server counted
    rows = await _feeds(database)
    assert all(row.poll_claimed_by is None and row.next_poll_at > row.last_polled_at for row in rows)


@pytest.mark.slow
async def test_a_poll_worker_killed_holding_leases_loses_no_feed(
    database: Database, db_url: str, web_server: str, web_site: FixtureSite
) -> None:
    feeds, lease = 24, 4
    await _add_bench_feeds(database, web_server, feeds, delay=1.0)
    env = _environment(db_url, POLL_MAX_FEEDS_AT_ONCE="4", POLL_LEASE_SECONDS=str(lease))
    doomed = await _poll_worker(env)

    async def some_polled_some_held() -> bool:
        rows = await _feeds(database)
        return any(r.last_polled_at for r in rows) and any(r.poll_claimed_by for r in rows)

    await _wait_for(some_polled_some_held)
    doomed.send_signal(signal.SIGKILL)
    await doomed.wait()
    left = {r.id: r.poll_claimed_until for r in await _feeds(database) if r.poll_claimed_by}
    assert left, "the killed worker held no lease"
    polled_before = {r.id for r in await _feeds(database) if r.last_polled_at}

    survivor = await _poll_worker(env)

    async def all_polled() -> bool:
        return all(row.last_polled_at is not None for row in await _feeds(database))

    await _wait_for(all_polled)
    await _stop(survivor)
    rows = {r.id: r for r in await _feeds(database)}
    hits = dict(zip(range(1, feeds + 1), _feed_hits(web_site, feeds), strict=True))
    assert all(hits[i] == 1 for i in polled_before)  # recorded before the kill: never fetched again
    assert all(hits[i] <= 2 for i in left)  # in flight at the kill: fetched again, once
    assert all(rows[i].last_polled_at >= left[i] - dt.timedelta(seconds=1) for i in left)
    assert all(r.poll_claimed_by is None for r in rows.values())
