"""/timeline: the dated events of a story or an entity, across sources, in date order."""

from __future__ import annotations

import io

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram import keyboards, render
from bot.telegram.chart import render_timeline_chart
from bot.telegram.handlers.common import runtime
from bot.telegram.handlers.summary import within_limit
from bot.telegram.html import escape
from bot.telegram.respond import reply_pieces

TOP_ENTITY_DAYS = 7


async def timeline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/timeline QUERY` lists the events; without a query the user picks from frequent entities."""
    message = update.effective_message
    if message is None or not await within_limit(update, context):
        return
    query = " ".join(context.args or []).strip()
    rt = runtime(context)
    if not query:
        names = await rt.timelines.frequent_entities(days=TOP_ENTITY_DAYS)
        if not names:
            await message.reply_text(
                "I have no stored articles yet. /subscribe to a feed first.", do_quote=False
            )
            return
        await message.reply_text(
            "Whose timeline? Pick one, or send /timeline NAME.",
            reply_markup=keyboards.entity_keyboard(names),
            do_quote=False,
        )
        return
    await send_timeline(update, context, query)


async def send_timeline(update: Update, context: ContextTypes.DEFAULT_TYPE, query: str) -> None:
    message = update.effective_message
    assert message is not None
    found = await runtime(context).timelines.for_query(query)
    if not found.entries:
        await message.reply_text(
            f"I found no dated events about {escape(query)} in the articles I have.", do_quote=False
        )
        return
    await reply_pieces(message, render.render_timeline(found), keyboard=keyboards.chart_keyboard(query))


async def send_timeline_chart(update: Update, context: ContextTypes.DEFAULT_TYPE, query: str) -> None:
    message = update.effective_message
    assert message is not None
    found = await runtime(context).timelines.for_query(query)
    if not found.entries:
        await message.reply_text("That timeline has no events any more.", do_quote=False)
        return
    chart = render_timeline_chart(found)
    caption = render.chart_caption(found)
    await message.reply_photo(io.BytesIO(chart.png), caption=caption, do_quote=False)
