"""Open the database named by DATABASE_URL with the right async driver (aiosqlite or asyncpg).

The one place that knows which database it is: every SQLite/PostgreSQL difference (ON CONFLICT,
SKIP LOCKED claims, when new ids become visible, batch migrations) is answered here.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Row, Select, Update, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.errors import UserFacingError

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Connections kept open per process: a poller runs 16 feeds at once, each with a session; with
# SQLAlchemy's default 5, every session past the fifth opened and closed a connection of its own.
POSTGRES_POOL_SIZE = 20
# PostgreSQL hands out ids at insert but shows rows at commit, so a reader following ids waits this long
# before trusting that no smaller id is still to appear (the writers' transactions are short).
POSTGRES_SETTLE = dt.timedelta(seconds=5)
IN_BATCH = 500  # values in one `IN (...)` list; longer lists are read and written in batches
# The most bound parameters one statement may carry: SQLite's SQLITE_MAX_VARIABLE_NUMBER (32,766 since
# 3.32) and asyncpg's protocol limit (32,767), less a margin. A bulk write goes in statements under it.
SQLITE_MAX_PARAMETERS = 32_000 if sqlite3.sqlite_version_info >= (3, 32) else 999
POSTGRES_MAX_PARAMETERS = 32_000
_DRIVER_CLASS = re.compile(r"^<class '[\w.]+'>: ")
_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


class DatabaseURLError(UserFacingError):
    """DATABASE_URL names a database briefbot cannot use; the message says which ones it can."""


def async_url(database_url: str) -> URL:
    """`sqlite:///path` -> sqlite+aiosqlite, `postgresql://...` -> postgresql+asyncpg; drivers already named are kept."""
    try:
        url = make_url(database_url)
    except Exception as exc:
        raise DatabaseURLError(f"DATABASE_URL is not a database URL: {database_url!r}") from exc
    backend = url.get_backend_name()
    if backend not in _ASYNC_DRIVERS:
        raise DatabaseURLError(f"DATABASE_URL must be sqlite:///path or postgresql://..., not {backend!r}")
    if url.drivername in _ASYNC_DRIVERS:
        url = url.set(drivername=_ASYNC_DRIVERS[url.drivername])
    return url


@dataclass(frozen=True, slots=True)
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """One unit of work: committed on success, rolled back on error."""
        async with self.sessions() as session, session.begin():
            yield session

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def settle_time(self) -> dt.timedelta:
        """How old a row must be before no row with a smaller id can still appear: none on SQLite, whose
        writers commit one at a time; `POSTGRES_SETTLE` on PostgreSQL."""
        return dt.timedelta(0) if self.is_sqlite else POSTGRES_SETTLE

    async def ping(self) -> None:
        """One round trip to the database (SELECT 1); raises when it cannot be reached."""
        async with self.session() as session:
            await session.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()


def open_database(database_url: str, **engine_options: Any) -> Database:
    """Create the engine; an SQLite file's folder is created and the file runs in WAL mode.

    Bound parameters are never put into error messages or logs (`hide_parameters`, and aiosqlite's DEBUG
    log is off): they hold what feeds and users sent, and a failed bulk write would otherwise log every row.
    """
    url = async_url(database_url)
    engine_options = {"hide_parameters": True} | engine_options
    if url.get_backend_name() == "sqlite":
        # aiosqlite logs every statement with its parameters at DEBUG: LOG_LEVEL=DEBUG must not print them
        logging.getLogger("aiosqlite").setLevel(logging.INFO)
        _create_sqlite_folder(url)
        engine = create_async_engine(url, **engine_options)
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
    else:
        options = {
            "pool_pre_ping": True,
            "pool_size": POSTGRES_POOL_SIZE,
            "max_overflow": 10,
        } | engine_options
        engine = create_async_engine(url, **options)
    return Database(engine, async_sessionmaker(engine, expire_on_commit=False))


def _create_sqlite_folder(url: URL) -> None:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA auto_vacuum=INCREMENTAL")  # takes effect in a new file (before its first table)
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def insert_for(session: AsyncSession, model: Any) -> Any:
    """An INSERT that knows ON CONFLICT for the session's database (PostgreSQL or SQLite)."""
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


