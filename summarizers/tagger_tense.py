"""The tense of German verbs, read from the Hanover Tagger's morphemes where no parser ships.

A bare weekday in "Die Polizei hat den Mann am Freitag festgenommen" had no tense cue (German has no
parser here), so it became the nearest Friday, ahead. The tagger splits each verb into stem and suffix
("spiel|te", "nahm", "hatt|e", "ge|nomm|en") and says which stems changed their vowel (`_VAR`), so:
- a finite verb is past with a weak past ending ("-te", "-ete") or with a changed stem and no present
  ending ("nahm", "kamen", "wurde"), "war" being the past of "sein";
- a stem with an umlaut the past lacks is the subjunctive ("hätte", "würde", "könnte", "käme"): no cue;
- a present "haben"/"sein" with a participle is the perfect ("hat … festgenommen"): past;
- a present "werden" with an infinitive is the future ("wird … stattfinden"), with only a participle the
  present passive ("wird … eröffnet"): no cue.
Each cue stands at the start of its verb's clause, since the verb of a German clause may come last.
The cues go to the date resolver as a parser's do (summarizers.dates.find_dates `verbs=`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from summarizers.apertium_tagger import Reading, is_finite
from summarizers.dates import Tense

_CLAUSE_BREAK = re.compile(r"[,;:–—]\s*")
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_WEAK_PAST = ("te", "ete")
_PRESENT_WITHOUT_ENDING = frozenset({"wiss"})  # "weiß": a present with a changed stem and no ending


@dataclass(frozen=True, slots=True)
class _Verb:
    offset: int
    lemma: str
    stem: str  # the morpheme of the verb's stem
    kind: str  # the stem's tag: "VV", "VV_VAR", "VA_IRR", "VM_VAR"...
    ending: str  # the finite ending ("te", "en", "t"), "" for none
    form: str  # "FIN", "INF", "PP"


def german_tenses(
    sentence: str,
    tag_sent: Callable[..., list[tuple[str, str, list[tuple[str, str]], str]]],
    *,
    outside: Sequence[tuple[int, int]] = (),
) -> tuple[tuple[int, Tense], ...]:
    """(offset, tense) of the sentence's past and future verbs, in order; words inside `outside` (the
    date expressions) are not verbs."""
    verbs = [_at_clause_start(v, sentence) for v in _verbs(sentence, tag_sent, outside)]
    finite = [v for v in verbs if v.form == "FIN"]
    participles = [v for v in verbs if v.form == "PP"]
    infinitives = [v for v in verbs if v.form == "INF"]
    cues: list[tuple[int, Tense]] = []
    for verb in finite:
        tense = _finite_tense(verb)
        if tense is None and verb.lemma in ("hab", "sei") and participles:
            cues += [(verb.offset, "past"), *((p.offset, "past") for p in participles)]
        elif tense is None and verb.lemma == "werd" and infinitives:
            cues += [(verb.offset, "future"), *((i.offset, "future") for i in infinitives)]
        elif tense is not None:
            cues.append((verb.offset, tense))
    return tuple(sorted(set(cues)))


def _at_clause_start(verb: _Verb, sentence: str) -> _Verb:
    """The cue stands where the verb's clause begins: a German clause puts its verb last ("dass ein Gericht
    am Montag ein Machtwort sprechen werde"), and the date resolver reads the nearest cue before a date,
    which would be the main clause's "hatte angekündigt"."""
    start = max((m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, verb.offset)), default=0)
    return replace(verb, offset=start)


def _verbs(sentence: str, tag_sent: Callable[..., list], outside: Sequence[tuple[int, int]]) -> list[_Verb]:
    found = list(_TOKEN.finditer(sentence))
    if not found:
        return []
    verbs = []
    for m, (_, lemma, morphemes, tag) in zip(
        found, tag_sent([t.group() for t in found], taglevel=3), strict=True
    ):
        plain = tag.replace("(", "").replace(")", "")
        if not plain.startswith("V") or any(start <= m.start() < end for start, end in outside):
            continue
        stem = next(((text, kind) for text, kind in morphemes if kind.startswith("V")), None)
        if stem is None:
            continue
        ending = next((text for text, kind in morphemes if kind == "SUF_FIN"), "")
        verbs.append(_Verb(m.start(), lemma, stem[0], stem[1], ending, plain[2:]))
    return verbs


