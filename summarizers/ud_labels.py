"""Event labels from a Universal Dependencies parse: French, Czech, Japanese (GiNZA) and Russian (Natasha).

The English labels read spaCy's English dependency labels; these languages' parsers give UD relations
instead (the preposition is the date's `case` child, clauses are `acl:relcl`, `advcl`, `ccomp`...), so the
same idea is written once for UD:
- the date's own words and their `case`/`det` children go (the date is shown beside the label);
- the noun phrase the date modifies, or the clause of the nearest verb, up to three clauses up;
- parts that hold another date of the sentence go; past 12 words, clauses and asides go first, then
  `obl`/`nmod` phrases, farthest first;
- a relative pronoun subject becomes its noun; a lone third-person pronoun subject becomes the one person
  named in or just before the sentence, else the clause above it is taken (its subject is named there);
- a candidate without a finite verb of its own ("reculer à la quatrième place") or that is a prepositional
  phrase ("dans les rues") gives way to the clause above; negation is never trimmed, and no label ends on
  a word whose complement was cut ("conformément");
- if a label would still read as the sentence with a hole where the date was, the date stays in it.
Both parser families are read into one small word model, so the rules do not depend on the toolkit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from summarizers.model_cache import model_cache
from summarizers.ner_models import load_pipeline

log = logging.getLogger(__name__)

UD_PACKAGES = {"fr": "fr_core_news_sm", "cs": "cs_core_news_sm", "ja": "ja_ginza"}
_NOT_FOR_PARSING = (
    "ner",
    "lemmatizer",
    "trainable_lemmatizer",
    "compound_splitter",
)  # GiNZA needs bunsetu_recognizer
_ASIDES = frozenset(
    {
        "acl:relcl",
        "acl",
        "appos",
        "parataxis",
        "advcl",
        "ccomp",
        "conj",
        "dep",
        "dislocated",
        "vocative",
        "list",
        "orphan",
        "reparandum",
        "discourse",
    }
)
_PHRASES = frozenset({"obl", "nmod", "advmod", "cc", "iobj", "obl:tmod", "obl:mod", "obl:arg", "nmod:poss"})
_CLAUSES = frozenset({"root", "ccomp", "advcl", "acl", "acl:relcl", "conj", "xcomp", "csubj", "parataxis"})
_SUBJECTS = ("nsubj", "nsubj:pass", "csubj")


@dataclass(frozen=True, slots=True)
class Word:
    """One parsed word, whatever parser read it."""

    i: int
    text: str
    idx: int  # character offset in the sentence
    space: str  # what follows it before the next word
    head: int  # its own index for the root
    dep: str  # UD relation, lower case ("root", "obl:mod", "acl:relcl")
    pos: str  # UD part of speech
    feats: str  # "Number=Sing|Person=3|PronType=Prs"

    @property
    def base(self) -> str:
        return self.dep.split(":")[0]


Parse = Callable[[Sequence[str]], list[list[Word]]]


@model_cache
def ud_parser(language: str) -> Parse | None:
    """The language's UD parser, loaded on first use; None when none is installed."""
    if language == "ru":
        return _natasha_parser()
    package = UD_PACKAGES.get(language)
    if package is None:
        return None
    try:
        nlp = load_pipeline(package, _NOT_FOR_PARSING)  # with the vocabulary of the language's NER
    except (OSError, ImportError, ValueError) as exc:
        log.debug("parser %s not usable: %s", package, exc)
        return None
    if "parser" not in nlp.pipe_names:
        return None
    if language != "ja":
        nlp.tokenizer = _HyphenJoiningTokenizer(nlp.tokenizer)

    def parse(sentences: Sequence[str]) -> list[list[Word]]:
        # French models learnt elision from "l'", not the typographic "l’"; one character for one, so the
        # offsets stay those of the sentence
        texts = (s.replace("’", "'") for s in sentences)
        return [
            [
                Word(
                    t.i,
                    sentence[t.idx : t.idx + len(t)],
                    t.idx,
                    t.whitespace_,
                    t.head.i,
                    t.dep_.lower(),
                    t.pos_,
                    str(t.morph),
                )
                for t in doc
            ]
            for sentence, doc in zip(sentences, nlp.pipe(texts, batch_size=64), strict=True)
        ]

    return parse


