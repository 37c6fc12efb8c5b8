"""Read one article SOURCE for the CLI: an http(s) URL, an .html/.htm file, a text file, or '-' (stdin)."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path

from bot.errors import UserFacingError
from bot.ingest.fetcher import Fetcher, FetchError, FetchResult
from bot.settings import Settings
from summarizers import decode_html

MAX_FILE_BYTES = 20_000_000  # larger files are refused; the engine truncates long text itself


class SourceError(UserFacingError):
    """The source cannot be read; the message is one line a user can read."""


@dataclass(frozen=True, slots=True)
class SourceDocument:
    content: bytes
    is_html: bool
    url: str | None = None
    charset: str | None = None  # from the HTTP Content-Type, when fetched

    def text(self) -> str:
        return decode_html(self.content, self.charset)


def read_source(source: str, settings: Settings) -> SourceDocument:
    if source.startswith(("http://", "https://")):
        return _read_url(source, settings)
    if source == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        return _checked(data, is_html=_sniff_html(data), name="standard input")
    path = Path(source)
    if not path.is_file():
        raise SourceError("no such file (give an http(s) URL, a file, or - for standard input)")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SourceError(f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    data = path.read_bytes()
    is_html = path.suffix.lower() in {".html", ".htm"} or _sniff_html(data)
    return _checked(data, is_html=is_html, name=path.name)


def _read_url(url: str, settings: Settings) -> SourceDocument:
    """Fetch through the guarded fetcher (SSRF guard, size limit, content types); for sync callers only."""
    try:
        result = asyncio.run(_fetch(url, settings))
    except FetchError as exc:
        raise SourceError(exc.detail) from exc
    return _checked(
        result.content,
        is_html="html" in result.media_type or _sniff_html(result.content),
        name=url,
        url=result.url,
        charset=result.charset,
    )


async def _fetch(url: str, settings: Settings) -> FetchResult:
    async with Fetcher(settings) as fetcher:
        return await fetcher.fetch(url)


def _checked(
    data: bytes, *, is_html: bool, name: str, url: str | None = None, charset: str | None = None
) -> SourceDocument:
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(f"{name} is larger than {MAX_FILE_BYTES // 1_000_000} MB")
    if not data.strip():
        raise SourceError("it is empty")
    if data.startswith(b"%PDF-"):
        raise SourceError("PDF files are not supported; give the article's web page or its text")
    if b"\x00" in data[:4096]:
        raise SourceError("this is binary data, not text or HTML")
    return SourceDocument(data, is_html, url, charset)


def _sniff_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head or b"<head" in head
