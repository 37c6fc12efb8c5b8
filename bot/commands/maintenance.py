"""`briefbot db prune [--dry-run]` and `briefbot db backup FILE`: the operator's side of data retention."""

from __future__ import annotations

import argparse
import asyncio
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
}


def add_db_actions(db_sub: argparse._SubParsersAction) -> None:
    prune = db_sub.add_parser(
        "prune",
        help="delete what the retention settings say has expired (--dry-run: only count it)",
        description="Delete expired rows now, as `briefbot run` does every hour: article texts after "
        "ARTICLE_TEXT_DAYS, articles after ARTICLE_DAYS (unless a story or an upcoming event needs them), "
        "finished outbox rows after OUTBOX_DAYS, seen feed entries after SEEN_ENTRY_DAYS (never those "
        "still in their feed), digest runs after DIGEST_RUN_DAYS. Safe while the bot runs.",
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