def _finite_tense(verb: _Verb) -> Tense | None:
    """Past from the verb's own form; None for a present, a subjunctive, or a form the rules cannot read."""
    if verb.kind.endswith("_IRR"):
        return "past" if verb.stem.lower().startswith("war") else None  # "war", "waren": "sein"
    changed = verb.kind.endswith("_VAR")
    if (changed or verb.kind.startswith("VM")) and any(c in "äöü" for c in verb.stem.lower()):
        return None  # "hätte", "würde", "könnte", "käme": the subjunctive
    if verb.ending.startswith(_WEAK_PAST):
        return "past"  # "spielte", "meldete", "sollte"
    if changed and verb.ending in ("", "e", "en"):
        if not verb.ending and (verb.kind.startswith(("VM", "VA")) or verb.lemma in _PRESENT_WITHOUT_ENDING):
            return None  # "kann", "muss", "wird", "weiß": presents with a changed stem
        return "past"  # "nahm", "kamen", "hatte", "wurde", "konnte"
    return None


# Apertium's tense tags (summarizers.apertium_tagger): preterite, imperfect, pluperfect, Polish past;
# future. A present, a conditional or a subjunctive gives no cue.
_APERTIUM_PAST = frozenset({"ifi", "pii", "plu", "past"})
_APERTIUM_FUTURE = frozenset({"fti", "fut"})
_HAVE = frozenset({"vbhaver", "vbavea"})  # "ha", "a": with a participle, a compound past
_PARTICIPLE_WITHIN = 3  # words between "ha" and its participle: "ha ya anunciado", "a mai declarat"
_GO_PAST = frozenset({"anar"})  # Catalan's past is "go" in the present with an infinitive: "va dir" (said)


def apertium_tenses(
    sentence: str,
    read: Callable[[list[str]], list[Reading]],
    *,
    outside: Sequence[tuple[int, int]] = (),
) -> tuple[tuple[int, Tense], ...]:
    """(offset, tense) of the sentence's past and future verbs where Apertium tags the language (Spanish,
    Portuguese, Italian, Romanian, Catalan, Polish): a finite verb in a past or future tense ("detuvo",
    "arrestava", "powiedział", "anunciará"), "have" with a participle ("ha detenido", "a declarat") and
    Catalan's "go" with an infinitive ("va dir").
    Each cue stands at its verb, which comes early in these languages; words inside `outside` (the date
    expressions) are not verbs."""
    found = [m for m in _TOKEN.finditer(sentence) if not any(s <= m.start() < e for s, e in outside)]
    readings = read([m.group() for m in found]) if found else []
    cues: list[tuple[int, Tense]] = []
    for n, (m, (_, _, tags)) in enumerate(zip(found, readings, strict=True)):
        if not tags or not tags[0].startswith("v"):
            continue
        features = set(tags)
        if features & _APERTIUM_PAST:
            cues.append((m.start(), "past"))
        elif features & _APERTIUM_FUTURE:
            cues.append((m.start(), "future"))
        elif _compound_past(readings, n):
            cues.append((m.start(), "past"))
    return tuple(cues)


def has_finite_verb(sentence: str, read: Callable[[list[str]], list[Reading]]) -> bool:
    """Whether Apertium reads a finite verb in the sentence ("Temperature in aumento fino a 23°C (specie da
    domenica)." has none: a forecast's line that goes on from the sentence before)."""
    words = [m.group() for m in _TOKEN.finditer(sentence)]
    return any(is_finite(tags) for _, _, tags in (read(words) if words else []))


def _compound_past(readings: Sequence[Reading], n: int) -> bool:
    """ "ha detenido", "a declarat": "have" with a participle; "va dir": Catalan's "go" with an infinitive."""
    _, lemma, tags = readings[n]
    if tags[0] in _HAVE:
        return _participle_follows(readings[n + 1 : n + 1 + _PARTICIPLE_WITHIN])
    return lemma in _GO_PAST and "pri" in tags and _infinitive_follows(readings[n + 1 : n + 2])


def _infinitive_follows(after: Sequence[Reading]) -> bool:
    return any(tags[:1] and tags[0].startswith("v") and "inf" in tags for _, _, tags in after)


def _participle_follows(after: Sequence[Reading]) -> bool:
    for _, _, tags in after:
        if tags[:1] and tags[0].startswith("v"):
            return "pp" in tags
    return False
