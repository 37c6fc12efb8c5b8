"""The rule set of a language: compiled patterns paired with their resolvers, built once per language."""

from __future__ import annotations

import functools
import re

from summarizers import date_tables
from summarizers.date_tables import DateWords, date_words
from summarizers.dates.context import Resolver, _Rule
from summarizers.dates.resolvers import (
    _ago_resolver,
    _resolve_affixed_day,
    _resolve_affixed_month,
    _resolve_ago,
    _resolve_cjk_day,
    _resolve_cjk_day_of_relative_month,
    _resolve_cjk_day_only,
    _resolve_cjk_day_range,
    _resolve_cjk_month,
    _resolve_cjk_year,
    _resolve_day_before_dated_day,
    _resolve_decade,
    _resolve_iso,
    _resolve_month,
    _resolve_month_day,
    _resolve_month_of_relative_year,
    _resolve_month_range,
    _resolve_month_spelled_year,
    _resolve_month_year,
    _resolve_numeric,
    _resolve_partial_day_month,
    _resolve_partial_month_year,
    _resolve_phrase_day,
    _resolve_phrase_unit,
    _resolve_phrase_weekday,
    _resolve_related_day,
    _resolve_related_month,
    _resolve_relative_day,
    _resolve_relative_unit,
    _resolve_solar_hijri,
    _resolve_solar_hijri_year,
    _resolve_spelled_year,
    _resolve_tens_decade,
    _resolve_weekday,
    _resolve_weekday_with_day,
    _resolve_year,
    _resolve_year_edge,
    _resolve_year_first,
    _resolve_year_range,
    _resolve_years_decade,
    _stating,
)
from summarizers.dates.words import (
    COUNT_NOUNS,
    DECADE_WORDS,
    LETTER,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    RELATIVE_DAYS,
    WEEKDAYS,
    _alternation,
    _bounded,
    _spaced,
)


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
    of = r"(?:\s+(?:de|del|of|του)\s+|\.?\s+|,\s*)"  # Greek "τον Ιούνιο του 2019"
    parts = "".join(f"|{p}" for p in words.part_words) if words is not None else ""
    modifier = rf"(?:early|mid|late|the (?:middle|beginning|start|end) of{parts})"
    apart = r"(?:[\s-]+|(?<=['’]))"  # "mid-March", "début mars", "fin d'octobre"
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
            rf"\b(?:{weekday},?\s+)?(?:{modifier}{apart})?(?:the\s+)?(?P<m>{month})\s*(?P<d>{day})"
            rf"(?:{to}(?:(?P<m2>{month})\s*)?(?P<d2>{day_number}))?(?:,?\s+(?P<y>{year}))?",
            _resolve_month_day,
        ),
        (  # "du 21 juin au 15 novembre 2019", "le 3 mai et le 5 juin 2019": the first day has the year too
            rf"\b(?<![\d:])(?P<d>{day_number}|{day_before_month})\.?(?:\s+of|\s+de)?\s+(?P<m>{month_after_day})"
            rf"(?=(?:{to}|,\s*(?:{LETTER}{{1,3}}\s+)?)(?:the\s+)?(?P<d2>{day_number}|{day_before_month})\.?(?:\s+of|\s+de)?\s+"
            rf"(?P<m2>{month_after_day}){of}(?P<y>{year}))",
            _resolve_day_before_dated_day,
        ),
        (
            # not the minutes of "17:20"; "10-sentabr", "5-мартта": Turkic languages join day and month
            rf"\b(?:{weekday},?\s+)?(?:the\s+)?(?<![\d:])(?P<d>{day_number}|{day_before_month})\.?(?:{to}(?P<d2>{day_number})\.?)?"
            rf"(?:\s+of|\s+de)?(?:\s+|-(?=[^\W\d_]))(?P<m>{month_after_day})(?P<m2>)(?:{of}(?P<y>{year}))?",
            _resolve_month_day,
        ),
        (rf"\b(?:{modifier}{apart})?(?P<m>{month}){of}(?P<y>{year})", _resolve_month_year),
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
            rf"\b(?:(?P<rel>last|this coming|this|next)\s+|(?P<mod>{modifier}){apart})?(?<!{LETTER})(?P<m>{full_names})\b(?![^\W\d_])(?!\s*\d)",
            _resolve_month,
        ),
        (
            rf"\b(?:from|between)\s+(?P<y>{year})\s*(?:to|and|until|through|-|–)\s*(?P<y2>{year})",
            _resolve_year_range,
        ),
        (rf"(?<![\d$£€#.,/-])\b(?P<y>{year})\s*[-–]\s*(?P<y2>{year}|\d{{2}}(?![\d%]))", _resolve_year_range),
        (
            # "Mundial-2010" is a year, "-2010" and "3-2010" are not
            rf"(?<![\d$£€#.,/])(?<![\d\s(]-)(?<!^-)\b(?:(?P<mod>fiscal|mid-|early|late|the (?:middle|beginning|start|end) of|the year{parts})\s*)?"
            rf"(?P<y>{year})(?!\s*(?:percent|per cent|{COUNT_NOUNS})\b)",
            _resolve_year,
        ),
        (rf"\b(?:the\s+)?(?:{modifier}{apart})?(?P<dd>(?:1[89]|20)\d0)['’]?s\b", _resolve_decade),
        (rf"\b(?:the\s+)?(?:{modifier}{apart})?['’](?P<dd>\d0)s\b", _resolve_decade),
        (rf"\bthe\s+(?:{modifier}{apart})?(?P<dw>{_alternation(DECADE_WORDS)})\b", _resolve_decade),
        (
            rf"\b(?:the\s+year\s+)?(?P<century>nineteen|twenty)[\s-]+(?P<tens>{tens})(?:[\s-]+(?P<units>{units}))?\b",
            _resolve_spelled_year,
        ),
        (rf"\bthe\s+year\s+two\s+thousand(?:\s+and)?(?:[\s-]+(?P<units>{units}))?\b", _resolve_spelled_year),
        (
            rf"\b(?:(?:early|late|later|earlier)\s+)?(?P<w>{_alternation(relative_days)})(?!\w)",
            _stating(_resolve_relative_day),
        ),
        (
            r"\b(?:(?:early|late|later|earlier)(?:\s+in)?\s+)?(?P<rel>this|last|next|the\s+current|the\s+past|"
            r"the\s+previous|the\s+coming)\s+(?:fiscal\s+)?(?P<unit>year|month)\b",
            _stating(_resolve_relative_unit),
        ),
        (
            r"\b(?:year[- ]end|year's end|(?:the\s+)?year-ago|(?:the\s+)?year-earlier|the end of (?:the|this) year"
            r"|(?:earlier|later) in the year)\b",
            _resolve_year_edge,
        ),
        (
            rf"\b(?:(?:nearly|almost|about|some|roughly|just|only|more than|less than)\s+)?(?P<n>{count})\s+"
            r"(?:or\s+so\s+)?(?P<unit>year|month|week|day)s?\s+(?:or\s+so\s+)?(?P<dir>ago|earlier)\b",
            _stating(_resolve_ago),
        ),
        (
            rf"\b(?:(?P<rel>last|this coming|this|next|the previous|the following|early|late|earlier|later)\s+)?"
            rf"(?P<wd>{weekday})(?!\w)",
            _resolve_weekday,
        ),
    ]
    return specs


