"""The default method: a composition of lead position, TextRank centrality and title overlap, chosen
greedily with redundancy removal (MMR) and the coherence rule of coherence.py, among the lines that are
sentences of the article (shape.py). `DefaultSummarizer` is it as a sumy summarizer.

News is written lead-first, so position is the strongest single signal; centrality finds the sentences
the rest of the article keeps returning to; the title (when there is one) says what the story is about.
Sentences are judged in the summary's unit of cost, words: a long sentence pushes the others out of a
reader's first glance, so sentences over `long_sentence` words are discounted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sumy.models.dom import ObjectDocumentModel
from sumy.nlp.stemmers import null_stemmer
from sumy.summarizers._summarizer import AbstractSummarizer

from summarizers.ranking.centrality import cosine_similarity, textrank
from summarizers.ranking.coherence import depends_on_previous
from summarizers.ranking.pool import candidate_pool, is_junk, is_teaser, without_restated
from summarizers.ranking.shape import Line, article_lines, date_spans

Dependence = Callable[[str], bool]  # whether a sentence opens with a reference to the one before it


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


class DefaultSummarizer(AbstractSummarizer):
    """briefbot's `default` ranking, called like every sumy summarizer: `summarizer(document, count)`
    returns the chosen sentences of `document` in document order. The document's first heading is the title.

        summarizer = DefaultSummarizer(Stemmer("english"), language="en")
        summarizer.stop_words = get_stop_words("english")
        summary = summarizer(PlaintextParser.from_string(text, tokenizer).document, 3)

    `language` (ISO 639-1) picks the words of the coherence rule and of dates in datelines; `terms`
    replaces stemmed words (character trigrams for a language without a stemmer); `lead` is a line known
    to be the article's lead, chosen even without a full stop.
    """

    def __init__(
        self,
        stemmer: Callable[[str], str] = null_stemmer,
        *,
        language: str | None = None,
        weights: Weights | None = None,
        terms: Callable[[str], list[str]] | None = None,
        lead: str | None = None,
    ) -> None:
        super().__init__(stemmer)
        self.language = language
        self.weights = weights or Weights()
        self.lead = lead
        self._terms = terms
        self._stop_words: frozenset[str] = frozenset()

    @property
    def stop_words(self) -> frozenset[str]:
        return self._stop_words

    @stop_words.setter
    def stop_words(self, words: Iterable[str]) -> None:
        self._stop_words = frozenset(map(self.normalize_word, words))

    def __call__(self, document: ObjectDocumentModel, sentences_count: int) -> tuple:
        sentences = document.sentences
        if not sentences or sentences_count <= 0:
            return ()
        texts = [str(s) for s in sentences]
        terms = [self._sentence_terms(s) for s in sentences]
        alone = [len(p.sentences) == 1 for p in document.paragraphs for _ in p.sentences]
        title = document.headings[0] if document.headings else None
        usable = article_lines(
            [Line(t, a) for t, a in zip(texts, alone, strict=True)],
            date_spans(self.language),
            self.lead,
            str(title) if title is not None else None,
        )
        pool = without_restated(texts, [usable[i] for i in candidate_pool([terms[i] for i in usable])])
        candidates = [Candidate(i, texts[i], tuple(terms[i]), len(sentences[i].words)) for i in pool]
        title_terms = set(self._sentence_terms(title)) if title is not None else set()
        code = self.language
        chosen = rank_default(
            candidates, sentences_count, title_terms, self.weights, lambda s: depends_on_previous(s, code)
        )
        return tuple(sentences[i] for i in chosen)

    def _sentence_terms(self, sentence: object) -> list[str]:
        """Stemmed content words, repeats kept (sumy's own word lists), or the `terms` given."""
        if self._terms is not None:
            return self._terms(str(sentence))
        words = (self.normalize_word(w) for w in sentence.words)  # type: ignore[attr-defined]
        return [self._stemmer(w) for w in words if w not in self._stop_words]


def rank_default(
    candidates: Sequence[Candidate],
    count: int,
    title_terms: set[str],
    weights: Weights,
    depends_on_previous: Dependence,
) -> list[int]:
    """Article positions of the chosen sentences, in document order."""
    scores = _scores(candidates, title_terms, weights)
    similarity = cosine_similarity([c.terms for c in candidates])
    return _choose(candidates, scores, similarity, count, depends_on_previous, weights)


def _scores(candidates: Sequence[Candidate], title_terms: set[str], w: Weights) -> np.ndarray:
    positions = np.array([c.position for c in candidates], dtype=float)
    prior = 1.0 / (1.0 + positions) ** w.position_decay
    centrality = textrank([c.terms for c in candidates])
    centrality = centrality / centrality.max() if centrality.size and centrality.max() > 0 else centrality
    scores = w.position * prior + w.centrality * centrality
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
    depends_on_previous: Dependence,
    w: Weights,
) -> list[int]:
    """Greedy MMR. A sentence that leans on its predecessor waits until the predecessor is chosen.

    When the rules leave too few sentences, they are relaxed (first coherence, then junk) rather than
    returning fewer than asked for. Dependence is asked only of the sentences about to be chosen: with a
    parser it is the costly test.
    """
    junk = [is_junk(c.text, c.word_count) for c in candidates]
    dependent: dict[int, bool] = {}

    def leans(i: int) -> bool:
        if i not in dependent:
            dependent[i] = candidates[i].position > 0 and depends_on_previous(candidates[i].text)
        return dependent[i]

    chosen: list[int] = []
    for allow_dependent, allow_junk in ((False, False), (True, False), (True, True)):
        while len(chosen) < min(count, len(candidates)):
            taken = {candidates[j].position for j in chosen}
            values = [
                (-(scores[i] - (w.redundancy * similarity[i, chosen].max() if chosen else 0.0)), i)
                for i in range(len(candidates))
                if i not in chosen and (allow_junk or not junk[i])
            ]
            best = next(
                (
                    i
                    for _, i in sorted(values)
                    if allow_dependent or (candidates[i].position - 1) in taken or not leans(i)
                ),
                -1,
            )
            if best < 0:
                break
            chosen.append(best)
    return sorted(candidates[i].position for i in chosen)
