"""Extractive summaries: sumy's algorithms by name, and a default method that beats Lead on news.

Methods (`ALGORITHMS`):
- `default`: lead position + TextRank centrality + title overlap, chosen with redundancy removal and
  without sentences that open with a dangling reference or connective (ranking/coherence.py). It is a
  sumy summarizer, `ranking.default.DefaultSummarizer`, called as `summarizer(document, count)`; this
  module builds the sumy document (the title as its heading, the article's paragraphs) and calls it.
- `lexrank`, `textrank`, `lsa`, `luhn`, `edmundson`, `kl`, `sumbasic`, `reduction`: stock sumy 0.13 with
  the Snowball stemmer and sumy's stop words; Edmundson's bonus words are the title's words.
- `lead`: the first sentences.
No method ever shows a line that is not a sentence of the article: a byline, dateline, caption, credit,
sub-heading, repeated headline or teaser, told by its shape in any script (ranking/shape.py).

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

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

from summarizers.briefing import ALGORITHMS
from summarizers.ranking.default import DefaultSummarizer, Weights
from summarizers.ranking.language import Language, character_trigrams, language_for
from summarizers.ranking.pool import candidate_pool
from summarizers.ranking.shape import article_lines, date_spans, lines_of
from summarizers.ranking.stock import SUMMARIZERS, rank_with_sumy
from summarizers.text import SumyTokenizer


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
    paragraphs: Sequence[int] | None = None,
    lead: str | None = None,
) -> Selection:
    """The `count` best sentences by `algorithm`, as positions in document order.

    `paragraphs` gives each sentence's paragraph (a line of its own without a full stop is a heading, not
    a sentence); `lead` is the paragraph the page names as its lead. No method ever shows a byline,
    dateline, caption, credit, sub-heading or teaser (ranking/shape.py)."""
    if algorithm not in ALGORITHMS:
        raise ValueError(f"unknown summary algorithm {algorithm!r}; choose one of: {', '.join(ALGORITHMS)}")
    count = min(count, len(sentences))
    if count <= 0:
        return Selection((), algorithm)
    lang = language_for(language)
    groups = list(paragraphs) if paragraphs is not None else [0] * len(sentences)
    if algorithm == "default":
        return _rank_default(sentences, groups, count, lang, title, weights, lead)
    usable = article_lines(lines_of(sentences, groups), date_spans(lang.code), lead, title)
    if algorithm == "lead":
        return Selection(tuple(usable[:count]), "lead")
    terms = [lang.terms(sentences[i]) for i in usable]
    pool = [usable[i] for i in candidate_pool(terms)]
    if algorithm in SUMMARIZERS and lang.has_stemmer:
        chosen = rank_with_sumy(algorithm, [sentences[i] for i in pool], count, lang, title)
        return Selection(tuple(pool[i] for i in chosen), algorithm)
    return _rank_default(sentences, groups, count, lang, title, weights, lead)


def _rank_default(
    sentences: Sequence[str],
    paragraphs: Sequence[int],
    count: int,
    lang: Language,
    title: str | None,
    weights: Weights | None,
    lead: str | None,
) -> Selection:
    """The default method through its sumy summarizer, on a document of the article's paragraphs."""
    tokenizer = SumyTokenizer(lang.code)
    items = [Sentence(s, tokenizer) for s in sentences]
    grouped: dict[int, list[Sentence]] = {}
    for item, group in zip(items, paragraphs, strict=True):
        grouped.setdefault(group, []).append(item)
    heading = [Paragraph([Sentence(title, tokenizer, is_heading=True)])] if title else []
    document = ObjectDocumentModel([*heading, *(Paragraph(group) for group in grouped.values())])
    summarizer = DefaultSummarizer(
        lang.stemmer or (lambda word: word),
        language=lang.code,
        weights=weights,
        terms=None if lang.has_stemmer else character_trigrams,
        lead=lead,
    )
    summarizer.stop_words = lang.stop_words
    chosen = {id(s) for s in summarizer(document, count)}
    positions = tuple(i for i, s in enumerate(items) if id(s) in chosen)
    return Selection(positions, "default" if lang.has_stemmer else f"default ({_why_no_stemmer(lang)})")


def _why_no_stemmer(lang: Language) -> str:
    if lang.code is None:
        return "character trigrams, language unknown"
    return f"character trigrams, no stemmer for {lang.code!r}"
