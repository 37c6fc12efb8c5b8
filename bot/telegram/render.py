"""Telegram messages from briefings and timelines, in HTML parse mode, split to fit Telegram's limits.

Everything here is pure: data in, message texts out. Text from the web is plain text until the last
step: a message is built from lines of `Span`s (plain text plus one style), split on paragraph, sentence
and word boundaries while it is still plain, and only then escaped and wrapped in tags. So a split can
never fall inside a tag, an escape (`&amp;`) or a surrogate pair, and the length Telegram counts (UTF-16
code units of the text after entity parsing) is the length measured here.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from summarizers.briefing import Briefing, Entity, Event
from summarizers.timeline import Timeline, TimelineEntry, TimelineSource, date_label

if TYPE_CHECKING:
    from bot.briefings import BriefedArticle
    from bot.chats import ChatSettings
    from bot.store.chats import ChatFeed
    from bot.stories import ReportedBy
    from bot.subscriptions import ImportResult, Subscribed

MAX_MESSAGE_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024
NAMES_PER_TYPE = 3  # people, organisations and places shown on the briefing's compact lines
KEY_EVENTS = 5
EVENT_TEXT_CHARS = 220  # an event's sentence is cut (on a word) to keep the dates section compact
SOURCE_TITLE_CHARS = 60
ALSO_REPORTED_LINKS = 5

_STYLES = frozenset({"b", "i", "u", "s", "code"})
_ENTITY_LABELS = (("person", "People"), ("organization", "Organisations"), ("place", "Places"))
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


# -- briefings ---------------------------------------------------------------------------------------


def render_briefing(
    briefing: Briefing, *, feed_title: str | None = None, also_reported_by: Sequence[ReportedBy] = ()
) -> list[str]:
    """A briefing as one message, or several when it is long: title, source and date, other reports of
    the same story, summary, names, key dates, and a note when the summary came from a fallback method."""
    lines: list[Line] = [_title_line(briefing.title, briefing.url)]
    byline = _byline(briefing, feed_title)
    if byline:
        lines.append((Span(byline, "i"),))
    if also_reported_by:
        lines.append(_also_reported_line(also_reported_by))
    if briefing.summary:
        lines.append(())
        lines.extend((Span("• "), Span(" ".join(s.text.split()))) for s in briefing.summary)
    names = [_names_line(briefing.entities, kind, label) for kind, label in _ENTITY_LABELS]
    names = [line for line in names if line]
    if names:
        lines.append(())
        lines.extend(names)
    events = key_events(briefing)
    if events:
        lines.append(())
        lines.append((Span("Key dates", "b"),))
        lines.extend(_event_line(event) for event in events)
    notes = _notes(briefing)
    if notes:
        lines.append(())
        lines.extend((Span(note, "i"),) for note in notes)
    return pack_lines(lines)


def _also_reported_line(others: Sequence[ReportedBy]) -> Line:
    spans: list[Span] = [Span("Also reported by: ", "i")]
    for n, other in enumerate(others[:ALSO_REPORTED_LINKS]):
        if n:
            spans.append(Span(", "))
        label = shorten(
            other.source or _host(other.url) or other.title or "another source", SOURCE_TITLE_CHARS
        )
        spans.append(Span(label, None, other.url if is_web_url(other.url) else None))
    if len(others) > ALSO_REPORTED_LINKS:
        spans.append(Span(f" and {len(others) - ALSO_REPORTED_LINKS} more"))
    return tuple(spans)


def key_events(briefing: Briefing, limit: int = KEY_EVENTS) -> list[Event]:
    """The events worth a line: those the summary mentions and those dated to the day first, in date order."""
    summary = " ".join(s.text for s in briefing.summary)
    finest = {"day": 0, "month": 1, "year": 2}
    seen: set[tuple[str, str | None]] = set()
    unique = []
    for event in briefing.events:
        if (event.date, event.end) not in seen:
            seen.add((event.date, event.end))
            unique.append(event)
    ranked = sorted(
        range(len(unique)),
        key=lambda i: (unique[i].text not in summary, finest.get(unique[i].granularity, 3), i),
    )
    chosen = sorted(ranked[:limit])
    return [unique[i] for i in chosen]


def _title_line(title: str | None, url: str | None) -> Line:
    text = " ".join((title or "").split()) or (url or "Untitled")
    return (Span(text, "b", url if is_web_url(url) else None),)


def _byline(briefing: Briefing, feed_title: str | None) -> str:
    site = briefing.source or feed_title or _host(briefing.url)
    parts = [part for part in (site,) if part]
    if briefing.published:
        label = date_label(briefing.published.isoformat())
        parts.append(f"{label} (inferred)" if briefing.published_inferred else label)
    return " · ".join(" ".join(p.split()) for p in parts)


def _host(url: str | None) -> str | None:
    if not is_web_url(url):
        return None
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.") or None


def _names_line(entities: Sequence[Entity], kind: str, label: str) -> Line:
    names = [" ".join(e.name.split()) for e in entities if e.type == kind][:NAMES_PER_TYPE]
    if not names:
        return ()
    return (Span(f"{label}: ", "b"), Span(", ".join(names)))


def _event_line(event: Event | TimelineEntry) -> Line:
    return (Span(date_label(event.date, event.end), "b"), Span(" — " + shorten(event.text, EVENT_TEXT_CHARS)))


def _notes(briefing: Briefing) -> list[str]:
    notes = []
    if briefing.method != "default":
        notes.append(f"Summary method: {briefing.method}.")
    notes.extend(f"Note: {note}." if not note.endswith(".") else f"Note: {note}" for note in briefing.notes)
    return notes


# -- timelines ---------------------------------------------------------------------------------------


def render_timeline(timeline: Timeline) -> list[str]:
    """A timeline in date order: each entry's date, its sentence and links to the articles reporting it."""
    heading = f"Timeline: {' '.join(timeline.query.split())}" if timeline.query else "Timeline"
    lines: list[Line] = [(Span(heading, "b"),)]
    if not timeline.entries:
        lines.append((Span("No dated events found in the stored articles."),))
        return pack_lines(lines)
    for entry in timeline.entries:
        lines.append(())
        line = list(_event_line(entry))
        if entry.expected:
            line.insert(1, Span(" (scheduled)", "i"))
        lines.append(tuple(line))
        if entry.sources:
            lines.append(_sources_line(entry.sources))
    return pack_lines(lines)


