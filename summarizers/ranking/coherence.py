"""Sentences that lean on the one before them: an opening pronoun, demonstrative or connective ("He said",
"This move", "However,"), or a verb whose subject was dropped ("Řekl, že…": "[He] said that…").

Shown alone in a summary they read as non sequiturs, so the ranking only takes one when its predecessor
is also taken. No word list is typed here; each language's words come from data:
- **A parser or tagger where one is installed** (English; French, Czech and Russian through
  `summarizers.ud_labels`; German through the Hanover Tagger, its STTS tags read as UD): the opening
  word's part of speech and features in Universal Dependencies terms: a personal
  (third person) or demonstrative pronoun, a demonstrative determiner, a coordinating conjunction, a
  demonstrative adverb ("then", "there"), an adverb attached to the main verb that is a closed-class word
  or is set off by a comma ("However,", "Meanwhile"), a demonstrative inside an opening phrase ("After
  that,"); and a finite main verb without subject that is not first or second person or an imperative: the
  dropped subject of pro-drop languages (Czech, Russian), a fragment elsewhere.
- **Languages without a parser or tagger** (Spanish, Italian, Portuguese, Dutch, Romanian, the Nordic
  languages, Finnish, Hungarian, Catalan, Greek, Turkish): the same classes read from a table of the
  language's closed-class words as its main UD treebank tags them (`reference_words/XX.tsv`: third-person
  personal and possessive pronouns, demonstratives, coordinating conjunctions, connective adverbs); the
  opening word is looked up. Where Apertium tags the language (Spanish, Portuguese, Italian, Romanian,
  Catalan, Polish: `summarizers.apertium_tagger`) a dropped subject is read from the opening verb's tags
  (`_verb_opens`); elsewhere without a tagger a finite verb cannot be told from a noun or an adjective.
- **Every language with a stemmer**: spaCy's stop words of the language (`spacy.lang.XX.stop_words`) are
  its closed class; a sentence that opens with one to three of them set off by a comma ("Sin embargo,",
  "Además,", "Inoltre,") opens with a connective.
"This week …", "Cette année …", "На этой неделе …" open with a time, not a reference back: the language's
relative-date phrases (CLDR and dateparser, through `date_tables`) say so.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from summarizers.apertium_tagger import Reading, apertium_tagger, readings
from summarizers.model_cache import model_cache
from summarizers.ranking.shape import find_date_spans
from summarizers.ud_labels import Word, ud_parser

log = logging.getLogger(__name__)

DEMONSTRATIVE_MIN_LETTERS = 3  # shorter words of those phrases are articles ("a", "az")
CONNECTIVE_MAX_WORDS = 3  # "Sin embargo,", "Por otro lado,": a connective is a few closed-class words
_LEADING_JUNK = re.compile(r"^[\W_]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_OPENING_PHRASE = re.compile(r"^([^,，、:;]{1,60})[,，、]\s")
_SPACY_CODES = {"no": "nb"}  # spaCy keeps Norwegian Bokmål's data under nb
_SUBJECTS = ("nsubj", "csubj", "expl")
_REFERENCE_WORDS = Path(__file__).with_name("reference_words")
# Romanian text is often typed with the cedilla letters; the treebank writes the comma below.
_COMMA_BELOW = str.maketrans("şţ", "șț")


Parse = Callable[[str], Sequence[Word]]


def depends_on_previous(sentence: str, code: str | None) -> bool:
    """True when the sentence opens with a reference or connective that points to an earlier sentence."""
    if not code or _opens_with_time(sentence, code):
        return False
    words = _opening_words(sentence)
    if not words:
        return False
    if _opens_with_connective(sentence, code):
        return True
    parse = parser(code)
    if parse is None:
        first = words[0].translate(_COMMA_BELOW) if code == "ro" else words[0]
        return first in demonstratives(code) or first in reference_words(code) or _verb_opens(sentence, code)
    try:
        parsed = parse(sentence)
    except Exception:  # a parser failing on odd text must not cost the briefing
        log.debug("parse failed for %r", sentence[:80], exc_info=True)
        return False
    return leans_on_previous(parsed, stop_words(code))


def leans_on_previous(words: Sequence[Word], closed: frozenset[str]) -> bool:
    """The UD reading: see the module's docstring."""
    tokens = [w for w in words if w.pos not in ("PUNCT", "SYM", "X", "SPACE")]
    if not tokens:
        return False
    first = tokens[0]
    feats = set(first.feats.split("|"))
    if first.pos == "CCONJ":
        return True
    expletive = first.dep.startswith("expl")  # "There were…", "Il y a…", "Il faut…"
    if first.pos in ("PRON", "DET", "ADV") and "PronType=Dem" in feats:
        return not expletive
    # French and Russian parsers give a personal pronoun its person only, without PronType.
    if first.pos == "PRON" and feats & {"PronType=Prs", "Person=3"} and not expletive:
        return not feats & {"Person=1", "Person=2"}
    if first.pos == "ADV" and _attached_to_root(first, words):
        following = words[first.i + 1] if first.i + 1 < len(words) else None
        if first.text.lower() in closed or (following is not None and following.text in (",", "，")):
            return True
    if first.pos == "ADP" and _demonstrative_in_opening_phrase(words):
        return True
    return _subject_dropped(words)


