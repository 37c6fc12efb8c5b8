"""Per-language date vocabulary for the normaliser, read from CLDR (Babel) and dateparser's language data.

CLDR gives month and weekday names in every form it knows (wide, abbreviated; format = genitive in
Slavic languages, stand-alone = nominative), relative words ("gestern", "в прошлом месяце", "先月"),
"N units ago" patterns, weekday phrases ("el lunes pasado") and the locale's numeric date order.
dateparser's language files add inflected forms CLDR lacks ("в октябре", "среду") and number words.
Both are package data: nothing is downloaded, and each language is built once, on first use.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from babel import Locale, UnknownLocaleError

log = logging.getLogger(__name__)

Unit = Literal["day", "week", "month", "year"]
Order = Literal["DMY", "MDY", "YMD"]

MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CLDR_WEEKDAY_FIELDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Scripts written without spaces between words: table words there need no word boundary.
UNSPACED = frozenset({"ja", "zh", "th", "my", "lo", "km", "bo"})
# Particles attach to the word in these languages ("어제는", "9월에"): no boundary after a table word.
AGGLUTINATIVE_TAIL = frozenset({"ko", *UNSPACED})
# Japanese era names -> the Gregorian year before the era's first year (calendar data CLDR has but
# Babel does not load).
JAPANESE_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "明治": 1867}
# Solar hijri month names as Iranian sites print them (CLDR's persian calendar, not loaded by Babel).
PERSIAN_MONTHS = (
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
    "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
)  # fmt: skip
# Older or macro-language codes pages declare, and the locale whose data fits them.
ALIASES = {"sh": "hr", "iw": "he", "in": "id", "no": "nb", "jw": "jv", "tl": "fil"}
AMBIGUOUS = 99  # a day word with two meanings ("कल": yesterday and tomorrow) is unusable without tense
# Languages whose month and weekday names take case endings ("в октябре", "pirmadienį", "torsdagen",
# Estonian "märtsil", Kazakh "наурызда", Georgian "მარტს", Uzbek "martda", Hungarian "szerdán").
INFLECTING = frozenset(
    {"ru", "uk", "be", "pl", "cs", "sk", "sl", "hr", "sr", "bs", "bg", "lt", "lv", "sv", "da", "nb", "no"}
    | {"et", "kk", "ky", "uz", "ka", "az", "hu"}
)
# Where a weekday's stem is short and takes its ending straight on ("kedd" + "en", "szerd" + "án": on
# Tuesday, on Wednesday; Estonian "reede" + "l"), stems of four letters are read; elsewhere six, as short
# stems are other words.
SHORT_WEEKDAY_STEMS = frozenset({"hu", "et"})
# Where case endings follow the whole month name ("március" + "ban", "märts" + "il"), the name is the stem.
WHOLE_NAME_STEMS = frozenset({"hu", "et"})
COMPOUNDING = frozenset({"de", "nl", "sv", "da", "nb", "no"})  # languages that write "Samstagabend"
STEM_VOWELS = set("aeiouyаеёиоуыэюяьйіїєąęėįųūěůāēīóéíáúაეიოუ")  # Georgian last
INVISIBLE = re.compile(r"[\u200e\u200f\u061c]")
# Common relative words that neither CLDR nor dateparser lists, added by hand (not from a data file; no
# entry may repeat a CLDR/dateparser word). Only the tables' own kinds: day words (offset in days) and
# this/last/next month or year.
SUPPLEMENTARY_DAYS: dict[str, dict[str, int]] = {
    "my": {"ဒီကနေ့": 0, "ဒီနေ့": 0},  # colloquial "today" (CLDR has the formal ယနေ့)
    "sq": {"dita e sotme": 0},  # "today's day", the written "today" (CLDR has "sot")
}
# "desde hace 60 años" (for 60 years): an "N units ago" phrase after one of these is a duration, not a date.
DURATION_OPENERS: dict[str, tuple[str, ...]] = {"es": ("desde",), "pt": ("desde",), "ca": ("des de", "fa")}
# Where "last" and "next" follow a count ("dalam empat tahun terakhir": in the last four years), CLDR's "in
# N units" phrase before one of these words is a stretch of time, not a date. CLDR writes no such words.
DURATION_CLOSERS: dict[str, tuple[str, ...]] = {
    "id": ("terakhir", "belakangan", "ke depan", "mendatang"),
    "ms": ("terakhir", "kebelakangan", "akan datang", "mendatang"),
    "th": ("ข้างหน้า", "ที่ผ่านมา", "ต่อจากนี้"),
}
# Portuguese writes "em este ano" as "neste ano": CLDR's "este ano", "esta semana" get their contracted form.
CONTRACTED = {"pt": (("este ", "neste "), ("esta ", "nesta "), ("esse ", "nesse "), ("essa ", "nessa "))}
# Swedish and Danish name the last weekday with "i" and a genitive "-s" ("i fredags": last Friday; "på
# fredag" is the coming one); CLDR writes "förra fredagen", "sidste fredag" only.
PAST_WEEKDAY = {"sv": ("i", "s"), "da": ("i", "s")}
# A word of CLDR's relative phrases news write with a synonym: Polish "ubiegły" (past) for "zeszły" (last),
# so "w ubiegły piątek" is last Friday, not the next one, and "w ubiegłym roku" last year; Greek "περασμένη"
# for "προηγούμενη", Hungarian "múlt" for "előző", Chinese "星期" for "周" (week).
SYNONYMS = {
    "pl": (("zeszł", "ubiegł"),),
    "el": (("προηγούμεν", "περασμέν"),),  # "την περασμένη Παρασκευή" (last Friday)
    "hu": (("előző", "múlt"),),  # "múlt pénteken", "múlt héten"
    "zh": (("周", "星期"),),  # "上星期五" as "上周五"
}
SUPPLEMENTARY_UNITS: dict[str, dict[str, tuple[Unit, int]]] = {
    "cs": {"letos": ("year", 0), "loni": ("year", -1), "napřesrok": ("year", 1)},
    "sk": {"vlani": ("year", -1)},
    # news' everyday words for "this year" and "last year" where CLDR writes another ("작년", "السنة
    # الماضية", "eelmine aasta") or none (Hungarian, Lithuanian, Greek and Persian have no such phrase there)
    "ko": {"지난해": ("year", -1), "이달": ("month", 0)},
    "zh": {"上月": ("month", -1), "下月": ("month", 1)},  # news' short "上个月", "下个月"
    "hu": {"tavaly": ("year", -1), "idén": ("year", 0)},
    "el": {"πέρυσι": ("year", -1), "πέρσι": ("year", -1)},
    "fa": {"پارسال": ("year", -1)},
    "lt": {"pernai": ("year", -1), "šiemet": ("year", 0)},
    "ar": {"العام الماضي": ("year", -1), "العام الحالي": ("year", 0), "هذا العام": ("year", 0)},
    "et": {"eelmisel aastal": ("year", -1), "möödunud aastal": ("year", -1), "tänavu": ("year", 0)},
    # CLDR has the nominative "letztes Jahr" only; news write the dative and genitive, and "vergangen"
    "de": {
        "im vergangenen jahr": ("year", -1),
        "vergangenes jahr": ("year", -1),
        "im letzten jahr": ("year", -1),
        "letzten jahres": ("year", -1),
        "vergangenen jahres": ("year", -1),
        "im kommenden jahr": ("year", 1),
        "kommendes jahr": ("year", 1),
        "im nächsten jahr": ("year", 1),
        "nächsten jahres": ("year", 1),
        "im vergangenen monat": ("month", -1),
        "vergangenen monat": ("month", -1),
        "im kommenden monat": ("month", 1),
        "kommenden monat": ("month", 1),
    },
    # the adjective before the noun, as news often write it ("lo scorso anno"; CLDR: "anno scorso"); not
    # "el pasado mes", which opens "el pasado mes de noviembre" (last November)
    "it": {"lo scorso anno": ("year", -1), "il prossimo anno": ("year", 1)},
    "es": {"el pasado año": ("year", -1)},
    # CLDR's "l’année dernière", "в следующем году"; news also write "passé" and "будущий"
    "fr": {"l’an passé": ("year", -1), "l’année passée": ("year", -1)},
    "ru": {"на будущий год": ("year", 1), "в будущем году": ("year", 1), "в текущем году": ("year", 0)},
}
# Decades written as a year with a suffix ("1970er", "1970-е", "1970년대", "1970年代", "1970-talet"): no data
# file has these suffixes (CLDR and dateparser know "decade" and "years" as words only), so they are listed
# here, one per language that writes them.
DECADE_SUFFIXES: dict[str, tuple[str, ...]] = {
    "de": ("er",),
    "ru": ("-е", "-х", "-ые", "-ых", "-ми"),
    "uk": ("-і", "-х", "-ті", "-ті роки"),
    "ko": ("년대",),
    "ja": ("年代",),
    "zh": ("年代",),
    "sv": ("-talet",),
    "da": ("'erne", "’erne", "-erne"),
    "nb": ("-tallet",),
    "fi": ("-luvulla", "-luvun", "-luku", "-luvulta"),
    # "az 1970-es években"; without "évek" it is a year's adjective ("a 2020-as év")
    "hu": tuple(
        f"-{a} {e}" for a in ("es", "as", "ös") for e in ("évek", "években", "éveket", "évekig", "évekre")
    ),
    "pl": ("-tych", "-te"),
    "cs": ("-tých", "-tá", "-ých"),
    "nl": ("'er", "’er"),
    "id": ("-an",),  # "tahun 1990-an"; "tahun 1990" is the year
    "ms": ("-an",),
    "tr": ("'lar", "'ler", "’lar", "’ler", "'lı", "'li", "’lı", "’li"),  # "1990'larda", "1990'lı yıllar"
}
# Words for a decade that CLDR lacks: Vietnamese has no "decade" unit there, and writes the 1980s as
# "thập niên 1980", "thập kỷ 80" or "những năm 1980" (the years 1980: "năm 1980" alone is the year).
WRITTEN_DECADE_WORDS: dict[str, tuple[str, ...]] = {"vi": ("thập niên", "thập kỷ", "những năm")}
# Words that join the two days of a range ("del 3 al 5 de septiembre", "du 3 au 5 septembre"): CLDR writes
# ranges with a dash and lists with "y"/"et" (those come from its list patterns), never with these.
RANGE_WORDS: dict[str, tuple[str, ...]] = {
    "es": ("al",), "ca": ("al",), "pt": ("a",), "it": ("al",), "fr": ("au",), "de": ("bis",), "nl": ("tot",),
    # "с 1 по 5 марта", "od 1 do 5 marca", "od 1. do 5. března": Slavic "from … to"
    "ru": ("по", "до"), "uk": ("по", "до"), "be": ("па", "да"), "bg": ("до",), "pl": ("do",), "cs": ("do",),
    "sk": ("do",), "sl": ("do",), "hr": ("do",), "sr": ("до", "do"), "bs": ("do",),
}  # fmt: skip
# A unit word written right after a month name ("အောက်တိုဘာလ ၂၆ ရက်": October-month 26 day): the
# month's forms are also known with it, so the day number after it is read.
MONTH_SUFFIXES = {"my": "လ"}
# Languages where an inflected weekday is also a common noun ("středu": Wednesday and 'the middle'):
# a weekday form other than the dictionary (nominative) name is a date only after one of these cues.
WEEKDAY_CUES: dict[str, tuple[str, ...]] = {
    # "do"/"od" are left out: they govern the genitive ("do středy"), and "do středu" is 'into the middle'
    "cs": ("v", "ve", "na", "minulou", "příští", "tuto", "tuhle"),
}


@dataclass(frozen=True)
class DateWords:
    """Everything the normaliser knows about one language's way of writing dates."""

    code: str
    months: dict[str, int] = field(default_factory=dict)  # lower-case form -> 1..12
    weekdays: dict[str, int] = field(default_factory=dict)  # lower-case form -> 0 (Monday)..6
    relative_days: dict[str, int] = field(default_factory=dict)  # "gestern" -> -1
    relative_units: dict[str, tuple[Unit, int]] = field(
        default_factory=dict
    )  # "letzten monat" -> (month, -1)
    weekday_phrases: dict[str, tuple[int, int]] = field(default_factory=dict)  # "el lunes pasado" -> (0, -1)
    ago_patterns: tuple[tuple[str, Unit, int], ...] = ()  # (regex with {n}, unit, -1 past / +1 future)
    numbers: tuple[tuple[str, int], ...] = ()  # number words (regex fragment, value)
    year_words: tuple[str, ...] = ()  # "jahr", "году", "metų": a year number next to one is a year
    order: Order = "DMY"  # numeric order of the locale's short date pattern
    short_separators: str = "./"  # separators the short pattern and its day-month skeleton use
    day_month_separator: str = ""  # "/" when "2/11" (no year) is day/month in this locale
    month_year_separator: str = ""  # "/" when "7/2020" is month/year
    numeric_month_affix: tuple[str, str] | None = None  # ("tháng ", "") or ("", "月"): months as numbers
    year_suffix: str = ""  # the literal after the year in the long pattern ("年", "년")
    day_suffix: str = ""  # the literal after the day ("日", "일")
    year_first: bool = False  # long pattern starts with the year (lt, hu, ko, ja, zh)
    unspaced: bool = False
    agglutinative: bool = False
    abbreviations: frozenset[str] = frozenset()  # forms written with a dot unless a day number precedes
    month_stems: dict[str, int] = field(
        default_factory=dict
    )  # "октябр" -> 10: takes up to 3 letters of ending
    weekday_stems: dict[str, int] = field(default_factory=dict)
    months_lowercase: bool = False  # the language writes month names in lower case
    and_words: tuple[str, ...] = ()
    day_parts: tuple[str, ...] = ()
    relation_words: dict[str, int] = field(
        default_factory=dict
    )  # "pasado" -1, "próximo" +1, from "el lunes pasado"  # "abend", "nachmittag": German writes "Samstagabend" as one word  # "et", "y", "und" from CLDR's list patterns: "11 et le 28 mars"
    solar_hijri_months: tuple[str, ...] = ()  # Persian pages date in the solar hijri calendar
    buddhist_era: bool = False  # Thai years count from 543 BC
    japanese_eras: bool = False
    weekday_cues: tuple[str, ...] = ()  # a non-nominative weekday form needs one of these just before it
    weekday_names: frozenset[str] = frozenset()  # the wide (dictionary) names, which need no cue
    decade_words: tuple[str, ...] = ()  # "década", "Jahrzehnt" (CLDR's unit name): "década de 1970"
    years_words: tuple[str, ...] = ()  # "años", "années", "anni": "los años 70" is a decade
    decade_suffixes: tuple[str, ...] = ()  # "년대", "er", "-е": "1970년대" is a decade
    duration_openers: tuple[str, ...] = ()  # "desde": "desde hace 60 años" is a duration
    duration_closers: tuple[str, ...] = ()  # "terakhir": "dalam empat tahun terakhir" is a duration
    relation_stems: dict[str, int] = field(default_factory=dict)  # "минул": -1, "наступн": +1 (see below)
    past_weekday: tuple[str, str] = ("", "")  # ("i", "s"): "i fredags" is last Friday (PAST_WEEKDAY)
    relation_after: bool | None = None  # "el viernes pasado": the word for "last" follows the weekday
    part_words: tuple[str, ...] = ()  # regexes: "début", "a principios de" (TimeML's mod START/MID/END)
    day_words: tuple[str, ...] = ()  # "día", "giorno" (CLDR's unit name): "hoy en día" is "nowadays"
    tens_words: tuple[tuple[str, int], ...] = ()  # "setenta" -> 7 (num2words): "los años setenta"


