"""A loopback feed site that records what each request carried, for tests about secrets in feed addresses.

  /feed/NAME.rss          an RSS feed titled "Feed NAME" with no items (subscribing costs a fetch, no NLP);
                          any query string (`?api_key=...`) is accepted
  /to-credentials/NAME    302 to http://reader:PASSWORD@this-site/feed/NAME.rss
  /to-long/N              302 to /feed/xxx….rss on this site, its name N characters long

Every request is logged with its path and query and its Authorization header, so a test can prove that a
password was never sent anywhere.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from urllib.parse import urlsplit

from tests.servers.loopback import LoopbackSite, QuietHandler, empty_feed


@dataclass(frozen=True, slots=True)
class Arrived:
    path: str  # with its query
    authorization: str | None


class _Handler(QuietHandler):
    server: _Server

    def do_GET(self) -> None:
        site = self.server.site
        with site.lock:
            site.arrived.append(Arrived(self.path, self.headers.get("Authorization")))
        path = urlsplit(self.path).path
        headers: dict[str, str] = {}
        if path.startswith("/feed/") and path.endswith(".rss"):
            name = path.removeprefix("/feed/").removesuffix(".rss")
            body = empty_feed(f"Feed {name}", "A feed with no items.")
            status, kind = 200, "application/rss+xml"
        elif path.startswith("/to-credentials/"):
            name = path.removeprefix("/to-credentials/")
            headers["Location"] = site.with_password(f"/feed/{name}.rss")
            body, status, kind = b"moved", 302, "text/plain"
        elif path.startswith("/to-long/"):
            headers["Location"] = "/feed/" + "x" * int(path.removeprefix("/to-long/")) + ".rss"
            body, status, kind = b"moved", 302, "text/plain"
        else:
            body, status, kind = b"not found", 404, "text/plain"
        self.answer(status, kind, body, headers)


class _Server(ThreadingHTTPServer):
    site: CredentialsSite


class CredentialsSite(LoopbackSite):
    """`with CredentialsSite(password) as site:` serves from a thread; `site.requests()` is the request log."""

    def __init__(self, password: str) -> None:
        self.password = password
        self.arrived: list[Arrived] = []
        self.lock = threading.Lock()
        super().__init__(_Handler, "credentials-site")

    def with_password(self, path: str) -> str:
        """The address of `path` on this site with a user name and the password in it."""
        return f"http://reader:{self.password}@127.0.0.1:{self.port}{path}"

    def requests(self) -> list[Arrived]:
        with self.lock:
            return list(self.arrived)
