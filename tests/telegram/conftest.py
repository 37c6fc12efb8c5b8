"""A running bot: the real Application that `briefbot run` builds, long-polling a local Bot API server.

Only Telegram itself is replaced (it can't be reached from here): tests/servers/botapi.py speaks the Bot
API over real HTTP and is as strict as Telegram. The engine runs in a thread pool instead of the
production process pool, so each test doesn't pay for spawning a process and loading spaCy again.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from telegram.ext import Application

from bot.runtime import Runtime
from bot.settings import Settings
from bot.telegram.app import build_application, serve
from bot.telegram.render import LAYOUT
from tests.servers.botapi import BotApiServer, SentMessage

USER, PRIVATE_CHAT = 1001, 1001


@dataclass
class RunningBot:
    server: BotApiServer
    runtime: Runtime
    web: str  # base URL of the fixture web server
    application: Application | None = None

    def say(self, text: str, *, chat: int = PRIVATE_CHAT, user: int = USER, **kwargs: object) -> SentMessage:
        return self.server.push_message(chat, user, text, **kwargs)

    async def reply(self, chat: int, predicate=lambda m: True, *, after: int = 0, timeout: float = 30.0):  # type: ignore[no-untyped-def]
        return await self.server.wait_for_message(chat, predicate, after=after, timeout=timeout)

    def last_id(self, chat: int = PRIVATE_CHAT) -> int:
        sent = self.server.sent_messages(chat, include_deleted=True)
        return max((m.message_id for m in sent), default=0)

    async def tap(self, chat: int, user: int, data: str, message_id: int) -> str | None:
        """Tap a button under `message_id` and return the toast or alert it was answered with."""
        query_id = self.server.push_callback(chat, user, data, message_id)
        await self.server.wait_for(
            lambda: not any(q.query_id == query_id for q in self.server.unanswered_callbacks())
        )
        return next(q for q in self.server.callback_queries() if q.query_id == query_id).answer_text

    async def idle(self) -> None:
        """Wait until every pushed update was fetched and every tap answered."""
        await self.server.wait_for(lambda: not self.server.pending_updates(), timeout=30)
        await self.server.wait_for(lambda: not self.server.unanswered_callbacks(), timeout=30)


def callback_data(message: SentMessage, prefix: str) -> list[str]:
    """The callback data of the message's buttons that start with `prefix`."""
    return [b["callback_data"] for b in message.buttons if b.get("callback_data", "").startswith(prefix)]


def bot_settings(server: BotApiServer, tmp_path: Path, **overrides: object) -> Settings:
    """Settings of a bot talking to `server`, with its own SQLite file and fetching from 127.0.0.1 allowed."""
    values: dict[str, object] = {
        "telegram_bot_token": server.token,
        "telegram_api_url": server.base_url,
        "telegram_file_url": server.file_url,
        "fetch_allow_private": True,
        "database_url": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "fetch_total_timeout": 15.0,
    }
    return Settings.load(environ={}, env_file=None, **(values | overrides))


@contextlib.asynccontextmanager
async def started_bot(tmp_path: Path, web: str, **overrides: object) -> AsyncIterator[RunningBot]:
    """A running bot on its own Bot API server; `overrides` change its settings (e.g. a PostgreSQL
    database_url, or a tight on_demand_per_minute)."""
    async with BotApiServer() as server:
        settings = bot_settings(server, tmp_path, **({"on_demand_per_minute": 1000} | overrides))
        runtime = await Runtime.start(settings, layout=LAYOUT, pool_kind="thread")
        stop = asyncio.Event()
        application = build_application(runtime, schedule_jobs=False)
        task = asyncio.create_task(serve(application, stop))
        try:
            await server.wait_for(lambda: server.calls("deleteWebhook") or task.done(), timeout=30)
            if task.done():
                task.result()
            yield RunningBot(server, runtime, web, application)
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=30)
            await runtime.close()
            await finish_abandoned_sqlite_closes()


async def finish_abandoned_sqlite_closes() -> None:
    """Work around a hang outside our code (SQLAlchemy 2 + aiosqlite 0.22): a connection left by a task
    cancelled at shutdown is closed "gracefully" in a task of its own whose close is sometimes never answered,
    and pytest-asyncio's loop then waits for it forever (about 1 run in 6 of tests/hostile/test_fair_use.py).
    Such a task gets two seconds, then its close is answered here, so the test's loop can end."""
    gc.collect()
    stuck = [
        t
        for t in asyncio.all_tasks()
        if t is not asyncio.current_task()
        and "_terminate_graceful_close" in getattr(t.get_coro(), "__qualname__", "")
    ]
    if not stuck:
        return
    _, pending = await asyncio.wait(stuck, timeout=2)
    for left in pending:
        waiter = getattr(left, "_fut_waiter", None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
    if pending:
        await asyncio.wait(pending, timeout=2)


@pytest.fixture
async def running_bot(tmp_path: Path, web_server: str) -> AsyncIterator[RunningBot]:
    async with started_bot(tmp_path, web_server) as bot:
        yield bot