def month_of(words: DateWords, token: str) -> int | None:
    """The month a word names: a form of the tables, or an inflected form of a stem ('septembrī')."""
    key = token.lower().rstrip(".")
    if key in words.months:
        return words.months[key]
    stem = next((s for s in words.month_stems if key.startswith(s) and len(key) - len(s) <= 3), None)
    return None if stem is None else words.month_stems[stem]


def _forms(*groups: object) -> set[str]:
    found: set[str] = set()
    for group in groups:
        if not group:
            continue
        for value in group.values() if hasattr(group, "values") else group:  # type: ignore[union-attr]
            text = INVISIBLE.sub("", str(value)).strip().lower()
            if text:
                found.add(text)
                found.add(text.rstrip("."))
    return found


def _abbreviations(forms: dict[str, int]) -> set[str]:
    """Forms that cut another form of the same month or weekday short ('sept' of 'september', 'dim' of
    'dimanche'): written with a dot, unlike a full name."""
    return {
        a
        for a, n in forms.items()
        if any(
            m == n and f.startswith(a) and (len(f) - len(a) >= 2 or len(a) <= 3)
            for f, m in forms.items()
            if f != a
        )
    }


def _add_typed_apostrophes(table: dict[str, Any]) -> None:
    table.update({k.replace("’", "'"): v for k, v in list(table.items()) if "’" in k})


