"""Apply the Alembic migrations shipped in bot/store/migrations; no alembic.ini needed.

Alembic (10 MB with Mako) is imported only to migrate, and a module once imported stays: a schema that is
current is recognised without it, and the long-running processes (`run`, `poll`) migrate in a short-lived
process of their own (`upgrade_from_stdin`), so they never hold it.
"""

from __future__ import annotations

import ast
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import make_url

from bot.errors import UserFacingError
from bot.redact import HIDDEN, mask_urls, secret_pattern
from bot.store.engine import Database, open_database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """A Config built in code; env.py runs on `connection` when one is given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade_database(database: Database, revision: str = "head") -> None:
    """Bring the schema to `revision` (idempotent: a current schema is left alone, without Alembic)."""
    async with database.engine.begin() as connection:
        if revision == "head" and await connection.run_sync(stored_revisions) == shipped_heads():
            return
        from alembic import command

        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))


async def schema_is_current(database: Database) -> bool:
    async with database.engine.connect() as connection:
        return await connection.run_sync(stored_revisions) == shipped_heads()


async def _upgrade_in_subprocess(database_url: str) -> None:
    """A Python process running `upgrade_from_stdin`, given the URL on its standard input (never on a
    command line)."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import asyncio, sys; from bot.store.migrate import upgrade_from_stdin; "
        "sys.exit(asyncio.run(upgrade_from_stdin()))",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await child.communicate(database_url.encode())
    if child.returncode != 0:
        raise MigrationFailed(out.decode(errors="replace").strip() or f"migrations exited {child.returncode}")


def stored_revisions(connection: Connection) -> set[str]:
    """The revisions the database says it is at (Alembic's version table); none for a new database."""
    if not inspect(connection).has_table("alembic_version"):
        return set()
    return {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}


def shipped_heads() -> set[str]:
    """The newest revisions of the shipped migrations, those no other names as its down_revision, read from
    the files as Alembic reads them (module-level `revision` and `down_revision`)."""
    revisions: set[str] = set()
    older: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        names = {
            target.id: node.value
            for node in ast.parse(path.read_text("utf-8")).body
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
            if isinstance(target, ast.Name)
        }
        if "revision" in names:
            revisions.add(ast.literal_eval(names["revision"]))
            down = ast.literal_eval(names["down_revision"]) if "down_revision" in names else None
            older.update(down if isinstance(down, tuple | list) else [down] if down else [])
    return revisions - older


class DatabaseUnavailable(UserFacingError):
    """The database cannot be opened or migrated; the message names it (without its password) and why."""


class MigrationFailed(RuntimeError):
    """The migrating process failed; the message is its error's first line."""


async def open_migrated(database_url: str, *, in_subprocess: bool = False) -> Database:
    """Open DATABASE_URL and bring it to the newest schema, or raise DatabaseUnavailable in one line.
    `in_subprocess`: a schema that is behind is migrated by another process, which takes Alembic with it."""
    try:
        database = open_database(database_url)
    except Exception as exc:  # a folder that cannot be created, a URL that names no database
        raise DatabaseUnavailable(_unavailable(database_url, exc)) from exc
    try:
        if not in_subprocess:
            await upgrade_database(database)
        elif not await schema_is_current(database):
            await _upgrade_in_subprocess(database_url)
    except Exception as exc:  # nothing listening, wrong password, read-only file: all end the start-up
        await database.close()
        raise DatabaseUnavailable(_unavailable(database_url, exc)) from exc
    return database


def database_password(database_url: str) -> str | None:
    """The password DATABASE_URL holds, so the logs can mask it wherever a driver repeats it."""
    try:
        return make_url(database_url).password  # type: ignore[return-value]
    except Exception:
        return None


def url_without_password(database_url: str) -> str:
    try:
        return make_url(database_url).render_as_string(hide_password=True)
    except Exception:
        return "DATABASE_URL (not a URL)"


def _unavailable(database_url: str, error: BaseException) -> str:
    cause = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's own error
    text = (str(cause).strip() or type(cause).__name__).splitlines()[0][:200]
    password = database_password(database_url)
    if password:
        text = secret_pattern(password).sub(HIDDEN, text)
    text = mask_urls(text)
    return f"cannot open the database {url_without_password(database_url)}: {text}"


async def upgrade_from_stdin() -> int:
    """The migrating process: the newest schema for the URL on standard input; on failure, its error's
    first line on standard output (the parent masks it)."""
    database_url = sys.stdin.read().strip()
    database = open_database(database_url)
    try:
        await upgrade_database(database)
    except Exception as exc:
        cause = getattr(exc, "orig", None) or exc
        print((str(cause).strip() or type(cause).__name__).splitlines()[0][:200])
        return 1
    finally:
        await database.close()
    return 0