def _attached_to_root(word: Word, words: Sequence[Word]) -> bool:
    head = words[word.head] if 0 <= word.head < len(words) else word
    return head.head == head.i or head.dep == "root"


def _demonstrative_in_opening_phrase(words: Sequence[Word]) -> bool:
    """'After that, …', 'Because of this, …': the phrase before the first comma holds a demonstrative."""
    for w in words:
        if w.text in (",", "，"):
            return False
        if w.pos == "PRON" and "PronType=Dem" in w.feats:
            return True
    return False


def _subject_dropped(words: Sequence[Word]) -> bool:
    """A finite main clause with no subject, not addressed to the reader nor spoken by the writer. The
    clause is finite through its verb or an auxiliary ("a refusé"), or is a Slavic past (Czech "Řekl":
    an active past participle, whose third person has no auxiliary)."""
    roots = [w for w in words if w.head == w.i or w.dep == "root"]
    if len(roots) != 1 or roots[0].pos not in ("VERB", "AUX"):
        return False
    root = roots[0]
    children = [w for w in words if w.head == root.i and w.i != root.i]
    verbs = [root, *(w for w in children if w.dep.startswith(("aux", "cop")))]
    feats = set().union(*(set(v.feats.split("|")) for v in verbs))
    root_feats = set(root.feats.split("|"))
    slavic_past = {"VerbForm=Part", "Tense=Past", "Voice=Act"} <= root_feats
    if "VerbForm=Fin" not in feats and not slavic_past:
        return False
    if feats & {"Mood=Imp", "Person=1", "Person=2"}:
        return False
    return not any(w.dep.startswith(_SUBJECTS) for w in children)


_FINITE_VERBS = frozenset({"vblex", "vbhaver", "vbmod", "vaux", "vbavea"})  # Apertium; "vbser" is the copula
_NOT_FINITE = frozenset({"inf", "pp", "ger", "imp"})  # infinitive, participle, gerund, imperative


def opens_with_singular_dropped_subject(sentence: str, code: str) -> bool:
    """`_verb_opens` with a singular verb: one person or thing did it ("Vive hoje em Utrecht")."""
    if not _verb_opens(sentence, code):
        return False
    read = readings(code)
    opening = read(TAGGER_TOKEN.findall(sentence)[:TAGGED_OPENING]) if read else []
    verb = next(
        (
            tags
            for k, (_, _, tags) in enumerate(opening)
            if _finite_third_person(tags, opening[k + 1 : k + 2])
        ),
        (),
    )
    return "sg" in verb


def _verb_opens(sentence: str, code: str) -> bool:
    """Where Apertium tags the language (Spanish, Portuguese, Italian, Romanian, Catalan, Polish): the
    sentence opens with a finite third-person verb, alone or after object pronouns ("Dijo que …", "Lo
    anunció …", "A declarat că …", "Powiedział, że …"), so its subject was dropped and named before. Not
    after a reflexive or impersonal "se", not a copula ("Es importante que", "Jest"), not an existential,
    which Apertium's dictionaries give itself as lemma ("hay", "há", "hi ha")."""
    read = readings(code)
    if read is None:
        return False
    opening = read(TAGGER_TOKEN.findall(sentence)[:TAGGED_OPENING])
    words = [(n, w) for n, w in enumerate(opening) if any(c.isalnum() for c in w[0])]
    for n, (word, lemma, tags) in words:
        if tags[:1] == ("prn",) and "pro" in tags and not {"ref", "adv"} & set(tags):
            continue  # an object pronoun before its verb: "Lo", "Le", "Gli"
        verb = _finite_third_person(tags, opening[n + 1 : n + 2]) and lemma.casefold() != word.casefold()
        return verb and not _subject_or_verb_follows(opening[n + 1 :])
    return False


