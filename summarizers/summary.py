"""Sentence ranking. (Stub: lead only; replaced by the summary work.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

ALGORITHMS = ("default", "lexrank", "textrank", "lsa", "luhn", "edmundson", "kl", "sumbasic", "reduction", "lead")


@dataclass(frozen=True, slots=True)
class Selection:
    positions: tuple[int, ...]  # indices into the sentence list, in document order
    method: str  # the method that actually ran, e.g. "default" or "lead (no stemmer for 'my')"


def summarize(
    sentences: Sequence[str],
    *,
    count: int,
    algorithm: str = "default",
    language: str | None = None,
    title: str | None = None,
) -> Selection:
    return Selection(tuple(range(min(count, len(sentences)))), "lead")
