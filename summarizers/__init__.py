"""The briefing engine: text in, Briefing out. Pure: no network, no database.

The names below load their module on first use (PEP 562), so a process that only needs the data types
(the bot's main process: `Briefing`, `decode_html`) never imports the NLP stack; the engine runs in the
worker pool, which imports `brief` and pays for it there.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarizers.briefing import (
        ALGORITHMS,
        NO_ARTICLE_TEXT,
        Article,
        Briefing,
        BriefingError,
        Entity,
        Event,
        SummarySentence,
    )
    from summarizers.decode import decode_html, utf8_text
    from summarizers.extract import Page, extract_html
    from summarizers.pipeline import article_text, brief, brief_html, brief_page

_HOMES = {
    "ALGORITHMS": "summarizers.briefing",
    "Article": "summarizers.briefing",
    "NO_ARTICLE_TEXT": "summarizers.briefing",
    "article_text": "summarizers.pipeline",
    "brief_page": "summarizers.pipeline",
    "Briefing": "summarizers.briefing",
    "BriefingError": "summarizers.briefing",
    "Entity": "summarizers.briefing",
    "Event": "summarizers.briefing",
    "Page": "summarizers.extract",
    "SummarySentence": "summarizers.briefing",
    "brief": "summarizers.pipeline",
    "brief_html": "summarizers.pipeline",
    "decode_html": "summarizers.decode",
    "extract_html": "summarizers.extract",
    "utf8_text": "summarizers.decode",
}
__all__ = [
    "ALGORITHMS",
    "NO_ARTICLE_TEXT",
    "Article",
    "Briefing",
    "BriefingError",
    "Entity",
    "Event",
    "Page",
    "SummarySentence",
    "article_text",
    "brief",
    "brief_html",
    "brief_page",
    "decode_html",
    "extract_html",
    "utf8_text",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'summarizers' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