def _finite_third_person(tags: tuple[str, ...], after: Sequence[Reading] = ()) -> bool:
    """A finite third-person verb; the copula only before a bare noun, a role someone holds ("É autor de
    …", "Fue ministro"), not before an adjective or an article ("Es importante que", "Es un problema")."""
    verb = tags[:1] and (
        tags[0] in _FINITE_VERBS or (tags[0] == "vbser" and after[:1] and after[0][2][:1] == ("n",))
    )
    return bool(verb) and "p3" in tags and not _NOT_FINITE & set(tags)


def _subject_or_verb_follows(after: Sequence[Reading]) -> bool:
    """Before any punctuation or conjunction: a name after the verb is its subject, put after it ("Anunció
    ayer Sánchez"); a second finite verb means the first one only opened a phrase ("Hace una década
    desconocía Andrés Iniesta"). A name after a preposition is its object ("Vive hoje em Utrecht")."""
    previous: tuple[str, ...] = ()
    for _, _, tags in after:
        if not tags or tags[0] in ("cm", "sent", "lpar", "rpar", "cnjsub", "cnjcoo", "rel"):
            return False
        if (tags[0] == "np" and previous[:1] != ("pr",)) or _finite_third_person(tags):
            return True
        previous = tags
    return False


def _opening_words(sentence: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(_LEADING_JUNK.sub("", sentence)[:80])]


def _opens_with_connective(sentence: str, code: str) -> bool:
    """One to three closed-class words set off by a comma: "However,", "Sin embargo,", "Além disso,"."""
    match = _OPENING_PHRASE.match(_LEADING_JUNK.sub("", sentence))
    if not match or any(ch.isdigit() for ch in match[1]):
        return False
    phrase = _WORD.findall(match[1])
    closed = stop_words(code)
    return 0 < len(phrase) <= CONNECTIVE_MAX_WORDS and all(w.lower() in closed for w in phrase)


def _opens_with_time(sentence: str, code: str) -> bool:
    """'This week …', 'Den 17 juni …': a relative-date phrase or a date expression in the first words."""
    opening = " ".join(_opening_words(sentence)[:4])
    if any(opening == p or opening.startswith(p + " ") for p in _time_phrases(code)):
        return True
    head = _LEADING_JUNK.sub("", sentence)[:80]
    second = re.search(r"\s\S", head)  # a date from the second word on still opens it: "Este martes"
    within = second.start() + 1 if second else len(head)
    return any(start <= within for start, _ in find_date_spans(head, code))


@functools.cache
def demonstratives(code: str) -> frozenset[str]:
    """The language's 'this' in its forms, read from its relative dates: the closed-class words of "this
    week", "dieses Jahr", "questa settimana" that "last week" and "next week" do not have."""
    from summarizers.date_tables import date_words

    this: set[str] = set()
    other: set[str] = set()
    for phrase, (_, offset) in date_words(code).relative_units.items():
        (this if offset == 0 else other).update(w.lower() for w in _WORD.findall(phrase))
    closed = stop_words(code)
    return frozenset(w for w in this - other if w in closed and len(w) >= DEMONSTRATIVE_MIN_LETTERS)


@functools.cache
def reference_words(code: str) -> frozenset[str]:
    """The words of `reference_words/XX.tsv` (word, UD part of speech, UD features, one a line): the
    language's closed-class words that point back when they open a sentence; empty without a table."""
    return frozenset(word for word, _ in _reference_rows(code))


@functools.cache
def conjunctions(code: str) -> frozenset[str]:
    """The coordinating conjunctions (UD `CCONJ`) of `reference_words/XX.tsv`: "pero", "e", "og"."""
    return frozenset(word for word, part in _reference_rows(code) if part == "CCONJ")


def _reference_rows(code: str) -> list[tuple[str, str]]:
    table = _REFERENCE_WORDS / f"{_SPACY_CODES.get(code, code)}.tsv"
    if not table.is_file():
        return []
    rows = table.read_text(encoding="utf-8").splitlines()
    return [
        (fields[0].lower(), fields[1] if len(fields) > 1 else "")
        for fields in (row.split("\t") for row in rows if row.strip() and not row.startswith("#"))
    ]


@functools.cache
def stop_words(code: str) -> frozenset[str]:
    """spaCy's stop words of the language: its closed class of words; empty when spaCy has none."""
    from summarizers.ner_models import spacy_stop_words  # spaCy without its command line

    return frozenset(w.lower() for w in spacy_stop_words(_SPACY_CODES.get(code, code)))


