"""Short event labels: what happened on a date, in 4-12 words, cut from the sentence that gives the date.

A timeline shows a date and what happened then; the whole sentence (often 40-60 words, sometimes with two
dates) is too long for a phone or a chart. The label is the clause that holds the date, found in spaCy's
dependency parse and cut at clause boundaries:
- the date's own words (and the preposition that only governs them) are left out: the date is shown beside;
- if the date modifies a noun ("Abe's visit to Sochi in May 2016"), that noun phrase is the label;
  otherwise the clause of the nearest verb ("Russia annexed Crimea in March 2014"); a participle
  ("a Russian initiative launched in 2015") takes the name before it as its subject;
- parts that hold another date of the sentence go, so two dates give two labels;
- past 12 words, relative clauses, appositions, other clauses, then prepositional phrases are dropped,
  farthest first; a relative pronoun subject ("which") becomes its noun, a lone "he"/"she" the one person
  the sentence names.
Without a parser (languages other than English, or events stored before labels), `cut_label` cuts the
sentence at punctuation around the date. Outside English it prefers a whole clause to a fragment: a
sentence of a label's length is its own label, a clause too short to read alone takes its neighbours, a
subordinate clause joins the clause it leans on, and a long sentence ends at a phrase boundary. Where a
tagger reads the language (German: the Hanover Tagger; Spanish, Portuguese, Italian, Romanian, Catalan,
Polish: Apertium's), a long clause first loses adverbs (and, in German, phrases), and where the verb comes
early it ends after a noun phrase once its clauses have their verbs.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarizers.apertium_tagger import PAIRS as APERTIUM_LANGUAGES
from summarizers.articles import definite, with_article
from summarizers.briefing import Event
from summarizers.clause_compression import compressed, tag_tokens
from summarizers.model_cache import model_cache
from summarizers.ner_models import MODELS, load_pipeline, spacy_stop_words
from summarizers.text import MARKS, UNCASED, chinese_segmenter, thai_segmenters
from summarizers.ud_labels import UD_PACKAGES, Word, gapped_clause, ud_label, ud_parser

MIN_WORDS, MAX_WORDS = 4, 12
UD_LANGUAGES = frozenset({*UD_PACKAGES, "ru"})  # parsed by summarizers.ud_labels
TAGGED = 6  # words given to a tagger to read the opening word of a clause
LIST_ITEM_WORDS = 2  # a stretch this short between two commas is an item of a list, not a clause
NARROWING_WORDS = 4  # "mais precisamente em": the words between a date and the date that narrows it
QUOTED_NAME_WORDS = 8  # a quotation this short inside a clause is a name or title, not a clause of its own
SHORTEST_PARSED = 3  # a parsed clause of three words ("Winfrey told CBS") beats a cut of the sentence
PARSER_NOT_NEEDED = ("ner", "lemmatizer")
VERB_EARLY = frozenset(APERTIUM_LANGUAGES)  # tagged languages whose verb comes before its object
# Dependents that are whole clauses or asides, dropped first when a label is too long; then phrases.
_TRIM_ORDER = (
    frozenset({"relcl", "appos", "parataxis", "acl", "ccomp", "advcl", "conj", "dep", "meta"}),
    frozenset({"prep", "npadvmod", "advmod", "agent", "dative", "cc", "preconj", "intj"}),
)
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "advcl", "relcl", "acl", "conj", "xcomp", "pcomp", "parataxis"})
_RELATIVE = frozenset({"which", "who", "that", "whom"})
_PERSONAL = frozenset({"he", "she", "him", "her"})
_LEADING_JUNK = frozenset(
    {"and", "but", "or", "so", "yet", "after", "before", "when", "while", "as", "since", "until", "because",
     "although", "though", "if", "then", "also", "which", "that", "where", "whereas", "the", "a", "an",
     "their", "its", "his", "her", "our", "to", "with", "by", "separately", "meanwhile", "however", "still",
     "besides", "moreover", "furthermore", "instead", "thus", "hence", "therefore"}
)  # fmt: skip
_TRAILING_JUNK = frozenset(
    {
        "and",
        "but",
        "or",
        "of",
        "the",
        "a",
        "an",
        "to",
        "in",
        "on",
        "at",
        "for",
        "with",
        "as",
        "well",
        "is",
        "was",
    }
)
_DATELINE = re.compile(r"^[A-Z][A-Z .,'-]+(?:\([^)]*\))?\s*[-—–]+\s+")  # "LOS ANGELES (Reuters) - "
# Words that belong to the date they stand before, in the languages dates.py reads.
_DATE_PREPOSITIONS = frozenset(
    re.findall(
        r"\S+",
        """in on at of since from by until during le la en au depuis dès jusqu'au am im seit bis ab vom zum el
    desde hasta em no na até il nel dal dall'""",
    )
)


_WORD = re.compile(rf"\w[\w{MARKS}’'-]*")
# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, kana, CJK ideographs.
_THAI_LETTERS = "\u0e00-\u0e7f"
_THAI = re.compile(f"[{_THAI_LETTERS}]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")  # Japanese: parsed by GiNZA, or cut between characters
_NO_SPACE = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def words(label: str) -> list[str]:
    return _WORD.findall(label)


@model_cache
def parser_pipeline(language: str):  # type: ignore[no-untyped-def]
    """The spaCy pipeline with its tagger and dependency parser (no NER), or None when none is installed."""
    # The cuts read English dependency labels; other languages' pipelines label differently.
    for package in MODELS["en"].packages if language == "en" else ():
        try:
            nlp = load_pipeline(package, PARSER_NOT_NEEDED)
        except (OSError, ImportError):
            continue
        if "parser" in nlp.pipe_names:
            return nlp
    return None


def label_dates(
    sentences: Sequence[str],
    spans: Sequence[Sequence[tuple[int, int]]],
    *,
    language: str | None,
    people: Sequence[Sequence[str]] = (),
    previous: Sequence[str] = (),
    earlier: Sequence[Sequence[str]] = (),
    speakers: Sequence[str | None] = (),
) -> list[list[str]]:
    """One label per date span of each sentence. `people[i]`: the persons sentence i names, or the person
    named just before it (a lone 'he' or 'she' in a label becomes that name when there is exactly one).
    `previous[i]`: the sentence before sentence i, parsed only when a label opens with "they" or "it".
    `earlier[i]`: the person named last before sentence i, whom a "he" or "she" its own names cannot be
    (by gender) may mean. `speakers[i]`: who says sentence i's quotation, whom a label in the first person
    names."""
    nlp = parser_pipeline(language) if language else None
    parse = ud_parser(language) if nlp is None and language in UD_LANGUAGES else None
    if nlp is not None:
        labels = _parsed_labels(nlp, sentences, spans, people, previous)
    elif parse is not None:
        labels = _ud_labels(parse(sentences), sentences, spans, language, people)
    else:
        labels = [
            [_cut(n, s, span, sentence_spans, language, people, previous, earlier) for span in sentence_spans]
            for n, (s, sentence_spans) in enumerate(zip(sentences, spans, strict=True))
        ]
    return [
        [_with_speaker(label, speakers[n] if n < len(speakers) else None, language) for label in row]
        for n, row in enumerate(labels)
    ]


def _cut(
    n: int,
    sentence: str,
    span: tuple[int, int],
    sentence_spans: Sequence[tuple[int, int]],
    language: str | None,
    people: Sequence[Sequence[str]],
    previous: Sequence[str],
    earlier: Sequence[Sequence[str]],
) -> str:
    """The label of sentence n's date without a parser: the clause cut around it, then mended."""
    label = cut_label(sentence, span, language, sentence_spans, _one_person(people, n, language))
    label = _without_opening_demonstrative(_without_opening_conjunction(label, language), language)
    named = people[n] if n < len(people) else ()
    label = _with_named_subject(label, language, named, earlier[n] if n < len(earlier) else (), sentence)
    return _with_question(label, sentence, previous[n] if n < len(previous) else "", language)


def _parsed_labels(  # type: ignore[no-untyped-def]
    nlp,
    sentences: Sequence[str],
    spans: Sequence[Sequence[tuple[int, int]]],
    people: Sequence[Sequence[str]],
    previous: Sequence[str],
) -> list[list[str]]:
    """Labels from spaCy's parse (English), a "they" or "it" named from the sentence before."""
    labels = []
    for n, doc in enumerate(nlp.pipe(sentences, batch_size=64)):
        person = people[n][0] if n < len(people) and len(people[n]) == 1 else None
        row = []
        for span in spans[n]:
            others = [o for o in spans[n] if o != span]
            label = clause_label(doc, span, others, person)
            if label and _opens_nameless(label) and n < len(previous) and previous[n]:
                groups = antecedents_of(nlp(previous[n]))
                label = clause_label(doc, span, others, person, groups=groups) or label
            if label and leaves_hole(label, doc.text, span):
                label = clause_label(doc, span, others, person, keep_date=True)
            row.append(label or cut_label(doc.text, span))
        labels.append(row)
    return labels


def _with_speaker(label: str, speaker: str | None, language: str | None) -> str:
    """ "В целом на будущий год мы имеем твердые планы" inside «…», - заявил М. Тасмаганбетов: "we" is
    the speaker's, whom the label names as a quoted post's label names its author ("М. Тасмаганбетов: …"),
    when it fits. First person is read from the tagger (Apertium's p1) or the parse (UD Person=1)."""
    if not speaker or not label or speaker.split()[-1] in label or not _first_person(label, language):
        return label
    said = f"{speaker}: {label}"
    return said if label_size(said) <= MAX_WORDS else label


def _first_person(label: str, language: str | None) -> bool:
    if language in APERTIUM_LANGUAGES:
        from summarizers.apertium_tagger import readings

        read = readings(language)
        return read is not None and any("p1" in tags for _, _, tags in read(_tokens(label)))
    parse = ud_parser(language) if language == "ru" else None
    return parse is not None and any("Person=1" in w.feats for w in parse([label])[0])


# coordinating conjunctions written onto the next word, which UD treebanks split off as CCONJ tokens
# (Arabic-PADT "و", "ف"; Hebrew-HTB "ו")
_CLITIC_CONJUNCTIONS = {"ar": ("و", "ف"), "he": ("ו",)}


def _with_question(label: str, sentence: str, question: str, language: str | None) -> str:
    """ "Czy Donald Tusk pokaże umowę koalicyjną? Na pewno nie w poniedziałek.": a sentence without a
    finite verb (its tagger's reading) after a question is the question's answer and says what it answers
    only with it; the label is both when they fit one."""
    if not question.rstrip().endswith("?"):
        return label
    tokens = _tokens(sentence)
    tags = _tags(tokens, language) if tokens else None
    if not tags or any(tag.endswith("FIN") for tag in tags):
        return label
    pair = tidy(f"{question.strip()} {sentence.strip()}", english=False)
    return pair if MIN_WORDS <= label_size(pair) <= MAX_WORDS else label


