"""Places checked against the gazetteer: the type of a model's name, and places found without a model.

A model reads "Okinawa" as a person or "Nagato" as an organisation when the sentence gives it nothing
else to go by. Such a name is a place when the gazetteer knows it as one and nothing in the article reads
it as a person (a full name it is part of, an honorific, a role: entities.py merges those first) or as an
organisation (a longer organisation name it is part of). A city is surer the bigger it is: a city named
by a person-typed span must have MIN_CITY_POPULATION people. A group of states ("European Union") is an
organisation, and so is a "G7"-style group.

In a language without a model the gazetteer gives the places: runs of capitalised words (and, in scripts
written without spaces, the language's own country and subdivision names) that are known places; people
come from their given names (person_names.py).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from summarizers.gazetteer import Gazetteer, Place, PlaceKind, gazetteer

log = logging.getLogger(__name__)

MIN_CITY_POPULATION = 100_000  # a city the model typed as a person, or a one-off city found without a model
MIN_ALTERNATE_POPULATION = (
    1_000_000  # a one-word alternate name found without a model: "Londres", not "Namen"
)
MAX_NAME_WORDS = 4  # the longest place name looked up in a run of capitalised words
MAX_PLACES = 20  # places a briefing keeps, the most salient (a page that lists 500 towns)
_GROUP_OF_STATES = re.compile(r"^G-?\d{1,2}$")  # G7, G-20: named by the number of their members
_DEMONYM_ENDINGS = ("ians", "ans", "ian", "an", "ese", "ish", "ns", "n", "s", "is", "i")
_PLACE_ENDINGS = ("", "a", "ia", "y")
_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
_OPENERS = frozenset(".:;!?\"'“”‘’«»„(-–—•|")
_CONNECTIVES = frozenset(
    [
        "de",
        "di",
        "da",
        "do",
        "del",
        "della",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "el",
        "sur",
        "am",
        "an",
        "der",
        "van",
        "von",
        "of",
        "y",
    ]
)
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def places_for(language: str) -> Gazetteer | None:
    """The language's gazetteer, or None when no part of it could load (each failure logged once)."""
    try:
        found = gazetteer(language)
    except Exception as exc:  # numpy or the data broken: keep the model's types
        log.warning("gazetteer unavailable (%s); the NER model's types are kept", exc)
        return None
    return found if found.sources else None


def is_group_of_states(name: str, places: Gazetteer) -> bool:
    """'G7', 'European Union', 'UN': an organisation of states."""
    if _GROUP_OF_STATES.match(name):
        return True
    (place,) = places.lookup([name.casefold()])
    return place is not None and place.kind == PlaceKind.GROUP


def place_reading(name: str, model_type: str, places: Gazetteer) -> Place | None:
    """The place a person- or organisation-typed name is, when the gazetteer is sure enough of it."""
    (place,) = places.lookup([name.casefold()])
    if place is None or place.kind == PlaceKind.GROUP:
        return None
    if place.kind == PlaceKind.CITY and model_type == "person" and place.population < MIN_CITY_POPULATION:
        return None
    return place


def is_demonym(name: str, places: Gazetteer) -> bool:
    """'Russian', 'Africans', 'Japanese': a nationality, from CLDR's language names and place names."""
    key = name.casefold()
    if places.is_demonym(key):
        return True
    stems = {key[: -len(e)] for e in _DEMONYM_ENDINGS if key.endswith(e) and len(key) - len(e) >= 4}
    candidates = [stem + ending for stem in stems for ending in _PLACE_ENDINGS]
    return any(
        p is not None and p.kind == PlaceKind.COUNTRY and p.in_language for p in places.lookup(candidates)
    )


