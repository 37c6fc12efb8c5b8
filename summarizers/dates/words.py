"""English date words, and the alternation and boundary helpers every language's patterns use."""

from __future__ import annotations

import re
from collections.abc import Iterable

from summarizers.date_tables import DateWords

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
    r"will|won't|shall|'ll|would(?!\s+(?:have|not\s+have|never\s+have))|next|upcoming|coming|scheduled|slated|expects|expect|plans to|"
    "planning|intends?|aims|hopes|until|till|might|payable|effective|expires?|later|"
    "(?:supposed|expected|scheduled|slated|set|due|planned|poised|likely|going|is|are) to"
)


PAST_CUES = (
    "was|were|had|did|ago|since|earlier|last|previously|began|came|went|took|made|gave|told|left|fell|heard|"
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


LETTER = (
    r"(?:[^\W\d_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0dff])"
)


MAY_PREPOSITIONS = re.compile(
    r"(?:\b(?:in|since|until|till|by|during|through|from|of|before|after|to|and|or|between|last|next|"
    r"this|early|late|mid|until|late|around|about|for|on|this coming)|,)\s*-?$",
    re.IGNORECASE,
)


DECADE_WORDS = {
    "twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7, "eighties": 8,
    "nineties": 9,
}  # fmt: skip


RELATIVE_OFFSETS = {
    "this": 0,
    "the current": 0,
    "last": -1,
    "the past": -1,
    "the previous": -1,
    "next": 1,
    "the coming": 1,
}


def _alternation(words: Iterable[str]) -> str:
    """Longest first, so 'Sept' is tried before 'Sep'."""
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def _bounded(words: DateWords, alternation: str) -> str:
    """Word boundaries fit the script: none where words run together, none after a word that takes
    particles (Korean)."""
    before = "" if words.unspaced else rf"(?<!{LETTER})"
    after = "" if words.agglutinative else rf"(?!{LETTER})"
    return rf"{before}(?:{alternation}){after}"


def _spaced(phrases: Iterable[str]) -> str:
    """An alternation in which a phrase's spaces match any run of white space."""
    return "|".join(
        re.sub(r"(?:\\ )+", r"\\s+", re.escape(p)) for p in sorted(set(phrases), key=len, reverse=True)
    )
