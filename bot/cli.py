"""The `briefbot` command. Each sub-command group lives in bot/commands/<group>.py and registers itself."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot.commands import briefing, digest, evaluation, extraction, ingest, service, status
from bot.errors import UserFacingError
from bot.redact import hide_secrets_in_logs, operator_secrets
from bot.settings import Settings, SettingsError
from bot.store.migrate import database_password

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
GROUPS = (briefing, extraction, ingest, service, evaluation, digest, status)


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep its message to one line plus the usage."""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="briefbot",
        description="briefbot: a Telegram bot that turns news feeds into short briefings.",
        epilog="Settings come from the environment, then ./.env, then config/defaults.toml.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for group in GROUPS:
        group.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING if args.command in {"brief", "extract", "timeline", "eval"} else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    settings = load_settings()
    if settings is None:
        return EXIT_USAGE
    hide_secrets_in_logs(
        *operator_secrets(
            settings.telegram_bot_token, settings.webhook_secret, database_password(settings.database_url)
        )
    )
    try:
        return int(args.handler(args, settings) or EXIT_OK)
    except UserFacingError as exc:  # a boundary error no sub-command caught: its one line, not a traceback
        print(f"briefbot: {exc.user_message}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130


def load_settings() -> Settings | None:
    """The settings every sub-command runs with, loaded once here: a bad one (FETCH_ALLOW_PRIVATE=maybe)
    is one line on stderr and None, which `main` turns into exit 2, a usage error, whatever the command."""
    try:
        return Settings.load()
    except SettingsError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return None


if __name__ == "__main__":
    sys.exit(main())
