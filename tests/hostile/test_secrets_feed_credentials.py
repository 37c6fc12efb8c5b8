"""Feed addresses never keep a password: stored ones lose it in migration 0011 (SQLite and PostgreSQL),
new ones are refused before anything is fetched, and the operator's CLI shows neither password nor key."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys

import pytest
from sqlalchemy import text

from bot.ingest.discovery import CredentialsRefused, resolve_feed
from bot.ingest.fetcher import Fetcher
from bot.store import open_database, upgrade_database
from tests.telegram.test_startup_faults import REPO

PASSWORD = "Hunter2Secret"


async def test_migration_strips_stored_credentials_and_switches_those_feeds_off(db_url: str) -> None:
    db = open_database(db_url)
    try:
        await upgrade_database(db, "0010")
        now = dt.datetime.now(dt.UTC)
        rows = [
            (1, f"http://reader:{PASSWORD}@a.example/feed", None, None),
            (2, "http://b.example/feed", None, None),
            (3, f"http://reader:{PASSWORD}@b.example/feed", f"http://u:{PASSWORD}@b.example/", None),
            (
                4,
                "http://c.example/feed?api_key=K3y",
                None,
                f"Cannot fetch http://x:{PASSWORD}@c.example/: 401",
            ),
        ]
        async with db.engine.begin() as connection:
            for feed_id, url, site, error in rows:
                await connection.execute(
                    text(
                        "INSERT INTO feeds (id, url, site_url, last_error, consecutive_failures, created_at) "
                        "VALUES (:id, :url, :site, :error, 0, :now)"
                    ),
                    {"id": feed_id, "url": url, "site": site, "error": error, "now": now},
                )
        await upgrade_database(db)
        async with db.engine.connect() as connection:
            stored = (
                await connection.execute(
                    text("SELECT id, url, site_url, last_error, deactivated_at FROM feeds ORDER BY id")
                )
            ).all()
    finally:
        await db.close()
    assert PASSWORD not in repr(stored)
    by_id = {row[0]: row for row in stored}
    assert by_id[1][1] == "http://a.example/feed" and by_id[1][4] is not None
    assert by_id[2][1] == "http://b.example/feed" and by_id[2][4] is None
    assert by_id[3][1] == "http://b.example/feed#credentials-removed-3" and by_id[3][4] is not None
    assert by_id[3][2] == "http://b.example/" and by_id[4][4] is None
    assert by_id[4][1] == "http://c.example/feed?api_key=K3y"  # a key in the query is masked when shown
    done = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "bot", "feeds", "list"],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "DATABASE_URL": db_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "a.example/feed" in done.stdout
    assert PASSWORD not in done.stdout + done.stderr and "K3y" not in done.stdout + done.stderr


@pytest.mark.parametrize(
    "url",
    [f"http://reader:{PASSWORD}@127.0.0.1:9/feed", "HTTPS://reader@127.0.0.1:9/feed", " http://a:b@h/ "],
)
async def test_an_address_with_credentials_is_refused_before_it_is_fetched(settings, url: str) -> None:
    async with Fetcher(settings) as fetcher:
        with pytest.raises(CredentialsRefused) as refused:
            await resolve_feed(fetcher, url)  # port 9 is closed: a fetch would fail differently
    assert PASSWORD not in refused.value.user_message and PASSWORD not in str(refused.value)
    assert "user name or password" in refused.value.user_message