def max_parameters(session: AsyncSession) -> int:
    """The most bound parameters one statement may carry on the session's database."""
    return SQLITE_MAX_PARAMETERS if session.bind.dialect.name == "sqlite" else POSTGRES_MAX_PARAMETERS


async def insert_ignoring_conflicts(
    session: AsyncSession,
    model: Any,
    rows: Sequence[Mapping[str, Any]],
    *,
    index_elements: Sequence[str] | None = None,
) -> int:
    """INSERT ... ON CONFLICT DO NOTHING of `rows` (dicts with the same keys), in as many statements as the
    database's bound-parameter limit needs; returns the rows added. One multi-row INSERT of 100,000 rows
    fails on both databases ("too many SQL variables"; asyncpg: "the number of query arguments cannot
    exceed 32767")."""
    if not rows:
        return 0
    per_statement = max(1, max_parameters(session) // max(1, len(rows[0])))
    added = 0
    for start in range(0, len(rows), per_statement):
        statement = (
            insert_for(session, model)
            .values(list(rows[start : start + per_statement]))
            .on_conflict_do_nothing(index_elements=index_elements)
        )
        result = await session.execute(statement)
        added += int(result.rowcount or 0)
    return added


async def claim_rows(
    session: AsyncSession, candidates: Select[Any], claim: Update, id_column: Any, *, lock: Any
) -> Sequence[Row[Any]]:
    """Run `claim` (an UPDATE ... RETURNING) on the rows `candidates` selects by `id_column`, so that
    concurrent claimers take disjoint rows without waiting for each other.

    SQLite: one statement (it runs writers one at a time, so the claim is atomic). PostgreSQL: select and
    lock first with SKIP LOCKED on `lock`, then update: PostgreSQL may re-run a LIMIT ... SKIP LOCKED
    subquery inside an UPDATE and so claim more rows than the limit.
    """
    if session.bind.dialect.name == "sqlite":
        return (await session.execute(claim.where(id_column.in_(candidates.scalar_subquery())))).all()
    ids = list(await session.scalars(candidates.with_for_update(skip_locked=True, of=lock)))
    if not ids:
        return []
    return (await session.execute(claim.where(id_column.in_(ids)))).all()


def database_error_reason(error: BaseException, *, limit: int = 120) -> str | None:
    """A short reason for a database error, e.g. "database or disk is full": the driver's first line,
    without the statement or its parameters; None when `error` did not come from the database.

    The first database error of the chain is the reason: SQLite rolls a transaction back on SQLITE_FULL,
    so releasing a savepoint then fails too ("no such savepoint"), and that is the error raised."""
    first_error, link, seen = None, error, set()
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if isinstance(link, DBAPIError):
            first_error = link
        link = link.__context__
    if first_error is None:
        return None
    lines = str(first_error.orig).strip().splitlines() or [type(first_error.orig).__name__]
    first = _DRIVER_CLASS.sub("", lines[0])  # asyncpg's errors start "<class 'asyncpg...'>: "
    return first if len(first) <= limit else first[: limit - 1] + "…"


def batch_migrations(connection: Any) -> bool:
    """Alembic must rebuild tables to alter them on SQLite ("batch" mode); PostgreSQL alters in place."""
    return bool(connection.dialect.name == "sqlite")


async def database_now(database: Database) -> dt.datetime:
    """The database server's current time (UTC): the one clock every poller shares."""
    async with database.engine.connect() as connection:
        if database.is_sqlite:
            value = await connection.scalar(text("SELECT strftime('%Y-%m-%d %H:%M:%f', 'now')"))
            return dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC)
        value = await connection.scalar(text("SELECT clock_timestamp()"))
    return value.astimezone(dt.UTC)


# -- space and copies ---------------------------------------------------------------------------------------
SQLITE_INCREMENTAL = 2  # PRAGMA auto_vacuum: 0 none, 1 full, 2 incremental
VACUUM_STEP_PAGES = 2_000  # pages handed back to the file system per write transaction (8 MB at 4 KiB)


