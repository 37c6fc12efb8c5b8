"""Boilerplate removal for plain text captured from web pages.

A page captured as text keeps what surrounds the article: section labels and navigation at the top, the
headline repeated by several widgets, photo credits, "Read more" links, newsletter and cookie notices,
the author's bio and the site's calls to action at the bottom. None of it is news, and left in it turns
up in summaries and as named entities. The rules here are general (line shape, position, repetition and
a few fixed openings), never strings of one site, and they err on the side of keeping text: the middle
of an article loses only lines that are boilerplate wherever they stand.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# A label or navigation line: at most this many words and characters, and no sentence punctuation.
LABEL_MAX_WORDS, LABEL_MAX_CHARS = 12, 90
# Repeated lines up to this length are widget copies (headline, section name) and all go.
REPEAT_MAX_WORDS = 25
# Hard-wrapped text: every line at most WRAP_MAX_CHARS, and most of them filled to WRAP_FILL of the width.
WRAP_MAX_CHARS, WRAP_FILL = 100, 0.6
BIO_MAX_WORDS = 60

_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"[.!?…。！？؟।॥။።][\"'”’»)\]」』）]*$")
_CREDIT = re.compile(
    r"^[(\[]?(?:(?:photo|image|picture|credit|caption|illustration|graphic|photograph|file photo|source)s?"
    r"(?:\s+credit)?\s*[:|]|getty images|ap photo|afp photo|reuters/|epa/|shutterstock)",
    re.IGNORECASE,
)
_PROMO_OPENING = re.compile(
    r"^[(\[]?(?:read (?:more|also|next|the full)|also read|related(?: coverage| stories| articles)?\b|"
    r"recommended\b|more (?:from|on) |see also|most (?:read|popular)|top stories|trending\b|advertisement|"
    r"sponsored\b|share (?:this|on)|subscribe\b|sign up\b|follow us|click here|download (?:our|the) app)",
    re.IGNORECASE,
)
_PROMO_WORD = re.compile(
    r"newsletter|cookie|advertis|privacy policy|terms of (?:use|service)|all rights reserved|©|copyright",
    re.IGNORECASE,
)
_ADDRESSES_READER = re.compile(r"\b(?:(?i:you|your|sign up|subscribe|inbox)|our|Our|us)\b")
_STAFF_CREDIT = re.compile(
    r"^[(\[]?(?:additional reporting|reporting by|editing by|writing by|compiled by|our standards|"
    r"copyright|©|all rights reserved|\(?end\)?$)",
    re.IGNORECASE,
)
_END_MARKER = re.compile(r"^[(\[]?(?:end|fin|ends|###|-30-)[)\]]?$", re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|written by|words by)\s+\S", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_CALL_TO_ACTION = re.compile(
    r"^(?:try|find|get|join|subscribe|sign|follow|download|click|visit|learn|discover|explore|read|watch|"
    r"listen|share|support|donate|register|apply|browse|contact|email|tell|send|become|write)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“”«»]")
# "Dmitry Filippov is a PhD candidate ... at ..." : a name, a linking verb, then an affiliation.
_AUTHOR_BIO = re.compile(
    r"^(?:[A-Z][\w.'’-]*\s+(?:(?:de|da|van|von|der|al|el|bin)\s+)?){1,3}[A-Z][\w.'’-]*,?\s+"
    r"(?:is|was|has been|writes|covers|reports)\b.*\b(?:at|of|for|with|on)\b"
)


@dataclass(frozen=True, slots=True)
class CleanText:
    text: str  # the article body, paragraphs separated by "\n\n"
    title: str | None  # the headline, when the text carries one and none was given


def clean_text(text: str, *, title: str | None = None) -> CleanText:
    """The article body without page furniture, and its headline if the text repeats one."""
    lines = _paragraph_lines(text)
    counts = Counter(_key(line) for line in lines)
    headline = title or _headline(lines, counts)
    kept = _drop_boilerplate_lines(lines, counts, headline)
    kept = _strip_trailing(_strip_leading(kept))
    if not kept:  # the rules never get to delete a whole article
        kept = lines
    return CleanText("\n\n".join(kept), headline)


def clean_page_text(text: str, *, title: str | None = None) -> CleanText:
    """The body of text that a page's structure gave (summarizers.extract): the furniture is gone already,
    removed as elements, so only the headline, which extraction may repeat as the first line, goes.

    The line rules of `clean_text` are for text without markup. Run over extracted text they dropped a
    page's first paragraph when it looked like a label (a score line, a disclosure) and, on the Article
    Extraction Benchmark, took four words of article for every one of furniture (bench/extraction.py).
    """
    headline = _key(title) if title else None
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    kept = [line for line in lines if line and (headline is None or _key(line) != headline)]
    while len(kept) > 1 and (_END_MARKER.match(kept[-1]) or _EMAIL.fullmatch(kept[-1])):
        kept.pop()  # a wire story's '(END)' and the reporter's address below it: text, but not the story's
    return CleanText("\n\n".join(kept), title)


def _paragraph_lines(text: str) -> list[str]:
    """Non-empty lines with whitespace collapsed; hard-wrapped lines of a paragraph are joined."""
    blocks = re.split(r"\n[ \t\u00a0]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    split = [[" ".join(raw.split()) for raw in block.split("\n")] for block in blocks]
    width = _wrap_width([line for block in split for line in block if line])
    lines: list[str] = []
    for block in split:
        previous: str | None = None
        for line in block:
            if not line:
                continue
            if previous is not None and _continues(previous, line, width):
                previous = f"{previous} {line}"
                lines[-1] = previous
                continue
            lines.append(line)
            previous = line
    return lines


def _wrap_width(lines: list[str]) -> int | None:
    """The column at which the text was hard-wrapped, if it was: most lines fill a narrow measure."""
    if len(lines) < 3:
        return None
    width = max(len(line) for line in lines)
    if width > WRAP_MAX_CHARS:
        return None
    full = sum(1 for line in lines if len(line) >= WRAP_FILL * width)
    return width if full >= WRAP_FILL * len(lines) else None


def _continues(previous: str, line: str, width: int | None) -> bool:
    """A line that carries on the sentence of the line above."""
    if _SENTENCE_END.search(previous) or _is_boilerplate(line):
        return False
    return line[0].islower() or (width is not None and len(previous) >= WRAP_FILL * width)


def _key(line: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", line.casefold()).split())


def _word_count(line: str) -> int:
    """Words separated by spaces; two CJK characters count as one word, as they carry about as much."""
    return len(line.split()) + len(_CJK_CHAR.findall(line)) // 2


def _is_label(line: str) -> bool:
    """Short and without sentence punctuation: a section name, a menu entry, a headline, a date."""
    return (
        _word_count(line) <= LABEL_MAX_WORDS
        and len(line) <= LABEL_MAX_CHARS
        and not _SENTENCE_END.search(line)
    )


def _is_boilerplate(line: str) -> bool:
    """Lines that are furniture wherever they stand: credits, promotions, bylines, staff credits."""
    words = _word_count(line)
    if words <= 30 and (_CREDIT.match(line) or _STAFF_CREDIT.match(line)):
        return True
    if words <= 25 and _PROMO_OPENING.match(line):
        return True
    if words <= 25 and _PROMO_WORD.search(line):
        return bool(_ADDRESSES_READER.search(line)) or not _SENTENCE_END.search(line)
    return _is_label(line) and bool(_BYLINE.match(line))


def _headline(lines: list[str], counts: Counter[str]) -> str | None:
    """The repeated headline of a captured page, else a headline-like first line."""
    repeated = [
        (i, line)
        for i, line in enumerate(lines)
        if counts[_key(line)] > 1 and _is_label(line) and _word_count(line) >= 3 and not _is_boilerplate(line)
    ]
    if repeated:
        return max(repeated, key=lambda item: (counts[_key(item[1])], -item[0]))[1]
    for line in lines:
        if not _is_label(line):
            return None
        if _word_count(line) >= 3 and not _is_boilerplate(line) and re.search(r"[^\W\d_]", line):
            return line
    return None


def _drop_boilerplate_lines(lines: list[str], counts: Counter[str], headline: str | None) -> list[str]:
    """Remove furniture, every copy of a repeated short line, the headline, and duplicate paragraphs."""
    headline_key = _key(headline) if headline else None
    seen: set[str] = set()
    kept: list[str] = []
    for line in lines:
        key = _key(line)
        if key == headline_key or _is_boilerplate(line):
            continue
        if counts[key] > 1 and (_word_count(line) <= REPEAT_MAX_WORDS or key in seen):
            continue
        seen.add(key)
        kept.append(line)
    return kept


def _strip_leading(lines: list[str]) -> list[str]:
    """Labels, navigation and bylines above the first line of prose."""
    start = 0
    while start < len(lines) and _is_label(lines[start]):
        start += 1
    return lines[start:]


def _strip_trailing(lines: list[str]) -> list[str]:
    """Link lists, calls to action, contact lines and the author's bio below the last paragraph."""
    end = len(lines)
    removed_call = removed_bio = False
    while end > 0:
        line = lines[end - 1]
        if _is_call_to_action(line) or (removed_call and _is_short_question(line)):
            removed_call = True
        elif not removed_bio and _is_author_bio(line):
            removed_bio = True
        elif not (_is_label(line) or (_EMAIL.search(line) and _word_count(line) <= 15)):
            break
        end -= 1
    return lines[:end]


def _is_call_to_action(line: str) -> bool:
    if _word_count(line) > 15 or _QUOTED.search(line):
        return False
    return bool(_CALL_TO_ACTION.match(line) or _ADDRESSES_READER.search(line))


def _is_short_question(line: str) -> bool:
    return _word_count(line) <= 15 and line.rstrip("\"'”’») ").endswith(("?", "？", "؟"))


def _is_author_bio(line: str) -> bool:
    return _word_count(line) <= BIO_MAX_WORDS and not _QUOTED.search(line) and bool(_AUTHOR_BIO.match(line))
