"""What a briefing could not do, said to the reader in one short line in the reader's own language.

The engine writes its notes in English for the JSON and the logs ("entities: no model for Hungarian").
A reader of a Hungarian feed in a German chat should read instead: "Namen nicht erkannt: kein Modell für
diese Sprache (Ungarisch)." The language's name comes from CLDR (Babel) in the reader's language; the
sentence around it from the catalogs (bot.i18n).
"""

from __future__ import annotations

import functools
import re

from babel import Locale

from bot.i18n import Translator
from summarizers.briefing import (
    NO_MODEL_NOTE,
    NO_ORGANISATIONS_NOTE,
    PLACES_ONLY_NOTE,
    UNKNOWN_LANGUAGE_NOTE,
    Briefing,
)
from summarizers.text import language_label, normalise_language

_NO_MODEL_PREFIX = NO_MODEL_NOTE.split("{", 1)[0]
_PLACES_ONLY_PREFIX = PLACES_ONLY_NOTE.split("{", 1)[0]
_NO_ORGANISATIONS_PREFIX = NO_ORGANISATIONS_NOTE.split("{", 1)[0]


def entities_note(briefing: Briefing, t: Translator) -> str | None:
    """One line saying why the briefing lists no names, in the reader's language; None when nothing is
    missing."""
    for note in briefing.notes:
        if note == UNKNOWN_LANGUAGE_NOTE:
            return t._("Names not listed: the language was not recognised.")
        for prefix in (_NO_MODEL_PREFIX, _PLACES_ONLY_PREFIX, _NO_ORGANISATIONS_PREFIX):
            if not note.startswith(prefix):
                continue
            name = (
                language_label(briefing.language, normalise_language(t.locale) or "en")
                if briefing.language
                else note[len(prefix) :]
            )
            if prefix == _NO_ORGANISATIONS_PREFIX:  # people by their given names, places by the gazetteer
                return t._(
                    "Organisations not listed: no model for this language ({language}).", language=name
                )
            if prefix == _PLACES_ONLY_PREFIX:  # places came from the gazetteer; the others need a model
                return t._(
                    "People and organisations not listed: no model for this language ({language}).",
                    language=name,
                )
            return t._("Names not listed: no model for this language ({language}).", language=name)
    return None


def other_notes(briefing: Briefing, t: Translator) -> list[str]:
    """The engine's remaining notes (truncation, language mismatch, dates...) in the reader's language;
    one the bot has no words for stays as the engine wrote it."""
    notes = [
        n
        for n in briefing.notes
        if n != UNKNOWN_LANGUAGE_NOTE
        and not n.startswith((_NO_MODEL_PREFIX, _PLACES_ONLY_PREFIX, _NO_ORGANISATIONS_PREFIX))
    ]
    return [_translated(note, t) for note in notes]


def _language(name: str, t: Translator) -> str:
    """An English language name from an engine note, named in the reader's language."""
    code = _english_language_codes().get(name.casefold())
    return t.language_name(code) if code else name


@functools.cache
def _english_language_codes() -> dict[str, str]:
    return {name.casefold(): code for code, name in Locale.parse("en").languages.items()}


def _script(name: str, t: Translator) -> str:
    """An English script name ("Cyrillic") in the reader's language, by its CLDR code."""
    code = {v.casefold(): k for k, v in Locale.parse("en").scripts.items()}.get(name.casefold())
    return t.babel.scripts.get(code, name) if code else name


def _translated(note: str, t: Translator) -> str:
    if match := re.fullmatch(r"text truncated to its first ([\d,]+) characters", note):
        return t._("The text was cut to its first {n} characters.", n=int(match[1].replace(",", "")))
    if match := re.fullmatch(r"dates: no date words for (.+); only numeric dates are read", note):
        return t._("Dates: only numeric dates are read in {language}.", language=_language(match[1], t))
    if match := re.fullmatch(r"language: the page says (.+), the text reads as (.+)", note):
        return t._(
            "The page says it is in {declared}; the text reads as {detected}.",
            declared=_language(match[1], t),
            detected=_language(match[2], t),
        )
    if match := re.fullmatch(
        r"language: not recognised from the text(?:; taken as (.+), as the page says)?", note
    ):
        if match[1]:
            return t._(
                "The language was not recognised; taken as {language}.", language=_language(match[1], t)
            )
        return t._("The language was not recognised.")
    if match := re.fullmatch(r"language: the text mixes (\w+) and (\w+) script", note):
        return t._(
            "The text mixes two scripts: {first} and {second}.",
            first=_script(match[1], t),
            second=_script(match[2], t),
        )
    return note
