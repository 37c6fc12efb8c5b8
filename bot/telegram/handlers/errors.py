"""Anything that goes wrong reaches the user as one short, polite line; the logs get the detail."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.errors import UserFacingError
from bot.telegram.html import escape, shorten
from summarizers import BriefingError

log = logging.getLogger(__name__)
GENERIC = "Sorry, something went wrong on my side. Please try again in a minute."
FALLBACK = "Sorry, that did not work."  # when even the error reply was refused: short, fixed, always sendable
MAX_ERROR_REPLY_CHARS = 600  # an error reply is one short paragraph, whatever its message holds


def user_message(error: BaseException) -> str | None:
    """Errors at our boundaries (bot.errors.UserFacingError) carry a message for the user; anything else
    is our bug and gets the generic apology."""
    if isinstance(error, UserFacingError):
        return error.user_message
    if isinstance(error, BriefingError):
        return f"I couldn't brief that page: {error}."
    return None


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the traceback; tell the user in one line, unless the chat can't be written to at all.

    A tap's callback query is not answered here: the button dispatcher (handlers.callbacks) has answered
    it already, exactly once.
    """
    error = context.error
    assert error is not None
    friendly = user_message(error)
    if friendly is None:
        log.error("Unhandled error while handling %r", update, exc_info=error)
    else:
        log.info("User-facing error: %s (%r)", friendly, error)
    if isinstance(error, Forbidden) or not isinstance(update, Update):
        return
    message = update.effective_message
    if message is not None:
        await send_error_reply(message, friendly or GENERIC)


async def send_error_reply(message: Message, text: str) -> None:
    """The error's line under `message`; if Telegram refuses it (too long, a markup slip, a vanished
    topic...), the short fixed FALLBACK instead, and the refusal is logged rather than dropped."""
    try:
        await message.reply_text(escape(shorten(text, MAX_ERROR_REPLY_CHARS)), do_quote=False)
        return
    except Forbidden:
        return
    except TelegramError as exc:
        log.warning("Telegram refused an error reply (%s); sending the short fallback instead", exc)
    try:
        await message.reply_text(FALLBACK, parse_mode=None, do_quote=False)
    except TelegramError as exc:
        log.warning("Telegram refused the fallback error reply too: %s", exc)
