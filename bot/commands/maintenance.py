"""`briefbot db prune [--dry-run]`, `briefbot db backup FILE` and `briefbot db rebrief [--since DATE]`: the
operator's side of data retention and of stored briefings."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
from pathlib import Path

from bot.settings import Settings

KIND_LINES = {  # kind -> (label, what is deleted, the setting that sets its age)
    "articles": (
        "articles",
        "older than {days} days, unless a story or an upcoming event needs them",
        "article_days",
    ),
    "article_texts": ("article texts", "older than {days} days; their briefings stay", "article_text_days"),
    "outbox": ("outbox rows", "finished, older than {days} days; queued ones stay", "outbox_days"),
    "seen_entries": ("seen entries", "older than {days} days and gone from their feed", "seen_entry_days"),
    "digest_runs": ("digest runs", "older than {days} days", "digest_run_days"),
    "told_stories": ("told stories", "a chat's, without a new report for {days} days", "digest_run_days"),
}


def add_db_actions(db_sub: argparse._SubParsersAction) -> None:
    prune = db_sub.add_parser(
        "prune",
        help="delete what the retention settings say has expired (--dry-run: only count it)",
        description="Delete expired rows now, as `briefbot run` does every hour: article texts after "
        "ARTICLE_TEXT_DAYS, articles after ARTICLE_DAYS (unless a story or an upcoming event needs them), "
        "finished outbox rows after OUTBOX_DAYS, seen feed entries after SEEN_ENTRY_DAYS (never those "
        "still in their feed), digest runs (and what chats were told of stories with no report since) after DIGEST_RUN_DAYS. Safe "
        "while the bot runs.",
    )
    prune.add_argument("--dry-run", action="store_true", help="count what would be deleted; delete nothing")
    prune.set_defaults(handler=run_db_prune)
    backup = db_sub.add_parser(
        "backup",
        help="copy the SQLite database to FILE while the bot runs (PostgreSQL: use pg_dump)",
        description="Copy the SQLite database (DATABASE_URL) to FILE with SQLite's online backup API; "
        "safe while the bot runs. For PostgreSQL use pg_dump (docs/operations.md).",
    )
    backup.add_argument("file", metavar="FILE", type=Path, help="where to write the copy")
    backup.set_defaults(handler=run_db_backup)
    rebrief = db_sub.add_parser(
        "rebrief",
        help="give stored briefings today's entity rules (names typed and merged), in batches, resumable",
        description="Re-derive the names (people, organisations, places) of stored briefings made under "
        "older entity rules: from the article's text while it is kept (ARTICLE_TEXT_DAYS), else from the "
        "stored names. Summaries, dates and labels are kept. Runs in batches, each committed: stopped, it "
        "resumes where it was on the next run. Safe while the bot runs.",
    )
    rebrief.add_argument(
        "--since",
        type=dt.date.fromisoformat,
        metavar="DATE",
        help="only articles fetched on or after DATE (YYYY-MM-DD)",
    )
    rebrief.add_argument("--batch", type=int, default=100, metavar="N", help="rows per batch (default 100)")
    rebrief.add_argument("--no-progress", action="store_true", help="no progress bar (for logs)")
    rebrief.set_defaults(handler=run_db_rebrief)


def run_db_prune(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_prune(settings, dry_run=args.dry_run))


async def _prune(settings: Settings, *, dry_run: bool) -> int:
    from bot.retention import Pruner
    from bot.store.migrate import DatabaseUnavailable, open_migrated

    try:
        database = await open_migrated(settings.database_url)
    except DatabaseUnavailable as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return 1
    try:
        pruner = Pruner(database, settings)
        if not dry_run:
            await pruner.prepare()
        outcome = await pruner.prune(dry_run=dry_run)
    finally:
        await database.close()
    width = max(len(label) for label, _, _ in KIND_LINES.values())
    for kind, (label, rule, setting) in KIND_LINES.items():
        days = getattr(settings, setting)
        if not days:
            print(f"{label:<{width}}  kept forever ({setting.upper()}=0)")
            continue
        print(f"{label:<{width}}  {outcome.report.counts.get(kind, 0):>9,}  {rule.format(days=days)}")
    total = f"{outcome.report.total:,} row(s)"
    if dry_run:
        print(f"would delete {total}; nothing was deleted (dry run)")
    else:
        freed = (
            f"; {outcome.freed_pages:,} free page(s) given back to the file system"
            if outcome.freed_pages
            else ""
        )
        print(f"deleted {total} in {outcome.seconds:.1f} s{freed}")
    return 0


def run_db_backup(args: argparse.Namespace, settings: Settings) -> int:
    from bot.store.engine import BackupError, backup_sqlite

    target: Path = args.file
    try:
        pages = backup_sqlite(settings.database_url, target)
    except BackupError as exc:
        print(f"briefbot: {exc.user_message}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"briefbot: cannot write the backup to {target}: {exc}", file=sys.stderr)
        return 1
    print(f"backed up {pages:,} pages ({target.stat().st_size:,} bytes) to {target}")
    return 0


def run_db_rebrief(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(
        _rebrief(settings, since=args.since, batch=max(1, args.batch), bar=not args.no_progress)
    )


async def _rebrief(settings: Settings, *, since: dt.date | None, batch: int, bar: bool) -> int:
    from tqdm import tqdm

    from bot.rebrief import count_pending, rebrief
    from bot.store.migrate import DatabaseUnavailable, open_migrated

    try:
        database = await open_migrated(settings.database_url)
    except DatabaseUnavailable as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return 1
    start = dt.datetime.combine(since, dt.time()) if since else None
    try:
        total = await count_pending(database, since=start)
        with tqdm(total=total, unit="briefing", disable=not bar or not total, file=sys.stderr) as progress:
            report = await rebrief(database, since=start, batch=batch, progress=progress.update)
    finally:
        await database.close()
    print(
        f"rebriefed {report.rebriefed:,} briefing(s) in {report.seconds:.1f} s "
        f"({report.from_text:,} from their text, {report.rebriefed - report.from_text:,} from their stored names)"
        + (f"; {report.failed:,} failed and stay pending (see the log)" if report.failed else "")
    )
    return 1 if report.failed else 0
