"""Response bodies decoded by us (gzip, deflate), with the size limit applied to every byte, in and out.

httpx's own decoders inflate each network chunk whole and stack as many layers as the server names: a
1.8 KB body sent as `Content-Encoding: gzip, gzip` became 1 GiB before the fetcher could count a byte.
Here the raw bytes are counted, one layer at most is accepted (no real server stacks them), and the
decompressor hands back at most `STEP` bytes at a time, so a body never holds more than its limit plus
one step. Only codings decoded this way are offered in Accept-Encoding; brotli and zstd are not (no
decoder is installed that takes an output cap).
"""

from __future__ import annotations

import io
import zlib

ACCEPT_ENCODING = "gzip, deflate"
STEP = 64 * 1024  # the most one decompression call hands back
_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16}


class LimitExceeded(Exception):
    """The body, compressed or decoded, passed the limit."""


class EncodingRefused(Exception):
    """The body is coded in a way we will not decode: stacked or unknown codings, or corrupt data."""


class BoundedBody:
    """One response body: feed it the raw chunks, then read `content()`.

    Raises LimitExceeded as soon as the raw or the decoded bytes pass `limit`, and EncodingRefused for a
    coding it does not decode (already in the constructor, before any byte is read)."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        self._limit = limit
        self._received = 0
        self._body = io.BytesIO()
        self._coding = _single_coding(content_encoding)
        self._inflater: zlib._Decompress | None = None
        self._head = b""  # the first bytes of a deflate body, until they tell zlib-wrapped from raw
        if self._coding in _WBITS:
            self._inflater = zlib.decompressobj(_WBITS[self._coding])

    def feed(self, chunk: bytes) -> None:
        self._received += len(chunk)
        if self._received > self._limit:
            raise LimitExceeded
        if self._coding == "identity":
            self._keep(chunk)
            return
        if self._inflater is None:  # deflate: RFC 9110 says zlib-wrapped, some servers send it raw
            self._head += chunk
            if len(self._head) < 2:
                return
            chunk, self._head = self._head, b""
            self._inflater = zlib.decompressobj(zlib.MAX_WBITS if _zlib_header(chunk) else -zlib.MAX_WBITS)
        self._inflate(chunk)

    def content(self) -> bytes:
        """The decoded body (a stream cut short keeps what arrived, as browsers do)."""
        if self._head:
            raise EncodingRefused(f"a {len(self._head)}-byte deflate body")
        return self._body.getvalue()

    def _inflate(self, data: bytes) -> None:
        inflater = self._inflater
        assert inflater is not None
        while not inflater.eof:  # bytes after the end of the stream are ignored
            try:
                piece = inflater.decompress(data, STEP)
            except zlib.error as exc:
                raise EncodingRefused(f"corrupt {self._coding} data ({exc})") from exc
            self._keep(piece)
            data = inflater.unconsumed_tail
            if not data and len(piece) < STEP:  # all input used and no output left inside
                return

    def _keep(self, piece: bytes) -> None:
        if self._body.tell() + len(piece) > self._limit:
            raise LimitExceeded
        self._body.write(piece)


def _single_coding(header: str) -> str:
    """The one content coding a Content-Encoding header names ("identity" for none)."""
    codings = [c.strip().lower() for c in header.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if len(codings) > 1:
        raise EncodingRefused(f"{len(codings)} stacked content codings ({_shown(header)})")
    if not codings:
        return "identity"
    if codings[0] not in {*_WBITS, "deflate"}:
        raise EncodingRefused(f"the content coding {_shown(codings[0])}")
    return codings[0]


def _zlib_header(data: bytes) -> bool:
    """RFC 1950: compression method 8 in the low nibble, and the first two bytes a multiple of 31."""
    return data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _shown(text: str) -> str:
    return repr(text if len(text) <= 80 else text[:80] + "…")
