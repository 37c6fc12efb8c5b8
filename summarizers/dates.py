"""Temporal expressions -> calendar dates, with a small HeidelTime-style rule set.

Every rule is one compiled regex plus a resolver. All rules scan the text once (linear time); the
longest resolved, non-overlapping matches win. Relative and partial dates ("Tuesday", "last month",
"December 15") are resolved against an anchor, normally the publication date; without one they are
dropped rather than guessed. Partial dates lean towards the sentence's tense, read from cue words.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

Granularity = Literal["year", "month", "day"]
Tense = Literal["past", "future", "none"]

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


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # character offsets of the expression in the text searched
    end: int
    expression: str
    value: str  # "2016", "2016-05", "2016-09-02"
    granularity: Literal["year", "month", "day"]
    end_value: str | None = None  # the range's last date, same granularity


@dataclass(frozen=True, slots=True)
class _Resolved:
    value: str
    granularity: Granularity
    end_value: str | None = None


@dataclass(frozen=True, slots=True)
class _Context:
    """What a resolver may look at besides its own match."""

    text: str
    anchor: dt.date | None
    cues: tuple[tuple[int, Tense], ...]  # (offset, tense) of every tense cue word in the text
    english: bool

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
        return self.cues[j][1] if j < len(self.cues) and look_ahead else "none"


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
    key = token.lower().rstrip(".")
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


def _full_year(token: str, start: int | None = None) -> int:
    """'99' after 1998 is 1999; a four-digit year stays as it is."""
    year = int(token)
    if len(token) == 2 and start is not None:
        year = start // 100 * 100 + year
    return year


# --- resolvers --------------------------------------------------------------------------------


def _resolve_iso(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    d = _safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    return _day(d) if d else None


def _resolve_numeric(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """d.m.y everywhere; a/b/y is American m/d/y in English unless that is impossible."""
    a, b = int(m["a"]), int(m["b"])
    month_first = (ctx.english and m["sep"] == "/" and a <= 12) or b > 12
    month, day = (a, b) if month_first else (b, a)
    d = _safe_date(int(m["y"]), month, day)
    return _day(d) if d else None


def _resolve_month_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    month = _month_number(m["m"], ctx)
    day = _day_number(m["d"])
    if month is None or day is None:
        return None
    month2 = _month_number(m["m2"], ctx) if m["m2"] else month
    day2 = _day_number(m["d2"]) if m["d2"] else None
    if month2 is None:
        return None
    if m["y"]:
        year = int(m["y"])
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
    return _Resolved(_month_value(int(m["y"]), month), "month") if month else None


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
        year = int(m["y"])
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
    relation = (m["rel"] or "").lower().replace("this coming", "coming")
    bare_may = month == 5 and not relation and not m["mod"]  # a date only after a preposition
    if bare_may and not MAY_PREPOSITIONS.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None
    year = _year_for_month(month, ctx.anchor, ctx.tense_near(m.start(), m.end()), relation)
    return _Resolved(_month_value(year, month), "month")


def _resolve_year_range(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    first = int(m["y"])
    last = _full_year(m["y2"], first)
    if not first < last <= first + 100:
        return None
    return _Resolved(f"{first:04d}", "year", f"{last:04d}")


def _resolve_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    year = int(m["y"])
    if not m["mod"] and not (1900 <= year <= 2100):
        before = ctx.text[max(0, m.start() - 8) : m.start()].lower()
        if not re.search(r"\b(?:in|since|of|by|until|from|before|after)\s+$", before):
            return None
    return _Resolved(f"{year:04d}", "year")


def _resolve_spelled_year(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'nineteen ninety-six', 'the year two thousand'."""
    groups = m.groupdict()
    century = 1900 if (groups.get("century") or "").lower() == "nineteen" else 2000
    year = century + (_count(groups.get("tens") or "") or 0) + (_count(groups.get("units") or "") or 0)
    return _Resolved(f"{year:04d}", "year")


def _resolve_relative_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.anchor is None:
        return None
    return _day(ctx.anchor + dt.timedelta(days=RELATIVE_DAYS[m["w"].lower()]))


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
    if ctx.anchor is None or not m["wd"][0].isupper():
        return None
    relation = (m["rel"] or "").lower().split()
    relation_word = relation[-1] if relation else ""
    target = WEEKDAYS[m["wd"].lower().rstrip(".")]
    tense = ctx.tense_near(m.start(), m.end(), look_ahead=False)
    return _day(_weekday(target, ctx.anchor, relation_word, tense))


