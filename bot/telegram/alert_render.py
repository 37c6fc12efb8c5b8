"""The follow alert's message: why it came ("You follow Vladimir Putin"), the report, the story's later
reports as "also reported by", and a button to mute that follow. Pure: an AlertView in, HTML out."""

from __future__ import annotations

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
    site = view.source or _host(view.url)
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
    spans: list[Span] = [Span(t._("Also reported by:") + " ", "i")]
    for n, other in enumerate(view.also[:ALSO_REPORTED_LINKS]):
        if n:
            spans.append(Span(", "))
        label = shorten(other.source or _host(other.url) or other.title or t._("another source"), SITE_CHARS)
        spans.append(Span(label, None, other.url if is_web_url(other.url) else None))
    extra = len(view.also) - ALSO_REPORTED_LINKS
    if extra > 0:
        spans.append(Span(" " + t.ngettext("and {n} more", "and {n} more", extra)))
    return tuple(spans)


def _host(url: str | None) -> str | None:
    if not is_web_url(url):
        return None
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.") or None
