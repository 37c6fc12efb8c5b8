"""Apply the Alembic migrations shipped in bot/store/migrations; no alembic.ini needed."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection
from sqlalchemy.engine import make_url

from bot.errors import UserFacingError
from bot.redact import HIDDEN, mask_urls, secret_pattern
from bot.store.engine import Database, open_database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """A Config built in code; env.py runs on `connection` when one is given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def upgrade_database(database: Database, revision: str = "head") -> None:
    """Bring the schema to `revision` (idempotent: a current schema is left alone)."""
    async with database.engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))


class DatabaseUnavailable(UserFacingError):
    """The database cannot be opened or migrated; the message names it (without its password) and why."""


async def open_migrated(database_url: str) -> Database:
    """Open DATABASE_URL and bring it to the newest schema, or raise DatabaseUnavailable in one line."""
    try:
        database = open_database(database_url)
    except Exception as exc:  # a folder that cannot be created, a URL that names no database
        raise DatabaseUnavailable(_unavailable(database_url, exc)) from exc
    try:
        await upgrade_database(database)
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
