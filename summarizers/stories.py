"""Group articles about the same story: near-duplicate text (MinHash/LSH over word shingles), backed up by
shared key entities and closeness in time. Incremental, so grouping never compares all pairs.

Two articles join one story when
- their texts are near-duplicates (estimated Jaccard of 5-word shingles >= NEAR_DUPLICATE), which catches
  syndicated copies with different boilerplate; or
- their texts overlap somewhat (>= RELATED), they share at least SHARED_ENTITIES of their key entities,
  and they were published within MAX_DAYS_APART days; look-alike stories (same people, other event)
  overlap less than that and stay apart; or
- they are written in different languages (their texts cannot overlap), share at least SHARED_ENTITIES
  key entities and at least one dated event to the day, and were published within MAX_DAYS_APART days.
  Names only agree across languages when they are spelled alike ("Emmanuel Macron", not "Tunisie" and
  "Tunisia"), so this groups less than it could; it never groups on entities alone.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import random
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizers.briefing import Briefing

if TYPE_CHECKING:
    import numpy as np

NUM_PERM = 64
# The signatures are datasketch 2.0's MinHash with its "affine32" scheme and seed 1, computed here bit for
# bit (tests/summarizers/test_stories.py checks it against datasketch): stored signatures were made by it,
# and datasketch's LSH imports scipy to integrate for two constants, 55 MB in the bot's process.
_SEED = 1
_EMPTY = 0xFFFFFFFF  # the value of a permutation no shingle reached
_MASK32 = 0xFFFFFFFF
# The LSH bands: datasketch's MinHashLSH optimum for threshold RELATED at NUM_PERM permutations (equal
# weights of false positives and negatives): 32 bands of 2 rows.
_BANDS, _ROWS = 32, 2
SHINGLE = 5
NEAR_DUPLICATE = 0.5
RELATED = 0.12
SHARED_ENTITIES = 2
KEY_ENTITIES = 6
MAX_DAYS_APART = 3
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> tuple[int, ...]:
    """MinHash of the text's shingles; store it with the article so the index can be rebuilt cheaply.

    Each shingle's hash (the first 4 bytes of its SHA-1, little-endian) is mixed with MurmurHash3's
    finalizer, then permuted by a * h + b modulo 2^32 for each of the NUM_PERM (a, b); the signature keeps
    each permutation's minimum."""
    found = [int.from_bytes(hashlib.sha1(s.encode("utf-8")).digest()[:4], "little") for s in shingles(text)]
    if not found:
        return (_EMPTY,) * NUM_PERM
    if "numpy" not in sys.modules:  # the bot's process (it gets most signatures from the worker): no numpy
        return _signature_in_python(found)
    import numpy as np

    a, b = _permutations()
    hashed = _fmix32(np.array(found, dtype=np.uint32).reshape(-1, 1))
    return tuple(int(v) for v in (hashed * a + b).min(axis=0))


@functools.cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of each permutation, drawn as datasketch draws them: a odd, both below 2^32."""
    import numpy as np

    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _signature_in_python(found: list[int]) -> tuple[int, ...]:
    """`signature` without numpy, bit for bit: 25x slower (44 ms for 1,200 shingles), for the few articles
    the bot's process places itself (those the poller had not placed yet when a reader asked)."""
    a, b = _permutations_in_python()
    hashed = [_fmix32_int(h) for h in found]
    return tuple(min([(x * h + y) & _MASK32 for h in hashed]) for x, y in zip(a, b, strict=True))


@functools.cache
def _permutations_in_python() -> tuple[tuple[int, ...], tuple[int, ...]]:
    """numpy's RandomState(_SEED) draws of `_permutations` from the standard library's Mersenne Twister, the
    same generator: seeded as numpy seeds it from an integer (init_genrand), read 32 bits at a time."""
    state = [_SEED]
    for i in range(1, 624):
        state.append((1812433253 * (state[-1] ^ (state[-1] >> 30)) + i) & _MASK32)
    gen = random.Random()
    gen.setstate((3, (*state, 624), None))
    a = tuple((gen.getrandbits(32) & 0x7FFFFFFF) * 2 + 1 for _ in range(NUM_PERM))
    b = tuple(gen.getrandbits(32) for _ in range(NUM_PERM))
    return a, b


