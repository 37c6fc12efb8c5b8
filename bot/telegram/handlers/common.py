"""What every handler needs: the runtime, the chat's identity, admin checks and polite refusals."""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.i18n import Translator, translator
from bot.runtime import Runtime
from bot.telegram.rights import AdminRights
from bot.telegram.taps import answer_tap

log = logging.getLogger(__name__)
RIGHTS_KEY = "admin_rights"
NOT_ADMIN = "Sorry, only this chat's administrators can change its subscriptions and settings."
NOT_CHANNEL_ADMIN = (
    "Sorry, you are no longer an administrator of the channel you manage here, so I changed nothing. "
    "/manage off switches back to this chat."
)


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data["runtime"]


async def translator_for(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Translator:
    """gettext in the language of the chat the update came from (bot.i18n.chat_locale: its /settings, a
    private chat's Telegram app language, a group's feeds, English)."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return translator(user.language_code if user else None)
    app_language = user.language_code if user is not None and chat.type == ChatType.PRIVATE else None
    return translator(await runtime(context).chats.locale_of(chat.id, app_language))


def rights(context: ContextTypes.DEFAULT_TYPE) -> AdminRights:
    """The application's remembered getChatMember answers (bot.telegram.rights)."""
    return context.application.bot_data[RIGHTS_KEY]


def command_args(context: ContextTypes.DEFAULT_TYPE) -> list[str]:
    return list(context.args or [])


async def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE, chat: Chat | None = None) -> bool:
    """Private chats: always. Groups and channels: creator or administrator (anonymous admins too), as
    Telegram says now (or within the last minute, see bot.telegram.rights)."""
    chat = chat or update.effective_chat
    if chat is None:
        return False
    if chat.type == ChatType.PRIVATE:
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True  # an anonymous group admin, or a channel post
    user = update.effective_user
    if user is None:
        return False
    return await rights(context).is_admin(context.bot, chat.id, user.id)


async def require_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True when the sender may change the chat the command acts on: this group (its admins), or the
    channel this private chat manages (its admins, asked again now: rights can be taken away after
    /manage). Otherwise says so politely and returns False."""
    if not await is_admin(update, context):
        await refuse(update, context, NOT_ADMIN)
        return False
    return await may_act_on_managed_channel(update, context)


async def may_act_on_managed_channel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """In a private chat that manages a channel, True only while the user is still one of the channel's
    admins (else says so politely); True everywhere else. Reads of a managed channel need this too."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or chat.type != ChatType.PRIVATE:
        return True
    managed = await runtime(context).chats.managed_channel(chat.id)
    if managed is None:
        return True
    if user is not None and await rights(context).is_admin(context.bot, managed, user.id):
        return True
    log.info("user %s lost the admin rights of managed channel %s", user and user.id, managed)
    await refuse(update, context, NOT_CHANNEL_ADMIN)
    return False


async def refuse(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """A short answer to a tap (as an alert) or to a message."""
    if update.callback_query is not None:
        await answer_tap(update, context, text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text, do_quote=False)


async def target_chat_id(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The chat a command acts on: the current chat, or the channel this private chat manages."""
    chat = update.effective_chat
    assert chat is not None
    if chat.type == ChatType.PRIVATE:
        managed = await runtime(context).chats.managed_channel(chat.id)
        if managed is not None:
            return managed
    return chat.id
