"""/manage: run a channel's subscriptions and settings from a private chat with one of its admins."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.telegram.handlers.common import command_args, rights, runtime, translator_for
from bot.telegram.html import escape
from bot.telegram.rights import ADMIN_STATUSES


async def manage(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/manage @channel` makes later commands here act on the channel; `/manage off` switches back."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    t = await translator_for(update, context)
    if chat.type != ChatType.PRIVATE:
        await message.reply_text(t._("Use /manage in a private chat with me."), do_quote=False)
        return
    args = command_args(context)
    rt = runtime(context)
    if not args:
        await message.reply_text(
            t._("Send /manage @yourchannel (I must be an admin there), or /manage off."), do_quote=False
        )
        return
    if args[0].lower() == "off":
        await rt.chats.set_managed_channel(chat.id, None)
        await message.reply_text(t._("Commands here now act on this chat again."), do_quote=False)
        return
    try:
        channel = await context.bot.get_chat(args[0])
        member = await context.bot.get_chat_member(channel.id, user.id)
    except TelegramError:
        await message.reply_text(
            t._("I can't see that channel. Add me as an admin there first."), do_quote=False
        )
        return
    if member.status not in ADMIN_STATUSES:
        await message.reply_text(t._("Only the channel's admins can manage it."), do_quote=False)
        return
    await rt.chats.register(channel.id, channel.type, channel.title)
    await rt.chats.set_managed_channel(chat.id, channel.id)
    rights(context).forget(channel.id, user.id)  # asked just now; an older "no" must not linger
    await message.reply_text(
        t._(
            "Now managing <b>{channel}</b>: /subscribe, /feeds, /settings and /stop act on the channel. "
            "/manage off to switch back.",
            channel=escape(channel.title or str(channel.id)),
        ),
        do_quote=False,
    )
