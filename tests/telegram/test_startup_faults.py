"""Start-up and network faults as an operator meets them, each through the real `python -m bot run` process.

Telegram is the local Bot API server (tests/servers/botapi.py) or a closed port; the databases are real
(SQLite files, the PostgreSQL server of the test set-up).
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.store import outbox
from bot.store.engine import open_database
from bot.store.outbox import OutgoingMessage
from bot.store.tables import utcnow
from tests.servers.botapi import BotApiServer

REPO = Path(__file__).resolve().parents[2]
CHAT = 4242


def run_env(tmp_path: Path, **settings: str) -> dict[str, str]:
    """A clean environment for `python -m bot run` that imports this tree's code, not an installed copy."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(REPO),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "FETCH_ALLOW_PRIVATE": "true",
    }
    env.update(settings)
    return env


def run_bot(tmp_path: Path, timeout: float = 120, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        env=run_env(tmp_path, **settings),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_bot_talking_to(
    server: BotApiServer, tmp_path: Path, **settings: str
) -> subprocess.CompletedProcess[str]:
    """`briefbot run` with `server`'s token and address, and `settings`, until it exits."""
    return run_bot(tmp_path, TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_API_URL=server.base_url, **settings)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def briefbot_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("briefbot:")]


class BotProcess:
    """`python -m bot run` in the background, its stderr collected line by line."""

    def __init__(self, tmp_path: Path, **settings: str) -> None:
        self.tmp_path = tmp_path
        self.settings = settings
        self.lines: list[str] = []
        self.process: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None

    async def __aenter__(self) -> BotProcess:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            env=run_env(self.tmp_path, **self.settings),
            cwd=self.tmp_path,
            stderr=asyncio.subprocess.PIPE,
        )
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        async for raw in self.process.stderr:
            self.lines.append(raw.decode(errors="replace").rstrip("\n"))

    @property
    def stderr(self) -> str:
        return "\n".join(self.lines)

    async def wait_for_line(self, text: str, *, after: int = 0, timeout: float = 60) -> int:
        """Index of the first line from `after` on that contains `text`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for index in range(after, len(self.lines)):
                if text in self.lines[index]:
                    return index
            assert self.process is not None
            if self.process.returncode is not None and self._reader is not None and self._reader.done():
                break
            await asyncio.sleep(0.05)
        raise AssertionError(f"no line with {text!r}; stderr was:\n{self.stderr[-4000:]}")

    async def interrupt(self, timeout: float = 30) -> tuple[int, float]:
        """Ctrl-C; returns the exit code and the seconds it took to exit."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGINT)
        code = await asyncio.wait_for(self.process.wait(), timeout)
        return code, time.monotonic() - started

    @classmethod
    def talking_to(cls, server: BotApiServer, tmp_path: Path, **settings: str) -> BotProcess:
        """The bot process with `server`'s token and address, and `settings`."""
        return cls(tmp_path, TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_API_URL=server.base_url, **settings)

    async def __aexit__(self, *exc: object) -> None:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.kill()
            await self.process.wait()
        if self._reader is not None:
            await self._reader


