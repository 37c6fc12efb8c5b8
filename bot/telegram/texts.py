"""The bot's own words in its interface languages: English and German, in one small table.

A chat picks its language in /settings ("auto" and languages without a column here read English; the
one-line note on missing names has more languages, see reader_notes). Web text is never translated;
only the labels, headings and notices around it are.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_datetime

DEFAULT = "en"
TEXTS: dict[str, dict[str, str]] = {
    "people": {"en": "People", "de": "Personen"},
    "organisations": {"en": "Organisations", "de": "Organisationen"},
    "places": {"en": "Places", "de": "Orte"},
    "key_dates": {"en": "Key dates", "de": "Wichtige Daten"},
    "also_reported": {"en": "Also reported by: ", "de": "Auch berichtet von: "},
    "and_more": {"en": " and {n} more", "de": " und {n} weitere"},
    "summary_method": {"en": "Summary method: {method}.", "de": "Zusammenfassung nach Methode: {method}."},
    "note": {"en": "Note: {note}", "de": "Hinweis: {note}"},
    "inferred": {"en": "{date} (inferred)", "de": "{date} (erschlossen)"},
    "digest": {"en": "Your digest · {when}", "de": "Ihr Überblick · {when}"},
    "digest_manual": {
        "en": "Your digest (on request) · {when}",
        "de": "Ihr Überblick (auf Anfrage) · {when}",
    },
    "late": {
        "en": "Late: this digest was due at {due} and is {delay} late (the bot was offline).",
        "de": "Verspätet: dieser Überblick war für {due} geplant und kommt {delay} später (der Bot war offline).",
    },
    "more": {"en": "+{n} more", "de": "+{n} weitere"},
    "more_heading": {"en": "More from your digest", "de": "Mehr aus Ihrem Überblick"},
    "key": {"en": "Key: ", "de": "Stichworte: "},
    "other_news": {"en": "Other news", "de": "Weitere Nachrichten"},
    "feed_off": {"en": "A feed was switched off: ", "de": "Ein Feed wurde abgeschaltet: "},
    "feed_off_why": {
        "en": "It failed too many times in a row ({reason}).",
        "de": "Er ist zu oft nacheinander fehlgeschlagen ({reason}).",
    },
    "feed_off_what_now": {
        "en": "Send /subscribe with its URL to try it again, or /unsubscribe to drop it.",
        "de": "Senden Sie /subscribe mit seiner URL, um es erneut zu versuchen, oder /unsubscribe, um ihn zu entfernen.",
    },
    "settings": {"en": "Settings", "de": "Einstellungen"},
    "settings_digest": {"en": "Digest: ", "de": "Überblick: "},
    "settings_length": {"en": "Summary length: ", "de": "Länge der Zusammenfassung: "},
    "sentences": {"en": "{n} sentences", "de": "{n} Sätze"},
    "settings_language": {"en": "Language: ", "de": "Sprache: "},
    "nothing_new": {
        "en": "Nothing new since your last digest. Add feeds with /subscribe, or check /filter.",
        "de": "Nichts Neues seit Ihrem letzten Überblick. Fügen Sie mit /subscribe Feeds hinzu, oder prüfen Sie /filter.",
    },
}


def language_of(setting: str | None) -> str:
    """The interface language for a chat's setting: its own when the table has it, else English."""
    return setting if setting in TEXTS["people"] else DEFAULT


def text(key: str, language: str | None = None, **values: object) -> str:
    """The phrase `key` in the chat's language (English when it has none), with `values` filled in."""
    phrases = TEXTS[key]
    return phrases.get(language_of(language), phrases[DEFAULT]).format(**values)


def local_when(moment: dt.datetime, language: str | None = None) -> str:
    """A digest's local time, e.g. "Mon 2 Mar, 08:00" (English) or "Mo. 2. März, 08:00" (German)."""
    if language_of(language) == DEFAULT:
        return f"{moment:%a} {moment.day} {moment:%b}, {moment:%H:%M}"
    return format_datetime(moment, "EEE d. MMM, HH:mm", tzinfo=moment.tzinfo, locale=language_of(language))
