"""The engine worker's memory budget (ENGINE_MEMORY_MB): measured after every job, kept by evicting models.

A worker that has briefed eight languages holds about a gigabyte of models. After each job the worker
reads its resident memory; over the budget, it drops the models it used longest ago, one at a time
(summarizers.model_cache), and hands the freed heap back to the system (a garbage collection, then glibc's
malloc_trim: without it a Python process keeps freed memory for itself). If it is still over the budget
with nothing left to evict, the pool replaces the worker with a fresh one (BriefingPool), which returns
everything. Runs in the worker process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from summarizers.model_cache import evict_least_recent

T = TypeVar("T")
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Measured(Generic[T]):
    """A job's result, with the worker's resident memory once it had kept its budget."""

    result: T
    resident_mb: float
    evicted: tuple[str, ...]  # the models dropped after this job, least recently used first


def run_within_budget(call: Callable[[], T], budget_mb: float) -> Measured[T]:
    """Run `call`, give its freed heap back, then evict models until the process is within `budget_mb`
    (0: no budget)."""
    result = call()
    trim_heap()  # a job's garbage: 10-15 MB of free heap an English worker would otherwise keep (under 1 ms)
    resident = resident_mb()
    evicted: list[str] = []
    while budget_mb > 0 and resident > budget_mb:
        name = evict_least_recent()
        if name is None:
            break
        evicted.append(name)
        release_memory()
        resident = resident_mb()
    if evicted:
        log.info(
            "engine memory %.0f MB after evicting %s (budget %.0f MB)",
            resident,
            ", ".join(evicted),
            budget_mb,
        )
    return Measured(result, resident, tuple(evicted))


def resident_mb() -> float:
    """This process's resident set in MB (VmRSS), or 0 where /proc cannot tell (the budget is then off)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def release_memory() -> None:
    """Collect unreachable objects and give free heap pages back to the system."""
    gc.collect()
    trim_heap()


def trim_heap() -> None:
    """Give free heap pages back to the system (no collection: cheap enough to run after every job)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, or None (musl, macOS: their allocators return memory by themselves or not at all)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None
