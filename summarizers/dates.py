"""Temporal expressions -> calendar dates, with a small HeidelTime-style rule set.

Every rule is one compiled regex plus a resolver. All rules scan the text once (linear time); the
longest resolved, non-overlapping matches win. Relative and partial dates ("Tuesday", "last month",
"December 15") are resolved against an anchor, normally the publication date; without one they are
dropped rather than guessed. Partial dates lean towards the sentence's tense, read from cue words.

Other languages get the same rules fed with their own words (date_tables: CLDR via Babel, dateparser's
language data) plus rules for what English lacks: relative phrases, "N units ago" patterns, CJK
年月日 dates, partial numeric dates in the locale's order, and the Persian, Thai and Japanese era
calendars. Text is matched with every script's digits read as ASCII digits (same offsets).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import jdatetime

from summarizers import date_tables
from summarizers.date_tables import DateWords, date_words

Granularity = Literal["decade", "year", "month", "day"]
Tense = Literal["past", "future", "none", "lean_past"]

MONTHS = {
    "en": {
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    },
    "fr": {
        "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
        "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
        "décembre": 12, "decembre": 12,
    },
    "de": {
        "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
        "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
    },
    "es": {
        "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
        "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    },
    "pt": {
        "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "abril": 4, "maio": 5, "junho": 6,
        "julho": 7, "agosto": 8, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
    },
    "it": {
        "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
        "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
    },
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24,
    "twenty-fifth": 25, "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28,
    "twenty-ninth": 29, "thirtieth": 30, "thirty-first": 31,
}  # fmt: skip
RELATIVE_DAYS = {
    "today": 0, "yesterday": -1, "tomorrow": 1, "aujourd'hui": 0, "hier": -1, "demain": 1,
    "heute": 0, "gestern": -1, "morgen": 1, "hoy": 0, "ayer": -1, "mañana": 1, "hoje": 0,
    "ontem": -1, "amanhã": 1, "oggi": 0, "ieri": -1, "domani": 1,
}  # fmt: skip
# Counted things: a four-digit number before one of these is a quantity, not a year.
COUNT_NOUNS = (
    "troops|soldiers|people|persons|points|shares|employees|workers|jobs|units|cars|vehicles|tons|tonnes|"
    "barrels|acres|feet|foot|meters|metres|miles|kilometers|kilometres|km|votes|seats|members|students|"
    "children|men|women|cases|deaths|dead|times|copies|households|homes|houses|residents|users|customers|"
    "visitors|passengers|refugees|prisoners|hostages|delegates|yen|dollars|euros|pounds|francs|marks|"
    "rupees|pesos|words|pages|calories|hours|minutes|seconds|days|weeks|months|years|pupils|patients|"
    "officers|police|planes|aircraft|ships|tanks|rockets|missiles|companies|firms|stores|banks|cattle|"
    "beds|rooms|sq|square|cubic|mw|kw|gallons|litres|liters|kg|pounds|ounces|yards|metric|bpd"
)
FUTURE_CUES = (
    "will|won't|shall|'ll|would|next|upcoming|coming|scheduled|slated|expects|expect|plans to|"
    "planning|intends?|aims|hopes|until|till|might|payable|effective|expires?|later|"
    "(?:supposed|expected|scheduled|slated|set|due|planned|poised|likely|going|is|are) to"
)
PAST_CUES = (
    "was|were|had|did|ago|since|earlier|last|previously|began|came|went|took|made|gave|told|left|fell|"
    "rose|lost|won|sold|bought|brought|met|paid|held|saw|got|became|ran|wrote|spoke|knew|thought|found|"
    "led|struck|grew|sent|kept|began|stood|broke|chose|drove|flew|forgot|froze|hid|meant|overtook|"
    "overturned|sought|spent|taught|threw|understood|withdrew|[a-z]{2,}ed"
)
NOT_PAST = {"hundred", "speed", "need", "feed", "seed", "proceed", "indeed", "exceed", "succeed", "bred"}
# After these words an -ed form is a passive or an adjective, which says nothing about the tense.
NOT_PAST_AFTER = re.compile(
    r"\b(?:be|been|being|is|are|am|a|an|the|still|very|newly|its|their|his|her)\s+$", re.I
)
# "by May", "until Friday", "since March": the preposition alone gives the direction.
DEADLINE = re.compile(r"\b(by|until|till|through|since)\s+$", re.I)
TENSE_AGAINST = 4  # an occurrence against the tense must be this many times closer to win
# Without English tense cues news leans to the past: a future date must be this many times closer.
PAST_LEAN = 2.5
LETTER = (
    r"(?:[^\W\d_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0dff])"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # character offsets of the expression in the text searched
    end: int
    expression: str
    value: str  # "2016", "2016-05", "2016-09-02"; a decade as TimeML writes it: "197" (the 1970s)
    granularity: Granularity
    end_value: str | None = None  # the range's last date, same granularity


@dataclass(frozen=True, slots=True)
class _Resolved:
    value: str
    granularity: Granularity
    end_value: str | None = None
    weekday: bool = False  # a bare weekday: it joins a date written right beside it


@dataclass(frozen=True, slots=True)
class _Context:
    """What a resolver may look at besides its own match."""

    text: str
    anchor: dt.date | None
    cues: tuple[tuple[int, Tense], ...]  # (offset, tense) of every tense cue word in the text
    english: bool
    words: DateWords | None = None  # the language's own words; None for English
    report_tense: Tense | None = None  # the article's, for a weekday whose clause has no cue

    def tense_near(self, start: int, end: int, *, look_ahead: bool = True) -> Tense:
        """The tense of the nearest cue before the expression (its governing verb usually precedes it),
        else of the nearest one after it."""
        preposition = DEADLINE.search(self.text, max(0, start - 10), start)
        if preposition:
            return "past" if preposition.group(1).lower() == "since" else "future"
        i = bisect.bisect_left(self.cues, (start, ""))
        if i > 0:
            return self.cues[i - 1][1]
        j = bisect.bisect_left(self.cues, (end, ""))
        if j < len(self.cues) and look_ahead:
            return self.cues[j][1]
        return "none" if self.english else "lean_past"


Resolver = Callable[[re.Match[str], _Context], _Resolved | None]


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    resolve: Resolver


# --- formatting and calendar arithmetic -------------------------------------------------------


def _day(d: dt.date) -> _Resolved:
    return _Resolved(d.isoformat(), "day")


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return dt.date(year, month, day)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def _weighted(distance: int, tense: Tense) -> int:
    """Distance from the anchor, stretched when it runs against the tense."""
    against = (tense == "future" and distance < 0) or (tense == "past" and distance > 0)
    if tense == "lean_past" and distance > 0:
        return abs(distance) * PAST_LEAN  # type: ignore[return-value]
    return abs(distance) * (TENSE_AGAINST if against else 1)


def _year_for_day(month: int, day: int, anchor: dt.date, tense: Tense) -> int | None:
    """The year that puts month/day nearest the anchor, leaning with the tense."""
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        d = _safe_date(year, month, day)
        if d is not None:
            options.append((_weighted((d - anchor).days, tense), year))
    return min(options)[1] if options else None


def _year_for_month(month: int, anchor: dt.date, tense: Tense, relation: str = "") -> int:
    """Year of a month named without one: 'last May' is before the anchor's month, 'next May' after."""
    here = anchor.year * 12 + anchor.month
    options = [(year * 12 + month - here, year) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if relation == "last":  # the month just gone is "last month"; "last <Month>" reaches further back
        return max(o for o in options if o[0] < -1)[1]
    if relation in ("next", "coming"):
        return min(o for o in options if o[0] > 0)[1]
    if relation == "this":
        return anchor.year
    return min((_weighted(diff, tense), year) for diff, year in options)[1]


def _weekday(target: int, anchor: dt.date, relation: str, tense: Tense) -> dt.date:
    """Weekdays in news are this week's: past by default, ahead with 'next' or a future tense."""
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    if relation == "last":
        return anchor - dt.timedelta(days=back or 7)
    if relation == "previous":  # the one before the (last) one the story is about
        return anchor - dt.timedelta(days=(back or 7) + 7)
    if relation in ("next", "coming", "following"):
        return anchor + dt.timedelta(days=ahead or 7)
    if tense == "future":
        return anchor + dt.timedelta(days=ahead)
    return anchor - dt.timedelta(days=back)


# --- token readers ----------------------------------------------------------------------------


def _month_number(token: str, ctx: _Context) -> int | None:
    """Month of a name; English names must be capitalised so 'may' and 'march' stay verbs."""
    key = token.lower().rstrip(".").rsplit("/", 1)[-1]
    own = None if ctx.words is None else date_tables.month_of(ctx.words, key)
    if own is not None:
        return own
    if key in MONTHS["en"]:
        return MONTHS["en"][key] if token[0].isupper() else None
    for table in MONTHS.values():
        if key in table:
            return table[key]
    return None


def _day_number(token: str) -> int | None:
    token = token.lower()
    if token in ORDINAL_WORDS:
        return ORDINAL_WORDS[token]
    digits = re.match(r"\d+", token)
    return int(digits.group()) if digits else None


def _count(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    parts = token.split("-")
    if all(p in NUMBER_WORDS for p in parts):
        return sum(NUMBER_WORDS[p] for p in parts)
    return None


def _year(token: str, ctx: _Context) -> int:
    """A written year as a Gregorian one: Thai pages count Buddhist years (2559 = 2016)."""
    year = int(token)
    if ctx.words is not None and ctx.words.buddhist_era and year >= 2400:
        year -= 543
    return year


def _full_year(token: str, start: int | None = None) -> int:
    """'99' after 1998 is 1999; a four-digit year stays as it is."""
    year = int(token)
    if len(token) == 2 and start is not None:
        year = start // 100 * 100 + year
    return year


# --- resolvers --------------------------------------------------------------------------------


def _resolve_iso(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    d = _safe_date(_year(m["y"], ctx), int(m["mo"]), int(m["d"]))
    return _day(d) if d else None


def _resolve_numeric(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """d.m.y everywhere; a/b/y is American m/d/y in English unless that is impossible."""
    a, b = int(m["a"]), int(m["b"])
    slash_month_first = ctx.english or (ctx.words is not None and ctx.words.order == "MDY")
    month_first = (slash_month_first and m["sep"] == "/" and a <= 12) or b > 12
    month, day = (a, b) if month_first else (b, a)
    d = _safe_date(_year(m["y"], ctx), month, day)
    return _day(d) if d else None


SHORT_NAME = 2  # letters: a month name this short that runs on into a word is that word ("۲۶ میلیارد")


def _resolve_month_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if len(m["m"]) <= SHORT_NAME and ctx.text[m.end("m") : m.end("m") + 1].isalpha():
        return None
    month = _month_number(m["m"], ctx)
    day = _day_number(m["d"])
    if month is None or day is None:
        return None
    month2 = _month_number(m["m2"], ctx) if m["m2"] else month
    day2 = _day_number(m["d2"]) if m["d2"] else None
    if month2 is None:
        return None
    if m["y"]:
        year = _year(m["y"], ctx)
    elif ctx.anchor is None:
        return None
    else:
        year = _year_for_day(month, day, ctx.anchor, ctx.tense_near(m.start(), m.end())) or 0
    first = _safe_date(year, month, day)
    if first is None:
        return None
    if day2 is None:
        return _day(first)
    last = _safe_date(year, month2, day2)
    if last is not None and last < first:
        last = _safe_date(year + 1, month2, day2)
    if last is None or last == first:
        return None
    return _Resolved(first.isoformat(), "day", last.isoformat())


def _resolve_month_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    month = _month_number(m["m"], ctx)
    return _Resolved(_month_value(_year(m["y"], ctx), month), "month") if month else None


def _resolve_month_spelled_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    month, year = _month_number(m["m"], ctx), _resolve_spelled_year(m, ctx)
    return _Resolved(f"{year.value}-{month:02d}", "month") if month and year else None


def _resolve_month_of_relative_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    month = _month_number(m["m"], ctx)
    if month is None or ctx.anchor is None:
        return None
    year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[m["rel"].lower()]
    return _Resolved(_month_value(year, month), "month")


def _resolve_month_range(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    first, last = _month_number(m["m"], ctx), _month_number(m["m2"], ctx)
    if first is None or last is None or first == last:
        return None
    if m["y"]:
        year = _year(m["y"], ctx)
    elif ctx.anchor is None:
        return None
    else:
        year = _year_for_month(first, ctx.anchor, ctx.tense_near(m.start(), m.end()))
    end_year = year + 1 if last < first else year
    return _Resolved(_month_value(year, first), "month", _month_value(end_year, last))


MAY_PREPOSITIONS = re.compile(
    r"(?:\b(?:in|since|until|till|by|during|through|from|of|before|after|to|and|or|between|last|next|"
    r"this|early|late|mid|until|late|around|about|for|on|this coming)|,)\s*-?$",
    re.IGNORECASE,
)


def _resolve_month(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    month = _month_number(m["m"], ctx)
    if month is None or ctx.anchor is None:
        return None
    if ctx.words is not None and _proper_noun(m["m"], m.start(), ctx):
        return None
    relation = (m["rel"] or "").lower().replace("this coming", "coming")
    # English "may" is a date only after a preposition; another language's May ("em maio") is a name
    bare_may = m["m"].lower() == "may" and not relation and not m["mod"]
    if bare_may and not MAY_PREPOSITIONS.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None
    year = _year_for_month(month, ctx.anchor, ctx.tense_near(m.start(), m.end()), relation)
    return _Resolved(_month_value(year, month), "month")


def _proper_noun(token: str, start: int, ctx: _Context) -> bool:
    """'Rio de Janeiro': a capitalised month name inside a sentence of a language that writes months in
    lower case is part of a name."""
    if ctx.words is None or not ctx.words.months_lowercase or not token[:1].isupper():
        return False
    before = ctx.text[:start].rstrip()
    return bool(before) and before[-1] not in '.!?:;"«»“”—–-(\n'


def _resolve_year_range(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    first = _year(m["y"], ctx)
    last = _year(m["y2"], ctx) if len(m["y2"]) == 4 else _full_year(m["y2"], first)
    if not first < last <= first + 100:
        return None
    return _Resolved(f"{first:04d}", "year", f"{last:04d}")


def _resolve_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    year = _year(m["y"], ctx)
    if not m["mod"] and not (1900 <= year <= 2100):
        before = ctx.text[max(0, m.start() - 8) : m.start()].lower()
        if not re.search(
            r"\b(?:in|since|of|by|until|from|before|after)\s+$", before
        ) and not _next_to_year_word(m, ctx):
            return None
    return _Resolved(f"{year:04d}", "year")


def _next_to_year_word(m: re.Match[str], ctx: _Context) -> bool:
    """'das Jahr 1229', '1229 года': the language's word for year makes an old number a year."""
    if ctx.words is None or not ctx.words.year_words:
        return False
    before = ctx.text[max(0, m.start() - 12) : m.start()].lower().split()
    after = ctx.text[m.end() : m.end() + 12].lower().split()
    return bool(
        (before and before[-1] in ctx.words.year_words) or (after and after[0] in ctx.words.year_words)
    )


DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8,
    "nineties": 9,
}  # fmt: skip


def _resolve_decade(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'the 1970s', '1970년대', 'los años 70', 'the nineties': TimeML's decade value ('197'), not a year.
    Two digits name the 20th century's decades, except '00' and '10', which name this century's."""
    groups = m.groupdict()
    if groups.get("dw"):
        return _Resolved(f"19{DECADE_WORDS[m['dw'].lower()]}", "decade")
    digits = m["dd"]
    if len(digits) == 4:
        return _Resolved(digits[:3], "decade")
    return _Resolved(("20" if digits in ("00", "10") else "19") + digits[0], "decade")


def _resolve_spelled_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'nineteen ninety-six', 'the year two thousand'."""
    groups = m.groupdict()
    century = 1900 if (groups.get("century") or "").lower() == "nineteen" else 2000
    year = century + (_count(groups.get("tens") or "") or 0) + (_count(groups.get("units") or "") or 0)
    return _Resolved(f"{year:04d}", "year")


def _resolve_relative_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.anchor is None:
        return None
    offset = RELATIVE_DAYS[m["w"].lower()]
    if offset == 0 and _present_era(m, ctx):
        return None
    return _day(ctx.anchor + dt.timedelta(days=offset))


ERA_CONTRAST_YEARS = 5  # "today" set against a time at least this far back means "nowadays"
YEAR_OR_DECADE = re.compile(r"(?<![\d.,])(1[5-9]\d\d|20\d\d)(?![\d%]|[.,]\d)")


def _present_era(m: re.Match[str], ctx: _Context) -> bool:
    """'Today' for 'nowadays' (TimeML's PRESENT_REF), not a day: the clause sets it against another era
    ('In 1990 there were 5 million; today there are 12 million') rather than reporting what happened."""
    if ctx.anchor is None:
        return False
    for year in YEAR_OR_DECADE.finditer(ctx.text):
        if int(year.group(1)) <= ctx.anchor.year - ERA_CONTRAST_YEARS:
            return True
    return False


def _counted(m: re.Match[str], ctx: _Context) -> bool:
    """'ภายใน 2-3 วันนี้' (within these 2-3 days): a day word after a number is a count of days, a
    duration (TimeML), not the day it names."""
    before = ctx.text[max(0, m.start() - 12) : m.start()].rstrip()
    return bool(re.search(r"\d(?:\s*[-–~]\s*\d+)?$", before))


RELATIVE_OFFSETS = {
    "this": 0,
    "the current": 0,
    "last": -1,
    "the past": -1,
    "the previous": -1,
    "next": 1,
    "the coming": 1,
}


def _resolve_relative_unit(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.anchor is None:
        return None
    delta = RELATIVE_OFFSETS[" ".join(m["rel"].lower().split())]
    if m["unit"].lower() == "month":
        return _Resolved(_month_value(*_shift_month(ctx.anchor.year, ctx.anchor.month, delta)), "month")
    return _Resolved(f"{ctx.anchor.year + delta:04d}", "year")


def _resolve_year_edge(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'year-end' is this year; 'year-ago' and 'year-earlier' are last year."""
    if ctx.anchor is None:
        return None
    delta = -1 if re.search(r"ago|earlier", m.group(), re.IGNORECASE) else 0
    return _Resolved(f"{ctx.anchor.year + delta:04d}", "year")


def _resolve_ago(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    n = _count(m["n"])
    unit = m["unit"].lower()
    if ctx.anchor is None or n is None or (m["dir"].lower() == "earlier" and unit != "year"):
        return None
    if unit == "year":
        return _Resolved(f"{ctx.anchor.year - n:04d}", "year")
    if unit == "month":
        return _Resolved(_month_value(*_shift_month(ctx.anchor.year, ctx.anchor.month, -n)), "month")
    return _day(ctx.anchor - dt.timedelta(days=n * (7 if unit == "week" else 1)))


def _resolve_weekday(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    key = m["wd"].lower().rstrip(".")
    if ctx.words is not None:
        key = next(
            (key[: -len(p)] for p in ctx.words.day_parts if key.endswith(p) and len(key) > len(p)), key
        )
    own = ctx.words.weekdays if ctx.words is not None else {}
    if ctx.anchor is None or (key in WEEKDAYS and key not in own and not m["wd"][0].isupper()):
        return None
    relation = (m["rel"] or "").lower().split()
    relation_word = relation[-1] if relation else ""
    stems = ctx.words.weekday_stems if ctx.words is not None else {}
    stem = next((s for s in stems if key.startswith(s) and len(key) - len(s) <= 3), None)
    if key not in own and key not in WEEKDAYS and stem is None:
        return None
    target = own[key] if key in own else WEEKDAYS[key] if key in WEEKDAYS else stems[stem]  # type: ignore[index]
    if (
        ctx.words is not None
        and ctx.words.weekday_cues
        and not relation_word
        and key not in ctx.words.weekday_names
    ):
        before = ctx.text[: m.start()].split()
        if not before or before[-1].lower() not in ctx.words.weekday_cues:
            return None  # "do středu zálohy" (to midfield) is not "ve středu" (on Wednesday)
    # as in English, the tense of its clause; another language's cues are its own date words ("ayer",
    # "prochain", "dentro de 3 días"), and without one the weekday is the nearest
    tense = ctx.tense_near(m.start(), m.end(), look_ahead=ctx.words is not None)
    if tense == "lean_past" and not relation_word:
        tense = ctx.report_tense or tense
    if tense == "lean_past" and not relation_word:
        return _Resolved(_nearest_weekday(target, ctx.anchor).isoformat(), "day", weekday=True)
    return _Resolved(_weekday(target, ctx.anchor, relation_word, tense).isoformat(), "day", weekday=True)


def _nearest_weekday(target: int, anchor: dt.date) -> dt.date:
    """Without a tense cue a weekday is the nearest one; a tie goes to the past."""
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    return anchor - dt.timedelta(days=back) if back <= ahead else anchor + dt.timedelta(days=ahead)


# --- the rule set -----------------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so 'Sept' is tried before 'Sep'."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@functools.cache
def _rules(language: str) -> tuple[_Rule, ...]:
    """Compiled once per language; English month names are always known. Order breaks length ties."""
    words = None if language == "en" else date_words(language)
    specs = _base_specs(language, words)
    if words is not None:
        specs += _language_specs(words)
    return tuple(_Rule(re.compile(p, re.IGNORECASE), r) for p, r in specs)


def _base_specs(language: str, words: DateWords | None) -> list[tuple[str, Resolver]]:
    """The English rule set; for another language its month and weekday names join the English ones."""
    names = set(MONTHS["en"]) | set(MONTHS.get(language, {}))
    own = set(words.months if words else ())
    shorts = {n for n in names if len(n) <= 4} | {n for n in own if words and n in words.abbreviations}
    full_names = _alternation(
        {n for n in names if len(n) > 3 or n == "may"}
        | {n for n in own if words and n not in words.abbreviations}
    )
    if words is not None and words.month_stems:
        # the inflected form first: "14. septembrī" is not "14. sept" + "embrī"
        full_names = rf"(?:{_alternation(words.month_stems)}){LETTER}{{0,3}}(?!{LETTER})|{full_names}"
    short_names = _alternation(shorts)
    month = rf"(?:{full_names}|(?:{short_names})\.)"
    # "ROMA, 28 LUG": after a day number a language's abbreviation needs no dot
    month_after_day = (
        month if words is None else rf"(?:{full_names}|(?:{short_names})(?:\.(?=\s*\d)|(?![^\W\d_])))"
    )
    if words is not None:  # "21. juni/lipanj": bilingual sites write two names
        month_after_day = rf"(?:{LETTER}+/)?{month_after_day}"
    long_days = {w for w in WEEKDAYS if len(w) > 5} | {
        w for w in (words.weekdays if words else ()) if w not in words.abbreviations
    }  # type: ignore[union-attr]
    short_days = {w for w in WEEKDAYS if len(w) <= 5} | {
        w for w in (words.weekdays if words else ()) if w in words.abbreviations
    }  # type: ignore[union-attr]
    long_alternation = _alternation(long_days)
    if words is not None and words.weekday_stems:
        long_alternation += rf"|(?:{_alternation(words.weekday_stems)}){LETTER}{{0,3}}(?!{LETTER})"
    weekday = rf"(?:{long_alternation}|(?:{_alternation(short_days)})\.)"
    if words is not None and words.day_parts:
        weekday = (
            rf"(?:{long_alternation})(?:{_alternation(words.day_parts)})?|(?:{_alternation(short_days)})\."
        )
    day_number = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|er|º|°|ª)?(?![\d,]\d|\d)"
    day = rf"(?:{day_number}|{_alternation(ORDINAL_WORDS)})"
    # "31મી માર્ચે": an ordinal ending in the language's own script, written onto the number before a month
    day_before_month = (
        day_number if words is None else rf"(?:3[01]|[12]\d|0?[1-9])(?:{LETTER}{{1,3}}(?=\s))?(?!\d)"
    )
    year = r"(?:1\d{3}|20\d{2})(?![\d%]|[.,]\d|s\b|'s\b)"
    if words is not None and words.buddhist_era:
        year = r"(?:1\d{3}|2[0-5]\d{2})(?![\d%]|[.,]\d)"
    numeric_separators = "./" if words is None else "./-"
    # Another language's day words come from its own tables: Dutch "Hier" is not French "hier".
    relative_days = RELATIVE_DAYS if words is None else ("today", "yesterday", "tomorrow")
    space = "" if words is None else r"(?:(?<=\.)\s)?"  # "13. 9. 2016" (cs, sk, hu)
    count = rf"(?:\d+|{_alternation(NUMBER_WORDS)}(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)"
    to = r"\s*(?:-|–|—|to|through|thru|until|and)\s*"
    if words is not None and words.and_words:  # "entre le 11 et le 28 mars"
        to = rf"\s*(?:-|–|—|to|through|thru|until|and|(?:{_alternation(words.and_words)})(?:\s+{LETTER}{{1,3}})?)\s*"
    of = r"(?:\s+(?:de|del|of)\s+|\.?\s+|,\s*)"
    modifier = r"(?:early|mid|late|the (?:middle|beginning|start|end) of)"
    units = "one|two|three|four|five|six|seven|eight|nine"
    tens = (
        "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
        "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    )
    specs: list[tuple[str, Resolver]] = [
        (
            r"(?<![\d./-])(?P<y>\d{4})(?P<sep>[-/])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d/]|\.\d)",
            _resolve_iso,
        ),
        (
            rf"(?<![\d./-])(?P<a>\d{{1,2}})(?P<sep>[{numeric_separators}]){space}(?P<b>\d{{1,2}})(?P=sep){space}(?P<y>\d{{4}})(?![\d/]|\.\d)",
            _resolve_numeric,
        ),
        (
            rf"\b(?:{weekday},?\s+)?(?:{modifier}[\s-]+)?(?:the\s+)?(?P<m>{month})\s*(?P<d>{day})"
            rf"(?:{to}(?:(?P<m2>{month})\s*)?(?P<d2>{day_number}))?(?:,?\s+(?P<y>{year}))?",
            _resolve_month_day,
        ),
        (
            # not the minutes of "17:20"
            rf"\b(?:{weekday},?\s+)?(?:the\s+)?(?<![\d:])(?P<d>{day_number}|{day_before_month})\.?(?:{to}(?P<d2>{day_number})\.?)?"
            rf"(?:\s+of|\s+de)?\s+(?P<m>{month_after_day})(?P<m2>)(?:{of}(?P<y>{year}))?",
            _resolve_month_day,
        ),
        (rf"\b(?:{modifier}[\s-]+)?(?P<m>{month}){of}(?P<y>{year})", _resolve_month_year),
        (  # "Apr 02, 2020": with its day and year, a short name needs no dot
            rf"\b(?P<m>{short_names})\s+(?P<d>{day_number}),\s+(?P<y>{year})(?P<m2>)(?P<d2>)",
            _resolve_month_day,
        ),
        (
            rf"\b(?P<m>{month})\s+(?P<century>nineteen)[\s-]+(?P<tens>{tens})(?:[\s-]+(?P<units>{units}))?\b",
            _resolve_month_spelled_year,
        ),
        (rf"\b(?P<m>{month})\s+(?P<rel>last|this|next)\s+year\b", _resolve_month_of_relative_year),
        (
            rf"\b(?:(?:between|from)\s+)?(?P<m>{month})\s*(?:-|–|—|to|through|until|and)\s*(?P<m2>{month})"
            rf"(?:,?\s+(?P<y>{year}))?",
            _resolve_month_range,
        ),
        (
            rf"\b(?:(?P<rel>last|this coming|this|next)\s+|(?P<mod>{modifier})[\s-]+)?(?<!{LETTER})(?P<m>{full_names})\b(?![^\W\d_])(?!\s*\d)",
            _resolve_month,
        ),
        (
            rf"\b(?:from|between)\s+(?P<y>{year})\s*(?:to|and|until|through|-|–)\s*(?P<y2>{year})",
            _resolve_year_range,
        ),
        (rf"(?<![\d$£€#.,/-])\b(?P<y>{year})\s*[-–]\s*(?P<y2>{year}|\d{{2}}(?![\d%]))", _resolve_year_range),
        (
            # "Mundial-2010" is a year, "-2010" and "3-2010" are not
            rf"(?<![\d$£€#.,/])(?<![\d\s(]-)(?<!^-)\b(?:(?P<mod>fiscal|mid-|early|late|the (?:middle|beginning|start|end) of|the year)\s*)?"
            rf"(?P<y>{year})(?!\s*(?:percent|per cent|{COUNT_NOUNS})\b)",
            _resolve_year,
        ),
        (rf"\b(?:the\s+)?(?:{modifier}[\s-]+)?(?P<dd>(?:1[89]|20)\d0)['’]?s\b", _resolve_decade),
        (rf"\b(?:the\s+)?(?:{modifier}[\s-]+)?['’](?P<dd>\d0)s\b", _resolve_decade),
        (rf"\bthe\s+(?:{modifier}[\s-]+)?(?P<dw>{_alternation(DECADE_WORDS)})\b", _resolve_decade),
        (
            rf"\b(?:the\s+year\s+)?(?P<century>nineteen|twenty)[\s-]+(?P<tens>{tens})(?:[\s-]+(?P<units>{units}))?\b",
            _resolve_spelled_year,
        ),
        (rf"\bthe\s+year\s+two\s+thousand(?:\s+and)?(?:[\s-]+(?P<units>{units}))?\b", _resolve_spelled_year),
        (
            rf"\b(?:(?:early|late|later|earlier)\s+)?(?P<w>{_alternation(relative_days)})(?!\w)",
            _resolve_relative_day,
        ),
        (
            r"\b(?:(?:early|late|later|earlier)(?:\s+in)?\s+)?(?P<rel>this|last|next|the\s+current|the\s+past|"
            r"the\s+previous|the\s+coming)\s+(?:fiscal\s+)?(?P<unit>year|month)\b",
            _resolve_relative_unit,
        ),
        (
            r"\b(?:year[- ]end|year's end|(?:the\s+)?year-ago|(?:the\s+)?year-earlier|the end of (?:the|this) year"
            r"|(?:earlier|later) in the year)\b",
            _resolve_year_edge,
        ),
        (
            rf"\b(?:(?:nearly|almost|about|some|roughly|just|only|more than|less than)\s+)?(?P<n>{count})\s+"
            r"(?:or\s+so\s+)?(?P<unit>year|month|week|day)s?\s+(?:or\s+so\s+)?(?P<dir>ago|earlier)\b",
            _resolve_ago,
        ),
        (
            rf"\b(?:(?P<rel>last|this coming|this|next|the previous|the following|early|late|earlier|later)\s+)?"
            rf"(?P<wd>{weekday})(?!\w)",
            _resolve_weekday,
        ),
    ]
    return specs


# --- rules fed by a language's own words ---------------------------------------------------

DAY_NUMBER = r"(?P<d>3[01]|[12]\d|0?[1-9])"
MONTH_NUMBER = r"(?P<mo>1[0-2]|0?[1-9])"
CJK_SMALL_NUMBER = r"(?:[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"  # 1-39 in Chinese numerals
PARTIAL_NUMERIC_REACH = 45  # days: "2/11" without a year is a date only this close to the publication
# A CJK day count, not a date: "2日間", "２日連続", "3日以内", "第2日目"
CJK_NOT_A_DAY = r"(?!間|间|連続|连续|以内|以上|ぶり|前|後|后|目|간|째|동안|이내)"


def _bounded(words: DateWords, alternation: str) -> str:
    """Word boundaries fit the script: none where words run together, none after a word that takes
    particles (Korean)."""
    before = "" if words.unspaced else rf"(?<!{LETTER})"
    after = "" if words.agglutinative else rf"(?!{LETTER})"
    return rf"{before}(?:{alternation}){after}"


def _resolve_phrase_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.anchor is None or ctx.words is None:
        return None
    offset = ctx.words.relative_days.get(" ".join(m.group().lower().split()))
    if offset is None or _counted(m, ctx) or (offset == 0 and _present_era(m, ctx)):
        return None
    return _day(ctx.anchor + dt.timedelta(days=offset))


def _resolve_phrase_unit(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'в прошлом месяце', 'letztes Jahr', '先月'; weeks have no calendar value of their own."""
    if ctx.anchor is None or ctx.words is None:
        return None
    unit, delta = ctx.words.relative_units.get(" ".join(m.group().lower().split()), ("week", 0))
    if unit == "month":
        return _Resolved(_month_value(*_shift_month(ctx.anchor.year, ctx.anchor.month, delta)), "month")
    if unit == "year":
        return _Resolved(f"{ctx.anchor.year + delta:04d}", "year")
    return None


def _resolve_weekday_with_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """The month around the publication date in which that day number falls on that weekday."""
    if ctx.anchor is None or ctx.words is None:
        return None
    target = ctx.words.weekdays.get(m["wd"].lower())
    for delta in (0, -1, 1):
        year, month = _shift_month(ctx.anchor.year, ctx.anchor.month, delta)
        d = _safe_date(year, month, int(m["d"]))
        if d is not None and d.weekday() == target:
            return _day(d)
    return None


def _resolve_phrase_weekday(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'el lunes pasado', 'letzten Montag', 'в следующий понедельник'."""
    if ctx.anchor is None or ctx.words is None:
        return None
    found = ctx.words.weekday_phrases.get(" ".join(m.group().lower().split()))
    if found is None:
        return None
    target, delta = found
    relation = {-1: "last", 0: "this", 1: "next"}[delta]
    if relation == "this":
        d = ctx.anchor + dt.timedelta(days=target - ctx.anchor.weekday())
    else:
        d = _weekday(target, ctx.anchor, relation, "none")
    return _Resolved(d.isoformat(), "day", weekday=True)


def _resolve_related_month(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'el pasado abril', 'avril dernier': the relation word of CLDR's weekday phrases, on a month."""
    if ctx.anchor is None or ctx.words is None:
        return None
    month = _month_number(m["m"] or m["m2"], ctx)
    delta = ctx.words.relation_words.get((m["rel"] or m["rel2"]).lower())
    if month is None or delta is None:
        return None
    relation = {-1: "last", 0: "this", 1: "next"}[delta]
    return _Resolved(_month_value(_year_for_month(month, ctx.anchor, "none", relation), month), "month")


def _number_value(token: str, words: DateWords) -> int | None:
    if token.isdigit():
        return int(token)
    for pattern, value in words.numbers:
        if re.fullmatch(pattern, token, re.IGNORECASE):
            return value
    return None


def _shifted(anchor: dt.date, unit: str, n: int) -> _Resolved:
    if unit == "year":
        return _Resolved(f"{anchor.year + n:04d}", "year")
    if unit == "month":
        return _Resolved(_month_value(*_shift_month(anchor.year, anchor.month, n)), "month")
    return _day(anchor + dt.timedelta(days=n * (7 if unit == "week" else 1)))


def _ago_resolver(unit: str, sign: int) -> Resolver:
    def resolve(m: re.Match[str], ctx: _Context) -> _Resolved | None:
        token = next((g for g in m.groups() if g), None)
        if ctx.anchor is None or ctx.words is None or token is None:
            return None
        n = _number_value(token.lower(), ctx.words)
        if n is None or n > 200 or _opens_duration(m, ctx.words, ctx.text):
            return None
        return _shifted(ctx.anchor, unit, sign * n)

    return resolve


def _opens_duration(m: re.Match[str], words: DateWords, text: str) -> bool:
    """'desde hace 60 años': since N years ago is how long, not when."""
    before = text[max(0, m.start() - 12) : m.start()].lower().split()
    return bool(before) and any(" ".join(before[-len(w.split()) :]) == w for w in words.duration_openers)


def _resolve_partial_day_month(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'chiều 2/11': a day and month without a year, kept only near the publication date (fractions
    and scores fall far from it)."""
    if ctx.anchor is None:
        return None
    groups = m.groupdict()
    month, day = int(groups.get("mo") or groups["mo2"]), int(groups.get("d") or groups["d2"])
    year = _year_for_day(month, day, ctx.anchor, "lean_past")
    d = _safe_date(year, month, day) if year else None
    if d is None or abs((d - ctx.anchor).days) > PARTIAL_NUMERIC_REACH:
        return None
    return _day(d)


def _resolve_partial_month_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    return _Resolved(_month_value(_year(m["y"], ctx), int(m["mo"])), "month")


def _resolve_year_first(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'2032 metų vasario 12 dieną', '2016. szeptember 13.'"""
    month = _month_number(m["m"], ctx)
    if month is None:
        return None
    if m["d"] is None:
        return _Resolved(_month_value(_year(m["y"], ctx), month), "month")
    d = _safe_date(_year(m["y"], ctx), month, int(m["d"]))
    return _day(d) if d else None


def _resolve_affixed_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    month, day = int(m["mo"]), int(m["d"])
    if m["y"]:
        year: int | None = int(m["y"])
    elif ctx.anchor is not None:
        year = _year_for_day(month, day, ctx.anchor, ctx.tense_near(m.start(), m.end()))
    else:
        return None
    d = _safe_date(year, month, day) if year else None
    return _day(d) if d else None


def _resolve_affixed_month(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    return _Resolved(_month_value(int(m["y"] or m["y2"]), int(m["mo"])), "month")


def _cjk_int(token: str) -> int:
    """'27', '二十七', '十二' or '二〇二三' as a number; the numerals' values are Unicode data."""
    if token.isdigit():
        return int(token)
    if "十" not in token:
        return int("".join(str(int(unicodedata.numeric(c))) for c in token))
    tens, _, units = token.partition("十")
    return (int(unicodedata.numeric(tens)) if tens else 1) * 10 + (
        int(unicodedata.numeric(units)) if units else 0
    )


def _cjk_year(m: re.Match[str], ctx: _Context) -> int | None:
    """The year of a CJK date: written, an era year (令和6年), a relative word (去年), or none."""
    groups = m.groupdict()
    if groups.get("y"):
        return _cjk_int(m["y"])
    if groups.get("era"):
        return date_tables.JAPANESE_ERAS[m["era"]] + (1 if m["ey"] == "元" else _cjk_int(m["ey"]))
    if groups.get("ry") and ctx.words is not None and ctx.anchor is not None:
        unit, delta = ctx.words.relative_units.get(m["ry"].lower(), ("week", 0))
        return ctx.anchor.year + delta if unit == "year" else None
    return None


def _resolve_cjk_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    month, day = _cjk_int(m["mo"]), _cjk_int(m["d"])
    year = _cjk_year(m, ctx)
    if year is None:
        if ctx.anchor is None:
            return None
        year = _year_for_day(month, day, ctx.anchor, "lean_past")
    d = _safe_date(year, month, day) if year else None
    return _day(d) if d else None


def _resolve_cjk_month(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    month = _cjk_int(m["mo"])
    year = _cjk_year(m, ctx)
    if year is None:
        if ctx.anchor is None:
            return None
        year = _year_for_month(month, ctx.anchor, "lean_past")
    end = None
    if m.groupdict().get("mo2"):
        last = _cjk_int(m["mo2"])
        if last == month:
            return None
        end = _month_value(year + (1 if last < month else 0), last)
    return _Resolved(_month_value(year, month), "month", end)


def _resolve_cjk_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    year = _cjk_year(m, ctx)
    return _Resolved(f"{year:04d}", "year") if year else None


def _resolve_cjk_day_only(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'２日' in a news story: that day of the publication month, or of the month beside it."""
    if ctx.anchor is None:
        return None
    day = _cjk_int(m["d"])
    options = []
    for delta in (-1, 0, 1):
        year, month = _shift_month(ctx.anchor.year, ctx.anchor.month, delta)
        d = _safe_date(year, month, day)
        if d is not None:
            options.append((abs((d - ctx.anchor).days), d))
    return _day(min(options)[1]) if options else None


def _resolve_solar_hijri(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'۲۳ شهریور ۱۳۹۵' -> 2016-09-13: Iranian sites date in the solar hijri calendar."""
    if ctx.words is None:
        return None
    month = ctx.words.solar_hijri_months.index(m["m"]) + 1
    if m["y"]:
        year = int(m["y"])
    elif ctx.anchor is not None:
        here = jdatetime.date.fromgregorian(date=ctx.anchor)
        year = min(
            (here.year + delta for delta in (-1, 0, 1)),
            key=lambda y: abs((jdatetime.date(y, month, 1).togregorian() - ctx.anchor).days),
        )
    else:
        return None
    try:
        if m["d"]:
            return _day(jdatetime.date(year, month, int(m["d"])).togregorian())
        middle = jdatetime.date(year, month, 15).togregorian()
        return _Resolved(_month_value(middle.year, middle.month), "month")
    except ValueError:
        return None


def _resolve_solar_hijri_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """A solar hijri year alone: nine of its twelve months fall in Gregorian year + 621."""
    return _Resolved(f"{int(m['y']) + 621:04d}", "year")


def _language_specs(words: DateWords) -> list[tuple[str, Resolver]]:
    """Rules made from one language's CLDR and dateparser words."""
    specs: list[tuple[str, Resolver]] = []
    if words.relative_days:
        specs.append((_bounded(words, _spaced(words.relative_days)), _resolve_phrase_day))
    if words.relative_units:
        specs.append((_bounded(words, _spaced(words.relative_units)), _resolve_phrase_unit))
    if words.weekday_phrases:
        specs.append((_bounded(words, _spaced(words.weekday_phrases)), _resolve_phrase_weekday))
    number = r"\d{1,3}"
    if words.numbers:
        number += "|" + "|".join(sorted((p for p, _ in words.numbers), key=len, reverse=True))
    grouped: dict[tuple[str, int], list[str]] = {}
    for pattern, unit, sign in words.ago_patterns:
        after_number = (
            "" if words.unspaced or words.agglutinative else f"(?!{LETTER})"
        )  # "una" is not "un a(ño)"
        grouped.setdefault((unit, sign), []).append(pattern.replace("{n}", f"({number}){after_number}"))
    for (unit, sign), patterns in grouped.items():
        alternation = "|".join(sorted(patterns, key=len, reverse=True))
        specs.append((_bounded(words, alternation), _ago_resolver(unit, sign)))
    if words.relation_words and words.months:
        relations = _alternation(words.relation_words)
        months = _alternation(n for n in words.months if n not in words.abbreviations)
        specs.append(
            (
                rf"(?<!{LETTER})(?:(?P<rel>{relations})\s+(?P<m>{months})|(?P<m2>{months})\s+(?P<rel2>{relations}))(?!{LETTER})",
                _resolve_related_month,
            )
        )
    specs.extend(_decade_specs(words))
    if words.weekdays and not words.unspaced:  # "nesta segunda-feira (24)": the day of the month follows
        full_days = _alternation(w for w in words.weekdays if w not in words.abbreviations)
        specs.append(
            (
                rf"(?<!{LETTER})(?P<wd>{full_days})\s*\((?P<d>3[01]|[12]\d|0?[1-9])\)",
                _resolve_weekday_with_day,
            )
        )
    if (words.unspaced or words.agglutinative) and words.weekdays:  # "월요일에": particles follow
        specs.append((rf"(?P<rel>)(?P<wd>{_alternation(words.weekdays)})", _resolve_weekday))
    if words.day_month_separator == ".":  # "19.08." or "19.08", never "2.6" (a version) or "1.5"
        specs.append(
            (
                r"(?<![\d./,:-])(?:(?P<d>3[01]|[12]\d|0[1-9])\.(?P<mo>1[0-2]|0[1-9])\.?|"
                r"(?P<d2>3[01]|[12]\d|0?[1-9])\.(?P<mo2>1[0-2]|0?[1-9])\.)(?![\d/]|[.,:]?\d)",
                _resolve_partial_day_month,
            )
        )
    elif words.day_month_separator:
        sep = re.escape(words.day_month_separator)
        specs.append(
            (
                rf"(?<![\d./,:-]){DAY_NUMBER}{sep}{MONTH_NUMBER}(?:{sep}(?!\d))?(?![\d/]|[.,:]?\d)",
                _resolve_partial_day_month,
            )
        )
    if words.month_year_separator:
        sep = re.escape(words.month_year_separator)
        specs.append(
            (
                rf"(?<![\d./,:-]){MONTH_NUMBER}{sep}(?P<y>(?:19|20)\d\d)(?![\d/]|[.,]\d)",
                _resolve_partial_month_year,
            )
        )
    if words.order == "YMD":
        specs.append(
            (
                r"(?<![\d./-])(?P<y>(?:19|20)\d\d)\.\s?(?P<mo>1[0-2]|0?[1-9])\.\s?(?P<d>3[01]|[12]\d|0?[1-9])\.?(?![\d])",
                _resolve_iso,
            )
        )
    if words.year_first and words.months:
        months = _alternation(words.months)
        specs.append(
            (
                rf"(?<!\d)(?P<y>(?:1\d|20)\d\d)\.?\s*(?:{LETTER}{{1,6}}\.?\s*)?(?P<m>{months})(?!{LETTER})"
                rf"(?:\s*{DAY_NUMBER}(?!\d))?",
                _resolve_year_first,
            )
        )
    prefix = (words.numeric_month_affix or ("", ""))[0].strip()
    if prefix:  # Vietnamese "ngày 13 tháng 9 năm 2016", "tháng 9 năm 2016"
        year_word = rf"(?:\s*(?:,|{_alternation(words.year_words)})?\s*(?P<y>(?:1\d|20)\d\d)(?!\d))"
        affixed = rf"{re.escape(prefix)}\s+{MONTH_NUMBER}(?!\d)"
        specs.append((rf"(?<!\d){DAY_NUMBER}\s+{affixed}{year_word}?", _resolve_affixed_day))
        specs.append(
            (rf"(?<!{LETTER}){affixed}(?:{year_word}|/(?P<y2>(?:1\d|20)\d\d))", _resolve_affixed_month)
        )
    if words.numeric_month_affix and words.year_suffix and words.day_suffix:
        specs.extend(_cjk_specs(words))
    if words.solar_hijri_months:
        months = _alternation(words.solar_hijri_months)
        specs.append(
            (
                rf"(?<!{LETTER})(?:{DAY_NUMBER}\s*)?(?P<m>{months})(?:\s*ماه)?(?!{LETTER})(?:\s*(?:سال\s*)?(?P<y>1[34]\d\d)(?!\d))?",
                _resolve_solar_hijri,
            )
        )
        specs.append((r"(?:سال\s*)(?P<y>1[34]\d\d)(?!\d)", _resolve_solar_hijri_year))
    return specs


DECADE_NUMBER = r"[’']?(?P<dd>(?:1[89]|20)\d0|\d0)(?![\d%]|[.,]\d)"


def _decade_specs(words: DateWords) -> list[tuple[str, Resolver]]:
    """'los años 70', 'la década de 1970' (CLDR's unit words), '1970er', '1970년대' (DECADE_SUFFIXES)."""
    specs: list[tuple[str, Resolver]] = []
    if words.years_words:
        specs.append(
            (
                rf"(?<!{LETTER})(?:{_alternation(words.years_words)})\s+(?:de\s+)?{DECADE_NUMBER}",
                _resolve_decade,
            )
        )
    if words.decade_words:
        linking = rf"(?:\s+{LETTER}{{1,4}}){{0,2}}"  # "la década de los 70"
        specs.append(
            (
                rf"(?<!{LETTER})(?:{_alternation(words.decade_words)}){linking}\s+{DECADE_NUMBER}",
                _resolve_decade,
            )
        )
    if words.decade_suffixes:
        after = "" if words.agglutinative else rf"(?!{LETTER})"
        specs.append(
            (
                rf"(?<![\d.,])[’']?(?P<dd>(?:1[89]|20)\d0|\d0)(?:{_alternation(words.decade_suffixes)}){after}",
                _resolve_decade,
            )
        )
    return specs


def _cjk_specs(words: DateWords) -> list[tuple[str, Resolver]]:
    """年月日 dates of Japanese, Chinese and Korean, with era years and relative years (去年)."""
    prefix, month_mark = words.numeric_month_affix or ("", "月")
    ys, ds = re.escape(words.year_suffix), re.escape(words.day_suffix)
    ms = re.escape(month_mark.strip() or "月")
    relative_years = [w for w, (unit, _) in words.relative_units.items() if unit == "year" and " " not in w]
    written = rf"(?P<y>(?:1\d|20)\d\d|[一二][〇零一二三四五六七八九]{{3}})\s*{ys}"
    if words.japanese_eras:
        eras = _alternation(date_tables.JAPANESE_ERAS)
        written = rf"(?:{written}|(?P<era>{eras})\s*(?P<ey>\d{{1,2}}|元|{CJK_SMALL_NUMBER})\s*{ys})"
    month_number = r"(?P<mo>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
    day_number = rf"(?P<d>3[01]|[12]\d|0?[1-9]|{CJK_SMALL_NUMBER})"
    year = rf"(?:{written}|(?P<ry>{_alternation(relative_years)}))" if relative_years else written
    weekday_note = r"(?:\s*[（(][^\d（()）]{1,4}[）)])?"
    return [
        (
            rf"(?:{year}\s*)?{re.escape(prefix)}{month_number}\s*{ms}\s*{day_number}\s*{ds}{weekday_note}",
            _resolve_cjk_day,
        ),
        (
            rf"(?:{year}\s*)?{re.escape(prefix)}{month_number}\s*[-~～〜至到]\s*(?P<mo2>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*{ms}",
            _resolve_cjk_month,
        ),
        (rf"(?:{year}\s*)?{re.escape(prefix)}{month_number}\s*{ms}(?!\s*\d)", _resolve_cjk_month),
        (rf"{written}(?!\s*\d{{1,2}}\s*{ms})", _resolve_cjk_year),
        (rf"(?<![\d第月/.-]){DAY_NUMBER}\s*{ds}{CJK_NOT_A_DAY}{weekday_note}", _resolve_cjk_day_only),
    ]


def _spaced(phrases: Iterable[str]) -> str:
    """An alternation in which a phrase's spaces match any run of white space."""
    return "|".join(
        re.sub(r"(?:\\ )+", r"\\s+", re.escape(p)) for p in sorted(set(phrases), key=len, reverse=True)
    )


@functools.cache
def _cue_pattern() -> re.Pattern[str]:
    return re.compile(rf"\b(?:(?P<future>(?i:{FUTURE_CUES}))|(?P<past>{PAST_CUES}))\b")


def _cues(text: str) -> tuple[tuple[int, Tense], ...]:
    found: list[tuple[int, Tense]] = []
    for m in _cue_pattern().finditer(text):
        if m["future"]:
            found.append((m.start(), "future"))
        elif m["past"] not in NOT_PAST and not NOT_PAST_AFTER.search(text, max(0, m.start() - 12), m.start()):
            found.append((m.start(), "past"))
    return tuple(found)


@functools.cache
def _own_cue_pattern(code: str) -> re.Pattern[str] | None:
    """Tense cues of a language without English's verb cues, from its own date words: 'ayer', 'el lunes
    pasado', 'hace 3 días' point to the past; 'mañana', 'prochain', 'dentro de 3 días' to the future."""
    words = date_words(code)
    past: list[str] = []
    future: list[str] = []
    for table in (words.relative_days, {k: d for k, (_, d) in words.relative_units.items()}):
        for phrase, delta in table.items():
            (past if delta < 0 else future if delta > 0 else []).append(_spaced([phrase]))
    for phrase, (_, delta) in words.weekday_phrases.items():
        (past if delta < 0 else future if delta > 0 else []).append(_spaced([phrase]))
    for word, delta in words.relation_words.items():
        (past if delta < 0 else future).append(re.escape(word))
    number = r"\d+" + "".join(f"|{p}" for p, _ in words.numbers)
    for pattern, _, sign in words.ago_patterns:
        (past if sign < 0 else future).append(pattern.replace("{n}", f"(?:{number})"))
    if not past and not future:
        return None
    group = lambda parts: "|".join(sorted(parts, key=len, reverse=True)) or "(?!)"  # noqa: E731
    cues = f"(?P<past>{group(past)})|(?P<future>{group(future)})"
    if words.unspaced or words.agglutinative:
        return re.compile(_bounded(words, cues), re.IGNORECASE)
    # a whole word: "l'avant-dernier" (the last but one) says nothing of the tense
    return re.compile(rf"(?<![\w'’-])(?:{cues})(?![\w'’-])", re.IGNORECASE)


def _own_cues(text: str, code: str) -> tuple[tuple[int, Tense], ...]:
    pattern = _own_cue_pattern(code)
    if pattern is None:
        return ()
    return tuple((m.start(), "past" if m["past"] else "future") for m in pattern.finditer(text))


REPORT_MAJORITY = 3  # written dates on one side of the publication date this many times the other's


def report_tense(mentions: Iterable[DateMention], anchor: dt.date | None) -> Tense | None:
    """Whether an article reports what happened or announces what will: its dates written with numbers
    ("14 de mayo", "2/11") lie mostly before the publication date, or mostly after it."""
    if anchor is None:
        return None
    before = after = 0
    for m in mentions:
        if m.granularity not in ("day", "month") or not any(c.isdigit() for c in m.expression):
            continue
        here = anchor.isoformat()[: len(m.value)]
        before += m.value < here
        after += m.value > here
    if before >= 2 and before >= REPORT_MAJORITY * after:
        return "past"
    if after >= 2 and after >= REPORT_MAJORITY * before:
        return "future"
    return None


def find_dates(
    text: str, anchor: dt.date | None, *, language: str | None = None, report: Tense | None = None
) -> list[DateMention]:
    """Calendar dates mentioned in text (best called per sentence: tense cues are read text-wide).
    `report` is the article's tense (report_tense), for a weekday whose clause has no cue outside English."""
    code = (language or "en").lower()[:2]
    english = code == "en"
    searched = text if english else text.translate(_ascii_digits())
    ctx = _Context(
        searched,
        anchor,
        _cues(searched) if english else _own_cues(searched, code),
        english=english,
        words=None if english else date_words(code),
        report_tense=None if english else report,
    )
    candidates: list[tuple[int, int, int, _Resolved]] = []
    for order, rule in enumerate(_rules(code)):
        for m in rule.pattern.finditer(searched):
            resolved = rule.resolve(m, ctx)
            if resolved is not None:
                candidates.append((m.start(), m.end(), order, resolved))
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int, _Resolved]] = []
    for start, end, _, resolved in candidates:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, resolved))
    merged = _join_weekdays(searched, sorted(taken, key=lambda t: t[0]))
    return [DateMention(s, e, text[s:e], r.value, r.granularity, r.end_value) for s, e, r in merged]


WEEKDAY_GAP = re.compile(r"[\s,(（]{0,3}")


def _join_weekdays(text: str, taken: list[tuple[int, int, _Resolved]]) -> list[tuple[int, int, _Resolved]]:
    """'Senin (4/5/2020)', 'poniedziałek 6 listopada': a weekday written beside a date is part of it."""
    joined: list[tuple[int, int, _Resolved]] = []
    for start, end, resolved in taken:
        if joined:
            p_start, p_end, previous = joined[-1]
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


@functools.cache
def _ascii_digits() -> dict[int, str]:
    """Every script's decimal digits (fullwidth, Arabic-Indic, Persian, Devanagari, Thai, Burmese...)
    as ASCII ones; one character each, so offsets stay those of the original text."""
    return {
        code: str(unicodedata.digit(chr(code)))
        for code in range(0x80, 0x10000)
        if unicodedata.category(chr(code)) == "Nd"
    }


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
