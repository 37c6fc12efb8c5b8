"""Named entities: NER (the language's model, see ner_models.py), alias merging and salience.

The model finds mentions sentence by sentence; this module turns them into the people, organizations and places
an article is about. Surface forms of one entity are merged ("Abe", "Abe’s" and "Shinzo Abe" are one person,
"EEF" is "Eastern Economic Forum"), each entity takes the type most of its mentions got, and entities are
ranked by how often and how early they are mentioned and whether the headline names them.

Demonyms ("Russian", spaCy's NORP) of a place the article names are dropped rather than merged: "the Russian
town of Sochi" does not mention Russia, and the place already carries the information; a nationality the
model typed as a person or organisation ("Africans") is no name at all (CLDR's language and place names
tell, see place_names.py). Other NORP, events, works, laws and products are kept as "other"; dates, times,
money and numbers never are entities.

Types are checked against the gazetteer (place_names.py): a person or organisation that is a known place
with no other reading becomes a place, a group of states an organisation. A language with no model gets
the places the gazetteer finds, the people found by their given names (person_names.py) and a note saying
organisations are missing; names are never guessed from capitals alone.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from summarizers import person_names, place_names
from summarizers.briefing import (
    NO_MODEL_NOTE,
    NO_ORGANISATIONS_NOTE,
    PLACES_ONLY_NOTE,
    UNKNOWN_LANGUAGE_NOTE,
    Entity,
    EntityType,
)
from summarizers.gazetteer import Gazetteer, PlaceKind
from summarizers.ner_models import Recogniser, recogniser
from summarizers.roles import Role, is_demonym, mentioned_by_role
from summarizers.text import HONORIFICS, language_label, normalise_language

NER_MAX_CHARS = 30_000  # NER runs on the article's first 30k characters (~5k words); a note says so
LEAD_SENTENCES = 3
TITLE_BONUS, LEAD_BONUS = 3.0, 2.0

ENTITY_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "other",
    "EVENT": "other",
    "WORK_OF_ART": "other",
    "LAW": "other",
    "PRODUCT": "other",
    "MISC": "other",
}
# Words that open an English sentence and are never part of a name.
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\w+",
        """the a an it its he she they we i you this that these those but and or so yet in on at for of with
        as if when while after before there his her their our my one some many most all no not what why how
        where who which to by from more also however still even then now such both each other another despite
        although though because since until during over under between about against among through into
        without within""",
    )
)
_ACRONYM = re.compile(r"^(?:[A-Z]\.?){2,6}$")
_NAME_CONNECTIVES = {
    "of",
    "and",
    "the",
    "for",
    "on",
    "in",
    "de",
    "da",
    "van",
    "von",
    "der",
    "al",
    "bin",
    "la",
    "le",
}
_HONORIFIC = re.compile(rf"^(?:(?:{'|'.join(HONORIFICS)})\.?|m\.)\s+(?=\S)", re.IGNORECASE)  # 'Sra. Díaz'

_ACRONYM_SKIPPED = {"of", "and", "the", "for", "on", "in", "&", "de", "du", "des", "la", "le"}
_POSSESSIVE = re.compile(r"(?<=\w)['’]s?$")
# English "the"; French "la", "le", "les", "l'" before a capital ("la Tunisie"; "La Haye" keeps its article)
_LEADING_ARTICLE = re.compile(r"^(?:(?i:the)\s+|(?:la|le|les)\s+(?=[A-ZÀ-Ý])|l['’](?=[A-ZÀ-Ý]))")
_CAPITAL_ARTICLE = re.compile(
    r"^(?:(?:la|le|les|el|los|las|il|der|die|das)\s+|l['’])(?=\w)"
)  # on casefolded keys
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}<>,;:!?-–—*"
_UNSPACED_CHARS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class FoundEntities:
    entities: tuple[Entity, ...]  # most salient first
    notes: tuple[str, ...] = ()  # e.g. "entities: no model for Hungarian"
    named_in: tuple[tuple[str, ...], ...] = ()  # per sentence read: the entity names it mentions
    roles: tuple[Role, ...] = ()  # roles the article introduces, each with the entity's name

    def mentioned_in(self, index: int, sentence: str) -> tuple[str, ...]:
        """Names of the entities sentence `index` mentions, by name or by a role the article gave them."""
        named = self.named_in[index] if index < len(self.named_in) else ()
        by_role = mentioned_by_role(sentence, self.roles) - set(named)
        return (*named, *sorted(by_role))


@dataclass(frozen=True, slots=True)
class Mention:
    name: str  # normalised surface form: no possessive, no leading "the"
    label: str  # spaCy's (English) label
    sentence: int  # index of the sentence it is in
    base: str = ""  # the form shared across grammatical cases ("Praha" for "Praze"); name when empty
    person_cue: bool = False  # the sentence reads it as a person ('her son Archie', 'Jordan said he')
    place_cue: bool = False  # the sentence sets it as a place ('talks in Nagato')

    @property
    def key(self) -> str:
        return (self.base or self.name).casefold()


def no_model_note(language: str) -> str:
    """The note of a briefing whose language no installed NER model reads ("entities: no model for
    Hungarian"); renderers recognise it by its start and say it in the reader's language."""
    return NO_MODEL_NOTE.format(language=language_label(language))


def extract_entities(sentences: Sequence[str], *, language: str | None, title: str | None) -> FoundEntities:
    """The article's entities, most salient first; the title is never read by NER (title case fools it)."""
    code = normalise_language(language)
    if code is None:
        return FoundEntities((), (UNKNOWN_LANGUAGE_NOTE,))
    model = recogniser(code)
    places = place_names.places_for(code)
    if model is None and places is None:
        return FoundEntities((), (no_model_note(code),))
    body, notes = _within_budget(sentences, title)
    if model is None:
        assert places is not None
        from summarizers.ranking.language import language_for  # sumy and nltk: the worker's, not the bot's

        stop_words = language_for(code).stop_words
        mentions = [Mention(name, "GPE", i) for i, name in place_names.places_in(body, places, stop_words)]
        from summarizers.ranking.coherence import stop_words as spacy_stop_words  # imported late: no cycle

        closed = frozenset(stop_words) | spacy_stop_words(code)  # sumy's Spanish list lacks "de", "el"
        people = person_names.people_in(body, places, closed, _name_tagger(code))
        mentions = [m for m in mentions if not _inside_person(m, people)]
        mentions += [Mention(name, "PERSON", i) for i, name in people]
        introduced: list[Role] = []
        note = NO_ORGANISATIONS_NOTE if person_names.given_names() else PLACES_ONLY_NOTE
        notes = (*notes, note.format(language=language_label(code)))
    else:
        mentions, introduced = _mentions(model, body, code)
        mentions = [_whole_name(m, body[m.sentence]) for m in mentions]
    clusters = _merge(mentions, places, body, cues=code == "en")
    ranked = _rank(clusters, title, len(body))
    ranked, clusters = _few_places(ranked, clusters)
    return FoundEntities(ranked, notes, _named_in(clusters, len(body)), _roles_of(ranked, introduced))


def _name_tagger(code: str) -> person_names.Tagger | None:
    """The language's tagger (German's, or Apertium's) as words in, STTS tags out; None without one."""
    from summarizers.clause_compression import tag_tokens
    from summarizers.ranking.coherence import tagger  # imported late: no cycle

    tag_sent = tagger(code)
    return (lambda words: tag_tokens(words, tag_sent)) if tag_sent is not None else None


def _inside_person(place: Mention, people: list[tuple[int, str]]) -> bool:
    """'Pedro' the city inside 'Pedro Sánchez' the person."""
    return any(i == place.sentence and place.name in name.split() for i, name in people)


def _few_places(
    ranked: tuple[Entity, ...], clusters: list[list[Mention]]
) -> tuple[tuple[Entity, ...], list[list[Mention]]]:
    """The MAX_PLACES most salient places and every other entity: a page listing 500 towns keeps its
    key entities few."""
    places = [e.name for e in ranked if e.type == "place"]
    if len(places) <= place_names.MAX_PLACES:
        return ranked, clusters
    dropped = set(places[place_names.MAX_PLACES :])
    return (
        tuple(e for e in ranked if e.name not in dropped),
        [group for group in clusters if _entity(group).name not in dropped],
    )


def _within_budget(sentences: Sequence[str], title: str | None) -> tuple[list[str], tuple[str, ...]]:
    """The sentences NER reads: none that repeats the title, and no more than NER_MAX_CHARS in all."""
    title_key = _key(title) if title else None
    kept: list[str] = []
    used = 0
    for sentence in sentences:
        if used + len(sentence) > NER_MAX_CHARS:
            return kept, (f"named entities taken from the first {NER_MAX_CHARS:,} characters",)
        used += len(sentence)
        kept.append("" if _key(sentence) == title_key else sentence)
    return kept, ()


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _mentions(model: Recogniser, sentences: list[str], language: str) -> tuple[list[Mention], list[Role]]:
    """Every entity mention, and the roles the article introduces entities with."""
    found: list[Mention] = []
    roles: list[Role] = []
    read = [i for i, sentence in enumerate(sentences) if language != "en" or _may_name_something(sentence)]
    for hit in model.mentions([sentences[i] for i in read]):
        if hit.label not in ENTITY_TYPES:
            continue
        name = normalise_name(hit.text)
        if name is not None and hit.label == "ORG" and language == "en":
            name = _without_trailing_common_nouns(name)
        if name is not None and hit.label in ("PERSON", "PER"):
            name = _HONORIFIC.sub("", name)
            if not _is_proper_name(name):
                continue  # 'Meghan cry': a person span that ran into the verb
        if name is not None:
            base = normalise_name(hit.base) if hit.base != hit.text else None
            cue = language == "en" and _read_as_person(name, sentences[read[hit.sentence]])
            label = "PERSON" if cue else hit.label  # 'her son Archie': a person whatever the model says
            if label in ("PERSON", "PER") and not cue and _has_acronym_part(name):
                label = "ORG"  # 'Zanu-PF': no person's name has an acronym in it
            sentence = sentences[read[hit.sentence]]
            located = language == "en" and _read_as_place(name, sentence)
            if label in ("PERSON", "PER") and not cue and language == "en" and _read_as_team(name, sentence):
                label = "ORG"  # 'the Steelers', 'the Browns': a team or a group, not one person
            found.append(
                Mention(name, label, read[hit.sentence], base or "", person_cue=cue, place_cue=located)
            )
            roles.extend(hit.roles)
    return found, roles


_KIN = (
    "son|sons|daughter|daughters|baby|child|wife|husband|mother|father|brother|sister|grandson|granddaughter|"
    "grandmother|grandfather|grandchild|nephew|niece|uncle|aunt|cousin|fiancé|fiancée|widow|widower|mum|mom|"
    "dad|stepson|stepdaughter|stepmother|stepfather|twin"
)
# a possessive, at most two words ('unborn', '22-year-old'), a kinship noun, maybe a comma, then the name
_KIN_BEFORE = re.compile(
    rf"\b(?:his|her|their|my|our|your|\w+['’]s)\s+(?:[\w-]+\s+){{0,2}}?(?:{_KIN}),?\s+$", re.IGNORECASE
)
_KIN_AFTER = re.compile(
    rf"^(?:['’]s|\s+is|\s+was),?\s+(?:his|her|their|my|our|your)\s+(?:[\w-]+\s+)?(?:{_KIN})\b", re.IGNORECASE
)  # 'Archie's his grandson'
_BORN_AFTER = re.compile(r"^(?:['’]s)?\s+(?:was|were)\s+born\b")


_ROMAN_NUMERAL = re.compile(r"^[IVX]+$")


def _has_acronym_part(name: str) -> bool:
    """'Zanu-PF', 'ANC Youth League': a word or hyphenated part in capitals (not 'III', not initials), in
    a name that is not written all in capitals."""
    parts = re.split(r"[\s-]+", name)
    return any(ch.islower() for ch in name) and any(
        re.fullmatch(r"[A-Z]{2,6}", part) and not _ROMAN_NUMERAL.match(part) for part in parts
    )


_AGED = re.compile(r"^,\s*\d{1,3}\s*,")  # 'Georgia Harrison, 29,'
# 'Jordan said he', 'Washington told reporters she': a speaker the sentence goes on to call he or she
_SPEAKS_AS_PERSON = re.compile(
    r"^\s+(?:said|says|told|added|explained|recalled|admitted|insisted|wrote)\b(?:\s+[\w’'-]+){0,3}?\s+"
    r"(?:he|she|his|her)\b",
    re.IGNORECASE,
)


def _read_as_person(name: str, sentence: str) -> bool:
    """The sentence reads `name` as a person: somebody's relative ('her son Archie'), born, of an age
    ('Georgia Harrison, 29,') or a speaker it calls he or she ('Jordan said he'). Only a person is, whatever
    type the model gave the name and whatever place the gazetteer knows by it."""
    for found in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", sentence):
        after = sentence[found.end() :]
        if _KIN_BEFORE.search(sentence[: found.start()]) or any(
            cue.match(after) for cue in (_KIN_AFTER, _BORN_AFTER, _AGED, _SPEAKS_AS_PERSON)
        ):
            return True
    return False


_IN_PLACE = r"(?:in|near|outside|across|around|throughout)\s+(?:the\s+)?"


def _read_as_place(name: str, sentence: str) -> bool:
    """The sentence sets `name` as a place ('arrived in Nagato', 'outside Toyota'): a city that is also a
    company's or a club's name ('Toyota is displaying', 'Chelsea's goalkeeper') is a place only so."""
    return re.search(rf"(?<!\w){_IN_PLACE}{re.escape(name)}(?!\w)", sentence, re.IGNORECASE) is not None


def _read_as_team(name: str, sentence: str) -> bool:
    """'the Steelers', 'the Browns': a plural name after 'the' is a team or a group, which a small model
    reads as a person."""
    return (
        " " not in name
        and name.endswith("s")
        and name[:1].isupper()
        and re.search(rf"\b[Tt]he\s+{re.escape(name)}(?!\w)", sentence) is not None
    )


_LIST_TAIL = re.compile(r"(?:,\s*[A-Z][\w-]*)*,?\s+(?:and|&)\s+[A-Z][\w-]*")
_DEFINED = re.compile(r"((?:[A-Z][\w-]*\s+(?:(?:of|and|for|the|on|&)\s+)?)+)\(([A-Z]{2,6})\)")


def _whole_name(mention: Mention, sentence: str) -> Mention:
    """The organisation's whole name where the model cut it: at a comma inside it ('Ministry of Economy,
    Trade' + ', and Industry'), or before the words an acronym in brackets spells ('California Independent
    System' + ' Operator (ISO)')."""
    if mention.label != "ORG" or mention.base:
        return mention
    name = mention.name
    at = sentence.find(name)
    if at < 0:
        return mention
    rest = sentence[at + len(name) :]
    tail = _LIST_TAIL.match(rest)
    if tail and any(w in _NAME_CONNECTIVES for w in name.split()):
        return Mention(name + tail.group(0), mention.label, mention.sentence)
    for defined in _DEFINED.finditer(sentence):
        phrase = defined.group(1).strip()
        if (
            defined.start(1) <= at
            and at + len(name) < defined.start(1) + len(phrase)
            and phrase.startswith(sentence[defined.start(1) : at] + name)
        ):
            return Mention(sentence[at : defined.start(1) + len(phrase)], mention.label, mention.sentence)
    return mention


def _without_trailing_common_nouns(name: str) -> str:
    """'Associated Press news agency' -> 'Associated Press': English capitalises every word of a name but
    its connectives, so lower-case words after the last capitalised one are the model's overreach."""
    words = name.split()
    while len(words) > 1 and words[-1][:1].islower():
        words.pop()
    while len(words) > 1 and words[-1] in _NAME_CONNECTIVES:
        words.pop()
    return " ".join(words)


def _may_name_something(sentence: str) -> bool:
    """False for an English sentence with no capital letter past a function word that opens it ("He said
    it would rain."): every name kept has a capital, so NER has nothing to find there. Skips ~17% of text."""
    first, _, rest = sentence.strip().partition(" ")
    return (
        any(ch.isupper() for ch in rest) or first.strip(_EDGE_PUNCTUATION).casefold() not in _FUNCTION_WORDS
    )


def normalise_name(surface: str) -> str | None:
    """'the Eastern Economic Forum' -> 'Eastern Economic Forum', 'Abe’s' -> 'Abe'; None for noise."""
    name = " ".join(surface.split()).strip(_EDGE_PUNCTUATION)
    name = _LEADING_ARTICLE.sub("", _POSSESSIVE.sub("", name)).strip(_EDGE_PUNCTUATION)
    if name.endswith(".") and name.count(".") == 1:
        name = name[:-1]
    letters = [ch for ch in name if ch.isalpha()]
    if len(name) < 2 or not letters:
        return None
    if any(ch.islower() for ch in letters) and not any(ch.isupper() for ch in letters):
        return None  # all lower case: a common noun spaCy mislabelled
    if _CLAUSE_MARK.search(name):
        return None  # 'Kindle for PC、Amazonがあまり…ません。': a clause the model ran a span over
    return name


_CLAUSE_MARK = re.compile(r"[。！？、，；]")  # no name holds a sentence end or a CJK list comma


def _merge(
    mentions: list[Mention],
    places: Gazetteer | None = None,
    sentences: Sequence[str] = (),
    cues: bool = False,
) -> list[list[Mention]]:
    """Group the mentions of one entity: hyphen pairs split, acronyms and short names join long ones;
    then check each entity's type against the gazetteer."""
    mentions = _split_compounds(mentions)
    if places is not None:
        mentions = _split_place_pairs(mentions, places)
    by_name: dict[str, list[Mention]] = {}
    for m in mentions:
        by_name.setdefault(m.key, []).append(m)
    by_name = _without_demonyms(by_name, places)
    by_name = _without_spelled_out_common_nouns(by_name, sentences)
    target: dict[str, str] = {}
    for name, group in by_name.items():
        longer = (
            _without_article(name, by_name)
            or _acronym_expansion(name, group, by_name)
            or _surname(name, group, by_name, places)
            or _full_name(name, group, by_name)
            or _abbreviated_place(name, group, by_name, sentences, places)
        )
        if longer is not None:
            target[name] = longer
    for name in list(target):  # 'cal iso' -> 'iso' -> 'california independent system operator'
        seen = {name}
        while target[name] in target and target[name] not in seen:
            seen.add(target[name])
            target[name] = target[target[name]]
    clusters: dict[str, list[Mention]] = {}
    for name, group in by_name.items():
        if (
            name not in target
            and name not in target.values()
            and _is_dotted_abbreviation(group, sentences, places)
        ):
            continue  # 'Nev' with no Nevada named: a fragment, not a name to list
        clusters.setdefault(target.get(name, name), []).extend(group)
    for name, merged in clusters.items():  # a surname joined its person: one entity, one type
        surname_joined = any(target.get(m.key) == name and " " not in m.key for m in merged)
        if " " in name and surname_joined and "person" in (_vote(by_name[name]), _vote(merged)):
            clusters[name] = [dataclasses.replace(m, label="PERSON") for m in merged]
    if places is None:
        return list(clusters.values())
    return [_typed(group, places, cues) for group in clusters.values()]


def _typed(group: list[Mention], places: Gazetteer, cues: bool = False) -> list[Mention]:
    """The cluster with its type checked: a known place read as a person or organisation with no other
    reading becomes a place ('Okinawa'); a group of states is an organisation ('G7'). With `cues` (the
    sentences were read for them: English), a city the model calls an organisation must be set as a place."""
    entity = _entity(group)
    if place_names.is_group_of_states(entity.name, places):
        return [Mention(m.name, "ORG", m.sentence, m.base) for m in group]
    if entity.type == "other":
        return group
    if entity.type not in ("person", "organization"):
        return group
    if entity.type == "person" and any(m.person_cue for m in group):
        return group  # 'Jordan said he was proud': the context says person, whatever place it names
    forms = {m.name for m in group}
    if len(forms) > 1 and not all(place_names.place_reading(f, entity.type, places) for f in forms):
        return group  # 'Hart' beside 'Gary Hart': a longer name reads it otherwise
    place = place_names.place_reading(entity.name, entity.type, places)
    if place is None:
        return group
    if place.kind == PlaceKind.CITY and entity.type == "organization" and cues and not _set_as_place(group):
        return group  # 'Toyota is displaying…': a company named after a city, never set in one
    return [Mention(m.name, "GPE", m.sentence, m.base) for m in group]


def _set_as_place(group: list[Mention]) -> bool:
    """Some mention is a place by the model's label or by its sentence ('talks in Nagato')."""
    return any(m.place_cue or m.label in ("GPE", "LOC") for m in group)


_PAIR = re.compile(r"^(.+?)\s+(?:&|and)\s+(.+)$")


def _split_place_pairs(mentions: list[Mention], places: Gazetteer) -> list[Mention]:
    """'US & Canada' (a section name the model read as an organisation) is two places: a person or
    organisation span that joins two places (known ones, or ones the model reads as places elsewhere in
    the article), when the whole is not one ('Trinidad & Tobago')."""
    read_as_places = {m.key for m in mentions if ENTITY_TYPES.get(m.label) == "place"}
    split: list[Mention] = []
    for m in mentions:
        pair = _PAIR.match(m.name) if m.label in ("ORG", "PERSON", "PER") and not m.base else None
        if pair is not None:
            whole, *parts = places.lookup([m.name.casefold(), pair[1].casefold(), pair[2].casefold()])
            if whole is None and all(
                (p is not None and p.kind != PlaceKind.GROUP) or pair[i + 1].casefold() in read_as_places
                for i, p in enumerate(parts)
            ):
                split.extend(Mention(pair[i], "GPE", m.sentence) for i in (1, 2))
                continue
        split.append(m)
    return split


def _without_article(name: str, by_name: dict[str, list[Mention]]) -> str | None:
    """'la tunisie' (a sentence's "La Tunisie") -> 'tunisie' when the article names it without the
    article too; "La Haye" alone keeps its article."""
    bare = _CAPITAL_ARTICLE.sub("", name)
    return bare if bare != name and bare in by_name else None


def _split_compounds(mentions: list[Mention]) -> list[Mention]:
    """'Abe-Putin' is a mention of each, when both are named on their own elsewhere."""
    names = {m.name.casefold() for m in mentions}
    split: list[Mention] = []
    for m in mentions:
        parts = [p for p in m.name.split("-") if p]
        if len(parts) > 1 and " " not in m.name and all(p.casefold() in names for p in parts):
            split.extend(Mention(p, m.label, m.sentence) for p in parts)
        else:
            split.append(m)
    return split


def _without_demonyms(
    by_name: dict[str, list[Mention]], gazetteer: Gazetteer | None = None
) -> dict[str, list[Mention]]:
    """Drop 'Russian' and 'Russo-Japanese' when the article names Russia or Japan, and a nationality
    typed as a person or organisation ('Africans'), or as a place the gazetteer does not know ('Français'),
    whatever the article names."""
    places = [n for n, group in by_name.items() if _vote(group) == "place" and " " not in n]
    kept: dict[str, list[Mention]] = {}
    for name, group in by_name.items():
        is_norp = any(m.label == "NORP" for m in group)
        last_part = name.split("-")[-1]
        if is_norp and any(is_demonym(last_part, place) or last_part == place + "人" for place in places):
            continue
        if (
            gazetteer is not None
            and " " not in name
            and _vote(group) in ("person", "organization", "place")
            and place_names.is_demonym(group[0].name, gazetteer)
            and (_vote(group) != "place" or gazetteer.lookup([name])[0] is None)
        ):
            continue
        kept[name] = group
    return kept


def _without_spelled_out_common_nouns(
    by_name: dict[str, list[Mention]], sentences: Sequence[str]
) -> dict[str, list[Mention]]:
    """Drop an acronym the text spells out in lower case ('liquefied natural gas ... LNG'): a common
    noun, not a name."""
    if not sentences:
        return by_name
    words = re.findall(r"[^\W\d_]+", " ".join(sentences))
    lowered = [(w[0].casefold(), w.islower()) for w in words]
    kept = {}
    for name, group in by_name.items():
        surface = group[0].name
        if _ACRONYM.match(surface) and _spelled_in_lower_case(surface.replace(".", "").casefold(), lowered):
            continue
        kept[name] = group
    return kept


def _spelled_in_lower_case(letters: str, words: list[tuple[str, bool]]) -> bool:
    n = len(letters)
    return any(
        all(lower for _, lower in words[i : i + n]) and "".join(c for c, _ in words[i : i + n]) == letters
        for i in range(len(words) - n + 1)
    )


def _acronym_expansion(name: str, group: list[Mention], by_name: dict[str, list[Mention]]) -> str | None:
    """'EEF' -> 'eastern economic forum', 'U.S.' -> 'united states', 'ISO' -> 'california independent
    system operator' (the acronym of its last words), when the article spells it out; 'cal iso' ->
    'iso' when 'cal' starts the spelled-out name's first word."""
    surface = group[0].name
    *prefix, last = surface.split()
    if prefix and _ACRONYM.match(last) and last.casefold() in by_name:
        full = _acronym_expansion(last.casefold(), by_name[last.casefold()], by_name)
        if full is not None and all(
            word.casefold().rstrip(".") and w.startswith(word.casefold().rstrip("."))
            for word, w in zip(prefix, full.split(), strict=False)
        ):
            return last.casefold()
        return None
    if not _ACRONYM.match(surface):
        return None
    letters = surface.replace(".", "").casefold()
    matches = []
    for other in by_name:
        if " " not in other:
            continue
        initials = "".join(w[0] for w in other.split() if w not in _ACRONYM_SKIPPED)
        if initials == letters or (len(letters) >= 3 and initials.endswith(letters)):
            matches.append(other)
    return max(matches, key=lambda other: (len(by_name[other]), -len(other))) if matches else None


def _surname(
    name: str, group: list[Mention], by_name: dict[str, list[Mention]], places: Gazetteer | None
) -> str | None:
    """'mnangagwa' (typed an organisation) -> 'emmerson mnangagwa': a single word that a person's full
    name in the article ends with is that person, whatever type the model gave it; not a place the
    model and the gazetteer agree on ('Jordan' the country beside 'Michael Jordan')."""
    if " " in name or _is_unspaced(name) or not _is_proper_name(group[0].name):
        return None
    if _vote(group) == "place" and places is not None and place_names.place_reading(name, "place", places):
        return None
    person = _vote(group) == "person"
    matches = [
        other
        for other, other_group in by_name.items()
        if " " in other
        and other.split()[-1] == name
        and (
            _vote(other_group) == "person"
            or (person and _vote(other_group) == "organization" and _reads_as_full_name(other_group[0].name))
        )
    ]
    return max(matches, key=lambda other: len(by_name[other])) if matches else None


def _reads_as_full_name(name: str) -> bool:
    """'Mason Rudolph': two or three words, each a capital and lower-case letters, as a person's name is
    written; a model may have typed it an organisation while it typed the surname alone a person."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(
        w[:1].isupper() and w[1:].isalpha() and w[1:].islower() for w in words
    )


_ABBREVIATION = re.compile(r"^[A-Z][a-z]{1,4}$")


def _abbreviated_place(
    name: str,
    group: list[Mention],
    by_name: dict[str, list[Mention]],
    sentences: Sequence[str],
    places: Gazetteer | None,
) -> str | None:
    """'md' (written 'Md.') -> 'maryland', 'calif' -> 'california': a place abbreviated with a full stop
    is the one place the article names in full that starts with its letter and holds its letters in order."""
    if not _is_dotted_abbreviation(group, sentences, places):
        return None
    matches = [
        other
        for other, other_group in by_name.items()
        if other != name
        and _vote(other_group) == "place"
        and other[0] == name[0]
        and len(other) > len(name)
        and _in_order(name, other.replace(" ", ""))
    ]
    return matches[0] if len(matches) == 1 else None


def _is_dotted_abbreviation(
    group: list[Mention], sentences: Sequence[str], places: Gazetteer | None = None
) -> bool:
    """A place the text writes as a short capitalised word with a full stop inside a sentence ('Md. and
    Va.', 'Las Vegas, Nev., said'), which is not itself a place's name ('China.' ends a sentence; 'Rome')."""
    surface = group[0].name
    if not _ABBREVIATION.match(surface) or _vote(group) != "place" or not sentences:
        return False
    if places is not None:
        (known,) = places.lookup([surface.casefold()])
        if known is not None and not known.alternate:
            return False
    dotted = re.compile(rf"(?<!\w){re.escape(surface)}\.(?=\s*[\w(,;])")
    return any(dotted.search(sentences[m.sentence]) for m in group if m.sentence < len(sentences))


def _in_order(letters: str, word: str) -> bool:
    """Every letter of `letters` in `word`, in order ('md' in 'maryland')."""
    rest = iter(word)
    return all(ch in rest for ch in letters)


def _full_name(name: str, group: list[Mention], by_name: dict[str, list[Mention]]) -> str | None:
    """'abe' -> 'shinzo abe', 'van hollen' -> 'chris van hollen', '岸田' -> '岸田文雄': the most mentioned
    longer person or organization whose words (characters, in scripts written without spaces) begin or end
    with this name's."""
    types = {ENTITY_TYPES[m.label] for m in group}
    matches = []
    for other, other_group in by_name.items():
        kind = _vote(other_group)
        if (
            kind in ("person", "organization")
            and kind in types
            and _extends(name, other)
            and _is_proper_name(other_group[0].name)
        ):
            matches.append(other)
    return max(matches, key=lambda other: (len(by_name[other]), len(other))) if matches else None


def _extends(short: str, long: str) -> bool:
    """True when `long` is `short` with words (or, without spaces, at least one character) added."""
    if _is_unspaced(short) and _is_unspaced(long):
        return len(short) >= 2 and len(long) > len(short) and (long.startswith(short) or long.endswith(short))
    words, long_words = short.split(), long.split()
    return len(long_words) > len(words) and words in (long_words[: len(words)], long_words[-len(words) :])


def _is_unspaced(name: str) -> bool:
    """A name in a script written without spaces between words (Japanese, Chinese)."""
    return " " not in name and bool(_UNSPACED_CHARS.search(name))


def _is_proper_name(name: str) -> bool:
    """Every word capitalised but for connectives: 'Ministry of Economy' yes, 'Meghan cry' no. Scripts
    without letter case (Japanese, Arabic) pass: the model's word is all there is."""
    return all(
        not w[0].isalpha() or w[0].isupper() or not w[0].islower() or w in _NAME_CONNECTIVES
        for w in name.split()
    )


def _vote(mentions: Iterable[Mention]) -> EntityType:
    """The type most mentions got; ties go to the more specific type (person, organization, place)."""
    counts = Counter(ENTITY_TYPES[m.label] for m in mentions)
    order: tuple[EntityType, ...] = ("person", "organization", "place", "other")
    return max(order, key=lambda kind: (counts[kind], -order.index(kind)))


def _rank(clusters: list[list[Mention]], title: str | None, sentence_count: int) -> tuple[Entity, ...]:
    scored: list[tuple[float, int, Entity]] = []
    for group in clusters:
        entity = _entity(group)
        first = min(m.sentence for m in group)
        score = float(entity.mentions)
        if title and any(_names_in(form, title) for form in (entity.name, *entity.aliases)):
            score += TITLE_BONUS
        if first < LEAD_SENTENCES:
            score += LEAD_BONUS
        score += 1.0 - first / max(sentence_count, 1)
        scored.append((score, first, entity))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return tuple(entity for _, _, entity in scored)


def _entity(group: list[Mention]) -> Entity:
    """Name: the longest form (then the most frequent), in its base case where the model gives one that
    is still a proper name ("Praha" for "Praze", not "evropský unie"); aliases: the other forms, most
    frequent first."""
    forms = Counter(m.name for m in group)
    bases = Counter(m.base for m in group if m.base and _is_proper_name(m.base))
    choices = bases or forms
    name = max(choices, key=lambda form: (_length(form), choices[form], len(form)))
    aliases = tuple(
        form for form, _ in forms.most_common() if form != name and form.casefold() != name.casefold()
    )
    return Entity(name, _vote(group), len(group), aliases)


def _length(name: str) -> int:
    """Words not counting a leading article, or characters in a script written without spaces."""
    if _is_unspaced(name):
        return len(name)
    return len(_CAPITAL_ARTICLE.sub("", name.casefold()).split())


def _named_in(clusters: list[list[Mention]], sentence_count: int) -> tuple[tuple[str, ...], ...]:
    named: list[list[str]] = [[] for _ in range(sentence_count)]
    for group in clusters:
        name = _entity(group).name
        for index in sorted({m.sentence for m in group}):
            named[index].append(name)
    return tuple(tuple(names) for names in named)


def _roles_of(entities: Sequence[Entity], introduced: list[Role]) -> tuple[Role, ...]:
    """The introduced roles, each renamed to its entity's name ('Putin' as introduced -> 'Vladimir Putin')."""
    by_form = {}
    for entity in entities:
        for form in (entity.name, *entity.aliases):
            by_form.setdefault(form.casefold(), entity.name)
    roles = []
    for role in introduced:
        name = normalise_name(role.name)
        entity = by_form.get(_HONORIFIC.sub("", name).casefold()) if name else None
        if entity is not None:
            roles.append(Role(entity, role.head, role.modifiers))
    return tuple(dict.fromkeys(roles))


def _names_in(form: str, text: str) -> bool:
    if _is_unspaced(form):
        return form in text
    return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None


_STORED_LABELS = {"person": "PERSON", "organization": "ORG", "place": "GPE", "other": "MISC"}


def retyped(entities: Sequence[Entity], language: str | None) -> tuple[Entity, ...]:
    """Stored entities put through today's merging and typing rules without their text (it was dropped
    after ARTICLE_TEXT_DAYS): each entity's forms stay one entity, a surname joins its person, a known
    place read as a person becomes a place, a nationality goes; the stored order is kept."""
    code = normalise_language(language)
    places = place_names.places_for(code) if code else None
    if places is None or not entities:
        return tuple(entities)
    mentions = [
        Mention(form, _STORED_LABELS[e.type], rank, e.name)
        for rank, e in enumerate(entities)
        for form in _spread((e.name, *e.aliases), max(e.mentions, 1))
    ]
    clusters = sorted(_merge(mentions, places), key=lambda group: min(m.sentence for m in group))
    return tuple(_entity(group) for group in clusters)


def _spread(forms: tuple[str, ...], count: int) -> list[str]:
    """`count` mentions over the forms, each form at least once."""
    return [forms[i % len(forms)] for i in range(max(count, len(forms)))]
