"""Pruning on both databases: exactly the expired rows go, the needed ones stay, every foreign key holds,
the dry run counts what the pass then deletes, and passes in batches or at once delete each row once."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from bot.settings import Settings, SettingsError
from bot.store.delivery_tables import DigestRun, OutboxRow
from bot.store.engine import Database
from bot.store.retention import Cutoffs, count_expired, prune_expired
from bot.store.story_tables import ArticleStory, ChatStory
from bot.store.tables import Article, BriefingRow, Chat, ChatArticle, Feed, SeenEntry, utcnow

DAY = dt.timedelta(days=1)
DEFAULT_DAYS = {
    "article_text_days": 14,
    "article_days": 90,
    "outbox_days": 7,
    "seen_entry_days": 30,
    "digest_run_days": 30,
}
EXPECTED = {
    "articles": 3,
    "article_texts": 4,
    "outbox": 4,
    "seen_entries": 1,
    "digest_runs": 2,
    "told_stories": 2,
}


@dataclass
class Seeded:
    now: dt.datetime
    articles: dict[str, int]


def _briefing(title: str, events: tuple[tuple[str, str], ...]) -> dict[str, object]:
    return {
        "title": title,
        "summary": [{"text": f"{title}.", "position": 0}],
        "entities": [],
        "events": [
            {"date": date, "end": None, "granularity": granularity, "expression": date, "text": "..."}
            for date, granularity in events
        ],
    }


async def seed(database: Database) -> Seeded:
    """Articles, outbox rows, digest runs and seen entries on both sides of every cutoff (see EXPECTED)."""
    now = utcnow()
    today = now.date()
    ids: dict[str, int] = {}
    async with database.session() as session:
        feeds = [
            Feed(url="https://a.example/feed", seen_floor=now - 50 * DAY),  # its document starts 50 days back
            Feed(url="https://b.example/feed", seen_floor=now - 70 * DAY),  # ...70 days back
            Feed(url="https://c.example/feed"),  # never polled since retention came: no floor
        ]
        session.add_all(feeds)
        session.add(Chat(chat_id=1, created_at=now - 200 * DAY))
        await session.flush()
        feed = feeds[0].id

        async def article(name: str, age_days: float, events: tuple[tuple[str, str], ...] = ()) -> int:
            row = Article(
                feed_id=feed,
                url=f"https://a.example/{name}",
                normalised_url=f"https://a.example/{name}",
                content_hash=name,
                title=name,
                fetched_at=now - age_days * DAY,
                text=f"The full text of {name}.",
            )
            session.add(row)
            await session.flush()
            session.add(BriefingRow(article_id=row.id, data=_briefing(name, events), method="default"))
            ids[name] = row.id
            return row.id

        plain = await article("plain", 100)  # nothing needs it: goes, with its briefing, story and links
        story_old = await article("story_old", 100)  # its story got a report yesterday: stays
        await article("future", 100, ((str(today + 30 * DAY), "day"),))  # an event to come: stays
        await article("this_month", 100, ((today.isoformat()[:7], "month"),))  # this month is not over: stays
        await article("this_year", 100, ((str(today.year), "year"),))  # a year is too coarse: goes
        await article("past", 100, ((str(today - 50 * DAY), "day"),))  # its event is over: goes
        await article("middle", 20)  # keeps its briefing, loses its text
        await article("recent", 5)  # untouched
        story_new = await article("story_new", 1)  # the newest id
        session.add_all(
            [
                ArticleStory(article_id=plain, story_id=plain, signature=b"", entities=[], assigned_at=now - 100 * DAY),
                ArticleStory(article_id=story_old, story_id=story_old, signature=b"", entities=[],
                             assigned_at=now - 100 * DAY),
                ArticleStory(article_id=story_new, story_id=story_old, signature=b"", entities=[],
                             assigned_at=now - DAY),
                ChatArticle(chat_id=1, article_id=plain, shown_at=now - 100 * DAY),
                ChatArticle(chat_id=1, article_id=story_new, shown_at=now - DAY),
            ]
        )  # fmt: skip
        for n, status in enumerate(("sent", "failed", "unknown", "dropped", "pending", "claimed", "sending")):
            session.add(_outbox(f"old-{n}", status, now - 10 * DAY))
        session.add(_outbox("new-sent", "sent", now - DAY))
        for days in (40, 35, 1):
            session.add(
                DigestRun(chat_id=1, slot_at=now - days * DAY, status="planned", created_at=now - days * DAY)
            )
            told = now - days * DAY  # what the chat was told of a story last updated then
            session.add(ChatStory(chat_id=1, story_id=days, first_article_id=days, articles=[days], told_at=told,
                                  updated_at=told))  # fmt: skip
        session.add_all(
            [
                SeenEntry(feed_id=feed, entry_key="left-the-feed", seen_at=now - 60 * DAY),  # goes
                SeenEntry(feed_id=feed, entry_key="still-in-the-feed", seen_at=now - 40 * DAY),
                SeenEntry(feed_id=feed, entry_key="new", seen_at=now - DAY),
                SeenEntry(feed_id=feeds[1].id, entry_key="old-but-shown", seen_at=now - 60 * DAY),
                SeenEntry(feed_id=feeds[2].id, entry_key="no-floor", seen_at=now - 60 * DAY),
                SeenEntry(feed_id=feeds[2].id, entry_key="plain", article_id=plain, seen_at=now - DAY),
            ]
        )
    return Seeded(now, ids)


def _outbox(key: str, status: str, created: dt.datetime) -> OutboxRow:
    return OutboxRow(chat_id=1, kind="digest", idempotency_key=key, text="x", status=status, created_at=created,
                     due_at=created)  # fmt: skip


def cutoffs(now: dt.datetime, **days: int) -> Cutoffs:
    return Cutoffs.of(now, **(DEFAULT_DAYS | days))


async def table_counts(database: Database) -> dict[str, int]:
    async with database.session() as session:
        return {
            table.__tablename__: int(await session.scalar(select(func.count()).select_from(table)) or 0)
            for table in (
                Article,
                BriefingRow,
                ArticleStory,
                ChatArticle,
                SeenEntry,
                OutboxRow,
                DigestRun,
                ChatStory,
            )
        }


async def test_prune_removes_exactly_the_expired_rows_and_keeps_the_needed_ones(database: Database) -> None:
    seeded = await seed(database)
    report = await prune_expired(database, cutoffs(seeded.now))
    assert report.counts == EXPECTED
    async with database.session() as session:
        articles = {a.title: a for a in await session.scalars(select(Article))}
        briefed = set(await session.scalars(select(BriefingRow.article_id)))
        stories = set(await session.scalars(select(ArticleStory.article_id)))
        shown = set(await session.scalars(select(ChatArticle.article_id)))
        seen = {e.entry_key: e.article_id for e in await session.scalars(select(SeenEntry))}
        outbox = sorted((r.idempotency_key, r.status) for r in await session.scalars(select(OutboxRow)))
        runs = sorted(
            round((seeded.now - r.created_at) / DAY) for r in await session.scalars(select(DigestRun))
        )
    assert set(articles) == {"story_old", "future", "this_month", "middle", "recent", "story_new"}
    assert {name for name, a in articles.items() if a.text} == {"recent", "story_new"}
    assert briefed == {a.id for a in articles.values()}  # every kept article keeps its briefing
    assert stories == {seeded.articles["story_old"], seeded.articles["story_new"]}
    assert shown == {seeded.articles["story_new"]}
    # the deleted article's seen entry stays, unlinked: its feed does not offer it again
    assert seen == {
        "still-in-the-feed": None,
        "new": None,
        "old-but-shown": None,
        "no-floor": None,
        "plain": None,
    }
    assert outbox == [("new-sent", "sent"), ("old-4", "pending"), ("old-5", "claimed"), ("old-6", "sending")]
    assert runs == [1]
    again = await prune_expired(database, cutoffs(seeded.now))
    assert again.total == 0


async def test_prune_dry_run_counts_what_the_pass_deletes_and_deletes_nothing(database: Database) -> None:
    seeded = await seed(database)
    before = await table_counts(database)
    dry = await count_expired(database, cutoffs(seeded.now))
    assert dry.dry_run and dry.counts == EXPECTED
    assert await table_counts(database) == before
    async with database.session() as session:
        assert all(text for text in await session.scalars(select(Article.text)))
    assert (await prune_expired(database, cutoffs(seeded.now))).counts == dry.counts


async def test_prune_in_small_batches_walks_past_the_kept_rows(database: Database) -> None:
    seeded = await seed(database)
    report = await prune_expired(database, cutoffs(seeded.now), batch=1)
    assert report.counts == EXPECTED


async def test_prune_keeps_a_kind_forever_at_zero_days(database: Database) -> None:
    seeded = await seed(database)
    report = await prune_expired(database, cutoffs(seeded.now, article_days=0, outbox_days=0))
    assert report.counts["articles"] == report.counts["outbox"] == 0
    assert report.counts["article_texts"] == 7  # the texts of the three articles now kept go as well


async def test_two_prune_passes_at_once_delete_each_row_once(database: Database) -> None:
    seeded = await seed(database)
    first, second = await asyncio.gather(
        prune_expired(database, cutoffs(seeded.now), batch=1),
        prune_expired(database, cutoffs(seeded.now), batch=1),
    )
    assert {kind: first.counts[kind] + second.counts[kind] for kind in EXPECTED} == EXPECTED


async def test_briefbot_db_prune_prints_what_it_would_delete_then_what_it_deleted(
    database: Database, db_url: str
) -> None:
    await seed(database)
    env = {**os.environ, "DATABASE_URL": db_url, "OUTBOX_DAYS": "0"}
    before = await table_counts(database)
    shown = await _briefbot(env, "db", "prune", "--dry-run")
    lines = shown.splitlines()
    assert lines[0].split()[:2] == ["articles", "3"]
    assert lines[1].split()[:3] == ["article", "texts", "4"]
    assert "outbox rows    kept forever (OUTBOX_DAYS=0)" in shown
    assert lines[3].split()[:3] == ["seen", "entries", "1"]
    assert lines[4].split()[:3] == ["digest", "runs", "2"]
    assert lines[5].split()[:3] == ["told", "stories", "2"]
    assert lines[-1] == "would delete 12 row(s); nothing was deleted (dry run)"
    assert await table_counts(database) == before
    done = await _briefbot(env, "db", "prune")
    assert done.splitlines()[-1].startswith("deleted 12 row(s) in ")
    after = await table_counts(database)
    assert before["articles"] - after["articles"] == 3 and after["outbox"] == before["outbox"]


async def _briefbot(env: dict[str, str], *args: str) -> str:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, stderr.decode()
    return stdout.decode()


def test_a_negative_retention_setting_is_refused() -> None:
    with pytest.raises(SettingsError, match="SEEN_ENTRY_DAYS must be 0"):
        Settings.load(environ={"SEEN_ENTRY_DAYS": "-1"}, env_file=None)