def _without_opening_conjunction(label: str, language: str | None) -> str:
    """A label does not open with "and" or "but" in any language: the language's coordinating conjunctions
    (its UD table, summarizers.ranking.reference_words) go, as English's do in `tidy`; so does one written
    onto a function word ("وفي": and + in)."""
    first, _, rest = label.partition(" ")
    clitic = next((c for c in _CLITIC_CONJUNCTIONS.get(language or "", ()) if first.startswith(c)), None)
    if clitic and first[len(clitic) :] in function_words(language) and label_size(label) > MIN_WORDS:
        return label[len(clitic) :]
    if not language or label_size(rest) < MIN_WORDS or not _is_conjunction(first.strip(",;:"), language):
        return label
    return tidy(rest, english=False)


def _without_opening_demonstrative(label: str, language: str | None) -> str:
    """ "Ese grupo de jugadores …" → "El grupo de jugadores …": "this"/"that" points at the text before,
    the definite article does not (summarizers.articles; the languages Apertium tags)."""
    if language not in APERTIUM_LANGUAGES or label_size(label.partition(" ")[2]) < MIN_WORDS:
        return label
    return " ".join(with_article(label.split(" "), language) or [label])


def _one_person(people: Sequence[Sequence[str]], n: int, language: str | None) -> str | None:
    named = people[n] if n < len(people) else ()
    return named[0] if len(named) == 1 and language in APERTIUM_LANGUAGES else None


def _with_named_subject(
    label: str, language: str | None, people: Sequence[str], earlier: Sequence[str] = (), sentence: str = ""
) -> str:
    """ "Vive hoje em Utrecht" → "Benjamin Moser vive hoje em Utrecht", "Ele recebeu em 2016 …" → "Benjamin
    Moser recebeu em 2016 …": a label that opens with a finite third-person singular verb whose subject
    the language dropped (summarizers.ranking.coherence, from Apertium's tags), or with a third-person
    singular personal pronoun before its verb, names the one person its sentence names or the text named
    just before, as an English label names a lone "he". A pronoun's person must be one its gender fits
    (the given name's, summarizers.person_names): the sentence's one such person, else the one named last
    before it (`earlier`). A dropped subject is never a person its own sentence names only after the
    label's verb ("… é autor de … (…, tradução José Geraldo Couto)"): then it is the one named before."""
    from summarizers.person_names import may_be  # imported late: the bot's process reads labels, not names
    from summarizers.ranking.coherence import opens_with_singular_dropped_subject  # imported late: no cycle

    if language not in APERTIUM_LANGUAGES:
        return label
    first, _, rest = label.partition(" ")
    gender = _lone_pronoun(first, rest, language) if rest else None
    if gender is not None:
        fitting = [p for p in people if may_be(p, gender)]
        name = fitting[0] if len(fitting) == 1 else next((p for p in earlier if may_be(p, gender)), None)
        return f"{name} {rest}" if name and label_size(rest) + label_size(name) <= MAX_WORDS else label
    opening = re.search(r"(?<!\w)" + r"\s+".join(map(re.escape, label.split()[:2])), sentence, re.IGNORECASE)
    verb_at = opening.start() if opening else -1
    named_after = [p for p in people if 0 <= verb_at < sentence.find(p)]
    if named_after:
        people = [p for p in people if p not in named_after] or earlier[:1]
    if (
        len(people) != 1
        or label_size(label) + label_size(people[0]) > MAX_WORDS
        or not opens_with_singular_dropped_subject(label, language)
    ):
        return label
    return f"{people[0]} {label[:1].lower()}{label[1:]}"


def _lone_pronoun(first: str, rest: str, language: str) -> str | None:
    """ "Ele recebeu", "Él dijo", "Lui ha detto": a third-person singular subject pronoun before a verb;
    its gender ("m", "f"), or None for any other opening."""
    from summarizers.apertium_tagger import readings

    read = readings(language)
    tagged = read([first, *rest.split()[:2]]) if read else []
    if len(tagged) < 2:
        return None
    pronoun, verb = tagged[0][2], tagged[1][2]
    if pronoun[:2] != ("prn", "tn") or not {"p3", "sg"} <= set(pronoun) or not verb[:1] or verb[0][:1] != "v":
        return None
    return next((g for g in ("m", "f") if g in pronoun), None)


def _is_conjunction(word: str, language: str) -> bool:
    """In the language's UD table of conjunctions, or, for a language without one (Polish), read as one by
    its tagger ("A jaką liczbą …": and)."""
    from summarizers.ranking.coherence import conjunctions  # imported late: no cycle

    table = conjunctions(language)
    if table:
        return word.casefold() in table
    return language in APERTIUM_LANGUAGES and _tags([word], language) == ["KON"]


def _opens_nameless(label: str) -> bool:
    found = words(label)
    return bool(found) and found[0].lower() in _NAMELESS


def _ud_labels(
    parsed: list[list[Word]],
    sentences: Sequence[str],
    spans: Sequence[Sequence[tuple[int, int]]],
    language: str | None,
    people: Sequence[Sequence[str]],
) -> list[list[str]]:
    """Labels from a Universal Dependencies parse (summarizers.ud_labels), a cut where it gives none."""
    spaced = language != "ja"
    out = []
    for n, words_of_sentence in enumerate(parsed):
        person = people[n][0] if n < len(people) and len(people[n]) == 1 else None
        row = []
        for span in spans[n]:
            others = [o for o in spans[n] if o != span]
            settings = dict(
                person=person,
                spaced=spaced,
                size=label_size,
                tidy=tidy_words,
                min_words=MIN_WORDS,
                max_words=MAX_WORDS,
            )
            inflect = _inflector(language)
            gapped = gapped_clause(words_of_sentence, span, inflect) if inflect else None
            if gapped and MIN_WORDS <= label_size(gapped) <= MAX_WORDS:
                row.append(gapped)
                continue
            label = ud_label(words_of_sentence, span, others, **settings)  # type: ignore[arg-type]
            if label and (leaves_hole(label, sentences[n], span) or label_size(label) < MIN_WORDS):
                label = ud_label(words_of_sentence, span, others, keep_date=True, **settings) or label  # type: ignore[arg-type]
            row.append(label or cut_label(sentences[n], span, language, spans[n]))
        out.append(row)
    return out


def _inflector(language: str | None):  # type: ignore[no-untyped-def]
    """How a word is put in other UD features in this language: pymorphy2 for Russian; None elsewhere, where
    a clause rebuilt for a gap could not make its verb agree ("Marie est arrivé")."""
    if language != "ru":
        return None

    def inflect(word, grams):  # type: ignore[no-untyped-def]
        from summarizers.ner_models import russian_form  # imported late: the dictionary loads on first use

        form = russian_form(word.text, word.pos, grams)
        return form if form is None or not word.text[:1].isupper() else form[:1].upper() + form[1:]

    return inflect


def clause_label(
    doc,
    span: tuple[int, int],
    others: Sequence[tuple[int, int]],
    person: str | None = None,
    *,
    keep_date: bool = False,
    groups: Antecedents | None = None,
) -> str | None:  # type: ignore[no-untyped-def]
    """The label of the date at character `span` of a parsed sentence, or None when the parse gives none.
    `keep_date`: the date's words stay (a bare date in mid-clause, "told CBS Monday that")."""
    dated = {t.i for t in doc if t.idx < span[1] and t.idx + len(t) > span[0]}
    if not dated:
        return None
    root = next(doc[i] for i in sorted(dated) if doc[i].head.i not in dated or doc[i].head.i == i)
    dropped = set(dated) | {c.i for i in dated for c in doc[i].children if c.dep_ in ("case", "det")}
    attach = root.head if root.head.i != root.i else root
    if attach.pos_ == "ADP" and attach.i not in dated and all(c.i in dated for c in attach.children):
        dropped.add(attach.i)
        attach = attach.head if attach.head.i != attach.i else attach
    other_dated = {t.i for t in doc for s, e in others if t.idx < e and t.idx + len(t) > s} - dated
    if keep_date:
        dropped = set()
    groups = groups or Antecedents()
    best: str | None = None
    for head in _candidate_heads(attach):
        label = _label_of(doc, head, root, dropped, other_dated, person, groups)
        count = len(words(label))
        if MIN_WORDS <= count <= MAX_WORDS:
            return label
        if best is None or (count >= MIN_WORDS > len(words(best))):
            best = label
    return best if best and len(words(best)) >= SHORTEST_PARSED else None


def _candidate_heads(attach):  # type: ignore[no-untyped-def]
    """The noun the date modifies and the nouns above it (shortest phrase first), then the clauses."""
    heads = []
    token = attach
    while token.pos_ in ("NOUN", "PROPN", "NUM", "PRON") and token.dep_ not in ("ROOT",) and len(heads) < 3:
        heads.append(token)
        parent = token.head
        if parent.pos_ == "ADP" and parent.head.pos_ in ("NOUN", "PROPN"):
            token = parent.head
        else:
            break
    if attach.dep_ == "ROOT" and attach.pos_ in ("NOUN", "PROPN", "NUM"):
        heads.append(attach)
    clause = attach
    while (
        clause.pos_ not in ("VERB", "AUX") and clause.dep_ not in _CLAUSE_DEPS and clause.head.i != clause.i
    ):
        clause = clause.head
    for _ in range(3):
        while clause.dep_ in ("xcomp", "acomp") and clause.head.i != clause.i:
            clause = clause.head  # "is slated to visit", "are likely to pick": the subject is up there
        heads.append(clause)
        if clause.head.i == clause.i:
            break
        clause = clause.head
        while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
            clause = clause.head
    return list(dict.fromkeys(heads))


def _label_of(
    doc, head, root, dropped: set[int], other_dated: set[int], person: str | None, groups: Antecedents
) -> str:  # type: ignore[no-untyped-def]
    kept = {t.i for t in head.subtree} - dropped
    path = {root.i, *(a.i for a in root.ancestors)}
    for i in other_dated & kept:
        token = doc[i]
        while token.head.i != token.i and token.head.i not in path and token.head.i != head.i:
            token = token.head
        if token.i != head.i and token.i not in path:
            # a reported clause ("confirmed that Putin will visit Japan on December 15") keeps its verb:
            # the label tells the report; only the other date's own phrase goes
            unit = _date_phrase(doc[i], other_dated) if token.dep_ in ("ccomp", "xcomp") else token
            kept -= {t.i for t in unit.subtree}
    prefix = _subject_before(doc, head)
    budget = MAX_WORDS - len(words(prefix))
    for level in _TRIM_ORDER:
        while len(_words_of(doc, kept)) > budget:
            removable = [
                t
                for t in doc
                if t.i in kept and t.i != head.i and t.dep_ in level and t.i not in path and not _in_name(t)
            ]
            # shallowest and farthest first; never a cut that leaves fewer than MIN_WORDS
            removable.sort(key=lambda t: (_depth(t, head), -abs(t.i - head.i)))
            left = len(_words_of(doc, kept))
            cut = next(
                (
                    t
                    for t in removable
                    if left - len(_words_of(doc, {x.i for x in t.subtree} & kept)) >= MIN_WORDS
                ),
                None,
            )
            if cut is None:
                break
            kept -= {t.i for t in cut.subtree}
    return _render(doc, kept, head, prefix, person, groups)


