"""Resolvers: one regex match and its context -> a calendar value (or None: not a date)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable

import jdatetime

from summarizers import date_tables
from summarizers.date_tables import DateWords
from summarizers.dates.calendar import (
    Tense,
    _day,
    _month_value,
    _nearest_weekday,
    _Resolved,
    _safe_date,
    _shift_month,
    _weekday,
    _year_for_day,
    _year_for_month,
)
from summarizers.dates.context import Resolver, _Context
from summarizers.dates.words import (
    DECADE_WORDS,
    MAY_PREPOSITIONS,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    RELATIVE_DAYS,
    RELATIVE_OFFSETS,
    WEEKDAYS,
)
from summarizers.ner_models import spacy_stop_words


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
    year = _stated_year(m, ctx, lambda anchor, tense: _year_for_day(month, day, anchor, tense) or 0)
    if year is None:
        return None
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
    if m["y"] and last.year > first.year:  # the year written after the last day is the last day's
        first, last = _safe_date(year - 1, month, day), _safe_date(year, month2, day2)
        if first is None or last is None:
            return None
    return _Resolved(first.isoformat(), "day", last.isoformat())


def _resolve_day_before_dated_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """A day whose year is written after the next day ("du 21 juin au 15 novembre 2019", "3 May and 5 June
    2019"): that year, or the one before when the next day is earlier in the year (15 December … 10 January
    2020). Two dates, as TimeML writes ranges whose ends are written in full."""
    month, month2 = _month_number(m["m"], ctx), _month_number(m["m2"], ctx)
    day, day2 = _day_number(m["d"]), _day_number(m["d2"])
    if None in (month, month2, day, day2) or (month, day) == (month2, day2):
        return None
    year = _year(m["y"], ctx) - ((month, day) > (month2, day2))  # type: ignore[operator]
    first = _safe_date(year, month, day)  # type: ignore[arg-type]
    return _day(first) if first is not None else None


def _stated_year(m: re.Match[str], ctx: _Context, nearest: Callable[[dt.date, Tense], int]) -> int | None:
    """The year the match writes, else the one `nearest` finds from the anchor and the clause's tense."""
    if m["y"]:
        return _year(m["y"], ctx)
    if ctx.anchor is None:
        return None
    return nearest(ctx.anchor, ctx.tense_near(m.start(), m.end()))


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
    year = _stated_year(m, ctx, lambda anchor, tense: _year_for_month(first, anchor, tense))
    if year is None:
        return None
    end_year = year + 1 if last < first else year
    return _Resolved(_month_value(year, first), "month", _month_value(end_year, last))


