"""What every handler needs: the runtime, the chat's identity, admin checks and polite refusals."""

from __future__ import annotations

import logging

from telegram import CallbackQuery, Chat, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.runtime import Runtime
from bot.telegram.html import shorten

log = logging.getLogger(__name__)
ADMIN_STATUSES = {ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR}
NOT_ADMIN = "Sorry, only this chat's administrators can change its subscriptions and settings."
MAX_ANSWER_CHARS = 200  # Telegram's limit for a callback query's toast or alert


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
        await answer_tap(update, context, NOT_ADMIN, show_alert=True)
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


class TapAnswer:
    """The one answer a callback query gets (Telegram refuses a second with "query is too old"): the first
    call is sent, later ones are dropped; the button dispatcher answers at the end if nothing did."""

    def __init__(self, query: CallbackQuery) -> None:
        self.query = query
        self.answered = False

    async def __call__(self, text: str | None = None, *, show_alert: bool = False) -> None:
        if self.answered:
            log.debug("Callback query %s already answered; dropping %r", self.query.id, text)
            return
        self.answered = True
        try:
            await self.query.answer(shorten(text, MAX_ANSWER_CHARS) if text else None, show_alert=show_alert)
        except TelegramError as exc:  # a courtesy (it stops the button's spinner): the tap's work goes on
            log.warning("Could not answer callback query %s: %s", self.query.id, exc)


def tap_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> TapAnswer:
    """The answer of this update's callback query, shared by everything that handles the tap."""
    answer = getattr(context, "tap_answer", None)
    if not isinstance(answer, TapAnswer) or answer.query is not update.callback_query:
        assert update.callback_query is not None
        answer = TapAnswer(update.callback_query)
        context.tap_answer = answer  # type: ignore[attr-defined]
    return answer


async def answer_tap(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str | None = None, *, show_alert: bool = False
) -> None:
    """Answer the tap (a toast, or an alert with show_alert), unless it was answered already."""
    await tap_answer(update, context)(text, show_alert=show_alert)