DAY_NUMBER = r"(?P<d>3[01]|[12]\d|0?[1-9])"


MONTH_NUMBER = r"(?P<mo>1[0-2]|0?[1-9])"


CJK_SMALL_NUMBER = r"(?:[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"  # 1-39 in Chinese numerals


# A CJK day count, not a date: "2日間", "２日連続", "3日以内", "第2日目", "2~3일 안에" (within 2-3 days): the
# word after the count may stand apart in Korean
CJK_NOT_A_DAY = (
    r"(?!\s?(?:間|间|連続|连续|以内|以上|之内|内に|ぶり|前|後|后|目|간|째|동안|이내|안에|안으로|만에))"
)


def _related_day_spec(words: DateWords) -> tuple[str, Resolver]:
    """ "el próximo 5 de marzo", "lo scorso 6 settembre", "no passado dia 6", "le 6 septembre dernier": a
    day with the language's word for last or next before it (its stem, any ending) or after it (the word
    itself: "pasará" after a date is a verb)."""
    months = _alternation(n for n in words.months if n not in words.abbreviations)
    stems = _alternation([*words.relation_stems, *(w for w, d in words.relation_words.items() if d)])
    after = _alternation(w for w, d in words.relation_words.items() if d)
    day = r"(?:3[01]|[12]\d|0?[1-9])"
    year = r"(?:1\d{3}|20\d{2})(?!\d)"
    before_day = (
        rf"(?<!{LETTER})(?P<rel>(?:{stems}){LETTER}{{0,4}})\s+(?:{LETTER}{{1,3}}\s+)?(?P<d>{day})\.?"
        rf"(?:\s+de)?\s+(?P<m>{months})(?!{LETTER})(?:(?:\s+de\s+|,?\s+)(?P<y>{year}))?"
    )
    after_day = rf"(?<![\d.])(?P<d2>{day})\.?(?:\s+de)?\s+(?P<m2>{months})\s+(?P<rel2>{after})(?!{LETTER})"
    pattern = f"{before_day}|{after_day}" if after else before_day
    return pattern, _stating(_resolve_related_day)