def _fmix32_int(h: int) -> int:
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _MASK32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _MASK32
    return h ^ (h >> 16)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, element-wise (uint32 arithmetic wraps: that is the modulo)."""
    import numpy as np

    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


class _Bands:
    """MinHash LSH: articles whose signatures agree on all rows of at least one band are candidates."""

    def __init__(self) -> None:
        self._buckets: list[dict[tuple[int, ...], list[str]]] = [{} for _ in range(_BANDS)]

    def insert(self, key: str, sig: Sequence[int]) -> None:
        for band, bucket in enumerate(self._buckets):
            bucket.setdefault(tuple(sig[band * _ROWS : (band + 1) * _ROWS]), []).append(key)

    def query(self, sig: Sequence[int]) -> set[str]:
        found: set[str] = set()
        for band, bucket in enumerate(self._buckets):
            found.update(bucket.get(tuple(sig[band * _ROWS : (band + 1) * _ROWS]), ()))
        return found


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two signatures: the share of permutations they agree on."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


@dataclass(frozen=True, slots=True)
class StoryCandidate:
    key: str  # the article's id, as a string
    signature: tuple[int, ...]
    entities: frozenset[str]  # lower-cased names of its key entities
    published: dt.date | None
    language: str | None = None
    days: frozenset[str] = frozenset()  # the days its events are dated to ("2016-09-02")


@dataclass
class StoryIndex:
    """Assigns each added article to a story: the story of its best match, or a new story of its own."""

    _lsh: _Bands = field(default_factory=_Bands)
    _items: dict[str, StoryCandidate] = field(default_factory=dict)
    _story_of: dict[str, str] = field(default_factory=dict)
    _with_entity: dict[str, set[str]] = field(default_factory=dict)  # for reports in other languages

    def add(self, item: StoryCandidate, story: str | None = None) -> str:
        """Index the article and return its story key (an existing story's key, or its own)."""
        if item.key in self._story_of:
            return self._story_of[item.key]
        if story is None:
            match = self.best_match(item)
            story = self._story_of[match] if match else item.key
        self._lsh.insert(item.key, item.signature)
        for name in item.entities:
            self._with_entity.setdefault(name, set()).add(item.key)
        self._items[item.key] = item
        self._story_of[item.key] = story
        return story

    def best_match(self, item: StoryCandidate) -> str | None:
        """The closest article of the same story: by text in the same language, else (scored below any
        text match) a report in another language that shares key entities and a day."""
        best, best_score = None, 0.0
        for key in self._lsh.query(item.signature):
            other = self._items[key]
            score = similarity(item.signature, other.signature)
            if same_story(item, other, score) and score > best_score:
                best, best_score = key, score
        if best is not None or item.language is None or not item.days:
            return best
        shared: dict[str, int] = {}
        for name in item.entities:
            for key in self._with_entity.get(name, ()):
                shared[key] = shared.get(key, 0) + 1
        for key, count in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0])):
            if count >= SHARED_ENTITIES and same_story(self._items[key], item):
                return key
        return None

    def story_of(self, key: str) -> str | None:
        return self._story_of.get(key)

    def __contains__(self, key: str) -> bool:
        return key in self._story_of

    def __len__(self) -> int:
        return len(self._story_of)


def same_story(a: StoryCandidate, b: StoryCandidate, text_similarity: float | None = None) -> bool:
    shared_entities = len(a.entities & b.entities) >= SHARED_ENTITIES
    if a.language and b.language and a.language != b.language:
        return shared_entities and bool(a.days & b.days) and _close_in_time(a, b)
    score = similarity(a.signature, b.signature) if text_similarity is None else text_similarity
    if score >= NEAR_DUPLICATE:
        return True
    if score < RELATED:
        return False
    return _close_in_time(a, b) and shared_entities


def _close_in_time(a: StoryCandidate, b: StoryCandidate) -> bool:
    return (
        a.published is None
        or b.published is None
        or (abs((a.published - b.published).days) <= MAX_DAYS_APART)
    )


def key_entities(names: Iterable[str], limit: int = KEY_ENTITIES) -> frozenset[str]:
    return frozenset(n.lower() for n in list(names)[:limit])


def candidate(
    key: str,
    text: str,
    entity_names: Iterable[str],
    published: dt.date | None,
    *,
    language: str | None = None,
    days: Iterable[str] = (),
    text_signature: tuple[int, ...] | None = None,
) -> StoryCandidate:
    """The story index's view of an article: its text's signature (`text_signature` when it was computed
    already, by the worker), key entities, day, language and the days its events are dated to."""
    found = signature(text) if text_signature is None else text_signature
    return StoryCandidate(key, found, key_entities(entity_names), published, language, frozenset(days))


def story_text(text: str, briefing: Briefing | None) -> str:
    """The text an article's signature is made of: its text, or its title and summary when it has none."""
    if text.strip() or briefing is None:
        return text
    return "\n".join([briefing.title or "", *(s.text for s in briefing.summary)])


def event_days(briefing: Briefing) -> frozenset[str]:
    """The days a briefing's events are dated to (year and month dates are too coarse to tell stories)."""
    return frozenset(e.date for e in briefing.events if e.granularity == "day")


def lead_briefing(briefings: Sequence[Briefing]) -> int:
    """Index of the briefing that stands for its story: the richest (most dated events and named entities,
    then the longest summary), and of equals the earliest published, so the original beats its copies."""

    def richness(i: int) -> tuple[int, int, dt.date, int]:
        b = briefings[i]
        return (
            -(len(b.events) + len(b.entities)),
            -sum(len(s.text) for s in b.summary),
            b.published or dt.date.max,
            i,
        )

    return min(range(len(briefings)), key=richness)