def _in_name(token) -> bool:  # type: ignore[no-untyped-def]
    """A name's own words between two of its capitalised words, never trimmed: "of Fame" in "Hall of
    Fame", "and Roll" in "Rock and Roll Hall" (trimmed, they leave a name nobody has: "Rock Hall")."""
    head = token.head
    if head.pos_ != "PROPN" or abs(head.i - token.i) > 2:
        return False
    if token.dep_ == "prep":
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        return (
            following is not None
            and following.pos_ == "PROPN"
            and any(c.dep_ == "pobj" and c.pos_ == "PROPN" for c in token.children)
        )
    if token.dep_ in ("cc", "conj"):
        between = token.doc[min(head.i, token.i) + 1 : max(head.i, token.i)]
        partner = (
            token if token.dep_ == "conj" else next((c for c in head.children if c.dep_ == "conj"), None)
        )
        return (
            partner is not None
            and partner.pos_ == "PROPN"
            and abs(partner.i - head.i) == 2
            and all(t.dep_ == "cc" for t in between)
        )
    return False


def _date_phrase(token, dated: set[int]):  # type: ignore[no-untyped-def]
    """The top of a date's own phrase: its root word, or the preposition that governs only it."""
    while token.head.i != token.i and token.head.i in dated:
        token = token.head
    above = token.head
    if above.pos_ == "ADP" and all(c.i in dated for c in above.children):
        return above
    return token


def _depth(token, head) -> int:  # type: ignore[no-untyped-def]
    depth = 0
    while token.i != head.i and token.head.i != token.i:
        token, depth = token.head, depth + 1
    return depth


def _subject_before(doc, head) -> str:  # type: ignore[no-untyped-def]
    """What the label's clause lacks in front: a participle's name ('the Eastern Economic Forum (EEF), a
    Russian initiative launched' -> 'Eastern Economic Forum'), the shared subject of a second verb ('Abe
    and Putin agreed ... and set'), the noun before a colon ('their next meeting: September 2-3 in ...')."""
    if (
        head.dep_ == "conj"
        and head.pos_ in ("VERB", "AUX")
        and head.head.pos_ in ("VERB", "AUX")
        and not _has_subject(head)
    ):
        subject = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and len(list(subject.subtree)) <= 4:
            return " ".join(t.text for t in subject.subtree)
        return ""
    if head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN", "NUM"):
        first = min(t.i for t in head.subtree)
        if first >= 2 and doc[first - 1].text in (":", "—", "–"):
            return _noun_phrase(doc[first - 2])
        return ""
    if head.dep_ != "acl":
        return ""
    noun = head.head
    start = min(t.i for t in noun.subtree if t.i <= noun.i)
    i = start - 1
    while i >= 0 and (
        doc[i].is_punct or (doc[i].text.isupper() and doc[i].pos_ == "PROPN" and doc[i - 1].text == "(")
    ):
        i -= 1
    names = []
    while i >= 0 and doc[i].pos_ == "PROPN":
        names.insert(0, doc[i].text)
        i -= 1
    if names and start - 1 >= 0 and doc[start - 1].text in (",", ")"):
        return " ".join(names)
    return ""


def _has_subject(verb) -> bool:  # type: ignore[no-untyped-def]
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _render(doc, kept: set[int], head, prefix: str, person: str | None, groups: Antecedents) -> str:  # type: ignore[no-untyped-def]
    pieces: list[str] = []
    previous = None
    named = bool(person) and any(doc[i].text in (person or "").split() for i in kept)
    first = next((i for i in sorted(kept) if any(c.isalnum() for c in doc[i].text)), None)
    for i in sorted(kept):
        token = doc[i]
        text = token.text
        clause = token.head
        if (
            i == first
            and not prefix
            and token.lower_ in _NAMELESS
            and token.dep_ in ("nsubj", "nsubjpass", "poss")
        ):
            found = _antecedent(token, kept, groups)
            if found:
                text = f"{found}’s" if token.dep_ == "poss" else found
        elif (
            token.dep_.startswith("nsubj")
            and token.lower_ in _RELATIVE
            and clause.dep_ == "relcl"
            and clause.head.i not in kept
        ):
            text = _noun_phrase(clause.head)
        elif token.dep_.startswith("nsubj") and token.lower_ in _PERSONAL and person and not named:
            text = person
        if previous is not None:
            pieces.append(doc[previous].whitespace_ if i == previous + 1 else " ")
        pieces.append(text)
        previous = i
    body = "".join(pieces)
    return tidy(f"{prefix} {body}" if prefix else body)


@dataclass(frozen=True, slots=True)
class Antecedents:
    """What "they"/"their" and "it"/"its" opening a label may stand for: the subject of the sentence
    before, when it agrees (a plural or coordinated noun phrase; a singular one that is not a person)."""

    plural: str | None = None
    singular: str | None = None


_NAMELESS = frozenset({"they", "their", "it", "its"})
_PLURAL = frozenset({"they", "their"})


def antecedents_of(doc) -> Antecedents:  # type: ignore[no-untyped-def]
    """The subject of a parsed sentence's main verb, by number."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None) if root else None
    if subject is None or subject.pos_ == "PRON":
        return Antecedents()
    phrase = _subject_phrase(subject)
    if _is_plural(subject):
        return Antecedents(plural=phrase)
    if subject.ent_type_ != "PERSON":
        return Antecedents(singular=phrase)
    return Antecedents()


def _antecedent(pronoun, kept: set[int], groups: Antecedents) -> str | None:  # type: ignore[no-untyped-def]
    """The subject of a clause above the pronoun's, in the same sentence, or the sentence before's; of
    the pronoun's number. An "it" with a clause after it ("it will be necessary to ...") is no reference."""
    plural = pronoun.lower_ in _PLURAL
    verb = pronoun.head
    if not plural and any(c.dep_ in ("xcomp", "ccomp", "csubj", "acomp") for c in verb.children):
        return None
    for above in pronoun.ancestors:
        if above.i in kept:
            continue
        subject = next((c for c in above.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.pos_ != "PRON":
            if _is_plural(subject) == plural and (plural or subject.ent_type_ != "PERSON"):
                return _subject_phrase(subject)
            return None
    return groups.plural if plural else groups.singular


def _is_plural(noun) -> bool:  # type: ignore[no-untyped-def]
    return noun.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in noun.children)


def _subject_phrase(subject) -> str:  # type: ignore[no-untyped-def]
    """A subject without its relative clauses and asides, at most six words; else its noun phrase."""
    ids = {t.i for t in subject.subtree} - {
        t.i for c in subject.children if c.dep_ in ("relcl", "appos", "acl", "punct") for t in c.subtree
    }
    doc = subject.doc
    text = " ".join(doc[i].text for i in sorted(ids))
    if len(ids) > 6 or max(ids) - min(ids) + 1 != len(ids):
        text = _noun_phrase(subject)
    return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)


def _noun_phrase(noun) -> str:  # type: ignore[no-untyped-def]
    """'bilateral relations' for the noun 'relations': the noun with its adjectives and compounds."""
    left = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nummod", "poss")]
    first = min([noun.i, *(t.i for t in left)])
    return " ".join(t.text for t in noun.doc[first : noun.i + 1])


def tidy_words(label: str) -> str:
    """`tidy` for any language: spaces and punctuation only, no English word dropped."""
    return tidy(label, english=False)


def tidy(label: str, english: bool = True) -> str:
    """One line without dangling connectives, articles (English) or punctuation at either end."""
    label = _DATELINE.sub("", re.sub(r"\(\s*\)|\[\s*\]", "", " ".join(label.split())))
    label = re.sub(r"\s+([,.;:)])", r"\1", label)
    label = re.sub(
        r"\s+([’'])(?=s\b|[\s,.;:)]|$)", r"\1", label
    )  # "Drivers ' Union", "Harbour 's"; not "soal 'apa"
    label = re.sub(r"(^|\s)-(?=\w)", r"\1", label)  # "so-called" whose "so" was cut
    label = re.sub(r"([(])\s+", r"\1", label)
    label = re.sub(r"(,\s*){2,}", ", ", label)
    if sum(label.count(q) for q in '"“”«»„') % 2:
        label = label.strip('"“”«»„ ')  # a quote that opens or closes in another sentence
    label = _balanced(label, close=False)  # before the ends are read: "… contract, but.”" ends with "but"
    tokens = label.split()
    leading, trailing = (_LEADING_JUNK, _TRAILING_JUNK) if english else (frozenset(), frozenset())
    while tokens and (tokens[0].lower().strip(",;:.") in leading or not any(c.isalnum() for c in tokens[0])):
        tokens.pop(0)
    while tokens and (
        tokens[-1].lower().strip(",;:.") in trailing or not any(c.isalnum() for c in tokens[-1])
    ):
        tokens.pop()
    label = " ".join(tokens).strip(
        " ,;:.—–-।॥။։۔。"
    )  # and the full stops of Indic, Myanmar, Armenian, Urdu, CJK
    if label.count("(") != label.count(")"):
        label = label.replace("(", "").replace(")", "")
    label = _balanced(label)
    if not label or UNCASED.match(label):
        return label  # Georgian has no capital to open a sentence with (Mtavruli is for all-caps text)
    return label[:1].upper() + label[1:]


_PAIRS = {"“": "”", "«": "»", "„": "“”", "【": "】", "『": "』", "「": "」", "（": "）", "[": "]"}
_CLOSERS = {c: o for o, cs in _PAIRS.items() for c in cs}


def _balanced(label: str, close: bool = True) -> str:
    """Every quote mark and bracket of a label has its pair, as the English rule for a label asks: one that
    closes what the label does not open goes (' OUT," Noem tweeted', 'arrested.”'), and one the cut left
    open is closed at the end ('said that Rudolph "can't antagonize a fight"'; not with `close=False`, so a
    dangling word before it can still go). German „…“ closes with “."""
    german = "„" in label
    out: list[str] = []
    opened: list[str] = []
    for k, ch in enumerate(label):
        if ch == '"' and k > 0 and label[k - 1].isdigit():
            out.append(ch)  # 34": inches, not a quote
        elif ch == '"':
            opens = k == 0 or label[k - 1].isspace() or label[k - 1] in "([—–-"
            if '"' in opened and not (opens and opened[-1] != '"'):
                opened.remove('"')
            elif opens:
                opened.append('"')
            else:
                continue  # it closes a quote opened before the label
            out.append(ch)
        elif ch in _PAIRS and not (german and ch == "“"):
            opened.append(ch)
            out.append(ch)
        elif ch in _CLOSERS:
            opener = _CLOSERS[ch] if ch != "“" or german else None
            if opener is not None and opened and opened[-1] == opener:
                opened.pop()
                out.append(ch)
            elif opener is not None and opener in opened:
                out.append(ch)  # a mark of another pair left open inside: not this one's to mend
            elif ch == "”" and "“" in opened:
                opened.remove("“")
                out.append(ch)
            # else: a closer without its opener goes
        else:
            out.append(ch)
    text = " ".join("".join(out).split())
    if not close:
        return text
    text = text.rstrip(" ,;:.")
    for opener in reversed(opened):
        text += '"' if opener == '"' else _PAIRS[opener][-1]
    return text


