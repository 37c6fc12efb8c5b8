"""The bot's own membership in a chat, as Telegram reports it (`my_chat_member` updates)."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot.telegram import render
from bot.telegram.handlers.common import runtime
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
    if status in OUT:
        await delivery(context).chat_gone(chat.id, f"the bot's status became {status}")
    elif status in IN:
        resumed = await runtime(context).chats.register(chat.id, chat.type, chat.title or chat.full_name)
        if resumed and chat.type != ChatType.CHANNEL:
            await context.bot.send_message(chat.id, render.welcome_back(resumed))