def _resolve_month(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    month = _month_number(m["m"], ctx)
    if month is None or ctx.anchor is None:
        return None
    if ctx.words is not None and _proper_noun(m["m"], m.start(), ctx):
        return None
    relation = (m["rel"] or "").lower().replace("this coming", "coming")
    if ctx.words is not None and not relation and not m["mod"] and _common_word(m["m"], ctx.words.code):
        return None
    # English "may" is a date only after a preposition; another language's May ("em maio") is a name
    bare_may = m["m"].lower() == "may" and not relation and not m["mod"]
    if bare_may and not MAY_PREPOSITIONS.search(ctx.text, max(0, m.start() - 12), m.start()):
        return None
    tense = ctx.tense_near(m.start(), m.end())
    if not relation and not m["mod"] and tense in ("none", "lean_past") and month in ctx.months:
        # "Ya lo hizo en abril" after "el pasado abril": the April the article has dated already
        return _Resolved(_month_value(ctx.months[month], month), "month")
    year = _year_for_month(month, ctx.anchor, tense, relation)
    return _Resolved(_month_value(year, month), "month", relative=bool(relation))  # "last May" states it


def _common_word(token: str, language: str) -> bool:
    """A month name that is also one of the language's stop words (Romanian "mai", "more") is a date only
    with a day number or year beside it, which other rules read."""
    return token.lower() in spacy_stop_words(language)


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
    if (
        not m["mod"]
        and ctx.anchor is not None
        and year > ctx.anchor.year + MODEL_NUMBER_YEARS
        and _CODE_BEFORE.search(ctx.text[max(0, m.start() - 12) : m.start()])
    ):
        return None  # 'the RTX 2060': a product's number, not a year four decades ahead
    if (
        ctx.english
        and _STREET_AFTER.match(ctx.text, m.end())
        and not _YEAR_BEFORE.search(ctx.text, 0, m.start())
    ):
        return None  # 'of 1909 Jolinda Drive': a house number
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


# "los años 2010-2015", "entre los años 2010 y 2015", "v letech 1990 až 1995": years, not a decade
_YEARS_GO_ON = re.compile(r"\s*[-–—/]\s*\d{2,4}(?!\d)|\s+\w{1,4}\s+\d*[1-9](?!\d)")


def _resolve_years_decade(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'los años 90' is a decade; 'los años 2010-2015' a run of years, read by the year rules."""
    if _YEARS_GO_ON.match(ctx.text, m.end()):
        return None
    return _resolve_decade(m, ctx)


def _resolve_tens_decade(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'los años setenta': the group of the tens word spelled out names the 20th century's decade."""
    tens = next(name for name, value in m.groupdict().items() if value and name.startswith("t"))
    return _Resolved(f"19{tens[1:]}", "decade")


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


def _stating(resolve: Resolver) -> Resolver:
    """A rule whose expression states its own distance from the anchor ('ayer', 'hace 3 días', 'el pasado
    abril'): the year it gives is the text's, not a guess (dated_months)."""

    def resolved(m: re.Match[str], ctx: _Context) -> _Resolved | None:
        found = resolve(m, ctx)
        return None if found is None else dataclasses.replace(found, relative=True)

    return resolved


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
    ('In 1990 there were 5 million; today there are 12 million') rather than reporting what happened, or
    'today' is bound to the language's word for 'day' by one short word ('hoy en día', 'hoje em dia',
    'al giorno d'oggi', 'avui dia', 'ziua de azi'), the idiom for 'these days'."""
    if ctx.anchor is None:
        return False
    if ctx.words is not None and ctx.words.day_words and _bound_to_day_word(m, ctx.text, ctx.words.day_words):
        return True
    for year in YEAR_OR_DECADE.finditer(ctx.text):
        if int(year.group(1)) <= ctx.anchor.year - ERA_CONTRAST_YEARS:
            return True
    return False


def _bound_to_day_word(m: re.Match[str], text: str, day_words: tuple[str, ...]) -> bool:
    days = "|".join(re.escape(w) for w in sorted(day_words, key=len, reverse=True))
    day = rf"(?:{days})\w{{0,2}}"  # "ziua": the word with its article
    after = re.match(rf"(?:\s+\w{{1,3}})?\s+{day}(?!\w)", text[m.end() : m.end() + 24], re.IGNORECASE)
    before = re.search(rf"(?<!\w){day}\s+\w{{1,3}}(?:['’]\s*|\s+)$", text[: m.start()], re.IGNORECASE)
    return bool(after or before)


def _counted(m: re.Match[str], ctx: _Context) -> bool:
    """'ภายใน 2-3 วันนี้' (within these 2-3 days): a day word after a number is a count of days, a
    duration (TimeML), not the day it names."""
    before = ctx.text[max(0, m.start() - 12) : m.start()].rstrip()
    return bool(re.search(r"\d(?:\s*[-–~]\s*\d+)?$", before))


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
        # the longest part: "Samstagnachmittag" is Samstag + nachmittag, not Samstagnach + mittag
        key = next(
            (
                key[: -len(p)]
                for p in sorted(ctx.words.day_parts, key=len, reverse=True)
                if key.endswith(p) and len(key) > len(p)
            ),
            key,
        )
    own = ctx.words.weekdays if ctx.words is not None else {}
    if ctx.anchor is None or (key in WEEKDAYS and key not in own and not m["wd"][0].isupper()):
        return None
    if ctx.words is not None and (
        _recurring_weekday(m, ctx.text, ctx.words.code) or _week_not_weekday(m, ctx.text, ctx.words)
    ):
        return None
    relation = (m["rel"] or "").lower().split()
    relation_word = relation[-1] if relation else ""
    if ctx.english and not relation_word and _named_day(m, ctx):
        return None
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
    if ctx.words is not None and not relation_word:
        relation_word = _relation_beside(m, ctx.text, ctx.words)
    # as in English, the tense of its clause; another language's cues are its own date words ("ayer",
    # "prochain", "dentro de 3 días"), and without one the weekday is the nearest
    tense = ctx.tense_near(m.start(), m.end(), look_ahead=ctx.words is not None)
    if tense == "lean_past" and not relation_word:
        tense = ctx.report_tense or tense
    if tense == "lean_past" and not relation_word:
        return _Resolved(_nearest_weekday(target, ctx.anchor).isoformat(), "day", weekday=True)
    return _Resolved(_weekday(target, ctx.anchor, relation_word, tense).isoformat(), "day", weekday=True)


_EDGE_MARKS = ".,;:!?\"'«»„“”‚‘’()[]،؛"


def _relation_beside(m: re.Match[str], text: str, words: DateWords) -> str:
    """ "last" or "next" when the word right before or after the weekday is one the language's own "last
    week", "next year" phrases use ("minulu п'ятницю" beside "минулого тижня", "vorige vrijdag", "Jumaat
    lepas", "الجمعة الماضية"): CLDR's weekday phrases have one form of it, news write others."""
    before = text[max(0, m.start() - 30) : m.start()].split()[-1:]
    after = text[m.end() : m.end() + 30].split()[:1]
    preposition, ending = words.past_weekday
    if preposition and before and before[0].lower() == preposition and m.group().lower().endswith(ending):
        return "last"  # "i fredags"
    if words.relation_after is not None:  # only on the side the language puts it: "В пятницу следователи …"
        before, after = ([], after) if words.relation_after else (before, [])
    for found in (*before, *after):
        word = found.strip(_EDGE_MARKS).lower()  # split on spaces: Python's \w stops at vowel signs ("पिछले")
        delta = (
            next((d for stem, d in words.relation_stems.items() if word.startswith(stem)), 0) if word else 0
        )
        if delta:
            return "last" if delta < 0 else "next"
    return ""


def _named_day(m: re.Match[str], ctx: _Context) -> bool:
    """'Black Friday', 'Cyber Monday', 'Super Tuesday', 'Good Friday': a day of its own (a holiday, a sales
    day, a primary), not the Friday before or after. Only the words that make such names count: newswire
    puts a name before a weekday too ('Bush Friday signed the bill')."""
    words = ctx.text[: m.start()].split()
    return bool(words) and words[-1] in _NAMED_DAY_WORDS


# The first words of English named days that end in a weekday (holidays, sales days, primaries, crashes).
_NAMED_DAY_WORDS = frozenset(
    [
        "Black",
        "Cyber",
        "Good",
        "Super",
        "Fat",
        "Ash",
        "Palm",
        "Easter",
        "Holy",
        "Maundy",
        "Bloody",
        "Giving",
        "Shrove",
        "Whit",
        "Plough",
    ]
)
# A number before a street's name is a house number ('1119 Eighth St.', '1909 Jolinda Drive').
_STREET_AFTER = re.compile(
    r"\s+(?:[A-Z][\w'.-]*\s+){1,3}(?:St|Street|Ave|Avenue|Rd|Road|Dr|Drive|Blvd|Boulevard|Lane|Ln|Way|"
    r"Court|Ct|Place|Pl|Terrace|Highway|Hwy|Parkway|Pkwy|Circle|Square|Pike)\b\.?"
)
_YEAR_BEFORE = re.compile(r"\b(?:in|since|by|until|from|before|after|during)\s+$", re.IGNORECASE)
# A year this far ahead, right after an upper-case code ("RTX 2060", "A350 2080"), is a model's number.
MODEL_NUMBER_YEARS = 10
_CODE_BEFORE = re.compile(r"(?<![\w-])(?=[A-Z0-9-]*[A-Z])[A-Z0-9-]{2,}\s$")


PARTIAL_NUMERIC_REACH = 45  # days: "2/11" without a year is a date only this close to the publication


def _resolve_phrase_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.anchor is None or ctx.words is None:
        return None
    offset = ctx.words.relative_days.get(" ".join(m.group().lower().split()))
    if offset is None or _counted(m, ctx) or (offset == 0 and _present_era(m, ctx)):
        return None
    if offset and _day_period_noun(m, ctx.text, ctx.words.code):
        return None
    return _day(ctx.anchor + dt.timedelta(days=offset))


def _recurring_weekday(m: re.Match[str], text: str, code: str) -> bool:
    """ "w soboty, niedziele" (on Saturdays, Sundays), "los lunes", "às segundas-feiras": a weekday in the
    plural is every such day, a set (TimeML), not one date. Where Apertium reads the language it gives the
    number: the weekday's own, or, for a form both singular and plural ("lunes"), its article's."""
    from summarizers.apertium_tagger import readings  # imported late: Apertium only where it is installed

    read = readings(code)
    if read is None:
        return False
    previous = re.findall(r"\w+", text[max(0, m.start() - 24) : m.start()])[-2:]
    found = read([*previous, m["wd"]])
    if len(found) != len(previous) + 1:
        return False
    tags = found[-1][2]
    before = found[-2][2] if previous else ()
    return "pl" in tags or ("sp" in tags and "det" in before and "pl" in before)


def _week_not_weekday(m: re.Match[str], text: str, words: DateWords) -> bool:
    """Indonesian "minggu" is Sunday and also the week (so are Maltese "il-Ġimgħa", Ewe "kɔsiɖa"): the
    language's own "last week" phrase ("minggu lalu") or a count before it ("5 minggu", "tiga minggu") makes
    it the week, a span the timeline has no day for."""
    word = m["wd"].casefold()
    week_phrases = [k for k, (unit, _) in words.relative_units.items() if unit == "week"]
    if not any(k.split()[0] == word for k in week_phrases):
        return False
    following = text[m.start() : m.start() + 40].casefold()
    if any(following.startswith(k) and not following[len(k) : len(k) + 1].isalnum() for k in week_phrases):
        return True
    previous = text[max(0, m.start() - 30) : m.start()].split()[-1:]
    count = previous[0].casefold() if previous else ""
    return count.isdigit() or any(re.fullmatch(p, count) for p, _ in words.numbers)


_DETERMINER_TAGS = frozenset({"ART", "APPRART", "PDAT", "PIAT", "PIDAT", "PPOSAT"})  # STTS
_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;\"„“«»(]\s*)$")


def _day_period_noun(m: re.Match[str], text: str, code: str) -> bool:
    """ "por la mañana", "esta mañana", "am Morgen", "heute Morgen": the word for tomorrow is also the
    noun for morning (Spanish, German), and a day word never takes an article or determiner. German writes
    its nouns with a capital, so a capitalised day word inside a sentence is the noun; elsewhere, where a
    tagger reads the language, it is the noun when the tagger reads it as one after an article."""
    before = text[: m.start()]
    if code == "de":
        return m.group()[:1].isupper() and not _SENTENCE_OPENING.search(before)
    previous = re.findall(r"\w+", before[-24:])
    if not previous or not before.endswith(" ") or previous[-1].casefold() not in spacy_stop_words(code):
        return False
    from summarizers.ranking.coherence import tagger  # imported late: no cycle

    tag_sent = tagger(code)
    if tag_sent is None:
        return False
    context = [*previous[-4:], m.group().split()[0]]
    tags = [tag for _, _, tag in tag_sent(context)]
    return len(tags) == len(context) and tags[-1].startswith("NN") and tags[-2] in _DETERMINER_TAGS


def _resolve_phrase_unit(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'в прошлом месяце', 'letztes Jahr', '先月'; weeks have no calendar value of their own."""
    if ctx.anchor is None or ctx.words is None or _after_count(m, ctx.words, ctx.text):
        return None
    unit, delta = ctx.words.relative_units.get(" ".join(m.group().lower().split()), ("week", 0))
    if unit == "month":
        return _Resolved(_month_value(*_shift_month(ctx.anchor.year, ctx.anchor.month, delta)), "month")
    if unit == "year":
        return _Resolved(f"{ctx.anchor.year + delta:04d}", "year")
    return None


def _after_count(m: re.Match[str], words: DateWords, text: str) -> bool:
    """'در چهار سال گذشته' (in the past four years): "last year" after a count is that many years, a
    duration (TimeML), not the year before."""
    before = text[max(0, m.start() - 16) : m.start()].split()
    return bool(before) and (before[-1].isdigit() or _number_value(before[-1].lower(), words) is not None)


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


def _resolve_related_day(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """A day of a month after the language's "last" or "next": the latest such day up to the anchor, or the
    first from it on ("el próximo 5 de marzo" published in May is next year's); a year written wins."""
    if ctx.anchor is None or ctx.words is None:
        return None
    month, day = _month_number(m["m"] or m["m2"], ctx), _day_number(m["d"] or m["d2"])
    delta = _relation_delta((m["rel"] or m["rel2"]).lower(), ctx.words)
    if month is None or day is None or not delta:
        return None
    if m["y"]:
        found = _safe_date(_year(m["y"], ctx), month, day)
    else:
        years = range(ctx.anchor.year - 1, ctx.anchor.year + 2)
        options = [d for d in (_safe_date(y, month, day) for y in years) if d is not None]
        found = (
            max((d for d in options if d <= ctx.anchor), default=None)
            if delta < 0
            else min((d for d in options if d >= ctx.anchor), default=None)
        )
    return _day(found) if found is not None else None


def _relation_delta(word: str, words: DateWords) -> int:
    """-1 for the language's "last", +1 for its "next" (the word, or a form of its stem), else 0."""
    if word in words.relation_words:
        return words.relation_words[word]
    return next((d for stem, d in words.relation_stems.items() if word.startswith(stem)), 0)


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
        if n is None or n > 200 or _opens_duration(m, ctx.words, ctx.text) or _closes_duration(m, ctx):
            return None
        return _shifted(ctx.anchor, unit, sign * n)

    return resolve


def _opens_duration(m: re.Match[str], words: DateWords, text: str) -> bool:
    """'desde hace 60 años': since N years ago is how long, not when."""
    before = text[max(0, m.start() - 12) : m.start()].lower().split()
    return bool(before) and any(" ".join(before[-len(w.split()) :]) == w for w in words.duration_openers)


def _closes_duration(m: re.Match[str], ctx: _Context) -> bool:
    """'dalam empat tahun terakhir' (in the last four years), 'ในอีก 4 ปีข้างหน้า' (in the next four years):
    where "last" and "next" follow the count, "in N years" is a stretch of time, not a year."""
    closers = ctx.words.duration_closers if ctx.words is not None else ()
    after = ctx.text[m.end() : m.end() + 16].lower().lstrip()
    return any(after.startswith(w) and not after[len(w) : len(w) + 1].isalpha() for w in closers)


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
    """'2032 metų vasario 12 dieną', '2016. szeptember 13.', '2020. gada 5. martā'"""
    month = _month_number(m["m"], ctx)
    if month is None:
        return None
    day = m["d"] or m["d0"] or m.groupdict().get("d1")
    if day is None:
        return _Resolved(_month_value(_year(m["y"], ctx), month), "month")
    d = _safe_date(_year(m["y"], ctx), month, int(day))
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


def _resolve_cjk_day_range(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'9月2～3日' -> 2020-09-02..03: the first day as `_resolve_cjk_day` reads it, the last in its month."""
    first = _resolve_cjk_day(m, ctx)
    last_day = _cjk_int(m["d2"])
    if first is None or last_day <= int(first.value[-2:]):
        return None
    end = _safe_date(int(first.value[:4]), int(first.value[5:7]), last_day)
    return _Resolved(first.value, "day", end.isoformat()) if end else None


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


def _resolve_cjk_day_of_relative_month(m: re.Match[str], ctx: _Context) -> _Resolved | None:
    """'上月5日' (the 5th of last month): the month the phrase names, that day; was the month alone or none."""
    if ctx.anchor is None or ctx.words is None:
        return None
    unit, delta = ctx.words.relative_units[m["rm"].lower()]
    year, month = _shift_month(ctx.anchor.year, ctx.anchor.month, delta)
    d = _safe_date(year, month, _cjk_int(m["d"]))
    return _Resolved(d.isoformat(), "day", relative=True) if d and unit == "month" else None


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