def _stems(
    forms: dict[str, int], shortest: int, abbreviations: frozenset[str], *, suffixing: bool = False
) -> dict[str, int]:
    """Stems of inflected names: 'октябр' of 'октября', so 'в октябре' is October too. `suffixing`: the
    language puts its case endings after the whole name (Hungarian "március" + "ban"), so its "-us" is
    part of the stem, not a Baltic nominative ending."""
    stems: dict[str, int] = {}
    for form, number in forms.items():
        if form in abbreviations:
            continue
        if suffixing:
            stem = form
        elif len(form) > 3 and form[-1] == "s" and form[-2] in STEM_VOWELS:  # lt/lv "pirmadienis"
            stem = form[:-2]
        elif len(form) > 4 and form[-1] == "s":  # lv "marts", "jūnijs": "martā", "jūnijā"
            stem = form[:-1]
        else:
            stem = form[:-1] if form[-1] in STEM_VOWELS else form
        if len(stem) >= shortest and not any(n != number and f.startswith(stem) for f, n in forms.items()):
            stems.setdefault(stem, number)
    return stems


def _relation_after(phrases: dict[str, tuple[int, int]]) -> bool | None:
    """Whether the language writes "last" after the weekday, as its CLDR phrases for last Monday, Tuesday…
    do: all seven end on one word ("el lunes pasado") or on the weekday ("в прошлый понедельник"). None
    where they tell nothing (no phrases, or a script without spaces)."""
    last_words = {p.split()[-1] for p, (_, delta) in phrases.items() if delta == -1 and " " in p}
    if len(last_words) == 1:
        return True
    return False if len(last_words) >= 5 else None


