"""Worker processes end when the process that started them dies, even by SIGKILL.

A ProcessPoolExecutor worker waits on a pipe it holds both ends of, so it never sees its parent go: after
a `kill -9` of `briefbot run` or `poll` the engine worker (hundreds of MB of models) and, through it, the
multiprocessing resource tracker (it exits when the last holder of its pipe does) lived on as orphans,
one set per crash under a supervisor that restarts the bot.

On Linux the kernel sends the worker SIGKILL when its parent dies (prctl PR_SET_PDEATHSIG). The kernel
ties that signal to the *thread* that started the worker, so it is asked for only when the parent spawns
workers from its main thread (the event loop's thread in `run` and `poll`); elsewhere, and on other
systems, a watchdog thread notices the parent is gone within WATCHDOG_SECONDS.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
WATCHDOG_SECONDS = 1.0


def parent_death_signal_usable() -> bool:
    """True when workers started from this thread may rely on the parent-death signal: Linux, main thread
    (a worker started from another thread would be killed when that thread ends, parent alive or not)."""
    return sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread()


def die_with_parent(parent_pid: int, use_signal: bool) -> None:
    """Run first in a worker: end this process when `parent_pid` is no longer its parent."""
    if not (use_signal and _ask_kernel_for_sigkill_on_parent_death()):
        threading.Thread(target=_watch_parent, args=(parent_pid,), name="parent-watch", daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before we asked: nobody will send the signal
        os._exit(1)


def _ask_kernel_for_sigkill_on_parent_death() -> bool:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)
