"""/upcoming latency over 100,000 stored events, on SQLite or PostgreSQL.

The store holds `--events` dated events (default 100,000) in 200 feeds: articles of five events each, in
stories of three reports, dated from 180 days back to a year ahead at day, month and year granularity
(the index keeps an event after its day has passed: only deleting its article drops it). Each event's
sentence and label are drawn from a varied vocabulary, so merging across reports does real work, and a
third of the stories re-date an event in a later report. A chat follows 20 feeds (10% of the events).

It times what /upcoming does for that chat (bot.upcoming.UpcomingService.for_chat: the indexed query,
the briefings and their stories' other reports, the engine's merge), and the indexed query alone, and
prints the database's plan of the query (the index it uses). Run it alone:

    flock /tmp/bench.lock .venv/bin/python bench/upcoming.py [--events 100000] [--database-url URL]

It prints a table; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402
from sqlalchemy.dialects import postgresql, sqlite  # noqa: E402

from bot.settings import Settings  # noqa: E402
from bot.store import Database, open_database, upgrade_database  # noqa: E402
from bot.store.story_tables import ArticleStory  # noqa: E402
from bot.store.tables import Article, BriefingRow, Chat, Feed, Subscription  # noqa: E402
from bot.store.upcoming_queries import upcoming_article_ids, upcoming_events_query  # noqa: E402
from bot.store.upcoming_tables import DatedEvent  # noqa: E402
from bot.upcoming import UpcomingService  # noqa: E402

FEEDS, CHAT_FEEDS, EVENTS_PER_ARTICLE, REPORTS_PER_STORY = 200, 20, 5, 3
CHAT = 42
RUNS = 20
TODAY = dt.datetime.now(dt.UTC).date()
VERBS = [
    "open",
    "hold",
    "sign",
    "vote",
    "meet",
    "visit",
    "launch",
    "close",
    "resume",
    "announce",
    "host",
    "start",
    "end",
    "review",
    "publish",
]
NOUNS = [
    "summit",
    "talks",
    "budget",
    "election",
    "treaty",
    "festival",
    "trial",
    "hearing",
    "conference",
    "strike",
    "tour",
    "match",
    "launch",
    "referendum",
    "census",
    "auction",
    "exhibition",
    "congress",
    "ceremony",
    "forum",
]
PLACES = [
    "Nagato",
    "Geneva",
    "Paris",
    "Tokyo",
    "Lagos",
    "Lima",
    "Oslo",
    "Delhi",
    "Cairo",
    "Quito",
    "Seoul",
    "Rome",
    "Kyiv",
    "Accra",
    "Hanoi",
]


def _event(rng: random.Random, when: dt.date) -> dict[str, Any]:
    noun, verb, place = rng.choice(NOUNS), rng.choice(VERBS), rng.choice(PLACES)
    grain = rng.choices(("day", "month", "year"), (0.8, 0.15, 0.05))[0]
    date = {"day": when.isoformat(), "month": f"{when:%Y-%m}", "year": str(when.year)}[grain]
    label = f"The {noun} in {place} will {verb}"
    return {
        "date": date,
        "end": None,
        "granularity": grain,
        "expression": when.isoformat(),
        "text": f"{label} on {when:%B} {when.day}, officials said.",
        "label": label,
        "entities": [place],
    }


def _briefing(n: int, events: list[dict[str, Any]], published: dt.date) -> dict[str, Any]:
    return {
        "title": f"Report {n}",
        "url": f"https://news{n % 97}.example/{n}",
        "source": None,
        "language": "en",
        "published": published.isoformat(),
        "published_inferred": False,
        "summary": [{"text": events[0]["text"], "position": 0}],
        "entities": [],
        "events": events,
        "notes": [],
    }


async def fill(database: Database, events: int, seed: int = 19) -> None:
    """Feeds, a chat following CHAT_FEEDS of them, and articles (with briefings, stories and indexed
    events) up to `events` events, inserted in batches."""
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    async with database.session() as session:
        await session.execute(
            insert(Feed),
            [{"id": f + 1, "url": f"https://f{f}.example/rss", "title": f"Feed {f}"} for f in range(FEEDS)],
        )
        await session.execute(
            insert(Chat), [{"chat_id": CHAT, "type": "private", "active": True, "cadence": "daily"}]
        )
        await session.execute(
            insert(Subscription),
            [
                {"chat_id": CHAT, "feed_id": f + 1, "muted": False, "created_at": now}
                for f in range(CHAT_FEEDS)
            ],
        )
    articles = events // EVENTS_PER_ARTICLE
    batch = 2_000
    for start in range(0, articles, batch):
        rows: dict[str, list[dict[str, Any]]] = {"a": [], "b": [], "s": [], "e": []}
        for n in range(start, min(start + batch, articles)):
            story = n - n % REPORTS_PER_STORY + 1
            feed = rng.randrange(FEEDS) + 1
            published = TODAY - dt.timedelta(days=rng.randrange(0, 200))
            days = [rng.randrange(-180, 366) for _ in range(EVENTS_PER_ARTICLE)]
            if (
                n % REPORTS_PER_STORY == 2 and story % 3 == 0
            ):  # a later report re-dates the story's first event
                days[0] += rng.randrange(1, 20)
            evs = [_event(rng, TODAY + dt.timedelta(days=d)) for d in days]
            aid = n + 1
            rows["a"].append(
                {
                    "id": aid,
                    "feed_id": feed,
                    "content_hash": f"{n:064x}",
                    "title": f"Report {n}",
                    "text": "",
                    "fetched_at": now,
                }
            )
            rows["b"].append(
                {
                    "article_id": aid,
                    "data": _briefing(n, evs, published),
                    "method": "default",
                    "created_at": now,
                }
            )
            rows["s"].append(
                {
                    "article_id": aid,
                    "story_id": story,
                    "signature": b"\0" * 8,
                    "entities": [],
                    "published": published,
                }
            )
            for ev in evs:
                first = (
                    dt.date.fromisoformat((ev["date"] + "-01-01")[:10])
                    if ev["granularity"] != "day"
                    else dt.date.fromisoformat(ev["date"])
                )
                last = dt.date.fromisoformat(ev["expression"]) if ev["granularity"] == "day" else _last(ev)
                rows["e"].append(
                    {
                        "article_id": aid,
                        "feed_id": feed,
                        "starts": first,
                        "ends": last,
                        "granularity": ev["granularity"],
                    }
                )
        async with database.session() as session:
            await session.execute(insert(Article), rows["a"])
            await session.execute(insert(BriefingRow), rows["b"])
            await session.execute(insert(ArticleStory), rows["s"])
            await session.execute(insert(DatedEvent), rows["e"])


def _last(event: dict[str, Any]) -> dt.date:
    parts = [int(p) for p in event["date"].split("-")]
    if len(parts) == 1:
        return dt.date(parts[0], 12, 31)
    following = dt.date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
    return following - dt.timedelta(days=1)


async def plan(database: Database) -> str:
    """The database's plan of the indexed query."""
    query = upcoming_events_query(CHAT, TODAY)
    async with database.session() as session:
        dialect = postgresql.dialect() if session.bind.dialect.name == "postgresql" else sqlite.dialect()
        compiled = str(query.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        prefix = "EXPLAIN " if dialect.name == "postgresql" else "EXPLAIN QUERY PLAN "
        rows = await session.execute(text(prefix + compiled))
        return "\n".join("  " + " ".join(str(c) for c in row) for row in rows)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--database-url", default=None, help="an empty PostgreSQL database (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        database = open_database(url)
        await upgrade_database(database)
        try:
            started = time.perf_counter()
            await fill(database, args.events)
            print(
                f"stored {args.events:,} events in {time.perf_counter() - started:.1f} s ({url.split(':')[0]})"
            )
            if url.startswith("postgresql"):
                async with database.session() as session:
                    await session.execute(text("ANALYZE"))
            settings = Settings.load(environ={}, env_file=None, database_url=url)
            service = UpcomingService(database, settings)
            whole, query_only = [], []
            listed = 0
            for _ in range(RUNS):
                t0 = time.perf_counter()
                found = await service.for_chat(CHAT)
                whole.append(time.perf_counter() - t0)
                listed = len(found.events)
                async with database.session() as session:
                    t0 = time.perf_counter()
                    ids = await upcoming_article_ids(session, CHAT, TODAY)
                    query_only.append(time.perf_counter() - t0)
            print(
                f"chat follows {CHAT_FEEDS} of {FEEDS} feeds; {len(ids)} articles read, {listed} events listed"
            )
            print(f"{'what':<34}{'median ms':>10}{'p95 ms':>10}")
            for name, times in (
                ("/upcoming (query, load, merge)", whole),
                ("indexed query alone", query_only),
            ):
                ordered = sorted(times)
                p95 = ordered[int(0.95 * (len(ordered) - 1))]
                print(f"{name:<34}{statistics.median(times) * 1000:>10.1f}{p95 * 1000:>10.1f}")
            print("plan of the indexed query:")
            print(await plan(database))
        finally:
            await database.close()


if __name__ == "__main__":
    asyncio.run(main())
