"""Real sender processes: killed with SIGKILL in the middle of a round, and two of them side by side."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import signal
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.delivery.planner import Planner
from bot.settings import Settings
from bot.store.delivery_tables import OutboxRow
from bot.store.engine import Database, open_database
from bot.store.migrate import upgrade_database
from bot.store.tables import utcnow
from bot.telegram.render import LAYOUT
from tests.conftest import outbox_rows
from tests.delivery.seed import add_briefing, add_chat, add_feed, subscribe
from tests.servers.botapi import BotApiServer

LEASE_SECONDS = "5"


@pytest.fixture
def server() -> Iterator[BotApiServer]:
    """The Bot API server in a thread, with Telegram's limits, for bots in other processes."""
    with BotApiServer(limits=True) as api:
        yield api


async def seed_chats(database: Database, server: BotApiServer, chats: int) -> list[int]:
    """`chats` private chats subscribed to one feed with two fresh briefings: one digest message each."""
    now = utcnow()
    feed = await add_feed(database, "Wire")
    ids = list(range(1001, 1001 + chats))
    for chat_id in ids:
        server.add_chat(chat_id)
        await add_chat(database, chat_id, created=now - dt.timedelta(days=1))
        await subscribe(database, chat_id, feed, at=now - dt.timedelta(days=1))
    await add_briefing(database, feed, "Parliament passes the budget", at=now - dt.timedelta(minutes=5))
    await add_briefing(database, feed, "Storm closes the airport", at=now - dt.timedelta(minutes=4))
    return ids


def environment(server: BotApiServer, db_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": db_url,
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_URL": server.base_url,
        "LOG_LEVEL": "WARNING",
    }


async def briefbot(cwd: Path, env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def finished(process: asyncio.subprocess.Process, timeout: float = 120) -> str:
    stdout, stderr = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode == 0, stderr.decode()[-2000:]
    return stdout.decode()


@pytest.mark.slow
async def test_a_sender_killed_mid_round_and_restarted_delivers_every_digest_exactly_once(
    server: BotApiServer, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'kill.sqlite3'}"
    database = open_database(db_url)
    await upgrade_database(database)
    chats = await seed_chats(database, server, 60)
    env = environment(server, db_url)

    first = await briefbot(tmp_path, env, "digest", "send", "--all", "--lease-seconds", LEASE_SECONDS)
    await server.wait_for(lambda: len(server.sent_messages()) >= 20, timeout=60)
    first.kill()  # SIGKILL: no cleanup, rows left claimed or sending
    await first.wait()
    assert first.returncode == -signal.SIGKILL
    at_kill = len(server.sent_messages())
    assert at_kill < len(chats)

    await finished(await briefbot(tmp_path, env, "digest", "send", "--all", "--lease-seconds", LEASE_SECONDS))

    rows = await outbox_rows(database)
    await database.close()
    got = Counter(m.chat_id for m in server.sent_messages())
    unknown = {r.chat_id for r in rows if r.status == "unknown"}
    assert max(got.values()) == 1  # nobody got a digest twice
    assert {r.status for r in rows} <= {"sent", "unknown"}
    assert len(unknown) <= 2  # only rows in flight at the kill can have an unknown outcome
    assert {c for c in chats if got[c] != 1} <= unknown  # everyone else got theirs
    assert len({r.idempotency_key for r in rows}) == len(rows) == len(chats)
    assert [e.description for e in server.errors if not e.injected] == []


@pytest.mark.slow
async def test_two_sender_processes_share_the_work_and_the_global_rate(
    server: BotApiServer, db_url: str, settings: Settings, tmp_path: Path
) -> None:
    database = open_database(db_url)
    await upgrade_database(database)
    chats = await seed_chats(database, server, 100)
    await Planner(database, settings, LAYOUT).plan_now()
    async with database.session() as session:  # due once both processes are up, so both take part
        await session.execute(update(OutboxRow).values(due_at=utcnow() + dt.timedelta(seconds=6)))
    env = environment(server, db_url)

    senders = [await briefbot(tmp_path, env, "digest", "deliver", "--lease-seconds", "30") for _ in range(2)]
    for process in senders:
        await finished(process)

    rows = await outbox_rows(database)
    await database.close()
    assert Counter(m.chat_id for m in server.sent_messages()) == Counter(chats)
    assert {r.status for r in rows} == {"sent"}
    assert len({r.claimed_by for r in rows}) == 2  # both processes sent
    assert [e.description for e in server.errors] == []  # no 429: the global rate stayed global