@pytest.mark.slow
async def test_unreachable_telegram_is_retried_with_one_line_per_attempt_and_ctrl_c_stops_at_once(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/bot"
    async with BotProcess(
        tmp_path, TELEGRAM_BOT_TOKEN="123456:SECRET-token-value", TELEGRAM_API_URL=url
    ) as bot:
        first = await bot.wait_for_line("cannot reach Telegram")
        await bot.wait_for_line("attempt 3", after=first)
        code, seconds = await bot.interrupt()
    attempts = [line for line in bot.lines if "cannot reach Telegram" in line]
    assert url in attempts[0] and "Connect" in attempts[0]  # the URL and the cause
    assert ["next in 1 s" in attempts[0], "next in 2 s" in attempts[1], "next in 4 s" in attempts[2]] == [
        True
    ] * 3
    assert code == 0 and seconds < 10  # not after the next wait, nor after an engine worker loads its models
    assert "Traceback" not in bot.stderr and "SECRET-token-value" not in bot.stderr


@pytest.mark.slow
async def test_a_rejected_token_ends_the_start_in_one_line_without_retrying(tmp_path):
    async with BotApiServer() as server:
        done = await asyncio.to_thread(
            run_bot, tmp_path, TELEGRAM_BOT_TOKEN="999:revoked-token-value", TELEGRAM_API_URL=server.base_url
        )
        assert done.returncode == 1
        assert briefbot_lines(done.stderr) == [
            "briefbot: Telegram rejected the token; get a new one from @BotFather"
        ]
        assert "Traceback" not in done.stderr and "revoked-token-value" not in done.stderr
        assert len([r for r in server.requests if r.method == "getMe"]) == 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("database_url", "shown", "cause"),
    [
        # as root (the tests' user) no chmod makes a folder read-only; /proc refuses new files to anyone
        (
            "sqlite:////proc/briefbot.sqlite3",
            "sqlite:////proc/briefbot.sqlite3",
            "unable to open database file",
        ),
        ("sqlite:////proc/briefbot/bot.sqlite3", "sqlite:////proc/briefbot/bot.sqlite3", "No such file"),
        (
            "postgresql://postgres:hunter2@127.0.0.1:{port}/test",
            "postgresql://postgres:***@127.0.0.1:{port}/test",
            "Connect call failed",
        ),
    ],
)
async def test_a_database_that_cannot_be_opened_ends_the_start_in_one_line(
    tmp_path, database_url, shown, cause
):
    port = closed_port()
    async with BotApiServer() as server:
        done = await asyncio.to_thread(
            run_bot_talking_to,
            server,
            tmp_path,
            DATABASE_URL=database_url.format(port=port),
        )
    assert done.returncode == 1
    [line] = briefbot_lines(done.stderr)
    assert (
        line.startswith(f"briefbot: cannot open the database {shown.format(port=port)}: ") and cause in line
    )
    assert "hunter2" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
@pytest.mark.postgres
async def test_a_postgresql_role_that_does_not_exist_ends_the_start_in_one_line(tmp_path):
    """The server trusts every local role, so a wrong password cannot be provoked here; an unknown role can."""
    if not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        pytest.skip("needs TEST_DATABASE_URL pointing at PostgreSQL")
    async with BotApiServer() as server:
        done = await asyncio.to_thread(
            run_bot_talking_to,
            server,
            tmp_path,
            DATABASE_URL="postgresql://no_such_role:s3cr3t-pw@127.0.0.1:5432/test",
        )
    assert done.returncode == 1
    [line] = briefbot_lines(done.stderr)
    assert "postgresql://no_such_role:***@127.0.0.1:5432/test" in line and "no_such_role" in line
    assert "s3cr3t-pw" not in done.stderr


@pytest.mark.parametrize(
    ("url", "secret", "complaint"),
    [
        ("http://bot.example.org/hook", "s3cret", "WEBHOOK_URL must be an https:// URL"),
        ("https://bot.example.org/hook", "", "WEBHOOK_SECRET must be set"),
        ("https://bot.example.org/hook", "has spaces!", "WEBHOOK_SECRET may hold only"),
        ("https://bot.example.org/hook", "x" * 257, "WEBHOOK_SECRET may hold only"),
    ],
)
def test_a_webhook_telegram_would_refuse_is_refused_before_start(tmp_path, url, secret, complaint):
    done = run_bot(
        tmp_path,
        TELEGRAM_BOT_TOKEN="123456:ABC",
        TELEGRAM_API_URL=f"http://127.0.0.1:{closed_port()}/bot",
        WEBHOOK_URL=url,
        WEBHOOK_SECRET=secret,
    )
    assert done.returncode == 2
    [line] = briefbot_lines(done.stderr)
    assert complaint in line
    assert "cannot reach Telegram" not in done.stderr  # refused before anything started
    if secret:
        assert secret not in line


