"""Centrality and similarity of sentences from their terms, vectorised with numpy.

`textrank` gives the same ratings as sumy's TextRankSummarizer (shared terms over the sum of the log
lengths, PageRank with damping 0.85) without its Python double loop; callers keep n small (see pool.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

DAMPING = 0.85
EPSILON = 1e-4


def term_counts(terms: Sequence[Sequence[str]]) -> np.ndarray:
    """Sentence x term matrix of counts."""
    index: dict[str, int] = {}
    for sentence in terms:
        for t in sentence:
            index.setdefault(t, len(index))
    counts = np.zeros((len(terms), max(1, len(index))))
    for row, sentence in enumerate(terms):
        for t in sentence:
            counts[row, index[t]] += 1
    return counts


def textrank(terms: Sequence[Sequence[str]]) -> np.ndarray:
    """TextRank stationary probabilities, one per sentence."""
    n = len(terms)
    if n == 0:
        return np.zeros(0)
    counts = term_counts(terms)
    overlap = counts @ counts.T
    logs = np.log(np.maximum(counts.sum(axis=1), 1.0))
    norm = logs[:, None] + logs[None, :]
    weights = np.where(norm > 0, overlap / np.where(norm > 0, norm, 1.0), np.minimum(overlap, 1.0))
    weights /= weights.sum(axis=1, keepdims=True) + 1e-7
    matrix = (1.0 - DAMPING) / n + DAMPING * weights
    p = np.full(n, 1.0 / n)
    for _ in range(200):
        following = matrix.T @ p
        if np.linalg.norm(following - p) < EPSILON:
            return following
        p = following
    return p


def cosine_similarity(terms: Sequence[Sequence[str]]) -> np.ndarray:
    """Pairwise tf-idf cosine, for redundancy between chosen sentences."""
    counts = term_counts(terms)
    present = (counts > 0).sum(axis=0)
    vectors = counts * np.log((1 + len(terms)) / (1 + present))[None, :]
    lengths = np.linalg.norm(vectors, axis=1)
    vectors /= np.where(lengths > 0, lengths, 1.0)[:, None]
    return vectors @ vectors.T