def _relation_stems(units: dict[str, tuple[Unit, int]]) -> dict[str, int]:
    """The words for "last" and "next" in the language's own "last week", "next year" phrases (CLDR,
    dateparser): a word of the phrases one unit back or ahead that the unit's other phrases lack, as a stem
    (its last three letters may inflect: "минулого" → "минул", for "минулу п'ятницю")."""
    by_unit: dict[str, dict[int, set[str]]] = {}
    for phrase, (unit, delta) in units.items():
        if delta in (-1, 0, 1):
            by_unit.setdefault(unit, {}).setdefault(delta, set()).update(phrase.lower().split())
    stems: dict[str, int] = {}
    clashing: set[str] = set()
    for deltas in by_unit.values():
        for delta in (-1, 1):
            others = set().union(*(tokens for d, tokens in deltas.items() if d != delta))
            for token in deltas.get(delta, set()) - others:
                if len(token) < 4 or not all(c.isalpha() or unicodedata.category(c)[0] == "M" for c in token):
                    continue
                stem = token[: max(4, len(token) - 3)]
                if any(other.startswith(stem) for other in others):
                    continue  # the unit's own word in another form ("veckan" beside "vecka")
                if stems.get(stem, delta) != delta:
                    clashing.add(stem)
                stems[stem] = delta
    return {stem: delta for stem, delta in stems.items() if stem not in clashing}


def _usable(word: str, alphabetic_min: int) -> bool:
    """Short words of alphabetic scripts ("mar", "so") are too often something else; CJK, Hangul and
    Thai names are short by nature."""
    if re.search(r"\d", word):
        return False
    return len(word) >= (alphabetic_min if word[0] < "\u0530" else 2)


def _dateparser_info(code: str) -> dict:
    """dateparser's language file, read as data (its module is a literal dict). The package is found, not
    imported: importing dateparser costs 12 MB of modules the engine never calls."""
    spec = importlib.util.find_spec("dateparser")
    if spec is None or not spec.submodule_search_locations:
        return {}
    try:
        source = (
            Path(next(iter(spec.submodule_search_locations)))
            / "data"
            / "date_translation_data"
            / f"{code}.py"
        )
        text = source.read_text(encoding="utf-8")
    except (StopIteration, OSError):
        return {}
    try:
        return ast.literal_eval(text.split("=", 1)[1].strip())
    except (ValueError, SyntaxError, IndexError):
        log.warning("dateparser data for %s is not a literal; skipped", code)
        return {}


def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return None


def _order(pattern: str) -> Order:
    positions = {c: pattern.find(c) for c in "dMy"}
    if min(positions.values()) < 0:
        return "DMY"
    ordered = "".join(sorted("dMy", key=positions.__getitem__)).upper()
    return ordered if ordered in ("DMY", "MDY", "YMD") else "DMY"  # type: ignore[return-value]


