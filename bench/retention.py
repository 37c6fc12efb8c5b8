"""Retention benchmark: the database's size under the default retention settings, over simulated days of
the bench's feed load (200 feeds x 30 articles a day), on SQLite or PostgreSQL; and the bytes one stored
article costs, with and without its text.

Each simulated day stores 6,000 articles: real BBC News texts (../shared/data) with their real briefings,
cycled, their events moved to the article's day, each article in a story (about half join a story of the
last two days, 0.5% one of three stories that never end), each with its seen entry; and 1,000 chats' daily
digests (a digest run and two sent outbox messages each). Then it prunes as `briefbot run`'s hourly job
would by the end of that day (bot.retention.Pruner, its clock set to the simulated day), so the rows are
those the schedule leaves; on PostgreSQL a plain VACUUM follows, as autovacuum would run over a day.

Days past the longest window (ARTICLE_DAYS, 90) are the steady state; what still grows after it is the
articles that a story or an event to come keeps, so the year's size is extrapolated from the growth of
the last 30 simulated days (printed as such). Run it alone:

    flock /tmp/bench.lock .venv/bin/python bench/retention.py [--days 120] [--database-url URL]

It prints tables; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select, text, update  # noqa: E402

from bot.retention import Pruner  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store import Database, open_database, upgrade_database  # noqa: E402
from bot.store.delivery_tables import DigestRun, OutboxRow  # noqa: E402
from bot.store.engine import database_bytes  # noqa: E402
from bot.store.story_tables import ArticleStory  # noqa: E402
from bot.store.tables import Article, BriefingRow, Chat, Feed, SeenEntry  # noqa: E402
from summarizers import brief  # noqa: E402

FEEDS, PER_FEED_A_DAY, CHATS, MESSAGES_PER_DIGEST = 200, 30, 1_000, 2
BASE_ARTICLES = 30
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PERENNIAL = 3  # stories that never end (a war, an election year): every report of them is kept
JOIN_PERENNIAL, JOIN_RECENT = 0.005, 0.45
DAY = dt.timedelta(days=1)
TABLES = ("articles", "briefings", "article_stories", "seen_entries", "outbox", "digest_runs")


class Base:
    """The real texts and briefings the simulated articles cycle through."""

    def __init__(self, count: int) -> None:
        rows = [json.loads(line) for line in (SHARED / "data" / "bbc_news_summary.jsonl").open()]
        step = max(1, len(rows) // count)
        self.items: list[tuple[str, dict[str, Any], dt.date]] = []
        for row in rows[::step][:count]:
            published = dt.date(2005, 3, 1)
            briefing = brief(row["text"], title=row["title"], published=published)
            self.items.append((row["text"], briefing.to_dict(), published))
        self.digest_text = "\n".join(
            f"<b>{data['title']}</b>\n" + " ".join(s["text"] for s in data["summary"][:3])
            for _, data, _ in self.items[:8]
        )[:3_500]


def _shift(value: str | None, days: dt.timedelta) -> str | None:
    """An event date moved by `days`, at its own granularity."""
    if not value:
        return value
    parts = value.split("-")
    try:
        day = dt.date(
            int(parts[0]), int(parts[1]) if len(parts) > 1 else 7, int(parts[2]) if len(parts) > 2 else 1
        )
    except ValueError:
        return value
    moved = day + days
    return moved.isoformat()[: len(value)] if len(parts) > 1 else str(moved.year)


class Generator:
    def __init__(self, base: Base, seed: int = 7) -> None:
        self.base = base
        self.rng = random.Random(seed)
        self.next_id = 1
        self.recent: deque[list[int]] = deque(maxlen=2)  # story ids begun on each of the last two days
        self.perennial: list[int] = []

    def day(self, day: dt.datetime) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
        articles, briefings, stories, seen = [], [], [], []
        begun: list[int] = []
        open_stories = [s for ids in self.recent for s in ids]
        count = FEEDS * PER_FEED_A_DAY
        for i in range(count):
            n, self.next_id = self.next_id, self.next_id + 1
            feed = i % FEEDS + 1
            at = day + dt.timedelta(seconds=i * 86_400 / count)
            body, data, published = self.base.items[n % len(self.base.items)]
            moved = day.date() - published
            url = f"https://feed{feed}.example/{n}"
            events = [
                event | {"date": _shift(event["date"], moved), "end": _shift(event.get("end"), moved)}
                for event in data.get("events") or ()
            ]
            roll = self.rng.random()
            if len(self.perennial) < PERENNIAL:
                story = n
                self.perennial.append(n)
            elif roll < JOIN_PERENNIAL:
                story = self.rng.choice(self.perennial)
            elif roll < JOIN_PERENNIAL + JOIN_RECENT and open_stories:
                story = self.rng.choice(open_stories)
            else:
                story = n
                begun.append(n)
            articles.append(
                {
                    "id": n,
                    "feed_id": feed,
                    "url": url,
                    "normalised_url": url,
                    "content_hash": hashlib.sha256(url.encode()).hexdigest(),
                    "title": data["title"],
                    "source": f"Feed {feed}",
                    "published": at,
                    "fetched_at": at,
                    "text": body,
                }
            )
            briefings.append(
                {
                    "article_id": n,
                    "data": data | {"url": url, "published": day.date().isoformat(), "events": events},
                    "method": "default",
                    "created_at": at,
                }
            )
            stories.append(
                {
                    "article_id": n,
                    "story_id": story,
                    "signature": self.rng.randbytes(64 * 8),
                    "entities": [e["name"].lower() for e in data.get("entities", [])[:5]],
                    "published": day.date(),
                    "language": "en",
                    "event_days": sorted({e["date"] for e in events if len(e["date"] or "") == 10})[:8],
                    "assigned_at": at,
                }
            )
            seen.append(
                {
                    "feed_id": feed,
                    "entry_key": hashlib.sha256(f"{feed}:{n}".encode()).hexdigest(),
                    "article_id": n,
                    "seen_at": at,
                }
            )
        self.recent.append(begun)
        return articles, briefings, stories, seen

    def deliveries(self, day: dt.datetime, first_article: int) -> tuple[list[dict], list[dict]]:
        runs, messages = [], []
        for chat in range(1, CHATS + 1):
            slot = day + dt.timedelta(hours=8, seconds=chat)
            runs.append(
                {
                    "chat_id": chat,
                    "slot_at": slot,
                    "status": "planned",
                    "items": 15,
                    "overflow": {"articles": list(range(first_article + chat, first_article + chat + 5))},
                    "created_at": slot,
                }
            )
            stamp = slot.strftime("%Y%m%dT%H%M%SZ")
            messages.extend(
                {
                    "chat_id": chat,
                    "kind": "digest",
                    "idempotency_key": f"digest:{chat}:{stamp}:{part}",
                    "text": self.base.digest_text,
                    "parse_mode": "HTML",
                    "status": "sent",
                    "attempts": 1,
                    "due_at": slot,
                    "sent_at": slot,
                    "sent_message_id": chat * 1000 + part,
                    "created_at": slot,
                }
                for part in range(MESSAGES_PER_DIGEST)
            )
        return runs, messages


async def _insert(database: Database, table: Any, rows: list[dict]) -> None:
    for start in range(0, len(rows), 1000):
        async with database.session() as session:
            await session.execute(insert(table), rows[start : start + 1000])


async def _setup(database: Database) -> None:
    await upgrade_database(database)
    async with database.session() as session:
        session.add_all(Feed(id=f, url=f"https://feed{f}.example/rss") for f in range(1, FEEDS + 1))
        session.add_all(Chat(chat_id=c, created_at=START) for c in range(1, CHATS + 1))


async def table_bytes(database: Database) -> dict[str, int]:
    """Bytes per table with its indexes (SQLite: dbstat; PostgreSQL: pg_total_relation_size)."""
    async with database.engine.connect() as connection:
        if database.is_sqlite:
            rows = await connection.execute(
                text(
                    "SELECT m.tbl_name, sum(d.pgsize) FROM dbstat d JOIN sqlite_master m ON m.name = d.name "
                    "GROUP BY m.tbl_name"
                )
            )
        else:
            rows = await connection.execute(
                text(
                    "SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'"
                )
            )
        return {name: int(size) for name, size in rows}


async def _counts(database: Database, now: dt.datetime) -> dict[str, int]:
    async with database.session() as session:
        return {
            "articles": int(await session.scalar(select(func.count()).select_from(Article)) or 0),
            "with_text": int(await session.scalar(select(func.count()).where(Article.text != "")) or 0),
            "kept_past_90": int(
                await session.scalar(select(func.count()).where(Article.fetched_at < now - 90 * DAY)) or 0
            ),
            "seen": int(await session.scalar(select(func.count()).select_from(SeenEntry)) or 0),
            "outbox": int(await session.scalar(select(func.count()).select_from(OutboxRow)) or 0),
            "runs": int(await session.scalar(select(func.count()).select_from(DigestRun)) or 0),
        }


async def _vacuum_like_autovacuum(database: Database) -> None:
    if database.is_sqlite:
        return
    async with database.engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.exec_driver_sql("VACUUM (ANALYZE)")


def settings_window() -> int:
    """ARTICLE_DAYS as the defaults set it: the longest window, past which the store is at its steady state."""
    return Settings.load(environ={}, env_file=None).article_days


def _mb(value: float) -> str:
    return f"{value / 1e6:,.1f}"


async def simulate(database_url: str, days: int, base: Base) -> None:
    database = open_database(database_url)
    settings = Settings.load(environ={}, env_file=None, database_url=database_url)
    pruner = Pruner(database, settings)
    generator = Generator(base)
    await _setup(database)
    await pruner.prepare()
    empty = await database_bytes(database)
    per_article: dict[str, float] = {}
    sizes: list[int] = []
    print(
        f"{'day':>4} {'articles':>9} {'w/ text':>8} {'>90 d':>7} {'seen':>8} {'outbox':>7} {'runs':>6} "
        f"{'DB MB':>8} {'store s':>8} {'prune s':>8}"
    )
    started = time.perf_counter()
    for d in range(days):
        day = START + d * DAY
        t0 = time.perf_counter()
        first = generator.next_id
        articles, briefings, stories, seen = generator.day(day)
        await _insert(database, Article, articles)
        await _insert(database, BriefingRow, briefings)
        await _insert(database, ArticleStory, stories)
        await _insert(database, SeenEntry, seen)
        if d == 0:
            tables = await table_bytes(database)
            count = len(articles)
            per_article["fresh"] = sum(tables.get(t, 0) for t in TABLES[:4]) / count
            per_article["text"] = sum(len(a["text"].encode()) for a in articles) / count
            per_article["briefing JSON"] = sum(len(json.dumps(b["data"]).encode()) for b in briefings) / count
        runs, messages = generator.deliveries(day, first)
        await _insert(database, DigestRun, runs)
        await _insert(database, OutboxRow, messages)
        async with database.session() as session:  # each feed's document holds its newest 30 entries: today's
            await session.execute(update(Feed).values(seen_floor=day))
        stored = time.perf_counter() - t0
        t1 = time.perf_counter()
        await pruner.prune(now=day + DAY)
        await _vacuum_like_autovacuum(database)
        pruned = time.perf_counter() - t1
        size = await database_bytes(database)
        sizes.append(size)
        if d % 10 == 9 or d == days - 1 or d < 2:
            c = await _counts(database, day + DAY)
            print(
                f"{d + 1:>4} {c['articles']:>9,} {c['with_text']:>8,} {c['kept_past_90']:>7,} {c['seen']:>8,} "
                f"{c['outbox']:>7,} {c['runs']:>6,} {_mb(size):>8} {stored:>8.1f} {pruned:>8.1f}",
                flush=True,
            )
    tables = await table_bytes(database)
    counts = await _counts(database, START + days * DAY)
    await database.close()
    print(
        f"\nsimulated {days} days in {time.perf_counter() - started:.0f} s; load average {os.getloadavg()[0]:.1f}"
    )
    print(f"empty schema: {_mb(empty)} MB")
    print(
        f"bytes per stored article, fresh (article with text, briefing, story row, seen entry, their indexes): "
        f"{per_article['fresh']:,.0f} (text {per_article['text']:,.0f}, briefing JSON "
        f"{per_article['briefing JSON']:,.0f})"
    )
    kept = sum(tables.get(t, 0) for t in TABLES[:4])
    print(
        f"bytes per stored article at day {days} (most without text): {kept / max(counts['articles'], 1):,.0f} "
        f"over {counts['articles']:,} articles"
    )
    print(
        "table sizes at the end (MB, with indexes): "
        + ", ".join(f"{t} {_mb(tables.get(t, 0))}" for t in TABLES)
    )
    window = min(30, len(sizes) - 1)
    growth = (sizes[-1] - sizes[-1 - window]) / window if window > 0 else 0.0
    year = sizes[-1] + growth * max(0, 365 - days)
    if days < settings_window() + 30:
        print(
            f"database size at day {days}: {_mb(sizes[-1])} MB, still filling the {settings_window()}-day window "
            f"(+{_mb(growth)} MB/day); run past day {settings_window() + 30} to extrapolate a year"
        )
        return
    print(
        f"database size at day {days}: {_mb(sizes[-1])} MB; growth over the last {window} days "
        f"{_mb(growth)} MB/day (articles kept by a story or an event to come); a year, extrapolated: "
        f"{_mb(year)} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--days", type=int, default=120, help="simulated days (default 120)")
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    args = parser.parse_args()
    started = time.perf_counter()
    base = Base(BASE_ARTICLES)
    print(f"{len(base.items)} real briefings in {time.perf_counter() - started:.0f} s")
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'retention.sqlite3'}"
        print(f"store: {url.split('://')[0]}; {FEEDS} feeds x {PER_FEED_A_DAY} articles a day, {CHATS} chats")
        asyncio.run(simulate(url, args.days, base))


if __name__ == "__main__":
    main()
