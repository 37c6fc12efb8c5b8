"""Every message layout the bot sends: briefings, timelines, digests and the bot's replies, as HTML.

Pure: data in, message texts out. Layouts are lines of `Span`s packed into messages by bot.telegram.html,
which escapes everything from the web and keeps each message within Telegram's limits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bot.delivery.digest import Digest, DigestItem
from bot.delivery.layout import DigestSlot, LaidOutMessage
from bot.errors import quoted
from bot.i18n import translator
from bot.redact import hide_urls, mask_urls
from bot.telegram import reader_notes, texts
from bot.telegram.html import (
    MAX_CAPTION_UTF16,
    Line,
    Span,
    escape,
    fit_lines,
    is_web_url,
    pack_blocks,
    pack_lines,
    render_text,
    shorten,
    to_plain_text,
)
from bot.telegram.keyboards import DIGEST_MORE, encode_callback, preview_label
from summarizers.briefing import Briefing, Entity, Event
from summarizers.timeline import Timeline, TimelineEntry, TimelineSource, date_label

if TYPE_CHECKING:
    from bot.briefings import BriefedArticle
    from bot.chats import ChatSettings
    from bot.store.chats import ChatFeed
    from bot.stories import ReportedBy
    from bot.subscriptions import ImportResult, Subscribed

NAMES_PER_TYPE = 3  # people, organisations and places shown on the briefing's compact lines
KEY_EVENTS = 5
EVENT_TEXT_CHARS = 220  # an event's sentence is cut (on a word) to keep the dates section compact
EVENT_LABEL_CHARS = 90  # a timeline entry without a label of its own shows its sentence cut to this
SOURCE_TITLE_CHARS = 60
# Every field an item shows is cut to these (stored rows may hold anything), and the item as a whole to
# one message (html.fit_lines): no item ever spans two messages, however long its fields are.
TITLE_CHARS = 300
SITE_CHARS = 80  # a source or feed name
SENTENCE_CHARS = 600  # one summary sentence
NAME_CHARS = 60  # one entity name
LABEL_CHARS = 120  # a date label, a timeline entry's label, a method name
NOTE_CHARS = 200
NOTES = 3
KEY_NAMES = 5
TIMELINE_SOURCES = 8
STATUS_CHARS = 200  # a feed's last error or deactivation reason
ALSO_REPORTED_LINKS = 5
DIGEST_SENTENCES = 3
SENTENCE_BUDGET_CHARS = 420  # past two digest sentences, a third is added only while under this
MORE_ACTION = DIGEST_MORE  # callback data of a digest's "+M more" button: dgmore:<digest run id>
_ENTITY_LABELS = (("person", "people"), ("organization", "organisations"), ("place", "places"))  # texts keys


# -- briefings ---------------------------------------------------------------------------------------


def render_briefing(
    briefing: Briefing,
    *,
    feed_title: str | None = None,
    also_reported_by: Sequence[ReportedBy] = (),
    language: str = reader_notes.DEFAULT_LANGUAGE,
    sentences: int | None = None,
    story_dates: Sequence[TimelineEntry] = (),
) -> list[str]:
    """A briefing as one message, or several when it is long: title, source and date, other reports of
    the same story, summary (its first `sentences`, the chat's summary length), names (or, in the reader's
    `language`, why there are none), key dates (`story_dates`, the story's events merged across its
    reports, when given; else the article's own), and a note when the summary came from a fallback
    method. Labels are in `language` where bot.telegram.texts has it."""
    lines: list[Line] = [_title_line(briefing.title, briefing.url)]
    byline = shorten(_byline(briefing, feed_title, language), SITE_CHARS + 40)
    if byline:
        lines.append((Span(byline, "i"),))
    if also_reported_by:
        lines.append(_also_reported_line(also_reported_by, language))
    if briefing.summary:
        lines.append(())
        lines.extend(
            (Span("• "), Span(shorten(s.text, SENTENCE_CHARS))) for s in briefing.summary[:sentences]
        )
    names = [_names_line(briefing.entities, kind, texts.text(key, language)) for kind, key in _ENTITY_LABELS]
    names = [line for line in names if line]
    missing = reader_notes.entities_note(briefing, language)
    if names or missing:
        lines.append(())
        lines.extend(names)
        if missing:  # no names at all, or places only (the gazetteer's): say what is missing
            lines.append((Span(missing, "i"),))
    events: Sequence[Event | TimelineEntry] = story_dates or key_events(briefing)
    if events:
        lines.append(())
        lines.append((Span(texts.text("key_dates", language), "b"),))
        lines.extend(_event_line(event) for event in events)
    notes = _notes(briefing, language)
    if notes:
        lines.append(())
        lines.extend((Span(note, "i"),) for note in notes)
    return pack_lines(fit_lines(lines))


def _also_reported_line(others: Sequence[ReportedBy], language: str | None = None) -> Line:
    spans: list[Span] = [Span(texts.text("also_reported", language), "i")]
    for n, other in enumerate(others[:ALSO_REPORTED_LINKS]):
        if n:
            spans.append(Span(", "))
        label = shorten(
            other.source or _host(other.url) or other.title or "another source", SOURCE_TITLE_CHARS
        )
        spans.append(Span(label, None, other.url if is_web_url(other.url) else None))
    if len(others) > ALSO_REPORTED_LINKS:
        spans.append(Span(texts.text("and_more", language, n=len(others) - ALSO_REPORTED_LINKS)))
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
    text = shorten(title or "", TITLE_CHARS) or shorten(mask_urls(url or ""), TITLE_CHARS) or "Untitled"
    return (Span(text, "b", url if is_web_url(url) else None),)


def _byline(briefing: Briefing, feed_title: str | None, language: str | None = None) -> str:
    site = briefing.source or feed_title or _host(briefing.url)
    parts = [shorten(site, SITE_CHARS)] if site else []
    if briefing.published:
        label = date_label(briefing.published.isoformat())
        parts.append(texts.text("inferred", language, date=label) if briefing.published_inferred else label)
    return " · ".join(" ".join(p.split()) for p in parts)


def _host(url: str | None) -> str | None:
    if not is_web_url(url):
        return None
    host = urlsplit(url or "").hostname or ""
    return host.removeprefix("www.") or None


def _names_line(entities: Sequence[Entity], kind: str, label: str) -> Line:
    names = [shorten(e.name, NAME_CHARS) for e in entities if e.type == kind][:NAMES_PER_TYPE]
    if not names:
        return ()
    return (Span(f"{label}: ", "b"), Span(", ".join(names)))


def _event_line(event: Event | TimelineEntry) -> Line:
    return (Span(_date(event.date, event.end), "b"), Span(" — " + shorten(event.text, EVENT_TEXT_CHARS)))


def _date(date: str, end: str | None = None) -> str:
    """The date's label; a stored value that is not an ISO date is shown as it is, cut."""
    try:
        return shorten(date_label(date, end), LABEL_CHARS)
    except (ValueError, IndexError):
        return shorten(f"{date}–{end}" if end else date, LABEL_CHARS)


def _notes(briefing: Briefing, language: str | None = None) -> list[str]:
    notes = []
    if briefing.method != "default":
        notes.append(texts.text("summary_method", language, method=shorten(briefing.method, LABEL_CHARS)))
    for note in reader_notes.other_notes(briefing)[:NOTES]:
        note = shorten(note, NOTE_CHARS)
        notes.append(texts.text("note", language, note=note if note.endswith((".", "…")) else f"{note}."))
    return notes


# -- timelines ---------------------------------------------------------------------------------------


def render_timeline(timeline: Timeline, *, full_sentences: bool = False) -> list[str]:
    """A timeline in date order: each entry's date, its short label (or its whole sentence) and links to
    the articles reporting it, where the full sentence can be read in context."""
    heading = f"Timeline: {quoted(timeline.query)}" if timeline.query else "Timeline"
    blocks: list[list[Line]] = [[(Span(heading, "b"),)]]
    if not timeline.entries:
        blocks[0].append((Span("No dated events found in the stored articles."),))
    for entry in timeline.entries:
        what = shorten(entry.text, SENTENCE_CHARS) if full_sentences else entry_label(entry)
        line = [Span(_entry_date(entry), "b"), Span(" — " + what)]
        if entry.expected:
            line.insert(1, Span(" (scheduled)", "i"))
        block: list[Line] = [(), tuple(line)]
        if entry.sources:
            block.append(_sources_line(entry.sources))
        blocks.append(block)
    return pack_blocks(blocks)


def _entry_date(entry: TimelineEntry) -> str:
    try:
        return shorten(entry.label(), LABEL_CHARS)
    except (ValueError, IndexError):
        return _date(entry.date, entry.end)


def entry_label(entry: TimelineEntry) -> str:
    """What happened, in a few words: the engine's label, else the sentence cut on a word."""
    label = shorten(entry.event_label, LABEL_CHARS)
    return label or shorten(entry.text, EVENT_LABEL_CHARS)


def _sources_line(sources: Sequence[TimelineSource]) -> Line:
    spans: list[Span] = [Span("↳ ")]
    for n, source in enumerate(sources[:TIMELINE_SOURCES]):
        if n:
            spans.append(Span(", "))
        title = shorten(source.title or _host(source.url) or "source", SOURCE_TITLE_CHARS)
        spans.append(Span(title, None, source.url if is_web_url(source.url) else None))
    if len(sources) > TIMELINE_SOURCES:
        spans.append(Span(texts.text("and_more", None, n=len(sources) - TIMELINE_SOURCES)))
    return tuple(spans)


# -- the bot's replies -------------------------------------------------------------------------------


def stored_briefing(
    item: BriefedArticle, language: str = reader_notes.DEFAULT_LANGUAGE, sentences: int | None = None
) -> list[str]:
    return render_briefing(
        item.briefing,
        feed_title=item.feed_title,
        also_reported_by=item.also_reported_by,
        language=language,
        sentences=sentences,
        story_dates=item.story_dates,
    )


def subscribed(result: Subscribed) -> str:
    lines: list[Line] = [
        (
            Span("Subscribed to " if result.new else "You were already subscribed to "),
            Span(
                shorten(mask_urls(result.title), TITLE_CHARS) or quoted(result.url),
                "b",
                _feed_href(result.url),
            ),
            Span("."),
        ),
    ]
    if result.newest_headline:
        link = result.newest_link if is_web_url(result.newest_link) else None
        lines.append((Span("Newest: "), Span(shorten(result.newest_headline, 200), None, link)))
    lines.append((Span("New articles will come in your digest; /summary shows the newest now."),))
    return pack_lines(lines)[0]


def feed_list(feeds: Sequence[ChatFeed], *, links: bool = True, language: str | None = None) -> list[str]:
    """Each feed with its status: working, failing since…, or deactivated because…. Without `links` (a
    group member who is not an admin) titles only: no address, linked or quoted, not even in an error, as
    /export gives the addresses to admins only."""
    if not feeds:
        return render_text("You have no subscriptions yet. /subscribe URL adds one.")
    lines: list[Line] = [(Span(f"Your feeds ({len(feeds)})", "b"),)]
    t = translator(language)
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
        title = shorten(feed.title or "", SITE_CHARS)
        if links:
            name, href = title or quoted(feed.url), _feed_href(feed.url)
        else:
            name, href, status = title or t._("(untitled feed)"), None, hide_urls(status)
        lines.append((Span("• "), Span(name, None, href), Span(f"{muted} — {shorten(status, STATUS_CHARS)}")))
    if not links:
        lines.append((Span(t._("The feeds' addresses are shown to this chat's administrators only."), "i"),))
    return pack_lines(lines)


def _feed_href(url: str) -> str | None:
    """A feed's link, unless its address carries a key: masked, the link would not work; whole, every
    member of the chat could read the key."""
    return url if is_web_url(url) and mask_urls(url) == url else None


def feed_status(
    deactivated_at: dt.datetime | None,
    reason: str | None,
    failing_since: dt.datetime | None,
    last_error: str | None,
    last_polled_at: dt.datetime | None,
) -> str:
    if deactivated_at is not None:
        return f"deactivated on {deactivated_at:%d %b %Y} because {mask_urls(reason or 'it kept failing')}"
    if failing_since is not None:
        return (
            f"failing since {failing_since:%d %b %Y %H:%M} UTC ({mask_urls(last_error or 'unknown error')})"
        )
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
        lines.append((Span("• "), Span(quoted(url)), Span(f": {shorten(mask_urls(reason), 160)}")))
    if len(result.failed) > 10:
        lines.append((Span(f"… and {len(result.failed) - 10} more."),))
    return pack_lines(lines)[0]


def chart_caption(timeline: Timeline) -> str:
    """At most 1024 UTF-16 units, the caption limit."""
    first, last = timeline.entries[0], timeline.entries[-1]
    text = (
        f"Timeline of {quoted(timeline.query)}: {len(timeline.entries)} dated events, "
        f"{_entry_date(first)} to {_entry_date(last)}."
    )
    return escape(shorten(text, MAX_CAPTION_UTF16 // 2))  # a character is at most two UTF-16 units


def chat_settings(current: ChatSettings) -> str:
    language = current.language
    lines: list[Line] = [
        (Span(texts.text("settings", language), "b"),),
        (
            Span(texts.text("settings_digest", language)),
            Span(f"{current.cadence} at {', '.join(current.digest_times)} ({current.timezone})"),
        ),
        (
            Span(texts.text("settings_length", language)),
            Span(texts.text("sentences", language, n=current.summary_length)),
        ),
        (Span(texts.text("settings_language", language)), Span(current.language)),
        (
            Span(
                translator(language)._(
                    "Link previews: {mode}", mode=preview_label(current.link_previews, language)
                )
            ),
        ),
    ]
    return pack_lines(lines)[0]


def welcome_back(resumed: int) -> str:
    """For a chat that had blocked or removed the bot and is back, with `resumed` feeds on again."""
    feeds = "subscription is" if resumed == 1 else "subscriptions are"
    return (
        f"<b>Welcome back.</b> Your {resumed} {feeds} on again, and your next digest starts from today's "
        "news. /feeds shows them."
    )


# -- digests -----------------------------------------------------------------------------------------
# A heading with the slot's local time and a note when the digest is late; the shown items grouped by
# feed, the group with the most important item first; each item its linked title, its 2-3 best
# sentences and its key entities; "+M more" under the last message, with a button that sends the rest.


def by_feed(items: Sequence[DigestItem], language: str | None = None) -> list[tuple[str, list[DigestItem]]]:
    """Groups in order of their best item; items keep their rank inside a group."""
    groups: dict[str, list[DigestItem]] = defaultdict(list)
    for item in items:
        groups[_feed_label(item, language)].append(item)
    return list(groups.items())


def _feed_label(item: DigestItem, language: str | None = None) -> str:
    return shorten(item.feed_title or item.briefing.source or texts.text("other_news", language), SITE_CHARS)


def render_digest(
    digest: Digest,
    *,
    heading: str,
    note: str | None = None,
    language: str = reader_notes.DEFAULT_LANGUAGE,
    sentences: int = DIGEST_SENTENCES,
) -> list[str]:
    """The digest's messages: heading, optional note, the shown items by feed, and the "+M more" line."""
    head: list[Line] = [(Span(heading, "b"),)]
    if note:
        head.append((Span(note, "i"),))
    blocks = [head, *_item_blocks(digest.shown, language, sentences)]
    if digest.more:
        blocks.append([(), (Span(more_label(len(digest.more), language), "i"),)])
    return pack_blocks(blocks)


def render_more(
    items: Sequence[DigestItem],
    *,
    language: str = reader_notes.DEFAULT_LANGUAGE,
    sentences: int = DIGEST_SENTENCES,
) -> list[str]:
    heading = texts.text("more_heading", language)
    return pack_blocks([[(Span(heading, "b"),)], *_item_blocks(items, language, sentences)])


def _item_blocks(
    items: Sequence[DigestItem],
    language: str = reader_notes.DEFAULT_LANGUAGE,
    sentences: int = DIGEST_SENTENCES,
) -> list[list[Line]]:
    """One block per item, each kept whole in one message; a feed's heading goes with its first item."""
    blocks: list[list[Line]] = []
    for feed, group in by_feed(items, language):
        heading: list[Line] = [(), (Span(feed, "u"),)]
        for n, item in enumerate(group):
            blocks.append([*(heading if n == 0 else []), *item_lines(item, language, sentences)])
    return blocks


def item_lines(
    item: DigestItem, language: str = reader_notes.DEFAULT_LANGUAGE, count: int = DIGEST_SENTENCES
) -> list[Line]:
    briefing = item.briefing
    title = (
        shorten(briefing.title or "", TITLE_CHARS)
        or shorten(mask_urls(briefing.url or ""), TITLE_CHARS)
        or "Untitled"
    )
    href = briefing.url if is_web_url(briefing.url) else None
    lines: list[Line] = [(Span("• "), Span(title, "b", href))]
    sentences = best_sentences(briefing, count)
    if sentences and sentences.rstrip(" .!?").casefold() != title.rstrip(" .!?").casefold():
        lines.append((Span(sentences),))
    if item.key_names:
        names = ", ".join(shorten(n, 40) for n in item.key_names[:KEY_NAMES])
        lines.append((Span(texts.text("key", language), "i"), Span(names, "i")))
    elif missing := reader_notes.entities_note(briefing, language):
        lines.append((Span(missing, "i"),))
    if item.also_reported_by:
        spans: list[Span] = [Span(texts.text("also_reported", language), "i")]
        for n, (name, url) in enumerate(item.also_reported_by[:5]):
            spans += [Span(", ")] if n else []
            spans.append(Span(shorten(name, 40), None, url if is_web_url(url) else None))
        lines.append(tuple(spans))
    return lines


def best_sentences(briefing: Briefing, count: int = DIGEST_SENTENCES) -> str:
    """Two sentences of the summary, and more up to `count` (the chat's summary length) while they are
    short (the summary is ranked upstream)."""
    chosen: list[str] = []
    used = 0
    budget = SENTENCE_BUDGET_CHARS * count // DIGEST_SENTENCES
    for sentence in briefing.summary[:count]:
        text = shorten(sentence.text, SENTENCE_CHARS)
        if len(chosen) >= 2 and used + len(text) > budget:
            break
        chosen.append(text)
        used += len(text) + 1
    return " ".join(chosen)


def more_label(count: int, language: str | None = None) -> str:
    return texts.text("more", language, n=count)


def more_keyboard(run_id: int, count: int, language: str | None = None) -> dict[str, Any]:
    """Bot API JSON of the "+M more" button (stored in the outbox row as it is)."""
    label = more_label(count, language)
    return {"inline_keyboard": [[{"text": label, "callback_data": encode_callback(MORE_ACTION, run_id)}]]}


def digest_heading(slot: dt.datetime, zone: str, *, manual: bool, language: str | None = None) -> str:
    when = texts.local_when(slot.astimezone(ZoneInfo(zone)), language)
    return texts.text("digest_manual" if manual else "digest", language, when=when)


def late_note(slot: dt.datetime, zone: str, sent: dt.datetime, language: str | None = None) -> str:
    due = slot.astimezone(ZoneInfo(zone))
    minutes = int((sent - slot).total_seconds() // 60)
    delay = f"{minutes} min" if minutes < 120 else f"{minutes // 60} h {minutes % 60:02d} min"
    return texts.text("late", language, due=f"{due:%H:%M}", delay=delay)


def feed_switched_off(title: str, url: str, reason: str, language: str | None = None) -> str:
    """The notice to a feed's subscribers when it was deactivated after failing too often."""
    return pack_lines(
        [
            (
                Span(texts.text("feed_off", language)),
                Span(shorten(title, TITLE_CHARS) or quoted(url), "b", _feed_href(url)),
                Span("."),
            ),
            (Span(texts.text("feed_off_why", language, reason=shorten(mask_urls(reason), STATUS_CHARS))),),
            (Span(texts.text("feed_off_what_now", language)),),
        ]
    )[0]


class TelegramLayout:
    """The layouts delivery needs (bot.delivery.layout.DeliveryLayout), in Telegram's HTML."""

    def digest(self, digest: Digest, slot: DigestSlot) -> list[LaidOutMessage]:
        language = reader_notes.interface_language(slot.language)
        note = late_note(slot.slot, slot.zone, slot.late_at, language) if slot.late_at is not None else None
        heading = digest_heading(slot.slot, slot.zone, manual=slot.manual, language=language)
        sentences = slot.sentences or DIGEST_SENTENCES
        pieces = render_digest(digest, heading=heading, note=note, language=language, sentences=sentences)
        markup = more_keyboard(slot.run_id, len(digest.more), language) if digest.more else None
        last = len(pieces) - 1
        return [LaidOutMessage(piece, markup if i == last else None) for i, piece in enumerate(pieces)]

    def instant(
        self, item: DigestItem, language: str | None = None, sentences: int | None = None
    ) -> list[str]:
        return render_briefing(
            item.briefing,
            feed_title=item.feed_title,
            language=reader_notes.interface_language(language),
            sentences=sentences,
            story_dates=item.story_dates,
        )

    def more(
        self, items: Sequence[DigestItem], language: str | None = None, sentences: int | None = None
    ) -> list[str]:
        return render_more(
            items, language=reader_notes.interface_language(language), sentences=sentences or DIGEST_SENTENCES
        )

    def feed_switched_off(self, title: str, url: str, reason: str, language: str | None = None) -> str:
        return feed_switched_off(title, url, reason, reader_notes.interface_language(language))

    def plain_text(self, message: str) -> str:
        return to_plain_text(message)


LAYOUT = TelegramLayout()
