"""A clause too long for a label, shortened by a part-of-speech tagger where no parser ships (German).

Without a tree, the cut of a long clause stops at its 12th word, and a German clause keeps its verb for the
end ("Die britische Regierung hat noch am Samstagabend in einem Brief …" never reaches "beantragt"). A
tagger still shows the parts a clause can lose and stay a clause: adverbs ("noch", "also") and
prepositional phrases ("in einem Brief", "bei der EU"), each with the genitives and the phrases that hang
on its noun ("im Fall einer Nichtbefolgung des Benn-Gesetzes durch Johnson"). They go adverbs first, then
phrases farthest from the date, until the clause fits; the date's own phrase and whatever it hangs on stay.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

# STTS tags (the TIGER treebank's), as the Hanover Tagger writes them without its brackets
_PREPOSITIONS = frozenset({"APPR", "APPRART", "APPO"})
_NOMINAL = frozenset({"ART", "ADJA", "CARD", "NN", "NE", "PPOSAT", "PIAT", "PIDAT", "PDAT", "TRUNC", "FM"})
_NOUNS = frozenset({"NN", "NE", "CARD", "FM"})
_GENITIVE_ARTICLES = frozenset({"des", "der", "eines", "einer"})  # after a noun: mostly a genitive
_DROPPABLE_ADVERBS = frozenset({"ADV", "PROAV"})  # "noch", "also"; "danach", "damit"
# adverbs that deny what the clause says (STTS tags only "nicht" PTKNEG): dropped, they would reverse it
_NEGATIONS = frozenset(
    {"nie", "niemals", "nimmer", "nirgends", "nirgendwo", "keineswegs", "keinesfalls", "kaum"}
)
_OPENERS = frozenset({"KOUS", "KOUI", "KON", "$"})  # dass, um, und; punctuation
_EDGE = ".,;:!?\"'«»„“”‚‘’()[]"


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int  # exclusive
    phrase: bool  # a prepositional phrase (an adverb otherwise)
    genitive: bool = False  # a genitive after a noun outside any phrase ("der Gruppe Extinction Rebellion")


def compressed(
    tokens: Sequence[str],
    anchor: int,
    tags: Sequence[str],
    size: Callable[[list[str]], int],
    limit: int,
    verb_early: bool = False,
    pronoun_named: bool = False,
    connectives: Collection[int] = (),
) -> list[str]:
    """`tokens` without adverbs, then prepositional phrases, until `size` is at most `limit`. `anchor`: the
    index of the date's token (or of the gap where the date was); `tags`: one STTS tag per token.
    In a language whose verb comes early (`verb_early`: Spanish, Italian…) adverbs go, but not one right
    before the verb ("non sono scese", "nie ma"), and then only the phrases that open a clause before its
    verb ("que desde la cúpula de la coalición se había lanzado"): a phrase after the verb may be its
    object or carry the adjectives after its noun, which a tagger cannot see."""
    kept = list(range(_first_conjunct(tokens, tags, anchor, verb_early)))
    if verb_early and size([tokens[i] for i in kept]) > limit:
        other = _other_predicate(tags, anchor)
        kept = [i for i in kept if not (other and other[0] <= i < other[1])]
    units = [u for u in _units(tokens, tags, verb_early) if u.end <= len(kept)]
    if verb_early:
        units = [
            u
            for u in _chained(units)
            if (_opens_before_verb(tags, u, pronoun_named) if u.phrase else not _before_verb(tags, u.end))
        ]
    protected = _protected(units, anchor, tags, connectives)
    date_phrase = _date_on_noun(units, tags, anchor)
    if date_phrase is not None and size([tokens[i] for i in kept]) > limit:
        kept = [i for i in kept if not date_phrase.start <= i < date_phrase.end]
    for phrase, genitive in ((False, False), (True, False), (True, True)):
        order = sorted(
            (u for u in units if u.phrase == phrase and u.genitive == genitive and u not in protected),
            key=lambda u: -_distance(u, anchor),
        )
        for unit in order:
            if size([tokens[i] for i in kept]) <= limit:
                return [tokens[i] for i in kept]
            gone = set(range(unit.start, unit.end)) | _hanging_on(unit, units, _opens(unit, kept, tags))
            gone -= {i for u in protected for i in range(u.start, u.end)}
            if gone & set(kept) and not _ends_marked(tokens, gone):
                kept = [i for i in kept if i not in gone]
    return [tokens[i] for i in kept]


def tag_tokens(
    tokens: Sequence[str], tag_sent: Callable[[list[str]], list[tuple[str, str, str]]]
) -> list[str]:
    """One STTS tag per token; a token of punctuation alone is `$`, the tagger's brackets dropped."""
    bare = [t.strip(_EDGE) for t in tokens]
    words = [b for b in bare if b]
    tagged = iter(tag for _, _, tag in tag_sent(words)) if words else iter(())
    tags = [_stts(next(tagged, "XY")) if b else "$" for b in bare]
    return [
        "PDAT" if tag == "PDS" and n + 1 < len(tags) and tags[n + 1] in ("NN", "NE", "ADJA") else tag
        for n, tag in enumerate(tags)
    ]  # "jenen Energieunternehmen": a demonstrative before its noun determines it (STTS PDAT)


