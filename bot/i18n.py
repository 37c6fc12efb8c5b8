"""The bot's own words in its reader's language: gettext catalogs under bot/locales/, CLDR formats by Babel.

    t = translator("de")
    t._("Saved.")                                          # gettext
    t.ngettext("{n} feed", "{n} feeds", count)             # CLDR plural forms; `n` is filled in
    t.pgettext("cadence", "daily")                         # a short word whose sense needs a context
    t.text(error.message)                                  # a Text marked with N_() where no reader was known

Placeholders are `{name}` (str.format, values passed as keywords); integers are written as the locale
writes numbers. A translation that breaks its placeholders falls back to the English text rather than
failing a reply (and tests/i18n/test_catalogs.py fails first). Catalogs are compiled to .mo at build time
(setup.py); a checkout without .mo files compiles the .po in memory on first use. Nothing here knows
Telegram: a `language_code` or a setting goes in, a locale comes out (`supported_locale`, `chat_locale`).
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import logging
import string
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.support import Translations

log = logging.getLogger(__name__)

LOCALES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "ru",
    "uk",
    "pl",
    "cs",
    "tr",
    "ar",
    "fa",
    "ja",
    "ko",
    "zh_Hans",
)
DEFAULT_LOCALE = "en"
RIGHT_TO_LEFT = frozenset({"ar", "fa"})
FORMAT_LOCALES = {"en": "en_GB"}  # the bot's English is British ("Organisations"): "2 Sept 2016", "08:00"
LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
_BY_LOWER = {code.lower(): code for code in LOCALES}
_BASE = {code.split("_")[0].lower(): code for code in LOCALES}  # "zh" -> "zh_Hans"


def supported_locale(code: str | None) -> str | None:
    """The catalog for a Telegram `language_code` or a setting ("pt-br" -> "pt", "zh-hans" -> "zh_Hans",
    "de" -> "de"): the code itself when translated, else its base language; None when neither is."""
    if not code:
        return None
    cleaned = code.strip().replace("-", "_").lower()
    if not cleaned or cleaned == "auto":
        return None
    return _BY_LOWER.get(cleaned) or _BASE.get(cleaned.split("_")[0])


def telegram_code(locale: str) -> str:
    """The two-letter code Telegram gives an app in that language ("zh_Hans" -> "zh"): set_my_commands."""
    return locale.split("_")[0].lower()


def resolve_locale(code: str | None) -> str:
    """`supported_locale`, else English ("xx" -> "en")."""
    return supported_locale(code) or DEFAULT_LOCALE


def chat_locale(
    setting: str | None,
    *,
    private: bool,
    app_language: str | None = None,
    feed_languages: Iterable[str | None] = (),
) -> str:
    """The language a chat is spoken to in: its /settings choice; else, in a private chat, the Telegram
    app's language; else (a group or channel) the language most of its feeds write in; else English."""
    for code in (setting, app_language if private else None):
        if (found := supported_locale(code)) is not None:
            return found
    if not private:
        counts = Counter(found for code in feed_languages if (found := supported_locale(code)))
        if counts:
            top = max(counts.values())
            return next(code for code in LOCALES if counts.get(code) == top)  # a tie goes to the first listed
    return DEFAULT_LOCALE


def _partial(date: str) -> tuple[dt.date, str]:
    """'2014' -> (2014-01-01, 'year'); '2014-03' -> month; '2014-03-02' -> day."""
    parts = [int(p) for p in date.split("-")]
    if not 1 <= len(parts) <= 3:
        raise ValueError(f"not an ISO date: {date!r}")
    grain = ("year", "month", "day")[len(parts) - 1]
    return dt.date(*(parts + [1] * (3 - len(parts)))), grain


@functools.cache
def catalog(locale: str) -> gettext.NullTranslations:
    """The locale's compiled catalog (.mo), or its .po compiled in memory when the .mo is missing or older
    (a checkout); English and an unknown locale read the msgids as they are."""
    folder = LOCALES_DIR / locale / "LC_MESSAGES"
    mo, po = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as handle:
            return Translations(handle, domain=DOMAIN)
    if po.exists():
        return Translations(io.BytesIO(compile_po(po)), domain=DOMAIN)
    return gettext.NullTranslations()


def compile_po(po: Path) -> bytes:
    """A .po file as .mo bytes (fuzzy entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        messages = read_po(handle, locale=po.parent.parent.name)
    out = io.BytesIO()
    write_mo(out, messages)
    return out.getvalue()


def placeholders(message: str) -> set[str]:
    """The `{name}` fields of a message (what a translation must keep)."""
    return {field for _, field, _, _ in string.Formatter().parse(message) if field is not None}


@dataclass(frozen=True, slots=True)
class Text:
    """A message marked for translation where the reader is not known yet (an error raised below the
    Telegram layer); `Translator.text` says it in the reader's language, `str()` in English (logs, CLI)."""

    msgid: str
    values: tuple[tuple[str, object], ...] = ()
    plural: str | None = None
    n: int | None = None

    def __str__(self) -> str:
        return translator(DEFAULT_LOCALE).text(self)


def N_(msgid: str, **values: object) -> Text:
    """Mark `msgid` for the catalog now, translate it when a reader is known."""
    return Text(msgid, tuple(values.items()))


def lazy_ngettext(singular: str, plural: str, n: int, **values: object) -> Text:
    """`N_` with a count: the plural form is chosen in the reader's language."""
    return Text(singular, tuple(values.items()), plural, n)


