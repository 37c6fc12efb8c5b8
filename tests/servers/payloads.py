"""A loopback HTTP server that serves whatever bytes a test puts at a path: big feeds, hostile feeds, and
pages whose request sets off a side effect (filling a disk while the poller works).

    server = PayloadServer().start()
    server.put("/feed.rss", body, "application/rss+xml")
    server.put("/page.html", page, "text/html", on_request=fill_the_disk)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import urlsplit
from xml.sax.saxutils import escape


@dataclass(frozen=True, slots=True)
class Payload:
    body: bytes
    content_type: str
    on_request: Callable[[], object] | None = None  # runs before the body is sent


class _Handler(BaseHTTPRequestHandler):
    server_state: ClassVar[PayloadServer]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        payload = self.server_state.payloads.get(path)
        self.server_state.hits[path] = self.server_state.hits.get(path, 0) + 1
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if payload is None:
                self._send(404, "text/plain", b"not found")
                return
            if payload.on_request is not None:
                payload.on_request()
            self._send(200, payload.content_type, payload.body)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class PayloadServer:
    """Start with `PayloadServer().start()`, stop with `.stop()`; `.url(path)` is a payload's address."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.payloads: dict[str, Payload] = {}
        self.hits: dict[str, int] = {}
        handler = type("Handler", (_Handler,), {"server_state": self})
        self.httpd = ThreadingHTTPServer((host, 0), handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://{host}:{self.httpd.server_address[1]}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="payloads", daemon=True)

    def put(
        self, path: str, body: bytes, content_type: str, *, on_request: Callable[[], object] | None = None
    ) -> str:
        """Serve `body` at `path`; returns its URL."""
        self.payloads[path] = Payload(body, content_type, on_request)
        return self.url(path)

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> PayloadServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def rss_items(count: int, *, start: dt.datetime, prefix: str = "entry") -> list[str]:
    """`count` small RSS items, one a minute from `start` (item 0 the oldest), each with a guid, a title
    and a line of text, and no link (the poller briefs the entry's own text and fetches nothing)."""
    items = []
    for n in range(count):
        stamp = (start + dt.timedelta(minutes=n)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        items.append(
            f"<item><guid>{prefix}-{n}</guid><title>{prefix} {n}</title><pubDate>{stamp}</pubDate>"
            f"<description>Entry {n} says little.</description></item>"
        )
    return items


def title_only_items(count: int) -> list[str]:
    """`count` RSS items of a title and nothing else (about 30 bytes each: 100,000 of them make 3.3 MB)."""
    return [f"<item><title>{n}</title></item>" for n in range(count)]


def rss(items: list[str], *, title: str = "A feed", link: str = "http://example.org/") -> bytes:
    """An RSS 2.0 document of `items` (already XML); the title and link are escaped here."""
    head = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{escape(title)}</title>'
    )
    return (head + f"<link>{escape(link)}</link>" + "".join(items) + "</channel></rss>").encode("utf-8")
