"""Subscriptions: /subscribe, /unsubscribe, /feeds, /stop, /export, OPML import, and bare links."""

from __future__ import annotations

import io
import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot.opml import OpmlError
from bot.telegram import keyboards, render
from bot.telegram.handlers.common import (
    command_args,
    is_admin,
    may_act_on_managed_channel,
    require_admin,
    runtime,
    target_chat_id,
    translator_for,
)
from bot.telegram.handlers.topics import command_topic
from bot.telegram.html import escape
from bot.telegram.respond import reply_pieces, with_holding_reply
from bot.telegram.taps import answer_tap
from bot.telegram.topics import forum_view

log = logging.getLogger(__name__)
PROGRESS_EVERY = 5  # feeds between progress edits during an OPML import


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user sees the feed's title and its newest headline, or why the URL can't be subscribed."""
    message = update.effective_message
    if message is None or not await require_admin(update, context):
        return
    args = command_args(context)
    if not args:
        t = await translator_for(update, context)
        await message.reply_text(
            t._("Send /subscribe followed by a feed or site URL, e.g. /subscribe https://www.bbc.com/news"),
            do_quote=False,
        )
        return
    await subscribe_url(update, context, args[0])


async def subscribe_url(update: Update, context: ContextTypes.DEFAULT_TYPE, url: str) -> None:
    message = update.effective_message
    assert message is not None
    rt = runtime(context)
    chat_id = await target_chat_id(update, context)
    usable, topic = await command_topic(update, context)
    if not usable:
        return
    t = await translator_for(update, context)
    result, holding = await with_holding_reply(
        message, context, rt.subscriptions.subscribe(chat_id, url, topic), t._("Checking the feed…")
    )
    await reply_pieces(message, [render.subscribed(result, t)], edit=holding)


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user sees a keyboard of the chat's feeds; tapping one drops it."""
    message = update.effective_message
    if message is None or not await require_admin(update, context):
        return
    feeds = await runtime(context).subscriptions.for_chat(await target_chat_id(update, context))
    t = await translator_for(update, context)
    if not feeds:
        await message.reply_text(t._("You have no subscriptions. /subscribe URL adds one."), do_quote=False)
        return
    await message.reply_text(
        t._("Which feed should I drop?"), reply_markup=keyboards.unsubscribe_keyboard(feeds), do_quote=False
    )


async def list_feeds(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user sees each feed with its status: working, failing since…, or deactivated because…. A channel
    managed from here is listed only to its admins of the moment; in a group, members who are not admins
    see the titles without the addresses (like /export, the links are for admins)."""
    message = update.effective_message
    if message is None or not await may_act_on_managed_channel(update, context):
        return
    chat_id = await target_chat_id(update, context)
    feeds = await runtime(context).subscriptions.for_chat(chat_id)
    links = not feeds or await is_admin(update, context)
    t = await translator_for(update, context)
    forum, here = forum_view(update.effective_chat, chat_id, message)
    keyboard = keyboards.feed_keyboard(feeds, t, forum=forum, here=here) if links else None
    await reply_pieces(
        message, render.feed_list(feeds, t, links=links, topics=forum, here=here), keyboard=keyboard
    )


async def set_feed_previews(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    """A feed's link previews button under /feeds was tapped (admins only): store the choice and redraw
    the buttons."""
    query = update.callback_query
    assert query is not None
    if not await require_admin(update, context):
        return
    rt = runtime(context)
    chat_id = await target_chat_id(update, context)
    changed = await rt.subscriptions.set_link_previews(chat_id, int(args[0]), args[1])
    t = await translator_for(update, context)
    await answer_tap(
        update, context, t._("Saved.") if changed else t._("You are not subscribed to that feed any more.")
    )
    if changed and query.message is not None:
        feeds = await rt.subscriptions.for_chat(chat_id)
        forum, here = forum_view(update.effective_chat, chat_id, query.message)
        await query.edit_message_reply_markup(keyboards.feed_keyboard(feeds, t, forum=forum, here=here))


async def stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every subscription of the chat is dropped, and the user is told how many."""
    message = update.effective_message
    if message is None or not await require_admin(update, context):
        return
    count = await runtime(context).subscriptions.unsubscribe_all(await target_chat_id(update, context))
    t = await translator_for(update, context)
    await message.reply_text(
        t.ngettext(
            "Done: unsubscribed from {n} feed. No more digests will be sent. /start to begin again.",
            "Done: unsubscribed from {n} feeds. No more digests will be sent. /start to begin again.",
            count,
        ),
        do_quote=False,
    )


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The user receives the chat's feeds as an OPML file; in a group or for a managed channel only its
    admins do (the file holds every feed URL)."""
    message = update.effective_message
    if message is None or not await require_admin(update, context):
        return
    data = await runtime(context).subscriptions.export_opml(await target_chat_id(update, context))
    t = await translator_for(update, context)
    await message.reply_document(
        io.BytesIO(data), filename="briefbot-feeds.opml", caption=t._("Your feeds, as OPML."), do_quote=False
    )


async def import_opml(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An .opml file is imported feed by feed, with a progress message when there are many."""
    message = update.effective_message
    if message is None or message.document is None or not await require_admin(update, context):
        return
    rt = runtime(context)
    document = message.document
    t = await translator_for(update, context)
    if document.file_size and document.file_size > 1_000_000:
        await message.reply_text(t._("That OPML file is larger than 1 MB; please split it."), do_quote=False)
        return
    usable, topic = await command_topic(update, context)
    if not usable:
        return
    data = bytes(await (await document.get_file()).download_as_bytearray())
    progress = await message.reply_text(t._("Importing your feeds…"), do_quote=False)

    async def report(done: int, total: int) -> None:
        if total > PROGRESS_EVERY and done % PROGRESS_EVERY == 0 and done < total:
            await progress.edit_text(t._("Importing your feeds… {done}/{total}", done=done, total=total))

    chat_id = await target_chat_id(update, context)
    try:
        result = await rt.subscriptions.import_opml(chat_id, data, report, topic)
    except OpmlError as exc:  # the file itself: say so where the progress was, not as an apology
        log.info("OPML import refused: %s", exc)
        await progress.edit_text(escape(t.text(exc.message)))
        return
    await progress.edit_text(render.import_result(result, t))


async def bare_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A bare URL in a private chat offers "Summarize" or "Subscribe"."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or chat.type != ChatType.PRIVATE or not message.text:
        return
    url = _first_url(message.text)
    if url is None:
        return
    token = remember_link(context, url)
    t = await translator_for(update, context)
    await message.reply_text(
        t._("What should I do with this link?"),
        reply_markup=keyboards.link_choice_keyboard(token, t),
        do_quote=False,
    )


def remember_link(context: ContextTypes.DEFAULT_TYPE, url: str) -> str:
    """Callback data holds 64 bytes, so the button carries a short token for the URL kept in chat_data."""
    links: dict[str, str] = context.chat_data.setdefault("links", {})  # type: ignore[union-attr]
    token = str(len(links) % 1000)
    links[token] = url
    return token


def recall_link(context: ContextTypes.DEFAULT_TYPE, token: str) -> str | None:
    return (context.chat_data or {}).get("links", {}).get(token)


def _first_url(text: str) -> str | None:
    for word in text.split():
        if word.startswith(("http://", "https://")):
            return word
    return None