async def enable_incremental_vacuum(database: Database) -> bool:
    """SQLite: make the file able to give freed pages back (auto_vacuum=INCREMENTAL). A file created before
    this setting needs one full VACUUM to take it, which rewrites the file (it needs as much free disk
    again, and holds the write lock while it runs); True when that was done now. PostgreSQL: nothing to do,
    its autovacuum reuses the space."""
    if not database.is_sqlite:
        return False
    async with database.engine.connect() as connection:
        driver = await _sqlite_driver(connection)
        if await _pragma(driver, "auto_vacuum") == SQLITE_INCREMENTAL:
            return False
        await driver.executescript("PRAGMA auto_vacuum=INCREMENTAL; VACUUM;")
    return True


async def reclaim_free_pages(database: Database, *, step: int = VACUUM_STEP_PAGES) -> int:
    """SQLite: hand the pages deletes freed back to the file system, `step` pages per transaction so no
    writer waits long; returns the pages given back. PostgreSQL: 0 (autovacuum reuses the space)."""
    if not database.is_sqlite:
        return 0
    async with database.engine.connect() as connection:
        driver = await _sqlite_driver(connection)
        if await _pragma(driver, "auto_vacuum") != SQLITE_INCREMENTAL:
            return 0
        total = 0
        while (free := await _pragma(driver, "freelist_count")) > 0:
            # executescript steps the pragma to its end; execute() would free one page per call
            await driver.executescript(f"PRAGMA incremental_vacuum({min(free, step)});")
            left = await _pragma(driver, "freelist_count")
            total += free - left
            if left >= free:
                break
    return total


async def _sqlite_driver(connection: AsyncConnection) -> Any:
    """aiosqlite's own connection: pragmas that must run outside a transaction, and to their end."""
    return (await connection.get_raw_connection()).driver_connection


async def _pragma(driver: Any, name: str) -> int:
    async with driver.execute(f"PRAGMA {name}") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def database_bytes(database: Database) -> int:
    """The database's size on disk: the SQLite file's pages in use and free (not its WAL), or
    pg_database_size on PostgreSQL."""
    async with database.engine.connect() as connection:
        if database.is_sqlite:
            pages = await connection.scalar(text("PRAGMA page_count"))
            size = await connection.scalar(text("PRAGMA page_size"))
            return int(pages or 0) * int(size or 0)
        return int(await connection.scalar(text("SELECT pg_database_size(current_database())")) or 0)


class BackupError(UserFacingError):
    """The backup could not be made: not an SQLite file (PostgreSQL is backed up with pg_dump), or SQLite
    refused; the message says which."""


def backup_sqlite(database_url: str, target: Path) -> int:
    """Copy the SQLite database to `target` with SQLite's online backup API while the bot keeps writing;
    returns the pages copied. Blocking: run it in a thread.

    One step copies the whole file inside one read transaction: in WAL mode writers go on meanwhile and
    the copy is the database as of the step's start. (Copying in several steps would restart from the
    first page whenever another connection writes between steps, which a running bot always does.)"""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            "db backup copies SQLite databases; back up PostgreSQL with pg_dump "
            "(docs/operations.md has the commands and the restore check)"
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("db backup needs an SQLite file, not an in-memory database")
    source_path = Path(url.database).expanduser()
    if not source_path.exists():
        raise BackupError(f"there is no database at {source_path}")
    if target.resolve() == source_path.resolve():
        raise BackupError("the backup must go to another file than the database itself")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        pages = _copy_sqlite(source_path, partial)
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"the backup of {source_path} failed: {exc}") from exc
    partial.replace(target)  # the target appears only once complete
    return pages


def _copy_sqlite(source_path: Path, target: Path) -> int:
    source = sqlite3.connect(source_path)
    try:
        copy = sqlite3.connect(target)
        try:
            source.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            return int(copy.execute("PRAGMA page_count").fetchone()[0])
        finally:
            copy.close()
    finally:
        source.close()
