"""The engine's worker processes, without multiprocessing's resource tracker.

ProcessPoolExecutor's spawned workers take a third process along: multiprocessing starts its resource
tracker (a Python interpreter of its own, 13 MB) for every spawned child and for the named semaphores of the
pool's queues. Here each worker is a plain child process (subprocess) that reads pickled calls from one pipe
and writes their results to another, one call at a time; a thread per worker in the parent hands it the
next call. Nothing is named, so nothing needs tracking.

It behaves as ProcessPoolExecutor does where BriefingPool relies on it: workers start on demand from the
submitting thread (the parent-death signal is tied to that thread, see bot.ingest.parent_watch), run the
initializer first, a worker that dies breaks the pool (its job and every waiting one fail with
BrokenProcessPool), and `shutdown(wait, cancel_futures)` ends the workers after their jobs.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any

# The child's command: serve() with the two pipe ends it was given.
_SERVE = "import sys; from bot.ingest.engine_process import serve; serve(int(sys.argv[1]), int(sys.argv[2]))"

_Call = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]
_Job = tuple[Future[Any], Callable[..., Any], tuple[Any, ...], dict[str, Any]]


class EngineProcessPool(Executor):
    """`max_workers` child processes, each running `initializer(*initargs)` before its first call."""

    def __init__(
        self,
        max_workers: int,
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        self._max_workers = max(1, max_workers)
        self._setup: _Call | None = (initializer, initargs, {}) if initializer is not None else None
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._workers: list[_Worker] = []
        self._unfinished = 0  # jobs submitted and not done: a worker is started while they outnumber them
        self._lock = threading.RLock()  # a future cancelled under it runs _finished
        self._shutdown = False
        self._broken: str | None = None

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._lock:
            if self._broken is not None:
                raise BrokenProcessPool(self._broken)
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            future: Future[Any] = Future()
            self._jobs.put((future, fn, args, kwargs))
            self._unfinished += 1
            if self._unfinished > len(self._workers) and len(self._workers) < self._max_workers:
                self._workers.append(_Worker(self))  # started here: from the submitting thread
        future.add_done_callback(self._finished)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        with self._lock:
            self._shutdown = True
            if cancel_futures:
                self._cancel_waiting()
            workers = list(self._workers)
        for _ in workers:
            self._jobs.put(None)  # one stop per worker, after the jobs already queued
        if wait:
            for worker in workers:
                worker.join()

    def pids(self) -> list[int]:
        """The workers' process ids (for tests and the bench)."""
        return [worker.process.pid for worker in self._workers]

    def _next_job(self) -> _Job | None:
        return self._jobs.get()

    def _finished(self, future: Future[Any]) -> None:
        with self._lock:
            self._unfinished -= 1

    def _break(self, reason: str) -> None:
        """A worker died: the pool is broken, as ProcessPoolExecutor's is; every waiting job fails."""
        with self._lock:
            self._broken = self._broken or reason
            self._cancel_waiting(BrokenProcessPool(reason))
            workers = list(self._workers)
        for _ in workers:
            self._jobs.put(None)

    def _cancel_waiting(self, error: BaseException | None = None) -> None:
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                return
            if job is None:
                continue
            future = job[0]
            if error is None:
                future.cancel()
            elif future.set_running_or_notify_cancel():
                future.set_exception(error)


class _Worker:
    """One child process and the parent's thread that feeds it."""

    def __init__(self, pool: EngineProcessPool) -> None:
        self.pool = pool
        to_child, child_reads = os.pipe()[::-1]  # (write end, read end)
        parent_reads, from_child = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-c", _SERVE, str(child_reads), str(from_child)],
            pass_fds=(child_reads, from_child),
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(path or os.getcwd() for path in sys.path)},
        )
        os.close(child_reads)
        os.close(from_child)
        self._send = Connection(to_child, readable=False)
        self._receive = Connection(parent_reads, writable=False)
        self._thread = threading.Thread(target=self._feed, name="engine-worker-feeder", daemon=True)
        self._thread.start()

    def join(self) -> None:
        self._thread.join()
        self.process.wait()

    def _feed(self) -> None:
        try:
            if self.pool._setup is not None and not self._call(self.pool._setup, None):
                return
            while (job := self.pool._next_job()) is not None:
                future, fn, args, kwargs = job
                if not future.set_running_or_notify_cancel():
                    continue
                if not self._call((fn, args, kwargs), future):
                    return
        finally:
            self._send.close()  # the child reads the end of its input and exits
            self._receive.close()

    def _call(self, call: _Call, future: Future[Any] | None) -> bool:
        """Run one call in the child; False when the child is gone (the pool is then broken)."""
        try:
            self._send.send(call)
        except (OSError, EOFError):
            return self._died(future)
        except Exception as exc:  # the call could not be pickled: only this job fails
            if future is not None:
                future.set_exception(exc)
            return True
        try:
            ok, value, remote_traceback = self._receive.recv()
        except (OSError, EOFError):
            return self._died(future)
        except Exception as exc:  # the result could not be unpickled
            ok, value, remote_traceback = False, exc, None
        if remote_traceback is not None:
            value.__cause__ = RemoteTraceback(remote_traceback)
        if future is None:
            if not ok:
                return self._died(None, f"the engine worker's set-up failed: {value!r}")
        elif ok:
            future.set_result(value)
        else:
            future.set_exception(value)
        return True

    def _died(self, future: Future[Any] | None, reason: str | None = None) -> bool:
        code = self.process.wait()
        reason = reason or f"an engine worker process ended abruptly (exit code {code})"
        if future is not None:
            future.set_exception(BrokenProcessPool(reason))
        self.pool._break(reason)
        return False


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker, as its cause (ProcessPoolExecutor does the same)."""

    def __str__(self) -> str:
        return f"\n{self.args[0]}"


def serve(inbox_fd: int, outbox_fd: int) -> None:
    """The child: run each call that arrives and send back (True, result, None) or (False, exception, its
    traceback), until the parent closes the pipe."""
    inbox = Connection(inbox_fd, writable=False)
    outbox = Connection(outbox_fd, readable=False)
    while True:
        try:
            fn, args, kwargs = inbox.recv()
        except EOFError:
            return
        try:
            reply: tuple[bool, object, str | None] = (True, fn(*args, **kwargs), None)
        except BaseException as exc:
            reply = (False, exc, traceback.format_exc())
        try:
            outbox.send(reply)
        except Exception as exc:  # a result or an exception that cannot be pickled
            error = RuntimeError(f"the engine worker's answer could not be sent back: {exc!r}")
            outbox.send((False, error, None))