def _literal_after(pattern: str, letter: str) -> str:
    """The literal right after a field of the pattern: '年' after y in 'y年M月d日'."""
    m = re.search(rf"{letter}+('?)([^\s'a-zA-Z]*)", pattern)
    return m.group(2) if m else ""


def _numeric_month_affix(names: dict[int, str]) -> tuple[str, str] | None:
    """('tháng ', '') when every month name is a prefix + its number (+ a suffix), as in vi, ja, ko."""
    affixes = set()
    for number, name in names.items():
        m = re.fullmatch(rf"(\D*){number}(\D*)", INVISIBLE.sub("", name))
        if not m:
            return None
        affixes.add((m.group(1), m.group(2)))
    return affixes.pop() if len(affixes) == 1 else None


SPELLED_NUMBERS = range(1, 32)  # counts of days, weeks, months or years a relative phrase gives in words


def _spelled_numbers(code: str) -> list[tuple[str, int]]:
    """'dos' -> 2, 'veintiuno' -> 21: the language's cardinal numbers as num2words writes them (its own
    tables; dateparser's simplifications have only a few languages' 'one' and 'two')."""
    try:
        from num2words import CONVERTER_CLASSES, num2words
    except ImportError:
        return []
    if code not in CONVERTER_CLASSES:
        return []
    found = []
    for n in SPELLED_NUMBERS:
        try:
            word = num2words(n, lang=code).strip().lower()
        except (NotImplementedError, ValueError, KeyError, IndexError):
            continue
        if word and not re.search(r"\d", word):
            found.append((re.escape(word).replace(r"\ ", r"\s+"), n))
    return found


PART_WORDS = Path(__file__).with_name("dates") / "part_words"
PART_WORD_TABLES = {"bs": "hr", "sr": "hr"}  # Bosnian and Serbian (Latin) write Croatian's words


def part_words(code: str) -> tuple[str, ...]:
    """The words that name the start, middle or end of a month or year ("début mars", "a finales de
    octubre", "Ende Oktober"): TimeML's mod, part of the date's expression, so a label that leaves the date
    out leaves them out too ("a prévenu début" was a hole). Read from HeidelTime's part-word tables
    (`dates/part_words/XX.tsv`, one regex and its mod a line); none for a language without a table."""
    table = PART_WORDS / f"{PART_WORD_TABLES.get(code, code)}.tsv"
    if not table.is_file():
        return ()
    rows = [line.split("\t")[0] for line in table.read_text(encoding="utf-8").splitlines()]
    patterns = (
        _typographic_apostrophes(re.sub(r"\((?!\?)", "(?:", row))
        for row in rows
        if row and not row.startswith("#")
    )
    return tuple(sorted(patterns, key=len, reverse=True))


def _typographic_apostrophes(pattern: str) -> str:
    """The table's "d'" also matches the typographic "d’" news sites print."""
    pattern = re.sub(r"\[([^\]]*)'([^\]]*)\]", r"[\1'’\2]", pattern)  # inside a class: one more member
    return re.sub(r"(?<!\[)'(?![’\]])", "['’]", pattern)


def _tens_words(code: str) -> tuple[tuple[str, int], ...]:
    """'veinte' -> 2 ... 'noventa' -> 9: the tens num2words spells, which name decades after the plural of
    'year' ('los años setenta', 'w latach dziewięćdziesiątych')."""
    try:
        from num2words import CONVERTER_CLASSES, num2words
    except ImportError:
        return ()
    if code not in CONVERTER_CLASSES:
        return ()
    found = []
    for tens in range(2, 10):
        try:
            word = num2words(tens * 10, lang=code).strip().lower()
        except (NotImplementedError, ValueError, KeyError, IndexError):
            continue
        if word and not re.search(r"[\d\s]", word):
            found.append((re.escape(word), tens))
    return tuple(found)


def _number_words(info: dict, code: str = "") -> tuple[tuple[str, int], ...]:
    """Plain number words from dateparser's simplifications ('deux' -> 2, 'дв(а|е|ух)' -> 2), then the
    cardinals num2words spells ('dos', 'zwei')."""
    words = []
    for entry in info.get("simplifications", []):
        for pattern, value in entry.items():
            if not str(value).isdigit() or not re.fullmatch(r"[^\W\d_][\w()|]*", pattern):
                continue
            try:
                re.compile(pattern)
            except re.error:
                continue
            words.append((pattern, int(value)))
    known = {pattern for pattern, _ in words}
    words += [(word, n) for word, n in _spelled_numbers(code) if word not in known]
    return tuple(words)


def _placeholder_regex(pattern: str) -> str:
    """'vor {0} Jahren' -> 'vor\\s+{n}\\s+Jahren' with a slot the normaliser fills with a number."""
    pieces = [re.escape(p) for p in INVISIBLE.sub("", pattern).lower().split("{0}")]
    joined = "{n}".join(re.sub(r"(?:\\ )+", r"\\s*", p) for p in pieces)
    return joined


def _cldr_relatives(
    loc: Locale,
) -> tuple[dict[str, int], dict[str, tuple[Unit, int]], list[tuple[str, Unit, int]]]:
    fields = loc._data.get("date_fields", {})
    days: dict[str, int] = {}
    units: dict[str, tuple[Unit, int]] = {}
    ago: list[tuple[str, Unit, int]] = []
    for unit in ("day", "week", "month", "year"):
        for variant in (unit, f"{unit}-short"):
            data = fields.get(variant)
            if not data:
                continue
            for delta, phrase in (data.get("relative") or {}).items():
                text = INVISIBLE.sub("", phrase).strip().lower()
                if unit == "day":
                    days.setdefault(text, delta)
                    if days[text] != delta:
                        days[text] = AMBIGUOUS
                else:
                    units.setdefault(text, (unit, delta))  # type: ignore[arg-type]
            for direction, sign in (("past", -1), ("future", 1)):
                for pattern in (data.get(direction) or {}).values():
                    if "{0}" in pattern:
                        ago.append((_placeholder_regex(pattern), unit, sign))  # type: ignore[arg-type]
    return days, units, ago


