"""Open the database named by DATABASE_URL with the right async driver (aiosqlite or asyncpg).

The one place that knows which database it is: every SQLite/PostgreSQL difference (ON CONFLICT,
SKIP LOCKED claims, when new ids become visible, batch migrations) is answered here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Row, Select, Update, event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.errors import UserFacingError

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Connections kept open per process: a poller runs 16 feeds at once, each with a session; with
# SQLAlchemy's default 5, every session past the fifth opened and closed a connection of its own.
POSTGRES_POOL_SIZE = 20
# PostgreSQL hands out ids at insert but shows rows at commit, so a reader following ids waits this long
# before trusting that no smaller id is still to appear (the writers' transactions are short).
POSTGRES_SETTLE = dt.timedelta(seconds=5)
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
        raise DatabaseURLError(  # not echoed: a URL that does not parse may still hold a password
            "DATABASE_URL is not a database URL (sqlite:///path or postgresql://user:password@host/name)"
        ) from exc
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
    """Create the engine; an SQLite file's folder is created and the file runs in WAL mode."""
    url = async_url(database_url)
    if url.get_backend_name() == "sqlite":
        _create_sqlite_folder(url)
        engine = create_async_engine(url, **engine_options)
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
    else:
        options = {"pool_pre_ping": True, "pool_size": POSTGRES_POOL_SIZE, "max_overflow": 10} | engine_options
        engine = create_async_engine(url, **options)
    return Database(engine, async_sessionmaker(engine, expire_on_commit=False))


def _create_sqlite_folder(url: URL) -> None:
    if url.database and url.database != ":memory:" and not url.database.startswith("file:"):
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def insert_for(session: AsyncSession, model: Any) -> Any:
    """An INSERT that knows ON CONFLICT for the session's database (PostgreSQL or SQLite)."""
    dialect = postgresql if session.bind.dialect.name == "postgresql" else sqlite
    return dialect.insert(model)


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
