"""The engine's worker processes (bot.ingest.engine_process): results and errors come back as from
ProcessPoolExecutor, a dead worker breaks the pool, shutdown ends the workers, and no resource tracker
(a third Python process, 13 MB) is started."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import CancelledError
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from bot.ingest.engine_process import EngineProcessPool, RemoteTraceback

ROOT = Path(__file__).resolve().parents[2]
_SET_UP: dict[str, int] = {}


def _set_up(value: int) -> None:
    _SET_UP["value"] = value


def _set_up_value() -> int:
    return _SET_UP["value"]


def _divide(a: int, b: int) -> float:
    return a / b


def _exit_now(code: int) -> None:
    os._exit(code)


def _wait_for(path: str) -> str:
    """Keeps a worker busy until the test writes the file, while more jobs queue behind it."""
    while not os.path.exists(path):
        time.sleep(0.01)
    return Path(path).read_text()


def test_results_errors_and_the_initializer_run_in_the_worker_process() -> None:
    pool = EngineProcessPool(1, initializer=_set_up, initargs=(7,))
    try:
        assert pool.submit(_set_up_value).result(timeout=60) == 7
        assert pool.submit(os.getpid).result(timeout=60) == pool.pids()[0] != os.getpid()
        error = pool.submit(_divide, 1, 0).exception(timeout=60)
        assert isinstance(error, ZeroDivisionError)
        assert isinstance(error.__cause__, RemoteTraceback) and "_divide" in str(error.__cause__)
        assert pool.submit(_divide, 6, b=3).result(timeout=60) == 2
    finally:
        pool.shutdown()
    assert [pid for pid in pool.pids() if Path(f"/proc/{pid}").exists()] == []


def test_a_call_that_cannot_be_pickled_fails_alone() -> None:
    pool = EngineProcessPool(1)
    try:
        assert pool.submit(lambda: 1).exception(timeout=60) is not None
        assert pool.submit(_divide, 1, 4).result(timeout=60) == 0.25
    finally:
        pool.shutdown()


def test_workers_start_on_demand_up_to_the_limit(tmp_path: Path) -> None:
    go = tmp_path / "go"
    pool = EngineProcessPool(2)
    try:
        first = pool.submit(_wait_for, str(go))
        assert len(pool.pids()) == 1
        second = pool.submit(_wait_for, str(go))
        third = pool.submit(_wait_for, str(go))
        assert len(pool.pids()) == 2  # the third job waits for a worker
        go.write_text("go")
        assert [f.result(timeout=60) for f in (first, second, third)] == ["go"] * 3
        assert len(pool.pids()) == 2
    finally:
        pool.shutdown()


def test_a_worker_that_dies_breaks_the_pool_for_its_job_and_the_waiting_ones(tmp_path: Path) -> None:
    go = tmp_path / "go"
    pool = EngineProcessPool(1)
    try:
        blocked = pool.submit(_wait_for, str(go))
        dies = pool.submit(_exit_now, 3)
        waiting = pool.submit(_divide, 1, 1)
        go.write_text("go")
        assert blocked.result(timeout=60) == "go"
        assert isinstance(dies.exception(timeout=60), BrokenProcessPool)
        assert isinstance(waiting.exception(timeout=60), BrokenProcessPool)
        with pytest.raises(BrokenProcessPool):
            pool.submit(_divide, 1, 1)
    finally:
        pool.shutdown()


def test_shutdown_cancelling_the_waiting_jobs_finishes_the_running_one(tmp_path: Path) -> None:
    go = tmp_path / "go"
    pool = EngineProcessPool(1)
    running = pool.submit(_wait_for, str(go))
    waiting = pool.submit(_divide, 1, 1)
    while not running.running():  # handed to the worker
        time.sleep(0.01)
    pool.shutdown(wait=False, cancel_futures=True)
    go.write_text("done")
    pool.shutdown(wait=True)
    assert running.result(timeout=60) == "done"
    with pytest.raises(CancelledError):
        waiting.result(timeout=0)
    with pytest.raises(RuntimeError):
        pool.submit(_divide, 1, 1)


NO_TRACKER = """
from bot.ingest.engine_process import EngineProcessPool
from pathlib import Path
import os
pool = EngineProcessPool(1)
worker = pool.submit(os.getpid).result(timeout=60)
children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split()
print(" ".join(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\\0", b" ").decode() for pid in children))
pool.shutdown()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from /proc")
def test_the_pool_starts_no_resource_tracker() -> None:
    """ProcessPoolExecutor's spawned workers start multiprocessing's resource tracker; these do not."""
    done = subprocess.run(
        [sys.executable, "-c", NO_TRACKER],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "bot.ingest.engine_process" in done.stdout
    assert "resource_tracker" not in done.stdout