def _dateparser_relatives(
    info: dict,
) -> tuple[dict[str, int], dict[str, tuple[Unit, int]], list[tuple[str, Unit, int]]]:
    days: dict[str, int] = {}
    units: dict[str, tuple[Unit, int]] = {}
    for key, phrases in (info.get("relative-type") or {}).items():
        m = re.fullmatch(r"(?:(in) )?(\d) (day|week|month|year)(?: (ago))?", key)
        if not m or not (m.group(1) or m.group(4)):  # "1 day" is a duration (Indonesian "sehari")
            continue
        n = int(m.group(2)) * (1 if m.group(1) else -1)
        for phrase in phrases:
            text = phrase.strip().lower()
            if len(text) < 2 or re.search(r"\d", text):
                continue
            if m.group(3) == "day":
                days.setdefault(text, n)
            elif abs(n) <= 1:
                units.setdefault(text, (m.group(3), n))  # type: ignore[arg-type]
    ago: list[tuple[str, Unit, int]] = []
    for key, patterns in (info.get("relative-type-regex") or {}).items():
        m = re.fullmatch(r"(in )?\\1 (day|week|month|year)( ago)?", key)
        if not m or not (m.group(1) or m.group(3)):  # "\\1 week": "5 minggu" is five weeks long
            continue
        for pattern in patterns:
            if pattern.count("(") != 1 or not pattern.startswith(("(", "")) or "(\\d" not in pattern:
                continue
            pieces = pattern.lower().split(r"(\d++[.,]?\d*+)")
            if len(pieces) != 2 or any(re.search(r"[\\()\[\]|?*+]", p) for p in pieces):
                continue
            regex = "{n}".join(
                re.sub(r"(?:\\ | )+", r"\\s*", re.escape(p).replace(r"\ ", " ")) for p in pieces
            )
            ago.append((regex, m.group(2), 1 if m.group(1) else -1))  # type: ignore[arg-type]
    return days, units, ago


def _relation_words(
    phrases: dict[str, tuple[int, int]],
    weekdays: dict[str, int],
    units: dict[str, tuple[Unit, int]],
    code: str,
) -> dict[str, int]:
    """The words CLDR's seven weekday phrases of one direction share, and no other direction uses:
    'pasado' (el lunes pasado ... el domingo pasado), 'prochain', 'letzten'. Not the unit's own word, which
    some write in the phrase ("volgende week maandag", "förra veckan"), nor a stop word that is only a part
    of a longer relation ("que" of Catalan "dilluns que ve": "el març que el govern …" is no next March)."""
    from summarizers.ner_models import spacy_stop_words  # imported late: spaCy's language data only

    by_delta: dict[int, list[set[str]]] = {}
    for phrase, (_, delta) in phrases.items():
        by_delta.setdefault(delta, []).append({w for w in phrase.split() if w not in weekdays})
    shared = {d: set.intersection(*sets) for d, sets in by_delta.items() if len(sets) >= 7}
    unit_words: dict[int, set[str]] = {}
    for phrase, (_, delta) in units.items():
        unit_words.setdefault(delta, set()).update(phrase.lower().split())
    stop = spacy_stop_words(code)
    found: dict[str, int] = {}
    for delta, words in shared.items():
        others = set().union(*(w for d, w in shared.items() if d != delta))
        other_units = set().union(*(w for d, w in unit_words.items() if d != delta))
        parts = {w for w in words - others if not any(other[:4] == w[:4] for other in other_units)}
        phrase = len(parts) > 1  # "que ve"; not "förra veckan", whose "veckan" is the unit's word
        found.update({w: delta for w in parts if len(w) >= 3 and w.isalpha() and not (phrase and w in stop)})
    return found


def _day_parts(loc: Locale | None) -> tuple[str, ...]:
    """CLDR's stand-alone names of the parts of a day ("Nachmittag", "avond"): a compounding language
    writes them onto a weekday. Some locales have only the abbreviated width ("avond", "aften")."""
    if loc is None:
        return ()
    widths = loc.day_periods.get("stand-alone") or {}
    names = [n for width in ("wide", "abbreviated") for n in (widths.get(width) or {}).values()]
    return tuple(sorted({n.lower() for n in names if n.isalpha() and len(n) >= 4}))


def _and_words(loc: Locale | None) -> tuple[str, ...]:
    if loc is None:
        return ()
    found = set()
    for key in ("end", "2"):
        pattern = (loc.list_patterns.get("standard") or {}).get(key, "")
        word = pattern.replace("{0}", "").replace("{1}", "").strip(" ,،、")
        if word and len(word) <= 4 and not re.search(r"[\W\d]", word):
            found.add(word)
    return tuple(sorted(found))


