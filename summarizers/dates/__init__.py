"""Temporal expressions -> calendar dates, with a small HeidelTime-style rule set.

Every rule is one compiled regex plus a resolver. All rules scan the text once (linear time); the
longest resolved, non-overlapping matches win. Relative and partial dates ("Tuesday", "last month",
"December 15") are resolved against an anchor, normally the publication date; without one they are
dropped rather than guessed. Partial dates lean towards the sentence's tense, read from cue words.

Other languages get the same rules fed with their own words (date_tables: CLDR via Babel, dateparser's
language data) plus rules for what English lacks: relative phrases, "N units ago" patterns, CJK
年月日 dates, partial numeric dates in the locale's order, and the Persian, Thai and Japanese era
calendars. Text is matched with every script's digits read as ASCII digits (same offsets).

The package: `words` (English words, pattern helpers), `calendar` (values and arithmetic), `context`
(what a resolver sees: the clause's and the article's tense), `resolvers` (a match -> a value), `rules`
(a language's patterns and resolvers); this module finds the dates. Language tables: `date_tables`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import logging
import re
import unicodedata
from collections.abc import Mapping, Sequence

from summarizers.date_tables import DateWords, date_words
from summarizers.dates.calendar import DateMention, Granularity, Tense, _Resolved
from summarizers.dates.context import _Context, _cues, _own_cues, dated_months, report_tense
from summarizers.dates.rules import _rules

log = logging.getLogger(__name__)

__all__ = [
    "DateMention",
    "Granularity",
    "Tense",
    "dated_months",
    "find_dates",
    "infer_anchor",
    "reads_language",
    "report_tense",
    "tense_free",
]


def find_dates(
    text: str,
    anchor: dt.date | None,
    *,
    language: str | None = None,
    report: Tense | None = None,
    months: Mapping[int, int] | None = None,
    verbs: Sequence[tuple[int, Tense]] = (),
) -> list[DateMention]:
    """Calendar dates mentioned in text (best called per sentence: tense cues are read text-wide).
    `report` is the article's tense (report_tense), for a weekday whose clause has no cue outside English;
    `months` the years the article gives its months (dated_months), for a month named without one;
    `verbs` the (offset, tense) of the text's past and future verbs a parser read (ud_tense), which join
    another language's own cue words."""
    code = (language or "en").lower()[:2]
    english = code == "en"
    searched = text if english else text.translate(_ascii_digits())
    ctx = _Context(
        searched,
        anchor,
        _cues(searched) if english else tuple(sorted((*_own_cues(searched, code), *verbs))),
        english=english,
        words=None if english else date_words(code),
        report_tense=None if english else report,
        months=months or {},
    )
    candidates: list[tuple[int, int, int, _Resolved]] = []
    for order, rule in enumerate(_rules(code)):
        for m in rule.pattern.finditer(searched):
            try:
                resolved = rule.resolve(m, ctx)
            except (ValueError, OverflowError):  # a resolver's defect costs its one date, not the briefing
                log.exception("date expression %r not resolved (anchor %s, %s)", m.group(), anchor, code)
                continue
            if resolved is not None:
                candidates.append((m.start(), m.end(), order, resolved))
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int, _Resolved]] = []
    for start, end, _, resolved in candidates:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, resolved))
    merged = _named_days(searched, _join_weekdays(searched, sorted(taken, key=lambda t: t[0]), anchor))
    if ctx.words is not None and anchor is not None:
        merged = _in_relative_years(searched, merged, ctx.words.code, anchor)
    return [
        DateMention(s, e, text[s:e], r.value, r.granularity, r.end_value, r.relative) for s, e, r in merged
    ]


WEEKDAY_GAP = re.compile(r"[\s,(（]{0,3}")


DAY_WORD_GAP = re.compile(r"\s{1,3}")


def _weekday_of(value: str) -> int:
    return dt.date.fromisoformat(value).weekday()


def _toward(weekday_value: str, day_value: str, anchor: dt.date | None) -> str:
    """The weekday of `weekday_value` on the side of the anchor the day word lies ("kemarin", yesterday: the
    last one; "besok", tomorrow: the next)."""
    target, day = _weekday_of(weekday_value), dt.date.fromisoformat(day_value)
    if anchor is not None and day > anchor:
        return (day + dt.timedelta(days=(target - day.weekday()) % 7)).isoformat()
    return (day - dt.timedelta(days=(day.weekday() - target) % 7)).isoformat()


