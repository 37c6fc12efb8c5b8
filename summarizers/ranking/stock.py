"""sumy's own algorithms, run unchanged on the candidate pool.

The document is built from the sentences the pipeline already split, with the shipped-model tokenizer,
so sumy never needs NLTK's punkt_tab download.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from summarizers.ranking.language import Language
from summarizers.text import SumyTokenizer


def _word_set(words: str) -> frozenset[str]:
    """Word lists are written as one space-separated string so they read like prose."""
    return frozenset(words.split())


SUMMARIZERS: dict[str, Callable[..., AbstractSummarizer]] = {
    "lexrank": LexRankSummarizer,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "edmundson": EdmundsonSummarizer,
    "kl": KLSummarizer,
    "sumbasic": SumBasicSummarizer,
    "reduction": ReductionSummarizer,
}
# Edmundson's cue method lowers sentences with hedging ("stigma") words; it needs at least one.
STIGMA_WORDS = _word_set(
    "hardly impossible perhaps maybe reportedly allegedly apparently supposedly rumoured rumored "
    "unconfirmed speculation"
)
KEY_WORDS_WITHOUT_TITLE = 10  # Edmundson's bonus words when there is no title: the most frequent terms


def rank_with_sumy(
    name: str, sentences: Sequence[str], count: int, language: Language, title: str | None
) -> list[int]:
    """Indices into `sentences` of sumy's `count` best, in document order."""
    tokenizer = SumyTokenizer(language.code)
    items = [Sentence(s, tokenizer) for s in sentences]
    heading = [Sentence(title, tokenizer, is_heading=True)] if title else []
    document = ObjectDocumentModel([Paragraph([*heading, *items])])
    summarizer = SUMMARIZERS[name](language.stemmer)
    if name == "edmundson":
        _configure_edmundson(summarizer, items, language, title)
    elif hasattr(summarizer, "stop_words"):
        summarizer.stop_words = language.stop_words
    chosen = {id(s) for s in summarizer(document, count)}
    return [i for i, s in enumerate(items) if id(s) in chosen]


def _configure_edmundson(
    summarizer: EdmundsonSummarizer, items: Sequence[Sentence], language: Language, title: str | None
) -> None:
    """Title words are the bonus words; without a title, the most frequent content words stand in."""
    stop = language.stop_words
    if title:
        bonus = [w.lower() for w in SumyTokenizer(language.code).to_words(title) if w.lower() not in stop]
    else:
        frequency = Counter(w.lower() for s in items for w in s.words if w.lower() not in stop and len(w) > 2)
        bonus = [w for w, _ in frequency.most_common(KEY_WORDS_WITHOUT_TITLE)]
    summarizer.bonus_words = bonus or ["news"]
    summarizer.stigma_words = STIGMA_WORDS
    summarizer.null_words = stop or frozenset({"the"})
