"""People found by their given names, for a language no NER model reads.

Without a model a Spanish, German or Italian briefing listed places only (the gazetteer's). News introduces
a person by a given name and a surname, both capitalised ("Pedro Sánchez", "Boris Johnson", "Clarice
Lispector"), and then by the surname alone. The given names come from the dictionary of the package
gender-guesser (Jörg Michael's `nam_dict.txt`: about 48,000 given names of 54 countries, GNU FDL): a run
of capitalised words that opens with one that is not a stop word of the language ("El", "Eine", "Il") and
goes on with at least one more name is a person, unless the text also writes it in lower case (a word of
the language: Dutch "Jong Oranje", the under-21 team). Where a tagger reads the language (summarizers.ranking.
coherence.tagger) the run ends before a common noun: German capitalises nouns ("Boris Johnson
Demonstranten"), and a title may follow a name ("Walter Artibani Segretario"). A run that holds a place
the gazetteer knows ("Rio de Janeiro", "San Francisco", "Palma de Mallorca") is a place, not a person.
Later mentions of the surname alone ("Sánchez") are the same person.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the gazetteer holds numpy arrays: the bot's process imports this module without them
    from summarizers.gazetteer import Gazetteer

log = logging.getLogger(__name__)

Tagger = Callable[[list[str]], list[str]]  # words in, one STTS tag per word out
_NAME_TAGS = frozenset({"NE", "FM", "XY"})  # a name, a foreign word, or a word the tagger does not know
MIN_SURNAME_LETTERS = 2


@functools.cache
def _genders() -> dict[str, frozenset[str]]:
    """Each given name of gender-guesser's dictionary, as written there ("José", "Jean-Pierre", "Jean
    Pierre"), with the genders it is given to ("m", "f"); empty (and logged) when the package is not
    installed."""
    spec = importlib.util.find_spec("gender_guesser")
    if spec is None or not spec.submodule_search_locations:
        log.warning("gender-guesser is not installed: no people are found without an NER model")
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "nam_dict.txt"
    genders: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            fields = line.split()
            if line[:1] in "#=" or len(fields) < 2:
                continue
            kind = {"M": "m", "F": "f"}.get(fields[0][-1:], "")  # "1M", "?M": mostly male; "?": either
            for joint in ("", " ", "-"):  # "+": either joint or none
                genders.setdefault(fields[1].replace("+", joint), set()).update(kind or "mf")
    return {name: frozenset(found) for name, found in genders.items()}


@functools.cache
def given_names() -> frozenset[str]:
    """The given names of the dictionary; empty when the package is not installed."""
    return frozenset(_genders())


def may_be(name: str, gender: str) -> bool:
    """Whether the person `name` (given name first) may be called "he" (`gender` "m") or "she" ("f"): not
    when the dictionary gives the given name to the other gender only."""
    found = _genders().get(name.split()[0]) if name else None
    return found is None or gender in found


def people_in(
    sentences: Sequence[str],
    places: Gazetteer | None,
    stop_words: frozenset[str],
    tag: Tagger | None = None,
) -> list[tuple[int, str]]:
    """(sentence index, name) of every mention of a person: the full names, then each later sentence that
    names one by its surname alone."""
    from summarizers.place_names import capitalised_runs  # imported late: numpy, in the engine's process

    names = given_names()
    written_lower = {w for sentence in sentences for w in sentence.split() if w.islower()}
    not_names = stop_words | written_lower  # a word the text writes in lower case: Dutch "jong"
    found: list[tuple[int, str]] = []
    for index, sentence in enumerate(sentences):
        for _, spans in capitalised_runs(sentence):
            run = [sentence[s:e].rstrip(".’'-") for s, e in spans]
            for words in _split_at_given_names(run, names):
                person = _person(words, names, not_names, tag)
                if person and not _holds_place(person, places):
                    found.append((index, " ".join(person)))
    return found + _surname_mentions(sentences, found)


def _split_at_given_names(run: list[str], names: frozenset[str]) -> list[list[str]]:
    """ "Pedro Sánchez y Pere Aragonès": a connective in lower case before a given name joins two people."""
    parts: list[list[str]] = [[]]
    for k, word in enumerate(run):
        if word[:1].islower() and k + 1 < len(run) and run[k + 1] in names:
            parts.append([])
            continue
        parts[-1].append(word)
    return [part for part in parts if part]


def _person(
    words: list[str], names: frozenset[str], stop_words: frozenset[str], tag: Tagger | None
) -> list[str] | None:
    """The run's words that name a person: a given name first, then names up to the first common noun."""
    if len(words) < 2 or words[0] not in names or words[0].casefold() in stop_words:
        return None
    kept = words
    if tag is not None:
        tags = tag(words)
        end = next(
            (k for k in range(1, len(words)) if tags[k] not in _NAME_TAGS and words[k][:1].isupper()), None
        )
        kept = words[:end] if end is not None else words
    while kept and not kept[-1][:1].isupper():
        kept = kept[:-1]  # a connective left at the end ("Pedro de")
    return kept if len(kept) >= 2 and len(kept[-1]) >= MIN_SURNAME_LETTERS else None


def _holds_place(words: list[str], places: Gazetteer | None) -> bool:
    from summarizers.place_names import MAX_NAME_WORDS

    if places is None:
        return False
    runs = [
        " ".join(words[i:j]).casefold()
        for i in range(len(words))
        for j in range(i + 2, min(len(words), i + MAX_NAME_WORDS) + 1)
    ]
    return any(found is not None for found in places.lookup(runs)) if runs else False


def _surname_mentions(sentences: Sequence[str], found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Sentences after a full name that name its surname alone, each a mention of that person."""
    first_named: dict[str, tuple[int, str]] = {}
    for index, name in found:
        first_named.setdefault(name.split()[-1], (index, name))
    out = []
    full = {(index, name) for index, name in found}
    for surname, (first, name) in first_named.items():
        for index in range(first + 1, len(sentences)):
            if (index, name) in full:
                continue
            words = {w.strip(".,;:!?\"'“”«»()") for w in sentences[index].split()}
            if surname in words:
                out.append((index, name))
    return out