def _join_weekdays(
    text: str, taken: list[tuple[int, int, _Resolved]], anchor: dt.date | None = None
) -> list[tuple[int, int, _Resolved]]:
    """'Senin (4/5/2020)', 'poniedziałek 6 listopada': a weekday written beside a date is part of it; so is
    a day word followed, with nothing between, by the date it names ("ဒီကနေ့ အောက်တိုဘာလ ၂၆ ရက်", today
    26 October). Set off by a comma or brackets, the day word and the date stay two mentions."""
    joined: list[tuple[int, int, _Resolved]] = []
    for start, end, resolved in taken:
        if joined:
            p_start, p_end, previous = joined[-1]
            if (
                previous.relative
                and previous.granularity == resolved.granularity == "day"
                and previous.value == resolved.value
                and not any(c.isdigit() for c in text[p_start:p_end])
                and DAY_WORD_GAP.fullmatch(text, p_end, start)
            ):
                joined[-1] = (p_start, end, _Resolved(resolved.value, "day", resolved.end_value))
                continue
            if (
                previous.weekday
                and resolved.relative
                and resolved.granularity == "day"
                and DAY_WORD_GAP.fullmatch(text, p_end, start)
                and _weekday_of(resolved.value) != _weekday_of(previous.value)
            ):  # "Jumat kemarin" (last Friday): a day word that is not that weekday says which way it lies
                joined[-1] = (p_start, end, _Resolved(_toward(previous.value, resolved.value, anchor), "day"))
                continue
            if (
                previous.weekday
                and resolved.granularity == "day"
                and WEEKDAY_GAP.fullmatch(text, p_end, start)
            ):
                if "(" in text[p_end:start] or "（" in text[p_end:start]:
                    end += 1 if text[end : end + 1] in (")", "）") else 0
                joined[-1] = (p_start, end, _Resolved(resolved.value, "day", resolved.end_value))
                continue
        joined.append((start, end, resolved))
    return joined


APPOSITION_GAP = re.compile(r"\s*[,(（]\s*")
NAMED_DAY_REACH = 3  # days between a day word and the date set off after it that still name one day


def _named_days(text: str, taken: list[tuple[int, int, _Resolved]]) -> list[tuple[int, int, _Resolved]]:
    """A day word set off by a comma or bracket before the date it names ("ieri, 18 septembrie", "oggi,
    mercoledì 19 febbraio", "σήμερα (19.08.2020)") is that date: where they differ, the anchor was not the
    day the line was written (an aggregator's page, a story updated later), and the written date is the
    one a reader trusts. A day word and a date further apart are two days."""
    out = list(taken)
    for n in range(len(out) - 1):
        start, end, word = out[n]
        next_start, _, date = out[n + 1]
        if (
            word.relative
            and word.granularity == date.granularity == "day"
            and not date.relative
            and not date.end_value
            and word.value != date.value
            and not any(c.isdigit() for c in text[start:end])
            and APPOSITION_GAP.fullmatch(text, end, next_start)
            and abs((dt.date.fromisoformat(word.value) - dt.date.fromisoformat(date.value)).days)
            <= NAMED_DAY_REACH
        ):
            out[n] = (start, end, dataclasses.replace(word, value=date.value))
    return out


_FOLLOWING_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_YEAR_REACH = 4  # words after a month that may name its year: "del año pasado", "dello scorso anno"


def _in_relative_years(
    text: str, taken: list[tuple[int, int, _Resolved]], code: str, anchor: dt.date
) -> list[tuple[int, int, _Resolved]]:
    """A month or day without a year beside last or next year ("en marzo del año pasado", "im März
    letzten Jahres", "в марте прошлого года", "5 mars de l'année dernière", "i marts sidste år", "geçen
    yılın mart ayında") is in that year; it was read as this year's. The words after it (or before it),
    joined by stop words only, must hold the language's word for year and its word for last or next."""
    result: list[tuple[int, int, _Resolved]] = []
    for n, (start, end, resolved) in enumerate(taken):
        if result and start < result[-1][1]:
            continue  # the year phrase the mention before took in ("letzten Jahres")
        found = None
        if resolved.granularity in ("month", "day") and not re.search(r"\d{4}", text[start:end]):
            beside = [*result[-1:], *taken[n + 1 : n + 2]]
            found = _relative_year_beside(text, (start, end), code, beside, anchor)
        moved = _in_year(resolved, anchor.year + found[1]) if found else None
        if found is None or moved is None:
            result.append((start, end, resolved))
            continue
        edge = found[0]
        if edge >= end:
            result.append((start, edge, moved))
            continue
        while result and result[-1][1] > edge:  # "geçen yılın", "El año pasado" was a mention of its own
            edge = min(edge, result.pop()[0])
        result.append((edge, end, moved))
    return result


def _relative_year_beside(
    text: str,
    span: tuple[int, int],
    code: str,
    beside: list[tuple[int, int, _Resolved]],
    anchor: dt.date,
) -> tuple[int, int] | None:
    """(the joined phrase's far edge, -1 or +1) for last or next year written after the month (or its
    own relation word's year: "marts sidste år"), a relative year mention right after or before it
    ("mars i fjor", "tavaly márciusban"), or last or next year written before it ("geçen yılın mart");
    else None."""
    start, end = span
    words = date_words(code)
    last_word = _FOLLOWING_WORDS.findall(text, start, end)[-1:]
    own_relation = bool(last_word) and bool(_relation_sign(last_word[0].lower(), words))
    found = _year_words_at(text, end - len(last_word[0]) if own_relation else end, code, after=True)
    for b_start, b_end, year in beside:
        gap = text[end:b_start] if b_start >= end else text[b_end:start]
        if found is None and year.granularity == "year" and year.relative and _only_stop_words(gap, code):
            found = (b_end if b_start >= end else b_start, int(year.value[:4]) - anchor.year)
    if found is None and not own_relation:
        found = _year_words_at(text, start, code, after=False)
    return found if found and found[1] in (-1, 1) else None


