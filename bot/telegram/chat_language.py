"""The language a reply is written in: the chat's (bot.i18n.chat_locale), from the update at hand."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import Translator, translator


async def translator_for(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Translator:
    """gettext in the language of the chat the update came from: its /settings, a private chat's Telegram
    app language (kept for its digests), a group's feeds, else English."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return translator(user.language_code if user else None)
    app_language = user.language_code if user is not None and chat.type == ChatType.PRIVATE else None
    chats = context.application.bot_data["runtime"].chats
    return translator(await chats.locale_of(chat.id, app_language))
