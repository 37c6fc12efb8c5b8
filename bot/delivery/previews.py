"""Link previews: whether a message that shows briefings previews its article, and with what options.

A chat chooses in /settings, and may choose again for one feed in /feeds:
- `off` (the default, as before): no message previews a link;
- `each`: every item sent in a message of its own previews its article, in bursts too (an instant chat
  after a busy poll, /summary 5), small, so a run of them stays readable;
- `single`: only an item sent alone (one instant item, a digest of one item, /summary of one page)
  previews it, large.
A message of several items never previews: Telegram shows one preview per message, and a digest stays
compact. The preview is the article's own link, shown above the text (`show_above_text`).
"""

from __future__ import annotations

from typing import Any

OFF, EACH, SINGLE = "off", "each", "single"
MODES = (OFF, EACH, SINGLE)
AS_CHAT = "chat"  # a feed that follows its chat's choice (stored as NULL)
FEED_MODES = (AS_CHAT, *MODES)
MAX_PREVIEW_URL_CHARS = 2048


def next_mode(mode: str | None, modes: tuple[str, ...] = MODES) -> str:
    """The value a cycling button moves to: off -> each -> single -> off (a feed: chat -> off -> ...)."""
    current = mode if mode in modes else modes[0]
    return modes[(modes.index(current) + 1) % len(modes)]


def effective_mode(chat_mode: str | None, feed_mode: str | None = None) -> str:
    """The feed's own choice when it has one, else the chat's, else off."""
    for mode in (feed_mode, chat_mode):
        if mode is not None and mode in MODES:
            return mode
    return OFF


def preview_options(url: str | None, mode: str, *, sent_together: int) -> dict[str, Any] | None:
    """The Bot API `link_preview_options` for a message that shows one item whose link is `url`, sent
    together with `sent_together - 1` other single-item messages; None: no preview (is_disabled)."""
    if mode == OFF or (mode == SINGLE and sent_together != 1) or not _previewable(url):
        return None
    # is_disabled is said outright: python-telegram-bot fills an option left out from the bot's Defaults,
    # which disable previews everywhere else
    return {"is_disabled": False, "url": url, "prefer_small_media": mode == EACH, "show_above_text": True}


def _previewable(url: str | None) -> bool:
    return url is not None and url.startswith(("http://", "https://")) and len(url) <= MAX_PREVIEW_URL_CHARS
