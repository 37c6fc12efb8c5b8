"""The catalogs: messages.pot holds every marked message of bot/, and every translation in the 16 locales
formats with its msgid's placeholders and keeps its HTML tags, so a broken one fails here, not in a chat."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Message

from bot.i18n import LOCALES, translator
from bot.locales import catalogs


def _ids(catalog) -> set[tuple[object, str | None]]:
    return {(m.id, m.context) for m in catalog if m.id}


def test_messages_pot_holds_exactly_the_messages_marked_in_the_code():
    with catalogs.TEMPLATE.open("rb") as handle:
        committed = catalogs.read_po(handle)
    extracted = catalogs.extracted()
    assert _ids(extracted) - _ids(committed) == set(), (
        "run: python -m bot.locales extract && python -m bot.locales update"
    )
    assert _ids(committed) - _ids(extracted) == set(), (
        "run: python -m bot.locales extract && python -m bot.locales update"
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_every_translation_keeps_its_placeholders_and_tags(locale):
    path = catalogs.po_path(locale)
    assert path.exists()
    with path.open("rb") as handle:
        catalog = catalogs.read_po(handle, locale=locale)
    broken = [
        problem
        for message in catalog
        if message.id
        for problem in catalogs.message_problems(message, locale)
        if not problem.endswith("untranslated")
    ]
    assert broken == []


@pytest.mark.parametrize(
    ("message", "problem"),
    [
        (Message("Muted {title}.", "Stumm geschaltet."), "placeholders"),
        (Message("Muted {title}.", "{titel} stumm."), "placeholders"),
        (Message("Muted {title}.", "{title stumm."), "cannot be formatted"),
        (Message("<b>Filters</b>: none", "Filter: keine"), "HTML tags"),
        (Message(("{n} feed", "{n} feeds"), ("ein Feed", "{n} Feeds")), "placeholders"),
        (Message("Saved.", "Gespeichert.", flags=["fuzzy"]), "fuzzy"),
        (Message("Saved.", ""), "untranslated"),
    ],
)
def test_the_check_finds_each_kind_of_broken_translation(message, problem):
    assert any(problem in p for p in catalogs.message_problems(message, "de"))
    assert catalogs.message_problems(Message("Muted {title}.", "{title} stumm geschaltet."), "de") == []


def test_the_command_menu_descriptions_are_translated():
    assert translator("de")._("unsubscribe from everything") == "alles abbestellen"
    assert translator("ru")._("unsubscribe from everything") == "отписаться от всего"
