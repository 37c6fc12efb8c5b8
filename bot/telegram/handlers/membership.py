"""The bot's own membership in a chat (`my_chat_member` updates), and a group's move to a supergroup."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot.i18n import translator
from bot.telegram import render
from bot.telegram.handlers.common import rights, runtime
from bot.telegram.handlers.digest import delivery

OUT = {ChatMemberStatus.LEFT, ChatMemberStatus.BANNED}
IN = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A user who blocks the bot, or a group or channel that removes it, stops getting digests at once
    rather than after the next failed send. When the bot is unblocked or added back, the chat's paused
    feeds resume and (except in a channel) a short "welcome back" says so."""
    change = update.my_chat_member
    if change is None:
        return
    chat, status = change.chat, change.new_chat_member.status
    rights(context).forget(chat.id)  # what the bot may see of the chat's members changed with it
    if status in OUT:
        await delivery(context).chat_gone(chat.id, f"the bot's status became {status}")  # i18n: internal
    elif status in IN:
        rt = runtime(context)
        resumed = await rt.chats.register(chat.id, chat.type, chat.title or chat.full_name)
        if resumed and chat.type != ChatType.CHANNEL:
            t = translator(await rt.chats.locale_of(chat.id, change.from_user.language_code))
            await context.bot.send_message(chat.id, render.welcome_back(resumed, t))


async def on_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Someone's status in a chat where the bot is an admin changed (e.g. an admin was demoted): their
    remembered rights are forgotten, so the next change they try asks Telegram again."""
    change = update.chat_member
    if change is not None:
        rights(context).forget(change.chat.id, change.new_chat_member.user.id)


async def on_migration(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group upgraded to a supergroup keeps its feeds and settings under its new id, before any digest
    is sent to the old one. Telegram says so in both chats; moving twice changes nothing."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        await delivery(context).chat_moved(message.chat.id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        await delivery(context).chat_moved(message.migrate_from_chat_id, message.chat.id)
