"""Feed bytes -> entries (RSS 0.9x/1.0/2.0, Atom, JSON Feed), and feed discovery from a site's HTML.

feedparser only ever sees bytes (it never fetches) and runs in a worker thread: it is pure Python and a
large feed would otherwise hold the event loop.
"""

from __future__ import annotations

import asyncio
import calendar
import contextlib
import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.html
from lxml.etree import ParserError

from bot.errors import UserFacingError, quoted
from bot.i18n import N_, Text
from bot.ingest.urls import normalise_url
from bot.store.field_caps import (
    MAX_GUID_CHARS,
    MAX_TEXT_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
    cap_text,
    cap_whole,
)
from summarizers import utf8_text

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json")
# A feed's <ttl> beyond a week is taken as a week (the poller waits 12 h at most anyway).
MAX_TTL_MINUTES = 7 * 24 * 60
_XML_DECLARATION = re.compile(rb"^\s+(?=<\?xml)", re.S)
_LEGACY_XML_ENCODING = re.compile(rb"""^(<\?xml[^>]*encoding=["'])(gb2312|gbk)(["'])""", re.I)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']\s*([\w.:-]+)""")


class FeedError(UserFacingError):
    """The bytes are not a usable feed; `message` says why in one line (in the reader's language)."""

    def __init__(self, url: str, reason: Text) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")

    @property
    def message(self) -> Text:
        return N_("{url} is not a usable feed: {reason}.", url=quoted(self.url), reason=self.reason)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    key: str  # stable identity within the feed: sha256 of guid, else link, else title+text
    guid: str | None
    link: str | None  # absolute; FeedBurner's origLink when given
    title: str | None
    published: dt.datetime | None
    text: str  # the entry's own content or summary as plain text (the fallback when the page fails)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    format: str  # "rss20", "atom10", "json1", ...
    title: str | None
    site_url: str | None
    ttl_seconds: int | None
    entries: tuple[FeedEntry, ...]
    warning: str | None = None  # why the feed was not well-formed, when it still parsed

    def newest_first(self) -> list[FeedEntry]:
        """Dated entries newest first; undated ones keep the feed's own order after them."""
        dated = sorted((e for e in self.entries if e.published), key=lambda e: e.published, reverse=True)  # type: ignore[arg-type,return-value]
        return dated + [e for e in self.entries if e.published is None]


async def parse_feed(data: bytes, *, url: str, media_type: str = "") -> ParsedFeed:
    """Parse in a worker thread; raises FeedError with a clear reason. Every field is held to the store's
    limits (bot.store.field_caps) as it is read, whatever the feed says."""
    return await asyncio.to_thread(parse_feed_bytes, data, url=url, media_type=media_type)


def parse_feed_bytes(data: bytes, *, url: str, media_type: str = "") -> ParsedFeed:
    stripped = data.lstrip(b"\xef\xbb\xbf").lstrip()
    if not stripped:
        raise FeedError(url, N_("the response is empty"))
    if "json" in media_type or stripped.startswith(b"{"):
        return _parse_json_feed(stripped, url)
    return _parse_xml_feed(data, url, media_type)


def _parse_xml_feed(data: bytes, url: str, media_type: str) -> ParsedFeed:
    data = _XML_DECLARATION.sub(b"", data.lstrip(b"\xef\xbb\xbf"), count=1)
    data = _LEGACY_XML_ENCODING.sub(rb"\1gb18030\3", data, count=1)  # GB2312 text often uses GBK characters
    content_type = media_type or "application/xml"
    declared = _XML_ENCODING.match(data)
    text = utf8_text(data, declared_utf8=declared is None or declared.group(1).lower() in {b"utf-8", b"utf8"})
    if text is not None:  # UTF-8 whatever the declaration says; broken bytes are U+FFFD, the rest is kept
        data, content_type = text.encode("utf-8"), f"{content_type}; charset=utf-8"
    headers = {"content-location": url, "content-type": content_type}
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True, resolve_relative_uris=True)
    warning = str(parsed.get("bozo_exception") or "") or None if parsed.get("bozo") else None
    if not parsed.version and not parsed.entries:
        if _looks_like_html(data):
            raise FeedError(url, N_("it is a web page, not a feed"))
        detail = warning or "unknown format"  # the parser's own words
        raise FeedError(url, N_("it cannot be read as RSS, Atom or JSON Feed ({detail})", detail=detail))
    feed = parsed.feed
    entries = tuple(e for e in (_entry(item, url) for item in parsed.entries) if e.link or e.title or e.text)
    return ParsedFeed(
        format=parsed.version or "unknown",
        title=cap_text(_plain(feed.get("title")), MAX_TITLE_CHARS),
        site_url=cap_whole(_absolute(feed.get("link"), url), MAX_URL_CHARS),
        ttl_seconds=_ttl_seconds(feed.get("ttl")),
        entries=entries,
        warning=cap_text(warning, MAX_TITLE_CHARS),
    )