def _sources_line(sources: Sequence[TimelineSource]) -> Line:
    spans: list[Span] = [Span("↳ ")]
    for n, source in enumerate(sources):
        if n:
            spans.append(Span(", "))
        title = shorten(source.title or _host(source.url) or "source", SOURCE_TITLE_CHARS)
        spans.append(Span(title, None, source.url if is_web_url(source.url) else None))
    return tuple(spans)


# -- the bot's replies -------------------------------------------------------------------------------


def stored_briefing(item: BriefedArticle) -> list[str]:
    return render_briefing(item.briefing, feed_title=item.feed_title, also_reported_by=item.also_reported_by)


def subscribed(result: Subscribed) -> str:
    lines: list[Line] = [
        (
            Span("Subscribed to " if result.new else "You were already subscribed to "),
            Span(result.title, "b", result.url if is_web_url(result.url) else None),
            Span("."),
        ),
    ]
    if result.newest_headline:
        link = result.newest_link if is_web_url(result.newest_link) else None
        lines.append((Span("Newest: "), Span(shorten(result.newest_headline, 200), None, link)))
    lines.append((Span("New articles will come in your digest; /summary shows the newest now."),))
    return pack_lines(lines)[0]


def feed_list(feeds: Sequence[ChatFeed]) -> list[str]:
    """Each feed with its status: working, failing since…, or deactivated because…."""
    if not feeds:
        return render_text("You have no subscriptions yet. /subscribe URL adds one.")
    lines: list[Line] = [(Span(f"Your feeds ({len(feeds)})", "b"),)]
    for item in feeds:
        feed = item.feed
        status = feed_status(
            feed.deactivated_at,
            feed.deactivation_reason,
            feed.failing_since,
            feed.last_error,
            feed.last_polled_at,
        )
        muted = " (muted)" if item.muted else ""
        lines.append((Span("• "), Span(feed.title or feed.url, None, feed.url), Span(f"{muted} — {status}")))
    return pack_lines(lines)


def feed_status(
    deactivated_at: dt.datetime | None,
    reason: str | None,
    failing_since: dt.datetime | None,
    last_error: str | None,
    last_polled_at: dt.datetime | None,
) -> str:
    if deactivated_at is not None:
        return f"deactivated on {deactivated_at:%d %b %Y} because {reason or 'it kept failing'}"
    if failing_since is not None:
        return f"failing since {failing_since:%d %b %Y %H:%M} UTC ({last_error or 'unknown error'})"
    if last_polled_at is None:
        return "waiting for its first check"
    return "working"


def import_result(result: ImportResult) -> str:
    lines: list[Line] = [
        (
            Span("OPML import done: ", "b"),
            Span(f"{result.added} added, {result.already} already there, {len(result.failed)} failed."),
        )
    ]
    for url, reason in result.failed[:10]:
        lines.append((Span("• "), Span(shorten(url, 80)), Span(f": {shorten(reason, 160)}")))
    if len(result.failed) > 10:
        lines.append((Span(f"… and {len(result.failed) - 10} more."),))
    return pack_lines(lines)[0]


def chart_caption(timeline: Timeline) -> str:
    """At most 1024 UTF-16 units, the caption limit."""
    first, last = timeline.entries[0], timeline.entries[-1]
    text = (
        f"Timeline of {timeline.query}: {len(timeline.entries)} dated events, "
        f"{first.label()} to {last.label()}."
    )
    return escape(shorten(text, MAX_CAPTION_UTF16))


def chat_settings(current: ChatSettings) -> str:
    lines: list[Line] = [
        (Span("Settings", "b"),),
        (
            Span("Digest: "),
            Span(f"{current.cadence} at {', '.join(current.digest_times)} ({current.timezone})"),
        ),
        (Span("Summary length: "), Span(f"{current.summary_length} sentences")),
        (Span("Language: "), Span(current.language)),
    ]
    return pack_lines(lines)[0]


def welcome_back(resumed: int) -> str:
    """For a chat that had blocked or removed the bot and is back, with `resumed` feeds on again."""
    feeds = "subscription is" if resumed == 1 else "subscriptions are"
    return (
        f"<b>Welcome back.</b> Your {resumed} {feeds} on again, and your next digest starts from today's "
        "news. /feeds shows them."
    )
