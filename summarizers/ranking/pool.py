"""The candidate pool: which sentences a ranking may look at, and which are not worth showing.

Graph and iterative methods are quadratic (or worse) in the number of sentences. The pool keeps their
cost flat: the first sentences (news is written lead-first) plus the best of the rest by a score that is
linear in the text length, the mean document frequency of a sentence's terms (SumBasic's idea).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

FIRST_SENTENCES = 40  # always in the pool
BEST_OTHERS = 60  # the best of the rest by term frequency
MIN_WORDS = 5  # shorter fragments are captions, bylines or headings
MIN_CHARS_UNSPACED = 15  # the same floor for scripts that do not separate words by spaces
# A sentence restates the one next to it when this share of its 5-word shingles recurs there and this share
# of its words: list items of one pattern ("X: possession of …, held in jail in lieu of …") share phrases,
# but not their names and figures.
RESTATED, RESTATED_WORDS = 0.6, 0.8

_LETTER = re.compile(r"[^\W\d_]")


def candidate_pool(terms: Sequence[Sequence[str]]) -> list[int]:
    """Positions, in document order, of at most FIRST_SENTENCES + BEST_OTHERS sentences."""
    head = list(range(min(FIRST_SENTENCES, len(terms))))
    if len(terms) <= FIRST_SENTENCES + BEST_OTHERS:
        return list(range(len(terms)))
    frequency = Counter(t for sentence in terms for t in set(sentence))
    rest = range(FIRST_SENTENCES, len(terms))
    best = sorted(rest, key=lambda i: -sum(frequency[t] for t in terms[i]) / (len(terms[i]) + 1))
    return head + sorted(best[:BEST_OTHERS])


def without_restated(texts: Sequence[str], positions: Sequence[int]) -> list[int]:
    """A sentence that the next one repeats nearly word for word (a standfirst its lead restates, a caption
    copying the sentence beside it) is offered once, in its fuller copy: a summary would show both."""
    kept: list[int] = []
    for i in positions:
        if kept and _restates(texts[kept[-1]], texts[i]):
            if len(_words(texts[i])) >= len(_words(texts[kept[-1]])):
                kept[-1] = i
            continue
        kept.append(i)
    return kept


def _restates(a: str, b: str) -> bool:
    from summarizers.stories import SHINGLE, shingles  # imported late: no cycle

    short, long = sorted((a, b), key=lambda t: len(_words(t)))
    if len(_words(short)) < 2 * SHINGLE:
        return False
    first, second = shingles(short), shingles(long)
    if len(first & second) < RESTATED * len(first):
        return False
    words = set(_words(short))
    return len(words & set(_words(long))) >= RESTATED_WORDS * len(words)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def is_junk(sentence: str, word_count: int) -> bool:
    """Too short to say anything, or a shouted headline rather than a sentence."""
    if " " in sentence.strip():
        if word_count < MIN_WORDS:
            return True
    elif len(sentence) < MIN_CHARS_UNSPACED:
        return True
    letters = _LETTER.findall(sentence)
    cased = [ch for ch in letters if ch.lower() != ch.upper()]
    return len(cased) >= 10 and sum(ch.isupper() for ch in cased) / len(cased) > 0.7


def is_teaser(sentence: str) -> bool:
    """A question such as "Who is V. Stiviano?" invites a click more than it informs."""
    return sentence.rstrip(" \"'”’»)").endswith(("?", "？", "؟"))