class _HyphenJoiningTokenizer:
    """spaCy's tokenizer, with a word written with hyphens kept whole ("projet-pilote", "Saint-Denis",
    "Île-de-France"). The French and Czech models split it at each hyphen and then parse the hyphen as a
    root of its own, so one sentence came out as three trees and a label began mid-phrase ("Pilote mené").
    A hyphen that opens a token ("a-t-il": "-t", "-il") and digits ("COVID-19", "2-3") are left as split."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Any:
        doc = self.tokenizer(text)
        spans, i = [], 0
        while i + 2 < len(doc):
            end = i
            while end + 2 < len(doc) and _hyphen_joins(doc[end], doc[end + 1], doc[end + 2]):
                end += 2
            if end > i:
                spans.append(doc[i : end + 1])
            i = end + 1
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
        return doc

    def __getattr__(self, name: str) -> Any:  # pipe, to_disk, rules...: the wrapped tokenizer's
        return getattr(self.tokenizer, name)


def _hyphen_joins(left: Any, hyphen: Any, right: Any) -> bool:
    return (
        hyphen.text in ("-", "\u2010")
        and not left.whitespace_
        and not hyphen.whitespace_
        and left.is_alpha
        and right.is_alpha
    )


def _natasha_parser() -> Parse | None:
    try:
        from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsSyntaxParser, Segmenter
    except ImportError:
        return None
    embedding = NewsEmbedding()
    segmenter, syntax, morph = Segmenter(), NewsSyntaxParser(embedding), NewsMorphTagger(embedding)

    def parse(sentences: Sequence[str]) -> list[list[Word]]:
        out = []
        for sentence in sentences:
            doc = Doc(sentence)
            doc.segment(segmenter)
            doc.parse_syntax(syntax)
            doc.tag_morph(morph)
            tokens = doc.tokens
            index = {t.id: n for n, t in enumerate(tokens)}
            words = []
            for n, t in enumerate(tokens):
                following = tokens[n + 1].start if n + 1 < len(tokens) else len(sentence)
                feats = "|".join(f"{k}={v}" for k, v in sorted((t.feats or {}).items()))
                words.append(
                    Word(
                        n,
                        t.text,
                        t.start,
                        sentence[t.stop : following],
                        index.get(t.head_id, n),
                        (t.rel or "dep").lower(),
                        t.pos or "X",
                        feats,
                    )
                )
            out.append(words)
        return out

    return parse


class _Tree:
    def __init__(self, words: list[Word]) -> None:
        self.words = words
        self.children: dict[int, list[Word]] = {w.i: [] for w in words}
        for w in words:
            if w.head != w.i and w.head in self.children:
                self.children[w.head].append(w)

    def head(self, w: Word) -> Word:
        return self.words[w.head] if 0 <= w.head < len(self.words) else w

    def is_root(self, w: Word) -> bool:
        return self.head(w).i == w.i

    def subtree(self, w: Word) -> set[int]:
        out, todo = set(), [w]
        while todo:
            x = todo.pop()
            if x.i not in out:
                out.add(x.i)
                todo.extend(self.children[x.i])
        return out

    def ancestors(self, w: Word) -> list[Word]:
        out = []
        while not self.is_root(w) and len(out) < len(self.words):
            w = self.head(w)
            out.append(w)
        return out


def ud_label(
    words: list[Word],
    span: tuple[int, int],
    others: Sequence[tuple[int, int]],
    *,
    person: str | None,
    spaced: bool,
    size: Callable[[str], int],
    tidy: Callable[[str], str],
    min_words: int,
    max_words: int,
    keep_date: bool = False,
) -> str | None:
    """The label of the date at character `span` of a parsed sentence, or None when the parse gives none.
    `keep_date`: the date's words stay (where leaving them out would leave a hole)."""
    tree = _Tree(words)
    dated = {w.i for w in words if w.idx < span[1] and w.idx + len(w.text) > span[0]}
    if not dated:
        return None
    in_others = {w.i for w in words for s, e in others if w.idx < e and w.idx + len(w.text) > s}
    dated = _with_range(tree, _date_root(tree, dated), dated, in_others)
    root = _date_root(tree, dated)
    # the date's own phrase goes: its words, their prepositions and articles, and the nouns and numbers
    # after it that hang on it ("mercredi matin", "в октябре 2020 года"), not a clause that hangs on it
    dropped = (
        set()
        if keep_date
        else (
            set(dated)
            | {c.i for i in dated for c in tree.children[i] if c.base in ("case", "det", "punct", "cc")}
            | {
                x
                for i in dated
                for c in tree.children[i]
                if c.i not in dated
                and c.i > i
                and spaced
                and c.base in ("nmod", "nummod", "flat", "compound", "fixed")
                for x in tree.subtree(c)
            }
        )
    )
    attach = root if tree.is_root(root) else tree.head(root)
    if tree.is_root(root) and tree.subtree(root) <= dropped | {w.i for w in words if w.pos == "PUNCT"}:
        attach = _main_clause(tree, root) or attach
    elif any(c.base == "mark" for c in tree.children[root.i]):
        attach = _clause_after(tree, max(dated)) or attach
    other = in_others - dated
    best: str | None = None
    # a noun that only carried the date ("début mars 2020", "bis Ende Oktober") goes with it; not one the
    # date joins with a preposition of its own ("365 000 déplacements entre le 21 juin")
    hollow = set()
    own_preposition = any(c.base == "case" for c in tree.children[root.i])
    if (
        dropped
        and not own_preposition
        and attach.i != root.i
        and attach.pos in ("NOUN", "ADV")
        and not tree.is_root(attach)
    ):
        bare = {c.i for c in tree.children[attach.i] if c.base in ("case", "det", "punct")}
        if all(c.i in dropped or c.i in bare for c in tree.children[attach.i]):
            hollow = {attach.i, *bare}
    fragments: list[str] = []
    for head in _candidate_heads(tree, attach, root):
        gone = dropped | hollow if head.i != attach.i and head.i not in hollow else dropped
        kept = _kept(tree, head, root, gone, other, size, max_words, min_words, spaced)
        kept -= _case_of_described_noun(tree, head, kept)
        prefix = _subject_before(tree, head, spaced)
        text = _render(tree, kept, person, spaced, after_noun=bool(prefix))
        if text is None:
            continue  # an unresolved pronoun opens it: the clause above names its subject
        label = tidy(f"{prefix} {text}" if prefix and spaced else prefix + text)
        count = size(label)
        if spaced and not prefix and not _reads_alone(tree, kept, head):
            fragments.append(label)  # no finite verb of its own: the clause above reads better
            continue
        if min_words <= count <= max_words:
            return label
        if best is None or (count >= min_words > size(best)):
            best = label
    fitting = [f for f in fragments if min_words <= size(f) <= max_words]
    if (best is None or size(best) < min_words) and fitting:
        best = fitting[0]  # no clause fits: the nearest phrase, as before
    return best if best and min_words - 1 <= size(best) <= max_words else None


