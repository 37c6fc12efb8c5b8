"""The briefing engine: text in, Briefing out. Pure: no network, no database."""

from summarizers.briefing import Briefing, Entity, Event, SummarySentence
from summarizers.pipeline import BriefingError, brief, brief_html

__all__ = ["Briefing", "BriefingError", "Entity", "Event", "SummarySentence", "brief", "brief_html"]
