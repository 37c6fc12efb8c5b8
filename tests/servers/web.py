"""A real HTTP server on 127.0.0.1 serving ../shared/fixtures feeds and pages, plus hostile endpoints.

Paths:
  /feeds/NAME, /pages/NAME      the fixture files (feeds answer 304 to a matching ETag/Last-Modified)
  /pages/NAME?charset=X         the same page with `charset=X` in its Content-Type
  /mirror/pages/NAME            the same bytes under another URL (content-hash dedup)
  /slow/pages/NAME?delay=S      the fixture page after S seconds (for "working on it" replies)
  /redirect/PATH                302 to /PATH (a feedproxy-style redirector)
  /site/                        an HTML home page announcing /generated/local.rss (discovery)
  /generated/NAME.rss           feeds built around the local pages (see FEEDS below)
  /dated/NAME.html              the seed article as a page dated 2016-09-13 by `meta`, `jsonld` or
                                `byline`, or `undated` (see DATED_PAGES)
  /bench/N.rss                  small feeds for bench/poll.py (odd N answer 304, even N have no validators)
  /slow/bench/N.rss?delay=S     the same feed after S seconds (pollers killed while they hold leases)
  /hostile/...                  endless, huge, hang, drip, loop, to-metadata, to-loopback, pdf, image,
                                pdf-as-html, binary, not-a-feed, html-title, status/CODE
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sys
import threading
import time
from collections import Counter
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
FEEDS_DIR = SHARED / "fixtures" / "feeds"
PAGES_DIR = SHARED / "fixtures" / "pages"
LOCAL_PAGES = (
    "lemonde.fr__readability-lemonde-1.html",
    "bbc.com__readability-bbc-1.html",
    "farodevigo.es__1653186688.html",
    "elmundo.es-PSOE.html",
)
FEED_TYPES = {
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".json": "application/feed+json",
}
LAST_MODIFIED = "Mon, 02 Jan 2023 10:00:00 GMT"
HUGE_BYTES = 50_000_000


class FixtureSite:
    """The server's state: hit counts per path, and the version of the feed that changes between polls."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.changing_version = 1
        self.stopping = threading.Event()
        self.base_url = ""

    def count(self, path: str) -> None:
        with self._lock:
            self.hits[path] += 1

    def hits_under(self, prefix: str) -> int:
        with self._lock:
            return sum(n for path, n in self.hits.items() if path.startswith(prefix))

    def reset(self) -> None:
        with self._lock:
            self.hits.clear()
            self.changing_version = 1

    def url(self, path: str) -> str:
        return self.base_url + path


