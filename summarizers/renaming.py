"""A stored briefing's names re-derived with today's rules (`briefbot db rebrief`), the rest kept as it is.

With the article's text, entities are found again from the text (split as the page path splits it) and
each event's entity list is taken again from its sentence. Without it (texts are dropped after
ARTICLE_TEXT_DAYS), the stored entities are merged and typed again (entities.retyped): a surname joins its
person, a known place read as a person becomes a place, a nationality goes; the events' lists are renamed
to match. Summary sentences, dates and labels are never touched: a re-brief changes names only.
"""

from __future__ import annotations

import dataclasses

from summarizers import clean, text
from summarizers.briefing import Briefing, Entity
from summarizers.entities import (
    NO_MODEL_NOTE,
    NO_ORGANISATIONS_NOTE,
    PLACES_ONLY_NOTE,
    UNKNOWN_LANGUAGE_NOTE,
    extract_entities,
    retyped,
)
from summarizers.pipeline import MAX_CHARS

_ENTITY_NOTES = (
    NO_MODEL_NOTE.split("{", 1)[0],
    PLACES_ONLY_NOTE.split("{", 1)[0],
    NO_ORGANISATIONS_NOTE.split("{", 1)[0],
    UNKNOWN_LANGUAGE_NOTE,
    "named entities taken from the first",
)


def renamed(briefing: Briefing, article_text: str | None) -> Briefing:
    """The briefing with its entities (and the entity lists of its events) derived by today's rules."""
    if article_text and article_text.strip():
        return _from_text(briefing, article_text)
    entities = retyped(briefing.entities, briefing.language)
    names = _names_by_form(entities)
    events = tuple(
        dataclasses.replace(
            e, entities=tuple(dict.fromkeys(names[n.casefold()] for n in e.entities if n.casefold() in names))
        )
        for e in briefing.events
    )
    return dataclasses.replace(briefing, entities=entities, events=events)


def _from_text(briefing: Briefing, article_text: str) -> Briefing:
    body = clean.clean_page_text(article_text[:MAX_CHARS], title=briefing.title).text
    sentences = [s.text for s in text.sentences(body, briefing.language)]
    found = extract_entities(sentences, language=briefing.language, title=briefing.title)
    where = {}
    for index, sentence in enumerate(sentences):
        where.setdefault(sentence, index)
    names = _names_by_form(found.entities)
    events = tuple(
        dataclasses.replace(
            e,
            entities=found.mentioned_in(where[e.text], e.text)
            if e.text in where
            else tuple(dict.fromkeys(names[n.casefold()] for n in e.entities if n.casefold() in names)),
        )
        for e in briefing.events
    )
    notes = tuple(n for n in briefing.notes if not n.startswith(_ENTITY_NOTES)) + found.notes
    return dataclasses.replace(briefing, entities=found.entities, events=events, notes=notes)


def _names_by_form(entities: tuple[Entity, ...]) -> dict[str, str]:
    by_form: dict[str, str] = {}
    for entity in entities:
        for form in (entity.name, *entity.aliases):
            by_form.setdefault(form.casefold(), entity.name)
    return by_form
