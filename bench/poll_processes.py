"""`briefbot poll` workers sharing feeds on PostgreSQL: throughput with 1 and 2 processes, exactly-once
fetches counted at the servers, and the takeover of a SIGKILLed worker's feeds.

Run through bench/poll.py (`.venv/bin/python bench/poll.py processes`). Set-up:
- two loopback web servers (127.0.0.1 and 127.0.0.2, so the per-host limit applies per server) in a
  process of their own, serving /bench/N.rss: odd N answer 304 once their validators are known, even N
  send no validators and answer 200 with entries already seen (nothing new is stored, no page fetched);
- a fresh PostgreSQL database with `--feeds` feeds; the workers are real `python -m bot poll` processes.

A cycle makes every feed due at once (one UPDATE) and waits until every feed was polled again; feeds per
second is counted over the polling window (first to last poll start, from the database). The workers
are started before the feeds fall due, so their start-up is not counted.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import multiprocessing
import os
import resource
import signal
import sys
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.engine import make_url

from bot.store import Database, open_database, upgrade_database
from bot.store.tables import Feed, SeenEntry
from tests.servers.web import bench_feed, etag_of

ROOT = Path(__file__).resolve().parents[1]
HOSTS = ("127.0.0.1", "127.0.0.2")
PER_HOST = 8
DUE_CHECK_WAIT = 11.0  # one idle due check of every worker (DUE_CHECK_SECONDS) and a margin


def _serve(hosts: tuple[str, ...], conn: Connection) -> None:
    """The web servers' process: answers `hits` (fetches per /bench/ path) and `stop` over the pipe."""
    sys.path.insert(0, str(ROOT))
    from tests.servers.web import FixtureWebServer

    servers = [FixtureWebServer(host).start() for host in hosts]
    conn.send([s.base_url for s in servers])
    while True:
        command = conn.recv()
        if command == "hits":
            total: Counter[str] = Counter()
            for server in servers:
                with server.site._lock:
                    total.update({p: n for p, n in server.site.hits.items() if p.startswith("/bench/")})
            conn.send(dict(total))
        elif command == "reset":
            for server in servers:
                server.site.reset()
            conn.send(True)
        else:
            for server in servers:
                server.stop()
            conn.send(True)
            return


class Servers:
    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(HOSTS, child), daemon=True)
        self._process.start()
        self.base_urls: list[str] = self._conn.recv()

    def ask(self, command: str) -> object:
        self._conn.send(command)
        return self._conn.recv()

    def hits(self) -> Counter[str]:
        return Counter(self.ask("hits"))  # type: ignore[arg-type]

    def stop(self) -> None:
        self.ask("stop")
        self._process.join(10)


async def _fresh_database(url: str) -> Database:
    name = make_url(url).database
    admin = open_database(
        make_url(url).set(database="postgres").render_as_string(False), isolation_level="AUTOCOMMIT"
    )
    async with admin.engine.connect() as connection:
        await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    await admin.close()
    database = open_database(url)
    await upgrade_database(database)
    return database


async def _seed(database: Database, base_urls: list[str], feeds: int) -> None:
    """The state one earlier poll of every feed leaves: odd feeds' ETags (so they answer 304), every
    entry seen, nothing due until a cycle makes it so. Written directly: a warm-up cycle of 10,000 feeds
    would take minutes on the shared machine."""
    past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    later = past + dt.timedelta(days=1)
    rows, seen = [], []
    for n in range(feeds):
        base = base_urls[n % len(base_urls)]
        etag = etag_of(bench_feed(base, n)) if n % 2 == 1 else None
        rows.append(
            {
                "id": n + 1,
                "url": f"{base}/bench/{n}.rss",
                "title": f"Bench {n}",
                "etag": etag,
                "ttl_seconds": 1800,  # the feeds' <ttl>30</ttl>
                "consecutive_failures": 0,
                "last_polled_at": past,
                "next_poll_at": later,
            }
        )
        seen += [
            {"feed_id": n + 1, "entry_key": hashlib.sha256(f"bench-{n}-{i}".encode()).hexdigest()}
            for i in range(3)
        ]
    async with database.session() as session:
        for start in range(0, feeds, 2000):
            await session.execute(insert(Feed), rows[start : start + 2000])
        for start in range(0, len(seen), 5000):
            await session.execute(insert(SeenEntry), seen[start : start + 5000])
    async with database.engine.connect() as connection:  # ids were given: move the sequence past them
        await connection.execute(text("SELECT setval('feeds_id_seq', (SELECT max(id) FROM feeds))"))
        await connection.commit()


async def _now(database: Database) -> object:
    async with database.engine.connect() as connection:
        return await connection.scalar(text("SELECT clock_timestamp()"))


async def _make_all_due(database: Database) -> object:
    async with database.session() as session:
        await session.execute(update(Feed).values(next_poll_at=func.clock_timestamp()))
    return await _now(database)


async def _polled_since(database: Database, since: object) -> tuple[int, object, object]:
    async with database.session() as session:
        count, first, last = (
            await session.execute(
                select(func.count(), func.min(Feed.last_polled_at), func.max(Feed.last_polled_at)).where(
                    Feed.last_polled_at >= since
                )
            )
        ).one()
    return int(count), first, last


async def _wait_all_polled(
    database: Database, since: object, feeds: int, timeout: float = 1800
) -> tuple[object, object]:
    deadline = time.monotonic() + timeout
    while True:
        count, first, last = await _polled_since(database, since)
        if count >= feeds:
            return first, last
        if time.monotonic() > deadline:
            raise TimeoutError(f"only {count} of {feeds} feeds polled")
        await asyncio.sleep(0.5)


