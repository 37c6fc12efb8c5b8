"""/settings: digest time, time zone, cadence, summary length and language, on inline keyboards."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram import keyboards, render
from bot.telegram.handlers.common import require_admin, runtime, target_chat_id

AWAITING_TIMEZONE = "timezone"
AWAITING_TIME = "digest_time"


async def show_settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user sees the chat's settings with buttons to change each one."""
    message = update.effective_message
    if message is None or not await require_admin(update, context):
        return
    current = await runtime(context).chats.settings_of(await target_chat_id(update, context))
    await message.reply_text(
        render.chat_settings(current), reply_markup=keyboards.settings_keyboard(current), do_quote=False
    )


async def apply_setting(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str, value: str) -> None:
    """A settings button was tapped: store the value and redraw the settings message."""
    query = update.callback_query
    assert query is not None
    if not await require_admin(update, context):
        return
    rt = runtime(context)
    chat_id = await target_chat_id(update, context)
    if name in {AWAITING_TIMEZONE, AWAITING_TIME} and not value:
        context.chat_data["awaiting"] = name  # type: ignore[index]
        prompt = (
            "Send your time zone, e.g. Asia/Tokyo or Europe/Berlin."
            if name == AWAITING_TIMEZONE
            else "Send digest times as HH:MM, e.g. 07:30 or 07:30,18:00."
        )
        await query.answer()
        if query.message is not None:
            await query.message.reply_text(prompt, do_quote=False)
        return
    current = await rt.chats.update_setting(chat_id, name, value)
    await query.answer("Saved.")
    if query.message is not None:
        await query.edit_message_text(
            render.chat_settings(current), reply_markup=keyboards.settings_keyboard(current)
        )


async def typed_setting(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Plain text after "send your time zone": returns True when the text was a setting."""
    message = update.effective_message
    awaiting = (context.chat_data or {}).get("awaiting")
    if message is None or not message.text or awaiting not in {AWAITING_TIMEZONE, AWAITING_TIME}:
        return False
    if not await require_admin(update, context):
        return True
    rt = runtime(context)
    current = await rt.chats.update_setting(
        await target_chat_id(update, context), awaiting, message.text.strip()
    )
    context.chat_data.pop("awaiting", None)  # type: ignore[union-attr]
    await message.reply_text("Saved.\n\n" + render.chat_settings(current), do_quote=False)
    return True