Inflect = Callable[[Word, dict[str, str]], "str | None"]  # a word in the wanted UD features, None if none


def gapped_clause(words: list[Word], span: tuple[int, int], inflect: Inflect) -> str | None:
    """ "…, первый, третий и пятый участки ЦКАД должны быть построены в октябре 2020 года, четвертый - в
    октябре 2021 года": the date of a gapped conjunct (UD `orphan`) belongs to a clause the sentence does
    not write out. The label rebuilds it from the clause before: the remnant as its subject (an adjective
    in place of the subject noun's own modifiers), the predicate made to agree with it (`inflect`), and the
    orphan's phrase in place of the first clause's phrase with the same preposition: "Четвертый участок ЦКАД
    должен быть построен в октябре 2021 года". None when the sentence has no such gap."""
    tree = _Tree(words)
    dated = {w.i for w in words if w.idx < span[1] and w.idx + len(w.text) > span[0]}
    orphan = _date_root(tree, dated) if dated else None
    if orphan is None or orphan.dep != "orphan" or tree.head(orphan).base != "conj":
        return None
    remnant = tree.head(orphan)
    predicate = tree.head(remnant)
    subject = next((c for c in tree.children[predicate.i] if c.base == "nsubj"), None)
    chain = [predicate, *(c for c in tree.children[predicate.i] if c.base in ("aux", "cop", "xcomp"))]
    chain += [c for x in chain[1:] for c in tree.children[x.i] if c.base in ("aux", "cop")]
    phrases = [
        c
        for x in chain
        for c in tree.children[x.i]
        if c.base == "obl" and _feats(c).get("Case") == _feats(orphan).get("Case")
    ]
    # the first clause's phrase in the orphan's place: the same case, best the same preposition ("в",
    # not "во" of "во вторник") and the same noun ("в октябре 2020 года" for "в октябре 2021 года")
    phrases.sort(
        key=lambda c: (
            _preposition(tree, c) != _preposition(tree, orphan),
            c.text.lower() != orphan.text.lower(),
        )
    )
    first = phrases[0] if phrases else None
    if subject is None or first is None or remnant.i < first.i:
        return None
    wanted = {k: v for k, v in _feats(remnant).items() if k in ("Number", "Gender")}
    punctuation = {w.i for w in words if w.pos == "PUNCT"}
    if remnant.pos in ("ADJ", "NUM", "DET") and subject.pos == "NOUN":
        noun = _agreeing(subject, {"Number": wanted.get("Number", ""), "Case": "Nom"}, inflect)
        after = [c for c in tree.children[subject.i] if c.i > subject.i and c.base in ("nmod", "flat")]
        said = [remnant.text, noun or "", *(_join(words, tree.subtree(c), True) for c in after)]
        wanted["Gender"] = _feats(subject).get("Gender", wanted.get("Gender", ""))
    elif remnant.pos in ("NOUN", "PROPN"):
        joining = {i for c in tree.children[remnant.i] if c.base == "cc" for i in tree.subtree(c)}
        said = [_join(words, tree.subtree(remnant) - tree.subtree(orphan) - punctuation - joining, True)]
    else:
        return None
    objects = {
        i for x in chain for c in tree.children[x.i] if c.base in ("obj", "iobj") for i in tree.subtree(c)
    }
    negation = {c.i for x in chain for c in tree.children[x.i] if "Polarity=Neg" in c.feats}
    verbs, chained = [], {x.i for x in chain}
    for i in sorted(chained | objects | negation):
        form = _agreeing(words[i], wanted, inflect) if i in chained else words[i].text
        if form is None:
            return None
        verbs.append(form)
    if not all(said):
        return None
    text = " ".join([*said, *verbs, _join(words, tree.subtree(orphan) - punctuation, True)])
    return text[:1].upper() + text[1:]


