"""OPML in and out: the feed lists users import, export, and the defaults offered on /start."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import quoteattr

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from bot.errors import UserFacingError
from bot.i18n import N_, Text
from bot.settings import config_file

DEFAULT_FEEDS_PATH = config_file("feeds.opml")
MAX_OPML_BYTES = 1_000_000
MAX_OPML_FEEDS = 500


class OpmlError(UserFacingError):
    """The file is not usable OPML; the message says why in one line."""

    @property
    def message(self) -> Text:
        return N_(
            "I couldn't import that file: {problem}. Send an .opml export of your feed reader's list.",
            problem=self.args[0],
        )


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    url: str
    title: str | None = None
    site_url: str | None = None


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """Every outline with an xmlUrl, in document order, duplicates dropped."""
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(N_("the OPML file is larger than 1 MB"))
    try:
        root = SafeET.fromstring(data)
    except (ET.ParseError, DefusedXmlException) as exc:
        raise OpmlError(N_("this file is not valid OPML (XML could not be read)")) from exc
    if root.tag.lower() != "opml":
        raise OpmlError(N_("this file is not OPML (no <opml> root element)"))
    feeds: dict[str, OpmlFeed] = {}
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or outline.get("xmlurl") or "").strip()
        if url.startswith(("http://", "https://")) and url not in feeds:
            title = outline.get("title") or outline.get("text")
            feeds[url] = OpmlFeed(url, title.strip() if title else None, outline.get("htmlUrl"))
    if len(feeds) > MAX_OPML_FEEDS:
        raise OpmlError(N_("the OPML file lists more than {n} feeds", n=MAX_OPML_FEEDS))
    return list(feeds.values())


def render_opml(feeds: list[OpmlFeed], *, title: str = "briefbot subscriptions") -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        f"  <head><title>{_text(title)}</title></head>",
        "  <body>",
    ]
    for feed in feeds:
        name = quoteattr(feed.title or feed.url)
        site = f" htmlUrl={quoteattr(feed.site_url)}" if feed.site_url else ""
        lines.append(f'    <outline type="rss" text={name} title={name} xmlUrl={quoteattr(feed.url)}{site}/>')
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines).encode("utf-8")


def default_feeds(path: Path = DEFAULT_FEEDS_PATH) -> list[OpmlFeed]:
    return parse_opml(path.read_bytes()) if path.exists() else []


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
