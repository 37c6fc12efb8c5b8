"""Keyword filters: plain words or phrases, matched case-insensitively on whole words. No user regex.

`/filter +word` keeps only items that mention one of the include phrases; `/filter -"some phrase"` drops
items that mention it. Exclude wins over include. A phrase matches across any whitespace, and only on
word boundaries, so "ai" does not match "said" and "New York" matches "new  york".
"""

from __future__ import annotations

import hashlib
import re
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from bot.errors import UserFacingError, quoted
from bot.i18n import N_

INCLUDE, EXCLUDE = "include", "exclude"
MAX_PHRASE_CHARS = 100
MAX_FILTERS = 50


class FilterError(UserFacingError):
    """The filter command could not be understood; the message says what would be."""


@dataclass(frozen=True, slots=True)
class KeywordFilter:
    mode: str  # include | exclude
    phrase: str

    def label(self) -> str:
        sign = "+" if self.mode == INCLUDE else "-"
        return f'{sign}"{self.phrase}"' if " " in self.phrase else f"{sign}{self.phrase}"

    def key(self) -> str:
        """Eight hex digits naming the filter in a button (a phrase may not fit Telegram's 64 bytes)."""
        return hashlib.sha1(f"{self.mode}:{self.phrase}".encode()).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class FilterCommand:
    """What `/filter ...` asks for: list, clear, or add/remove some filters."""

    action: str  # list | clear | add | remove
    filters: tuple[KeywordFilter, ...] = ()


def normalise_phrase(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_filter_command(text: str) -> FilterCommand:
    """`` -> list; `clear`; `+word -"a phrase"` -> add; `remove +word` (or `del`) -> remove."""
    try:
        tokens = shlex.split(text.replace("“", '"').replace("”", '"'))
    except ValueError as exc:
        raise FilterError(N_('A quote is not closed. Write phrases like -"some phrase".')) from exc
    if not tokens:
        return FilterCommand("list")
    if len(tokens) == 1 and tokens[0].lower() in {"clear", "reset"}:
        return FilterCommand("clear")
    action = "add"
    if tokens[0].lower() in {"remove", "del", "delete", "rm"}:
        action, tokens = "remove", tokens[1:]
    filters = []
    for token in tokens:
        sign, phrase = token[:1], normalise_phrase(token[1:])
        if sign not in "+-" or not sign or not phrase:
            raise FilterError(
                N_(
                    "“{token}” is not a filter. Use +word to keep only items that mention it, -word to drop "
                    'them, quotes for phrases (-"some phrase"), or "clear".',
                    token=quoted(token),
                )
            )
        if len(phrase) > MAX_PHRASE_CHARS:
            raise FilterError(N_("A filter can be at most {n} characters long.", n=MAX_PHRASE_CHARS))
        if not re.search(r"\w", phrase):
            raise FilterError(N_("“{token}” has no letters or digits to match.", token=quoted(token)))
        filters.append(KeywordFilter(INCLUDE if sign == "+" else EXCLUDE, phrase))
    if not filters:
        raise FilterError(N_("Say which filter to remove, e.g. /filter remove +word."))
    return FilterCommand(action, tuple(dict.fromkeys(filters)))


@cache
def _pattern(phrase: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in phrase.split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def mentions(text: str, phrase: str) -> bool:
    return _pattern(normalise_phrase(phrase)).search(text) is not None


def passes(text: str, filters: Iterable[KeywordFilter]) -> bool:
    """True when `text` is wanted: no exclude phrase in it, and an include phrase if there are any."""
    includes = []
    for f in filters:
        if f.mode == EXCLUDE and mentions(text, f.phrase):
            return False
        if f.mode == INCLUDE:
            includes.append(f.phrase)
    return not includes or any(mentions(text, p) for p in includes)