def _stts(tag: str) -> str:
    """Plain STTS: the tagger writes "ADJ(A)" for ADJA and "NNI", "NNA" for nouns made of verbs and
    adjectives ("Scheitern")."""
    tag = tag.replace("(", "").replace(")", "")
    return "NN" if tag.startswith("NN") else tag


def _first_conjunct(tokens: Sequence[str], tags: Sequence[str], anchor: int, verb_early: bool = False) -> int:
    """Where a second clause joined by "und", "oder", "aber" begins after the date's clause (its verb
    before the conjunction): the label is the first one, as a cut there would give. Where the verb comes
    early, "e" between two names or nouns with no verb after them joins a list ("Umbria e Lazio con …")."""
    for i in range(max(anchor, 0) + 1, len(tokens)):
        if (
            tags[i] == "KON"
            and any(t.startswith("V") for t in tags[anchor:i])
            and not (verb_early and _joins_list(tags, i))
        ):
            return i
    return len(tokens)


def _other_predicate(tags: Sequence[str], anchor: int) -> tuple[int, int] | None:
    """ "Colabora regularmente para a New York Review of Books e | é autor de … em 2009": where the verb
    comes early, two predicates of one subject joined by "e", "y", "i", the date in the second; the first
    one and the conjunction (start, end), which a clause too long for a label loses, its subject kept."""
    for k in range(min(anchor, len(tags)) - 1, 0, -1):
        if tags[k] != "KON" or not _finite_at(tags, k + 1):
            continue
        verbs = [v for v in range(k) if tags[v].endswith("FIN")]
        if verbs and not any(t.startswith(("KOUS", "PREL", "PW")) for t in tags[verbs[0] : k]):
            return verbs[0], k + 1
        return None
    return None


def _finite_at(tags: Sequence[str], i: int) -> bool:
    """A finite verb at `i`, after clitic pronouns and adverbs ("e não é", "y se fue")."""
    while i < len(tags) and tags[i] in ("PPER", "PRF", "ADV", "PTKNEG"):
        i += 1
    return i < len(tags) and tags[i].startswith("V") and tags[i].endswith("FIN")


def _joins_list(tags: Sequence[str], i: int) -> bool:
    after = tags[i + 1 : i + 3]
    return (
        tags[i - 1] in _NOUNS
        and bool(after)
        and after[0] in _NOUNS
        and not any(t.startswith("V") for t in after)
    )


def _opens(unit: _Unit, kept: list[int], tags: Sequence[str]) -> bool:
    """Whether a phrase opens the clause: only conjunctions or punctuation stand before it ("dass im
    Fall …")."""
    return all(tags[i] in _OPENERS for i in kept if i < unit.start)


