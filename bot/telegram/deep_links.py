"""Deep links into the bot (t.me/<bot>?start=<payload>): what a shared briefing's button opens.

Telegram passes the payload to /start as its one argument. It may hold only A-Z, a-z, 0-9, "_" and "-",
at most 64 characters, so a story is named by the id of one of its articles, never by its words.
"""

from __future__ import annotations

import re

MAX_PAYLOAD_CHARS = 64
STORY = "story_"  # story_<article id>: the timeline of that article's story
MAX_ID = 2**63 - 1  # a database id (BIGINT); a larger number names nothing
_STORY_PAYLOAD = re.compile(rf"{STORY}([1-9][0-9]{{0,18}})")
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


def story_payload(article_id: int) -> str:
    payload = f"{STORY}{article_id}"
    assert _PAYLOAD.fullmatch(payload), payload
    return payload


def story_of_payload(payload: str | None) -> int | None:
    """The article id a /start payload names, or None for any other payload (a plain /start)."""
    found = _STORY_PAYLOAD.fullmatch(payload or "")
    article_id = int(found.group(1)) if found else None
    return article_id if article_id is not None and article_id <= MAX_ID else None


def start_link(bot_username: str, payload: str) -> str:
    """The https link that opens a private chat with the bot and sends /start <payload>."""
    if not _PAYLOAD.fullmatch(payload):
        raise ValueError(f"not a deep-link payload: {payload!r}")
    return f"https://t.me/{bot_username}?start={payload}"