def _language_specs(words: DateWords) -> list[tuple[str, Resolver]]:
    """Rules made from one language's CLDR and dateparser words."""
    specs: list[tuple[str, Resolver]] = []
    if words.relative_days:
        specs.append((_bounded(words, _spaced(words.relative_days)), _stating(_resolve_phrase_day)))
    if words.relative_units:
        specs.append((_bounded(words, _spaced(words.relative_units)), _stating(_resolve_phrase_unit)))
    if words.weekday_phrases:
        specs.append((_bounded(words, _spaced(words.weekday_phrases)), _stating(_resolve_phrase_weekday)))
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
        specs.append((_bounded(words, alternation), _stating(_ago_resolver(unit, sign))))
    if words.relation_words and words.months:
        relations = _alternation(words.relation_words)
        months = _alternation(n for n in words.months if n not in words.abbreviations)
        specs.append(
            (
                rf"(?<!{LETTER})(?:(?P<rel>{relations})\s+(?P<m>{months})|(?P<m2>{months})\s+(?P<rel2>{relations}))(?!{LETTER})",
                _stating(_resolve_related_month),
            )
        )
    if words.months and (words.relation_stems or words.relation_words):
        specs.append(_related_day_spec(words))
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
    if words.months:
        specs.append((_year_first_pattern(words), _resolve_year_first))
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


_VOWELS = "aeiouyáéíóúýůěąęëèàòùâêîôûäöüаеёиоуыэюяії"
_CASE_ENDING = rf"(?:[{_VOWELS}]{LETTER}{{0,3}})?"
DECADE_NUMBER = r"[’']?(?P<dd>(?:1[89]|20)\d0|\d0)(?![\d%]|[.,]\d)"


def _decade_specs(words: DateWords) -> list[tuple[str, Resolver]]:
    """'los años 70', 'la década de 1970' (CLDR's unit words), '1970er', '1970년대' (DECADE_SUFFIXES)."""
    specs: list[tuple[str, Resolver]] = []
    if words.years_words:
        years = _alternation(words.years_words)
        # the word as CLDR writes it before a year ("años 1990"), inflected before two digits ("anii '90",
        # "w latach 90."): an inflected form before a year can be the singular's case ("leta 2020")
        specs.append((rf"(?<!{LETTER})(?:{years})\s+(?:de\s+)?{DECADE_NUMBER}", _resolve_years_decade))
        specs.append(
            (
                rf"(?<!{LETTER})(?:{years}){LETTER}{{1,3}}\s+(?:de\s+)?[’']?(?P<dd>\d0)(?![\d%]|[.,]\d)",
                _resolve_years_decade,
            )
        )
    if words.years_words and words.tens_words:
        # "los años setenta", "negli anni Settanta", "w latach dziewięćdziesiątych": a tens word ending in
        # a consonant may take a case ending ("-ych"), one ending in a vowel nothing ("ventitré" is 23)
        tens = "|".join(
            f"(?P<t{n}>{w}{_CASE_ENDING if w[-1].isalpha() and w[-1] not in _VOWELS else ''})"
            for w, n in words.tens_words
        )
        years = _alternation(words.years_words)
        specs.append(
            (rf"(?<!{LETTER})(?:{years}){LETTER}{{0,3}}\s+(?:{tens})(?!{LETTER})", _resolve_tens_decade)
        )
    if "er" in words.decade_suffixes and words.tens_words:  # "Siebzigerjahre", "siebziger Jahre"
        tens = "|".join(f"(?P<t{n}>{w})" for w, n in words.tens_words)
        specs.append((rf"(?<!{LETTER})(?:{tens})er\s*jahre{LETTER}?(?!{LETTER})", _resolve_tens_decade))
    if words.decade_words:
        linking = rf"(?:\s+{LETTER}{{1,4}}){{0,2}}\s+"  # "la década de los 70"
        if words.unspaced:  # "ในช่วงทศวรรษที่ 1980": the word runs on from the one before and into "ที่"
            linking = r"[^\s\d]{0,4}\s*"  # Thai vowel and tone marks are not letters to Python
        before = "" if words.unspaced else rf"(?<!{LETTER})"
        specs.append(
            (rf"{before}(?:{_alternation(words.decade_words)}){linking}{DECADE_NUMBER}", _resolve_decade)
        )
    if words.decade_suffixes:
        after = "" if words.agglutinative else rf"(?!{LETTER})"
        suffixes = _alternation(words.decade_suffixes)
        # a suffix after an apostrophe takes case endings ("1990'larda")
        tail = (
            rf"(?:(?<=['’]{LETTER}{{2}})|(?<=['’]{LETTER}{{3}})){LETTER}*|{after}"
            if "'" in suffixes
            else after
        )
        specs.append(
            (
                rf"(?<![\d.,])[’']?(?P<dd>(?:1[89]|20)\d0|\d0)(?:{suffixes})(?:{tail})",
                _resolve_decade,
            )
        )
    return specs


