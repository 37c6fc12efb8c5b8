"""/summary: the briefing of any page, or of the newest unseen articles from the chat's feeds."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.delivery import previews
from bot.delivery.layout import Reader
from bot.i18n import Translator
from bot.telegram import keyboards, render
from bot.telegram.handlers.common import command_args, runtime, translator_for
from bot.telegram.respond import reply_pieces, with_holding_reply

DEFAULT_COUNT, MAX_COUNT = 3, 10


async def summary(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/summary URL` replies with that page's briefing; `/summary [N]` with the newest unseen articles."""
    message = update.effective_message
    if message is None:
        return
    args = command_args(context)
    if args and args[0].startswith(("http://", "https://")):
        await summarize_url(update, context, args[0])
        return
    t = await translator_for(update, context)
    if args and not args[0].isdigit():
        await message.reply_text(
            t._("Send /summary URL to brief a page, or /summary 5 for your five newest articles."),
            do_quote=False,
        )
        return
    count = min(int(args[0]), MAX_COUNT) if args else DEFAULT_COUNT
    rt = runtime(context)
    items = await rt.briefings.newest_unseen(message.chat_id, max(count, 1))
    if not items:
        await message.reply_text(
            t._("Nothing new from your feeds yet. /subscribe to a feed, or send /summary URL for any page."),
            do_quote=False,
        )
        return
    reader = await reader_of(update, context, t)
    chat_mode, feed_modes = await rt.chats.preview_modes(message.chat_id)
    for item in items:
        mode = previews.effective_mode(chat_mode, feed_modes.get(item.feed_id or 0))
        await reply_pieces(
            message,
            render.stored_briefing(item, reader.language, reader.sentences),
            keyboard=keyboards.briefing_keyboard(item.briefing, t, feed_id=item.feed_id),
            preview=previews.preview_options(item.briefing.url, mode, sent_together=len(items)),
        )


async def summarize_url(update: Update, context: ContextTypes.DEFAULT_TYPE, url: str) -> None:
    message = update.effective_message
    assert message is not None
    rt = runtime(context)
    t = await translator_for(update, context)
    item, holding = await with_holding_reply(
        message, context, rt.briefings.for_url(url), t._("Reading the page…")
    )
    reader = await reader_of(update, context, t)
    chat_mode, _ = await rt.chats.preview_modes(message.chat_id)
    await reply_pieces(
        message,
        render.stored_briefing(item, reader.language, reader.sentences),
        keyboard=keyboards.briefing_keyboard(item.briefing, t, feed_id=item.feed_id),
        edit=holding,
        preview=previews.preview_options(
            item.briefing.url, previews.effective_mode(chat_mode), sent_together=1
        ),
    )


async def reader_of(update: Update, context: ContextTypes.DEFAULT_TYPE, t: Translator) -> Reader:
    """Whom a reply is laid out for: the chat's language (`t`, bot.i18n.chat_locale) and summary length."""
    chat = update.effective_chat
    settings = await runtime(context).chats.settings_of(chat.id) if chat is not None else None
    return Reader(t.locale, settings.summary_length if settings else None)
