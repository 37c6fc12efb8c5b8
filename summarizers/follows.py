"""Who an article is about, as keys a follow can be matched on: the entities that are salient in it.

A follow names an entity, not a keyword. An article is about that entity when the entity is one of its key
entities (the first KEY_ENTITIES the engine ranks, summarizers.entities) or when its summary names it, and
the article names it more than once; or when its headline names it. A name the article mentions once is a
passing mention and does not count, even when its one sentence made the summary (bench/follow.py measures
both rules on a labelled sample).

Names are compared as keys: case-folded, punctuation folded to single spaces, so "Vladimir Putin",
"VLADIMIR PUTIN" and "Vladimir  Putin," are one key, and a name spelled alike in French and English
articles is one key too. Inflected forms come from the engine: an entity's name is its base form
("Путин") and its aliases hold the forms the text used ("Путина"), so each form is a key of its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from summarizers.briefing import Briefing, Entity

KEY_ENTITIES = 4  # as many as a digest item counts as its key entities (bot.delivery.digest)
PASSING_MENTIONS = (
    1  # an entity mentioned this often (or less) is only passing through, unless the headline names it
)
FOLLOWED_TYPES = frozenset({"person", "organization", "place"})
MAX_KEY_CHARS = 200  # longer names are cut: a key is an index entry, not a text
MIN_KEY_CHARS = 2
_NOT_WORD = re.compile(r"[\W_]+")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def follow_key(name: str) -> str:
    """The key a name is matched by: lower case (case-folded), every run of non-word characters one space."""
    return _NOT_WORD.sub(" ", name.casefold()).strip()[:MAX_KEY_CHARS].strip()


def entity_keys(entity: Entity) -> tuple[str, ...]:
    """The keys of an entity's name and of each of its aliases (the forms the text used), name first."""
    keys = (follow_key(form) for form in (entity.name, *entity.aliases))
    return tuple(dict.fromkeys(k for k in keys if len(k) >= MIN_KEY_CHARS))


@dataclass(frozen=True, slots=True)
class SalientEntity:
    """An entity the article is about, and why: one of its key entities, named in its summary, or in its
    headline."""

    name: str
    keys: tuple[str, ...]
    key_entity: bool
    in_summary: bool
    in_title: bool = False


def salient_entities(briefing: Briefing, key_entities: int = KEY_ENTITIES) -> tuple[SalientEntity, ...]:
    """The people, organisations and places the article is about, most salient first: those it names more
    than once that are among its key entities or named in its summary, and those its headline names. A
    name the article mentions once is a passing mention, even when that sentence made the summary."""
    summary = " ".join(s.text for s in briefing.summary).casefold()
    title = (briefing.title or "").casefold()
    found = []
    for rank, entity in enumerate(briefing.entities):
        if entity.type not in FOLLOWED_TYPES:
            continue
        keys = entity_keys(entity)
        if not keys:
            continue
        forms = [form.casefold() for form in (entity.name, *entity.aliases)]
        more_than_passing = entity.mentions > PASSING_MENTIONS
        key_entity = more_than_passing and rank < key_entities
        in_summary = more_than_passing and any(_named_in(form, summary) for form in forms)
        in_title = any(_named_in(form, title) for form in forms)
        if key_entity or in_summary or in_title:
            found.append(SalientEntity(entity.name, keys, key_entity, in_summary, in_title))
    return tuple(found)


def salient_keys(briefing: Briefing) -> dict[str, str]:
    """key -> the name of the salient entity it belongs to (the more salient entity wins a shared key)."""
    keys: dict[str, str] = {}
    for entity in salient_entities(briefing):
        for key in entity.keys:
            keys.setdefault(key, entity.name)
    return keys


def _named_in(form: str, text: str) -> bool:
    if not form:
        return False
    if _UNSPACED.search(form):
        return form in text
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None


@dataclass(frozen=True, slots=True)
class KnownEntity:
    """An entity name the store knows, with every form it was written in and how often it was found."""

    name: str
    keys: tuple[str, ...]
    mentions: int


def names_query(query_key: str, keys: Iterable[str]) -> bool:
    """The query names an entity when it is one of its keys, or a whole-word run of one ("putin" in
    "vladimir putin"); an entity key inside the query also counts ("vladimir putin" names "putin")."""
    q = query_key.split()
    for key in keys:
        words = key.split()
        if key == query_key or _contains_run(words, q) or (len(key) > 2 and _contains_run(q, words)):
            return True
    return False


def _contains_run(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    n = len(shorter)
    return n > 0 and any(list(longer[i : i + n]) == list(shorter) for i in range(len(longer) - n + 1))


def known_entities(briefings: Iterable[Briefing]) -> list[KnownEntity]:
    """The people, organisations and places of these briefings, one per name (case-folded), with the
    forms they were written in gathered across articles; short names that are a whole-word part of a
    longer known name ("Putin" of "Vladimir Putin") are folded into it. Most mentioned first."""
    by_key: dict[str, tuple[str, dict[str, None], int]] = {}
    for briefing in briefings:
        for entity in briefing.entities:
            if entity.type not in FOLLOWED_TYPES:
                continue
            keys = entity_keys(entity)
            if not keys:
                continue
            name, forms, count = by_key.get(keys[0], (entity.name, {}, 0))
            forms.update(dict.fromkeys(keys))
            by_key[keys[0]] = (name, forms, count + max(entity.mentions, 1))
    longest_first = sorted(by_key, key=lambda k: (-len(k.split()), -by_key[k][2]))
    merged: dict[str, tuple[str, dict[str, None], int]] = {}
    owner_of_form: dict[str, str] = {}  # a form -> the longer name it was first seen as a form of
    owner_of_surname: dict[str, str] = {}  # a last word -> the most mentioned longer name ending in it
    for key in longest_first:
        name, forms, count = by_key[key]
        words = len(key.split())
        into = owner_of_form.get(key) or (owner_of_surname.get(key) if words == 1 else None)
        if into is None or len(into.split()) <= words:
            merged[key] = (name, dict(forms), count)
            for form in forms:
                owner_of_form.setdefault(form, key)
            if words > 1:
                owner_of_surname.setdefault(key.split()[-1], key)
            continue
        big_name, big_forms, big_count = merged[into]
        big_forms.update(forms)
        merged[into] = (big_name, big_forms, big_count + count)
    found = [KnownEntity(name, tuple(forms), count) for name, forms, count in merged.values()]
    return sorted(found, key=lambda e: (-e.mentions, e.name))


def candidates_for(query: str, known: Sequence[KnownEntity], limit: int = 6) -> list[KnownEntity]:
    """The known entities the query names, most mentioned first."""
    key = follow_key(query)
    if not key:
        return []
    return [e for e in known if names_query(key, e.keys)][:limit]