def _year_first_pattern(words: DateWords) -> str:
    """A date written year first: "2032 metų vasario 12", "2020. gada 5. martā", "2018 թվականի մարտի 5",
    "2018 жылғы 5 наурызда". Where the language's long format starts with the year, any short word (the
    word for "year" in the genitive, an abbreviation of it) may stand between year and month; elsewhere
    only the language's word for "year" ("2018. aasta 5. märtsil", "2018-yil 5-martda"), so "2018 et mars
    2020" stays "mars 2020"."""
    months = _alternation(words.months)
    if words.month_stems:  # "2020. gada marta", "martā": the inflected forms too
        months = rf"(?:{_alternation(words.month_stems)}){LETTER}{{0,3}}|{months}"
    day_first = r"(?:(?P<d0>3[01]|[12]\d|0?[1-9])\.?-?\s*)?"  # the day may stand before the month
    year = r"(?<!\d)(?P<y>(?:1\d|20)\d\d)\.?-?\s*"
    tail = rf"(?P<m>{months})(?!{LETTER})(?:\s*{DAY_NUMBER}(?!\d))?"
    if words.year_first:
        return rf"{year}(?:{LETTER}{{1,8}}\.?\s*)?{day_first}{tail}"
    # elsewhere the word for "year" or the day itself follows the year ("v roce 2018 5. března"), and a month
    # with a year of its own is that year's ("za 2019 god 5 marta 2020": 5 March 2020)
    bare_day = r"(?P<d1>3[01]|[12]\d|0?[1-9])\.?\s+"
    if words.year_words:
        bare_day = rf"(?:{_alternation(words.year_words)}){LETTER}{{0,4}}\.?\s*{day_first}|{bare_day}"
    own_year = r"(?![\s,]+(?:1\d|20)\d\d)"
    return rf"{year}(?:{bare_day}){tail}{own_year}"


def _cjk_specs(words: DateWords) -> list[tuple[str, Resolver]]:
    """年月日 dates of Japanese, Chinese and Korean, with era years and relative years (去年)."""
    prefix, month_mark = words.numeric_month_affix or ("", "月")
    ys, ds = re.escape(words.year_suffix), re.escape(words.day_suffix)
    ms = re.escape(month_mark.strip() or "月")
    relative_years = [w for w, (unit, _) in words.relative_units.items() if unit == "year" and " " not in w]
    relative_months = [w for w, (unit, _) in words.relative_units.items() if unit == "month"]
    written = rf"(?P<y>(?:1\d|20)\d\d|[一二][〇零一二三四五六七八九]{{3}})\s*{ys}"
    if words.japanese_eras:
        eras = _alternation(date_tables.JAPANESE_ERAS)
        written = rf"(?:{written}|(?P<era>{eras})\s*(?P<ey>\d{{1,2}}|元|{CJK_SMALL_NUMBER})\s*{ys})"
    month_number = r"(?P<mo>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
    day_number = rf"(?P<d>3[01]|[12]\d|0?[1-9]|{CJK_SMALL_NUMBER})"
    year = rf"(?:{written}|(?P<ry>{_alternation(relative_years)}))" if relative_years else written
    weekday_note = r"(?:\s*[（(][^\d（()）]{1,4}[）)])?"
    last_day = rf"(?P<d2>3[01]|[12]\d|0?[1-9]|{CJK_SMALL_NUMBER})"
    specs: list[tuple[str, Resolver]] = [
        (  # "9月2～3日", "9월 2~3일", "9月2日至3日": two days of one month (TimeML: a range of days)
            rf"(?:{year}\s*)?{re.escape(prefix)}{month_number}\s*{ms}\s*{day_number}\s*(?:{ds})?\s*"
            rf"[-~～〜至到]\s*{last_day}\s*{ds}{weekday_note}",
            _resolve_cjk_day_range,
        ),
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
    if relative_months:  # "上月5日", "先月5日", "지난달 5일": a day of last, this or next month
        specs.append(
            (
                rf"(?P<rm>{_alternation(relative_months)})\s*{day_number}\s*{ds}{CJK_NOT_A_DAY}{weekday_note}",
                _resolve_cjk_day_of_relative_month,
            )
        )
    return specs
