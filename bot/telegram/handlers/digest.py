"""/digest (the chat's digest now), /filter (keyword filters) and the "+M more" button under a digest.

The delivery loops themselves run in the runtime (bot.runtime.Runtime.start_delivery).
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.delivery import DeliveryService
from bot.delivery.filters import EXCLUDE, INCLUDE, FilterError, KeywordFilter, parse_filter_command
from bot.i18n import Translator
from bot.telegram.handlers.common import (
    command_args,
    may_act_on_managed_channel,
    require_admin,
    runtime,
    target_chat_id,
    translator_for,
)
from bot.telegram.html import escape
from bot.telegram.render import MORE_ACTION
from bot.telegram.respond import reply_pieces
from bot.telegram.taps import answer_tap
from bot.telegram.topics import topic_of

log = logging.getLogger(__name__)


def delivery(context: ContextTypes.DEFAULT_TYPE) -> DeliveryService:
    return runtime(context).delivery


async def digest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The chat gets its digest of what is new now, or a short "nothing new" reply."""
    message = update.effective_message
    if message is None or not await require_admin(update, context):
        return
    chat_id = await target_chat_id(update, context)
    requested = await delivery(context).digest_now(chat_id)
    if not requested.messages:
        t = await translator_for(update, context)
        await message.reply_text(
            t._("Nothing new since your last digest. Add feeds with /subscribe, or check /filter."),
            do_quote=False,
        )


async def filter_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/filter lists the filters; /filter +word, /filter -"a phrase", /filter remove +word, /filter clear."""
    message = update.effective_message
    if message is None:
        return
    args = " ".join(command_args(context))
    t = await translator_for(update, context)
    try:
        command = parse_filter_command(args)
    except FilterError as exc:
        await message.reply_text(escape(t.text(exc.message)), do_quote=False)
        return
    if not await may_act_on_managed_channel(update, context):
        return
    chat_id = await target_chat_id(update, context)
    if command.action == "list":
        await message.reply_text(
            describe_filters(await delivery(context).filters(chat_id), t), do_quote=False
        )
        return
    if not await require_admin(update, context):
        return
    try:
        filters = await delivery(context).apply_filter_command(chat_id, command)
    except FilterError as exc:
        await message.reply_text(escape(t.text(exc.message)), do_quote=False)
        return
    await message.reply_text(t._("Saved.") + "\n\n" + describe_filters(filters, t), do_quote=False)


def describe_filters(filters: list[KeywordFilter], t: Translator) -> str:
    """The chat's filters in HTML, with how to change them."""
    includes = [f for f in filters if f.mode == INCLUDE]
    excludes = [f for f in filters if f.mode == EXCLUDE]
    if not filters:
        return "\n".join(
            [
                t._("<b>Filters</b>: none, so digests hold everything from your feeds."),
                t._(
                    "/filter +word keeps only items that mention a word, /filter -word drops them; "
                    'quote phrases: /filter -"transfer window".'
                ),
            ]
        )
    lines = [t._("<b>Filters</b> (whole words, any case)")]
    if includes:
        phrases = ", ".join(f"<code>{escape(f.phrase)}</code>" for f in includes)
        lines.append(t._("Only items mentioning: {phrases}", phrases=phrases))
    if excludes:
        phrases = ", ".join(f"<code>{escape(f.phrase)}</code>" for f in excludes)
        lines.append(t._("Never items mentioning: {phrases}", phrases=phrases))
    lines.append(t._("/filter remove +word drops one; /filter clear drops all."))
    return "\n".join(lines)


async def show_more(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    """The "+M more" button under a digest: the rest of its items, as new messages (callbacks.ACTIONS form)."""
    query = update.callback_query
    assert query is not None
    run_id = int(args[0])
    chat = update.effective_chat
    topic = topic_of(query.message) if isinstance(query.message, Message) else None
    pieces = await delivery(context).more_messages(run_id, chat.id, topic) if chat and run_id else []
    if not pieces or query.message is None:
        t = await translator_for(update, context)
        await answer_tap(update, context, t._("Those items are no longer available."))
        return
    await answer_tap(update, context)
    await reply_pieces(query.message, pieces)  # type: ignore[arg-type]


__all__ = [
    "MORE_ACTION",
    "digest_command",
    "filter_command",
    "show_more",
]
