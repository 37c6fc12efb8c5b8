"""The migration that adds /upcoming's index fills it from the briefings already stored (SQLite and
PostgreSQL): their feed articles' events still to come, none of an event already over or of an article
of no feed; and it goes down again."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

from alembic import command
from sqlalchemy import inspect, text

from bot.store import open_database, upgrade_database
from bot.store.migrate import alembic_config
from tests.delivery.upcoming_seed import NEXT_YEAR, day, on, report

VERSIONS = Path(__file__).resolve().parents[2] / "bot" / "store" / "migrations" / "versions"


def _revisions() -> tuple[str, str]:
    """(this migration's revision, the one before it), read from its file (renumbered when landing)."""
    (path,) = VERSIONS.glob("*_upcoming_events.py")
    spec = importlib.util.spec_from_file_location("upcoming_events_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.revision, module.down_revision


async def test_the_migration_indexes_the_stored_events_still_to_come(db_url: str) -> None:
    revision, before = _revisions()
    database = open_database(db_url)
    await upgrade_database(database, before)
    past = report("Old", day(-9), on(-3, "The ministers met"), on(5, "The talks resume"))
    rows = [(1, 1, past), (2, 1, NEXT_YEAR), (3, None, report("Page", day(0), on(4, "A fair opens")))]
    async with database.engine.begin() as connection:
        await connection.execute(
            text(
                "INSERT INTO feeds (id, url, consecutive_failures, created_at) VALUES (1, 'https://f.example/rss', 0, :now)"
            ),
            {"now": dt.datetime.now(dt.UTC)},
        )
        for article_id, feed_id, briefing in rows:
            await connection.execute(
                text(
                    "INSERT INTO articles (id, feed_id, content_hash, text, fetched_at) "
                    "VALUES (:id, :feed, :hash, '', :now)"
                ),
                {
                    "id": article_id,
                    "feed": feed_id,
                    "hash": f"{article_id:064x}",
                    "now": dt.datetime.now(dt.UTC),
                },
            )
            await connection.execute(
                text(
                    "INSERT INTO briefings (article_id, data, method, created_at) VALUES (:id, :data, 'default', :now)"
                ),
                {"id": article_id, "data": json.dumps(briefing.to_dict()), "now": dt.datetime.now(dt.UTC)},
            )
    await upgrade_database(database, revision)
    async with database.engine.connect() as connection:
        found = (
            await connection.execute(
                text("SELECT article_id, feed_id, starts, granularity FROM dated_events ORDER BY starts")
            )
        ).all()
    assert [(a, f, dt.date.fromisoformat(str(s)[:10]), g) for a, f, s, g in found] == [
        (1, 1, day(5), "day"),
        (2, 1, dt.date(day(0).year + 1, 1, 1), "year"),
    ]
    async with database.engine.begin() as connection:  # down: the tables go
        await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), before))
    async with database.engine.connect() as connection:
        assert "dated_events" not in await connection.run_sync(lambda sync: inspect(sync).get_table_names())
    await upgrade_database(database)
    await database.close()
