"""Digest planning time with "what's new" and coverage, for N chats (issue 19).

Each chat follows 5 of 50 feeds; 100 stories are first reported across the feeds and planned into every
chat's digest (round 1: every item a new story, with its coverage). Then each story gains 3 reports from
other feeds, one saying something new with a new date, two repeating the first report, and round 2
plans every chat again: stories the chat was told about come back as "Update on: ..." entries. The same
two rounds run once more with the story news left out (the planner as it was before issue 19) for the
cost of the feature. Prints only; asserts nothing.

    flock /tmp/bench.lock python -m bench.whatsnew                      # 10,000 chats, SQLite file
    flock /tmp/bench.lock python -m bench.whatsnew --chats 1000 --database-url postgresql://postgres@127.0.0.1/bench
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import struct
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from sqlalchemy import func, insert, select, text

from bot.delivery import planner as planner_module
from bot.delivery.planner import Planner
from bot.settings import Settings
from bot.store.delivery_tables import OutboxRow
from bot.store.engine import Database, open_database
from bot.store.migrate import upgrade_database
from bot.store.story_tables import ArticleStory
from bot.store.tables import Article, BriefingRow, Chat, Feed, Subscription, utcnow
from bot.telegram.render import LAYOUT
from summarizers.briefing import Briefing, Entity, Event, SummarySentence

FEEDS = 50
FEEDS_PER_CHAT = 5
STORIES = 100
LATER_REPORTS = 3
FIRST_CHAT = 1_000_001


@dataclass(frozen=True, slots=True)
class Round:
    label: str
    seconds: float
    digests: int
    updates: int


def _briefing(story: int, n: int, *, new: bool) -> Briefing:
    lead = f"Officials in region {story} said the new bridge over the river will open to traffic next spring."
    fresh = f"On report {n} engineers in region {story} found cracks that could delay the opening by a year."
    sentences = (fresh, lead) if new else (lead,)
    events = (
        Event(f"2026-{1 + story % 12:02d}-{1 + n % 28:02d}", "day", "then", fresh, label="Cracks found"),
    )
    return Briefing(
        title=f"Bridge {story} report {n}",
        url=f"https://news{n}.example/bridge-{story}",
        source=None,
        language="en",
        published=dt.date(2026, 6, 15),
        published_inferred=False,
        summary=tuple(SummarySentence(s, i) for i, s in enumerate(sentences)),
        entities=(Entity(f"Region {story}", "place", 3), Entity("Ministry of Transport", "organization", 2)),
        events=events if new or not n else (),
    )


async def seed_chats(database: Database, chats: int) -> list[int]:
    before = utcnow() - dt.timedelta(days=1)
    async with database.session() as session:
        await session.execute(
            insert(Feed),
            [
                {"url": f"https://f{n}.example/rss", "title": f"Feed {n}", "consecutive_failures": 0}
                for n in range(FEEDS)
            ],
        )
        feeds = list(await session.scalars(select(Feed.id).order_by(Feed.id)))
        ids = range(FIRST_CHAT, FIRST_CHAT + chats)
        await session.execute(
            insert(Chat),
            [
                {"chat_id": c, "type": "private", "cadence": "daily", "active": True, "created_at": before}
                for c in ids
            ],
        )
        await session.execute(
            insert(Subscription),
            [
                {
                    "chat_id": c,
                    "feed_id": feeds[(c * 7 + k * 11) % FEEDS],
                    "muted": False,
                    "created_at": before,
                }
                for c in ids
                for k in range(FEEDS_PER_CHAT)
            ],
        )
    return feeds


async def seed_reports(database: Database, feeds: list[int], *, later: bool) -> None:
    """Round 1: each story's first report; round 2 (`later`): LATER_REPORTS more per story."""
    at = utcnow() - dt.timedelta(minutes=10)  # older than the planner's settle time on PostgreSQL
    signature = struct.pack("<3Q", 1, 2, 3)
    async with database.session() as session:
        for story in range(STORIES):
            numbers = range(1, LATER_REPORTS + 1) if later else range(1)
            for n in numbers:
                feed = feeds[(story + n * 13) % FEEDS]
                briefing = _briefing(story, n, new=n == 1)
                article = Article(feed_id=feed, url=briefing.url, normalised_url=briefing.url,
                                  content_hash=f"{story}:{n}", title=briefing.title, text="",
                                  published=at, fetched_at=at)  # fmt: skip
                session.add(article)
                await session.flush()
                story_id = article.id if n == 0 else await _first_of(session, story)
                session.add(
                    BriefingRow(
                        article_id=article.id, data=briefing.to_dict(), method="default", created_at=at
                    )
                )
                session.add(ArticleStory(article_id=article.id, story_id=story_id, signature=signature,
                                         entities=[], published=None, event_days=[], assigned_at=at))  # fmt: skip


