"""Extract, update, compile and check the catalogs with the project's options (one place for them).

Babel's own `pybabel extract -F babel.cfg -k lazy_ngettext:1,2 ...` gives the same messages; these
functions add what pybabel does not: en.po filled from the msgids (English is the source language) and a
check of every translation's placeholders and HTML tags against its msgid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from bot.i18n import DEFAULT_LOCALE, DOMAIN, LOCALES, LOCALES_DIR, placeholders

BOT_DIR = LOCALES_DIR.parent
TEMPLATE = LOCALES_DIR / f"{DOMAIN}.pot"
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_ngettext": (1, 2)}
COMMENT_TAGS = ("TRANSLATORS:",)
WIDTH = 110
_TAG = re.compile(r"</?[a-z][a-z0-9-]*\b[^>]*>", re.I)


def po_path(locale: str) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def extracted() -> Catalog:
    """Every message marked in bot/**.py (gettext, ngettext, pgettext, N_, lazy_ngettext)."""
    catalog = Catalog(
        project="briefbot", version="0.1", copyright_holder="briefbot contributors", charset="utf-8"
    )
    for filename, _lineno, message, comments, context in extract_from_dir(
        str(BOT_DIR),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=COMMENT_TAGS,
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(f"bot/{filename}", 0)], auto_comments=comments, context=context)
    return catalog


def _write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=WIDTH, sort_output=True, include_lineno=False, omit_header=False)


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=locale)


def extract() -> Catalog:
    catalog = extracted()
    _write(catalog, TEMPLATE)
    return catalog


def update() -> None:
    """messages.pot into each locale's .po (a new locale gets a new file with CLDR's plural rule); the
    English catalog is the msgids themselves."""
    for locale in LOCALES:
        path = po_path(locale)
        catalog = _read(path, locale) if path.exists() else Catalog(locale=locale, project="briefbot")
        catalog.update(_read(TEMPLATE))  # read again each time: update() adopts the template's messages
        catalog.fuzzy = False
        catalog.obsolete.clear()
        if locale == DEFAULT_LOCALE:
            for message in _messages(catalog):
                message.string = message.id
                message.flags.discard("fuzzy")
        _write(catalog, path)


def compile_all() -> None:
    for locale in LOCALES:
        path = po_path(locale)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
            with path.with_suffix(".mo").open("wb") as out:
                write_mo(out, catalog)


def _messages(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id)


def _forms(message: Message) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return tuple(ids), tuple(s or "" for s in strings)


def message_problems(message: Message, locale: str) -> list[str]:
    """Why a translation would read wrong or fail: empty, fuzzy, a placeholder lost or invented, a
    format error, or HTML tags that differ from the msgid's."""
    ids, strings = _forms(message)
    label = f"{locale}: {ids[0]!r}"
    if "fuzzy" in message.flags:
        return [f"{label}: fuzzy"]
    if not all(strings):
        return [f"{label}: untranslated"]
    problems = []
    wanted = set().union(*(placeholders(i) for i in ids))
    for form in strings:
        try:
            have = placeholders(form)
            form.format(**dict.fromkeys(have, "x"))
        except (ValueError, IndexError, KeyError) as exc:
            problems.append(f"{label}: cannot be formatted ({exc})")
            continue
        if have != wanted:  # every plural form too: Russian's "one" form serves 21 and 31 as well
            problems.append(f"{label}: placeholders {sorted(have)} where the msgid has {sorted(wanted)}")
        if sorted(_TAG.findall(form)) != sorted(_TAG.findall(ids[0])):
            problems.append(f"{label}: HTML tags differ from the msgid's")
    return problems


def check() -> list[str]:
    """Every locale: its catalog exists, holds every message of messages.pot, and each translation is
    complete, not fuzzy, and keeps its msgid's placeholders and tags."""
    template = _read(TEMPLATE)
    wanted = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in _messages(template)}
    problems = []
    for locale in LOCALES:
        path = po_path(locale)
        if not path.exists():
            problems.append(f"{locale}: no catalog at {path}")
            continue
        catalog = _read(path, locale)
        have = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in _messages(catalog)}
        problems += [
            f"{locale}: {msgid!r} missing (run update)" for msgid, _ in sorted(wanted - have, key=str)
        ]
        for message in _messages(catalog):
            problems += message_problems(message, locale)
    return problems
