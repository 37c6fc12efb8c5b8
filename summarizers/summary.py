"""Extractive summaries: sumy's algorithms by name, and a default method that beats Lead on news.

Methods (`ALGORITHMS`):
- `default`: lead position + TextRank centrality + title overlap, chosen with redundancy removal and
  without sentences that open with a dangling pronoun or connective (see ranking/default.py).
- `lexrank`, `textrank`, `lsa`, `luhn`, `edmundson`, `kl`, `sumbasic`, `reduction`: stock sumy 0.13 with
  the Snowball stemmer and sumy's stop words; Edmundson's bonus words are the title's words.
- `lead`: the first sentences.

Languages: sumy runs where it has a stemmer (the Snowball languages plus Czech, Slovak, Polish, Greek,
Ukrainian). Every other language, and an unknown one, gets the default method on character trigrams,
which needs no language model; `Selection.method` then says so, e.g.
"default (character trigrams, no stemmer for 'my')".

Cost: terms are computed once per sentence (linear). Every ranking then sees at most
`pool.FIRST_SENTENCES + pool.BEST_OTHERS` = 100 candidates: the first 40 sentences and the best 60 of
the rest by mean term frequency. Quadratic (TextRank, LexRank, reduction, MMR) and cubic (KL) methods
therefore cost the same on a 100,000-word text as on a 2,000-word one.

Measured quality (bench/quality.py; SummEval: ROUGE-1/2 recall x 100 of 3 sentences cut to 60 words, 50
docs; BBC: precision@3 against the gold extract, all 2225 docs, titles given):
    Lead      45.98 / 16.76   BBC 0.593
    TextRank  42.78 / 14.04   BBC 0.846
    default   46.23 / 16.91   BBC 0.735
The weights (ranking/default.py) were picked on a small grid over both sets (BBC: a 300-row sample) and
are deliberately round; the margin over Lead on SummEval is small, as it is for every unsupervised method
on CNN/DailyMail. Without the rule "position 0 never dangles", default fell to 45.4 / 16.5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizers import text
from summarizers.briefing import ALGORITHMS
from summarizers.ranking.default import Candidate, Weights, rank_default
from summarizers.ranking.language import Language, language_for
from summarizers.ranking.pool import candidate_pool
from summarizers.ranking.stock import SUMMARIZERS, rank_with_sumy


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
    weights: Weights | None = None,
) -> Selection:
    """The `count` best sentences by `algorithm`, as positions in document order."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown summary algorithm {algorithm!r}; choose one of: {', '.join(ALGORITHMS)}")
    count = min(count, len(sentences))
    if count <= 0:
        return Selection((), algorithm)
    if algorithm == "lead":
        return Selection(tuple(range(count)), "lead")
    lang = language_for(language)
    terms = [lang.terms(s) for s in sentences]
    pool = candidate_pool(terms)
    if algorithm in SUMMARIZERS and lang.has_stemmer:
        chosen = rank_with_sumy(algorithm, [sentences[i] for i in pool], count, lang, title)
        return Selection(tuple(pool[i] for i in chosen), algorithm)
    candidates = [
        Candidate(i, sentences[i], tuple(terms[i]), len(text.words(sentences[i], lang.code))) for i in pool
    ]
    positions = tuple(rank_default(candidates, count, lang, title, weights or Weights()))
    return Selection(positions, "default" if lang.has_stemmer else f"default ({_why_no_stemmer(lang)})")


def _why_no_stemmer(lang: Language) -> str:
    if lang.code is None:
        return "character trigrams, language unknown"
    return f"character trigrams, no stemmer for {lang.code!r}"