# --- the rule set -----------------------------------------------------------------------------


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so 'Sept' is tried before 'Sep'."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@functools.cache
def _rules(language: str) -> tuple[_Rule, ...]:
    """Compiled once per language; English month names are always known. Order breaks length ties."""
    names = set(MONTHS["en"]) | set(MONTHS.get(language, {}))
    full_names = _alternation(n for n in names if len(n) > 3 or n == "may")
    month = rf"(?:{full_names}|(?:{_alternation(n for n in names if len(n) <= 4)})\.)"
    weekday = rf"(?:{_alternation(w for w in WEEKDAYS if len(w) > 5)}|(?:{_alternation(w for w in WEEKDAYS if len(w) <= 5)})\.)"
    day_number = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th|er|º)?(?![\d,]\d|\d)"
    day = rf"(?:{day_number}|{_alternation(ORDINAL_WORDS)})"
    year = r"(?:1\d{3}|20\d{2})(?![\d%]|[.,]\d|s\b|'s\b)"
    count = rf"(?:\d+|{_alternation(NUMBER_WORDS)}(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)"
    to = r"\s*(?:-|–|—|to|through|thru|until|and)\s*"
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
            r"(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d/]|\.\d)",
            _resolve_numeric,
        ),
        (
            rf"\b(?:{weekday},?\s+)?(?:{modifier}[\s-]+)?(?:the\s+)?(?P<m>{month})\s*(?P<d>{day})"
            rf"(?:{to}(?:(?P<m2>{month})\s*)?(?P<d2>{day_number}))?(?:,?\s+(?P<y>{year}))?",
            _resolve_month_day,
        ),
        (
            rf"\b(?:{weekday},?\s+)?(?:the\s+)?(?P<d>{day_number})\.?(?:{to}(?P<d2>{day_number})\.?)?"
            rf"(?:\s+of|\s+de)?\s+(?P<m>{month})(?P<m2>)(?:{of}(?P<y>{year}))?",
            _resolve_month_day,
        ),
        (rf"\b(?:{modifier}[\s-]+)?(?P<m>{month}){of}(?P<y>{year})", _resolve_month_year),
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
            rf"\b(?:(?P<rel>last|this coming|this|next)\s+|(?P<mod>{modifier})[\s-]+)?(?P<m>{full_names})\b(?!\s*\d)",
            _resolve_month,
        ),
        (
            rf"\b(?:from|between)\s+(?P<y>{year})\s*(?:to|and|until|through|-|–)\s*(?P<y2>{year})",
            _resolve_year_range,
        ),
        (rf"(?<![\d$£€#.,/-])\b(?P<y>{year})\s*[-–]\s*(?P<y2>{year}|\d{{2}}(?![\d%]))", _resolve_year_range),
        (
            rf"(?<![\d$£€#.,/-])\b(?:(?P<mod>fiscal|mid-|early|late|the (?:middle|beginning|start|end) of|the year)\s*)?"
            rf"(?P<y>{year})(?!\s*(?:percent|per cent|{COUNT_NOUNS})\b)",
            _resolve_year,
        ),
        (
            rf"\b(?:the\s+year\s+)?(?P<century>nineteen|twenty)[\s-]+(?P<tens>{tens})(?:[\s-]+(?P<units>{units}))?\b",
            _resolve_spelled_year,
        ),
        (rf"\bthe\s+year\s+two\s+thousand(?:\s+and)?(?:[\s-]+(?P<units>{units}))?\b", _resolve_spelled_year),
        (
            rf"\b(?:(?:early|late|later|earlier)\s+)?(?P<w>{_alternation(RELATIVE_DAYS)})(?!\w)",
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
    return tuple(_Rule(re.compile(p, re.IGNORECASE), r) for p, r in specs)


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


def find_dates(text: str, anchor: dt.date | None, *, language: str | None = None) -> list[DateMention]:
    """Calendar dates mentioned in text (best called per sentence: tense cues are read text-wide)."""
    code = (language or "en").lower()[:2]
    ctx = _Context(text, anchor, _cues(text), english=code == "en")
    candidates: list[tuple[int, int, int, _Resolved]] = []
    for order, rule in enumerate(_rules(code)):
        for m in rule.pattern.finditer(text):
            resolved = rule.resolve(m, ctx)
            if resolved is not None:
                candidates.append((m.start(), m.end(), order, resolved))
    candidates.sort(key=lambda c: (c[0] - c[1], c[2], c[0]))
    taken: list[tuple[int, int, _Resolved]] = []
    for start, end, _, resolved in candidates:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, resolved))
    return [DateMention(s, e, text[s:e], r.value, r.granularity, r.end_value) for s, e, r in sorted(taken)]


def infer_anchor(text: str) -> dt.date | None:
    """A stand-in publication date: the latest date the text states with its year. A month counts as
    its middle and a year as July 1, so partial dates resolve to the nearest occurrence either way."""
    starts = []
    for mention in find_dates(text, None):
        year, month, day = ([int(p) for p in mention.value.split("-")] + [7, 1])[:3]
        starts.append(dt.date(year, month, 15 if mention.granularity == "month" else day))
    return max(starts, default=None)