class Translator:
    """gettext bound to one locale, with Babel's formats for that locale."""

    def __init__(self, locale: str) -> None:
        self.locale = resolve_locale(locale)
        self.babel = Locale.parse(FORMAT_LOCALES.get(self.locale, self.locale))
        self._catalog = catalog(self.locale)

    @property
    def right_to_left(self) -> bool:
        return self.locale in RIGHT_TO_LEFT

    def _(self, msgid: str, /, **values: object) -> str:
        return self._format(self._catalog.gettext(msgid), msgid, values)

    gettext = _

    def ngettext(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        values.setdefault("n", n)
        english = singular if n == 1 else plural
        return self._format(self._catalog.ngettext(singular, plural, n), english, values)

    def pgettext(self, context: str, msgid: str, /, **values: object) -> str:
        return self._format(self._catalog.pgettext(context, msgid), msgid, values)

    def pieces(self, msgid: str, /, **values: object) -> list[object]:
        """The translation split at its placeholders: literal text (str) and the values, in the order the
        language puts them, for a layout that styles a value (a bold, linked title inside a sentence)."""
        translated = self._catalog.gettext(msgid)
        try:
            parsed = list(string.Formatter().parse(translated))
            if {field for _, field, _, _ in parsed if field is not None} != set(values):
                raise KeyError(msgid)
        except (KeyError, ValueError):
            log.warning("broken placeholders in the %s translation of %r", self.locale, msgid)
            parsed = list(string.Formatter().parse(msgid))
        out: list[object] = []
        for literal, field, _, _ in parsed:
            out += [literal] if literal else []
            out += [values[field]] if field is not None else []
        return out

    def text(self, message: Text | str) -> str:
        """A lazily marked message in this locale (its Text values translated too); a plain str as it is."""
        if isinstance(message, str):
            return message
        values = {k: self.text(v) if isinstance(v, Text) else v for k, v in message.values}
        if message.plural is not None and message.n is not None:
            return self.ngettext(message.msgid, message.plural, message.n, **values)
        return self._(message.msgid, **values)

    def _format(self, translated: str, english: str, values: dict[str, object]) -> str:
        if not values:
            return translated
        shown = {
            k: self.number(v) if isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in values.items()
        }
        try:
            return translated.format(**shown)
        except (KeyError, IndexError, ValueError, AttributeError):
            log.warning("broken placeholders in the %s translation of %r", self.locale, english)
            return english.format(**shown)

    # -- CLDR formats ------------------------------------------------------------------------------
    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.babel)

    def date(self, value: object, format: str = "medium") -> str:
        return format_date(value, format=format, locale=self.babel)  # type: ignore[arg-type]

    def time(self, value: object, format: str = "short") -> str:
        return format_time(value, format=format, locale=self.babel)  # type: ignore[arg-type]

    def datetime(self, value: object, format: str = "medium") -> str:
        return format_datetime(value, format=format, locale=self.babel)  # type: ignore[arg-type]

    def skeleton(self, value: object, skeleton: str) -> str:
        """A date in the locale's own order for a CLDR skeleton ("MMMEd" -> "Mon, Mar 2" / "Mo., 2. März")."""
        from babel.dates import format_skeleton

        return format_skeleton(skeleton, value, locale=self.babel)  # type: ignore[arg-type]

    def day_and_time(self, value: object) -> str:
        """A day and a time of day as the locale joins them ("4 Dec, 09:12" / "4. Dez., 09:12")."""
        pattern = str(self.babel.datetime_formats["short"])
        return pattern.replace("{1}", self.skeleton(value, "MMMd")).replace("{0}", self.skeleton(value, "Hm"))

    def partial_date(self, date: str, end: str | None = None) -> str:
        """An ISO date at its granularity, maybe a range, as the locale writes it: "2014", "March 2014",
        "2 Sept 2016", "2–3 Sept 2016" / "März 2014", "2.–3. Sept. 2016". ValueError for anything else."""
        from babel.dates import format_interval

        start, grain = _partial(date)
        skeleton = {"year": "y", "month": "yMMMM", "day": "yMMMd"}[grain]
        if not end or end == date:
            return self.skeleton(start, skeleton)
        stop, end_grain = _partial(end)
        if end_grain != grain:
            return f"{self.partial_date(date)} – {self.partial_date(end)}"
        interval = "yMMM" if grain == "month" else skeleton
        return format_interval(start, stop, interval, locale=self.babel).replace("\u2009", " ")

    def duration(self, minutes: int) -> str:
        """A delay as the locale abbreviates it: "70 min", "3 hr 05 min" / "70 Min.", "3 Std. 5 Min."."""
        from babel.dates import format_timedelta

        def unit(value: dt.timedelta, granularity: str, threshold: float) -> str:
            return format_timedelta(
                value, granularity=granularity, threshold=threshold, format="short", locale=self.babel
            )

        if minutes < 120:
            return unit(dt.timedelta(minutes=minutes), "minute", 10_000)
        hours, rest = divmod(minutes, 60)
        spelled = unit(dt.timedelta(hours=hours), "hour", 10_000)
        return f"{spelled} {unit(dt.timedelta(minutes=rest), 'minute', 10_000)}" if rest else spelled

    def language_name(self, code: str | None) -> str:
        """A language's CLDR name in this locale ("hu" -> "Ungarisch" in German); the code when unknown."""
        if not code:
            return ""
        try:
            parsed = Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            return code
        return parsed.get_display_name(self.babel) or code

    def join(self, items: Iterable[str], style: str = "standard") -> str:
        """ "a, b and c" as the locale writes a list."""
        return format_list(list(items), style=style, locale=self.babel)  # type: ignore[arg-type]


def translator(locale: str | None = None) -> Translator:
    """The Translator of a locale or language code ("pt-br" -> pt, "xx" -> en); one per locale."""
    return _translator(resolve_locale(locale))


@functools.cache
def _translator(locale: str) -> Translator:
    return Translator(locale)
