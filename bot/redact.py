"""Secrets never reach the logs: every line the root handlers write has the bot token and webhook secret
replaced, tracebacks included (httpx and python-telegram-bot log request URLs, which hold the token)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

MASK = "<redacted>"


class RedactingFormatter(logging.Formatter):
    """Formats as the formatter it wraps, then masks each secret in the finished line."""

    def __init__(self, inner: logging.Formatter, secrets: Iterable[str]) -> None:
        super().__init__()
        self.inner = inner
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        return redact(self.inner.format(record), self.secrets)


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def hide_secrets_in_logs(*secrets: str, logger: logging.Logger | None = None) -> None:
    """Wrap the formatter of every handler of `logger` (default: the root logger)."""
    for handler in (logger or logging.getLogger()).handlers:
        inner = handler.formatter or logging.Formatter()
        if isinstance(inner, RedactingFormatter):
            inner = inner.inner
        handler.setFormatter(RedactingFormatter(inner, secrets))
