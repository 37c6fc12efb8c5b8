"""`briefbot digest send --all | --chat ID`, `deliver`, `status` and `resend ID...`: digests from the command
line."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING

from bot.settings import Settings

if TYPE_CHECKING:
    from bot.store.engine import Database

log = logging.getLogger(__name__)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    group = sub.add_parser(
        "digest",
        help="queue and deliver digests now",
        description="Digests from the command line. send and deliver need TELEGRAM_BOT_TOKEN; the database "
        "is migrated first.",
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
    status = actions.add_parser(
        "status",
        help="count the outbox by status and list messages whose outcome is unknown or that failed",
        description="What the outbox holds, and the newest messages that did not end sent: 'unknown' (the "
        "process stopped or the connection died after the request, so Telegram may or may not have it) "
        "or 'failed' (retries ran out). Needs no token.",
    )
    status.add_argument("--limit", type=int, default=20, help="how many of those to list (default 20)")
    status.set_defaults(handler=show_status)
    resend = actions.add_parser(
        "resend",
        help="queue unknown or failed messages again by id (see 'digest status')",
        description="Queue the given unknown or failed messages again; the running bot, or 'briefbot "
        "digest deliver', sends them. An unknown one may then reach its chat twice: that is the "
        "operator's call, never the sender's.",
    )
    resend.add_argument("ids", type=int, nargs="+", metavar="ID")
    resend.set_defaults(handler=resend_messages)


def _add_sender_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lease-seconds",
        type=float,
        default=60.0,
        help="how long a claimed message stays with this process before another may take it (default 60)",
    )


def send_digests(args: argparse.Namespace, settings: Settings) -> int:
    if not _can_send(settings):
        return 2
    return asyncio.run(_send(settings, args, plan=True))


def deliver_queued(args: argparse.Namespace, settings: Settings) -> int:
    if not _can_send(settings):
        return 2
    return asyncio.run(_send(settings, args, plan=False))


def show_status(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_with_database(_print_status, args, settings))


def resend_messages(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_with_database(_requeue, args, settings))


async def _with_database(
    work: Callable[[Database, argparse.Namespace], Awaitable[int]],
    args: argparse.Namespace,
    settings: Settings,
) -> int:
    from bot.store.engine import open_database
    from bot.store.migrate import upgrade_database

    database = open_database(settings.database_url)
    try:
        await upgrade_database(database)
        return await work(database, args)
    finally:
        await database.close()


async def _print_status(database: Database, args: argparse.Namespace) -> int:
    from bot.store import outbox

    counts = await outbox.status_counts(database)
    print("outbox: " + (", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "empty"))
    unfinished = await outbox.unfinished_messages(database, limit=args.limit)
    for m in unfinished:
        when = m.created_at.strftime("%Y-%m-%d %H:%M")
        print(f"  #{m.id}  chat {m.chat_id}  {m.kind}  {m.status}  queued {when}  {(m.error or '')[:120]}")
    if unfinished:
        print("'briefbot digest resend ID...' queues them again.")
    return 0


async def _requeue(database: Database, args: argparse.Namespace) -> int:
    from bot.store import outbox
    from bot.store.tables import utcnow

    queued = await outbox.requeue(database, args.ids, now=utcnow())
    print(
        f"queued {queued} of {len(args.ids)} message(s) again; the running bot or 'briefbot digest deliver' sends them"
    )
    return 0 if queued == len(args.ids) else 1


@contextlib.contextmanager
def _ctrl_c_sets() -> Iterator[asyncio.Event]:
    """Inside, Ctrl-C or SIGTERM set the event instead of interrupting; outside they interrupt as usual."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    signals = (signal.SIGINT, signal.SIGTERM)
    for sig in signals:
        loop.add_signal_handler(sig, stop.set)
    try:
        yield stop
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)


def _can_send(settings: Settings) -> bool:
    if not settings.telegram_bot_token:
        print("briefbot: TELEGRAM_BOT_TOKEN is not set; digests cannot be sent without it.", file=sys.stderr)
        return False
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return True


async def _send(settings: Settings, args: argparse.Namespace, *, plan: bool) -> int:
    from bot.delivery import Planner, Sender
    from bot.store.migrate import DatabaseUnavailable, open_migrated
    from bot.telegram.connection import TelegramLink, TokenRejected, build_sender_bot, connect
    from bot.telegram.render import LAYOUT

    try:
        database = await open_migrated(settings.database_url)
    except DatabaseUnavailable as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return 1
    link = TelegramLink(settings.telegram_api_url)
    bot = build_sender_bot(settings, link=link)
    try:
        try:  # like `briefbot run`: retried until Telegram answers, Ctrl-C stops at once
            with _ctrl_c_sets() as stop:
                if not await connect(bot.initialize, link, stop):
                    return 130
        except TokenRejected as exc:
            print(f"briefbot: {exc}", file=sys.stderr)
            return 1
        async with bot:
            sender = Sender(
                database,
                bot,
                layout=LAYOUT,
                rate_per_second=settings.send_rate_per_second,
                lease=dt.timedelta(seconds=args.lease_seconds),
                paid_broadcast=settings.telegram_paid_broadcast,
            )
            if plan:  # plan first: planning on the sender's event loop would delay sends past their slots
                planned = await Planner(database, settings, LAYOUT).plan_now(
                    None if args.all else [args.chat]
                )
                print(
                    f"queued {planned.messages} message(s) for {planned.digests} digest(s); "
                    f"{planned.empty} chat(s) had nothing new",
                    flush=True,
                )
            report = await sender.run_until_idle()
    finally:
        await database.close()
        await bot.shutdown()
    print(
        f"sent {report.sent}; retried {report.retried}; failed {report.failed}; outcome unknown {report.unknown}; "
        f"chats gone {report.dropped_chats}; chats moved {report.moved_chats}; 429 answers {report.rate_limited}; "
        f"late slots {report.late_slots}; marked `sending` before the request "
        f"{1000 * report.marked_seconds / max(1, report.marked):.1f} ms a message",
        flush=True,
    )
    return 0 if not report.failed else 1
