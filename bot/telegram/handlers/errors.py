"""Anything that goes wrong reaches the user as one short, polite line; the logs get the detail."""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot.errors import UserFacingError
from bot.redact import mask_urls
from bot.telegram.html import escape
from summarizers import BriefingError

log = logging.getLogger(__name__)
GENERIC = "Sorry, something went wrong on my side. Please try again in a minute."


def user_message(error: BaseException) -> str | None:
    """Errors at our boundaries (bot.errors.UserFacingError) carry a message for the user; anything else
    is our bug and gets the generic apology."""
    if isinstance(error, UserFacingError):
        return mask_urls(error.user_message)
    if isinstance(error, BriefingError):
        return mask_urls(f"I couldn't brief that page: {error}.")
    return None


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the traceback; tell the user in one line, unless the chat can't be written to at all."""
    error = context.error
    assert error is not None
    friendly = user_message(error)
    if friendly is None:
        log.error("Unhandled error while handling %r", update, exc_info=error)
    else:
        log.info("User-facing error: %s (%r)", friendly, error)
    if isinstance(error, Forbidden) or not isinstance(update, Update):
        return
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer()
    message = update.effective_message
    if message is None:
        return
    with contextlib.suppress(TelegramError):
        await message.reply_text(escape(friendly or GENERIC), do_quote=False)