def _words_of(doc, kept: set[int]) -> list[str]:  # type: ignore[no-untyped-def]
    return [doc[i].text for i in kept if any(c.isalnum() for c in doc[i].text)]


def cut_label(
    sentence: str,
    span: tuple[int, int],
    language: str | None = None,
    dates: Sequence[tuple[int, int]] = (),
    person: str | None = None,
) -> str:
    """Without a parse: the clause around the date, cut at punctuation. A date at the clause's edge goes,
    with the function words that only lead up to it ("am", "bis Ende", "del"); a date inside the clause
    stays, so the label never has a hole where it was. Past 12 words, the clause ends before a function
    word (a phrase boundary), nearest the date's side kept. `dates`: the sentence's date spans; one that
    only narrows this date (", mais precisamente em maio,") is part of it. `person`: the one person a
    lone "he" or "she" would name, so a phrase before that pronoun may go (`_with_named_subject`)."""
    span = _with_narrowing_dates(sentence, span, dates, function_words(language))
    other_dates = {t for s, e in dates if (s, e) != span for t in _tokens(sentence[s:e])}
    sentence, span = _without_asides(sentence, span)
    sentence, span = _bracketed_note(sentence, span, other_dates, function_words(language))
    if language in VERB_EARLY:
        sentence, span = _uncleft(sentence, span, language)
    if language == "de":
        sentence, span = _without_relative_clauses(sentence, span)
    start, end = span
    english = language in (None, "en")
    whole = None if english else _short_sentence(sentence, language)
    if whole:
        return whole  # a short sentence is its own clause: a cut could only lose its subject or verb
    function = function_words(language)
    segments = _segments(sentence, span, function)
    at = next(n for n, (s, e) in enumerate(segments) if s <= start < e)
    segments = _with_announced(sentence, segments, at, language)
    seg_start, seg_end = segments[at]
    left = _tokens(sentence[seg_start:start])
    right = _tokens(sentence[end:seg_end])
    kept_left = _strip_function_words(left, function)
    right_content = [t for t in right if any(c.isalnum() for c in t)]
    glued = bool(right) and sentence[end : end + 1].isalnum()  # "2014年", "5月下旬": the date runs on
    anchor, inside = 0, False  # where the date is (or was) among the pieces
    if _only_dates(kept_left, other_dates, function) and _only_dates(right_content, other_dates, function):
        pieces = _around(sentence, segments, at)  # the dates are a clause of their own: ", del 2008 al 2012,"
        anchor = len(_tokens(sentence[slice(*segments[at - 1])])) if at > 0 else 0
    elif not right_content and not glued and not _heads_date(left, kept_left, function):
        pieces, anchor = kept_left, len(kept_left)
        left_tags = _tags(kept_left, language) if language in VERB_EARLY and kept_left else None
        following = _clause_after_fronted_date(left_tags, sentence, segments, at, language)
        if following:
            pieces, anchor = following, 0
        elif (after_aside := _object_after_aside(left_tags, sentence, segments, at, language)) is not None:
            pieces = [*_with_date(left, sentence, span, []), *after_aside]  # the date stays inside
            anchor, inside = len(left), True
    elif (
        not kept_left
        and not glued
        and not _date_holds_place(left, right, language)
        and (len(left) == len(kept_left) or (right_content and right[0].casefold() not in function))
    ):
        pieces = right  # the clause opens with the date: "Vrijdag 9 oktober is ..."
    else:
        pieces = _with_date(left, sentence, span, right)  # inside the clause: the date stays
        anchor, inside = len(pieces) - len(right) - 1, True
    if (
        at > 0
        and language in VERB_EARLY
        and (noun := _elided_noun(pieces, sentence, segments[at - 1], language))
    ):
        pieces, anchor = [*noun[:-1], noun[-1] + ",", *pieces], anchor + len(noun)
    subject_clause: list[str] = []
    if language == "de" and inside and at + 1 < len(segments) and pieces and pieces[-1] is right[-1:][0]:
        subject_clause = _subject_clause(pieces, anchor, sentence[slice(*segments[at + 1])], function)
    limit = MAX_WORDS - label_size(" ".join(subject_clause))
    main = _tagger_shortened(pieces, anchor, inside, language, limit=limit) if subject_clause else []
    if main and label_size(" ".join(main)) <= limit:
        main = _verb_second(main, pieces[anchor])
        pieces = [*main[:-1], main[-1] + ",", *subject_clause]
    else:
        date_piece = pieces[anchor] if inside and anchor < len(pieces) else None
        if language in VERB_EARLY and date_piece is not None:
            pieces = _from_antecedent(pieces, date_piece, language) or pieces
            anchor = next(k for k, p in enumerate(pieces) if p is date_piece)
        pieces = _tagger_shortened(pieces, anchor, inside, language, pronoun_named=person is not None)
        if language == "de" and date_piece is not None:
            pieces = _verb_second(
                pieces, date_piece
            )  # "Dafür existierten heute …": not "Existierten heute …"
    dense = _is_dense(sentence)
    if (
        not english
        and at > 0
        and pieces
        and bool(kept_left)
        and pieces[0] is left[0]
        and len(pieces) >= SHORTEST_PARSED
        and _subordinate(pieces[0], function)
    ):
        pieces = _main_clause_joined(sentence, segments[at - 1], pieces, language)
    label = tidy(_fit(pieces, function, dense, _phrase_ends(pieces, language)), english)
    if leaves_hole(label, sentence, span):
        label = tidy(_fit(_with_date(left, sentence, span, right), function, dense), english)
    if label_size(label) < MIN_WORDS:
        grown = None if english else _grown_clause(sentence, segments, at, span, language)
        if grown:
            return grown
        whole = tidy(sentence, english)
        if label_size(whole) <= MAX_WORDS:
            return whole
        if not english:  # the sentence's opening up to a phrase boundary, not a cut marked "…"
            tokens = _tokens(sentence)
            opening = tidy(_fit(tokens, function, dense, _phrase_ends(tokens, language)), english)
            if label_size(opening) >= MIN_WORDS:
                return opening
        return shorten_sentence(sentence)
    return _with_chinese_topic(label, sentence, span) if language == "zh" else label


# ICTCLAS tags (jieba): nouns, names of people, places, organisations and others; words a noun phrase holds
_CHINESE_NOUNS = ("n", "nr", "ns", "nt", "nz")
_CHINESE_PHRASE = frozenset({*_CHINESE_NOUNS, "a", "b", "j", "m", "q", "uj", "f"})
_CHINESE_TIME = frozenset({"m", "t", "q", "f", "x"})  # numbers, time words, measure words, punctuation
_CHINESE_CLAUSE_END = re.compile(r"[，,；;：:。！？]")
_CHINESE_CLOCK = re.compile(r"^\s*\d{1,2}\s*[时時点點](?:\s*\d{1,2}\s*分)?")  # "0时10分" (jieba: 时 a noun)


def _with_chinese_topic(label: str, sentence: str, span: tuple[int, int]) -> str:
    """A Chinese clause that opens with its date and goes on without a subject ("2日在北京…火化", "于…在
    上海逝世") has the subject of the clauses before it (a topic chain). The label takes it, as English
    labels name a pronoun's antecedent: the clause just before when it is a noun phrase ("…李克强同志的遗体，
    2日在北京…火化"), else the names and nouns opening the sentence ("李克强同志因突发心脏病，…，于…逝世"),
    when the whole still fits a label; one opening with a pronoun ("这个…") is no subject to lend."""
    from summarizers.text import chinese_tagger  # imported late: jieba loads only for Chinese

    tag = chinese_tagger()
    date = sentence[span[0] : span[1]]
    at = label.find(date)
    if tag is None or at < 0 or at > 1:
        return label  # the clause does not open with its date (or a one-character preposition and it)
    rest = _CHINESE_CLOCK.sub("", label[at + len(date) :], count=1)
    after = next((f for w, f in tag(rest) if f not in _CHINESE_TIME), None)
    if after is None or after.startswith(_CHINESE_NOUNS) or after == "r":
        return label  # a subject follows the date ("6月3日上午，话剧…")
    ends = [m.end() for m in _CHINESE_CLAUSE_END.finditer(sentence, 0, span[0])]
    if not ends:
        return label
    previous = sentence[ends[-2] if len(ends) > 1 else 0 : ends[-1] - 1].strip()
    tagged = _without_demonstrative(tag(previous))
    previous = "".join(word for word, _ in tagged)
    in_phrase = lambda flag: flag in _CHINESE_PHRASE or flag.startswith(_CHINESE_NOUNS)  # noqa: E731
    if not (tagged and all(in_phrase(f) for _, f in tagged) and tagged[-1][1].startswith(_CHINESE_NOUNS)):
        opening: list[tuple[str, str]] = []
        for word, flag in tag(sentence[: ends[0] - 1]):
            if not in_phrase(flag):
                break
            opening.append((word, flag))
        while opening and not opening[-1][1].startswith(_CHINESE_NOUNS):
            opening.pop()
        previous = "".join(word for word, _ in opening)
    topic = f"{previous}{label}"
    if previous and label_size(topic) > MAX_WORDS:
        topic = f"{previous}{_without_modifier(tag(label))}"
    return topic if previous and label_size(topic) <= MAX_WORDS else label


