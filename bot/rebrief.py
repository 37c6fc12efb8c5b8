"""`briefbot db rebrief`: stored briefings get today's entity rules, in batches, resumable.

Each briefing row records the version of the entity rules its names were found with
(`briefings.entity_rules`, summarizers.briefing.ENTITY_RULES). A run takes the rows below the current
version, oldest first, BATCH at a time; each batch is re-derived (summarizers.renaming: from the article's
text while it is kept, else from the stored entities) and committed with the new version, so a run that
is stopped resumes at the first batch it had not committed. Safe while the bot runs: a row is rewritten
only if no one else did meanwhile (its version is checked in the UPDATE).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from bot.store.engine import Database
from bot.store.rebrief_queries import count_stale, save_rebriefed, stale_batch
from summarizers.briefing import Briefing

log = logging.getLogger(__name__)

BATCH = 100


@dataclass(frozen=True, slots=True)
class RebriefReport:
    rebriefed: int  # rows given today's rules
    from_text: int  # of which re-derived from the article's text (the others from their stored entities)
    failed: int  # rows the engine could not re-derive (left for the next run)
    seconds: float


async def count_pending(database: Database, *, since: dt.datetime | None = None) -> int:
    async with database.session() as session:
        return await count_stale(session, since)


async def rebrief(
    database: Database,
    *,
    since: dt.datetime | None = None,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
    renamed: Callable[[Briefing, str | None], Briefing] | None = None,
) -> RebriefReport:
    """Give every pending briefing (fetched since `since`) today's entity rules; `progress(n)` after each
    batch of n rows. `renamed` is the engine step (summarizers.renaming.renamed by default)."""
    if renamed is None:
        from summarizers.renaming import renamed as engine_renamed

        renamed = engine_renamed
    started = time.perf_counter()
    done = from_text = failed = 0
    last_id = 0
    while True:
        async with database.session() as session:
            rows = await stale_batch(session, since, last_id, batch)
        if not rows:
            break
        last_id = rows[-1].id
        updates = []
        for row in rows:
            try:
                briefing = renamed(Briefing.from_dict(row.data, method=row.method), row.text or None)
            except Exception:  # one bad row must not stop the others; it stays pending for the next run
                log.exception("rebrief: briefing %s could not be re-derived", row.id)
                failed += 1
                continue
            updates.append((row, briefing.to_dict()))
            from_text += bool(row.text)
        async with database.session() as session:
            for row, data in updates:
                await save_rebriefed(session, row, data)
        done += len(updates)
        if progress is not None:
            progress(len(rows))
    return RebriefReport(done, from_text, failed, time.perf_counter() - started)
