"""Alembic (10 MB) is imported only to migrate: a bot opening a current schema never loads it, and one whose
schema is behind is migrated as before."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.store import open_database, upgrade_database
from bot.store.migrate import alembic_config, shipped_heads, stored_revisions

ROOT = Path(__file__).resolve().parents[2]
OPEN = """
import asyncio, sys
from bot.store.migrate import open_migrated, stored_revisions

async def main() -> None:
    database = await open_migrated(sys.argv[1])
    async with database.engine.connect() as connection:
        revisions = await connection.run_sync(stored_revisions)
    await database.close()
    print(",".join(sorted(revisions)), "alembic" in sys.modules)

asyncio.run(main())
"""


def _open_migrated_in_a_fresh_process(url: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", OPEN, url],
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
