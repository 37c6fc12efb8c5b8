"""The page's own date: found in the markup (trusted), or only guessed from the free text (flagged)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from summarizers.extract import extract_html

PAGES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "pages"


def test_a_date_in_the_page_markup_is_the_page_date_and_not_a_guess() -> None:
    page = extract_html((PAGES / "bbc.com.52241221.html").read_bytes())
    assert page.published is not None and not page.published_guessed


def test_a_date_found_only_in_the_free_text_is_flagged_as_a_guess() -> None:
    """arabic.cnn has no date in its markup; htmldate's text search reads a year as 1 January."""
    page = extract_html((PAGES / "arabic.cnn.com__newspaper4k-arabic_article.html").read_bytes())
    assert page.published == dt.date(2013, 1, 1) and page.published_guessed
