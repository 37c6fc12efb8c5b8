"""What a ranking needs to know about a language: sumy's stemmer and stop words, or nothing.

Languages with a sumy stemmer get stemmed content words as terms. Every other language gets character
trigrams of its word chunks, which need no model and work on scripts without spaces (Burmese, Thai).
"""

from __future__ import annotations

import functools
import re
import unicodedata
import warnings
from collections.abc import Callable
from dataclasses import dataclass

from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from summarizers import text

# sumy's Chinese, Japanese and Korean "stemmers" are lower-casing and its tokenizers need extra packages,
# and Thai has no stemmer: these scripts rank better on character n-grams.
_NO_SUMY = {"zh", "ja", "ko", "th"}
_SEPARATORS = re.compile(r"\s+")
# sumy's Czech stemmer warns once per token with digits; the token is skipped either way.
warnings.filterwarnings("ignore", message="skipping word with mixed case", module="sumy")


@dataclass(frozen=True, slots=True)
class Language:
    code: str | None  # ISO 639-1, e.g. "en"
    sumy_name: str | None  # e.g. "english"; None when sumy has no stemmer for it
    stemmer: Callable[[str], str] | None
    stop_words: frozenset[str]

    @property
    def has_stemmer(self) -> bool:
        return self.stemmer is not None

    def terms(self, sentence: str) -> list[str]:
        """The units centrality and overlap are computed on (with repeats, like sumy's word lists)."""
        if self.stemmer is None:
            return character_trigrams(sentence)
        stem = self.stemmer
        return [
            stem(w) for w in (w.lower() for w in text.words(sentence, self.code)) if w not in self.stop_words
        ]


@functools.cache
def language_for(code: str | None) -> Language:
    code = text.normalise_language(code)
    name = text.language_name(code)
    if name is None or code in _NO_SUMY:
        return Language(code, None, None, frozenset())
    try:
        stemmer = Stemmer(name)
        stemmer("probe")  # some of sumy's stemmers (Greek, Polish) fail only when first used
    except (LookupError, ValueError, ImportError):
        return Language(code, None, None, frozenset())
    try:
        stop_words = frozenset(w.lower() for w in get_stop_words(name))
    except LookupError:
        stop_words = frozenset()
    return Language(code, name, functools.lru_cache(maxsize=200_000)(stemmer), stop_words)


def character_trigrams(sentence: str) -> list[str]:
    """Trigrams inside each run of letters; punctuation and symbols separate runs."""
    cleaned = "".join(" " if unicodedata.category(ch)[0] in "PSZ" else ch for ch in sentence.lower())
    grams: list[str] = []
    for chunk in _SEPARATORS.split(cleaned):
        if len(chunk) <= 3:
            if chunk and not chunk.isdigit():
                grams.append(chunk)
            continue
        grams.extend(chunk[i : i + 3] for i in range(len(chunk) - 2))
    return grams