def _units(tokens: Sequence[str], tags: Sequence[str], verb_early: bool = False) -> list[_Unit]:
    units: list[_Unit] = []
    i = 0
    while i < len(tokens):
        if (
            tags[i] in _DROPPABLE_ADVERBS
            and not _negates(tokens, tags, i)
            and not _governed(tags, i)
            and not _degree(tags, i)
            and not (verb_early and _grades_quantity(tags, i))
        ):
            units.append(_Unit(i, i + 1, phrase=False))
            i += 1
        elif verb_early and _adverbial_locution(tags, i):
            units.append(_Unit(i, i + 2, phrase=False))  # "de nuevo", "por completo": an adverb
            i += 2
        elif tags[i] in _PREPOSITIONS:
            end = _phrase_end(tokens, tags, i + 1, verb_early)
            while (
                end > i + 1
                and end + 1 < len(tokens)
                and tags[end] == "KON"
                and tags[end + 1] in _PREPOSITIONS
            ):
                # "im Parlament und im Kabinett": one part
                following = _phrase_end(tokens, tags, end + 2, verb_early)
                if following <= end + 2:
                    break
                end = following
            if end > i + 1:
                units.append(_Unit(i, end, phrase=True))
            i = max(end, i + 1)
        elif not verb_early and _opens_genitive(tokens, tags, i):
            end = _phrase_end(tokens, tags, i)
            if end > i + 1:
                units.append(_Unit(i, end, phrase=True, genitive=True))  # goes last, after the phrases
            i = max(end, i + 1)
        else:
            i += 1
    return units


def _adverbial_locution(tags: Sequence[str], i: int) -> bool:
    """A preposition before a bare adjective that no noun follows ("de nuevo", "por completo", "di
    nuovo"): Apertium reads the two words apart, yet they are one adverb and may go as adverbs do."""
    return (
        tags[i] in _PREPOSITIONS
        and i + 1 < len(tags)
        and tags[i + 1] == "ADJA"
        and (i + 2 == len(tags) or tags[i + 2] not in _NOMINAL)
    )


def _opens_genitive(tokens: Sequence[str], tags: Sequence[str], i: int) -> bool:
    """ "Die Klimaaktivisten | der Gruppe …": a genitive article right after a noun that no preposition
    governs; it names whose the noun is and may go when a clause is still too long."""
    return (
        i > 0
        and tags[i] == "ART"
        and tokens[i].casefold() in _GENITIVE_ARTICLES
        and tags[i - 1] in ("NN", "NE")
        and tokens[i - 1] == tokens[i - 1].rstrip(_EDGE)
    )


def _negates(tokens: Sequence[str], tags: Sequence[str], i: int) -> bool:
    """A negation is never dropped: "nie", "kaum", and the adverb after "nicht" ("nicht mehr")."""
    return tokens[i].strip(_EDGE).casefold() in _NEGATIONS or (i > 0 and tags[i - 1] == "PTKNEG")


def _governed(tags: Sequence[str], i: int) -> bool:
    """An adverb right after a preposition is its object ("bis heute", "seit gestern")."""
    return i > 0 and tags[i - 1] in _PREPOSITIONS


def _before_verb(tags: Sequence[str], i: int) -> bool:
    """Whether a verb follows at `i`, after clitic pronouns ("no se ha", "nu l-a")."""
    while i < len(tags) and tags[i] in ("PPER", "PRF"):
        i += 1
    return i < len(tags) and tags[i].startswith("V")