def _without_demonstrative(tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """ "这个洞庭湖区的重要城市" → "洞庭湖区的重要城市": a topic lent to a later clause loses the
    demonstrative (and its measure word) that pointed back at the text before it, as a Spanish label's
    "ese" becomes "el"; Chinese has no article to put instead."""
    if len(tagged) < 2 or tagged[0][1] != "r" or tagged[0][0][:1] not in _DEMONSTRATIVES:
        return tagged
    return tagged[2:] if tagged[1][1] == "q" else tagged[1:]


_DEMONSTRATIVES = frozenset("这這那该該此")


def _without_modifier(tagged: list[tuple[str, str]]) -> str:
    """ "在作家周立波笔下的《山乡巨变》中" → "在《山乡巨变》中": a label too long to take its topic loses the
    first run of nouns that only modify the noun after their "的" inside a phrase that a preposition or
    verb opens; the head noun, and so the clause, stays."""
    for n, (_, flag) in enumerate(tagged):
        if flag not in ("p", "v"):
            continue
        end = n + 1
        while end < len(tagged) and _is_named(tagged[end][1]):
            end += 1
        head = tagged[end + 1] if end + 1 < len(tagged) else ("", "x")
        modifies = end < len(tagged) and tagged[end][1] == "uj" and (_is_named(head[1]) or head[0] in "《“")
        if end > n + 1 and modifies:
            return "".join(word for word, _ in [*tagged[: n + 1], *tagged[end + 1 :]])
    return "".join(word for word, _ in tagged)


def _with_date(left: list[str], sentence: str, span: tuple[int, int], right: list[str]) -> list[str]:
    """The clause's pieces with the date among them, written onto the word before or after it where the
    sentence has no space between them ("all'inizio di marzo", not "all' inizio di marzo"; "बुधवारी", not
    "बुधवार ी")."""
    date = sentence[span[0] : span[1]]
    if _NO_SPACE.search(date):
        return [*left, date, *right]
    if right and sentence[span[1] :].startswith(right[0]):  # "बुधवारी", "5-ին": an ending written on
        date, right = date + right[0], right[1:]
    if left and span[0] > 0 and not sentence[span[0] - 1].isspace():
        return [*left[:-1], left[-1] + date, *right]
    return [*left, date, *right]


_SUBJECTS = frozenset({"NN", "NE", "PPER", "PDS", "PIS", "PPOSS", "PWS", "PRELS"})
_FINITE = ("VAFIN", "VVFIN", "VMFIN")


def _subject_clause(pieces: list[str], anchor: int, following: str, function: frozenset[str]) -> list[str]:
    """ "Zunächst war am Samstagnachmittag noch unklar, | ob Johnson dem Gesetz Folge leisten würde": a
    German main clause with a finite verb but no noun or pronoun outside its prepositional phrases has
    the subordinate clause after it as its subject (what was unclear), which its label needs: that
    clause's words, or none. A German subordinate clause opens with a closed-class word and ends with its
    finite verb."""
    clause = _tokens(following.strip().rstrip(".!?"))
    tags = _tags([*pieces, *clause], "de")
    if not clause or tags is None or not clause[0][:1].islower() or clause[0].casefold() not in function:
        return []
    own, after = tags[: len(pieces)], tags[len(pieces) :]
    if after[-1] not in _FINITE or not any(t in _FINITE for t in own) or len(clause) > MAX_WORDS - MIN_WORDS:
        return []
    in_phrase = False
    for k, tag in enumerate(own):
        if tag in ("APPR", "APPRART"):
            in_phrase = True
        elif tag not in ("ART", "ADJA", "CARD", "NN", "NE"):
            in_phrase = False
        elif tag in _SUBJECTS and not in_phrase and k != anchor:
            return []  # the clause has a subject of its own
    return clause


def _from_antecedent(pieces: list[str], date: str, language: str) -> list[str] | None:
    """ "ser el dueño del gol que llevó a la selección a la conquista del Mundial-2010 tras …": a date
    further into its clause than a label reaches, inside a relative clause, is labelled by the noun that
    clause hangs on and the clause ("El gol que llevó a la selección a la conquista del Mundial-2010"),
    as English's parse labels a date on a noun by its noun phrase; an opening that cannot reach the date
    goes. The noun keeps its article; one a preposition carried ("del") is given back (summarizers.articles)."""
    at = next((k for k, p in enumerate(pieces) if p is date), None)
    if at is None or label_size(" ".join(pieces[: at + 1])) <= MAX_WORDS:
        return None
    tags = _tags(pieces, language)
    if tags is None:
        return None
    relative = next((r for r in range(at - 1, 1, -1) if tags[r].startswith("PREL")), None)
    start = relative or 0
    while start > 1 and tags[start - 1] in ("NN", "ADJA", "CARD"):
        start -= 1
    if relative is None or "NN" not in tags[start:relative]:
        return None
    if tags[start - 1] == "ART":
        phrase: list[str] | None = pieces[start - 1 :]
    else:
        phrase = definite(pieces[start:], language) if tags[start - 1] == "APPRART" else None
    if not phrase or label_size(" ".join(phrase[: len(phrase) - len(pieces) + at + 1])) > MAX_WORDS:
        return None
    return [phrase[0][:1].upper() + phrase[0][1:], *phrase[1:]]


def _date_holds_place(left: list[str], right: list[str], language: str | None) -> bool:
    """A German date that opens its clause holds the first place before the finite verb (verb second):
    without it the label would open with its verb, as a question does ("Sind wir … vertreten"). One after
    an article and before an adjective is inside its noun phrase ("In dem 2015 verabschiedeten Gesetz")."""
    if language != "de" or not right:
        return False
    tags = _tags([*left, *right[:TAGGED]], language) or []
    before, after = tags[: len(left)], tags[len(left) :]
    return bool(after) and (after[0] in _FINITE or (before[-1:] == ["ART"] and after[0] == "ADJA"))


def _verb_second(pieces: list[str], date: str) -> list[str]:
    """A German main clause whose first part went ("Zunächst") would open with its verb, as a question
    does; the date's phrase takes the first place: "Am Samstagnachmittag war unklar, …"."""
    from summarizers.ranking.coherence import reads_as_conjunction  # imported late: no cycle

    tags = _tags(pieces, "de")
    at = next((k for k, p in enumerate(pieces) if p is date), None)
    if not tags or tags[0] not in _FINITE or at is None:
        return pieces
    start = at
    while start > 0 and tags[start - 1] in ("ADJA", "ART", "CARD"):
        start -= 1  # "am späten Sonntagabend"
    start = start - 1 if start > 0 and tags[start - 1] in ("APPR", "APPRART") else at
    if start > 1 and tags[start - 1] == "ADV" and not reads_as_conjunction(pieces[start - 1], "de"):
        start -= 1  # "erst am Sonntag": the adverb that grades the date goes with it
    phrase = pieces[start : at + 1]
    return [
        phrase[0][:1].upper() + phrase[0][1:],
        *phrase[1:],
        pieces[0],
        *pieces[1:start],
        *pieces[at + 1 :],
    ]


def _tagger_shortened(
    pieces: list[str],
    anchor: int,
    inside: bool,
    language: str | None,
    pronoun_named: bool = False,
    limit: int = MAX_WORDS,
) -> list[str]:
    """A clause past a label's length loses adverbs and phrases where a tagger reads them (German), so
    its verb at the end stays (summarizers.clause_compression); where the verb comes early (the languages
    Apertium tags), adverbs only."""
    tags = _tags(pieces, language) if label_size(" ".join(pieces)) > limit else None
    if tags is None:
        return pieces
    if inside:
        tags[anchor] = "NN"  # the date's words, one piece: the noun of its phrase
    from summarizers.ranking.coherence import reads_as_conjunction  # imported late: no cycle

    size = lambda kept: label_size(" ".join(kept))  # noqa: E731
    connectives = {
        k
        for k, tag in enumerate(tags)
        if tag == "ADV" and language and reads_as_conjunction(pieces[k], language)
    }
    return compressed(
        pieces,
        anchor,
        tags,
        size,
        limit,
        verb_early=language in VERB_EARLY,
        pronoun_named=pronoun_named,
        connectives=connectives,
    )


def _tags(pieces: list[str], language: str | None) -> list[str] | None:
    from summarizers.ranking.coherence import tagger  # imported late: no cycle

    tag_sent = tagger(language) if language else None
    return tag_tokens(pieces, tag_sent) if tag_sent is not None else None


_NOUNS = frozenset({"NN", "NE", "CARD", "FM"})
_OPENS_PHRASE = ("APPR", "KO", "PREL", "PW", "V", "$", "ADV")  # a word that starts another part
_OPENS_CLAUSE = ("KOUS", "PREL", "PW")  # "que", "che", "że", "como": a clause with a verb of its own


def _phrase_ends(pieces: list[str], language: str | None) -> list[set[int]] | None:
    """Where a long clause may end in a language whose verb comes early, best first: before a
    preposition, conjunction, relative, verb or punctuation, then anywhere; always after a noun phrase (its
    noun, name, number, or an adjective after its noun) once every clause opened so far has a finite verb
    ("Navarro encabezó el domingo la marcha del 1° de mayo" | "interpretada como …"; not "Parecía que
    desde la cúpula", not "Aquel momento que vivimos en Sudáfrica"). None without a tagger, or where the
    verb comes last (German). Chinese: after a noun, not before another word of its phrase."""
    if language == "zh":
        return _chinese_phrase_ends(pieces)
    if language not in VERB_EARLY or label_size(" ".join(pieces)) <= MAX_WORDS:
        return None
    tags = _tags(pieces, language)
    return _ends_after_noun_phrases(tags) if tags is not None else None


def _ends_after_noun_phrases(tags: list[str]) -> list[set[int]]:
    """`_phrase_ends` read from the STTS tags of a clause."""
    ends: set[int] = set()
    verbs = [] if tags[0].startswith(_OPENS_CLAUSE) else [False]  # each open clause: has it its verb yet?
    for k, tag in enumerate(tags[:-1]):
        if tag.startswith(_OPENS_CLAUSE):
            verbs.append(False)
        elif tag.endswith("FIN") and not all(verbs):
            verbs[max(n for n, has in enumerate(verbs) if not has)] = True  # the innermost clause without
        noun_end = tag in _NOUNS or (tag == "ADJA" and k > 0 and tags[k - 1] in _NOUNS)
        if verbs and all(verbs) and noun_end and tags[k + 1] not in _NOUNS:
            ends.add(k + 1)
    before_another = {k for k in ends if tags[k].startswith(_OPENS_PHRASE)}
    return [before_another, ends]


POST_WORDS_TO_DETECT = 8  # fewer words than this do not tell a post's language apart from the page's
ASIDE_WORDS = 6  # ", pela Companhia das Letras,": a phrase this short between commas may be an aside


def _object_after_aside(
    tags: list[str] | None, sentence: str, segments: list[tuple[int, int]], at: int, language: str | None
) -> list[str] | None:
    """ "O historiador lançou em 2009, pela Companhia das Letras, a biografia …": the verb right before the
    date has its object after a prepositional aside between commas. Where a tagger reads the language
    (`tags`: those of the clause up to the date), the label skips the aside and keeps the object (the date
    stays inside the clause)."""
    if not tags or at + 2 >= len(segments):
        return None
    aside = _tokens(sentence[slice(*segments[at + 1])])
    aside_tags = _tags(aside, language) if 0 < len(aside) <= ASIDE_WORDS else None
    following = _tokens(sentence[slice(*segments[at + 2])])
    after = _tags(following[:TAGGED], language) or []
    if (
        not tags[-1].startswith("V")
        or not aside_tags
        or not aside_tags[0].startswith("APPR")
        or any(tag.startswith("V") for tag in aside_tags)
        or not after
        or after[0] not in ("ART", "PPOSAT", "CARD", "NN", "NE")
    ):
        return None
    return following


def _clause_after_fronted_date(
    tags: list[str] | None, sentence: str, segments: list[tuple[int, int]], at: int, language: str | None
) -> list[str] | None:
    """A date fronted in a subordinate clause, before its subject and verb ("comunica che nel corso del
    pomeriggio di oggi, mercoledì 19 febbraio, il tempo peggiorerà …"): the clause goes on after the comma,
    and the label is that clause, as the English parse gives "Bridge would close …" for "said that on
    Monday the bridge would close". Where a tagger reads the language: the opener ("che", "que") has no
    finite verb after it, a preposition leads from it to the date, and the next stretch has its verb
    (`tags`: those of the clause up to the date)."""
    if not tags or at + 1 >= len(segments) or len(tags) < 2:
        return None
    opener = max((k for k, tag in enumerate(tags) if tag.startswith(_OPENS_CLAUSE)), default=None)
    if (
        opener is None
        or opener + 1 >= len(tags)
        or not tags[opener + 1].startswith("APPR")
        or any(tag.endswith("FIN") for tag in tags[opener:])
    ):
        return None
    following = _tokens(sentence[slice(*segments[at + 1])])
    after = _tags(following[:TAGGED], language) or []
    verb = next((k for k, tag in enumerate(after) if tag.endswith("FIN")), None)
    if verb is None or any(tag.startswith(_OPENS_CLAUSE) for tag in after[:verb]):
        return None
    return following


def _chinese_phrase_ends(pieces: list[str]) -> list[set[int]] | None:
    """Where a Chinese clause too long for a label may end: after a noun or name that ends its phrase
    (jieba's tags), so a cut never stops on a measure word or verb before the object it counts or takes
    ("…公司DeepMind开发出一款" | "能够…的计算机")."""
    from summarizers.text import chinese_tagger  # imported late: jieba loads only for Chinese

    tag = chinese_tagger()
    text = "".join(pieces)
    if tag is None or label_size(text) <= MAX_WORDS:
        return None
    noun_ends: set[int] = set()
    tagged = tag(text)
    offset, counted = 0, False  # after a measure word ("一款"), the phrase runs to its head noun
    for n, (word, flag) in enumerate(tagged):
        offset += len(word)
        following = tagged[n + 1][1] if n + 1 < len(tagged) else "x"
        counted = counted or _measure_word(word, flag)
        named_number = (
            flag == "m" and word.isascii() and word.isdigit() and n > 0 and _is_named(tagged[n - 1][1])
        )
        noun = _is_named(flag) or named_number  # "麒麟990"
        phrase_goes_on = _is_named(following) or following in _CHINESE_PHRASE
        if noun and not phrase_goes_on and (not counted or not any(f == "uj" for _, f in tagged[n + 1 :])):
            noun_ends.add(offset)  # the head: no "的" after it still leads to another noun
            counted = False
    ends, offset = set(), 0
    for k, piece in enumerate(pieces):
        offset += len(piece)
        if offset in noun_ends:
            ends.add(k + 1)
    return [ends]


def _is_named(flag: str) -> bool:
    """A noun, a name or a word in Latin letters ("DeepMind") among jieba's tags."""
    return flag.startswith(_CHINESE_NOUNS) or flag == "eng"


def _measure_word(word: str, flag: str) -> bool:
    """A classifier, or a number with one ("一款", "三辆"); not a date's number ("2014", "年", "27日")."""
    return flag == "q" or (
        flag == "m" and bool(_HAN.search(word)) and word[-1] not in "年月日号號时時点點分秒"
    )


def _grown_clause(
    sentence: str, segments: list[tuple[int, int]], at: int, span: tuple[int, int], language: str | None
) -> str | None:
    """A clause too short to read alone ("从2017年起") with the clauses next to it, the one after first,
    until it has a label's length besides its date: the date stays, no clause is cut inside."""
    low = high = at
    function = function_words(language)
    while True:
        start, end = segments[low][0], segments[high][1]
        label = tidy(sentence[start:end], english=False)
        around = sentence[start : span[0]] + " " + sentence[span[1] : end]
        content = [w for w in words(around) if w.casefold() not in function and not w.isdigit()]
        if label_size(label) >= MIN_WORDS and label_size(" ".join(content)) >= 2:
            if label_size(label) <= MAX_WORDS:
                return label
            return _clause_before(sentence, segments, at, language) if low == at else None
        if high + 1 < len(segments):
            high += 1
        elif low > 0:
            low -= 1
        else:
            return None


ELIDED_NOUN_WORDS = 6  # "una temperatura de 18,4 grados": the noun phrase an apposition without a noun names


def _elided_noun(
    pieces: list[str], sentence: str, before: tuple[int, int], language: str | None
) -> list[str] | None:
    """ "…, la más alta registrada desde 1961": an apposition with an article and adjectives but no noun
    of its own means the noun phrase just before its comma, which the label then names ("Una temperatura
    de 18,4 grados, la más alta registrada"): the object after the last clause's verb, when short."""
    tags = _tags(pieces, language) if pieces else None
    if not tags or tags[0] != "ART" or "ADJA" not in tags:
        return None
    if any(t in _NOUNS or t.endswith("FIN") for t in tags):
        return None
    previous = _tokens(sentence[slice(*before)])
    previous_tags = _tags(previous, language) or []
    verbs = [k for k, t in enumerate(previous_tags) if t.endswith("FIN")]
    start = (
        next((k for k in range(verbs[-1] + 1, len(previous)) if previous_tags[k] == "ART"), None)
        if verbs
        else None
    )
    if start is None or not 1 < len(previous) - start <= ELIDED_NOUN_WORDS:
        return None
    noun = previous[start:]
    if any(t.startswith("V") or t.startswith(_OPENS_CLAUSE) for t in previous_tags[start:]):
        return None
    if label_size(" ".join([*noun, *pieces])) > MAX_WORDS or not any(
        t in _NOUNS for t in previous_tags[start:]
    ):
        return None
    return noun


def _clause_before(
    sentence: str, segments: list[tuple[int, int]], at: int, language: str | None
) -> str | None:
    """A short clause of a date ("自5月下旬开始") whose next clause is too long to join: the clause it
    follows, which the date goes on from ("省委宣传部组织了话剧…巡演活动，自5月下旬开始"), when that reads
    as a label; the date is shown beside it."""
    if at == 0:
        return None
    before = _tokens(sentence[slice(*segments[at - 1])])
    if not before or _subordinate(before[0], function_words(language)):
        return None  # a relative or subordinate clause ("der er verdens største bruger") leans on another
    label = tidy(sentence[slice(*segments[at - 1])], english=False)
    return label if MIN_WORDS <= label_size(label) <= MAX_WORDS else None


_CLAUSE_END = re.compile(
    rf"[;()\[\]—–«»“”\"]|:(?!\w)|[。；：！？，〔〕【】]|,\s|\s[-|]\s|(?<=[{_THAI_LETTERS}])\s+(?=[{_THAI_LETTERS}])"
)  # a space between Thai words ends a clause; a colon inside a word does not ("ry:n", "EU:s", "17:20")


def _with_announced(
    sentence: str, segments: list[tuple[int, int]], at: int, language: str | None
) -> list[tuple[int, int]]:
    """ "Was mich heute noch wirklich interessiert: diese Rätselhaftigkeit des Menschen": a stretch that
    opens with a w-word or a free relative ("was", "lo que", "quello che", "co") and ends at a colon
    announces what follows; alone it says nothing, so the label takes both (as English's parse does: "What
    interests me today: this mysteriousness of man"), when both fit a label. Read from the tagger's tags."""
    if at + 1 >= len(segments) or sentence[segments[at][1] : segments[at + 1][0]].strip() != ":":
        return segments
    joined = (segments[at][0], segments[at + 1][1])
    opening = _tokens(sentence[slice(*segments[at])])[:2]
    tags = _tags(opening, language) if len(opening) == 2 and language in VERB_EARLY | {"de"} else None
    free_relative = bool(tags) and (
        tags[0].startswith(_FREE_RELATIVE) or (tags[0] in _BEFORE_RELATIVE and tags[1].startswith("PREL"))
    )
    if not free_relative or label_size(sentence[slice(*joined)]) > MAX_WORDS:
        return segments
    return [*segments[:at], joined, *segments[at + 2 :]]


_FREE_RELATIVE = ("PW", "PREL")  # "was", "qué", "quello", "co"
_BEFORE_RELATIVE = frozenset({"XY", "ART", "PDS", "PIS"})  # "lo que", "o que", "ce que"


def _subordinate(token: str, function: frozenset[str]) -> bool:
    """A clause after a comma that opens with a closed-class word in lower case ("dass", "que", "care",
    "e") is a subordinate, relative or coordinate clause: it leans on the clause before it."""
    return token[:1].islower() and token.casefold() in function


def _main_clause_joined(
    sentence: str, before: tuple[int, int], pieces: list[str], language: str | None
) -> list[str]:
    """The clause before a subordinate one joined to it when both fit a label ("sostenía Horrach, que ya
    había recurrido el pasado abril"); else, where a parser says the opening word is a conjunction
    ("dass"), the clause without it; else the noun a relative clause hangs on; else, where Apertium
    reads a conjunction ("że", "que" not after a noun), the clause without it: "Obecna opozycja tworzy
    dziś sejmową większość" (was "Że to obecna opozycja …"), as an English label drops "that"."""
    from summarizers.ranking.coherence import depends_on_previous, parser  # imported late: no cycle

    main = sentence[before[0] : before[1]]
    joined = [*_tokens(main + ","), *pieces]
    if (
        main[:1].isupper()
        and label_size(" ".join(joined)) <= MAX_WORDS
        and not depends_on_previous(main, language)
    ):
        return joined  # the clause before opens a sentence (not with "Damit", "Pero"), or a clause

    parse = parser(language) if language else None
    tagged = [w.pos for w in parse(" ".join(pieces[:TAGGED]))] if parse else []
    if tagged and tagged[0] in ("CCONJ", "SCONJ", "KOUS", "KON") and len(pieces) > MIN_WORDS:
        return pieces[1:]
    noun = _antecedent_noun(main, pieces, language)
    if noun:
        return [f"{noun},", *pieces]
    tags = None if parse else _tags(pieces[:TAGGED], language)  # Apertium: "que" may be either
    return pieces[1:] if tags and tags[0] in ("KOUS", "KON") and len(pieces) > MIN_WORDS else pieces


_RELATIVE_TAGS = frozenset({"PRELS", "PRELAT"})  # STTS: "der", "die", "deren", "dessen" opening a clause


def _antecedent_noun(main: str, pieces: list[str], language: str | None) -> str | None:
    """The noun (or name) ending the clause before a relative clause, where a tagger reads both: a label
    opening "deren Wurzeln …" reads "Patrizierfamilie, deren Wurzeln …", as the English path names a
    "which". The tagger needs the noun and comma before it to tell a relative "der" from an article."""
    from summarizers.ranking.coherence import TAGGER_TOKEN, tagger  # imported late: no cycle

    tag_sent = tagger(language) if language else None
    before = TAGGER_TOKEN.findall(main)
    if tag_sent is None or not before:
        return None
    tags = tag_sent([*before, ",", *TAGGER_TOKEN.findall(" ".join(pieces[:TAGGED]))])
    if len(tags) <= len(before) + 1 or tags[len(before) + 1][2] not in _RELATIVE_TAGS:
        return None
    noun: list[str] = []
    for word, _, tag in reversed(tags[: len(before)]):
        punctuation = tag.startswith("$") or not any(c.isalnum() for c in word)  # "»" is tagged XY
        if tag in ("NN", "NE"):
            noun.insert(0, word)
        elif noun or not punctuation:
            break
    return " ".join(noun) or None


def _short_sentence(sentence: str, language: str | None) -> str | None:
    """The whole sentence when it is a label's length and complete (not a teaser stopped by "…")."""
    whole = tidy(sentence, english=False)
    if not whole or sentence.rstrip().endswith(("...", "…")):
        return None
    if _dangles(whole.split()[-1], function_words(language)):
        return None
    return whole if MIN_WORDS <= label_size(whole) <= MAX_WORDS else None


def _heads_date(left: list[str], kept_left: list[str], function: frozenset[str]) -> bool:
    """Whether the word before a clause-final date is a noun of a phrase that leads to it ("w połowie
    stycznia", "bis Ende Oktober"): a preposition stands right before that word, so the phrase would end
    on a hole without the date."""
    return (
        len(kept_left) == len(left) >= 3
        and any(t.casefold() not in function for t in left[:-2])
        and left[-1].casefold() not in function
        and left[-2].casefold().strip("«„“\"'(") in function
        and len(left[-2]) <= 4
    )


_ASIDE = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|（[^（）]*）)")
_QUOTED = re.compile(r'"[^"]+"|“[^“”]+”|«[^«»]+»|„[^„“”]+[“”]')


