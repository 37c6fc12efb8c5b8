"""`briefbot run`: the bot itself. (Filled in by the Telegram work.)"""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings

BOTFATHER_HELP = (
    "briefbot: TELEGRAM_BOT_TOKEN is not set. Open Telegram, talk to @BotFather, send /newbot, "
    "follow the steps, then put the token it gives you in TELEGRAM_BOT_TOKEN (environment or .env)."
)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run the bot (long polling, or a webhook when WEBHOOK_URL is set)")
    p.set_defaults(handler=run_bot)


def run_bot(args: argparse.Namespace) -> int:
    settings = Settings.load()
    if not settings.telegram_bot_token:
        print(BOTFATHER_HELP, file=sys.stderr)
        return 2
    print("briefbot: the Telegram service is not built yet", file=sys.stderr)
    return 1
