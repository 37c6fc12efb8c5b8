"""A `kill -9` of `briefbot run` or `briefbot poll` leaves nothing behind: the engine worker ends with it
(bot.ingest.parent_watch), instead of living on as an orphan of hundreds of MB, one per crash under a
supervisor that restarts the bot. (The workers are plain child processes, bot.ingest.engine_process: there is
no multiprocessing resource tracker to outlive the bot either.)

Real processes throughout: `python -m bot run` against the strict local Bot API server, `python -m bot
poll` against the fixture web server; their process trees are read from /proc (Linux only). The waits are
generous bounds, not speed assertions.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from bot.store import open_database, queries, upgrade_database
from tests.servers.botapi import BotApiServer
from tests.telegram.test_startup_faults import BotProcess, run_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads process trees from /proc"),
]
ENGINE_WORKER = "bot.ingest.engine_process"  # `python -c 'from bot.ingest.engine_process import serve ...'`
RESOURCE_TRACKER = "resource_tracker"


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a live process; None once it is gone (or a zombie: its memory is freed)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text.rsplit(")", 1)[1].split()
    return None if fields[0] in {"Z", "X"} else (fields[0], int(fields[1]))


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return ""


def descendants(root: int) -> dict[int, str]:
    """Every live process below `root`, with its command line."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))) is not None:
            parents[int(entry)] = stat[1]
    found: dict[int, str] = {}
    frontier = [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found[pid] = _cmdline(pid)
                frontier.append(pid)
    return found


async def wait_for_engine_worker(root: int, timeout: float = 120) -> dict[int, str]:
    """The process tree once it holds the engine worker (and, checked, no resource tracker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tree = descendants(root)
        commands = " | ".join(tree.values())
        if ENGINE_WORKER in commands:
            assert RESOURCE_TRACKER not in commands
            return tree
        await asyncio.sleep(0.2)
    raise AssertionError(f"no engine worker below {root} after {timeout} s: {descendants(root)}")


async def assert_all_gone_after_sigkill(parent: int, children: dict[int, str], timeout: float = 60) -> None:
    """SIGKILL `parent`, then wait until every one of `children` is gone. Survivors are the test's own
    processes: they are killed (by pid) before failing, or they would hold its pipes open for ever."""
    os.kill(parent, signal.SIGKILL)
    deadline = time.monotonic() + timeout
    alive = children
    try:
        while time.monotonic() < deadline:
            alive = {pid: command for pid, command in children.items() if _stat(pid) is not None}
            if not alive:
                return
            await asyncio.sleep(0.2)
    finally:
        for pid in [pid for pid in children if _stat(pid) is not None]:
            os.kill(pid, signal.SIGKILL)
    raise AssertionError(f"still running {timeout} s after their parent was killed: {alive}")


async def test_killing_briefbot_run_ends_its_engine_worker(tmp_path):
    async with (
        BotApiServer() as server,
        BotProcess(tmp_path, TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_API_URL=server.base_url) as bot,
    ):
        await bot.wait_for_line("briefbot is up")  # the warm-up then starts the engine worker
        assert bot.process is not None
        children = await wait_for_engine_worker(bot.process.pid)
        await assert_all_gone_after_sigkill(bot.process.pid, children)
        assert await asyncio.wait_for(bot.process.wait(), 30) == -signal.SIGKILL


async def test_killing_briefbot_poll_ends_its_engine_worker(tmp_path, web_server):
    env = run_env(tmp_path)
    database = open_database(env["DATABASE_URL"])
    try:
        await upgrade_database(database)
        async with database.session() as session:
            await queries.add_feed(session, f"{web_server}/generated/local.rss")
    finally:
        await database.close()
    with (tmp_path / "poll.log").open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "poll", env=env, cwd=tmp_path, stdout=log, stderr=log
        )
        try:
            children = await wait_for_engine_worker(process.pid)  # started for the feed's first page
            await assert_all_gone_after_sigkill(process.pid, children)
        finally:
            if process.returncode is None:
                process.kill()
            code = await asyncio.wait_for(process.wait(), 30)
    assert code == -signal.SIGKILL


WATCHDOG_PARENT = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
import multiprocessing
from bot.ingest.parent_watch import die_with_parent

if __name__ == "__main__":
    pool = ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"), initializer=die_with_parent,
        initargs=(os.getpid(), False),
    )
    print(pool.submit(os.getpid).result(), flush=True)
    time.sleep(600)
"""


async def test_without_the_parent_death_signal_the_watchdog_ends_the_worker(tmp_path):
    """The portable path (other systems, or workers started from a thread other than the main one)."""
    script = tmp_path / "parent.py"
    script.write_text(WATCHDOG_PARENT)
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(script), env=run_env(tmp_path), stdout=asyncio.subprocess.PIPE
    )
    try:
        assert process.stdout is not None
        worker = int(await asyncio.wait_for(process.stdout.readline(), 60))
        children = descendants(process.pid)
        assert worker in children
        await assert_all_gone_after_sigkill(process.pid, children)
    finally:
        if process.returncode is None:
            process.kill()
        await asyncio.wait_for(process.wait(), 30)