def _opens_before_verb(tags: Sequence[str], unit: _Unit, pronoun_named: bool = False) -> bool:
    """A prepositional phrase that opens a subordinate clause (after "que", "che", "że" and adverbs) and
    stands before its finite verb is an adjunct, never the verb's object. One that opens the sentence
    stays: where the subject is dropped it is what the clause is about ("En el oficialismo esperan …"),
    and one that leaves a personal pronoun opening the clause ("… ele recebeu") would leave it pointing
    back, unless the label names the pronoun (`pronoun_named`), and then an opening phrase may go too."""
    start = unit.start
    while start > 0 and tags[start - 1] in _DROPPABLE_ADVERBS:
        start -= 1
    before_pronoun = bool(tags[unit.end :]) and tags[unit.end] == "PPER"
    opened = start > 0 and tags[start - 1].startswith(("KOUS", "PREL"))
    opened = opened or (pronoun_named and start == 0 and before_pronoun)
    rest = tags[unit.end :]
    verb = next((n for n, tag in enumerate(rest) if tag.startswith("V")), None)
    return (
        opened and verb is not None and rest[verb].endswith("FIN") and (pronoun_named or not before_pronoun)
    )


def _chained(units: list[_Unit]) -> list[_Unit]:
    """Phrases that follow one another are one part where the verb comes early: the later ones hang on
    the noun before them ("desde la cúpula" + "de la coalición")."""
    out: list[_Unit] = []
    for unit in units:
        if out and unit.phrase and out[-1].phrase and out[-1].end == unit.start:
            out[-1] = _Unit(out[-1].start, unit.end, phrase=True)
        else:
            out.append(unit)
    return out


def _degree(tags: Sequence[str], i: int) -> bool:
    """An adverb inside a noun phrase or before an adjective, a number or another adverb grades it ("la
    semana más decisiva", "cel mai crescut", "la ex presidenta", "sehr früh"): without it the phrase says
    something else."""
    after = tags[i + 1] if i + 1 < len(tags) else ""
    before = tags[i - 1] if i > 0 else ""
    return after in _GRADED or before in _DETERMINERS


def _grades_quantity(tags: Sequence[str], i: int) -> bool:
    """In a language whose verb comes early (Apertium's tags), an adverb before a preposition and a number
    or article compares a quantity ("algo menos de un grado", "più di 500"): without it, "less than a
    degree" would read "a degree". (A German adverb there opens a phrase of its own: "nochmals in eine
    nächste Runde".)"""
    return i + 2 < len(tags) and tags[i + 1] in _PREPOSITIONS and tags[i + 2] in ("CARD", "ART")


_GRADED = frozenset({"ADJA", "ADJD", "ADV", "CARD", "PIAT", "PIDAT"})
_DETERMINERS = frozenset({"ART", "APPRART", "PDAT", "PPOSAT", "PIAT"})


def _phrase_end(tokens: Sequence[str], tags: Sequence[str], i: int, adjectives_after: bool = False) -> int:
    """Past the noun phrase after a preposition: its article, adjectives and nouns ("Ende Oktober"), the
    genitives after the noun ("einer Nichtbefolgung des Benn-Gesetzes", "Europas größter Messe"), nouns
    joined by "und" ("am Samstag und Sonntag"), and a closing "hinaus"; a comma ends it. Without a noun
    there is no phrase (the end is `i`). `adjectives_after`: the language puts adjectives after their
    noun ("del gobierno regional")."""
    end, noun_seen = i, False
    while i < len(tokens) and (tags[i] in _NOMINAL or (noun_seen and _joins_nouns(tags, i))):
        tag = tags[i]
        if adjectives_after and noun_seen and tag == "ADJA":
            i, end = i + 1, i + 1
            if tokens[i - 1] != tokens[i - 1].rstrip(",;:"):
                break
            continue
        if noun_seen and tag not in _NOUNS:
            if not _goes_on(tokens, tags, i):
                break
            noun_seen = False
        i += 1
        if tag in _NOUNS:
            end, noun_seen = i, True
        if tokens[i - 1] != tokens[i - 1].rstrip(",;:"):
            break
    if end > 0 and noun_seen and end < len(tokens) and tags[end] == "APZR":
        end += 1  # "über Ende Oktober hinaus"
    return end


