"""Data with a lifecycle: the retention settings turned into cutoffs, and the pruning pass that deletes
what is past them (bot/store/retention.py says what each kind keeps), then gives SQLite's freed pages
back to the file system.

`briefbot run` prunes every PRUNE_PERIOD (`schedule_pruning`); `briefbot db prune [--dry-run]` does it
once. Every delete is idempotent and runs a batch at a time, so several processes pruning at once delete
each row once and never hold a lock for long.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Any

from bot.settings import Settings
from bot.store import retention
from bot.store.engine import Database, enable_incremental_vacuum, reclaim_free_pages
from bot.store.retention import Cutoffs, PruneReport
from bot.store.tables import utcnow

log = logging.getLogger(__name__)
PRUNE_PERIOD = dt.timedelta(hours=1)
FIRST_PRUNE_AFTER = dt.timedelta(minutes=5)  # not while the bot is starting and catching up
JOB_ID = "prune"


@dataclass(frozen=True, slots=True)
class PruneOutcome:
    report: PruneReport
    cutoffs: Cutoffs
    freed_pages: int = 0  # SQLite pages given back to the file system
    seconds: float = 0.0

    def summary(self) -> str:
        counts = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in self.report.counts.items() if n)
        verb = "would delete" if self.report.dry_run else "deleted"
        return (
            f"pruning {verb} {counts or 'nothing'} in {self.seconds:.1f} s; freed {self.freed_pages} page(s)"
        )


def cutoffs_for(settings: Settings, now: dt.datetime) -> Cutoffs:
    return Cutoffs.of(
        now,
        article_text_days=settings.article_text_days,
        article_days=settings.article_days,
        outbox_days=settings.outbox_days,
        seen_entry_days=settings.seen_entry_days,
        digest_run_days=settings.digest_run_days,
    )


class Pruner:
    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings

    async def prepare(self) -> None:
        """Once at open: an SQLite file made before incremental vacuum takes it now (one full VACUUM)."""
        if await enable_incremental_vacuum(self.database):
            log.info("the SQLite file now gives freed pages back (auto_vacuum=INCREMENTAL, after one VACUUM)")

    async def prune(self, *, now: dt.datetime | None = None, dry_run: bool = False) -> PruneOutcome:
        """Delete (or with `dry_run` only count) every expired row, then reclaim SQLite's free pages."""
        started = time.perf_counter()
        cutoffs = cutoffs_for(self.settings, now or utcnow())
        if dry_run:
            report = await retention.count_expired(self.database, cutoffs)
            return PruneOutcome(report, cutoffs, seconds=time.perf_counter() - started)
        report = await retention.prune_expired(self.database, cutoffs)
        freed = await reclaim_free_pages(self.database)
        return PruneOutcome(report, cutoffs, freed, time.perf_counter() - started)

    async def prune_logged(self) -> None:
        """The scheduled pass: its summary, or its failure, goes to the log; the next pass tries again."""
        try:
            outcome = await self.prune()
        except Exception:
            log.exception("pruning failed; trying again in %s", PRUNE_PERIOD)
            return
        if outcome.report.total or outcome.freed_pages:
            log.info(outcome.summary())


def schedule_pruning(scheduler: Any, pruner: Pruner) -> Any:
    """Add the hourly pruning job to an APScheduler 3 scheduler (python-telegram-bot's JobQueue has one)."""
    return scheduler.add_job(
        pruner.prune_logged,
        "interval",
        seconds=PRUNE_PERIOD.total_seconds(),
        id=JOB_ID,
        name="prune expired data",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=int(PRUNE_PERIOD.total_seconds()),
        next_run_time=dt.datetime.now(dt.UTC) + FIRST_PRUNE_AFTER,
    )
