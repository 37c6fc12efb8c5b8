"""The briefing engine: text in, Briefing out. Pure: no network, no database."""

from summarizers.briefing import Briefing, Entity, Event, SummarySentence
from summarizers.extract import Page, decode_html, extract_html, utf8_text
from summarizers.pipeline import BriefingError, brief, brief_html
from summarizers.summary import ALGORITHMS

__all__ = [
    "ALGORITHMS",
    "Briefing",
    "BriefingError",
    "Entity",
    "Event",
    "Page",
    "SummarySentence",
    "brief",
    "brief_html",
    "decode_html",
    "extract_html",
    "utf8_text",
]