def _preposition(tree: _Tree, word: Word) -> str:
    return " ".join(c.text.lower() for c in tree.children[word.i] if c.base == "case")


def _feats(word: Word) -> dict[str, str]:
    return dict(f.split("=", 1) for f in word.feats.split("|") if "=" in f)


def _agreeing(word: Word, wanted: dict[str, str], inflect: Inflect) -> str | None:
    """The word as it agrees with a subject of `wanted` number (and, in a singular past or short form,
    gender); the word itself where it already does or carries no number."""
    own = _feats(word)
    gendered = "Person" not in own and wanted.get("Number") == "Sing" and bool(wanted.get("Gender"))
    if "Number" not in own or (
        own["Number"] == wanted.get("Number")
        and (not gendered or own.get("Gender") in (None, wanted["Gender"]))
    ):
        return word.text
    grams = {"Number": wanted["Number"]} if wanted.get("Number") else {}
    if "Case" in wanted:
        grams["Case"] = wanted["Case"]
    if gendered:
        grams["Gender"] = wanted["Gender"]
    return inflect(word, grams) if grams else None


def _reads_alone(tree: _Tree, kept: set[int], head: Word) -> bool:
    """A label reads alone when it is a clause with a finite verb ("a été tué", not "reculer à la
    quatrième place" or "ne faisant qu'un nul") or a noun phrase that is not a prepositional phrase ("le
    projet de loi", not "dans les rues de la ville"). A participle given its noun is such a phrase."""
    if head.pos in ("NOUN", "PROPN"):
        first = next((tree.words[i] for i in sorted(kept) if tree.words[i].pos != "PUNCT"), head)
        return (
            first.pos != "ADP" and first.base != "case"
        )  # "suite à une enquête": a preposition of two words
    if tree.is_root(head):
        return True  # the sentence's own predicate, whatever its form ("должны быть построены")
    verbs = [head, *(c for c in tree.children[head.i] if c.base in ("aux", "cop") and c.i in kept)]
    return any("VerbForm=Fin" in w.feats for w in verbs)


