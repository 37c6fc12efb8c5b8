"""Property tests of the feed parser (bot/ingest/feeds.py): whatever bytes a server sends, the parser
returns entries whose every field is within the store's limits, or raises FeedError with a reason. No
other exception may escape: the poller would count it as our failure, not the feed's."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.ingest.feeds import MAX_TTL_MINUTES, FeedError, ParsedFeed, parse_feed_bytes
from bot.store.field_caps import MAX_GUID_CHARS, MAX_TEXT_CHARS, MAX_TITLE_CHARS, MAX_URL_CHARS

URL = "http://feeds.example.org/feed.xml"
PROPERTY = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
MEDIA_TYPES = st.sampled_from(["", "application/rss+xml", "application/json", "text/html", "application/xml"])


def assert_within_limits(parsed: ParsedFeed) -> None:
    """Every field bounded and storable (no NUL, no lone surrogate)."""
    for value, limit in (
        (parsed.title, MAX_TITLE_CHARS),
        (parsed.site_url, MAX_URL_CHARS),
        (parsed.warning, MAX_TITLE_CHARS),
    ):
        assert value is None or (len(value) <= limit and _storable(value))
    assert parsed.ttl_seconds is None or 0 < parsed.ttl_seconds <= MAX_TTL_MINUTES * 60
    for entry in parsed.entries:
        assert len(entry.key) == 64 and int(entry.key, 16) >= 0
        assert entry.guid is None or (len(entry.guid) <= MAX_GUID_CHARS and _storable(entry.guid))
        assert entry.link is None or (len(entry.link) <= MAX_URL_CHARS and _storable(entry.link))
        assert entry.title is None or (len(entry.title) <= MAX_TITLE_CHARS and _storable(entry.title))
        assert len(entry.text) <= MAX_TEXT_CHARS and _storable(entry.text)
        assert entry.published is None or entry.published.tzinfo is not None
    parsed.newest_first()  # dated entries compare with each other


def _storable(value: str) -> bool:
    value.encode("utf-8")
    return "\x00" not in value


def parse_or_refuse(data: bytes, media_type: str = "") -> None:
    try:
        parsed = parse_feed_bytes(data, url=URL, media_type=media_type)
    except FeedError as exc:
        assert exc.reason and len(exc.user_message) < 2_000
        return
    assert_within_limits(parsed)


@PROPERTY
@given(st.binary(max_size=4_000), MEDIA_TYPES)
@example(b"\xef\xbb\xbf", "")
@example(b"{" * 5_000, "application/json")
@example(b'{"version": "https://jsonfeed.org/version/1", "items": 5}', "")
@example(b"<rss><channel><item><title>\x00</title></item></channel></rss>", "")
def test_any_bytes_parse_within_limits_or_raise_feed_error(data: bytes, media_type: str) -> None:
    parse_or_refuse(data, media_type)


FIELD = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="<>&;\"'/=!?#x[]-:. abc0123456789", max_size=300),
    st.sampled_from(["http://[::1", "http://h:99999/", "//x", "javascript:alert(1)", "9" * 5_000, "-1", "0"]),
)


@st.composite
def xml_feeds(draw: st.DrawFn) -> bytes:
    """RSS or Atom whose every field is drawn text, inserted escaped or raw (raw may break the XML)."""
    raw = draw(st.booleans())

    def field() -> str:
        value = draw(FIELD)
        return value if raw else escape(value)

    items = []
    for _ in range(draw(st.integers(0, 4))):
        items.append(
            f"<item><title>{field()}</title><link>{field()}</link><guid>{field()}</guid>"
            f"<pubDate>{field()}</pubDate><description>{field()}</description></item>"
        )
    if draw(st.booleans()):
        body = (
            f"<rss version='2.0'><channel><title>{field()}</title><link>{field()}</link>"
            f"<ttl>{field()}</ttl>{''.join(items)}</channel></rss>"
        )
    else:
        entries = "".join(
            f"<entry><title>{field()}</title><link href='{field()}'/><id>{field()}</id>"
            f"<updated>{field()}</updated><content type='html'>{field()}</content></entry>"
            for _ in items
        )
        body = f"<feed xmlns='http://www.w3.org/2005/Atom'><title>{field()}</title>{entries}</feed>"
    declaration = draw(
        st.sampled_from(["", "<?xml version='1.0'?>", "<?xml version='1.0' encoding='gb2312'?>"])
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    return (declaration + body).encode(encoding, "replace")


@PROPERTY
@given(xml_feeds(), MEDIA_TYPES)
def test_any_xml_feed_parses_within_limits_or_raises_feed_error(data: bytes, media_type: str) -> None:
    parse_or_refuse(data, media_type)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | FIELD,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)
ITEM_KEYS = [
    "id",
    "url",
    "external_url",
    "title",
    "content_text",
    "content_html",
    "summary",
    "date_published",
]


@PROPERTY
@given(
    st.lists(st.dictionaries(st.sampled_from(ITEM_KEYS), JSON_VALUES, max_size=8), max_size=4) | JSON_VALUES,
    JSON_VALUES,
    JSON_VALUES,
)
def test_any_json_feed_parses_within_limits_or_raises_feed_error(
    items: object, title: object, home_page: object
) -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home_page,
        "items": items,
    }
    parse_or_refuse(json.dumps(document).encode(), "application/feed+json")


@PROPERTY
@given(st.sampled_from(["title", "link", "guid", "description"]), st.integers(10_000, 3_000_000))
def test_huge_fields_are_cut_to_their_limits(name: str, size: int) -> None:
    values = {"title": "t", "link": "http://example.org/a", "guid": "g", "description": "d"}
    values[name] = ("http://example.org/" if name == "link" else "") + "w" * size
    item = "".join(f"<{k}>{v}</{k}>" for k, v in values.items())
    parsed = parse_feed_bytes(
        f"<rss version='2.0'><channel><item>{item}</item></channel></rss>".encode(), url=URL
    )
    assert_within_limits(parsed)
    (entry,) = parsed.entries
    if name == "link":
        assert entry.link is None  # a cut link would point elsewhere
    else:
        assert (entry.title, entry.guid, entry.text)[["title", "guid", "description"].index(name)]
