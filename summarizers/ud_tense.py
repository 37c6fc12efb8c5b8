"""The tense of a sentence's verbs, read from a Universal Dependencies parse (French, Czech, Russian).

English dates lean on verb cues ("said", "will"); elsewhere the date tables give only date words ("ayer",
"prochain"), so a bare weekday in "a été tué samedi" had no tense and became the nearest Saturday, ahead.
Where a parser is installed, the verbs' morphology says it: a finite verb in a past or future tense, a
participle of a compound past ("a été tué", "zemřel") and the tense of its auxiliary. A participle of the
passive takes its auxiliary's tense ("est organisé": present, no cue). The cues go to the date resolver
as English verb cues do (summarizers.dates.find_dates `verbs=`).
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizers.apertium_tagger import PAIRS as APERTIUM_LANGUAGES
from summarizers.apertium_tagger import readings
from summarizers.dates import DateMention, Tense, tense_free
from summarizers.tagger_tense import apertium_tenses, german_tenses, has_finite_verb
from summarizers.ud_labels import Word, ud_parser

_PAST = frozenset({"Past", "Imp", "Pqp"})  # past, imperfect, pluperfect


def _feats(word: Word) -> dict[str, str]:
    return dict(part.split("=", 1) for part in word.feats.split("|") if "=" in part)


def _tense_of(feats: dict[str, str]) -> Tense | None:
    tense = feats.get("Tense")
    if tense == "Fut":
        return "future"
    return "past" if tense in _PAST else None


def verb_tenses(
    words: Sequence[Word], *, outside: Sequence[tuple[int, int]] = ()
) -> tuple[tuple[int, Tense], ...]:
    """(offset, tense) of every verb of one parsed sentence whose form is past or future, in order.
    Words inside `outside` (the date expressions: a parser may tag "samedi" a verb) are not verbs."""
    auxiliaries: dict[int, list[Word]] = {}
    for w in words:
        if w.pos == "AUX" and w.base == "aux" and w.head != w.i:
            auxiliaries.setdefault(w.head, []).append(w)
    cues: list[tuple[int, Tense]] = []
    for w in words:
        if w.pos != "VERB" or any(start <= w.idx < end for start, end in outside):
            continue
        feats = _feats(w)
        tense: Tense | None
        if feats.get("VerbForm") == "Part":
            helpers = auxiliaries.get(w.i, [])
            tense = next((t for a in helpers if (t := _tense_of(_feats(a))) is not None), None)
            compound = any(a.dep != "aux:pass" for a in helpers) or feats.get("Voice") == "Act"
            if tense is None and compound and feats.get("Tense") == "Past":
                tense = "past"  # "a été tué", "est arrivé", Czech "zemřel": a compound past
        else:  # a finite verb's own tense, else its auxiliary's ("будет проводить", "va partir")
            own = _tense_of(feats) if feats.get("VerbForm", "Fin") == "Fin" else None
            tense = own or next(
                (t for a in auxiliaries.get(w.i, []) if (t := _tense_of(_feats(a))) is not None), None
            )
        if tense is not None:
            cues.append((w.idx, tense))
    return tuple(cues)


# Parsers whose morphology marks tense (GiNZA's Japanese does not: its past is an auxiliary with no feature).
TENSE_LANGUAGES = frozenset({"fr", "cs", "ru"})
TAGGED_TENSE_LANGUAGES = frozenset({"de"})  # a tagger's morphemes (summarizers.tagger_tense)


def verb_cues(
    sentences: Sequence[str], mentions: Sequence[Sequence[DateMention]], language: str | None
) -> list[tuple[tuple[int, Tense], ...]]:
    """Each sentence's verb cues, parsed only where a date there has no number and states no distance
    ("samedi", "en avril"): the others do not need the tense. German is read by its tagger; Spanish,
    Portuguese, Italian, Romanian, Catalan and Polish by Apertium's. Empty without a parser or tagger for
    the language."""
    empty: tuple[tuple[int, Tense], ...] = ()
    cues = [empty] * len(sentences)
    wanted = [n for n, found in enumerate(mentions) if any(tense_free(m) for m in found)]
    if wanted and language in APERTIUM_LANGUAGES:
        read = readings(language)
        for n in wanted if read is not None else ():
            cues[n] = apertium_tenses(sentences[n], read, outside=[(m.start, m.end) for m in mentions[n]])
            if not cues[n] and n > 0 and not has_finite_verb(sentences[n], read):
                before = apertium_tenses(sentences[n - 1], read)
                cues[n] = (
                    ((0, before[-1][1]),) if before else ()
                )  # a line without a verb goes on in the tense before
        return cues
    if wanted and language in TAGGED_TENSE_LANGUAGES:
        from summarizers.ranking.coherence import tagger  # imported late: no cycle

        tag_sent = tagger(language)
        for n in wanted if tag_sent is not None else ():
            outside = [(m.start, m.end) for m in mentions[n]]
            cues[n] = german_tenses(sentences[n], tag_sent, outside=outside)
        return cues
    parse = ud_parser(language) if wanted and language in TENSE_LANGUAGES else None
    if parse is None:
        return cues
    for n, words in zip(wanted, parse([sentences[n] for n in wanted]), strict=True):
        cues[n] = verb_tenses(words, outside=[(m.start, m.end) for m in mentions[n]])
    return cues
