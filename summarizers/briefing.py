"""The data types of a briefing and their stable JSON form (see ../shared/docs/DESIGN.md, "Interfaces")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

EntityType = Literal["person", "organization", "place", "other"]
Granularity = Literal["year", "month", "day"]
# The summary methods brief() offers (summarizers.summary says what each does).
ALGORITHMS = (
    "default",
    "lexrank",
    "textrank",
    "lsa",
    "luhn",
    "edmundson",
    "kl",
    "sumbasic",
    "reduction",
    "lead",
)


# The version of the rules that find and type a briefing's names: stored briefings made under an older one
# are re-derived by `briefbot db rebrief` (bot/rebrief.py). 2: the gazetteer, surnames, whole org names;
# 3: people found by their given names in a language without a model (summarizers.person_names).
ENTITY_RULES = 3

# The notes of entity extraction (summarizers.entities), here so that the bot reads them without the engine.
UNKNOWN_LANGUAGE_NOTE = "entities: the language is unknown"
NO_MODEL_NOTE = "entities: no model for {language}"
PLACES_ONLY_NOTE = "people and organisations: no model for {language}"  # places came from the gazetteer
NO_ORGANISATIONS_NOTE = "organisations: no model for {language}"  # people by given names, places by gazetteer
NO_ARTICLE_TEXT = "no article text found"  # a page that is all furniture: a gallery, a video with its caption


class BriefingError(ValueError):
    """The input cannot be briefed; the message is one line a user can read."""


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    position: int  # 0-based index of the sentence in the cleaned article

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "position": self.position}


@dataclass(frozen=True, slots=True)
class Entity:
    name: str
    type: EntityType
    mentions: int
    aliases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "mentions": self.mentions,
            "aliases": list(self.aliases),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(d["name"], d["type"], int(d["mentions"]), tuple(d.get("aliases") or ()))


@dataclass(frozen=True, slots=True)
class Event:
    """A calendar date the article mentions, at the granularity the text gives it."""

    date: str  # "2016", "2016-05" or "2016-09-02"
    granularity: Granularity
    expression: str
    text: str  # the sentence the date came from
    end: str | None = None  # set only for ranges ("September 2-3")
    label: str | None = None  # what happened on that date, 4-12 words; None in briefings stored before labels
    entities: tuple[str, ...] = ()  # names of the entities the sentence mentions, by name or by role

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "end": self.end,
            "granularity": self.granularity,
            "expression": self.expression,
            "text": self.text,
            "label": self.label,
            "entities": list(self.entities),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(
            d["date"],
            d["granularity"],
            d["expression"],
            d["text"],
            d.get("end"),
            d.get("label"),
            tuple(d.get("entities") or ()),
        )


@dataclass(frozen=True, slots=True)
class Briefing:
    title: str | None
    url: str | None
    source: str | None
    language: str | None
    published: dt.date | None
    published_inferred: bool
    summary: tuple[SummarySentence, ...]
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    method: str = "default"  # which ranking produced the summary; not part of the stable JSON
    notes: tuple[str, ...] = field(default=())  # e.g. "text truncated", "entities: no model for Hungarian"

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON of DESIGN.md plus `notes` (added last: what the briefing could not do and why)."""
        return {
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "language": self.language,
            "published": self.published.isoformat() if self.published else None,
            "published_inferred": self.published_inferred,
            "summary": [s.to_dict() for s in self.summary],
            "entities": [e.to_dict() for e in self.entities],
            "events": [e.to_dict() for e in self.events],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(
        cls, d: dict[str, Any], *, method: str = "default", notes: tuple[str, ...] | None = None
    ) -> Briefing:
        published = d.get("published")
        return cls(
            title=d.get("title"),
            url=d.get("url"),
            source=d.get("source"),
            language=d.get("language"),
            published=dt.date.fromisoformat(published) if published else None,
            published_inferred=bool(d.get("published_inferred")),
            summary=tuple(SummarySentence(s["text"], int(s["position"])) for s in d.get("summary") or ()),
            entities=tuple(Entity.from_dict(e) for e in d.get("entities") or ()),
            events=tuple(Event.from_dict(e) for e in d.get("events") or ()),
            method=method,
            notes=tuple(d.get("notes") or ()) if notes is None else notes,
        )


@dataclass(frozen=True, slots=True)
class Article:
    """The text a briefing of a page is built on, with what the page says about it (`briefbot extract`)."""

    text: str  # paragraphs separated by blank lines, the lead first
    title: str | None
    published: dt.date | None
    language: str | None
    url: str | None = None
    source: str | None = None
    lead: str | None = None  # the paragraph the page's structure or metadata names as its lead
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "lead": self.lead,
            "text": self.text,
        }
