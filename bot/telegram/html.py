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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_MESSAGE_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024
MAX_LINK_CHARS = 2048  # a longer URL is shown as plain text, not a link (the usual limit of browsers)
MIN_CUT_UNITS = 24  # a line is cut to fit only when this much of it can be shown; else it is dropped

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
        if self.href and len(self.href) <= MAX_LINK_CHARS:
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
    if limit < 2:
        raise ValueError(f"a limit of {limit} UTF-16 units cannot hold a character outside the BMP")
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


def fit_lines(lines: Iterable[Line], limit: int = MAX_MESSAGE_UTF16) -> list[Line]:
    """The lines that fit in one message of `limit` units: whole lines while they fit, then the first
    that does not, cut on a word with an ellipsis (when at least MIN_CUT_UNITS of it fit); the rest are
    dropped. How an item (a briefing, a digest entry) is kept to one message, whatever its fields hold."""
    out: list[Line] = []
    used = 0
    for line in lines:
        if not out and not line_text(line).strip():
            continue
        separator = 1 if out else 0
        size = utf16_len(line_text(line))
        if used + separator + size <= limit:
            out.append(line)
            used += separator + size
            continue
        room = limit - used - separator
        if room >= MIN_CUT_UNITS:
            out.append(cut_line(line, room))
        break
    while out and not line_text(out[-1]).strip():
        out.pop()
    return out


def cut_line(line: Line, limit: int) -> Line:
    """The start of `line` within `limit` UTF-16 units, cut between words where it can be, with "…"."""
    text = line_text(line)
    if utf16_len(text) <= limit:
        return line
    head = _slice(line, 0, min(len(text), limit))  # nothing past `limit` characters can fit anyway
    pieces = split_line(head, limit - 1)
    if not pieces:  # only spaces fit
        return (Span("…"),)
    last = pieces[0][-1]
    return (*pieces[0], Span("…", last.style, last.href))


def pack_blocks(blocks: Iterable[Sequence[Line]], limit: int = MAX_MESSAGE_UTF16) -> list[str]:
    """Messages of whole blocks (the lines of one item): a block never spans two messages; one longer
    than a message is cut to fit by fit_lines. A block's leading empty lines separate it from the one
    before and are dropped at the start of a message."""
    return [text for text, _ in pack_blocks_placed(blocks, limit)]


def pack_blocks_placed(
    blocks: Iterable[Sequence[Line]], limit: int = MAX_MESSAGE_UTF16
) -> list[tuple[str, list[int]]]:
    """pack_blocks, each message with the indexes of the blocks it holds (for buttons under it)."""
    messages: list[tuple[str, list[int]]] = []
    current: list[Line] = []
    placed: list[int] = []
    used = 0

    def flush() -> None:
        while current and not line_text(current[-1]).strip():
            current.pop()
        if current:
            messages.append(("\n".join(line_html(line) for line in current), list(placed)))

    for index, block in enumerate(blocks):
        lines = list(block)
        if current:
            size = utf16_len("\n".join(line_text(line) for line in lines))
            if used + 1 + size <= limit:
                current.extend(lines)
                placed.append(index)
                used += 1 + size
                continue
            flush()
        current = fit_lines(lines, limit)
        placed = [index]
        used = utf16_len("\n".join(line_text(line) for line in current))
    flush()
    return messages


def render_text(text: str, limit: int = MAX_MESSAGE_UTF16) -> list[str]:
    """Plain text (e.g. an error or a help page) as escaped messages within the limit."""
    return pack_lines(((Span(line),) for line in text.split("\n")), limit)