def _goes_on(tokens: Sequence[str], tags: Sequence[str], i: int) -> bool:
    """Whether the phrase goes on past its noun at `i`: a genitive article, a second noun after "und", or
    the noun a genitive name determines."""
    genitive = tags[i] == "ART" and tokens[i].casefold() in _GENITIVE_ARTICLES
    return genitive or tags[i] == "KON" or _saxon_genitive(tokens, tags, i)


def _joins_nouns(tags: Sequence[str], i: int) -> bool:
    """ "und", "oder" between two nouns of one phrase ("auf der Expo und Conference", "am Samstag und
    Sonntag")."""
    return tags[i] == "KON" and i + 1 < len(tags) and tags[i + 1] in _NOMINAL


def _saxon_genitive(tokens: Sequence[str], tags: Sequence[str], i: int) -> bool:
    """A name in the genitive before the noun it determines ("auf Europas größter Messe", "nach Johnsons
    Niederlage"): the phrase goes on to that noun."""
    return i > 0 and tags[i - 1] == "NE" and tokens[i - 1].endswith("s") and tags[i] in ("ADJA", "NN")


def _hanging_on(unit: _Unit, units: list[_Unit], first: bool) -> set[int]:
    """A phrase that opens the clause takes the phrases right after it, which hang on its noun ("durch
    Johnson" after "im Fall einer Nichtbefolgung"); in mid-clause the next phrase may be the verb's and
    stays ("am Samstag" + "um einen Fristaufschub")."""
    out: set[int] = set()
    end = unit.end
    for other in sorted((u for u in units if u.phrase and unit.phrase and first), key=lambda u: u.start):
        if other.start == end:
            out |= set(range(other.start, other.end))
            end = other.end
    return out


def _protected(
    units: list[_Unit], anchor: int, tags: Sequence[str], connectives: Collection[int] = ()
) -> set[_Unit]:
    """The date's own phrase, the phrase right before it when the date hangs on its noun ("nach dem
    Parlamentsentscheid vom Samstag", "um einen Fristaufschub über Ende Oktober hinaus"), and an adverb
    right before it, which modifies the date ("erst am Montag": not before Monday); a pronominal adverb
    ("damit vor zwei Wochen": with it) points at a thing, not at the date, and is no modifier; nor is an
    adverb the tagger also reads as a conjunction (`connectives`: "war aber am Samstag")."""
    own = [u for u in units if u.start <= anchor < u.end]
    before = [u for u in units if own and own[0].phrase and u.phrase and u.end == own[0].start]
    start = own[0].start if own else anchor
    modifier = [  # "erst am Montag", "spätestens 2030"
        u
        for u in units
        if not u.phrase and u.end == start and tags[u.start] != "PROAV" and u.start not in connectives
    ]
    return {*own, *before, *modifier}


def _date_on_noun(units: list[_Unit], tags: Sequence[str], anchor: int) -> _Unit | None:
    """The date's own phrase when it is only a preposition and the date, hanging on the noun of the
    phrase before it ("nach dem Parlamentsentscheid | vom Samstag"): it goes first, as the timeline shows
    the date beside the label and the noun reads whole without it, where a phrase far from the date may be
    what the verb says ("geht … in eine nächste Runde")."""
    own = next((u for u in units if u.phrase and u.start <= anchor < u.end), None)
    if own is None or own.start != anchor - 1 or own.end != anchor + 1:
        return None
    return own if any(u.phrase and u.end == own.start for u in units) else None


def _distance(unit: _Unit, anchor: int) -> int:
    return unit.start - anchor if unit.start >= anchor else anchor - unit.end + 1


def _ends_marked(tokens: Sequence[str], gone: set[int]) -> bool:
    """A phrase whose last word carries a comma or a bracket is part of the punctuation: it stays."""
    last = max(gone)
    return tokens[last] != tokens[last].rstrip(_EDGE)
