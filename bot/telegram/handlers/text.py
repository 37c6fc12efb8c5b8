"""Plain messages: a pending setting (time zone, digest time) or a bare link to offer actions for."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram.handlers import feeds, settings


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Typed settings win; otherwise a link in a private chat gets "Summarize" / "Subscribe" buttons."""
    if await settings.typed_setting(update, context):
        return
    await feeds.bare_link(update, context)