def _case_of_described_noun(tree: _Tree, head: Word, kept: set[int]) -> set[int]:
    """The preposition before a noun that a past participle describes: "une étude danoise publiée dans
    Plos Medicine" tells what happened, as "a Russian initiative launched in 2015" does in English; "grâce
    à une étude …" is a phrase of another clause."""
    if head.pos not in ("NOUN", "PROPN") or not any(
        c.base == "acl" and c.i in kept and {"VerbForm=Part", "Tense=Past"} <= set(c.feats.split("|"))
        for c in tree.children[head.i]
    ):
        return set()
    return {x for c in tree.children[head.i] if c.base == "case" and c.i < head.i for x in tree.subtree(c)}


def _date_root(tree: _Tree, dated: set[int]) -> Word:
    """The date's word that the rest of the sentence hangs it on (its head is outside the date)."""
    return next(
        tree.words[i]
        for i in sorted(dated)
        if tree.head(tree.words[i]).i not in dated or tree.is_root(tree.words[i])
    )


def _with_range(tree: _Tree, root: Word, dated: set[int], other: set[int]) -> set[int]:
    """The second date of a range or pair ("entre le 21 juin et le 15 novembre 2019") is the parser's
    conjunct of the first: both dates are one time, and the label is the one the first date has, not a
    clause that still holds "entre le 21 juin"."""
    head = tree.head(root)
    if root.base != "conj" or head.i == root.i:
        return dated
    if head.i not in other:
        return dated
    return dated | {i for i in tree.subtree(head) if i in other or i in dated}


def _main_clause(tree: _Tree, date: Word) -> Word | None:
    """The clause a fronted date belongs to when the parser made the date a sentence of its own ("Samedi, |
    après avoir donné …, le Portugais a réussi …"): the first other root with a subject, else the next."""
    roots = [w for w in tree.words if tree.is_root(w) and w.i != date.i and w.pos != "PUNCT"]
    with_subject = [r for r in roots if any(c.base in _SUBJECTS for c in tree.children[r.i])]
    return next(iter(with_subject or [r for r in roots if r.i > date.i] or roots), None)


def _clause_after(tree: _Tree, last: int) -> Word | None:
    """ "C'est pour ça qu'en 2020, il n'y aura pas …": a date fronted in a subordinate clause took the
    clause's conjunction from the parser; the date belongs to the clause's verb, the first after it."""
    return next((w for w in tree.words[last + 1 :] if w.pos in ("VERB", "AUX") and w.dep in _CLAUSES), None)


def _candidate_heads(tree: _Tree, attach: Word, root: Word) -> list[Word]:
    """The noun the date modifies (and the noun above it), then the clauses, nearest first."""
    heads: list[Word] = []
    if attach.i != root.i and attach.pos in ("NOUN", "PROPN") and root.base in ("nmod", "appos"):
        heads.append(attach)
        above = tree.head(attach)
        if attach.base == "nmod" and above.pos in ("NOUN", "PROPN"):
            heads.append(above)
    clause = attach
    while clause.pos not in ("VERB", "AUX") and clause.dep not in _CLAUSES and not tree.is_root(clause):
        clause = tree.head(clause)
    for _ in range(3):
        while clause.base == "xcomp" and not tree.is_root(clause):
            clause = tree.head(clause)
        heads.append(clause)
        if tree.is_root(clause):
            break
        clause = tree.head(clause)
        while clause.pos not in ("VERB", "AUX") and clause.dep not in _CLAUSES and not tree.is_root(clause):
            clause = tree.head(clause)
    return list({h.i: h for h in heads}.values())


