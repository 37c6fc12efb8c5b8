"""Telegram's HTML parse mode: spans of plain text, escaping, UTF-16 lengths, and splitting to fit a message.

Text from the web is plain text until the last step: a message is built from lines of `Span`s (plain
text plus one style), split on paragraph, sentence and word boundaries while it is still plain, and only
then escaped and wrapped in tags. So a split can never fall inside a tag, an escape (`&amp;`) or a
surrogate pair, and the length Telegram counts (UTF-16 code units of the text after entity parsing) is
the length measured here. The layouts built from these pieces are in bot.telegram.render.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_MESSAGE_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024

_STYLES = frozenset({"b", "i", "u", "s", "code"})
_BREAKS = (
    re.compile(r"\n[^\S\n]*\n\s*"),  # paragraphs
    re.compile(r"\n\s*"),  # lines
    re.compile(r"(?<=[.!?…。！？])[\"'”’»)\]]*\s+"),  # sentences
    re.compile(r"\s+"),  # words
)
_ZWJ = "\u200d"
_TELEGRAM_TAG = re.compile(
    r"</?(?:b|strong|i|em|u|ins|s|strike|del|tg-spoiler|span|a|code|pre|blockquote|tg-emoji)(?:\s[^<>]*)?>",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Span:
    """A run of plain text with at most one style and an optional http(s) link."""

    text: str
    style: str | None = None  # one of b, i, u, s, code
    href: str | None = None

    def __post_init__(self) -> None:
        if self.style is not None and self.style not in _STYLES:
            raise ValueError(f"unsupported style {self.style!r}")

    def to_html(self) -> str:
        inner = escape(self.text)
        if self.href:
            inner = f'<a href="{escape(self.href)}">{inner}</a>'
        if self.style:
            inner = f"<{self.style}>{inner}</{self.style}>"
        return inner


Line = tuple[Span, ...]


# -- text measures and escaping ----------------------------------------------------------------------


def escape(text: str) -> str:
    """Escape the four characters Telegram's HTML mode reserves; everything else passes as it is."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def utf16_len(text: str) -> int:
    """The length Telegram counts: characters outside the BMP (most emoji) are two code units."""
    return len(text.encode("utf-16-le")) // 2


def to_plain_text(message_html: str) -> str:
    """The text of a message without its markup, for resending when Telegram "can't parse entities".

    Only tag shapes Telegram knows are removed, so a stray `<` in the text survives; the result is never
    longer than what Telegram would have counted for the HTML.
    """
    return html.unescape(_TELEGRAM_TAG.sub("", message_html))


def is_web_url(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut on a word when one is near, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:–—-") + "…"


# -- splitting plain text ----------------------------------------------------------------------------


def split_plain_text(text: str, limit: int = MAX_MESSAGE_UTF16) -> list[str]:
    """Pieces of at most `limit` UTF-16 units: cut between paragraphs, then lines, sentences, words."""
    return [text[a:b] for a, b in _split_ranges(text, limit)]


def _split_ranges(text: str, limit: int) -> list[tuple[int, int]]:
    ranges = _pieces(text, 0, len(text), limit, 0)
    trimmed = []
    for start, end in ranges:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append((start, end))
    return trimmed


def _pieces(text: str, start: int, end: int, limit: int, level: int) -> list[tuple[int, int]]:
    if utf16_len(text[start:end].strip()) <= limit:
        return [(start, end)]
    if level == len(_BREAKS):
        return _hard_cut(text, start, end, limit)
    cuts = [m.end() for m in _BREAKS[level].finditer(text, start, end) if start < m.end() < end]
    if not cuts:
        return _pieces(text, start, end, limit, level + 1)
    out: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for a, b in zip([start, *cuts], [*cuts, end], strict=True):
        if current is not None and utf16_len(text[current[0] : b].strip()) <= limit:
            current = (current[0], b)
            continue
        if current is not None:
            out.append(current)
            current = None
        if utf16_len(text[a:b].strip()) <= limit:
            current = (a, b)
        else:
            out.extend(_pieces(text, a, b, limit, level + 1))
    if current is not None:
        out.append(current)
    return out


def _hard_cut(text: str, start: int, end: int, limit: int) -> list[tuple[int, int]]:
    """A word longer than a message: cut between characters, keeping emoji sequences whole if possible."""
    out = []
    a = start
    while a < end:
        units, b = 0, a
        while b < end and units + utf16_len(text[b]) <= limit:
            units += utf16_len(text[b])
            b += 1
        if b < end:
            b = _cluster_boundary(text, a, b)
        out.append((a, b))
        a = b
    return out


def _cluster_boundary(text: str, start: int, cut: int) -> int:
    """Move a cut back so it falls between user-perceived characters (not before a ZWJ or a mark)."""
    b = cut
    while b > start + 1 and (_joins_previous(text[b]) or text[b - 1] == _ZWJ):
        b -= 1
    return b if b > start else cut


def _joins_previous(char: str) -> bool:
    return (
        char == _ZWJ
        or unicodedata.category(char) in ("Mn", "Me", "Mc")
        or "\ufe00" <= char <= "\ufe0f"
        or "\U0001f3fb" <= char <= "\U0001f3ff"  # skin tones
        or "\U000e0020" <= char <= "\U000e007f"  # tag characters of flag sequences
    )


# -- lines to messages -------------------------------------------------------------------------------


def line_text(line: Line) -> str:
    return "".join(span.text for span in line)


def line_html(line: Line) -> str:
    return "".join(span.to_html() for span in line if span.text)


def split_line(line: Line, limit: int = MAX_MESSAGE_UTF16) -> list[Line]:
    """A line too long for one message, cut on its plain text, each piece keeping its spans' styles."""
    text = line_text(line)
    if utf16_len(text) <= limit:
        return [line]
    return [_slice(line, a, b) for a, b in _split_ranges(text, limit)]


def _slice(line: Line, start: int, end: int) -> Line:
    out = []
    offset = 0
    for span in line:
        a, b = max(start, offset), min(end, offset + len(span.text))
        if a < b:
            out.append(Span(span.text[a - offset : b - offset], span.style, span.href))
        offset += len(span.text)
    return tuple(out)


def pack_lines(lines: Iterable[Line], limit: int = MAX_MESSAGE_UTF16) -> list[str]:
    """Messages of whole lines joined by newlines, each within `limit` UTF-16 units of visible text.

    An empty line is a paragraph break; it is dropped at the start and end of a message.
    """
    messages: list[str] = []
    current: list[Line] = []
    used = 0

    def flush() -> None:
        nonlocal current, used
        while current and not line_text(current[-1]).strip():
            current.pop()
        if current:
            messages.append("\n".join(line_html(line) for line in current))
        current, used = [], 0

    for line in lines:
        for piece in split_line(line, limit):
            size = utf16_len(line_text(piece))
            if current and used + 1 + size > limit:
                flush()
            if not current and not line_text(piece).strip():
                continue
            used += size + (1 if current else 0)
            current.append(piece)
    flush()
    return messages


def render_text(text: str, limit: int = MAX_MESSAGE_UTF16) -> list[str]:
    """Plain text (e.g. an error or a help page) as escaped messages within the limit."""
    return pack_lines(((Span(line),) for line in text.split("\n")), limit)
