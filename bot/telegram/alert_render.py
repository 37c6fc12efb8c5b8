"""The follow alert's message: why it came ("You follow Vladimir Putin"), the report, the story's later
reports as "also reported by", and a button to mute that follow. Pure: an AlertView in, HTML out."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.delivery.alerts import AlertView
from bot.delivery.layout import LaidOutMessage
from bot.i18n import Translator
from bot.redact import mask_urls
from bot.telegram.html import Line, Span, fit_lines, is_web_url, pack_lines, shorten
from bot.telegram.keyboards import follow_mute_markup

NAME_CHARS = 60
TITLE_CHARS = 300
SITE_CHARS = 80
SENTENCE_CHARS = 600
ALSO_REPORTED_LINKS = 5


def follow_alert(view: AlertView, t: Translator) -> LaidOutMessage:
    name = shorten(view.name, NAME_CHARS)
    lines: list[Line] = [
        tuple(
            piece if isinstance(piece, Span) else Span(str(piece))
            for piece in t.pieces("🔔 You follow {name}", name=Span(name, "b"))
        ),
        (),
    ]
    title = shorten(view.title or "", TITLE_CHARS) or shorten(mask_urls(view.url or ""), TITLE_CHARS)
    lines.append((Span(title or t._("Untitled"), "b", view.url if is_web_url(view.url) else None),))
    site = view.source or host(view.url)
    if site:
        lines.append((Span(shorten(site, SITE_CHARS), "i"),))
    if view.sentence:
        lines.append((Span(shorten(view.sentence, SENTENCE_CHARS)),))
    if view.also:
        lines.append(())
        lines.append(_also_reported(view, t))
    text = pack_lines(fit_lines(lines))[0]
    markup = follow_mute_markup(view.follow_id, view.name, t) if view.follow_id is not None else None
    return LaidOutMessage(text, markup)


def _also_reported(view: AlertView, t: Translator) -> Line:
    return also_reported_line(
        [
            (other.source or host(other.url) or other.title or t._("another source"), other.url)
            for other in view.also
        ],
        t,
    )


def also_reported_line(
    reports: Sequence[tuple[str, str | None]], t: Translator, *, chars: int = SITE_CHARS
) -> Line:
    """ "Also reported by: A, B and 3 more", each name once: two reports of one site read as one name."""
    seen: dict[str, str | None] = {}
    for name, url in reports:
        seen.setdefault(shorten(name, chars), url)
    spans: list[Span] = [Span(t._("Also reported by:") + " ", "i")]
    for n, (label, url) in enumerate(list(seen.items())[:ALSO_REPORTED_LINKS]):
        if n:
            spans.append(Span(", "))
        spans.append(Span(label, None, url if is_web_url(url) else None))
    extra = len(seen) - ALSO_REPORTED_LINKS
    if extra > 0:
        spans.append(Span(" " + t.ngettext("and {n} more", "and {n} more", extra)))
    return tuple(spans)


def host(url: str | None) -> str | None:
    if not is_web_url(url):
        return None
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.") or None
