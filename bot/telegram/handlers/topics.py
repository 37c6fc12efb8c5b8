"""Forum topics from the admin's side: the topic a command was sent in (checked with Telegram before it
is stored), and the 🧵 button under /feeds that sends a feed to the topic /feeds was sent in.

Bots cannot list a forum's topics, so every choice is "here": /subscribe inside a topic, /feeds or
/settings inside a topic and a tap. A topic that no longer takes messages is refused in the command,
in General (a reply in the topic itself would fail), and nothing is stored.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot.telegram import keyboards
from bot.telegram.handlers.common import require_admin, runtime, target_chat_id, translator_for
from bot.telegram.taps import answer_tap
from bot.telegram.topics import TOPIC_GONE, is_forum, topic_of, topic_takes_messages

log = logging.getLogger(__name__)


async def command_topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[bool, int | None]:
    """(usable, topic): the forum topic the command (or the tapped message) is in, when it acts on this
    chat; None for General or a chat without topics. Not usable when Telegram says the topic is closed or
    gone: the user was told so in General."""
    message = update.effective_message
    topic = topic_of(message)
    chat = update.effective_chat
    if topic is None or chat is None or await target_chat_id(update, context) != chat.id:
        return True, None
    if await topic_takes_messages(context.bot, chat.id, topic):
        return True, topic
    log.info("chat %s: topic %s refused in a command", chat.id, topic)
    t = await translator_for(update, context)
    if update.callback_query is not None:
        await answer_tap(update, context, t.text(TOPIC_GONE), show_alert=True)
    else:
        await context.bot.send_message(chat.id, t.text(TOPIC_GONE), message_thread_id=None)
    return False, None


async def set_feed_topic(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> None:
    """A feed's 🧵 button under /feeds was tapped (admins only): the feed goes to the topic the button
    names (checked with Telegram), or with the digest again (0); the buttons are redrawn."""
    query = update.callback_query
    assert query is not None
    if not await require_admin(update, context):
        return
    chat = update.effective_chat
    feed_id, topic = int(args[0]), int(args[1])
    t = await translator_for(update, context)
    if chat is None or await target_chat_id(update, context) != chat.id or not is_forum(chat):
        await answer_tap(update, context, t.text(TOPIC_GONE), show_alert=True)
        return
    if topic and not await topic_takes_messages(context.bot, chat.id, topic):
        await answer_tap(update, context, t.text(TOPIC_GONE), show_alert=True)
        return
    rt = runtime(context)
    changed = await rt.subscriptions.set_topic(chat.id, feed_id, topic or None)
    await answer_tap(
        update, context, t._("Saved.") if changed else t._("You are not subscribed to that feed any more.")
    )
    if changed and isinstance(query.message, Message):
        feeds = await rt.subscriptions.for_chat(chat.id)
        await query.edit_message_reply_markup(
            keyboards.feed_keyboard(feeds, t, forum=True, here=topic_of(query.message))
        )