def _with_narrowing_dates(
    sentence: str, span: tuple[int, int], dates: Sequence[tuple[int, int]], function: frozenset[str]
) -> tuple[int, int]:
    """The date's span grown over a date next to it that narrows or restates it ("Neste ano, mais
    precisamente em maio", "oggi, mercoledì 19 febbraio"): joined by a comma and function words, with at
    most one other word, they are one time, and neither is the clause the label is about."""
    start, end = span
    for other in sorted(dates):
        between = sentence[end : other[0]] if other[0] >= end else sentence[other[1] : start]
        if other == (start, end) or "," not in between or re.search(r"[.;:!?()\[\]]", between):
            continue
        content = [w for w in _WORD.findall(between) if w.casefold() not in function]
        if len(content) <= 1 and len(_WORD.findall(between)) <= NARROWING_WORDS:
            start, end = min(start, other[0]), max(end, other[1])
    return start, end


_SPACED = re.compile(r"\S+")


def _uncleft(sentence: str, span: tuple[int, int], language: str) -> tuple[str, tuple[int, int]]:
    """ "El que sumó este martes … fue Luis D'Elía." → "Luis D'Elía sumó este martes …": a pseudo-cleft
    (a relative clause as subject, the copula, then a noun phrase ending the sentence) names what it is
    about last; its label says it first, as the plain clause would. Apertium's readings find it: "el
    que", "quien", "quem", "chi", one finite verb, the date among its words, "ser"/"essere", and no verb
    or clause after ("è stato" is not read: Apertium takes "stato" for "stare")."""
    from summarizers.apertium_tagger import is_finite, readings

    read = readings(language)
    tokens = list(_SPACED.finditer(sentence))
    if read is None or len(tokens) < 5:
        return sentence, span
    tags = [t for _, _, t in read([m.group().strip(".,;:!?") or m.group() for m in tokens])]
    opening = 2 if tags[0][:1] in (("det",), ("detnt",)) else 1
    if len(tags) != len(tokens) or not (tags[opening - 1][:1] == ("rel",) or tags[0][:2] == ("prn", "itg")):
        return sentence, span
    copula = next((k for k in range(opening + 1, len(tags)) if tags[k][:1] == ("vbser",)), None)
    if (
        copula is None
        or tags[opening][:1] not in [(v,) for v in ("vblex", "vbhaver", "vbmod")]
        or not tokens[opening].start() <= span[0] < span[1] <= tokens[copula - 1].end()
        or copula + 1 >= len(tokens)
    ):
        return sentence, span
    if any(is_finite(t) or t[:1] in (("cnjsub",), ("rel",)) for t in tags[opening + 1 : copula]) or any(
        t[:1] and t[0].startswith(("v", "rel", "cnj")) for t in tags[copula + 1 :]
    ):
        return sentence, span  # another clause inside, or the copula's complement is one
    named = copula + 1
    if not (tags[named][:1] in (("det",), ("np",)) or tokens[named].group()[:1].isupper()):
        return sentence, span  # "fue elegido presidente": what the subject became, not who it is
    subject = sentence[tokens[named].start() : tokens[-1].end()].rstrip(".!?")
    subject = subject[:1].upper() + subject[1:]
    middle = sentence[tokens[opening].start() : tokens[copula - 1].end()].rstrip(",")
    shift = len(subject) + 1 - tokens[opening].start()
    return f"{subject} {middle}.", (span[0] + shift, span[1] + shift)


