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
    merged = _join_weekdays(searched, sorted(taken, key=lambda t: t[0]), anchor)
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


_FOLLOWING_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_YEAR_REACH = 4  # words after a month that may name its year: "del año pasado", "dello scorso anno"


def _in_relative_years(
    text: str, taken: list[tuple[int, int, _Resolved]], code: str, anchor: dt.date
) -> list[tuple[int, int, _Resolved]]:
    """A month or day without a year followed by last or next year ("en marzo del año pasado", "im März
    letzten Jahres", "в марте прошлого года", "5 mars de l'année dernière") is in that year; it was read
    as this year's. The words after it, joined by stop words only, must hold the language's word for year
    and its word for last or next (a stem: "прошлого", "ubiegłego")."""
    result: list[tuple[int, int, _Resolved]] = []
    for start, end, resolved in taken:
        if result and start < result[-1][1]:
            continue  # the year phrase the mention before took in ("letzten Jahres")
        found = (
            _year_after(text, end, code)
            if resolved.granularity in ("month", "day") and not re.search(r"\d{4}", text[start:end])
            else None
        )
        if found is None:
            result.append((start, end, resolved))
            continue
        year_end, delta = found
        moved = _in_year(resolved, anchor.year + delta)
        result.append((start, year_end, moved) if moved else (start, end, resolved))
    return result


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


def _year_after(text: str, end: int, code: str) -> tuple[int, int] | None:
    """(end offset, -1 or +1) when the words right after `end` say "of last/next year"; else None."""
    from summarizers.date_tables import date_words as words_of
    from summarizers.ner_models import spacy_stop_words

    words = words_of(code)
    stop = spacy_stop_words(code)
    year_seen = False
    delta = 0
    position = end
    for count, m in enumerate(_FOLLOWING_WORDS.finditer(text, end)):
        if count >= _YEAR_REACH or text[position : m.start()].strip(" '’"):
            return None  # punctuation or a number between: another phrase
        word = m.group().lower().split("'")[-1].split("’")[-1]  # "l'année" -> "année"
        position = m.end()
        if any(word.startswith(y) for y in words.year_words if len(y) >= 3):
            year_seen = True
        elif sign := _relation_sign(word, words):
            delta = sign
        elif word not in stop:
            return None
        if year_seen and delta:
            return position, delta
    return None


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