def places_in(
    sentences: Sequence[str], places: Gazetteer, stop_words: frozenset[str]
) -> list[tuple[int, str]]:
    """(sentence index, name) of every known place the text names, for a language without a model.
    A country or subdivision named in the language's own words counts wherever it stands; a city counts
    when it is not a word the text also writes in lower case or a stop word, nor one word of a longer
    capitalised name ('Pedro' of 'Pedro Sánchez'), and when it is big (MIN_CITY_POPULATION; a name of
    several words may instead be named twice). A capitalised word that opens a sentence counts only if the
    text names it elsewhere too."""
    text = "\n".join(sentences)
    lower_words = {w for w in re.findall(r"\w+", text) if w.islower()}
    # sentence, run, word offset, name, opens the sentence, is the whole run
    candidates: list[tuple[int, int, int, str, bool, bool]] = []
    run_id = 0
    for index, sentence in enumerate(sentences):
        for start, words in capitalised_runs(sentence):
            before = sentence[:start].rstrip()
            opens = not before or before[-1] in _OPENERS
            run_id += 1
            for i in range(len(words)):  # every sub-run: German capitalises the noun after "San Francisco"
                for j in range(i + 1, min(len(words), i + MAX_NAME_WORDS) + 1):
                    name = sentence[words[i][0] : words[j - 1][1]].rstrip(".’'-")
                    if len(name) >= 2 and name[0].isupper() and name.split()[-1][0].isupper():
                        whole = i == 0 and j == len(words)
                        candidates.append((index, run_id, i, name, opens and i == 0, whole))
        for match in _CJK_RUN.finditer(sentence):
            run, run_id = match.group(0), run_id + 1
            candidates.extend(
                (index, run_id, i, run[i:j], False, True)
                for i in range(len(run))
                for j in range(i + 2, min(len(run), i + 8) + 1)
            )
    if not candidates:
        return []
    looked_up = places.lookup(c[3].casefold() for c in candidates)
    counts: dict[str, int] = {}
    mid_sentence: set[str] = set()
    for (_, _, _, name, opens, _), place in zip(candidates, looked_up, strict=True):
        if place is not None:
            counts[name] = counts.get(name, 0) + 1
            if not opens:
                mid_sentence.add(name)
    accepted: list[tuple[int, int, int, str]] = []
    for (index, run, offset, name, opens, whole), place in zip(candidates, looked_up, strict=True):
        if place is None or not _counts(name, place, opens, mid_sentence, counts, lower_words, stop_words):
            continue
        own_region = place.in_language and not place.alternate and place.kind <= PlaceKind.SUBDIVISION
        if not whole and " " not in name and not own_region:
            continue  # 'Pedro' of 'Pedro Sánchez', 'János' of 'Szlávik János': part of a longer name
        accepted.append((index, run, offset, name))
    return _longest_per_run(accepted)


def _counts(
    name: str,
    place: Place,
    opens: bool,
    mid_sentence: set[str],
    counts: dict[str, int],
    lower_words: set[str],
    stop_words: frozenset[str],
) -> bool:
    """Whether a known place found without a model is taken (the rules in places_in's docstring)."""
    if opens and name not in mid_sentence and not (place.in_language and not place.alternate):
        return False
    if _CJK_RUN.fullmatch(name):
        return place.in_language and not place.alternate and place.kind <= PlaceKind.SUBDIVISION
    key = name.casefold()
    if place.kind != PlaceKind.COUNTRY and (key in lower_words or key in stop_words):
        return False  # 'Como' (a province) where the text writes 'como'
    own = place.in_language and not place.alternate  # the language's own full name of it
    if own and (place.kind <= PlaceKind.SUBDIVISION or not name.isupper()):
        return True
    if name.isupper():
        return False  # 'EL MUNDO': a masthead, not the town of Mundo
    small = place.kind == PlaceKind.CITY and place.population < MIN_CITY_POPULATION
    if small and (" " not in name or counts[name] < 2):
        return False  # a one-word town may be any language's common noun ('Ende'); longer ones count twice
    return not (place.alternate and " " not in name and place.population < MIN_ALTERNATE_POPULATION)


def _longest_per_run(accepted: list[tuple[int, int, int, str]]) -> list[tuple[int, str]]:
    """The longest places of each run that do not overlap ('東京都', not also '東京'; 'San Francisco')."""
    by_run: dict[int, list[tuple[int, int, int, str]]] = {}
    for item in accepted:
        by_run.setdefault(item[1], []).append(item)
    found = []
    for items in by_run.values():
        taken: list[tuple[int, int]] = []
        for index, _, offset, name in sorted(items, key=lambda it: -len(it[3])):
            width = len(name) if _CJK_RUN.fullmatch(name) else len(name.split())
            if all(offset + width <= a or b <= offset for a, b in taken):
                taken.append((offset, offset + width))
                found.append((offset, index, name))
    return [(index, name) for _, index, name in sorted(found, key=lambda f: (f[1], f[0]))]


def capitalised_runs(sentence: str) -> list[tuple[int, list[tuple[int, int]]]]:
    """(start, word spans) of each run of capitalised words, connectives inside ('Palma de Mallorca')."""
    runs: list[tuple[int, list[tuple[int, int]]]] = []
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(sentence)]
    i = 0
    while i < len(words):
        if not words[i][2][0].isupper():
            i += 1
            continue
        j = i
        while True:
            nxt = j + 1
            if nxt < len(words) and words[nxt][2] in _CONNECTIVES and nxt + 1 < len(words):
                nxt += 1
            if (
                nxt < len(words)
                and words[nxt][2][0].isupper()
                and _only_spaces(sentence, words[nxt - 1][1], words[nxt][0])
            ):
                j = nxt
                continue
            break
        runs.append((words[i][0], [(start, end) for start, end, _ in words[i : j + 1]]))
        i = j + 1
    return runs


def _only_spaces(sentence: str, start: int, end: int) -> bool:
    return not sentence[start:end].strip()
