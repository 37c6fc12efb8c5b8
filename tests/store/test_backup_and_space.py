"""`briefbot db backup` copies a live SQLite database that restores to the same rows; the PostgreSQL
recipe of docs/operations.md (pg_dump, pg_restore) does the same there; pruning gives SQLite's freed pages
back to the file system, in a new file and in one made before incremental vacuum."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from bot.retention import Pruner
from bot.settings import Settings
from bot.store import Database, open_database, upgrade_database
from bot.store.engine import database_bytes
from bot.store.tables import Article, BriefingRow, Feed

TABLES = ("feeds", "articles", "briefings")


async def _write_pairs(database: Database, start: int, stop: asyncio.Event | None, count: int = 10**9) -> int:
    """Articles with their briefings, one pair per transaction, until `stop` (or `count` pairs)."""
    n = start
    while (stop is None or not stop.is_set()) and n < start + count:
        async with database.session() as session:
            row = Article(
                feed_id=1, content_hash=f"h{n}", url=f"https://a.example/{n}", text="Some text. " * 50
            )
            session.add(row)
            await session.flush()
            session.add(
                BriefingRow(article_id=row.id, data={"title": f"n{n}", "events": []}, method="default")
            )
        n += 1
        await asyncio.sleep(0)
    return n


def _counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        connection.close()


async def _briefbot(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    return int(process.returncode or 0), stdout.decode(), stderr.decode()


async def test_backup_of_a_live_sqlite_database_restores_to_identical_counts(tmp_path: Path) -> None:
    source = tmp_path / "live.sqlite3"
    url = f"sqlite:///{source}"
    env = {**os.environ, "DATABASE_URL": url}
    database = open_database(url)
    try:
        await upgrade_database(database)
        async with database.session() as session:
            session.add(Feed(id=1, url="https://a.example/feed"))
        stop = asyncio.Event()
        writer = asyncio.create_task(_write_pairs(database, 0, stop))
        await asyncio.sleep(0.5)
        during = tmp_path / "during.sqlite3"
        code, out, err = await _briefbot(env, "db", "backup", str(during))
        stop.set()
        written = await writer
        assert code == 0, err
        assert out.startswith("backed up ") and str(during) in out
        snapshot = _counts(during)
        assert 0 < snapshot["articles"] == snapshot["briefings"] <= written  # one consistent moment

        # the writer's connections are still open, its last pages still in the WAL: the copy has them all
        after = tmp_path / "after.sqlite3"
        code, _, err = await _briefbot(env, "db", "backup", str(after))
        assert code == 0, err
        assert _counts(after) == _counts(source) == {"feeds": 1, "articles": written, "briefings": written}
    finally:
        await database.close()
    assert not Path(f"{after}-wal").exists()  # one self-contained file
    code, out, err = await _briefbot({**env, "DATABASE_URL": f"sqlite:///{after}"}, "status", "--json")
    assert code == 0 and '"articles_today"' in out, err


async def test_backup_of_postgresql_points_to_pg_dump(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the PostgreSQL answer")
    code, _, err = await _briefbot({**os.environ, "DATABASE_URL": db_url}, "db", "backup", "/tmp/never")
    assert code == 1
    assert "pg_dump" in err and "docs/operations.md" in err and not Path("/tmp/never").exists()


@pytest.mark.postgres
@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
async def test_backup_pg_dump_recipe_of_a_live_database_restores_to_identical_counts(
    db_url: str, tmp_path: Path
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("the PostgreSQL recipe")
    database = open_database(db_url)
    scratch = f"briefbot_restore_{uuid.uuid4().hex[:8]}"
    scratch_url = make_url(db_url).set(database=scratch).render_as_string(hide_password=False)
    dump = tmp_path / "briefbot.dump"
    try:
        await upgrade_database(database)
        async with database.session() as session:
            session.add(Feed(id=1, url="https://a.example/feed"))
        await _write_pairs(database, 0, None, count=50)
        stop = asyncio.Event()
        writer = asyncio.create_task(_write_pairs(database, 50, stop))
        # the recipe of docs/operations.md, while the writer goes on
        await asyncio.to_thread(
            subprocess.run, ["pg_dump", "--format=custom", f"--file={dump}", db_url], check=True
        )
        stop.set()
        await writer
        await asyncio.to_thread(subprocess.run, ["createdb", "--maintenance-db", db_url, scratch], check=True)
        await asyncio.to_thread(
            subprocess.run, ["pg_restore", "--no-owner", f"--dbname={scratch_url}", str(dump)], check=True
        )
        code, out, err = await _briefbot({**os.environ, "DATABASE_URL": scratch_url}, "status")
        assert code == 0 and "feeds: 1 working" in out, err
        restored = open_database(scratch_url)
        try:
            async with restored.session() as session:
                articles = await session.scalar(select(func.count()).select_from(Article))
                briefings = await session.scalar(select(func.count()).select_from(BriefingRow))
                version = await session.scalar(text("SELECT version_num FROM alembic_version"))
        finally:
            await restored.close()
        assert articles == briefings and articles >= 50  # one consistent moment of the live database
        async with database.session() as session:
            newest = await session.scalar(text("SELECT version_num FROM alembic_version"))
        assert version == newest
    finally:
        await database.close()
        await asyncio.to_thread(
            subprocess.run, ["dropdb", "--if-exists", "--maintenance-db", db_url, scratch], check=False
        )


async def _fill_old_articles(database: Database, count: int) -> None:
    old = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
    async with database.session() as session:
        session.add(Feed(id=1, url="https://a.example/feed"))
        await session.flush()
        for n in range(count):
            session.add(Article(feed_id=1, content_hash=f"h{n}", text="Old text. " * 500, fetched_at=old))


async def test_prune_gives_freed_sqlite_pages_back_to_the_file_system(tmp_path: Path) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        await upgrade_database(database)
        await _fill_old_articles(database, 1000)
        full = await database_bytes(database)
        outcome = await Pruner(database, Settings.load(environ={}, env_file=None)).prune()
        assert outcome.report.counts["articles"] == 999  # the newest id stays
        assert outcome.freed_pages > 0
        assert await database_bytes(database) < full / 5
    finally:
        await database.close()


async def test_prune_converts_an_sqlite_file_made_before_incremental_vacuum(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    database = open_database(f"sqlite:///{path}")
    await upgrade_database(database)
    await _fill_old_articles(database, 200)
    await database.close()
    legacy = sqlite3.connect(path, isolation_level=None)  # as files were made before this setting
    legacy.execute("PRAGMA auto_vacuum=NONE")
    legacy.execute("VACUUM")
    assert legacy.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
    legacy.close()
    database = open_database(f"sqlite:///{path}")
    try:
        pruner = Pruner(database, Settings.load(environ={}, env_file=None))
        await pruner.prepare()
        outcome = await pruner.prune()
        async with database.engine.connect() as connection:
            mode = await connection.scalar(text("PRAGMA auto_vacuum"))
            free = await connection.scalar(text("PRAGMA freelist_count"))
    finally:
        await database.close()
    assert mode == 2 and outcome.freed_pages > 0 and free == 0