def _kept(
    tree: _Tree,
    head: Word,
    root: Word,
    dropped: set[int],
    other: set[int],
    size,
    max_words: int,
    min_words: int,
    spaced: bool,
) -> set[int]:  # type: ignore[no-untyped-def]
    """The words of the head's phrase, less the date, other dates' parts, then asides until it fits."""
    words = tree.words
    kept = tree.subtree(head) - dropped
    path = {root.i, *(a.i for a in tree.ancestors(root))}
    for i in other & kept:
        # the clause that holds the other date goes ("qui était immobilisé depuis mardi"); a date that is
        # only a phrase of this clause takes no more than its phrase with it
        w = words[i]
        while not tree.is_root(w) and tree.head(w).i not in path and tree.head(w).i != head.i:
            if w.dep in _CLAUSES and w.i not in other:
                break
            w = tree.head(w)
        if w.dep not in _CLAUSES or w.i in other:
            w = words[i]
            while tree.head(w).i in other and not tree.is_root(w):
                w = tree.head(w)
        if w.i != head.i and w.i not in path:
            kept -= tree.subtree(w)

    def length(ids: set[int]) -> int:
        return size(_join(words, ids, spaced))

    for level in (_ASIDES, _PHRASES):
        while length(kept) > max_words:
            removable = [
                words[i]
                for i in kept
                if i != head.i
                and i not in path
                and (words[i].dep in level or words[i].base in level)
                and "Polarity=Neg" not in words[i].feats  # "ne pas autoriser" never loses its "pas"
                and not _names_its_noun(words, words[i])
            ]
            removable.sort(
                key=lambda w: (len(tree.ancestors(w)) - len(tree.ancestors(head)), -abs(w.i - head.i))
            )
            left = length(kept)
            cut = next((w for w in removable if left - length(tree.subtree(w) & kept) >= min_words), None)
            if cut is None:
                break
            kept -= tree.subtree(cut)
    return kept


def _names_its_noun(words: Sequence[Word], word: Word) -> bool:
    """ "избранный президент Молдовы Майя Санду": a proper noun in apposition right after its noun's
    phrase, with no comma between, is the name of whom the noun describes, not an aside; it stays."""
    return (
        word.base == "appos"
        and word.pos == "PROPN"
        and word.head < word.i
        and word.i > 0
        and words[word.i - 1].pos != "PUNCT"
    )


def _render(
    tree: _Tree, kept: set[int], person: str | None, spaced: bool, after_noun: bool = False
) -> str | None:
    """The kept words in order, relative and personal pronoun subjects named; None when the phrase opens
    with a personal pronoun subject nobody can name. `after_noun`: the label names the noun the clause
    hangs on first, so the clause keeps the word that joins it to the noun ("une manière efficace de
    détecter", "l'idée que")."""
    words = tree.words
    order = sorted(kept)
    while (
        order
        and not (after_noun and words[order[0]].base == "mark")
        and (
            words[order[0]].pos in ("CCONJ", "SCONJ", "PUNCT")
            or words[order[0]].base == "mark"
            or (
                words[order[0]].pos == "DET"
                and ("PronType=Dem" in words[order[0]].feats or "Poss=Yes" in words[order[0]].feats)
            )
        )
    ):
        order.pop(0)  # "et", "que", and "ces"/"leur" that point back at the text before
    order = [
        i
        for n, i in enumerate(order)
        if not (
            words[i].pos == "PUNCT"
            and words[i].text in ",;:"
            and (n == 0 or order[n - 1] != i - 1 or n + 1 == len(order) or order[n + 1] != i + 1)
        )
    ]  # a comma whose neighbour was cut away
    while order and (
        words[order[-1]].pos in ("ADP", "CCONJ", "SCONJ", "DET", "PUNCT", "PART")
        or _lost_complement(tree, words[order[-1]], kept)
    ):
        order.pop()
    pieces: list[str] = []
    previous = None
    for n, i in enumerate(order):
        w = words[i]
        text = w.text
        clause = tree.head(w)
        if w.base in ("nsubj",) and _relative(tree, w, clause) and tree.head(clause).i not in kept:
            text = _noun_phrase(tree, _relative_noun(tree, clause, w), spaced)
        elif (
            w.base == "nsubj"
            and w.pos == "PRON"
            and "PronType=Prs" in w.feats
            and "Person=1" not in w.feats
            and "Person=2" not in w.feats
        ):
            if person and "Number=Plur" not in w.feats:
                text = person
            elif n == 0:
                return None
        elif n == 0 and w.base == "nsubj" and w.pos == "PRON" and _untyped_third_person(w):
            return None  # "il pouvait ...": a parser that leaves PronType out; whom it means is not known
        if previous is not None:
            pieces.append(words[previous].space if i == previous + 1 else (" " if spaced else ""))
        pieces.append(text)
        previous = i
    return "".join(pieces)


def _untyped_third_person(w: Word) -> bool:
    """A third-person pronoun with gender ("il", "elle", "ils") from a parser that does not tag its type."""
    return "PronType" not in w.feats and "Person=3" in w.feats and "Gender=" in w.feats


