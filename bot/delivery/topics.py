"""Forum topics: which topic of a forum supergroup each message goes to, and what a refused topic means.

A chat has one topic for its digest (`/settings`; None: General), and a feed may have a topic of its own
(`/subscribe` sent in a topic, or the 🧵 button under `/feeds`). An item goes to its feed's topic, else to
the digest's; a digest is split by topic, each topic getting a digest of its own feeds (its own top items
and its own "+M more"). A chat without topics has no routes, and everything goes to General as before.

Telegram refuses a message for a topic that was closed ("TOPIC_CLOSED") or deleted ("message thread not
found"). The sender then clears that topic from every route of the chat, sends the refused message and
every other one queued for that topic to General, and queues one notice for the admins (store.topics
.forget_topic): the topic fails once, nothing is lost, and nothing is sent there again until an admin
routes a feed to it anew.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from bot.store.topics import TopicRoutes

# Telegram's words (after python-telegram-bot drops "Bad Request: ") for a topic that can't take messages
TOPIC_REFUSALS = ("topic_closed", "topic_deleted", "message thread not found", "topic_id_invalid")
Item = TypeVar("Item")


def topic_refused(error: str) -> bool:
    """True when Telegram's error says the message's topic is closed or gone (not the chat)."""
    text = error.lower()
    return any(marker in text for marker in TOPIC_REFUSALS)


def by_topic(
    items: Iterable[Item], routes: TopicRoutes, feed_of: Callable[[Item], int | None]
) -> dict[int | None, list[Item]]:
    """Items grouped by the topic they go to, the digest's topic first, then in the order first seen."""
    groups: dict[int | None, list[Item]] = {routes.digest: []}
    for item in items:
        groups.setdefault(routes.thread_of(feed_of(item)), []).append(item)
    return {topic: group for topic, group in groups.items() if group}
