"""The briefing engine: text in, Briefing out. Pure: no network, no database."""

from summarizers.briefing import Article, Briefing, Entity, Event, SummarySentence
from summarizers.extract import Page, decode_html, extract_html
from summarizers.pipeline import NO_ARTICLE_TEXT, BriefingError, article_text, brief, brief_html, brief_page
from summarizers.summary import ALGORITHMS

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
]
