"""Alembic (10 MB) is imported only to migrate: a process opening a current schema never loads it, one whose
schema is behind is migrated as before, and `run` and `poll` migrate in a process of their own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import open_database, upgrade_database
from bot.store.migrate import (
    DatabaseUnavailable,
    alembic_config,
    open_migrated,
    shipped_heads,
    stored_revisions,
)

ROOT = Path(__file__).resolve().parents[2]
OPEN = """
import asyncio, sys
from bot.store.migrate import open_migrated, stored_revisions

async def main() -> None:
    database = await open_migrated(sys.argv[1], in_subprocess=sys.argv[2] == "subprocess")
    async with database.engine.connect() as connection:
        revisions = await connection.run_sync(stored_revisions)
    await database.close()
    print(",".join(sorted(revisions)), "alembic" in sys.modules)

asyncio.run(main())
"""


def _open_migrated_in_a_fresh_process(url: str, how: str = "here") -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", OPEN, url, how],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_the_heads_read_from_the_migration_files_are_alembics() -> None:
    from alembic.script import ScriptDirectory

    assert shipped_heads() == set(ScriptDirectory.from_config(alembic_config()).get_heads())


async def test_a_current_schema_opens_without_importing_alembic(db_url: str) -> None:
    database = open_database(db_url)
    await upgrade_database(database)
    await database.close()

    assert _open_migrated_in_a_fresh_process(db_url) == [",".join(sorted(shipped_heads())), "False"]


async def test_a_schema_behind_the_shipped_migrations_is_migrated_by_alembic(db_url: str) -> None:
    database = open_database(db_url)
    await upgrade_database(database, "0010")
    async with database.engine.connect() as connection:
        assert await connection.run_sync(stored_revisions) == {"0010"}
    await database.close()

    assert _open_migrated_in_a_fresh_process(db_url) == [",".join(sorted(shipped_heads())), "True"]


async def test_a_schema_migrated_in_a_subprocess_leaves_alembic_out_of_the_process(db_url: str) -> None:
    """A new database and one that is behind are brought to the newest schema by a process of its own
    (bot.store.migrate.upgrade_from_stdin); the process that opened them never imports Alembic."""
    heads = ",".join(sorted(shipped_heads()))
    assert _open_migrated_in_a_fresh_process(db_url, "subprocess") == [heads, "False"]

    behind = db_url.replace("store.sqlite3", "behind.sqlite3") if db_url.startswith("sqlite") else None
    if behind is not None:
        database = open_database(behind)
        await upgrade_database(database, "0010")
        await database.close()
        assert _open_migrated_in_a_fresh_process(behind, "subprocess") == [heads, "False"]


async def test_a_migration_that_fails_in_the_subprocess_ends_in_one_line_naming_the_database(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'future.sqlite3'}"
    database = open_database(url)
    await upgrade_database(database)
    async with database.engine.begin() as connection:
        await connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999'")
    await database.close()

    with pytest.raises(DatabaseUnavailable) as raised:
        await open_migrated(url, in_subprocess=True)
    assert str(raised.value).startswith(f"cannot open the database {url}: ")
    assert "9999" in str(raised.value)
