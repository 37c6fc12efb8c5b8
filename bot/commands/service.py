"""`briefbot run`: the bot, its feed poller and its schedulers, in one process.

Start-up faults end in one line on stderr, never a traceback: settings Telegram would refuse (exit 2), a
database that cannot be opened, a token Telegram rejects, a webhook port that is taken or a webhook URL
Telegram refuses (exit 1). An unreachable Telegram is retried (one log line per attempt) until it answers
or Ctrl-C.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import logging
import re
import signal
import sys
from urllib.parse import urlsplit

from bot.settings import Settings

BOTFATHER_HELP = (
    "briefbot: TELEGRAM_BOT_TOKEN is not set. In Telegram, talk to @BotFather, send /newbot and follow "
    "the steps; then put the token it gives you in TELEGRAM_BOT_TOKEN (environment or .env)."
)
HEALTH_SERVER_CHOICES = ("auto", "on", "off")
WEBHOOK_SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")  # what Telegram's setWebhook accepts


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="run the bot (long polling, or a webhook when WEBHOOK_URL is set)",
        description="Run the Telegram bot with its feed poller. Needs TELEGRAM_BOT_TOKEN. The database is "
        "migrated on start.",
    )
    p.set_defaults(handler=run_bot)


def run_bot(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.telegram_bot_token:
        print(BOTFATHER_HELP, file=sys.stderr)
        return 2
    problem = webhook_problem(settings) or health_problem(settings)
    if problem:
        print(f"briefbot: {problem}", file=sys.stderr)
        return 2
    logging.getLogger().setLevel(settings.log_level.upper())
    if settings.log_level.upper() != "DEBUG":  # httpx logs every request at INFO
        logging.getLogger("httpx").setLevel(logging.WARNING)
    return asyncio.run(_serve(settings))


def webhook_problem(settings: Settings) -> str | None:
    """Why Telegram would refuse this webhook set-up, in one line; None when it is fine (or polling).

    Telegram only posts to HTTPS URLs; plain http is accepted for a loopback host, which only a local
    Bot API server (or a test) can reach.
    """
    if not settings.webhook_mode:
        return None
    url = urlsplit(settings.webhook_url)
    if url.scheme != "https" and not (url.scheme == "http" and _is_loopback(url.hostname or "")):
        return f"WEBHOOK_URL must be an https:// URL (Telegram posts only to HTTPS), not {settings.webhook_url!r}."
    if not url.hostname:
        return f"WEBHOOK_URL has no host: {settings.webhook_url!r}."
    if not settings.webhook_secret:
        return "WEBHOOK_SECRET must be set with WEBHOOK_URL, so only Telegram can post updates."
    if not WEBHOOK_SECRET_PATTERN.fullmatch(settings.webhook_secret):
        return (
            "WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (1 to 256 characters); Telegram refuses "
            f"others (this one has {len(settings.webhook_secret)} characters)."
        )
    return None


def health_problem(settings: Settings) -> str | None:
    if settings.health_server not in HEALTH_SERVER_CHOICES:
        return f"HEALTH_SERVER must be one of {', '.join(HEALTH_SERVER_CHOICES)}, not {settings.health_server!r}."
    return None


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def _serve(settings: Settings) -> int:
    from bot.errors import UserFacingError
    from bot.runtime import Runtime
    from bot.store.migrate import DatabaseUnavailable
    from bot.telegram.app import build_application, serve
    from bot.telegram.render import LAYOUT

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        runtime = await Runtime.start(settings, layout=LAYOUT)
    except DatabaseUnavailable as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return 1
    try:
        await serve(build_application(runtime), stop)
    except UserFacingError as exc:  # a rejected token, a taken webhook port, a webhook URL Telegram refuses
        print(f"briefbot: {exc.user_message}", file=sys.stderr)
        return 1
    finally:
        await runtime.close()
    return 0
