"""`briefbot status`: the running bot's picture for a person (the same figures /metrics gives machines)."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys

from bot.redact import mask_urls
from bot.settings import Settings


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "status",
        help="feeds (working, failing, off), today's articles, the outbox, the last poll, the next digest round",
        description="Read the database (DATABASE_URL) and print what the bot is doing. Needs no token, and "
        "works while the bot runs.",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=show_status)


def show_status(args: argparse.Namespace, settings: Settings) -> int:
    logging.getLogger("alembic").setLevel(logging.WARNING)
    return asyncio.run(_show(settings, as_json=args.json))


async def _show(settings: Settings, *, as_json: bool) -> int:
    from bot.status import collect_status
    from bot.store.migrate import DatabaseUnavailable, open_migrated
    from bot.store.tables import utcnow

    try:
        database = await open_migrated(settings.database_url)
    except DatabaseUnavailable as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return 1
    try:
        report = await collect_status(database, settings, utcnow())
    finally:
        await database.close()
    print(mask_urls(json.dumps(report.to_dict(), indent=2) if as_json else "\n".join(report.lines())))
    return 0
