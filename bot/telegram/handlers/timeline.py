"""/timeline: the dated events of a story or an entity, across sources, in date order."""

from __future__ import annotations

import datetime as dt
import functools
import io

from telegram import Update
from telegram.ext import ContextTypes

from bot.errors import quoted
from bot.i18n import Translator
from bot.telegram import keyboards, render
from bot.telegram.chart import chart_entries, render_timeline_chart
from bot.telegram.handlers.common import runtime, target_chat_id, translator_for
from bot.telegram.html import escape
from bot.telegram.respond import reply_pieces
from bot.timelines import TimelineQueryError
from summarizers.timeline import Timeline

TOP_ENTITY_DAYS = 7


async def timeline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/timeline QUERY` lists the events; without a query the user picks from frequent entities."""
    message = update.effective_message
    if message is None:
        return
    query = " ".join(context.args or []).strip()
    rt = runtime(context)
    if not query:
        t = await translator_for(update, context)
        names = await rt.timelines.frequent_entities(days=TOP_ENTITY_DAYS)
        if not names:
            await message.reply_text(
                t._("I have no stored articles yet. /subscribe to a feed first."), do_quote=False
            )
            return
        await message.reply_text(
            t._("Whose timeline? Pick one, or send /timeline NAME."),
            reply_markup=keyboards.entity_keyboard(names, t),
            do_quote=False,
        )
        return
    await send_timeline(update, context, query)


async def send_timeline(
    update: Update, context: ContextTypes.DEFAULT_TYPE, query: str, *, full_sentences: bool = False
) -> None:
    """Each entry as its date and short label; `full_sentences` shows the whole sentences instead."""
    message = update.effective_message
    assert message is not None
    t = await translator_for(update, context)
    rt = runtime(context)
    try:
        found, articles = await rt.timelines.with_articles(query)
    except TimelineQueryError as exc:
        await message.reply_text(escape(t.text(exc.message)), do_quote=False)
        return
    if not found.entries:
        await _suggest_entities(update, context, found.query or query, t)
        return
    chat_id = await target_chat_id(update, context)
    coverage = await rt.coverage.of_articles(chat_id, articles)
    zone = (await rt.chats.settings_of(chat_id)).timezone
    pieces = render.render_timeline(
        found, t, full_sentences=full_sentences, coverage=coverage, zone=zone, now=dt.datetime.now(dt.UTC)
    )
    keyboard = keyboards.timeline_keyboard(found.query or query, t, full_sentences=full_sentences)
    await reply_pieces(message, pieces, keyboard=keyboard)


async def send_story_timeline(update: Update, context: ContextTypes.DEFAULT_TYPE, article_id: int) -> None:
    """A shared briefing's "Full timeline" button opened the bot: the user sees the timeline of that
    article's story, or one line saying the story is no longer stored."""
    message = update.effective_message
    assert message is not None
    t = await translator_for(update, context)
    found = await runtime(context).timelines.for_article(article_id)
    if found is None:
        await message.reply_text(
            t._("That story is no longer stored. Send /timeline NAME for what I have."), do_quote=False
        )
        return
    await reply_pieces(message, render.render_timeline(found, t))


async def send_timeline_chart(update: Update, context: ContextTypes.DEFAULT_TYPE, query: str) -> None:
    message = update.effective_message
    assert message is not None
    t = await translator_for(update, context)
    found = await _timeline_or_answer(update, context, query, t)
    if found is None:
        return
    if not found.entries:
        await message.reply_text(t._("That timeline has no events any more."), do_quote=False)
        return
    drawn = Timeline(found.query, chart_entries(found))  # the most salient entries, in date order
    # Drawn in the engine's worker: matplotlib (50 MB) stays out of the bot's process, and off its event loop.
    chart = await runtime(context).pool.run(functools.partial(render_timeline_chart, drawn))
    caption = render.chart_caption(drawn, t)
    await message.reply_photo(io.BytesIO(chart.png), caption=caption, do_quote=False)


async def _timeline_or_answer(
    update: Update, context: ContextTypes.DEFAULT_TYPE, query: str, t: Translator
) -> Timeline | None:
    """The timeline, or None after telling the user in one line why the query cannot be one."""
    message = update.effective_message
    assert message is not None
    try:
        return await runtime(context).timelines.for_query(query)
    except TimelineQueryError as exc:
        await message.reply_text(escape(t.text(exc.message)), do_quote=False)
        return None


async def _suggest_entities(
    update: Update, context: ContextTypes.DEFAULT_TYPE, query: str, t: Translator
) -> None:
    """Nothing matched: offer the closest names the bot knows as buttons, not an empty message."""
    message = update.effective_message
    assert message is not None
    suggestions = await runtime(context).timelines.closest_entities(query)
    shown = escape(quoted(query, 60))
    if not suggestions.names:
        await message.reply_text(
            t._(
                "I found no dated events about {query}, and I have no stored articles to suggest others "
                "from. /subscribe to a feed first.",
                query=shown,
            ),
            do_quote=False,
        )
        return
    found_none = t._("I found no dated events about {query}.", query=shown)
    lead = t._("Did you mean one of these?") if suggestions.close else t._("These are in the news I have:")
    await message.reply_text(
        f"{found_none} {lead}",
        reply_markup=keyboards.entity_keyboard(suggestions.names, t),
        do_quote=False,
    )