@functools.cache
def _time_phrases(code: str) -> tuple[str, ...]:
    """'this week', 'cette semaine', 'на этой неделе': relative dates, longest first."""
    from summarizers.date_tables import date_words

    words = date_words(code)
    phrases = {" ".join(_WORD.findall(p.lower())) for p in (*words.relative_units, *words.relative_days)}
    return tuple(sorted((p for p in phrases if p), key=len, reverse=True))


def parser(code: str) -> Parse | None:
    """The language's dependency parser or tagger, loaded on first use (and kept by the model cache)."""
    if code == "en":
        return _english_parser()
    if code in _TAGGERS:
        return _tagger_parse(code)
    parse_many = ud_parser(code)  # French, Czech, Russian: the parsers the event labels use
    if parse_many is None:
        return None
    return lambda sentence: parse_many([sentence])[0]


def _english_parser() -> Parse | None:
    """spaCy's English pipeline; its dependency labels are ClearNLP's, whose subject, `advmod` and `cc`
    names match UD's."""
    from summarizers.labels import parser_pipeline

    nlp = parser_pipeline("en")
    if nlp is None:
        return None
    return lambda sentence: [
        Word(t.i, t.text, t.idx, t.whitespace_, t.head.i, t.dep_.lower(), t.pos_, str(t.morph))
        for t in nlp(sentence)
    ]


# German: the Hanover Tagger's model trained on the TIGER treebank (package hanta, LGPL-3.0), STTS tags,
# read in UD terms. Its Dutch model needs 800 MB of memory, past a worker's budget, so Dutch has none.
_TAGGERS = {"de": "morphmodel_ger.pgz"}
_STTS_AS_UD = {
    "PPER": ("PRON", "PronType=Prs"),
    "PPOSAT": ("PRON", "PronType=Prs|Poss=Yes"),
    "PDS": ("PRON", "PronType=Dem"),
    "PDAT": ("DET", "PronType=Dem"),
    "PROAV": ("ADV", "PronType=Dem"),  # pronominal adverbs: deshalb, dabei, damit
    "KON": ("CCONJ", ""),
    "ADV": ("ADV", ""),
}
TAGGER_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")  # the tokens a tagger is given
TAGGED_OPENING = 12  # tokens tagged: the opening is all the rules read


CONJUNCTION_MARGIN = 1.0  # a conjunction reading this close (in log probability) to the best is a live one


def reads_as_conjunction(word: str, code: str) -> bool:
    """Whether the tagger's lexicon gives the word a conjunction reading about as likely as its best:
    German "aber", "doch" (tagged ADV in "war aber am Samstag"), not "noch" or "erst"."""
    found = _tagger(code) if code in _TAGGERS else None
    readings = found.tag_word(word) if found is not None else []
    if not readings:
        return False
    best = max(p for _, p in readings)
    return any(tag == "KON" and p >= best - CONJUNCTION_MARGIN for tag, p in readings)


@model_cache
def _tagger(code: str):  # type: ignore[no-untyped-def]
    try:
        from HanTa import HanoverTagger
    except ImportError:
        return None
    return HanoverTagger.HanoverTagger(_TAGGERS[code])


def tagger(code: str) -> Callable[[list[str]], list[tuple[str, str, str]]] | None:
    """The language's part-of-speech tagger (word, lemma, STTS tag per token), or None: the Hanover Tagger
    for German, Apertium's for Spanish, Portuguese, Italian, Romanian, Catalan and Polish."""
    if code not in _TAGGERS:
        return apertium_tagger(code)
    found = _tagger(code)
    return found.tag_sent if found is not None else None


def _tagger_parse(code: str) -> Parse | None:
    """A tagger gives no tree: every word is its own head, so the rules read the opening word's class."""
    tagger = _tagger(code)
    if tagger is None:
        return None

    def parse(sentence: str) -> list[Word]:
        tokens = TAGGER_TOKEN.findall(sentence)[:TAGGED_OPENING]
        words: list[Word] = []
        for i, (token, _, tag) in enumerate(tagger.tag_sent(tokens) if tokens else []):
            pos, feats = _STTS_AS_UD.get(tag, ("PUNCT" if tag.startswith("$") else tag, ""))
            words.append(Word(i, token, 0, " ", i, "root" if i == 0 else "dep", pos, feats))
        return words

    return parse
