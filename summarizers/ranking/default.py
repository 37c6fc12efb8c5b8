"""The default method: a composition of lead position, TextRank centrality and title overlap, chosen
greedily with redundancy removal (MMR) and the coherence rule of coherence.py.

News is written lead-first, so position is the strongest single signal; centrality finds the sentences
the rest of the article keeps returning to; the title (when there is one) says what the story is about.
Sentences are judged in the summary's unit of cost, words: a long sentence pushes the others out of a
reader's first glance, so sentences over `long_sentence` words are discounted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from summarizers.ranking.centrality import cosine_similarity, textrank
from summarizers.ranking.coherence import depends_on_previous
from summarizers.ranking.language import Language
from summarizers.ranking.pool import is_junk, is_teaser


@dataclass(frozen=True, slots=True)
class Weights:
    """Chosen by measurement on SummEval and BBC News (see bench/quality.py and summary.py)."""

    position: float = 2.0  # weight of the lead prior 1 / (1 + index) ** position_decay
    position_decay: float = 2.0
    centrality: float = 1.0  # weight of TextRank, scaled so the most central sentence scores 1
    title: float = 1.0  # weight of the share of title terms the sentence contains
    redundancy: float = 0.3  # MMR: weight of the highest cosine similarity to a chosen sentence
    long_sentence: int = 45  # words; longer sentences are discounted by (long_sentence / words) ** power
    length_power: float = 1.0
    teaser: float = 0.5  # factor for questions


@dataclass(frozen=True, slots=True)
class Candidate:
    position: int  # index in the article
    text: str
    terms: tuple[str, ...]
    word_count: int


def rank_default(
    candidates: Sequence[Candidate],
    count: int,
    language: Language,
    title: str | None,
    weights: Weights,
) -> list[int]:
    """Article positions of the chosen sentences, in document order."""
    scores = _scores(candidates, language, title, weights)
    similarity = cosine_similarity([c.terms for c in candidates])
    return _choose(candidates, scores, similarity, count, language, weights)


def _scores(candidates: Sequence[Candidate], language: Language, title: str | None, w: Weights) -> np.ndarray:
    positions = np.array([c.position for c in candidates], dtype=float)
    prior = 1.0 / (1.0 + positions) ** w.position_decay
    centrality = textrank([c.terms for c in candidates])
    centrality = centrality / centrality.max() if centrality.size and centrality.max() > 0 else centrality
    scores = w.position * prior + w.centrality * centrality
    title_terms = set(language.terms(title)) if title else set()
    if title_terms:
        scores += w.title * np.array([len(title_terms & set(c.terms)) / len(title_terms) for c in candidates])
    words = np.array([max(c.word_count, 1) for c in candidates], dtype=float)
    scores *= np.minimum(1.0, w.long_sentence / words) ** w.length_power
    scores *= np.array([w.teaser if is_teaser(c.text) else 1.0 for c in candidates])
    return scores


def _choose(
    candidates: Sequence[Candidate],
    scores: np.ndarray,
    similarity: np.ndarray,
    count: int,
    language: Language,
    w: Weights,
) -> list[int]:
    """Greedy MMR. A sentence that leans on its predecessor waits until the predecessor is chosen.

    When the rules leave too few sentences, they are relaxed (first coherence, then junk) rather than
    returning fewer than asked for.
    """
    junk = [is_junk(c.text, c.word_count) for c in candidates]
    dependent = [c.position > 0 and depends_on_previous(c.text, language.code) for c in candidates]
    chosen: list[int] = []
    for allow_dependent, allow_junk in ((False, False), (True, False), (True, True)):
        while len(chosen) < min(count, len(candidates)):
            taken = {candidates[j].position for j in chosen}
            best, best_value = -1, -np.inf
            for i, c in enumerate(candidates):
                if i in chosen or (junk[i] and not allow_junk):
                    continue
                if dependent[i] and not allow_dependent and (c.position - 1) not in taken:
                    continue
                value = scores[i] - (w.redundancy * similarity[i, chosen].max() if chosen else 0.0)
                if value > best_value:
                    best, best_value = i, value
            if best < 0:
                break
            chosen.append(best)
    return sorted(candidates[i].position for i in chosen)