def _unit_words(loc: Locale | None, unit: str, *, plural: bool | None = None) -> set[str]:
    """The words of CLDR's unit patterns ('{0} décadas' -> 'décadas'), every plural form and width; only
    the plural ones with plural=True ('los años 70' is a decade, 'el año 70' a year), only the singular
    with plural=False."""
    counts = {loc.plural_form(n) for n in range(2, 101)} - {loc.plural_form(1)} if loc else set()
    return _unit_forms(loc, unit, counts if plural else {"one"} if plural is False else None)


def _unit_forms(loc: Locale | None, unit: str, categories: set[str] | None) -> set[str]:
    """The words of CLDR's unit patterns of these plural categories (all but "per" for None)."""
    if loc is None:
        return set()
    found: set[str] = set()
    for width in ("long", "short"):
        patterns = ((loc._data.get("unit_patterns") or {}).get(f"duration-{unit}") or {}).get(width) or {}
        for key, pattern in patterns.items():
            if key == "per" or (categories is not None and key not in categories):
                continue
            word = INVISIBLE.sub("", pattern.replace("{0}", "")).strip().lower()
            if len(word) >= 2 and word.isalpha():
                found.add(word)
    return found


def _plural_year_words(loc: Locale | None, info: dict) -> tuple[str, ...]:
    """'años', 'années', 'lata': the plural of 'year' that names a decade before a number ('los años 70').
    CLDR's forms for the counts 2-100 that differ from the form for 1 (a form only fractions take, Polish
    'roku' of '1,5 roku', is the singular 'w roku 2020'); none where the language has no grammatical number
    ('năm 1990', 'tahun 1990' are years) or where five takes the singular's form (Croatian 'godine 2020' is
    'in the year 2020'). dateparser's forms join when they end as CLDR's plural ending
    ('années' beside 'ans': '-s'; not Finnish 'vuonna', the essive of 'in the year')."""
    singular = _unit_words(loc, "year", plural=False)
    if loc is None or not singular or loc.plural_form(1) == loc.plural_form(2):
        return ()
    if _unit_forms(loc, "year", {loc.plural_form(5)}) & singular:
        return ()  # "pet godina": counting takes the singular's form, so "godine" is a case, not a plural
    plural = {w for w in _unit_words(loc, "year", plural=True) if len(w) >= 3}
    plural -= singular  # one form for both ("{0} jaar"): "het jaar 1970" is a year
    endings = {_plural_ending(p, singular) for p in plural} - {""}
    more = {w.lower() for w in info.get("year", []) if len(w) >= 3 and w.isalpha()}
    return tuple(sorted(plural | {w for w in more if w.endswith(tuple(endings)) and w not in singular}))


def _plural_ending(plural: str, singular: set[str]) -> str:
    """What the plural adds to the singular's stem: 'ans' of 'an' -> 's', 'vuotta' of 'vuosi' -> 'tta'."""
    stem = max((_shared_start(plural, s) for s in singular), default=0)
    return plural[stem:] if stem else ""


def _shared_start(a: str, b: str) -> int:
    return next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))


def _weekday_phrases(loc: Locale) -> dict[str, tuple[int, int]]:
    fields = loc._data.get("date_fields", {})
    phrases: dict[str, tuple[int, int]] = {}
    for weekday, name in enumerate(CLDR_WEEKDAY_FIELDS):
        for delta, phrase in ((fields.get(name) or {}).get("relative") or {}).items():
            phrases.setdefault(INVISIBLE.sub("", phrase).strip().lower(), (weekday, delta))
    return phrases


@functools.cache
def year_abbreviations(code: str) -> tuple[str, ...]:
    """dateparser's one-letter words for year ("r" for roku, "г" for года): written with a stop after a
    year ("2019 r."), which Punkt takes for an abbreviation inside a sentence."""
    found = {w.lower() for w in (_dateparser_info(code) or {}).get("year", []) if len(w) == 1 and w.isalpha()}
    return tuple(sorted(found))


