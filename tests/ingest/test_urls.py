"""Link normalisation: tracking parameters, fragments and redirectors never split one article in two."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.ingest.urls import is_feedproxy, normalise_url, unwrap_redirector

PAGES = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "pages" / "SOURCES.tsv"


def _original_url(prefix: str) -> str:
    rows = csv.DictReader(PAGES.open(encoding="utf-8"), delimiter="\t")
    return next(row["original_url"] for row in rows if row["file"].startswith(prefix))


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?utm_source=rss&utm_medium=feed&id=3", "https://example.org/a?id=3"),
        ("HTTPS://Example.ORG:443/a#comments", "https://example.org/a"),
        ("http://example.org:8080/a?b=2&a=1", "http://example.org:8080/a?a=1&b=2"),
        ("https://example.org/a?fbclid=x&gclid=y", "https://example.org/a"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/a?source=rss", "https://example.org/a"),
        ("https://example.org/a?source=homepage", "https://example.org/a?source=homepage"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


def test_fixture_links_with_feed_markers_normalise_to_the_plain_article() -> None:
    assert normalise_url(_original_url("farodevigo")).endswith("2309843.html")
    assert normalise_url(_original_url("sn.dk")).endswith("/artikel/900368")
    assert normalise_url(_original_url("tvn24")).endswith("-4668753")


def test_google_news_link_resolves_to_nu_nl() -> None:
    assert normalise_url(_original_url("nu.nl")).startswith("https://www.nu.nl/formule-1/6080021/")


def test_google_alerts_and_news_url_parameters_are_unwrapped() -> None:
    alert = "https://www.google.com/url?rct=j&sa=t&url=https://example.org/story%3Fid%3D1&ct=ga"
    assert unwrap_redirector(alert) == "https://example.org/story?id=1"
    assert (
        unwrap_redirector("https://news.google.com/news/url?url=https://example.org/x")
        == "https://example.org/x"
    )


def test_feedproxy_links_are_recognised_for_following() -> None:
    assert is_feedproxy(_original_url("publico.pt"))
    assert not is_feedproxy("https://www.publico.pt/2020/10/11/mundo/noticia")
