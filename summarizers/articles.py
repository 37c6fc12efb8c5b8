"""A label that opens with "this" or "that" before its noun, given the definite article instead.

"Ese grupo de jugadores estará para siempre en el fútbol mundial": the demonstrative points at the text
before, which a timeline does not show; "El grupo de jugadores …" reads alone. Apertium's tagger
(summarizers.apertium_tagger) reads the demonstrative's gender and number, and the article is found among
the language's short closed-class words (spaCy's stop words) as the one word the tagger reads, in the
label's own context, as the definite article of that gender and number. A language without free articles
(Polish: the tagger reads none) loses the demonstrative ("To najgorsze wyniki" → "Najgorsze wyniki"); one
that writes the article onto the noun (Romanian: its nouns are read definite or indefinite) or has two
articles of one gender and number (Italian "il", "lo") keeps the label as it is.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence

from summarizers.apertium_tagger import Reading, readings

TIME_PHRASE_WORDS = 3  # "fin de semana": how far after "this" a word of the date tables makes it a time
ARTICLE_LETTERS = 3  # articles are short: "el", "los", "a", "gli"
_NOMINAL = frozenset({"n", "adj", "np"})  # what a determiner stands before
_GENDERS = frozenset({"m", "f", "nt", "mn", "mf", "ma", "mi", "mp"})
_NUMBERS = frozenset({"sg", "pl", "sp"})
_DEFINITENESS = frozenset({"def", "ind"})  # Romanian nouns carry their article


def with_article(words: Sequence[str], language: str) -> list[str] | None:
    """`words` with an opening demonstrative determiner replaced by the definite article (or dropped where
    the language has none); None when they do not open with one or no single article fits."""
    read = readings(language)
    if read is None or len(words) < 2:
        return None
    tagged = read(list(words))
    (_, _, first), (_, _, second) = tagged[0], tagged[1]
    if first[:2] != ("det", "dem") or not second or second[0] not in _NOMINAL:
        return None
    if _DEFINITENESS & set(second) or _fronted_time(tagged, language):
        return None
    agreement = _agreement(first)
    fitting = {a for a, tags in _articles(language, tuple(words[1:])) if _agreement(tags) == agreement}
    if not fitting:
        found_any = bool(_articles(language, tuple(words[1:])))
        return None if found_any else [words[1][:1].upper() + words[1][1:], *words[2:]]
    if len(fitting) > 1:
        return None
    article = fitting.pop()
    opening = article[:1].upper() + article[1:] if words[0][:1].isupper() else article
    return [opening, *words[1:]]


def definite(phrase: Sequence[str], language: str) -> list[str] | None:
    """ "gol que llevó …" → "el gol que llevó …": a noun phrase whose article a preposition carried
    ("del gol") given the definite article of its noun's gender and number; None when no single one fits."""
    read = readings(language)
    tagged = read(list(phrase)) if read is not None and phrase else []
    noun = next((tags for _, _, tags in tagged if tags[:1] == ("n",)), None)
    if noun is None:
        return None
    agreement = _agreement(noun)
    fitting = {a for a, tags in _articles(language, tuple(phrase)) if _agreement(tags) == agreement}
    return [fitting.pop(), *phrase] if len(fitting) == 1 else None


def _fronted_time(tagged: list[Reading], language: str) -> bool:
    """ "Este mediodía la Base registró", "Aquest passat dissabte 21 es va celebrar": the demonstrative's
    phrase is a time (a word of the language's date tables in it, or a second phrase or a clitic before the verb),
    not the subject, and "this" there points at the day, not at the text before."""
    from summarizers.date_tables import date_words  # imported late: the tables load on first use

    table = date_words(language)
    phrase = list(itertools.takewhile(lambda r: r[2][:1] and r[2][0] in _NOMINAL | {"num"}, tagged[1:]))
    after = tagged[1 + len(phrase) : 2 + len(phrase)]
    time_words = {*table.months, *table.weekdays, *table.relation_words}
    time_words.update(w for p in (*table.relative_units, *table.relative_days) for w in p.split())
    opening = tagged[1 : 1 + TIME_PHRASE_WORDS]  # "este fin de semana": the time word may come later
    named = [w for w, _, tags in opening if tags[:1] and tags[0] in _NOMINAL]  # not "el" of "el año pasado"
    return any(w.lower().strip(",;:") in time_words for w in named) or any(
        t[2][:1] in (("det",), ("prn",)) for t in after
    )


def _agreement(tags: Sequence[str]) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(tags) & _GENDERS, frozenset(tags) & _NUMBERS


@functools.lru_cache(maxsize=256)
def _articles(language: str, rest: tuple[str, ...]) -> list[tuple[str, tuple[str, ...]]]:
    """The short closed-class words the tagger reads as a definite article when they stand before `rest`."""
    from summarizers.ranking.coherence import stop_words  # imported late: no cycle

    read = readings(language)
    if read is None:
        return []
    found = []
    for word in sorted(w for w in stop_words(language) if len(w) <= ARTICLE_LETTERS and w.isalpha()):
        tags = _first(read([word, *rest]))
        if tags[:2] == ("det", "def"):
            found.append((word, tags))
    return found


def _first(tagged: list[Reading]) -> tuple[str, ...]:
    return tagged[0][2] if tagged else ()