@functools.cache
def date_words(code: str) -> DateWords:
    """The tables of one language (an ISO 639-1 code), built on first use and kept."""
    loc = _locale(ALIASES.get(code, code))
    info = _dateparser_info(ALIASES.get(code, code))
    if loc is None and not info:
        return DateWords(code)
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    affix = None
    if loc is not None:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in (loc.months.get(context, {}).get(width) or {}).items():
                    for form in _forms([name]):
                        months.setdefault(form, number)
                for number, name in (loc.days.get(context, {}).get(width) or {}).items():
                    for form in _forms([name]):
                        weekdays.setdefault(form, number)
        affix = next(
            (
                a
                for context in ("format", "stand-alone")
                for width in ("wide", "abbreviated")
                if (a := _numeric_month_affix(dict(loc.months.get(context, {}).get(width) or {})))
            ),
            None,
        )
    for number, key in enumerate(MONTH_KEYS, start=1):
        for form in _forms(info.get(key, [])):
            months.setdefault(form, number)
    for number, key in enumerate(WEEKDAY_KEYS):
        for form in _forms(info.get(key, [])):
            weekdays.setdefault(form, number)
    unspaced = code in UNSPACED
    months = {k: v for k, v in months.items() if _usable(k, 3)}
    weekdays = {k: v for k, v in weekdays.items() if _usable(k, 4)}
    abbreviations = frozenset(_abbreviations(months) | _abbreviations(weekdays))
    inflecting = code in INFLECTING

    days: dict[str, int] = {}
    units: dict[str, tuple[Unit, int]] = {}
    ago: list[tuple[str, Unit, int]] = []
    phrases: dict[str, tuple[int, int]] = {}
    order: Order = str(info.get("date_order", "DMY"))  # type: ignore[assignment]
    separators, day_month, month_year, year_suffix, day_suffix, year_first = "./", "", "", "", "", False
    if loc is not None:
        days, units, ago = _cldr_relatives(loc)
        phrases = _weekday_phrases(loc)
        short = INVISIBLE.sub("", loc.date_formats["short"].pattern)
        order = _order(short)
        separators = "".join(sorted(set(re.sub(r"[\w\s']", "", short)) & set("./-"))) or "./"
        md = INVISIBLE.sub(
            "", loc.datetime_skeletons.get("Md").pattern if loc.datetime_skeletons.get("Md") else ""
        )
        ym = INVISIBLE.sub(
            "", loc.datetime_skeletons.get("yM").pattern if loc.datetime_skeletons.get("yM") else ""
        )
        day_month = m.group(1) if (m := re.fullmatch(r"d{1,2}([./-])M{1,2}\.?", md)) else ""
        month_year = m.group(1) if (m := re.fullmatch(r"M{1,2}([./-])y+", ym)) else ""
        long = INVISIBLE.sub("", loc.date_formats["long"].pattern)
        year_suffix, day_suffix = _literal_after(long, "y"), _literal_after(long, "d")
        year_first = long.lstrip().startswith("y")
    more_days, more_units, more_ago = _dateparser_relatives(info)
    for k, v in more_days.items():
        days.setdefault(k, v)
        if days[k] != v:
            days[k] = AMBIGUOUS
    for k, u in more_units.items():
        units.setdefault(k, u)
    for plain, contracted in CONTRACTED.get(code, ()):
        days.update({contracted + k[len(plain) :]: v for k, v in list(days.items()) if k.startswith(plain)})
        units.update({contracted + k[len(plain) :]: u for k, u in list(units.items()) if k.startswith(plain)})
    for word, synonym in SYNONYMS.get(code, ()):
        units.update({k.replace(word, synonym): u for k, u in list(units.items()) if word in k})
        phrases.update({k.replace(word, synonym): p for k, p in list(phrases.items()) if word in k})
    for k, v in SUPPLEMENTARY_DAYS.get(code, {}).items():
        days.setdefault(k, v)
    for k, u in SUPPLEMENTARY_UNITS.get(code, {}).items():
        units.setdefault(k, u)
    for table in (days, units, phrases):  # "l’an dernier" is also typed "l'an dernier"
        _add_typed_apostrophes(table)
    if code == "el":  # "τον Μάρτιο": a masculine month's accusative drops the nominative's final "ς"
        months.update({form[:-1]: n for form, n in list(months.items()) if form.endswith("ος")})
    if code in MONTH_SUFFIXES:
        months.update(
            {f"{form}{MONTH_SUFFIXES[code]}": n for form, n in list(months.items()) if len(form) > 3}
        )
    ago.extend(more_ago)
    year_words = tuple(sorted({w.lower() for w in info.get("year", []) if len(w) >= 3 and w.isalpha()}))
    return DateWords(
        code=code,
        months=months,
        weekdays=weekdays,
        relative_days={k: v for k, v in days.items() if len(k) >= 2 and v != AMBIGUOUS},
        relative_units=units,
        weekday_phrases=phrases,
        ago_patterns=tuple(dict.fromkeys(ago)),
        numbers=_number_words(info, ALIASES.get(code, code)),
        year_words=year_words,
        order=order,
        short_separators=separators,
        day_month_separator=day_month,
        month_year_separator=month_year,
        numeric_month_affix=affix,
        year_suffix=year_suffix if not year_suffix.isspace() else "",
        day_suffix=day_suffix,
        year_first=year_first,
        unspaced=unspaced,
        agglutinative=code in AGGLUTINATIVE_TAIL,
        abbreviations=abbreviations,
        month_stems=_stems(months, 4, abbreviations, suffixing=code in WHOLE_NAME_STEMS)
        if inflecting
        else {},
        weekday_stems=_stems(weekdays, 4 if code in SHORT_WEEKDAY_STEMS else 6, abbreviations)
        if inflecting
        else {},
        months_lowercase=bool(loc) and all(n == n.lower() for n in loc.months["format"]["wide"].values()),
        and_words=_and_words(loc) + RANGE_WORDS.get(code, ()),
        relation_words=_relation_words(phrases, weekdays, units, code),
        day_parts=_day_parts(loc) if code in COMPOUNDING else (),
        solar_hijri_months=PERSIAN_MONTHS if code == "fa" else (),
        buddhist_era=code == "th",
        japanese_eras=code == "ja",
        weekday_cues=WEEKDAY_CUES.get(code, ()),
        weekday_names=frozenset(
            n.lower() for n in ((loc.days.get("format", {}).get("wide") or {}).values() if loc else ())
        ),
        decade_words=tuple(sorted({*_unit_words(loc, "decade"), *WRITTEN_DECADE_WORDS.get(code, ())})),
        day_words=tuple(sorted(_unit_words(loc, "day"))),
        tens_words=_tens_words(ALIASES.get(code, code)),
        years_words=_plural_year_words(loc, info),
        decade_suffixes=DECADE_SUFFIXES.get(code, ()),
        duration_openers=DURATION_OPENERS.get(code, ()),
        duration_closers=DURATION_CLOSERS.get(code, ()),
        relation_stems=_relation_stems(units),
        past_weekday=PAST_WEEKDAY.get(code, ("", "")),
        relation_after=_relation_after(phrases),
        part_words=part_words(code),
    )
