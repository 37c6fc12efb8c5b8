"""Lines that are not sentences of the article: bylines, datelines, captions, credits, sub-headings and
teasers, told by their shape in any script, never by a site's or a language's words.

A summary shows a reader what happened; "이용민 기자 | 2020-03-04 16:52:59", "Foto: Reuters", "Ao minuto" or
"21 ม.ค.2561 เวลาประมาณ 12.00 น." tell nothing, however central their words are. Extraction removes most
of them as elements (structure.py); these rules catch what reaches the text as a line of its own.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from summarizers.structure import NUMERIC_DATE, coverage

log = logging.getLogger(__name__)

# A sentence end: full stops, question and exclamation marks of the scripts news is written in (Latin,
# CJK, Arabic, Armenian, Devanagari, Burmese, Ethiopic), then closing quotes or brackets.
_TERMINAL = re.compile(r"[.!?…。！？؟։।॥။።።།។៕][\"'”’»«)\]」』）】〕]*$")
_CLOCK = re.compile(r"(?<![\d.,])\d{1,2}(?:[:：]\d{2}(?:[:：]\d{2})?|[.h]\d{2}(?![.,]?\d))(?!\d)")
_DIGITS = re.compile(r"\d+")
_LABEL = re.compile(r"^\s*[^\W\d_][^\s:：]*(?:\s[^\s:：]+)?\s?[:：]\s*\S")
_LIST_SEPARATORS = re.compile(r"[,、;；·•|](?=\s)|[、·•|]")
_UNSPACED = re.compile(
    r"[\u0e00-\u0e7f\u0e80-\u0eff\u0f40-\u0fbc\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"
)  # Thai, Lao, Tibetan, Burmese, Khmer, kana, Han, Hangul

LABEL_MAX_WORDS = 2  # this short, a place, a section or a source ("Vadodara.", "(ANSA).")
HEADING_MAX_WORDS = 15  # a whole line this short without a sentence end is a heading, label or caption
STAMP_MAX_WORDS = 30  # a line with a clock time and no sentence end is a byline or dateline up to this size
DATELINE_REST_WORDS = 4  # words left beside the dates and times of a dateline ("Miércoles", "AM IST")
CREDIT_MAX_WORDS = 10  # "Label: Name" credits and sources
LIST_MIN_ITEMS, LIST_ITEM_WORDS = 3, 3  # "from left: A, B, C": names in a row, no clause
TEMPLATE_MIN_REPEATS = 3  # a frame shared by this many sentences is a list of teasers ("Post-ul … apare …")
HEADLINE_SHARE = 0.8  # a line whose letters the title holds to this share repeats the headline
PUNCTUATED_SHARE = 0.3  # a text with fewer sentence ends than this share of lines does not use them (Thai)


@dataclass(frozen=True, slots=True)
class Line:
    """A candidate sentence and what its shape needs from its context."""

    text: str
    alone: bool  # the sentence is its whole paragraph (a line of its own)


DateFinder = Callable[[str], Sequence[tuple[int, int]]]  # spans of date expressions in a sentence


def lines_of(sentences: Sequence[str], paragraphs: Sequence[int]) -> list[Line]:
    """Each sentence as a Line: alone when it is the only sentence of its paragraph."""
    sizes = Counter(paragraphs)
    return [Line(s, sizes[p] == 1) for s, p in zip(sentences, paragraphs, strict=True)]


def size(text: str) -> int:
    """Words by spaces; in scripts written without them, every three characters count as a word."""
    total = 0
    for token in text.split():
        unspaced = len(_UNSPACED.findall(token))
        total += max(1, unspaced // 3) if unspaced else 1
    return total


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def furniture(
    lines: Sequence[Line],
    find_dates: DateFinder | None = None,
    keep: str | None = None,
    title: str | None = None,
) -> list[str | None]:
    """For each line, why it is furniture ("heading", "dateline", ...) or None for a sentence of the article.

    `keep` is a line known to be the article's lead (a standfirst is often written without a full stop).
    `find_dates` gives the spans of date expressions, so "Miércoles, 04 de Mayo de 2022" counts as a date.
    A line the `title` already says (the headline repeated, or a part of it) is a heading too.
    """
    punctuated = _uses_sentence_ends(lines)
    frames = Counter(_frame(line.text) for line in lines)
    seen: set[str] = set()
    reasons: list[str | None] = []
    kept = " ".join(keep.split()) if keep else None
    for line in lines:
        flat = " ".join(line.text.split())
        reason = None if flat == kept else _reason(line, punctuated, find_dates)
        if reason is None and title and flat != kept and coverage(flat, title) >= HEADLINE_SHARE:
            reason = "headline"
        if reason is None and frames[_frame(line.text)] >= TEMPLATE_MIN_REPEATS:
            reason = "teaser"
        if reason is None and flat in seen:
            reason = "repeated"
        seen.add(flat)
        reasons.append(reason)
    return reasons


def _reason(line: Line, punctuated: bool, find_dates: DateFinder | None) -> str | None:
    text = line.text.strip()
    if not text:
        return "empty"
    words = size(text)
    ended = punctuated and ends_sentence(text)
    if _opens_with_symbol(text) or _COPYRIGHT.match(text):
        return "marker"
    if _is_dateline(text, ended, find_dates):
        return "dateline"
    stamped = _CLOCK.search(text) or NUMERIC_DATE.search(text)
    if punctuated and not ended and words <= STAMP_MAX_WORDS and stamped:
        return "byline"
    if _LABEL.match(text) and words <= CREDIT_MAX_WORDS and (not ended or words <= CREDIT_MAX_WORDS // 2):
        return "credit"
    if not ended and _is_name_list(text):
        return "caption"
    if words <= LABEL_MAX_WORDS:
        return "label"
    if line.alone and not ended and punctuated and words <= HEADING_MAX_WORDS:
        return "heading"
    return None


_COPYRIGHT = re.compile(r"(?:copyright|\(c\))\s", re.IGNORECASE)  # "Copyright Inexhibit 2019 - ISSN: …"


def _uses_sentence_ends(lines: Sequence[Line]) -> bool:
    """Thai, Lao and Khmer news ends sentences with a space: rules that read a missing full stop as a
    heading would call every line of it one."""
    if not lines:
        return True
    return sum(ends_sentence(line.text) for line in lines) >= PUNCTUATED_SHARE * len(lines)


def _opens_with_symbol(text: str) -> bool:
    """▲, ■, ►, →: captions, teasers and lists of links open with a pictogram; prose never does."""
    return unicodedata.category(text[0]) in ("So", "Sm")


def _is_dateline(text: str, ended: bool, find_dates: DateFinder | None) -> bool:
    """A date, a clock time or both, and at most a few words beside them (a weekday, a zone, a place)."""
    spans = list(find_dates(text)) if find_dates else []
    spans += [m.span() for m in _CLOCK.finditer(text)] + [m.span() for m in NUMERIC_DATE.finditer(text)]
    if not spans:
        return False
    rest = list(text)
    for start, end in spans:
        rest[start:end] = " " * (end - start)
    left = _DIGITS.sub(" ", "".join(rest))
    left = "".join(ch if unicodedata.category(ch)[0] in "LM" else " " for ch in left)
    remaining = size(left) if left.strip() else 0
    return remaining <= (1 if ended else DATELINE_REST_WORDS)


def _is_name_list(text: str) -> bool:
    """Three or more short items in a row and nothing else: the people in a photo, tags, a credit list."""
    items = [item.strip() for item in _LIST_SEPARATORS.split(text.rstrip(" .。"))]
    items = [item for item in items if item]
    return len(items) >= LIST_MIN_ITEMS and all(size(item) <= LIST_ITEM_WORDS for item in items)


def _frame(text: str) -> tuple[str, ...]:
    """The first word and the last three: what the lines of a teaser list share ("Post-ul X apare prima
    dată în Unica.md.")."""
    words = text.lower().split()
    if len(words) < 6:
        return ("", text.lower())
    return (words[0], *words[-3:])


def article_lines(
    lines: Sequence[Line], find_dates: DateFinder | None, keep: str | None, title: str | None
) -> list[int]:
    """Positions of the lines that are sentences of the article, the only ones a summary may show."""
    return [i for i, reason in enumerate(furniture(lines, find_dates, keep, title)) if reason is None]


def date_spans(code: str | None) -> DateFinder:
    """The date expressions of a short line with a digit: a long line is no dateline whatever its dates,
    and a dateline has numbers, so nothing else is searched."""

    def find(text: str) -> list[tuple[int, int]]:
        if size(text) > STAMP_MAX_WORDS or not _DIGITS.search(text):
            return []
        return find_date_spans(text, code)

    return find


def find_date_spans(text: str, code: str | None) -> list[tuple[int, int]]:
    """Where the language's date expressions are in `text` (dates.find_dates), e.g. "Este martes"."""
    from summarizers import dates

    try:
        return [(m.start, m.end) for m in dates.find_dates(text, _ANY_DAY, language=code)]
    except ValueError:  # a date the resolver cannot place is no reason to lose the briefing
        log.debug("dates not read in %r", text[:80], exc_info=True)
        return []


_ANY_DAY = dt.date(2000, 1, 1)  # only the spans matter; an anchor lets partial dates ("21 ม.ค.") be found