def _lost_complement(tree: _Tree, w: Word, kept: set[int]) -> bool:
    """An adverb or adjective whose complement after it was cut ("conformément" without "à la
    Constitution", "relative" without "à la lutte") cannot end a label."""
    return w.pos in ("ADV", "ADJ") and any(
        c.i > w.i and c.i not in kept and c.base in ("obl", "nmod", "xcomp", "ccomp")
        for c in tree.children[w.i]
    )


def _relative(tree: _Tree, w: Word, clause: Word) -> bool:
    if clause.dep != "acl:relcl" or w.pos not in ("PRON", "DET"):
        return False
    return "PronType=Rel" in w.feats or "Rel" in w.feats or min(tree.subtree(clause)) == w.i


def _relative_noun(tree: _Tree, clause: Word, pronoun: Word) -> Word:
    """The noun a relative clause's subject stands for: the parse's, unless the clause's verb disagrees with
    it in number, and then the nearest noun before the pronoun that agrees ("à trois longueurs de Liverpool
    qui recevra …": a singular verb, so "Liverpool", not "longueurs")."""
    noun = tree.head(clause)
    finite = next(
        (
            w
            for w in (*tree.children[clause.i], clause)
            if w.pos in ("VERB", "AUX") and "VerbForm=Fin" in w.feats
        ),
        None,
    )  # "qui ont gagné": the auxiliary carries the number, not the participle
    number = [f for f in finite.feats.split("|") if f.startswith("Number=")] if finite else []
    if not number or number[0] in noun.feats.split("|") or "Number=" not in noun.feats:
        return noun
    before = (w for w in reversed(tree.words[: pronoun.i]) if w.pos in ("NOUN", "PROPN"))
    return next((w for w in before if number[0] in w.feats.split("|")), noun)


def _noun_phrase(tree: _Tree, noun: Word, spaced: bool) -> str:
    """The noun with its article, adjectives, compounds and numbers next to it ("le bilan", not "bilan")."""
    near = [
        c
        for c in tree.children[noun.i]
        if (c.base in ("amod", "compound", "nummod", "flat") or (c.base == "det" and c.i < noun.i))
        and abs(c.i - noun.i) <= 2
    ]
    ids = {noun.i, *(c.i for c in near)}
    return _join(tree.words, ids, spaced)


def _participle_noun(tree: _Tree, participle: Word) -> Word:
    """The noun a participle describes: the parse's, unless it disagrees in gender or number and the
    nearest noun before the participle that agrees is its noun ("le cas de l'hydroxychloroquine, vantée
    par …": a feminine participle describes "hydroxychloroquine", not "cas")."""
    noun = tree.head(participle)
    if _agrees(participle, noun):
        return noun
    before = (w for w in reversed(tree.words[: participle.i]) if w.pos in ("NOUN", "PROPN"))
    return next((w for w in before if _agrees(participle, w)), noun)


def _agrees(participle: Word, noun: Word) -> bool:
    features = [f for f in participle.feats.split("|") if f.startswith(("Gender=", "Number="))]
    return all(f in noun.feats.split("|") or f.split("=")[0] + "=" not in noun.feats for f in features)


def _join(words: list[Word], ids: set[int], spaced: bool) -> str:
    out: list[str] = []
    previous = None
    for i in sorted(ids):
        if previous is not None:
            out.append(words[previous].space if i == previous + 1 else (" " if spaced else ""))
        out.append(words[i].text)
        previous = i
    return "".join(out)


def _subject_before(tree: _Tree, head: Word, spaced: bool) -> str:
    """What the clause lacks in front: a participle's noun ("l'hydroxychloroquine, vantée par ..."), a
    second verb's shared subject ("Abe et Poutine ont convenu ... et fixé"), at most four words."""
    if head.dep == "acl" and tree.head(head).pos in ("NOUN", "PROPN") and tree.head(head).i < head.i:
        return _noun_phrase(tree, _participle_noun(tree, head), spaced)
    if head.base != "conj" or head.pos not in ("VERB", "AUX"):
        return ""
    if any(c.base in _SUBJECTS for c in tree.children[head.i]):
        return ""
    first = tree.head(head)
    subject = next((c for c in tree.children[first.i] if c.base in ("nsubj", "csubj")), None)
    if subject is None or subject.pos == "PRON":
        return ""
    ids = tree.subtree(subject)
    return _join(tree.words, ids, spaced) if len(ids) <= 4 else ""
