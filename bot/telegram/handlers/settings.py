"""/settings: digest time, time zone, cadence, summary length, language and keyword filters, on keyboards."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.delivery.filters import FilterCommand, FilterError, parse_filter_command
from bot.i18n import N_
from bot.telegram import keyboards, render
from bot.telegram.handlers.common import require_admin, runtime, target_chat_id, translator_for
from bot.telegram.handlers.digest import delivery, describe_filters
from bot.telegram.html import escape
from bot.telegram.taps import answer_tap
from bot.telegram.topics import TOPIC_GONE, forum_view, topic_takes_messages

AWAITING_TIMEZONE = "timezone"
AWAITING_TIME = "digest_time"
AWAITING_FILTERS = "filters"
DIGEST_TOPIC = "topic"  # set:topic:<message_thread_id, 0: General>: where digests go, at once
FILTERS_PROMPT = N_(
    'Send words to add: +word keeps only items that mention it, -word drops them; quote phrases: -"transfer '
    'window". Tap a filter below to remove it.'
)


async def show_settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user sees the chat's settings with buttons to change each one."""
    message = update.effective_message
    if message is None or not await require_admin(update, context):
        return
    chat_id = await target_chat_id(update, context)
    current = await runtime(context).chats.settings_of(chat_id)
    t = await translator_for(update, context)
    forum, here = forum_view(update.effective_chat, chat_id, message)
    await message.reply_text(
        render.chat_settings(current, t, forum=forum, here=here),
        reply_markup=keyboards.settings_keyboard(current, t, forum=forum, here=here),
        do_quote=False,
    )


async def apply_setting(update: Update, context: ContextTypes.DEFAULT_TYPE, name: str, value: str) -> None:
    """A settings button was tapped: store the value and redraw the settings message."""
    query = update.callback_query
    assert query is not None
    if not await require_admin(update, context):
        return
    rt = runtime(context)
    chat_id = await target_chat_id(update, context)
    if name == AWAITING_FILTERS:
        await _filters_panel(update, context, chat_id, value)
        return
    if name in {AWAITING_TIMEZONE, AWAITING_TIME} and not value:
        context.chat_data["awaiting"] = name  # type: ignore[index]
        t = await translator_for(update, context)
        prompt = (
            t._("Send your time zone, e.g. Asia/Tokyo or Europe/Berlin.")
            if name == AWAITING_TIMEZONE
            else t._("Send digest times as HH:MM, e.g. 07:30 or 07:30,18:00.")
        )
        await answer_tap(update, context)
        if query.message is not None:
            await query.message.reply_text(prompt, do_quote=False)
        return
    forum, here = forum_view(update.effective_chat, chat_id, query.message)
    if name == DIGEST_TOPIC and not await _topic_usable(update, context, forum, int(value)):
        return
    current = await rt.chats.update_setting(chat_id, name, value)
    t = await translator_for(update, context)  # after the change: a new language speaks at once
    await answer_tap(update, context, t._("Saved."))
    if query.message is not None:
        await query.edit_message_text(
            render.chat_settings(current, t, forum=forum, here=here),
            reply_markup=keyboards.settings_keyboard(current, t, forum=forum, here=here),
        )


async def _topic_usable(update: Update, context: ContextTypes.DEFAULT_TYPE, forum: bool, topic: int) -> bool:
    """The digest's topic may be General (0) or a topic Telegram says takes messages, in a forum only;
    else the admin is told, and nothing changes."""
    chat = update.effective_chat
    if forum and chat is not None and (not topic or await topic_takes_messages(context.bot, chat.id, topic)):
        return True
    t = await translator_for(update, context)
    await answer_tap(update, context, t.text(TOPIC_GONE), show_alert=True)
    return False


async def typed_setting(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Plain text after "send your time zone": returns True when the text was a setting."""
    message = update.effective_message
    awaiting = (context.chat_data or {}).get("awaiting")
    if (
        message is None
        or not message.text
        or awaiting not in {AWAITING_TIMEZONE, AWAITING_TIME, AWAITING_FILTERS}
    ):
        return False
    if not await require_admin(update, context):
        return True
    if awaiting == AWAITING_FILTERS:
        return await _typed_filters(update, context, message.text)
    rt = runtime(context)
    chat_id = await target_chat_id(update, context)
    current = await rt.chats.update_setting(chat_id, awaiting, message.text.strip())
    context.chat_data.pop("awaiting", None)  # type: ignore[union-attr]
    t = await translator_for(update, context)
    forum, here = forum_view(update.effective_chat, chat_id, message)
    await message.reply_text(
        t._("Saved.") + "\n\n" + render.chat_settings(current, t, forum=forum, here=here), do_quote=False
    )
    return True


async def _filters_panel(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int, value: str
) -> None:
    """The filters button: show them and wait for typed ones; "clear" and "rm<key>" change them in place."""
    query = update.callback_query
    assert query is not None
    service = delivery(context)
    filters = await service.filters(chat_id)
    if value == "clear":
        filters = await service.apply_filter_command(chat_id, FilterCommand("clear"))
    elif value.startswith("rm"):
        chosen = tuple(f for f in filters if f.key() == value[2:])
        if chosen:
            filters = await service.apply_filter_command(chat_id, FilterCommand("remove", chosen))
    context.chat_data["awaiting"] = AWAITING_FILTERS  # type: ignore[index]
    t = await translator_for(update, context)
    await answer_tap(update, context, t._("Saved.") if value else None)
    text = f"{describe_filters(filters, t)}\n\n{t.text(FILTERS_PROMPT)}"
    if value and query.message is not None:
        await query.edit_message_text(text, reply_markup=keyboards.filters_keyboard(filters, t))
    elif query.message is not None:
        await query.message.reply_text(
            text, reply_markup=keyboards.filters_keyboard(filters, t), do_quote=False
        )


async def _typed_filters(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> bool:
    """Text after the filters panel; False (and no longer waiting) when it is not about filters at all,
    such as a link, so it gets its usual handling."""
    message = update.effective_message
    assert message is not None
    words = text.split()
    if not words or not (words[0][:1] in {"+", "-", '"', "“"} or words[0].lower() in {"clear", "remove"}):
        context.chat_data.pop("awaiting", None)  # type: ignore[union-attr]
        return False
    chat_id = await target_chat_id(update, context)
    t = await translator_for(update, context)
    try:
        command = parse_filter_command(text)
        if command.action == "list":
            raise FilterError(N_("Send +word or -word, or tap a filter to remove it."))
        filters = await delivery(context).apply_filter_command(chat_id, command)
    except FilterError as exc:
        await message.reply_text(escape(t.text(exc.message)), do_quote=False)
        return True
    context.chat_data.pop("awaiting", None)  # type: ignore[union-attr]
    await message.reply_text(
        t._("Saved.") + "\n\n" + describe_filters(filters, t),
        reply_markup=keyboards.filters_keyboard(filters, t),
        do_quote=False,
    )
    return True
