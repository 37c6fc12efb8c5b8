"""Poll benchmarks. Prints figures, asserts nothing. Run from the repository root:

.venv/bin/python bench/poll.py processes [--feeds 10000] [--database-url postgresql://...]
    `briefbot poll` worker processes (1, then 2) on PostgreSQL against loopback servers in their own
    process: feeds per second, fetches per feed counted at the servers, and the time a SIGKILLed
    worker's feeds take to be polled by the other one (see bench/poll_processes.py).
.venv/bin/python bench/poll.py cycle [--feeds 1000] [--database-url URL]
    one in-process cycle (half the feeds answer 304), per-host limit 2 and 16.
.venv/bin/python bench/poll.py end-to-end [--workers 1]
    fetch + extract + brief + store, articles per second.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.ingest.fetcher import Fetcher  # noqa: E402
from bot.ingest.pages import BriefingPool  # noqa: E402
from bot.ingest.poller import Poller  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store import open_database, queries, upgrade_database  # noqa: E402
from bot.stories import StoryService  # noqa: E402
from tests.servers.web import FixtureWebServer  # noqa: E402


async def poll_cycle(base: str, settings: Settings, feeds: int, per_host: int) -> None:
    """Warm-up cycle (stores nothing: backfill 0), then the timed cycle: odd feeds 304, even feeds 200."""
    tuned = dataclasses.replace(settings, feed_backfill=0, poll_max_per_host=per_host)
    database = open_database(tuned.database_url)
    await upgrade_database(database)
    async with database.session() as session:
        for n in range(feeds):
            await queries.add_feed(session, f"{base}/bench/{n}.rss")
    pool = BriefingPool(ThreadPoolExecutor(max_workers=1))
    async with Fetcher(tuned) as fetcher:
        poller = Poller(database, fetcher, pool, tuned, assign_story=StoryService(database).assign)
        warm = await poller.poll_once()
        timed = await poller.poll_once()
    pool.shutdown()
    await database.close()
    print(
        f"  per-host limit {per_host:>2}, {tuned.poll_max_feeds_at_once} feeds at once: warm-up {warm.seconds:6.2f} s; "
        f"cycle {timed.seconds:6.2f} s ({feeds / timed.seconds:6.0f} feeds/s): "
        f"{timed.count('not_modified')} x 304, {timed.count('updated')} x 200, {timed.new_articles} new"
    )


async def end_to_end(base: str, settings: Settings, kind: str, workers: int) -> None:
    """Poll one feed listing every fixture page: fetch, extract, brief, store."""
    tuned = dataclasses.replace(settings, feed_backfill=1000, nlp_workers=workers, poll_max_per_host=8)
    database = open_database(tuned.database_url)
    await upgrade_database(database)
    async with database.session() as session:
        await queries.add_feed(session, f"{base}/generated/all-pages.rss")
    pool = BriefingPool.create(tuned, kind="process" if kind == "process" else "thread")
    warm_start = time.perf_counter()
    warmups = [
        pool.brief_article(None, url=None, fallback_text="Warm up the engine. It loads its models once.")
    ]
    await asyncio.gather(*(warmups * workers))
    warm = time.perf_counter() - warm_start
    async with Fetcher(tuned) as fetcher:
        report = await Poller(
            database, fetcher, pool, tuned, assign_story=StoryService(database).assign
        ).poll_once()
    pool.shutdown()
    await database.close()
    share = report.engine_seconds / (report.seconds * workers)
    print(
        f"  {kind:>7} pool x{workers}: {report.new_articles} articles in {report.seconds:5.1f} s = "
        f"{report.new_articles / report.seconds:5.2f} articles/s; engine busy {share:4.0%} of worker time "
        f"(engine {report.engine_seconds:5.1f} s); pool start {warm:4.1f} s"
    )


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("section", choices=("processes", "cycle", "end-to-end"))
    parser.add_argument("--feeds", type=int, default=None, help="default 10,000 (processes), 1,000 (cycle)")
    parser.add_argument("--workers", type=int, default=1, help="NLP workers for the end-to-end run")
    parser.add_argument(
        "--database-url", default=None, help="default: PostgreSQL (processes), SQLite (others)"
    )
    parser.add_argument("--lease-seconds", type=int, default=15, help="processes: POLL_LEASE_SECONDS")
    args = parser.parse_args(argv)
    if args.section == "processes":
        from bench.poll_processes import run_processes

        await run_processes(
            feeds=args.feeds or 10_000,
            database_url=args.database_url or "postgresql://postgres@127.0.0.1:5432/bench_poll",
            lease_seconds=args.lease_seconds,
        )
        return
    server = FixtureWebServer().start()
    feeds = args.feeds or 1000
    runs = {
        "cycle": [
            lambda s: poll_cycle(server.base_url, s, feeds, 2),
            lambda s: poll_cycle(server.base_url, s, feeds, 16),
        ],
        "end-to-end": [
            lambda s: end_to_end(server.base_url, s, "thread", args.workers),
            lambda s: end_to_end(server.base_url, s, "process", args.workers),
        ],
    }[args.section]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for run in runs:
                db = args.database_url or f"sqlite:///{tmp}/{time.monotonic_ns()}.sqlite3"
                settings = Settings.load(environ={}, env_file=None, fetch_allow_private=True, database_url=db)
                print(f"{args.section} ({db.split('://')[0]}):")
                await run(settings)
    finally:
        server.stop()


if __name__ == "__main__":
    asyncio.run(main())
