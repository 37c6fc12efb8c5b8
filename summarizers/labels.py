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
sentence at punctuation around the date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizers.briefing import Event
from summarizers.model_cache import model_cache
from summarizers.ner_models import MODELS, load_pipeline

MIN_WORDS, MAX_WORDS = 4, 12
SHORTEST_PARSED = 3  # a parsed clause of three words ("Winfrey told CBS") beats a cut of the sentence
PARSER_NOT_NEEDED = ("ner", "lemmatizer")
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
_WORD = re.compile(r"\w[\w’'-]*")
_CUT_AT = re.compile(r"[;:()—–]|,\s|\s(?:and|but|which|while|whereas|although|because)\s")


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
) -> list[list[str]]:
    """One label per date span of each sentence. `people[i]`: the persons sentence i names, or the person
    named just before it (a lone 'he' or 'she' in a label becomes that name when there is exactly one)."""
    nlp = parser_pipeline(language) if language else None
    if nlp is None:
        return [
            [cut_label(s, span) for span in sentence_spans]
            for s, sentence_spans in zip(sentences, spans, strict=True)
        ]
    labels = []
    for n, doc in enumerate(nlp.pipe(sentences, batch_size=64)):
        person = people[n][0] if n < len(people) and len(people[n]) == 1 else None
        labels.append(
            [
                clause_label(doc, span, [o for o in spans[n] if o != span], person)
                or cut_label(doc.text, span)
                for span in spans[n]
            ]
        )
    return labels


def clause_label(
    doc, span: tuple[int, int], others: Sequence[tuple[int, int]], person: str | None = None
) -> str | None:  # type: ignore[no-untyped-def]
    """The label of the date at character `span` of a parsed sentence, or None when the parse gives none."""
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
    best: str | None = None
    for head in _candidate_heads(attach):
        label = _label_of(doc, head, root, dropped, other_dated, person)
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


def _label_of(doc, head, root, dropped: set[int], other_dated: set[int], person: str | None) -> str:  # type: ignore[no-untyped-def]
    kept = {t.i for t in head.subtree} - dropped
    path = {root.i, *(a.i for a in root.ancestors)}
    for i in other_dated & kept:
        token = doc[i]
        while token.head.i != token.i and token.head.i not in path and token.head.i != head.i:
            token = token.head
        if token.i != head.i and token.i not in path:
            kept -= {t.i for t in token.subtree}
    prefix = _subject_before(doc, head)
    budget = MAX_WORDS - len(words(prefix))
    for level in _TRIM_ORDER:
        while len(_words_of(doc, kept)) > budget:
            removable = [
                t for t in doc if t.i in kept and t.i != head.i and t.dep_ in level and t.i not in path
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
    return _render(doc, kept, head, prefix, person)


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


def _render(doc, kept: set[int], head, prefix: str, person: str | None) -> str:  # type: ignore[no-untyped-def]
    pieces: list[str] = []
    previous = None
    named = bool(person) and any(doc[i].text in (person or "").split() for i in kept)
    for i in sorted(kept):
        token = doc[i]
        text = token.text
        clause = token.head
        if (
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


def _noun_phrase(noun) -> str:  # type: ignore[no-untyped-def]
    """'bilateral relations' for the noun 'relations': the noun with its adjectives and compounds."""
    left = [t for t in noun.lefts if t.dep_ in ("amod", "compound", "nummod", "poss")]
    first = min([noun.i, *(t.i for t in left)])
    return " ".join(t.text for t in noun.doc[first : noun.i + 1])


def tidy(label: str) -> str:
    """One line without dangling connectives, articles or punctuation at either end."""
    label = _DATELINE.sub("", re.sub(r"\(\s*\)|\[\s*\]", "", " ".join(label.split())))
    label = re.sub(r"\s+([,.;:)’'])", r"\1", label)
    label = re.sub(r"(^|\s)-(?=\w)", r"\1", label)  # "so-called" whose "so" was cut
    label = re.sub(r"([(])\s+", r"\1", label)
    label = re.sub(r"(,\s*){2,}", ", ", label)
    tokens = label.split()
    while tokens and (
        tokens[0].lower().strip(",;:.") in _LEADING_JUNK or not any(c.isalnum() for c in tokens[0])
    ):
        tokens.pop(0)
    while tokens and (
        tokens[-1].lower().strip(",;:.") in _TRAILING_JUNK or not any(c.isalnum() for c in tokens[-1])
    ):
        tokens.pop()
    label = " ".join(tokens).strip(" ,;:.—–-")
    if label.count("(") != label.count(")"):
        label = label.replace("(", "").replace(")", "")
    return label[:1].upper() + label[1:] if label else label


def _words_of(doc, kept: set[int]) -> list[str]:  # type: ignore[no-untyped-def]
    return [doc[i].text for i in kept if any(c.isalnum() for c in doc[i].text)]


def cut_label(sentence: str, span: tuple[int, int]) -> str:
    """Without a parse: the stretch between the punctuation marks or connectives around the date, the date
    itself left out, at most 12 words around it."""
    start, end = span
    before = [m.end() for m in _CUT_AT.finditer(sentence, 0, start)]
    after = _CUT_AT.search(sentence, end)
    left = sentence[(before[-1] if before else 0) : start]
    right = sentence[end : after.start() if after else len(sentence)]
    left_words, right_words = left.split(), right.split()
    while left_words and left_words[-1].lower() in _DATE_PREPOSITIONS:
        left_words.pop()  # "opened in [2019]", "inauguré le [12 mars]": these belonged to the date
    while len(left_words) + len(right_words) > MAX_WORDS:
        if len(left_words) >= len(right_words):
            left_words.pop(0)
        else:
            right_words.pop()
    label = tidy(" ".join([*left_words, *right_words]))
    if len(words(label)) < MIN_WORDS:
        return shorten_sentence(sentence)
    return label


def event_label(event: Event) -> str:
    """The event's label; for an event stored before labels, a cut of its sentence around the date."""
    if event.label:
        return event.label
    at = event.text.find(event.expression)
    if at < 0:
        return shorten_sentence(event.text)
    return cut_label(event.text, (at, at + len(event.expression)))


def shorten_sentence(sentence: str, limit: int = MAX_WORDS) -> str:
    """The sentence's first `limit` words, with an ellipsis when cut."""
    tokens = sentence.split()
    return " ".join(tokens) if len(tokens) <= limit else " ".join(tokens[:limit]).rstrip(",;:") + "…"
