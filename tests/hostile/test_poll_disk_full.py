"""A poll on a full disk: `briefbot poll --once` exits 1 and names the feeds it could not store, and a
failure the database can still record is counted against the feed. Before, the poll exited 0 and
nothing was recorded.

The disk is real: a tmpfs mounted for the test (we run as root here) and filled by the page server at
the moment the poller fetches the entry's page, so the claim succeeds and storing the article meets
ENOSPC, as on a disk that fills during a poll. Without the right to mount, that test is skipped and
SQLite's `PRAGMA max_page_count` is the nearest real equivalent: SQLITE_FULL comes back through the same
driver and SQLAlchemy path (the second test, which runs everywhere).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from bot.store import Database, open_database, upgrade_database
from tests.hostile.poll_fixtures import PollerFactory, add_feed, feed_record, make_poller, payloads
from tests.servers.payloads import PayloadServer, rss

__all__ = ["make_poller", "payloads"]  # fixtures

ROOT = Path(__file__).resolve().parents[2]
DISK_BYTES = 8 * 1024 * 1024
LEASE_SECONDS = 2  # the full disk kept the first poll from giving its feed back: the lease runs out
PAGE = (
    "<html><head><title>Budget passed</title></head><body><article><p>"
    + " ".join(f"The council approved budget line {n} on Tuesday after a long debate." for n in range(15))
    + "</p></article></body></html>"
).encode()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A tmpfs of DISK_BYTES mounted under tmp_path, unmounted after the test."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES}", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}); see the max_page_count test")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(disk: Path) -> None:
    """Write to `disk` until it has no byte left."""
    with (disk / "filler").open("ab") as filler:
        for chunk in (1 << 20, 1 << 12, 1):
            with contextlib.suppress(OSError):
                while True:
                    filler.write(b"\0" * chunk)
                    filler.flush()
    probe = disk / "probe"
    with pytest.raises(OSError) as full:
        probe.write_bytes(b"\0" * 8192)
    assert full.value.errno == errno.ENOSPC


def briefbot(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {
        "DATABASE_URL": database_url,
        "FETCH_ALLOW_PRIVATE": "true",
        "NLP_WORKERS": "1",
        "POLL_LEASE_SECONDS": str(LEASE_SECONDS),
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
async def test_poll_on_a_full_disk_exits_non_zero_and_names_the_feed(
    small_disk: Path, tmp_path: Path, payloads: PayloadServer
) -> None:
    database_url = f"sqlite:///{small_disk / 'briefbot.sqlite3'}"
    page_url = payloads.put(
        "/fills-the-disk.html", PAGE, "text/html; charset=utf-8", on_request=lambda: fill(small_disk)
    )
    item = f"<item><guid>budget</guid><title>Budget passed</title><link>{page_url}</link></item>"
    feed_url = payloads.put("/disk.rss", rss([item]), "application/rss+xml")
    database = open_database(database_url)
    try:
        await upgrade_database(database)
        await add_feed(database, feed_url)
    finally:
        await database.close()

    full = briefbot("poll", "--once", database_url=database_url, cwd=tmp_path)
    assert full.returncode == 1, full.stderr[-2000:]
    assert "1 feed(s) could not be stored" in full.stderr
    assert f"  {feed_url}: the database failed (database or disk is full)" in full.stderr

    (small_disk / "filler").unlink()
    await asyncio.sleep(LEASE_SECONDS + 1)
    payloads.put("/fills-the-disk.html", PAGE, "text/html; charset=utf-8")  # no longer fills it
    again = briefbot("poll", "--once", database_url=database_url, cwd=tmp_path)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "1 new articles" in again.stdout


async def test_full_database_is_counted_as_a_failure_of_the_feed(
    tmp_path: Path, make_poller: PollerFactory, payloads: PayloadServer, database: Database
) -> None:
    if not database.is_sqlite:
        pytest.skip("max_page_count is SQLite's; PostgreSQL's internal failures: test_poll_internal_failures")
    long_page = PAGE.replace(b"</p>", b" ".join([b"The debate went on into the night."] * 300) + b"</p>")
    page_url = payloads.put("/page-for-full-db.html", long_page, "text/html; charset=utf-8")  # > 1 page
    item = f"<item><guid>budget</guid><title>Budget passed</title><link>{page_url}</link></item>"
    feed_id = await add_feed(database, payloads.put("/full-db.rss", rss([item]), "application/rss+xml"))
    async with database.engine.connect() as connection:
        await connection.exec_driver_sql("VACUUM")  # no free pages left to reuse
        pages = int((await connection.exec_driver_sql("PRAGMA page_count")).scalar_one())

    def no_more_pages(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA max_page_count = {pages}")  # updates in place still fit
        cursor.close()

    event.listen(database.engine.sync_engine, "connect", no_more_pages)
    await database.engine.dispose()  # every connection from now on is held to `pages`
    async with make_poller() as poller:
        report = await poller.poll_once()
    (result,) = report.results
    reason = "the database failed (database or disk is full)"
    assert (result.status, result.error, result.internal_error, result.new_articles) == (
        "failed",
        reason,
        True,
        0,
    )
    feed = await feed_record(database, feed_id)
    assert (feed.consecutive_failures, feed.last_error) == (1, reason)
