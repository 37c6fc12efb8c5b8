"""`briefbot run`: the bot, its feed poller and its schedulers, in one process."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

from bot.settings import Settings

BOTFATHER_HELP = (
    "briefbot: TELEGRAM_BOT_TOKEN is not set. In Telegram, talk to @BotFather, send /newbot and follow "
    "the steps; then put the token it gives you in TELEGRAM_BOT_TOKEN (environment or .env)."
)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="run the bot (long polling, or a webhook when WEBHOOK_URL is set)",
        description="Run the Telegram bot with its feed poller. Needs TELEGRAM_BOT_TOKEN. The database is "
        "migrated on start.",
    )
    p.set_defaults(handler=run_bot)


def run_bot(args: argparse.Namespace) -> int:
    try:
        settings = Settings.load()
    except ValueError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return 2
    if not settings.telegram_bot_token:
        print(BOTFATHER_HELP, file=sys.stderr)
        return 2
    if settings.webhook_mode and not settings.webhook_secret:
        print(
            "briefbot: WEBHOOK_SECRET must be set with WEBHOOK_URL, so only Telegram can post updates.",
            file=sys.stderr,
        )
        return 2
    logging.getLogger().setLevel(settings.log_level.upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return asyncio.run(_serve(settings))


async def _serve(settings: Settings) -> int:
    from bot.runtime import Runtime
    from bot.telegram.app import build_application, serve

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    runtime = await Runtime.start(settings)
    try:
        await serve(build_application(runtime), stop)
    finally:
        await runtime.close()
    return 0
