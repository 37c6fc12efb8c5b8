"""Role mentions: "the Russian president" is Vladimir Putin when the article itself says so.

An article introduces an entity with a role in two general ways, both read from the tokens and entity
spans of spaCy's analysis of the article, with no list of people or titles:
- **title + name**: capitalised words right before a person's name, with a place or demonym before them
  ("Russian President Vladimir Putin", "Japan's Prime Minister Shinzo Abe");
- **apposition**: a lower-case noun phrase between commas right after a name ("Shinzo Abe, Japan's prime
  minister, said", "Rosneft, the state-owned oil company, ...").

A later "the [modifiers] head" ("the president", "the Russian president", "the Japanese prime minister")
then mentions that entity, when every modifier is one the introduction used (a demonym matches its
place) and exactly one entity of the article has that role.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_TITLE_WORDS = 3
MAX_APPOSITION_WORDS = 4
QUALIFIER_LABELS = frozenset({"NORP", "GPE", "LOC"})  # "Russian", "Japan's" before a title
_POSSESSIVE_TOKENS = frozenset({"'s", "’s", "'", "’"})
_APPOSITION_DETERMINERS = frozenset({"the", "a", "an"})
_APPOSITION_ENDS = frozenset({",", ".", ";", ":", ")", "—", "–", "of", "who", "that", "which", "and", "in"})
_NOT_ROLES = frozenset(
    re.findall(
        r"\w+",
        """mr mrs ms miss dr prof sir dame rev lord lady when while after before as if in on at for with by
    but and or so yet then now also meanwhile yesterday today tomorrow however still even despite since
    said says according unlike like both where though although because the a an this that these those
    his her their its our my your""",
    )
)
_DEMONYM_ENDINGS = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i", "ic", "s")
_WORD = re.compile(r"[\w’'-]+")
_THE = re.compile(r"(?<!\w)the\s")
_POSSESSOR = re.compile(r"(?<![\w’'])([A-Z][\w-]+)['’]s\s+")


@dataclass(frozen=True, slots=True)
class Role:
    """One role an article gives an entity: `head` is the role noun, `modifiers` what may qualify it."""

    name: str  # the surface form it was introduced with ("Vladimir Putin"); callers map it to the entity
    head: str  # "president", "minister", "company"
    modifiers: frozenset[str]  # "russian", "prime", "japan"


def introduced_roles(doc, ent) -> list[Role]:  # type: ignore[no-untyped-def]
    """The roles this entity span is introduced with in its sentence (spaCy `Doc` and `Span`)."""
    roles = []
    if ent.label_ in ("PERSON", "PER"):
        titled = _title_before(doc, ent)
        if titled is not None:
            roles.append(titled)
    apposed = _apposition_after(doc, ent)
    if apposed is not None:
        roles.append(apposed)
    return roles


def _title_before(doc, ent) -> Role | None:  # type: ignore[no-untyped-def]
    """'Russian President Vladimir Putin' -> president {russian}; 'Japan's Prime Minister' -> minister."""
    words: list[str] = []
    qualifiers: list[str] = []
    i = ent.start - 1
    while i >= 0 and len(words) < MAX_TITLE_WORDS:
        token = doc[i]
        if not token.text[:1].isupper() or not token.is_alpha or token.ent_type_:
            break
        if token.text.lower() in _NOT_ROLES:
            break
        words.insert(0, token.text.lower())
        i -= 1
    if not words:
        return None
    if i >= 1 and doc[i].text in _POSSESSIVE_TOKENS and doc[i - 1].ent_type_ in QUALIFIER_LABELS:
        qualifiers.append(doc[i - 1].text.lower())
    elif i >= 0 and doc[i].ent_type_ in QUALIFIER_LABELS:
        qualifiers.append(doc[i].text.lower())
    return Role(ent.text, words[-1], frozenset(words[:-1] + qualifiers))


