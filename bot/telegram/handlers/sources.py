"""/sources STORY (and the "Sources" button under a digest item): who of the chat's sources reported a
story, when, and the first report's headline."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram import render
from bot.telegram.handlers.common import runtime, target_chat_id, translator_for
from bot.telegram.html import escape
from bot.telegram.respond import reply_pieces
from bot.telegram.taps import answer_tap

MAX_STORY_ID = 10**15  # ids are database integers: a longer number is not one


async def sources_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/sources 123` lists the story's reports from the chat's feeds; anything else explains the command."""
    message = update.effective_message
    if message is None:
        return
    args = context.args or []
    if len(args) != 1 or not args[0].isascii() or not args[0].isdigit() or int(args[0]) > MAX_STORY_ID:
        t = await translator_for(update, context)
        await message.reply_text(
            escape(t._("Tap “Sources” under a digest item, or send /sources with the story's number.")),
            do_quote=False,
        )
        return
    await send_story_sources(update, context, int(args[0]))


async def sources_button(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    await answer_tap(update, context)
    await send_story_sources(update, context, int(args[0]))


async def send_story_sources(update: Update, context: ContextTypes.DEFAULT_TYPE, story_id: int) -> None:
    message = update.effective_message
    if message is None:
        return
    rt = runtime(context)
    chat_id = await target_chat_id(update, context)
    t = await translator_for(update, context)
    found = await rt.coverage.story_sources(chat_id, story_id)
    if found is None:
        await message.reply_text(
            escape(t._("None of your sources reported that story, or it is no longer stored.")),
            do_quote=False,
        )
        return
    zone = (await rt.chats.settings_of(chat_id)).timezone
    await reply_pieces(message, render.render_story_sources(found, t, zone=zone, now=dt.datetime.now(dt.UTC)))
