"""A small HTTP server on 127.0.0.1 served from a thread: the shell the test sites in tests/servers/ share."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self


class QuietHandler(BaseHTTPRequestHandler):
    """Answers without logging each request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def answer(self, status: int, kind: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


def empty_feed(title: str, description: str) -> bytes:
    """An RSS feed with no items: subscribing to it costs one fetch and no NLP."""
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1/</link>"
        f"<description>{description}</description></channel></rss>"
    ).encode()


class LoopbackSite:
    """`with Site(...) as site:` serves `handler` on a free loopback port; handlers reach the site object
    as `self.server.site`."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], name: str) -> None:
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._http.daemon_threads = True
        self._http.site = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._http.serve_forever, name=name, daemon=True)

    @property
    def port(self) -> int:
        return int(self._http.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()
        self._thread.join(10)
