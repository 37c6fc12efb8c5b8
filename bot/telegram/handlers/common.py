"""What every handler needs: the runtime, the chat's identity, admin checks and polite refusals."""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import ContextTypes

from bot.runtime import Runtime

log = logging.getLogger(__name__)
ADMIN_STATUSES = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR}
NOT_ADMIN = "Sorry, only this chat's administrators can change its subscriptions and settings."


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data["runtime"]


def command_args(context: ContextTypes.DEFAULT_TYPE) -> list[str]:
    return list(context.args or [])


async def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE, chat: Chat | None = None) -> bool:
    """Private chats: always. Groups and channels: creator or administrator (anonymous admins too)."""
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
    member = await context.bot.get_chat_member(chat.id, user.id)
    return member.status in ADMIN_STATUSES


async def require_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True when the sender may change settings; otherwise says so politely and returns False."""
    if await is_admin(update, context):
        return True
    if update.callback_query is not None:
        await update.callback_query.answer(NOT_ADMIN, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(NOT_ADMIN, do_quote=False)
    return False


async def target_chat_id(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """The chat a command acts on: the current chat, or the channel this private chat manages."""
    chat = update.effective_chat
    assert chat is not None
    if chat.type == ChatType.PRIVATE:
        managed = await runtime(context).chats.managed_channel(chat.id)
        if managed is not None:
            return managed
    return chat.id
