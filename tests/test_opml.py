"""OPML import/export: round trip, the shipped defaults, and hostile files refused with a clear reason."""

from __future__ import annotations

import pytest

from bot.opml import OpmlError, OpmlFeed, default_feeds, parse_opml, render_opml


def test_exported_opml_imports_back_to_the_same_feeds():
    feeds = [
        OpmlFeed("https://example.org/rss?a=1&b=2", 'Tom & Jerry "news" <daily>', "https://example.org/"),
        OpmlFeed("https://example.net/atom.xml", None),
    ]
    back = parse_opml(render_opml(feeds))
    assert [f.url for f in back] == [f.url for f in feeds]
    assert back[0].title == 'Tom & Jerry "news" <daily>'
    assert back[1].title == "https://example.net/atom.xml"


def test_default_feeds_ship_in_config_and_parse():
    feeds = default_feeds()
    assert len(feeds) >= 5
    assert all(f.url.startswith("https://") and f.title for f in feeds)


def test_nested_outlines_and_duplicates_are_flattened_once():
    data = b"""<opml version="1.0"><body><outline text="Cat"><outline xmlUrl="http://a.example/rss" text="A"/>
    <outline xmlUrl="http://a.example/rss" text="A again"/><outline xmlUrl="ftp://x/y" text="ftp"/></outline>
    </body></opml>"""
    assert parse_opml(data) == [OpmlFeed("http://a.example/rss", "A", None)]


@pytest.mark.parametrize(
    "data",
    [
        b"not xml at all",
        b"<rss><channel/></rss>",
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        b"<opml><body>&lol2;</body></opml>",
    ],
    ids=["not-xml", "not-opml", "entity-expansion"],
)
def test_hostile_or_wrong_files_are_refused_with_a_reason(data):
    with pytest.raises(OpmlError):
        parse_opml(data)