def _only_stop_words(gap: str, code: str) -> bool:
    """Nothing but spaces and the language's stop words between two mentions: no punctuation, no word of
    content."""
    from summarizers.ner_models import spacy_stop_words

    if re.search(r"[^\w\s'’]", gap):
        return False
    stop = spacy_stop_words(code)
    return all(w.lower() in stop for w in re.split(r"[\s'’]+", gap) if w)


def _in_year(resolved: _Resolved, year: int) -> _Resolved | None:
    """The same month or day in `year`; None for a 29 February the year lacks."""
    values = [f"{year:04d}{v[4:]}" if v else None for v in (resolved.value, resolved.end_value)]
    if resolved.granularity == "day":
        try:
            for v in values:
                if v:
                    dt.date.fromisoformat(v)
        except ValueError:
            return None
    return _Resolved(values[0] or resolved.value, resolved.granularity, values[1], relative=True)


def _year_words_at(text: str, edge: int, code: str, *, after: bool) -> tuple[int, int] | None:
    """(the phrase's far edge, -1 or +1) when the words right after (or before) `edge` say "of last/next
    year", stop words only between them; else None. Punctuation or a number ends the search."""
    from summarizers.ner_models import spacy_stop_words

    words = date_words(code)
    stop = spacy_stop_words(code)
    found = list(_FOLLOWING_WORDS.finditer(text, edge, edge + 60 if after else edge))
    if not after:
        found = [m for m in _FOLLOWING_WORDS.finditer(text, max(0, edge - 60), edge)][::-1]
    year_seen, delta, position = False, 0, edge
    for m in found[:_YEAR_REACH]:
        gap = text[position : m.start()] if after else text[m.end() : position]
        if gap.strip(" '’"):
            return None  # punctuation or a number between: another phrase
        word = re.split("['’]", m.group().lower())[-1]  # "l'année" -> "année"
        position = m.end() if after else m.start()
        if _is_year_word(word, code):
            year_seen = True
        elif sign := _relation_sign(word, words):
            delta = sign
        elif word not in stop:
            return None
        if year_seen and delta:
            return position, delta
    return None


@functools.cache
def _year_words(code: str) -> frozenset[str]:
    """The language's words for "year": dateparser's, and those of its "last year", "next year" phrases
    that are neither stop words nor words for last or next ("anul" of "anul trecut", "år", "yıl")."""
    from summarizers.ner_models import spacy_stop_words

    words = date_words(code)
    stop = spacy_stop_words(code)
    phrases = {
        w
        for phrase, (unit, _) in words.relative_units.items()
        if unit == "year"
        for w in re.split(r"[\s'’]+", phrase.lower())
        if w.isalpha() and w not in stop and not _relation_sign(w, words)
    }
    return frozenset({*words.year_words, *phrases})


def _is_year_word(word: str, code: str) -> bool:
    """The word, or an inflected form of it ("Jahres", "года", "yılın", "έτους")."""
    return any(
        word == y or (len(y) >= 3 and word.startswith(y)) or (len(y) >= 4 and word.startswith(y[:-1]))
        for y in _year_words(code)
    )


def _relation_sign(word: str, words: DateWords) -> int:
    """-1 or +1 for the language's word for last or next (the word, or a form of its stem); else 0."""
    sign = words.relation_words.get(word) or next(
        (d for stem, d in words.relation_stems.items() if word.startswith(stem)), 0
    )
    return sign if sign in (-1, 1) else 0


@functools.cache
def _ascii_digits() -> dict[int, str]:
    """Every script's decimal digits (fullwidth, Arabic-Indic, Persian, Devanagari, Thai, Burmese...)
    as ASCII ones; one character each, so offsets stay those of the original text."""
    return {
        code: str(unicodedata.digit(chr(code)))
        for code in range(0x80, 0x10000)
        if unicodedata.category(chr(code)) == "Nd"
    }


def tense_free(mention: DateMention) -> bool:
    """A mention written without a number that states no distance from the anchor ("samedi", "en abril"):
    the one kind the context of its article (report_tense, dated_months, verb cues) can change."""
    return not mention.relative and not any(c.isdigit() for c in mention.expression)


def reads_language(language: str) -> bool:
    """Whether the normaliser has the language's own date words (CLDR or dateparser know it)."""
    code = language.lower()[:2]
    words = None if code == "en" else date_words(code)
    return words is None or bool(words.months or words.relative_days)


def infer_anchor(text: str, *, language: str | None = None) -> dt.date | None:
    """A stand-in publication date: the latest date the text states with its year. A month counts as
    its middle and a year as July 1, so partial dates resolve to the nearest occurrence either way."""
    starts = []
    for mention in find_dates(text, None, language=language):
        year, month, day = ([int(p) for p in mention.value.split("-")] + [7, 1])[:3]
        starts.append(dt.date(year, month, 15 if mention.granularity == "month" else day))
    return max(starts, default=None)
