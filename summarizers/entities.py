"""Named entities. (Stub: replaced by the entities work.)"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizers.briefing import Entity


@dataclass(frozen=True, slots=True)
class FoundEntities:
    entities: tuple[Entity, ...]  # most salient first
    notes: tuple[str, ...] = ()  # e.g. "no NER model for 'ja'"


def extract_entities(sentences: Sequence[str], *, language: str | None, title: str | None) -> FoundEntities:
    return FoundEntities(())
