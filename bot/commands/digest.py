"""`briefbot digest send --all | --chat ID` and `briefbot digest deliver`: digests from the command line."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import logging
import sys

from bot.settings import Settings

log = logging.getLogger(__name__)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser(
        "digest",
        help="queue and deliver digests now",
        description="Digests from the command line. Needs TELEGRAM_BOT_TOKEN; the database is migrated first.",
    )
    actions = group.add_subparsers(dest="digest_command", metavar="ACTION", required=True)
    send = actions.add_parser(
        "send",
        help="queue digests now for every chat (--all) or one (--chat ID), then deliver them",
        description="Queue each chat's digest of what is new since its last one, exactly as the schedule "
        "would, then send everything queued within Telegram's limits and exit. Chats with nothing new get "
        "nothing.",
    )
    which = send.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every active chat whose cadence is not off")
    which.add_argument("--chat", type=int, metavar="ID", help="one chat, whatever its cadence")
    _add_sender_options(send)
    send.set_defaults(handler=send_digests)
    deliver = actions.add_parser(
        "deliver",
        help="send what is queued, without planning (an extra sender process)",
        description="Send the queued outbox rows and exit when none is left. Several may run at once on "
        "PostgreSQL; they share the global send rate.",
    )
    _add_sender_options(deliver)
    deliver.set_defaults(handler=deliver_queued)


def _add_sender_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lease-seconds",
        type=float,
        default=60.0,
        help="how long a claimed message stays with this process before another may take it (default 60)",
    )


def send_digests(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings is None:
        return 2
    return asyncio.run(_send(settings, args, plan=True))


def deliver_queued(args: argparse.Namespace) -> int:
    settings = _settings()
    if settings is None:
        return 2
    return asyncio.run(_send(settings, args, plan=False))


def _settings() -> Settings | None:
    try:
        settings = Settings.load()
    except ValueError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return None
    if not settings.telegram_bot_token:
        print("briefbot: TELEGRAM_BOT_TOKEN is not set; digests cannot be sent without it.", file=sys.stderr)
        return None
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return settings


async def _send(settings: Settings, args: argparse.Namespace, *, plan: bool) -> int:
    from bot.delivery import Planner, Sender, build_sender_bot
    from bot.store.engine import open_database
    from bot.store.migrate import upgrade_database

    database = open_database(settings.database_url)
    try:
        await upgrade_database(database)
        async with build_sender_bot(settings) as bot:
            sender = Sender(
                database,
                bot,
                rate_per_second=settings.send_rate_per_second,
                lease=dt.timedelta(seconds=args.lease_seconds),
            )
            if plan:  # plan first: planning on the sender's event loop would delay sends past their slots
                planned = await Planner(database, settings).plan_now(None if args.all else [args.chat])
                print(
                    f"queued {planned.messages} message(s) for {planned.digests} digest(s); "
                    f"{planned.empty} chat(s) had nothing new",
                    flush=True,
                )
            report = await sender.run_until_idle()
    finally:
        await database.close()
    print(
        f"sent {report.sent}; retried {report.retried}; failed {report.failed}; outcome unknown {report.unknown}; "
        f"chats gone {report.dropped_chats}; chats moved {report.moved_chats}; 429 answers {report.rate_limited}; "
        f"late slots {report.late_slots}; marked `sending` before the request "
        f"{1000 * report.marked_seconds / max(1, report.marked):.1f} ms a message",
        flush=True,
    )
    return 0 if not report.failed else 1
