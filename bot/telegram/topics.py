"""Forum topics as Telegram shows them: the topic a message was sent in, and whether a topic takes
messages now (bots cannot list a forum's topics, so a route is only ever set to a topic the admin is in,
and checked with Telegram before it is stored)."""

from __future__ import annotations

from telegram import Bot, Chat, Message
from telegram.constants import ChatAction
from telegram.error import BadRequest

from bot.delivery.topics import topic_refused
from bot.i18n import N_

TOPIC_GONE = N_(
    "That topic is closed or no longer exists, so I changed nothing. Send the command inside an open topic, "
    "or in General."
)  # said in General: an answer in the topic itself would be refused


def topic_of(message: Message | None) -> int | None:
    """The forum topic a message is in; None for General, a chat without topics, or a reply thread of an
    ordinary group (its message_thread_id is not a topic)."""
    if message is None or not message.is_topic_message or not is_forum(message.chat):
        return None
    return message.message_thread_id


def is_forum(chat: Chat | None) -> bool:
    return bool(chat is not None and chat.is_forum)


def forum_view(chat: Chat | None, acting_on: int, message: object) -> tuple[bool, int | None]:
    """(forum, here) for a panel (/feeds, /settings) shown in `chat` about chat `acting_on`: whether topic
    buttons belong on it (a forum, acting on itself, not a channel managed from a private chat), and the
    topic the panel is in (None: General)."""
    forum = is_forum(chat) and chat is not None and chat.id == acting_on
    return forum, topic_of(message) if forum and isinstance(message, Message) else None


async def topic_takes_messages(bot: Bot, chat_id: int, topic: int) -> bool:
    """Ask Telegram whether the topic exists and is open, with a "typing…" action in it (a message there
    would be seen): False when it answers that the topic is closed or not found."""
    try:
        await bot.send_chat_action(chat_id, ChatAction.TYPING, message_thread_id=topic)
    except BadRequest as error:
        if topic_refused(str(error)):
            return False
        raise
    return True