def _environment(database_url: str, lease_seconds: int) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "FETCH_ALLOW_PRIVATE": "true",
        "FEED_BACKFILL": "0",
        "POLL_MAX_PER_HOST": str(PER_HOST),
        "POLL_LEASE_SECONDS": str(lease_seconds),
        "LOG_LEVEL": "WARNING",
    }


async def _start_worker(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "poll", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


async def _start_workers(n: int, env: dict[str, str]) -> list[asyncio.subprocess.Process]:
    return list(await asyncio.gather(*(_start_worker(env) for _ in range(n))))


async def _stop_workers(workers: list[asyncio.subprocess.Process]) -> None:
    for worker in workers:
        if worker.returncode is None:
            worker.send_signal(signal.SIGTERM)
    await asyncio.gather(*(w.wait() for w in workers))


def _children_cpu() -> float:
    """CPU seconds (user + system) of the exited worker processes (and their engine workers)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _fetch_counts(hits: Counter[str], feeds: int) -> Counter[int]:
    """How many feeds were fetched 0, 1, 2... times."""
    return Counter(hits.get(f"/bench/{n}.rss", 0) for n in range(feeds))


async def _cycle(
    database: Database, servers: Servers, feeds: int, workers: int, env: dict[str, str]
) -> float:
    cpu_before = _children_cpu()
    started = await _start_workers(workers, env)
    await asyncio.sleep(8)  # imports and migrations check: the workers are idle before the feeds fall due
    servers.ask("reset")
    due = await _make_all_due(database)
    first, last = await _wait_all_polled(database, due, feeds)
    await asyncio.sleep(DUE_CHECK_WAIT)  # every worker looks again: nothing is due, nothing is fetched
    await _stop_workers(started)
    worker_cpu = _children_cpu() - cpu_before
    window = (last - first).total_seconds()  # type: ignore[operator]
    counts = _fetch_counts(servers.hits(), feeds)
    rate = feeds / window
    print(
        f"  {workers} worker(s): {feeds} feeds polled in {window:6.1f} s = {rate:6.0f} feeds/s; "
        f"fetches per feed at the servers: {dict(sorted(counts.items()))}; "
        f"worker CPU {worker_cpu:5.1f} s in all (start-up included) = {1000 * worker_cpu / feeds:4.1f} ms a feed"
    )
    return rate


async def _spread(database: Database) -> None:
    """How evenly the feeds' next polls fall over the minutes ahead."""
    async with database.session() as session:
        minutes = Counter(int(t.timestamp() // 60) for t in await session.scalars(select(Feed.next_poll_at)))
    counts = sorted(minutes.values())
    mean = sum(counts) / len(counts)
    print(
        f"  next polls spread over {len(counts)} minutes: {counts[0]}..{counts[-1]} feeds a minute "
        f"(mean {mean:.0f}; busiest minute {counts[-1] / mean:.2f}x the mean; the feeds' <ttl> is 30 min)"
    )


async def _takeover(
    database: Database, servers: Servers, feeds: int, env: dict[str, str], lease: int
) -> None:
    """Two workers; one is SIGKILLed a third of the way through; how long until its feeds are polled."""
    workers = await _start_workers(2, env)
    await asyncio.sleep(8)
    servers.ask("reset")
    due = await _make_all_due(database)
    while (await _polled_since(database, due))[0] < feeds // 3:
        await asyncio.sleep(0.2)
    workers[0].send_signal(signal.SIGKILL)
    await workers[0].wait()
    killed_at = await _now(database)
    async with database.session() as session:
        orphans = list(
            await session.scalars(
                select(Feed.id).where(Feed.poll_claimed_by.is_not(None), Feed.poll_claimed_until > killed_at)
            )
        )
    _, last = await _wait_all_polled(database, due, feeds)
    async with database.session() as session:
        taken = await session.scalar(select(func.max(Feed.last_polled_at)).where(Feed.id.in_(orphans)))
    await asyncio.sleep(DUE_CHECK_WAIT)
    await _stop_workers(workers[1:])
    counts = _fetch_counts(servers.hits(), feeds)
    print(
        f"  SIGKILL with {len(orphans)} feeds leased (lease {lease} s): all polled by the other worker "
        f"{(taken - killed_at).total_seconds():.1f} s after the kill; the cycle ended "  # type: ignore[operator]
        f"{(last - killed_at).total_seconds():.1f} s after it; fetches per feed: {dict(sorted(counts.items()))} "  # type: ignore[operator]
        f"(a feed fetched twice was in flight in the killed worker)"
    )


async def run_processes(*, feeds: int, database_url: str, lease_seconds: int) -> None:
    servers = Servers()
    database = await _fresh_database(database_url)
    env = _environment(database_url, lease_seconds)
    try:
        await _seed(database, servers.base_urls, feeds)
        print(
            f"{feeds} feeds on {len(HOSTS)} loopback servers, PostgreSQL; per-host limit {PER_HOST}, "
            f"16 feeds at once per worker; {os.cpu_count()} CPUs shared by servers, workers and PostgreSQL"
        )
        print("cycles (half the feeds answer 304, half 200 with nothing new):")
        one = await _cycle(database, servers, feeds, 1, env)
        two = await _cycle(database, servers, feeds, 2, env)
        print(f"  scaling 2 workers / 1 worker: {two / one:.2f}x")
        await _spread(database)
        print("crash:")
        await _takeover(database, servers, feeds, env, lease_seconds)
    finally:
        await database.close()
        servers.stop()
