"""The words a /timeline query may match in a briefing, as stored beside its JSON (`briefings.search_text`)."""

from __future__ import annotations

import re
from typing import Any

_NOT_WORD = re.compile(r"\W+")


def normalise(text: str) -> str:
    """Lower case, every run of non-word characters (punctuation, quotes, line breaks) one space."""
    return _NOT_WORD.sub(" ", text.lower()).strip()


def briefing_search_text(data: dict[str, Any] | None) -> str:
    """Title, summary sentences, event sentences, entity names and aliases of Briefing.to_dict() JSON:
    what `summarizers.timeline.query_forms` matches a query against, never the JSON's keys or URLs. Each
    piece is normalised and the whole starts and ends with a space, so ' ' + word finds a word start."""
    if not data:
        return ""
    pieces: list[str] = [data.get("title") or ""]
    pieces.extend(s.get("text") or "" for s in data.get("summary") or ())
    pieces.extend(e.get("text") or "" for e in data.get("events") or ())
    for entity in data.get("entities") or ():
        pieces.append(entity.get("name") or "")
        pieces.extend(entity.get("aliases") or ())
    words = " ".join(filter(None, (normalise(p) for p in pieces)))
    return f" {words} " if words else ""
