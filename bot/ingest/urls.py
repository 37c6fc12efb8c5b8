"""Article links in one canonical form, so the same article is recognised behind tracking and redirectors."""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid", "_ga", "_gl",
        "igshid", "ocid", "cmpid", "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3",
        "at_custom4", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee", "sr_share",
        "xtor", "__twitter_impression", "smid",
    }
)  # fmt: skip
FEED_MARKER_PARAMS = frozenset({"source", "src", "ref", "from", "origin", "rss", "feed", "cmp", "ito"})
FEED_MARKER_VALUES = frozenset({"", "rss", "feed", "feeds", "atom", "rss2", "rssfeed", "feedburner"})
DEFAULT_PORTS = {"http": 80, "https": 443}
FEEDPROXY_HOSTS = frozenset({"feedproxy.google.com", "feeds.feedburner.com", "feeds2.feedburner.com"})
_URL_IN_BYTES = re.compile(rb"https?://[\x21-\x7e]+")


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters, sorted query."""
    url = unwrap_redirector(url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").lower()
    netloc = host
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k, v)]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(sorted(query)), ""))


def unwrap_redirector(url: str) -> str:
    """The article URL behind Google News, Google Alerts or similar `?url=` redirectors; else `url`."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    params = dict(parse_qsl(parts.query))
    if host == "news.google.com" or host.endswith(".google.com") or host == "google.com":
        for name in ("url", "q", "u"):
            target = params.get(name, "")
            if target.startswith(("http://", "https://")):
                return target
        if host == "news.google.com" and "/articles/" in parts.path:
            return _google_news_article(parts.path.rsplit("/articles/", 1)[1]) or url
    return url


def is_feedproxy(url: str) -> bool:
    """FeedBurner links (`feedproxy.google.com/~r/...`) only resolve by following their redirect."""
    parts = urlsplit(url)
    return (parts.hostname or "").lower() in FEEDPROXY_HOSTS and parts.path.startswith("/~r/")


def _is_tracking(name: str, value: str) -> bool:
    key = name.lower()
    if key.startswith(("utm_", "utm-", "pk_", "mtm_", "hmb_")) or key in TRACKING_PARAMS:
        return True
    return key in FEED_MARKER_PARAMS and value.lower() in FEED_MARKER_VALUES


def _google_news_article(token: str) -> str | None:
    """Google News RSS article ids are base64 protobufs whose first string field is the article URL."""
    token = unquote(token.split("?", 1)[0])
    try:
        data = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    start = data.find(b"http")
    if start >= 2 and data[start - 2] == 0x22 and data[start - 1] < 0x80:
        candidate = data[start : start + data[start - 1]]
    else:
        match = _URL_IN_BYTES.search(data)
        candidate = match.group(0) if match else b""
    text = candidate.decode("ascii", "ignore")
    return text if text.startswith(("http://", "https://")) else None
