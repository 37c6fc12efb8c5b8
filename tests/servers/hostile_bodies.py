"""A hostile HTTP server on 127.0.0.1 that attacks the fetcher with its bodies: compression bombs, stacked and
unknown content codings, 50 MB bodies with and without a length, and text in broken encodings.

It runs in a process of its own (`HostileBodyServer().start()`), so the memory a fetch costs can be measured
in the fetching process without the server's buffers in the count.

Paths (every body is built once and cached; bombs are a few KB on the wire):
  /bomb?encoding=E&mib=N        N MiB of the letter a, compressed by each coding in E in turn (E is a comma list of
                                gzip, deflate, raw-deflate; Content-Encoding names them, raw-deflate as deflate)
  /page?encoding=E              a small HTML page under the codings E; names we cannot build (br, compress,
                                x-anything) only go into the header, the page is then sent as it is
  /mislabelled                  the page as it is, under `Content-Encoding: gzip`
  /identity?mb=N                N MB of HTML with a Content-Length
  /chunked?mb=N                 N MB of HTML, chunked, no length
  /close?mb=N                   N MB of HTML, no length, ended by closing the connection
  /euro/feed, /euro/page        UTF-8 text with euro signs, declared UTF-8, with one invalid byte in it
"""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import IO
from urllib.parse import parse_qs, urlsplit

from tests.servers.web import _QuietServer  # quiet about fetchers that hang up mid-body

ROOT = Path(__file__).resolve().parents[2]
MIB = 1 << 20
PAGE = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>Compressed page</title></head><body>"
    + b"<p>A page that arrives compressed and must come out whole.</p>" * 200
    + b"</body></html>"
)
EURO_TEXT = "Brent crude rose to 80 € a barrel, diesel to 1.89 € a litre, and the Zürich index by 2 %."
# One byte that is not UTF-8 (a Latin-1 "é" pasted into a UTF-8 template): the rest must stay UTF-8.
BROKEN_BYTE = b"caf\xe9"
_WBITS = {"gzip": 31, "deflate": 15, "raw-deflate": -15}
_HEADER_NAME = {"raw-deflate": "deflate"}


@functools.lru_cache(maxsize=32)
def encoded(kind: str, mib: int, codings: tuple[str, ...]) -> bytes:
    """`mib` MiB of the letter a (kind "filler") or the page, under each coding in turn (unknown ones add
    nothing). A bomb's first layer is built a MiB at a time, so the server never holds the bomb itself."""
    layers = [c for c in codings if c in _WBITS]
    if kind == "filler" and layers:
        packer = zlib.compressobj(9, zlib.DEFLATED, _WBITS[layers.pop(0)])
        filler = b"a" * MIB
        data = b"".join(packer.compress(filler) for _ in range(mib)) + packer.flush()
    else:
        data = b"a" * (mib * MIB) if kind == "filler" else PAGE
    for coding in layers:
        packer = zlib.compressobj(9, zlib.DEFLATED, _WBITS[coding])
        data = packer.compress(data) + packer.flush()
    return data


def euro_feed() -> bytes:
    item = (
        f"<item><title>Prices: {EURO_TEXT}</title><link>http://news.example/prices</link>"
        f"<guid>prices-1</guid><description>{EURO_TEXT} Le </description></item>"
    )
    body = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Prices</title>'
        f"<link>http://news.example/</link>{item}</channel></rss>"
    ).encode()
    return body.replace(b" Le ", b" Le " + BROKEN_BYTE + b" ", 1)


def euro_page() -> bytes:
    paragraphs = "".join(f"<p>{EURO_TEXT} Paragraph {n} of the market report.</p>" for n in range(12))
    body = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Prices at the pump</title></head>"
        f"<body><article><h1>Prices at the pump</h1>{paragraphs}<p>Le END</p></article></body></html>"
    ).encode()
    return body.replace(b"Le END", b"Le " + BROKEN_BYTE + b" END", 1)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        try:
            self._route(parts.path, query)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _route(self, path: str, query: dict[str, str]) -> None:
        codings = tuple(c.strip() for c in query.get("encoding", "").split(",") if c.strip())
        header = ", ".join(_HEADER_NAME.get(c, c) for c in codings)
        if path == "/bomb":
            body = encoded("filler", int(query.get("mib", "1024")), codings)
            return self._send(body, "text/html; charset=utf-8", header)
        if path == "/page":
            return self._send(encoded("page", 0, codings), "text/html; charset=utf-8", header)
        if path == "/mislabelled":  # says gzip, sends the page as it is
            return self._send(PAGE, "text/html; charset=utf-8", "gzip")
        if path in {"/identity", "/chunked", "/close"}:
            return self._stream(int(float(query.get("mb", "50")) * 1_000_000), path.removeprefix("/"))
        if path == "/euro/feed":
            return self._send(euro_feed(), "application/rss+xml", "")
        if path == "/euro/page":
            return self._send(euro_page(), "text/html; charset=utf-8", "")
        self.send_error(404)

    def _send(self, body: bytes, content_type: str, content_encoding: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if content_encoding:
            self.send_header("Content-Encoding", content_encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, total: int, framing: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if framing == "identity":
            self.send_header("Content-Length", str(total))
        elif framing == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>"
        sent = 0
        while sent < total:
            piece = chunk[: total - sent]
            if framing == "chunked":
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
            sent += len(piece)
        if framing == "chunked":
            self.wfile.write(b"0\r\n\r\n")


class HostileBodyServer:
    """`HostileBodyServer().start()` runs the server in a child process; `.base_url`; `.stop()`."""

    def __init__(self) -> None:
        self.base_url = ""
        self._process: subprocess.Popen[str] | None = None

    def start(self) -> HostileBodyServer:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.servers.hostile_bodies"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        self.base_url = self._process.stdout.readline().strip()
        if not self.base_url.startswith("http://"):
            self.stop()
            raise RuntimeError("the hostile body server did not start")
        return self

    def stop(self) -> None:
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.close()  # the server exits when its stdin closes (also when we are killed)
            self._process.wait(timeout=10)
            self._process = None

    def __enter__(self) -> HostileBodyServer:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def serve(stdin: IO[str], stdout: IO[str]) -> None:
    """Serve on an ephemeral port of 127.0.0.1; print the base URL once listening; stop when stdin closes."""
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    print(f"http://127.0.0.1:{httpd.server_address[1]}", file=stdout, flush=True)
    stdin.read()
    httpd.shutdown()


if __name__ == "__main__":
    serve(sys.stdin, sys.stdout)
