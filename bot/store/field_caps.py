"""The most characters each stored text field keeps, and the functions that hold every field to it.

Every text the store keeps came from outside: a feed, a page, an HTTP header, the engine's reading of
a page. None may grow without bound (one 5 MB title became 1,220 Telegram messages), so
`bot.store.queries` passes every such field through here on its way in; the feed parser applies the same
limits as it reads a feed. Text is cut with an ellipsis; a link or an HTTP validator that is too long is
dropped instead, since a cut one would point elsewhere or never match. NUL characters and lone surrogates,
which PostgreSQL refuses and UTF-8 cannot encode, are removed on the way.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

from summarizers.briefing import Briefing

MAX_TITLE_CHARS = 500  # an article's or a feed's title (feeds.title is VARCHAR(500))
MAX_SOURCE_CHARS = 200  # a site's or a feed's name as an article's source
MAX_URL_CHARS = 2048  # a link (the URL columns are VARCHAR(2048)); longer ones are dropped
MAX_GUID_CHARS = 2048  # an entry's guid (VARCHAR(2048))
MAX_ENTITY_CHARS = 100  # an entity's name or alias
MAX_SENTENCE_CHARS = 2_000  # a summary sentence, or the sentence an event came from
MAX_LABEL_CHARS = 200  # an event's label or its date expression
MAX_NOTE_CHARS = 1_000  # an article's note, a feed's last error or the reason it was switched off
MAX_TEXT_CHARS = 500_000  # an article's text, or a feed entry's own text (pages are at most 5 MB)
MAX_ETAG_CHARS = 500  # feeds.etag is VARCHAR(500); a longer one is dropped
MAX_LAST_MODIFIED_CHARS = 100  # feeds.last_modified is VARCHAR(100); a longer one is dropped
# How many of each list one briefing keeps: a hostile 500,000-character text can hold thousands of names
# and dates, each stored in the briefing's JSON and read back for every /timeline and digest.
MAX_ENTITIES = 100  # the engine ranks them, most prominent first: the first ones are kept
MAX_ALIASES = 20  # of one entity, most frequent first
MAX_EVENTS = 200  # in date order: kept evenly across it, the first and the last date always
MAX_EVENT_ENTITIES = 20  # names one event's sentence mentions
MAX_NOTES = 20
ELLIPSIS = "…"
T = TypeVar("T")


def cap_text(value: str | None, limit: int) -> str | None:
    """`value` with NULs and lone surrogates removed, cut to at most `limit` characters (an ellipsis
    marks the cut); None stays None."""
    if value is None:
        return None
    value = _storable(value)
    return value if len(value) <= limit else value[: limit - 1].rstrip() + ELLIPSIS


def cap_whole(value: str | None, limit: int) -> str | None:
    """`value` when it fits in `limit` characters, else None: for links and validators, which mean nothing
    once cut."""
    if value is None:
        return None
    value = _storable(value)
    return value if len(value) <= limit else None


def capped_briefing(briefing: Briefing) -> Briefing:
    """The briefing with every text held to its limit (title, source, link, sentences, entity names and
    aliases, event expressions, labels, sentences and the entity names they mention), and every list to
    its count (entities, aliases, events, the names of an event, notes)."""
    return dataclasses.replace(
        briefing,
        title=cap_text(briefing.title, MAX_TITLE_CHARS),
        url=cap_whole(briefing.url, MAX_URL_CHARS),
        source=cap_text(briefing.source, MAX_SOURCE_CHARS),
        summary=tuple(
            dataclasses.replace(s, text=_capped(s.text, MAX_SENTENCE_CHARS)) for s in briefing.summary
        ),
        entities=tuple(
            dataclasses.replace(
                e,
                name=_capped(e.name, MAX_ENTITY_CHARS),
                aliases=tuple(_capped(a, MAX_ENTITY_CHARS) for a in e.aliases[:MAX_ALIASES]),
            )
            for e in briefing.entities[:MAX_ENTITIES]
        ),
        events=tuple(
            dataclasses.replace(
                e,
                expression=_capped(e.expression, MAX_LABEL_CHARS),
                text=_capped(e.text, MAX_SENTENCE_CHARS),
                label=cap_text(e.label, MAX_LABEL_CHARS),
                entities=tuple(_capped(n, MAX_ENTITY_CHARS) for n in e.entities[:MAX_EVENT_ENTITIES]),
            )
            for e in spread(briefing.events, MAX_EVENTS)
        ),
        notes=tuple(_capped(n, MAX_NOTE_CHARS) for n in briefing.notes[:MAX_NOTES]),
    )


def spread(items: tuple[T, ...], limit: int) -> tuple[T, ...]:
    """At most `limit` of `items`, taken evenly along them in order, the first and the last included: an
    ordered list (events by date) keeps its whole span, and what relies on its ends (the last day events
    reach, which retention reads) is unchanged."""
    if len(items) <= limit:
        return items
    if limit < 2:
        return items[len(items) - limit :]
    last = len(items) - 1
    return tuple(items[round(n * last / (limit - 1))] for n in range(limit))


def _capped(value: str, limit: int) -> str:
    return cap_text(value, limit) or ""


def _storable(value: str) -> str:
    """Without NULs (PostgreSQL text refuses them) and lone surrogates (no UTF-8 for them)."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value
