"""The one base for errors whose message is written for the user; handlers reply with `user_message`.

Every error raised at a boundary (a URL fetched, a feed or an OPML file read, a setting typed, a
filter, a CLI source or database URL) derives from it, so the Telegram error handler and the CLI can
tell "say this to the user" from "our bug" by type alone: the first gets its one line, the second a
generic apology, and the logs get the detail either way. (summarizers.BriefingError is the engine's own:
summarizers/ imports nothing from bot/.)
"""

from __future__ import annotations

from bot.i18n import Text
from bot.redact import mask_urls


class UserFacingError(Exception):
    """Raised at a boundary with a message a user can act on: a Text marked with bot.i18n.N_ (a reply
    says it in the chat's language) or, for the operator's CLI, a plain str."""

    @property
    def message(self) -> Text | str:
        """What to tell the user; `Translator.text` says it in their language."""
        first = self.args[0] if self.args else ""
        return first if isinstance(first, Text | str) else str(self)

    @property
    def user_message(self) -> str:
        """The message in English (logs, the CLI, the store)."""
        return str(self.message)


QUOTED_CHARS = 80  # what a reply shows of anything a user sent: a URL, a query, a filter word, a name


def quoted(value: object, limit: int = QUOTED_CHARS) -> str:
    """User input as a reply may quote it: one line of at most `limit` characters, cut with an ellipsis.

    What a user sends can be any length, and a reply that quoted it whole could pass Telegram's 4,096
    limit and never arrive; every message that repeats user input goes through here.
    """
    if limit < 2:
        raise ValueError("a quote needs room for one character and the ellipsis")
    text = mask_urls(" ".join(str(value).split()))  # a URL's password or key is never repeated
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