async def _first_of(session, story: int) -> int:  # type: ignore[no-untyped-def]
    return int(await session.scalar(select(Article.id).where(Article.content_hash == f"{story}:0")))


async def plan_round(database: Database, planner: Planner, label: str) -> Round:
    async with database.session() as session:
        before = int(await session.scalar(select(func.count(OutboxRow.id))) or 0)
    started = time.perf_counter()
    report = await planner.plan_now()
    seconds = time.perf_counter() - started
    async with database.session() as session:
        updates = int(
            await session.scalar(
                select(func.count(OutboxRow.id)).where(
                    OutboxRow.id > before, OutboxRow.text.like("%Update on:%")
                )
            )
            or 0
        )
    return Round(label, seconds, report.digests, updates)


@contextlib.contextmanager
def without_story_news() -> Iterator[None]:
    async def unchanged(session, chat_id, digest, **_: object):  # type: ignore[no-untyped-def]
        return digest

    with mock.patch.object(planner_module, "with_story_news", unchanged):
        yield


async def scenario(url: str, chats: int, label: str) -> list[Round]:
    database = open_database(url)
    try:
        await upgrade_database(database)
        settings = Settings.load(environ={}, env_file=None, telegram_bot_token="1:bench", database_url=url)
        planner = Planner(database, settings, LAYOUT)
        feeds = await seed_chats(database, chats)
        await seed_reports(database, feeds, later=False)
        first = await plan_round(database, planner, f"{label}: round 1 (new stories)")
        await seed_reports(database, feeds, later=True)
        second = await plan_round(database, planner, f"{label}: round 2 (updates)")
        return [first, second]
    finally:
        await database.close()


async def _fresh(url: str | None, folder: Path, name: str) -> str:
    if url is None:
        return f"sqlite:///{folder / (name + '.sqlite3')}"
    admin = open_database(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    database = f"whatsnew_{name}"
    async with admin.engine.connect() as connection:
        await connection.execute(text(f"DROP DATABASE IF EXISTS {database}"))
        await connection.execute(text(f"CREATE DATABASE {database}"))
    await admin.close()
    return url.rsplit("/", 1)[0] + "/" + database


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--database-url", help="a PostgreSQL server URL (default: temporary SQLite files)")
    args = parser.parse_args()
    rows: list[Round] = []
    with tempfile.TemporaryDirectory() as folder:
        url = await _fresh(args.database_url, Path(folder), "with")
        rows += await scenario(url, args.chats, "what's new")
        with without_story_news():
            url = await _fresh(args.database_url, Path(folder), "without")
            rows += await scenario(url, args.chats, "plain (before)")
    kind = "PostgreSQL" if args.database_url else "SQLite"
    print(f"\n{args.chats} chats, {FEEDS_PER_CHAT} of {FEEDS} feeds each, {STORIES} stories, {kind}")
    print(f"{'round':<36}{'seconds':>9}{'ms/chat':>9}{'digests':>9}{'updates':>9}")
    for r in rows:
        print(
            f"{r.label:<36}{r.seconds:>9.1f}{1000 * r.seconds / args.chats:>9.2f}{r.digests:>9}{r.updates:>9}"
        )


if __name__ == "__main__":
    asyncio.run(main())