_NOTE_FIELD = re.compile(r"[,;:]\s|\.\s")  # "primeira edição: 2009, mais recente: 2017. 576 páginas"


def _bracketed_note(
    sentence: str, span: tuple[int, int], other_dates: set[str], function: frozenset[str]
) -> tuple[str, tuple[int, int]]:
    """'"Clarice, Uma Biografia" (Companhias das Letras, primeira edição: 2009, mais recente: 2017. 576
    páginas …)': a date that is a field of its own in a bracketed note is the date of what the bracket
    follows, as in "Titanic (1997)"; the note leaves, the date stays in brackets, and the label is the
    clause around it (was "Primeira edição mais recente", the note's words on either side of the date)."""
    aside = next((m for m in _ASIDE.finditer(sentence) if m.start() <= span[0] and span[1] <= m.end()), None)
    if aside is None:
        return sentence, span
    inner_start, inner_end = (
        aside.start() + aside.group().index(aside.group().strip()[0]) + 1,
        aside.end() - 1,
    )
    cuts = [
        inner_start,
        *(c for m in _NOTE_FIELD.finditer(sentence, inner_start, inner_end) for c in m.span()),
        inner_end,
    ]
    fields = [(cuts[k], cuts[k + 1]) for k in range(0, len(cuts) - 1, 2)]
    own = next(((a, b) for a, b in fields if a <= span[0] and span[1] <= b), None)
    if own is None or len(fields) < 2 or sentence[own[0] : own[1]].strip() != sentence[span[0] : span[1]]:
        return sentence, span
    date = sentence[span[0] : span[1]]
    start = aside.start() + len(aside.group()) - len(aside.group().lstrip())
    reduced = f"{sentence[:start]}({date}){sentence[aside.end() :]}"
    return reduced, (start + 1, start + 1 + len(date))


