"""A slow site on cue: a loopback web server that holds every response until the test opens its gate.

Fair-use tests need fetches that are surely still in flight while something else happens (another user's
/help answered, a third job refused). The gate gives that as an order of events rather than a duration:
requests arrive and wait, and are answered only after `open()`. A request held longer than `max_hold`
seconds is answered anyway, so a failing test can never hang the suite.

  /feed/NAME.rss    an RSS feed titled "Gated NAME", with no items (subscribing costs a fetch, no NLP)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer

from tests.servers.loopback import LoopbackSite, QuietHandler, empty_feed


@dataclass
class GateLog:
    """What happened, in order: each request's path when it arrived and when it was answered."""

    arrived: list[str] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, events: list[str], path: str) -> None:
        with self.lock:
            events.append(path)


class _Handler(QuietHandler):
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        site.log.add(site.log.arrived, self.path)
        site.gate.wait(site.max_hold)
        if not self.path.startswith("/feed/") or not self.path.endswith(".rss"):
            body, status, kind = b"not found", 404, "text/plain"
        else:
            name = self.path.removeprefix("/feed/").removesuffix(".rss")
            body = empty_feed(f"Gated {name}", "A feed that answers when the test says so.")
            status, kind = 200, "application/rss+xml"
        self.answer(status, kind, body)
        site.log.add(site.log.answered, self.path)


class _Server(ThreadingHTTPServer):
    site: GatedWebServer


class GatedWebServer(LoopbackSite):
    def __init__(self, *, max_hold: float = 60.0) -> None:
        self.gate = threading.Event()
        self.log = GateLog()
        self.max_hold = max_hold
        super().__init__(_Handler, "gated-web")

    def feed_url(self, name: str) -> str:
        return f"{self.base_url}/feed/{name}.rss"

    def in_flight(self) -> int:
        """Requests that arrived and are not answered yet."""
        with self.log.lock:
            return len(self.log.arrived) - len(self.log.answered)

    def open(self) -> None:
        """Answer everything held, and everything after at once."""
        self.gate.set()

    def __exit__(self, *exc: object) -> None:
        self.open()
        super().__exit__(*exc)
