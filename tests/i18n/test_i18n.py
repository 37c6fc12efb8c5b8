"""bot.i18n: which catalog a language code reads, the chat's language, plural forms, CLDR formats, and a
broken translation that never breaks a reply."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import logging

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.support import Translations

from bot.i18n import (
    LOCALES,
    N_,
    Translator,
    chat_locale,
    lazy_ngettext,
    resolve_locale,
    supported_locale,
    telegram_code,
    translator,
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", "de"),
        ("pt-br", "pt"),
        ("pt-BR", "pt"),
        ("zh-hans", "zh_Hans"),
        ("zh-TW", "zh_Hans"),  # the base language, zh, is what there is
        ("zh", "zh_Hans"),
        ("uk", "uk"),
        ("xx", "en"),
        ("", "en"),
        (None, "en"),
        ("auto", "en"),
    ],
)
def test_a_language_code_reads_its_own_catalog_then_its_base_languages_then_english(code, expected):
    assert resolve_locale(code) == expected
    assert translator(code).locale == expected


def test_every_locale_is_known_to_babel_and_to_telegram_by_two_letters():
    assert len(LOCALES) == 16 and len(set(LOCALES)) == 16
    for locale in LOCALES:
        assert supported_locale(locale) == locale
        assert len(telegram_code(locale)) == 2
        assert Translator(locale).babel.language == telegram_code(locale)


def test_the_chats_language_is_its_setting_then_the_app_then_its_feeds_then_english():
    assert chat_locale("fr", private=True, app_language="ru") == "fr"
    assert chat_locale(None, private=True, app_language="pt-br") == "pt"
    assert chat_locale(None, private=True, app_language="xx") == "en"
    assert chat_locale("de", private=False, feed_languages=["ru", "ru"]) == "de"
    # a group's app language is nobody's in particular: its feeds decide
    assert chat_locale(None, private=False, app_language="ja", feed_languages=["ru", "uk", "ru"]) == "ru"
    assert (
        chat_locale(None, private=False, feed_languages=["hu", None, "ko"]) == "ko"
    )  # unsupported ones don't vote
    assert chat_locale(None, private=False, feed_languages=[]) == "en"
    assert chat_locale(None, private=True) == "en"


def _translator_with(locale: str, entries: dict[object, object]) -> Translator:
    """A Translator whose catalog holds `entries` (msgid or (singular, plural) -> msgstr or forms)."""
    catalog = Catalog(locale=locale)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    t = Translator(locale)
    t._catalog = Translations(buffer)
    return t


def test_plural_forms_follow_cldr_in_russian_and_numbers_are_written_the_locales_way():
    t = _translator_with("ru", {("{n} feed", "{n} feeds"): ("{n} лента", "{n} ленты", "{n} лент")})
    got = [t.ngettext("{n} feed", "{n} feeds", n) for n in (1, 2, 5, 21, 1000)]
    assert got == ["1 лента", "2 ленты", "5 лент", "21 лента", "1\xa0000 лент"]
    english = translator("en")
    assert [english.ngettext("{n} feed", "{n} feeds", n) for n in (1, 2, 1000)] == [
        "1 feed",
        "2 feeds",
        "1,000 feeds",
    ]


def test_a_translation_with_a_broken_placeholder_sends_the_english_message_and_logs(caplog):
    t = _translator_with("de", {"Muted {title}.": "Stumm: {titel}.", "Bad {x}": "Schlecht {x"})
    with caplog.at_level(logging.WARNING, logger="bot.i18n"):
        assert t._("Muted {title}.", title="BBC") == "Muted BBC."
        assert t._("Bad {x}", x=1) == "Bad 1"
    assert "broken placeholders" in caplog.text


def test_a_lazy_message_reads_english_in_logs_and_the_readers_language_in_a_reply():
    t = _translator_with(
        "de",
        {
            "Cannot fetch {url}: {detail}.": "{url} kann nicht geladen werden: {detail}.",
            "the response is too large": "die Antwort ist zu groß",
            ("at most {n} filter", "at most {n} filters"): ("höchstens {n} Filter", "höchstens {n} Filter"),
        },
    )
    error = N_("Cannot fetch {url}: {detail}.", url="a.example", detail=N_("the response is too large"))
    assert str(error) == "Cannot fetch a.example: the response is too large."
    assert t.text(error) == "a.example kann nicht geladen werden: die Antwort ist zu groß."
    assert t.text(lazy_ngettext("at most {n} filter", "at most {n} filters", 3)) == "höchstens 3 Filter"
    assert t.text("as it is") == "as it is"


def test_dates_numbers_and_language_names_are_formatted_by_babel_in_the_locale():
    day = dt.date(2024, 3, 2)
    assert translator("de").date(day, "long") == "2. März 2024"
    assert translator("en").date(day, "long") == "March 2, 2024"
    assert translator("ja").date(day, "long") == "2024年3月2日"
    assert translator("de").number(1234.5) == "1.234,5"
    assert translator("fr").language_name("hu") == "hongrois"
    assert translator("ru").language_name("pt-BR").startswith("португальский")
    assert translator("de").language_name("xx-nonsense") == "xx-nonsense"
    assert translator("es").join(["a", "b", "c"]) == "a, b y c"
    assert (
        translator("ar").right_to_left
        and translator("fa").right_to_left
        and not translator("he").right_to_left
    )


def test_a_locale_without_a_catalog_reads_the_msgids():
    assert isinstance(Translator("en")._catalog, gettext.NullTranslations)
    assert translator("en")._("Saved.") == "Saved."