def _without_asides(sentence: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """The sentence without its bracketed asides but the date's own (one restating it joins the date): an
    aside interrupts the clause ("difiere en algo menos de un grado [los 19,8 grados en la isla Signy] y
    fue registrado") and, as a clause boundary, would end the label before its verb or object."""
    kept: list[str] = []
    start, end = span
    last = 0
    for aside in _ASIDE.finditer(sentence):
        if aside.start() == span[1]:  # "σήμερα (19.08.2020)": it restates the date, and goes with it
            end += aside.end() - span[1]
        if (aside.start() < span[1] + 1 and span[0] < aside.end()) or not sentence[: aside.start()].strip():
            continue
        kept.append(sentence[last : aside.start()])
        last = aside.end()
        if aside.end() <= span[0]:
            start, end = start - len(aside.group()), end - len(aside.group())
    kept.append(sentence[last:])
    return "".join(kept), (start, end)


_BETWEEN_COMMAS = re.compile(r",\s+([^,.;:!?()\[\]\"“”„«»]+?)(?=,\s)")
_RELATIVE_OPENING = frozenset({"ART", "PRELS", "PRELAT"})


def _without_relative_clauses(sentence: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """German puts the verb last, so a relative clause set off by commas (", die fossile Rohstoffe
    verbrennen,") interrupts its main clause before the verb, and a cut at the comma lost it ("… wollten
    damit vor zwei Wochen"). One that opens with a relative pronoun (or a preposition and one) and ends
    on a verb goes, as a bracketed aside does, unless it holds the date."""
    for m in reversed(list(_BETWEEN_COMMAS.finditer(sentence))):
        if m.start() < span[1] and span[0] < m.end():
            continue
        pieces = _tokens(m.group(1))
        tags = _tags(pieces, "de") or []
        opening = tags[1] if tags[:1] == ["APPR"] and len(tags) > 2 else tags[0] if tags else ""
        if opening not in _RELATIVE_OPENING or not tags[-1].startswith("V") or len(tags) < 3:
            continue
        sentence = sentence[: m.start()] + sentence[m.end() + 1 :]
        if m.end() <= span[0]:
            span = (span[0] - (m.end() + 1 - m.start()), span[1] - (m.end() + 1 - m.start()))
    return sentence, span


def _quoted_names(sentence: str, span: tuple[int, int], function: frozenset[str]) -> list[tuple[int, int]]:
    """Short quotations, without the date: a nickname or title inside a clause ("Fernando "El Chino"
    Navarro", "publicou dele "Sontag - Vida e Obra""), whose quote marks end no clause; a title after a
    preposition or article may hold a comma ("autor de "Clarice, Uma Biografia""), a quoted clause not."""
    return [
        (q.start(), q.end())
        for q in _QUOTED.finditer(sentence)
        if len(_WORD.findall(q.group())) <= QUOTED_NAME_WORDS
        and not re.search(r"[.!?;:…]", q.group())
        and ("," not in q.group() or sentence[: q.start()].split()[-1:] in [[w] for w in function])
        and not (q.start() < span[1] and span[0] < q.end())
    ]


def _segments(sentence: str, span: tuple[int, int], function: frozenset[str]) -> list[tuple[int, int]]:
    """The sentence's stretches between punctuation marks; none ends inside the date or a short quotation,
    and the commas of a list ("Marche, Abruzzo, Molise, Umbria e Lazio") end none."""
    quoted = _quoted_names(sentence, span, function)
    marks = [
        m
        for m in _CLAUSE_END.finditer(sentence)
        if not (span[0] < m.end() and m.start() < span[1])
        and not any(s <= m.start() and m.end() <= e for s, e in quoted)
    ]
    listed = _list_commas(sentence, marks, span, function)
    marks = [m for n, m in enumerate(marks) if n not in listed]
    cuts = [0, *(at for m in marks for at in (m.start(), m.end())), len(sentence)]
    pairs = list(zip(cuts[::2], cuts[1::2], strict=True))
    return [(s, e) for s, e in pairs if e > s or s <= span[0] < e] or [(0, len(sentence))]


def _list_commas(
    sentence: str, marks: list[re.Match[str]], span: tuple[int, int], function: frozenset[str]
) -> set[int]:
    """The marks that are commas of a list: items of at most two words between commas ("Hołowni,"), then a
    last stretch that joins two words with a short function word ("Umbria e Lazio", "Kosiniaka-Kamysza i
    Czarzastego"). A date set off by commas (", sâmbătă,") is no item."""

    def is_item(n: int) -> bool:
        start, end = marks[n].end(), marks[n + 1].start()
        between = sentence[start:end]
        return (
            marks[n + 1].group().startswith(",")
            and not (start <= span[0] < end)
            and 0 < len(_WORD.findall(between)) <= LIST_ITEM_WORDS
            and not _NO_SPACE.search(between)
        )

    def closes_list(n: int) -> bool:
        end = marks[n + 1].start() if n + 1 < len(marks) else len(sentence)
        head = _WORD.findall(sentence[marks[n].end() : end])[:3]
        return (
            len(head) == 3
            and len(head[1]) <= 3
            and head[1].islower()
            and not any(w.casefold() in function for w in (head[0], head[2]))
        )

    listed: set[int] = set()
    for n, mark in enumerate(marks):
        if not mark.group().startswith(","):
            continue
        last = n
        while last + 1 < len(marks) and is_item(last):
            last += 1
        if last > n and closes_list(last):
            listed |= set(range(n, last + 1))
    return listed


def _only_dates(tokens: list[str], other_dates: set[str], function: frozenset[str]) -> bool:
    """No words, or only the sentence's other dates and the words joining them ("al 2012")."""
    rest = [t for t in tokens if t not in other_dates]
    return not rest or (len(rest) < len(tokens) and all(t.casefold() in function for t in rest))


def _around(sentence: str, segments: list[tuple[int, int]], at: int) -> list[str]:
    """A date set off by punctuation belongs to the clause it interrupts: its neighbours, joined."""
    before = _tokens(sentence[slice(*segments[at - 1])]) if at > 0 else []
    after = _tokens(sentence[slice(*segments[at + 1])]) if at + 1 < len(segments) else []
    if before and after and label_size(" ".join(before)) < MAX_WORDS:
        return [*before, *after]
    return before or after


def _tokens(text: str) -> list[str]:
    """Words, or characters in a script written without spaces (so a cut can fall between them); Thai's
    words where its segmenter is installed, so a cut never falls inside one ("พระรา|ชกฤษฎีกา")."""
    thai = thai_segmenters() if _THAI.search(text) else None
    if thai is not None:
        return [t for t in thai[1](text.strip(), engine="newmm") if t]
    chinese = chinese_segmenter() if _HAN.search(text) and not _KANA.search(text) else None
    if chinese is not None and " " not in text.strip():
        return chinese(text.strip())  # Chinese words, so a cut never falls inside one ("弘扬社|会主义")
    if _NO_SPACE.search(text) and " " not in text.strip():
        return _CLUSTER.findall(text.strip())  # a letter with its vowel signs ("ို"): never cut apart
    return text.split()


_CLUSTER = re.compile(rf".[{MARKS}]*", re.DOTALL)


def _joined(tokens: list[str], dense: bool) -> str:
    """The tokens as text: without spaces in a dense script; elsewhere with spaces, except between the
    letters `_tokens` took apart from one unspaced run ("အစိုးရသည်" in a Burmese sentence with spaces)."""
    if dense:
        return "".join(tokens)
    out: list[str] = []
    for n, token in enumerate(tokens):
        if n and not (_is_letter_piece(tokens[n - 1]) and _is_letter_piece(token)):
            out.append(" ")
        out.append(token)
    return "".join(out)


def _is_letter_piece(token: str) -> bool:
    return bool(_NO_SPACE.match(token)) and len(_CLUSTER.findall(token)) == 1


def _strip_function_words(tokens: list[str], function: frozenset[str]) -> list[str]:
    """Up to three function words right before a date belonged to it: "am", "bis Ende", "nel corso del"."""
    kept = list(tokens)
    for _ in range(3):
        if kept and (
            kept[-1].casefold().strip("«„“\"'(") in function or not any(c.isalnum() for c in kept[-1])
        ):
            kept.pop()
        else:
            break
    return kept if any(any(c.isalnum() for c in t) for t in kept) else []


def _fit(tokens: list[str], function: frozenset[str], dense: bool, ends: list[set[int]] | None = None) -> str:
    """At most 12 words: the longest start of the clause that ends where a tagger says a noun phrase ends
    (`ends`, best first), else before a function word, or else the first 12 words; never ending on a
    short function word ("film z", "puternic astfel de", "vineri că")."""
    join = functools.partial(_joined, dense=dense)
    n = len(tokens)
    if label_size(join(tokens)) > MAX_WORDS:
        fitting = [
            k for k in range(len(tokens) - 1, 0, -1) if MIN_WORDS <= label_size(join(tokens[:k])) <= MAX_WORDS
        ]
        by_tags = ([k for k in fitting if k in preferred] for preferred in ends or ())
        boundaries = next((found for found in by_tags if found), None) or [
            k
            for k in fitting
            if tokens[k].casefold() in function and tokens[k - 1].casefold() not in function
        ]
        if boundaries:
            n = boundaries[0]
        else:
            while n > 1 and label_size(join(tokens[:n])) > MAX_WORDS:
                n -= 1
    while (
        not dense
        and n > 1
        and label_size(join(tokens[: n - 1])) >= MIN_WORDS
        and _dangles(tokens[n - 1], function)
    ):
        n -= 1
    return join(tokens[:n])


def _dangles(token: str, function: frozenset[str]) -> bool:
    """A short function word (a preposition, article or conjunction: "z", "de", "că") cannot end a label;
    one that ends its sentence does ("stellt … auf der DMEXCO aus.": German's verb particle)."""
    bare = token.casefold().strip(".,;:!?…\"'«»“”„()")
    ends_sentence = re.search(r"(?<![.…])[.!?][\"'»“”)]*$", token) is not None
    return not bare or (len(bare) <= 3 and bare in function and not ends_sentence)


@functools.lru_cache(maxsize=64)
def function_words(language: str | None) -> frozenset[str]:
    """A language's stop words from spaCy's language data (no model needed), plus the prepositions that
    lead to dates; only the prepositions when spaCy has no data for the language."""
    words_of_language: frozenset[str] = frozenset()
    if language:
        words_of_language = frozenset(w.casefold() for w in spacy_stop_words(language))
    return words_of_language | _DATE_PREPOSITIONS


def label_size(label: str) -> int:
    """Words, counting a run of a script written without spaces (Chinese, Japanese, Thai...) as one word
    per 2.5 characters: 12 words is about 30 characters there."""
    size = 0
    for word in _WORD.findall(label):
        dense = len(_NO_SPACE.findall(word))
        size += max(1, math.ceil(dense / 2.5)) if dense else 1
    return size


def leaves_hole(label: str, sentence: str, span: tuple[int, int]) -> bool:
    """Whether the label reads as the sentence with its date cut out of the middle ("bis Ende dieses
    Jahres" from "bis Ende Januar dieses Jahres"): it is in the sentence only once the date is removed.
    Letters, digits and punctuation are compared, spaces and case ignored."""
    body = _comparable(label)
    if not body or body in _comparable(sentence):
        return False
    return body in _comparable(sentence[: span[0]] + " " + sentence[span[1] :])


# quote marks and brackets a label may mend (`_balanced`); not round brackets, which a label drops whole
# with the date they hold ("σήμερα (19.08.2020) τα ξημερώματα")
_MARKS_OF_PAIRS = frozenset('"“”«»„[]【】『』「」')


def _comparable(text: str) -> str:
    return "".join(c for c in text.casefold() if not c.isspace() and c not in _MARKS_OF_PAIRS)


def event_label(event: Event, language: str | None = None) -> str:
    """The event's label; for an event stored before labels, a cut of its sentence around the date."""
    if event.label:
        return event.label
    at = event.text.find(event.expression)
    if at < 0:
        return shorten_sentence(event.text)
    return cut_label(event.text, (at, at + len(event.expression)), language)


def shorten_sentence(sentence: str, limit: int = MAX_WORDS) -> str:
    """The sentence's first `limit` words, with an ellipsis when cut."""
    tokens = sentence.split()
    return " ".join(tokens) if len(tokens) <= limit else " ".join(tokens[:limit]).rstrip(",;:") + "…"


def attributed(author: str, said: str, language: str | None = None) -> str:
    """ "Author: what they said", cut at a phrase boundary to a label's length ("Elon Musk: Maybe worth
    considering chloroquine for C19"); empty when the words said are too few to tell anything."""
    said = tidy(said, english=False)
    if label_size(said) < 2:
        return ""
    tokens = [f"{author}:", *_tokens(said)]
    own = _post_language(said, language)
    ends = _phrase_ends(tokens, own)  # where a tagger reads one, the post is cut after a noun phrase
    if ends is None and label_size(" ".join(tokens)) > MAX_WORDS:
        tags = _parsed_tags(tokens, own)  # or where a parser does (English, French, Russian, Czech)
        ends = _ends_after_noun_phrases(tags) if tags else None
    return tidy(_fit(tokens, function_words(own), _is_dense(said), ends), english=False)


def _post_language(said: str, language: str | None) -> str | None:
    """A post is often in another language than the page quoting it (an English tweet on a French page):
    its own words say which, when they are enough to tell; the page's language otherwise."""
    from summarizers.text import detect_language  # imported late: no cycle

    if label_size(said) < POST_WORDS_TO_DETECT:
        return language
    return detect_language(said) or language


# UD parts of speech in STTS terms, so the rules that read a tagger's tags read a parser's alike
_UD_AS_STTS = {
    "NOUN": "NN", "PROPN": "NE", "NUM": "CARD", "ADJ": "ADJA", "ADP": "APPR", "DET": "ART", "CCONJ": "KON",
    "SCONJ": "KOUS", "ADV": "ADV", "PUNCT": "$,", "PART": "PTKZU", "INTJ": "ITJ",
}  # fmt: skip


def _parsed_tags(pieces: list[str], language: str | None) -> list[str] | None:
    """STTS tags of `pieces` from the language's parser (summarizers.ranking.coherence.parser): each piece
    takes the tag of the parsed word its first letter or digit falls in; None without a parser."""
    from summarizers.ranking.coherence import parser  # imported late: no cycle

    parse = parser(language) if language and language not in APERTIUM_LANGUAGES else None
    if parse is None:
        return None
    text = " ".join(pieces)
    parsed = parse(text)
    tags, at = [], 0
    for piece in pieces:
        first = at + next((n for n, c in enumerate(piece) if c.isalnum()), 0)
        word = next((w for w in parsed if w.idx <= first < w.idx + len(w.text)), None)
        tags.append(_stts_of(word.pos, word.feats) if word else "XY")
        at += len(piece) + 1
    return tags


def _stts_of(pos: str, feats: str) -> str:
    if pos in ("VERB", "AUX"):
        kind = "VA" if pos == "AUX" else "VV"
        return kind + ("FIN" if "VerbForm=Fin" in feats else "INF" if "VerbForm=Inf" in feats else "PP")
    if pos == "PRON":
        return "PRELS" if "PronType=Rel" in feats else "PPER"
    return _UD_AS_STTS.get(pos, "XY")


def _is_dense(text: str) -> bool:
    """Written without spaces (Chinese, Japanese, Thai...): words are joined with nothing."""
    return bool(_NO_SPACE.search(text)) and text.count(" ") * 20 < len(text)