@pytest.mark.slow
async def test_a_taken_webhook_port_ends_the_start_in_one_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with BotApiServer() as server:
            done = await asyncio.to_thread(
                run_bot_talking_to,
                server,
                tmp_path,
                WEBHOOK_URL=f"http://127.0.0.1:{port}/hook",
                WEBHOOK_SECRET="s3cret",
                PORT=str(port),
            )
    assert done.returncode == 1
    [line] = briefbot_lines(done.stderr)
    assert f"cannot listen for Telegram's webhook on 0.0.0.0:{port}" in line and "set PORT" in line
    assert "Traceback" not in done.stderr
    assert server.webhook is None  # Telegram was never told to post where nobody listens


@pytest.mark.slow
async def test_telegram_lost_while_running_is_logged_and_nothing_is_lost_when_it_returns(tmp_path):
    server = BotApiServer()
    await server.start()
    try:
        async with BotProcess(
            tmp_path, TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_API_URL=server.base_url, LOG_LEVEL="DEBUG"
        ) as bot:
            await bot.wait_for_line("briefbot is up")
            server.push_message(CHAT, CHAT, "/start")
            await server.wait_for_message(CHAT, timeout=60)
            before = len(server.sent_messages(CHAT))

            await server.stop()
            lost = await bot.wait_for_line("lost the connection to Telegram")
            server.push_message(CHAT, CHAT, "/help")  # waits at Telegram for the bot to come back
            await _queue_message(tmp_path, CHAT, "Queued while Telegram was away")
            await asyncio.sleep(8)  # the sender tries, fails to connect and pauses, several times

            await server.start()
            back = await bot.wait_for_line("answers again", after=lost, timeout=60)
            help_reply = await server.wait_for_message(
                CHAT, lambda m: "/timeline" in (m.text or ""), timeout=60
            )
            queued = await server.wait_for_message(
                CHAT, lambda m: "while Telegram was away" in m.text, timeout=60
            )
            code, _ = await bot.interrupt()
    finally:
        await server.stop()
    print("\n".join(line for line in bot.lines if "WARNING" in line))
    assert help_reply.message_id > before and queued.text == "Queued while Telegram was away"
    assert [line for line in bot.lines if "lost the connection" in line] == [bot.lines[lost]]
    assert [line for line in bot.lines if "answers again" in line] == [bot.lines[back]]
    assert "Traceback" not in bot.stderr and server.token not in bot.stderr
    assert "bot<redacted>/getUpdates" in bot.stderr  # httpx logs request URLs at DEBUG: token masked
    assert code == 0
    database = open_database(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    try:
        assert (await outbox.status_counts(database)).get("sent", 0) >= 1
        assert not (await outbox.status_counts(database)).get("failed")
    finally:
        await database.close()


async def _queue_message(tmp_path: Path, chat_id: int, text: str) -> None:
    """An outbox row, as the planner would write it, due now."""
    database = open_database(f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    try:
        async with database.session() as session:
            await outbox.enqueue(
                session,
                chat_id,
                [OutgoingMessage(kind="digest", key=f"test-{text}", text=text)],
                due_at=utcnow(),
            )
    finally:
        await database.close()


@pytest.mark.slow
async def test_digest_send_meets_a_rejected_token_and_a_missing_database_like_run(tmp_path):
    async with BotApiServer() as server:
        env = run_env(
            tmp_path, TELEGRAM_BOT_TOKEN="999:revoked-token-value", TELEGRAM_API_URL=server.base_url
        )
        rejected = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "digest", "send", "--all"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        env["DATABASE_URL"] = "sqlite:////proc/briefbot.sqlite3"
        no_database = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "digest", "deliver"],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert rejected.returncode == 1 and "Traceback" not in rejected.stderr
    assert briefbot_lines(rejected.stderr) == [
        "briefbot: Telegram rejected the token; get a new one from @BotFather"
    ]
    assert no_database.returncode == 1 and "Traceback" not in no_database.stderr
    assert briefbot_lines(no_database.stderr)[0].startswith(
        "briefbot: cannot open the database sqlite:////proc/"
    )
