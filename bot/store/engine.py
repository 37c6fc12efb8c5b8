"""Open the database named by DATABASE_URL with the right async driver (aiosqlite or asyncpg)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

SQLITE_BUSY_TIMEOUT_MS = 10_000
_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgresql": "postgresql+asyncpg",
    "postgres": "postgresql+asyncpg",
}


class DatabaseURLError(ValueError):
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
        engine = create_async_engine(url, pool_pre_ping=True, **engine_options)
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