def _entry(entry: Any, feed_url: str) -> FeedEntry:
    link = entry.get("feedburner_origlink") or entry.get("link") or None
    link = _absolute(link, feed_url)
    guid = _string(entry.get("id")).strip() or None
    title = _plain(entry.get("title"))
    contents = [_string(c.get("value")) for c in entry.get("content") or () if isinstance(c, dict)]
    text = _plain(" ".join(contents) or entry.get("summary") or "") or ""
    stamp = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")  # no deprecated alias
    return _capped_entry(guid, link, title, _struct_datetime(stamp), text)


def _capped_entry(
    guid: str | None, link: str | None, title: str | None, published: dt.datetime | None, text: str
) -> FeedEntry:
    """The entry with its identity taken from the whole fields, and each field held to its limit."""
    return FeedEntry(
        key=_entry_key(guid, link, title, text),
        guid=cap_text(guid, MAX_GUID_CHARS),
        link=cap_whole(link, MAX_URL_CHARS),
        title=cap_text(title, MAX_TITLE_CHARS),
        published=published,
        text=cap_text(text, MAX_TEXT_CHARS) or "",
    )


def _parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    text = utf8_text(data.removeprefix(b"\xef\xbb\xbf"), declared_utf8=True)  # JSON is UTF-8 (RFC 8259)
    if text is None:
        raise FeedError(url, N_("it is not valid JSON (it is not UTF-8 text)"))
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        detail = cap_text(str(exc), MAX_TITLE_CHARS) or ""
        raise FeedError(url, N_("it is not valid JSON ({detail})", detail=detail)) from exc
    except RecursionError as exc:
        raise FeedError(url, N_("it is JSON nested too deeply to read")) from exc
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise FeedError(url, N_("it is JSON but not a JSON Feed"))
    entries = []
    items = doc.get("items")
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        link = _absolute(item.get("url") or item.get("external_url"), url)
        guid = _string(item.get("id")).strip() or None
        title = _plain(item.get("title"))
        text = _string(item.get("content_text")).strip() or _plain(
            item.get("content_html") or item.get("summary")
        )
        published = _iso_datetime(item.get("date_published") or item.get("date_modified"))
        if link or title or text:
            entries.append(_capped_entry(guid, link, title, published, text or ""))
    version = cap_text(str(doc["version"]).rsplit("/", 1)[-1], 20)
    return ParsedFeed(
        format=f"json{version}",
        title=cap_text(_plain(doc.get("title")), MAX_TITLE_CHARS),
        site_url=cap_whole(_absolute(doc.get("home_page_url"), url), MAX_URL_CHARS),
        ttl_seconds=None,
        entries=tuple(entries),
    )


def discover_feeds(html: str, base_url: str) -> list[str]:
    """Feed URLs a page announces with <link rel="alternate" type="application/rss+xml|atom+xml|feed+json">."""
    finder = _AlternateLinks()
    finder.feed(html)
    found = [urljoin(base_url, href) for href in finder.hrefs]
    return list(dict.fromkeys(found))


class _AlternateLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link":
            return
        values = {k.lower(): (v or "").strip() for k, v in attrs}
        rel = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0]
        if "alternate" in rel and kind in FEED_TYPES and values.get("href"):
            self.hrefs.append(values["href"])


def _entry_key(guid: str | None, link: str | None, title: str | None, text: str) -> str:
    identity = guid or (normalise_url(link) if link else None) or f"{title or ''}\n{text[:2000]}"
    return hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()


def _string(value: Any) -> str:
    """A text value of the feed, or "" when it is something else (JSON Feed numbers, lists, objects)."""
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else ""


def _plain(value: Any) -> str | None:
    """Feed HTML fragments as plain text, whitespace collapsed; None for anything but text."""
    if not isinstance(value, str) or not value.strip():
        return None
    if "<" in value or "&" in value:
        with contextlib.suppress(ParserError, ValueError):
            value = lxml.html.fromstring(value).text_content()
    return " ".join(value.split()) or None


def _absolute(link: Any, base: str) -> str | None:
    """The link made absolute; None when there is none or it is no URL (an unclosed IPv6 host, a port
    out of range), so nothing later trips over it."""
    if not link or not isinstance(link, str) or not link.strip():
        return None
    try:
        absolute = urljoin(base, link.strip())
        normalise_url(absolute)
    except ValueError:
        return None
    return absolute


def _ttl_seconds(value: Any) -> int | None:
    try:
        minutes = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return min(minutes, MAX_TTL_MINUTES) * 60 if minutes > 0 else None


def _struct_datetime(stamp: Any) -> dt.datetime | None:
    """feedparser's UTC time.struct_time as a datetime; None when it is missing or out of range."""
    if not stamp:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC)
    except (OverflowError, OSError, ValueError, TypeError):
        return None


def _iso_datetime(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def _looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) and b"<feed" not in data[:20000].lower()