def _apposition_after(doc, ent) -> Role | None:  # type: ignore[no-untyped-def]
    """'Shinzo Abe, Japan's prime minister,' -> minister {prime, japan}: a lower-case noun phrase between
    a comma and the next comma (or 'of', 'who', ...)."""
    i = ent.end
    if i >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    qualifiers: list[str] = []
    if i < len(doc) and doc[i].lower_ in _APPOSITION_DETERMINERS:
        i += 1
    elif i + 1 < len(doc) and doc[i + 1].text in _POSSESSIVE_TOKENS and doc[i].text[:1].isupper():
        qualifiers.append(doc[i].text.lower())
        i += 2
    else:
        return None
    words: list[str] = []
    while i < len(doc) and doc[i].text.lower() not in _APPOSITION_ENDS:
        token = doc[i]
        if not token.text[:1].islower() or token.ent_type_ not in ("", *QUALIFIER_LABELS):
            if token.ent_type_ in QUALIFIER_LABELS:
                qualifiers.append(token.text.lower())
                i += 1
                continue
            return None
        words.append(token.text.lower())
        i += 1
        if len(words) > MAX_APPOSITION_WORDS:
            return None
    if not words or i >= len(doc) or words[-1] in _NOT_ROLES:
        return None
    return Role(ent.text, words[-1], frozenset(words[:-1] + qualifiers))


def mentioned_by_role(sentence: str, roles: Sequence[Role]) -> set[str]:
    """Names of the entities this sentence mentions by role: 'the Russian president' -> {'Vladimir Putin'}."""
    return {name for _, _, name in _role_mentions(sentence, roles)}


def name_roles(label: str, roles: Sequence[Role]) -> str:
    """'Russian president is slated to visit Japan' -> 'Vladimir Putin is slated to visit Japan': a label
    names who it is about (a label's leading 'the' is already gone)."""
    found = _role_mentions(label, roles, at_start=True)
    for start, end, name in sorted(found, reverse=True):
        label = label[:start] + name + label[end:]
    return label


def _role_mentions(text: str, roles: Sequence[Role], *, at_start: bool = False) -> list[tuple[int, int, str]]:
    """(start, end, entity name) of each unambiguous role mention in text: "the [modifiers] head" or
    "Place's [modifiers] head" ("Japan's prime minister"), the place counting as a modifier."""
    lowered = text.lower()
    if not roles:
        return []
    by_head: dict[str, list[Role]] = {}
    for role in roles:
        by_head.setdefault(role.head, []).append(role)
    # (where the mention starts, where its modifiers start, the possessor said before them)
    starts = [(m.start(), m.start(), ()) for m in _THE.finditer(lowered)]
    starts += [(m.start(), m.end(), (m.group(1).lower(),)) for m in _POSSESSOR.finditer(text)]
    if at_start and not lowered.startswith("the "):
        starts.insert(0, (0, 0, ()))
    found = []
    for head, candidates in by_head.items():
        pattern = _role_pattern(head)
        for begin, start, possessor in starts:
            match = pattern.match(lowered, start)
            if match is None or text[match.end() :].lstrip()[:1].isupper():
                continue  # "Prince Philip", "President Putin": a title before a name, not a role mention
            said = [*possessor, *_WORD.findall(match.group(1))]
            fitting = {r.name for r in candidates if all(_qualifies(w, r.modifiers) for w in said)}
            if len(fitting) == 1:
                found.append((begin, match.end(), fitting.pop()))
    return found


def _qualifies(word: str, modifiers: Iterable[str]) -> bool:
    return any(word == m or is_demonym(word, m) or is_demonym(m, word) for m in modifiers)


@functools.lru_cache(maxsize=1024)
def _role_pattern(head: str) -> re.Pattern[str]:
    """'the', up to three modifier words, the head (singular), not followed by a capitalised name."""
    return re.compile(rf"(?:the\s+)?((?:[\w’'-]+\s+){{0,{MAX_TITLE_WORDS}}}?){re.escape(head)}(?![\w’'-])")


def is_demonym(name: str, place: str) -> bool:
    """'russian' of 'russia', 'japanese' of 'japan': a shared stem plus an ending."""
    for ending in _DEMONYM_ENDINGS:
        if name.endswith(ending):
            stem = name[: -len(ending)]
            if len(stem) >= 4 and (place.startswith(stem) or stem.startswith(place)):
                return True
    return False
