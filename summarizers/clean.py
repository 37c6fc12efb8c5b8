"""Boilerplate removal for plain text captured from web pages. (Stub: replaced by the cleaning work.)"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CleanText:
    text: str  # the article body, paragraphs separated by "\n\n"
    title: str | None  # the headline, when the text carries one and none was given


def clean_text(text: str, *, title: str | None = None) -> CleanText:
    return CleanText(text, title)
