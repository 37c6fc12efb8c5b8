"""What a briefing could not do, said to the reader in one short line in the reader's own language.

The engine writes its notes in English for the JSON and the logs ("entities: no model for Hungarian").
A reader of a Hungarian feed in a German chat should read instead: "Namen nicht erkannt: kein Modell für
diese Sprache (Ungarisch)." The language's name comes from CLDR (Babel) in the reader's language; the
sentence around it is one of the short templates below, for the bot's interface languages.
"""

from __future__ import annotations

from summarizers.briefing import NO_MODEL_NOTE, PLACES_ONLY_NOTE, UNKNOWN_LANGUAGE_NOTE, Briefing
from summarizers.text import language_label, normalise_language

DEFAULT_LANGUAGE = "en"

_NO_MODEL: dict[str, str] = {
    "en": "Names not listed: no model for this language ({language}).",
    "de": "Namen nicht erkannt: kein Modell für diese Sprache ({language}).",
    "fr": "Noms non relevés : aucun modèle pour cette langue ({language}).",
    "es": "Nombres no extraídos: no hay modelo para esta lengua ({language}).",
    "it": "Nomi non estratti: nessun modello per questa lingua ({language}).",
    "pt": "Nomes não extraídos: não há modelo para esta língua ({language}).",
    "ru": "Имена не выделены: нет модели для этого языка ({language}).",
}
_PLACES_ONLY: dict[str, str] = {  # places came from the gazetteer; people and organisations need a model
    "en": "People and organisations not listed: no model for this language ({language}).",
    "de": "Personen und Organisationen nicht erkannt: kein Modell für diese Sprache ({language}).",
    "fr": "Personnes et organisations non relevées : aucun modèle pour cette langue ({language}).",
    "es": "Personas y organizaciones no extraídas: no hay modelo para esta lengua ({language}).",
    "it": "Persone e organizzazioni non estratte: nessun modello per questa lingua ({language}).",
    "pt": "Pessoas e organizações não extraídas: não há modelo para esta língua ({language}).",
    "ru": "Люди и организации не выделены: нет модели для этого языка ({language}).",
}
_UNKNOWN_LANGUAGE: dict[str, str] = {
    "en": "Names not listed: the language was not recognised.",
    "de": "Namen nicht erkannt: die Sprache wurde nicht erkannt.",
    "fr": "Noms non relevés : la langue n’a pas été reconnue.",
    "es": "Nombres no extraídos: no se reconoció el idioma.",
    "it": "Nomi non estratti: la lingua non è stata riconosciuta.",
    "pt": "Nomes não extraídos: o idioma não foi reconhecido.",
    "ru": "Имена не выделены: язык не распознан.",
}
_NO_MODEL_PREFIX = NO_MODEL_NOTE.split("{", 1)[0]
_PLACES_ONLY_PREFIX = PLACES_ONLY_NOTE.split("{", 1)[0]


def interface_language(chat_language: str | None, user_language: str | None = None) -> str:
    """The language to talk to a reader in: the chat's setting, else their Telegram app's, else English."""
    for candidate in (chat_language, user_language):
        code = normalise_language(candidate) if candidate and candidate != "auto" else None
        if code in _NO_MODEL:
            return code
    return DEFAULT_LANGUAGE


def entities_note(briefing: Briefing, language: str = DEFAULT_LANGUAGE) -> str | None:
    """One line saying why the briefing lists no names, in `language`; None when nothing is missing."""
    ui = language if language in _NO_MODEL else DEFAULT_LANGUAGE
    for note in briefing.notes:
        if note == UNKNOWN_LANGUAGE_NOTE:
            return _UNKNOWN_LANGUAGE[ui]
        for prefix, template in ((_NO_MODEL_PREFIX, _NO_MODEL), (_PLACES_ONLY_PREFIX, _PLACES_ONLY)):
            if note.startswith(prefix):
                name = language_label(briefing.language, ui) if briefing.language else note[len(prefix) :]
                return template[ui].format(language=name)
    return None


def other_notes(briefing: Briefing) -> list[str]:
    """The engine's remaining notes (truncation, language mismatch...), as they are."""
    return [
        n
        for n in briefing.notes
        if n != UNKNOWN_LANGUAGE_NOTE and not n.startswith((_NO_MODEL_PREFIX, _PLACES_ONLY_PREFIX))
    ]
