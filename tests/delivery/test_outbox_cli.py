"""`briefbot digest status` and `resend`: what an operator sees of unknown outcomes, and the way to resend."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys

from bot.store import outbox
from bot.store.engine import Database
from bot.store.outbox import OutgoingMessage, enqueue, status_counts
from bot.store.tables import utcnow
from tests.delivery.seed import add_chat


async def briefbot(db_url: str, *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "digest", *args,
        env={**os.environ, "DATABASE_URL": db_url, "TELEGRAM_BOT_TOKEN": ""},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, stdout.decode() + stderr.decode()


async def test_status_lists_unknown_outcomes_and_resend_queues_them_again(database: Database, db_url: str):
    await add_chat(database, 7, created=utcnow())
    async with database.session() as session:
        await enqueue(
            session, 7, [OutgoingMessage(key="d:7:1", text="one"), OutgoingMessage(key="d:7:2", text="two")],
            due_at=utcnow(),
        )  # fmt: skip
    assert await outbox.unfinished_messages(database) == []
    claimed = await outbox.claim_due(database, "test", now=utcnow(), limit=2, lease=dt.timedelta(seconds=60))
    assert len(claimed) == 1  # a chat's oldest unfinished row only
    await outbox.mark_finished(database, claimed[0].id, outbox.UNKNOWN, "outcome unknown: ReadTimeout()")

    code, shown = await briefbot(db_url, "status")
    assert code == 0, shown
    assert "1 pending" in shown and "1 unknown" in shown
    assert f"#{claimed[0].id}  chat 7" in shown and "ReadTimeout" in shown

    code, said = await briefbot(db_url, "resend", str(claimed[0].id), "999999")
    assert code == 1, said  # one of the two ids is no unknown or failed message
    assert "queued 1 of 2" in said
    assert await status_counts(database) == {"pending": 2}
    assert await outbox.unfinished_messages(database) == []
