"""Every real-world fixture feed parses (or fails with a clear reason); JSON Feed; discovery; quirks."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.ingest.feeds import FeedError, discover_feeds, parse_feed, parse_feed_bytes
from bot.ingest.fetcher import Fetcher
from bot.settings import Settings

FEEDS_DIR = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures" / "feeds"
SOURCES = {
    row["file"]: row
    for row in csv.DictReader((FEEDS_DIR / "SOURCES.tsv").open(encoding="utf-8"), delimiter="\t")
}


@pytest.mark.parametrize("name", sorted(SOURCES))
async def test_every_fixture_feed_parses_with_titled_linked_entries(name: str) -> None:
    data = (FEEDS_DIR / name).read_bytes()
    feed = await parse_feed(data, url=f"http://example.org/{name}")
    assert feed.entries, name
    assert all(e.title or e.text for e in feed.entries)
    assert all(e.link for e in feed.entries)  # (an empty le-cercle-psy item is dropped)
    assert len({e.key for e in feed.entries}) == len(feed.entries)
    assert "\ufffd" not in " ".join(e.title or "" for e in feed.entries)


@pytest.mark.parametrize(
    ("name", "title_word"),
    [
        ("news.qq.com.rss", "回购"),  # GB2312 declared
        ("kc0011.net.rss", "纪念"),  # GB2312 with GBK characters
        ("ibash.org.ru.rss", "Цитата"),  # windows-1251
        ("uol.com.br-noticias.rss", "ã"),  # Latin-1 without a declaration
        ("le-cercle-psy.rss", "é"),  # Latin-1 without a declaration
        ("jn.pt-ultimas.rss", "ã"),  # ISO-8859-1 declared
    ],
)
def test_legacy_encodings_are_decoded(name: str, title_word: str) -> None:
    feed = parse_feed_bytes((FEEDS_DIR / name).read_bytes(), url="http://example.org/feed")
    assert any(title_word in (e.title or "") for e in feed.entries)


@pytest.mark.parametrize(
    "name", ["techcrunch.rss", "intertwingly.net-samruby.atom", "androidauthority.com.rss"]
)
def test_whitespace_before_the_xml_declaration_is_not_an_error(name: str) -> None:
    feed = parse_feed_bytes((FEEDS_DIR / name).read_bytes(), url="http://example.org/feed")
    assert feed.warning is None
    assert feed.entries


def test_relative_links_resolve_against_the_feed_url() -> None:
    feed = parse_feed_bytes(
        (FEEDS_DIR / "intertwingly.net-samruby.atom").read_bytes(),
        url="http://intertwingly.net/blog/index.atom",
    )
    assert all(e.link and e.link.startswith("http://intertwingly.net/") for e in feed.entries)


def test_feedburner_origlink_wins_over_the_proxy_link() -> None:
    feed = parse_feed_bytes(
        (FEEDS_DIR / "techcrunch.rss").read_bytes(), url="http://feeds.feedburner.com/Techcrunch"
    )
    assert all("feedproxy" not in (e.link or "") for e in feed.entries)
    assert feed.entries[0].link.startswith("http://techcrunch.com/")


def test_json_feed_items_become_entries() -> None:
    feed = parse_feed_bytes(
        (FEEDS_DIR / "daringfireball.net.json").read_bytes(), url="https://daringfireball.net/feeds/json"
    )
    assert feed.format == "json1"
    assert feed.title == "Daring Fireball"
    assert len(feed.entries) == 48
    assert all(e.published is not None and e.published.tzinfo is not None for e in feed.entries)


def test_atom_nested_in_xhtml_still_parses() -> None:
    feed = parse_feed_bytes(
        (FEEDS_DIR / "tablix.org-avian.atom").read_bytes(), url="http://www.tablix.org/~avian/blog/atom.xml"
    )
    assert feed.format == "atom10" and len(feed.entries) == 10


def test_truncated_feed_keeps_the_entries_before_the_cut(settings: Settings) -> None:
    data = (FEEDS_DIR / "theguardian.com-us.rss").read_bytes()
    cut = data[: len(data) // 2] + b"\n<!-- 504 upstream timed out -->\n"
    feed = parse_feed_bytes(cut, url="https://www.theguardian.com/us/rss")
    assert feed.warning  # not well-formed, and we say so
    assert 10 < len(feed.entries) < 55


def test_unescaped_ampersand_still_yields_entries() -> None:
    data = (
        (FEEDS_DIR / "nbcnewyork.com.rss")
        .read_bytes()
        .replace(b"<title>NBC New York</title>", b"<title>News & Weather</title>", 1)
    )
    feed = parse_feed_bytes(data, url="https://www.nbcnewyork.com/feed")
    assert feed.warning
    assert feed.entries and feed.entries[0].link


def test_channel_ttl_is_read_in_seconds() -> None:
    data = b'<rss version="2.0"><channel><title>t</title><ttl>90</ttl><item><title>a</title><link>http://x/a</link></item></channel></rss>'
    assert parse_feed_bytes(data, url="http://x/feed").ttl_seconds == 5400


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"<!doctype html><html><body><p>Hello</p></body></html>", "web page"),
        (b'{"name": "not a feed"}', "not a JSON Feed"),
        (b"{broken json", "not valid JSON"),
        (b"plain words, no markup at all", "cannot be read"),
    ],
)
def test_non_feeds_fail_with_a_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed_bytes(data, url="http://example.org/x")
    assert reason in caught.value.user_message


def test_discovery_finds_alternate_feed_links() -> None:
    html = (
        '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">'
        '<link rel="alternate" type="application/atom+xml" href="https://example.org/atom">'
        '<link rel="alternate" type="application/feed+json" href="feed.json">'
        '<link rel="alternate" hreflang="de" href="/de/"><link rel="stylesheet" href="/s.css"></head></html>'
    )
    assert discover_feeds(html, "https://example.org/news/") == [
        "https://example.org/rss.xml",
        "https://example.org/atom",
        "https://example.org/news/feed.json",
    ]


async def test_discovery_on_the_local_site(settings: Settings, web_server: str) -> None:
    async with Fetcher(settings) as fetcher:
        page = await fetcher.fetch(f"{web_server}/site/")
        found = discover_feeds(page.text(), page.url)
        feed = await parse_feed((await fetcher.fetch(found[0])).content, url=found[0])
    assert found == [f"{web_server}/generated/local.rss"]
    assert len(feed.entries) == 4
