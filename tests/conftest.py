"""Shared fixtures and builders: the fixture web server, Settings for tests, databases (SQLite and
PostgreSQL), and the small builders several test modules use (a Briefing, a free port, the outbox)."""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from bot.settings import Settings
from bot.store import Database, open_database, upgrade_database
from bot.store.delivery_tables import OutboxRow
from summarizers import Briefing, SummarySentence
from tests.servers.gated import GatedWebServer
from tests.servers.web import FixtureSite, FixtureWebServer

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"


@pytest.fixture(scope="session")
def _web_server_process() -> Iterator[FixtureWebServer]:
    server = FixtureWebServer().start()
    yield server
    server.stop()


@pytest.fixture
def web_site(_web_server_process: FixtureWebServer) -> FixtureSite:
    """The fixture web server's state (hit counts, the changing feed), reset for each test."""
    _web_server_process.site.reset()
    return _web_server_process.site


@pytest.fixture
def web_server(web_site: FixtureSite) -> str:
    """Base URL of the local server with the ../shared fixtures and hostile endpoints (tests/servers/web.py)."""
    return web_site.base_url


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for tests: private addresses allowed (the fixture server is on 127.0.0.1), a temporary DB."""
    return Settings.load(
        environ={},
        env_file=None,
        fetch_allow_private=True,
        database_url=f"sqlite:///{tmp_path / 'test.sqlite3'}",
        fetch_total_timeout=10.0,
        fetch_read_timeout=5.0,
    )


def _postgres_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(
                    _postgres_url() is None, reason="TEST_DATABASE_URL is not set (PostgreSQL)"
                ),
            ],
        ),
    ]
)
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database URL of an empty database: an SQLite file, or a fresh PostgreSQL database per test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite3'}"
        return
    async for url in _fresh_postgres_database(str(_postgres_url())):
        yield url


async def _fresh_postgres_database(server_url: str) -> AsyncIterator[str]:
    """CREATE DATABASE for one test and DROP it after: tests never see each other's rows."""
    name = f"briefbot_test_{uuid.uuid4().hex[:12]}"
    admin = open_database(server_url, isolation_level="AUTOCOMMIT")
    async with admin.engine.connect() as connection:
        await connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.engine.connect() as connection:
            await connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


@pytest.fixture
async def database(db_url: str) -> AsyncIterator[Database]:
    """An upgraded, empty database on each backend in `db_url`."""
    db = open_database(db_url)
    await upgrade_database(db)
    yield db
    await db.close()


# -- builders ----------------------------------------------------------------------------------------


def make_briefing(*, sentences: tuple[str, ...] = ("One sentence.",), **fields: object) -> Briefing:
    """A Briefing with plain defaults (English, dated 2 Jan 2023, one summary sentence); `fields` override
    any of them, `sentences` gives the summary."""
    values: dict[str, object] = {
        "title": "A story",
        "url": None,
        "source": None,
        "language": "en",
        "published": dt.date(2023, 1, 2),
        "published_inferred": False,
        "summary": tuple(SummarySentence(text, n) for n, text in enumerate(sentences)),
    }
    values.update(fields)
    return Briefing(**values)  # type: ignore[arg-type]


def free_port() -> int:
    """A TCP port nobody listens on right now (for a listener the test starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def outbox_rows(database: Database, chat_id: int | None = None) -> list[OutboxRow]:
    """The outbox in queue order, of one chat or of all."""
    async with database.session() as session:
        query = select(OutboxRow).order_by(OutboxRow.id)
        if chat_id is not None:
            query = query.where(OutboxRow.chat_id == chat_id)
        return list(await session.scalars(query))


@pytest.fixture
def feeds() -> Iterator[GatedWebServer]:
    """Feeds with no items, answered at once: subscribing costs one fetch and no NLP
    (tests/servers/gated.py with its gate open)."""
    with GatedWebServer() as site:
        site.open()
        yield site