class _Handler(BaseHTTPRequestHandler):
    site: ClassVar[FixtureSite]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query, keep_blank_values=True)
        self.site.count(path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(path, query)

    def _route(self, path: str, query: dict[str, list[str]]) -> None:
        if path.startswith("/feeds/"):
            return self._fixture(FEEDS_DIR / path.removeprefix("/feeds/"), feed=True)
        if path.startswith(("/pages/", "/mirror/pages/")):
            charset = query.get("charset", [None])[0]
            return self._fixture(PAGES_DIR / path.rsplit("/pages/", 1)[1], feed=False, charset=charset)
        if path.startswith("/slow/pages/"):
            time.sleep(float(query.get("delay", ["3"])[0]))
            return self._fixture(PAGES_DIR / path.removeprefix("/slow/pages/"), feed=False)
        if path.startswith("/slow/bench/"):
            time.sleep(float(query.get("delay", ["3"])[0]))
            return self._bench(path.removeprefix("/slow"))
        if path.startswith("/redirect/"):
            return self._redirect("/" + path.removeprefix("/redirect/"))
        if path in {"/site", "/site/"}:
            return self._send(200, "text/html; charset=utf-8", _home_page().encode())
        if path.startswith("/generated/"):
            name = path.removeprefix("/generated/").removesuffix(".rss")
            return self._generated(name)
        if path.startswith("/dated/"):
            return self._dated_page(path.removeprefix("/dated/").removesuffix(".html"))
        if path.startswith("/bench/"):
            return self._bench(path)
        if path.startswith("/hostile/"):
            return self._hostile(path.removeprefix("/hostile/"))
        self._send(404, "text/plain", b"not found")

    def _send(
        self, status: int, content_type: str | None, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _conditional(self, body: bytes, content_type: str, *, validators: bool = True) -> None:
        """Serve with ETag/Last-Modified, answering 304 when the client already has this body."""
        if not validators:
            return self._send(200, content_type, body)
        etag = etag_of(body)
        if self.headers.get("If-None-Match") == etag or (
            self.headers.get("If-None-Match") is None
            and self.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        return self._send(200, content_type, body, {"ETag": etag, "Last-Modified": LAST_MODIFIED})

    def _fixture(self, file: Path, *, feed: bool, charset: str | None = None) -> None:
        if not file.is_file() or file.name == "SOURCES.tsv":
            return self._send(404, "text/plain", b"no such fixture")
        if feed:
            return self._conditional(file.read_bytes(), FEED_TYPES.get(file.suffix, "application/xml"))
        content_type = "text/html" + (f"; charset={charset}" if charset else "")
        return self._send(200, content_type, file.read_bytes())

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(status, "text/plain", b"moved", {"Location": location})

    def _generated(self, name: str) -> None:
        builder = FEEDS.get(name)
        if builder is None:
            return self._send(404, "text/plain", b"no such feed")
        body = builder(self.site)
        if name == "truncated":
            return self._send(200, "application/rss+xml", body)
        return self._conditional(body, "application/rss+xml", validators=name not in {"mirror", "sliding"})

    def _dated_page(self, name: str) -> None:
        if name not in DATED_PAGES:
            return self._send(404, "text/plain", b"no such dated page")
        return self._send(200, "text/html; charset=utf-8", _seed_page(name).encode())

    def _bench(self, path: str) -> None:
        if path.startswith("/bench/page/"):
            return self._send(200, "text/html; charset=utf-8", b"<html><body><p>bench</p></body></html>")
        number = int(path.removeprefix("/bench/").removesuffix(".rss"))
        body = bench_feed(self.site.base_url, number)
        self._conditional(body, "application/rss+xml", validators=number % 2 == 1)

    def _hostile(self, name: str) -> None:
        if name == "endless":
            return self._stream(None, declared=None)
        if name == "huge":
            return self._stream(HUGE_BYTES, declared=HUGE_BYTES)
        if name == "huge-undeclared":
            return self._stream(HUGE_BYTES, declared=None)
        if name == "hang":
            self.site.stopping.wait(60)
            return None
        if name == "drip":
            return self._drip()
        if name in {"loop", "loop-b"}:
            return self._redirect("/hostile/loop-b" if name == "loop" else "/hostile/loop")
        if name == "to-metadata":
            return self._redirect("http://169.254.169.254/latest/meta-data/")
        if name == "to-loopback":
            return self._redirect(f"http://127.0.0.2:{self.server.server_address[1]}/pages/{LOCAL_PAGES[0]}")
        if name == "to-ftp":
            return self._redirect("ftp://example.org/file")
        if name == "pdf":
            return self._send(200, "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
        if name == "image":
            return self._send(200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        if name == "pdf-as-html":
            return self._send(200, "text/html", b"%PDF-1.7\n\x00\x01\x02 binary")
        if name == "binary":
            return self._send(200, None, bytes(range(256)) * 8)
        if name == "html-title":
            return self._send(200, "text/html; charset=utf-8", _hostile_title_page().encode())
        if name == "not-a-feed":
            return self._send(
                200, "text/html", b"<!doctype html><html><head><title>Hi</title></head><body>x</body></html>"
            )
        if name.startswith("status/"):
            code = int(name.removeprefix("status/"))
            return self._send(
                code, "text/plain", b"status", {"Retry-After": "7200"} if code in {429, 503} else {}
            )
        return self._send(404, "text/plain", b"no such hostile endpoint")

    def _stream(self, total: int | None, *, declared: int | None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declared is not None:
            self.send_header("Content-Length", str(declared))
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"x" * 65_530 + b"</p>"
        sent = 0
        while (total is None or sent < total) and not self.site.stopping.is_set():
            self.wfile.write(chunk)
            sent += len(chunk)
        self.close_connection = True

    def _drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        while not self.site.stopping.is_set():
            self.wfile.write(b"<")
            self.wfile.flush()
            time.sleep(0.2)
        self.close_connection = True


def bench_feed(base_url: str, number: int) -> bytes:
    """/bench/N.rss: three entries whose guids are bench-N-0..2."""
    items = [
        _item(f"bench-{number}-{i}", f"Bench feed {number} item {i}", f"{base_url}/bench/page/{number}-{i}",
              "Short entry text for the benchmark feed.")
        for i in range(3)
    ]  # fmt: skip
    return _rss(f"Bench {number}", items)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def _item(guid: str | None, title: str | None, link: str | None, description: str, pub: str | None = None,
          extra: str = "") -> str:  # fmt: skip
    parts = []
    if title is not None:
        parts.append(f"<title>{escape(title)}</title>")
    if link is not None:
        parts.append(f"<link>{escape(link)}</link>")
    if guid is not None:
        parts.append(f'<guid isPermaLink="false">{escape(guid)}</guid>')
    if pub is not None:
        parts.append(f"<pubDate>{pub}</pubDate>")
    parts.append(f"<description>{escape(description)}</description>{extra}")
    return "<item>" + "".join(parts) + "</item>"


def _rss(title: str, items: list[str], namespaces: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"{namespaces}><channel><title>{escape(title)}</title>'
        f"<link>http://example.org/</link><ttl>30</ttl>{''.join(items)}</channel></rss>"
    ).encode()


def _pub(day: int) -> str:
    return format_datetime(dt.datetime(2023, 1, day, 9, 0, tzinfo=dt.UTC), usegmt=True)


def _local_feed(site: FixtureSite) -> bytes:
    items = [
        _item(f"local-{i}", None, site.url(f"/pages/{name}?utm_source=rss&utm_medium=feed"),
              f"Entry text of local article {i}.", _pub(20 - i))
        for i, name in enumerate(LOCAL_PAGES)
    ]  # fmt: skip
    return _rss("Local fixture news", items)


def _mirror_feed(site: FixtureSite) -> bytes:
    """The same two articles as the local feed: one by the same link, one under another URL."""
    items = [
        _item(
            "mirror-a",
            "Same link",
            site.url(f"/pages/{LOCAL_PAGES[0]}#comments"),
            "Mirror entry a.",
            _pub(18),
        ),
        _item(
            "mirror-b", "Same text", site.url(f"/mirror/pages/{LOCAL_PAGES[1]}"), "Mirror entry b.", _pub(17)
        ),
    ]
    return _rss("Mirror fixture news", items)


def _odd_entries_feed(site: FixtureSite) -> bytes:
    text = (
        "The city council approved the new budget on Monday after a long debate. The mayor said the plan "
        "would fund schools and roads. Opponents argued that taxes would rise next year."
    )
    items = [
        _item(
            None,
            "Link but no guid",
            site.url(f"/pages/{LOCAL_PAGES[2]}"),
            "Entry with a link only.",
            _pub(10),
        ),
        _item("guid-without-link", "Guid but no link", None, text, _pub(9)),
        _item(None, "Neither guid nor link", None, text.replace("Monday", "Tuesday"), _pub(8)),
    ]
    return _rss("Odd entries", items)


def _changing_feed(site: FixtureSite) -> bytes:
    count = 1 + site.changing_version
    items = [
        _item(
            f"changing-{i}",
            f"Changing {i}",
            site.url(f"/pages/{LOCAL_PAGES[i]}?v={i}"),
            f"Entry {i}.",
            _pub(10 + i),
        )
        for i in range(count)
    ]
    return _rss(f"Changing feed v{site.changing_version}", items)


def _sliding_feed(site: FixtureSite) -> bytes:
    """A feed that shows its two newest entries: version 0 shows entry 0, version 1 entries 0-1, version 2
    entries 1-2 (entry 0 has left it). No validators, so every poll reads the document."""
    version = site.changing_version
    items = [
        _item(
            f"sliding-{i}",
            f"Sliding {i}",
            site.url(f"/pages/{LOCAL_PAGES[i]}?s={i}"),
            f"Entry {i}.",
            _pub(10 + i),
        )
        for i in range(max(0, version - 1), version + 1)
    ]
    return _rss(f"Sliding feed v{version}", items)


def _broken_links_feed(site: FixtureSite) -> bytes:
    text = (
        "Ministers met in Brussels on Thursday to discuss the energy plan. The proposal would cap prices "
        "for households. A final vote is expected in March."
    )
    items = [
        _item("pdf-link", "A PDF instead of a page", site.url("/hostile/pdf"), text, _pub(5)),
        _item(
            "missing-link",
            "A page that is gone",
            site.url("/missing-page"),
            text.replace("Thursday", "Friday"),
            _pub(4),
        ),
    ]
    return _rss("Broken links", items)


def _redirected_feed(site: FixtureSite) -> bytes:
    namespaces = ' xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0"'
    orig = f"<feedburner:origLink>{escape(site.url('/pages/' + LOCAL_PAGES[1]))}</feedburner:origLink>"
    items = [
        _item(
            "proxied",
            "Through a redirector",
            site.url(f"/redirect/pages/{LOCAL_PAGES[0]}"),
            "Proxied.",
            _pub(3),
        ),
        _item("origlink", "With origLink", site.url("/redirect/nowhere"), "Orig.", _pub(2), extra=orig),
    ]
    return _rss("Redirected links", items, namespaces)


def _truncated_feed(site: FixtureSite) -> bytes:
    """Like the Reuters feed: cut off mid-item, followed by a server error comment."""
    data = (FEEDS_DIR / "theguardian.com-us.rss").read_bytes()
    return data[: len(data) // 2] + b"\n<!-- upstream timed out: 504 -->\n"


def _all_pages_feed(site: FixtureSite) -> bytes:
    """Every fixture page, for end-to-end throughput (bench/poll.py)."""
    pages = sorted(p.name for p in PAGES_DIR.glob("*.html"))
    items = [_item(f"page-{name}", None, site.url(f"/pages/{name}"), "", None) for name in pages]
    return _rss("All fixture pages", items)


SEED_TEXT = SHARED / "fixtures" / "seed" / "000_dc81e270c460f236.txt"
SEED_TITLE = "Shinzo Abe Going All In on Improving Japan-Russia Ties"
SEED_DAY = "2016-09-13"
DATED_PAGES = ("meta", "jsonld", "byline", "undated")


def _seed_page(how: str) -> str:
    """The seed article (2016) as a web page that gives its own date one way: `meta`
    (article:published_time), `jsonld` (datePublished), `byline` (a dateline in the text), or `undated`."""
    paragraphs = [p.strip() for p in SEED_TEXT.read_text("utf-8").split("\n\n") if p.strip()]
    head = f"<title>{escape(SEED_TITLE)}</title>"
    if how == "meta":
        head += f'<meta property="article:published_time" content="{SEED_DAY}T09:30:00+00:00">'
    elif how == "jsonld":
        head += (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
            f'"headline": "{SEED_TITLE}", "datePublished": "{SEED_DAY}T09:30:00Z"}}</script>'
        )
    byline = '<p class="byline">By Staff Writer, <time>September 13, 2016</time></p>'
    byline = byline if how == "byline" else ""
    paragraphs.append(f"This copy of the article is the one dated by {how}.")  # one text per page: no dedup
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>{head}</head><body><article>"
        f"<h1>{escape(SEED_TITLE)}</h1>{byline}{body}</article></body></html>"
    )


def _stamped_now_feed(site: FixtureSite) -> bytes:
    """Like an RSS bridge or a "top stories" feed: every entry dated at the time the feed is fetched."""
    now = format_datetime(dt.datetime.now(dt.UTC), usegmt=True)
    items = [
        _item(f"dated-{how}", f"{SEED_TITLE} ({how})", site.url(f"/dated/{how}.html"), "Abe and Russia.", now)
        for how in DATED_PAGES
    ]
    return _rss("Stamped at fetch time", items)


HOSTILE_TITLE = '<script>alert("x")</script> Tom & Jerry <b>bold</b> a<b 🚀👩‍👩‍👧 news'


def _hostile_title_page() -> str:
    """An article whose title and text carry markup, ampersands, stray '<' and emoji."""
    body = "".join(
        f"<p>Paragraph {i}: prices rose 5 < 7 & costs fell; the &lt;b&gt; tag stays text 🚀. Officials in "
        f"Geneva said on March 3, 2021 that talks with the European Union would resume on April {i + 1}.</p>"
        for i in range(6)
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(HOSTILE_TITLE)}</title>"
        f'<meta property="og:title" content="{escape(HOSTILE_TITLE, {chr(34): "&quot;"})}"></head>'
        f"<body><article><h1>{escape(HOSTILE_TITLE)}</h1>{body}</article></body></html>"
    )


def _home_page() -> str:
    return (
        "<!doctype html><html><head><title>Local site</title>"
        '<link rel="alternate" type="application/rss+xml" title="News" href="/generated/local.rss">'
        '<link rel="stylesheet" href="/style.css"></head><body><p>Home</p></body></html>'
    )


FEEDS = {
    "local": _local_feed,
    "mirror": _mirror_feed,
    "odd-entries": _odd_entries_feed,
    "changing": _changing_feed,
    "sliding": _sliding_feed,
    "broken-links": _broken_links_feed,
    "redirected": _redirected_feed,
    "truncated": _truncated_feed,
    "all-pages": _all_pages_feed,
    "stamped-now": _stamped_now_feed,
}


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Clients hanging up mid-body is what the hostile endpoints are for; anything else is reported."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class FixtureWebServer:
    """Start with `FixtureWebServer().start()`; `.site` has the hit counts, `.base_url` the address."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.site = FixtureSite()
        handler = type("Handler", (_Handler,), {"site": self.site})
        self.httpd = _QuietServer((host, 0), handler)
        self.site.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="fixture-web", daemon=True)

    @property
    def base_url(self) -> str:
        return self.site.base_url

    def start(self) -> FixtureWebServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.site.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
