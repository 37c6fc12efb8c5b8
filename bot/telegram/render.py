"""Every message layout the bot sends: briefings, timelines, digests and the bot's replies, as HTML.

Pure: data in, message texts out. Layouts are lines of `Span`s packed into messages by bot.telegram.html,
which escapes everything from the web and keeps each message within Telegram's limits.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bot.delivery.alerts import AlertView
from bot.delivery.digest import Coverage, Digest, DigestItem, StoryUpdate
from bot.delivery.layout import DigestSlot, LaidOutMessage
from bot.errors import quoted
from bot.i18n import DEFAULT_LOCALE, Translator, translator
from bot.redact import hide_urls, mask_urls
from bot.telegram import reader_notes
from bot.telegram.alert_render import also_reported_line, follow_alert, host
from bot.telegram.html import (
    MAX_CAPTION_UTF16,
    Line,
    Span,
    escape,
    fit_lines,
    is_web_url,
    pack_blocks,
    pack_blocks_placed,
    pack_lines,
    render_text,
    shorten,
    to_plain_text,
)
from bot.telegram.keyboards import (
    DIGEST_MORE,
    cadence_label,
    encode_callback,
    preview_label,
    setting_label,
    story_sources_button,
    timeline_button,
    top_entity,
    topic_label,
)
from bot.telegram.upcoming_layout import coming_up_block, render_reminder
from summarizers.briefing import Briefing, Entity, Event
from summarizers.timeline import Timeline, TimelineEntry, TimelineSource
from summarizers.upcoming import UpcomingEvent

if TYPE_CHECKING:
    from bot.briefings import BriefedArticle
    from bot.chats import ChatSettings
    from bot.coverage import StorySources
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
DIGEST_SENTENCES = 3
DIGEST_DATES = 2  # key dates on a compact digest item: the story's best told, each with a short label
DIGEST_DATE_LABEL_CHARS = 70
SENTENCE_BUDGET_CHARS = 420  # past two digest sentences, a third is added only while under this
MORE_ACTION = DIGEST_MORE  # callback data of a digest's "+M more" button: dgmore:<digest run id>
NEW_SOURCE_LINKS = 5  # sources named on an update's "+N sources" line
STORY_REPORTS_LISTED = 60  # reports /sources lists, the first ones


# -- briefings ---------------------------------------------------------------------------------------


def render_briefing(
    briefing: Briefing,
    *,
    feed_title: str | None = None,
    also_reported_by: Sequence[ReportedBy] = (),
    language: str = DEFAULT_LOCALE,
    sentences: int | None = None,
    story_dates: Sequence[TimelineEntry] = (),
) -> list[str]:
    """A briefing as one message, or several when it is long: title, source and date, other reports of
    the same story, summary (its first `sentences`, the chat's summary length), names (or, in the reader's
    `language`, why there are none), key dates (`story_dates`, the story's events merged across its
    reports, when given; else the article's own), and a note when the summary came from a fallback
    method. Every label is in the reader's `language` (bot.i18n); the web's text is as it came."""
    t = translator(language)
    lines: list[Line] = [_title_line(briefing.title, briefing.url, t)]
    byline = shorten(_byline(briefing, feed_title, t), SITE_CHARS + 40)
    if byline:
        lines.append((Span(byline, "i"),))
    if also_reported_by:
        lines.append(_also_reported_line(also_reported_by, t))
    if briefing.summary:
        lines.append(())
        lines.extend(
            (Span("• "), Span(shorten(s.text, SENTENCE_CHARS))) for s in briefing.summary[:sentences]
        )
    labels = (("person", t._("People:")), ("organization", t._("Organisations:")), ("place", t._("Places:")))
    names = [line for kind, label in labels if (line := _names_line(briefing.entities, kind, label))]
    missing = reader_notes.entities_note(briefing, t)
    if names or missing:
        lines.append(())
        lines.extend(names)
        if missing:  # no names at all, or places only (the gazetteer's): say what is missing
            lines.append((Span(missing, "i"),))
    events: Sequence[Event | TimelineEntry] = story_dates or key_events(briefing)
    if events:
        lines.append(())
        lines.append((Span(t._("Key dates"), "b"),))
        lines.extend(_event_line(event, t) for event in events)
    notes = _notes(briefing, t)
    if notes:
        lines.append(())
        lines.extend((Span(note, "i"),) for note in notes)
    return pack_lines(fit_lines(lines))


def _also_reported_line(others: Sequence[ReportedBy], t: Translator) -> Line:
    reports = [(o.source or host(o.url) or o.title or t._("another source"), o.url) for o in others]
    return also_reported_line(reports, t, chars=SOURCE_TITLE_CHARS)


def and_more(count: int, t: Translator) -> str:
    """What follows a list cut short: "and 3 more"."""
    return t.ngettext("and {n} more", "and {n} more", count)


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


def _title_line(title: str | None, url: str | None, t: Translator) -> Line:
    text = shorten(title or "", TITLE_CHARS) or shorten(mask_urls(url or ""), TITLE_CHARS) or t._("Untitled")
    return (Span(text, "b", url if is_web_url(url) else None),)


def _byline(briefing: Briefing, feed_title: str | None, t: Translator) -> str:
    site = briefing.source or feed_title or host(briefing.url)
    parts = [shorten(site, SITE_CHARS)] if site else []
    if briefing.published:
        label = _date(briefing.published.isoformat()[:10], None, t)
        parts.append(t._("{date} (inferred)", date=label) if briefing.published_inferred else label)
    return " · ".join(" ".join(p.split()) for p in parts)


def _names_line(entities: Sequence[Entity], kind: str, label: str) -> Line:
    names = [shorten(e.name, NAME_CHARS) for e in entities if e.type == kind][:NAMES_PER_TYPE]
    if not names:
        return ()
    return (Span(f"{label} ", "b"), Span(", ".join(names)))


def _event_line(event: Event | TimelineEntry, t: Translator) -> Line:
    return (Span(_date(event.date, event.end, t), "b"), Span(" — " + shorten(event.text, EVENT_TEXT_CHARS)))


def _date(date: str, end: str | None, t: Translator) -> str:
    """The date's label in the reader's locale; a stored value that is not an ISO date is shown as it is, cut."""
    try:
        return shorten(t.partial_date(date, end), LABEL_CHARS)
    except (ValueError, IndexError):
        return shorten(f"{date}–{end}" if end else date, LABEL_CHARS)


def _notes(briefing: Briefing, t: Translator) -> list[str]:
    notes = []
    if briefing.method != "default":
        notes.append(t._("Summary method: {method}.", method=shorten(briefing.method, LABEL_CHARS)))
    for note in reader_notes.other_notes(briefing, t)[:NOTES]:
        note = shorten(note, NOTE_CHARS)
        note = note if note.endswith((".", "…")) else note + "."
        notes.append(t._("Note: {note}", note=note))
    return notes


# -- timelines ---------------------------------------------------------------------------------------


def render_timeline(
    timeline: Timeline,
    t: Translator,
    *,
    full_sentences: bool = False,
    coverage: Coverage | None = None,
    zone: str | None = None,
    now: dt.datetime | None = None,
) -> list[str]:
    """A timeline in date order: each entry's date, its short label (or its whole sentence) and links to
    the articles reporting it, where the full sentence can be read in context; at its head, how many of
    the chat's sources reported it and which first (`coverage`, times in the chat's `zone`)."""
    heading = t._("Timeline: {query}", query=quoted(timeline.query)) if timeline.query else t._("Timeline")
    blocks: list[list[Line]] = [[(Span(heading, "b"),)]]
    if coverage is not None:
        blocks[0].append(coverage_line(coverage, t, zone, now))
    if not timeline.entries:
        blocks[0].append((Span(t._("No dated events found in the stored articles.")),))
    for entry in timeline.entries:
        what = shorten(entry.text, SENTENCE_CHARS) if full_sentences else entry_label(entry)
        line = [Span(_date(entry.date, entry.end, t), "b"), Span(" — " + what)]
        if entry.expected:
            line.insert(1, Span(" " + t._("(scheduled)"), "i"))
        block: list[Line] = [(), tuple(line)]
        if entry.sources:
            block.append(_sources_line(entry.sources, t))
        blocks.append(block)
    return pack_blocks(blocks)


def entry_label(entry: TimelineEntry) -> str:
    """What happened, in a few words: the engine's label, else the sentence cut on a word."""
    label = shorten(entry.event_label, LABEL_CHARS)
    return label or shorten(entry.text, EVENT_LABEL_CHARS)


def _sources_line(sources: Sequence[TimelineSource], t: Translator) -> Line:
    spans: list[Span] = [Span("↳ ")]
    for n, source in enumerate(sources[:TIMELINE_SOURCES]):
        if n:
            spans.append(Span(", "))
        title = shorten(source.title or host(source.url) or t._("source"), SOURCE_TITLE_CHARS)
        spans.append(Span(title, None, source.url if is_web_url(source.url) else None))
    if len(sources) > TIMELINE_SOURCES:
        spans.append(Span(" " + and_more(len(sources) - TIMELINE_SOURCES, t)))
    return tuple(spans)


def render_story_sources(
    sources: StorySources, t: Translator, *, zone: str | None = None, now: dt.datetime | None = None
) -> list[str]:
    """/sources: the story's first headline (linked), its coverage, then each of the chat's sources that
    reported it, when, earliest first; a story with hundreds of reports lists the first ones."""
    first = sources.first
    title = Span(
        shorten(first.title or "", TITLE_CHARS)
        or shorten(mask_urls(first.url or ""), TITLE_CHARS)
        or t._("Untitled"),
        "b",
        first.url if is_web_url(first.url) else None,
    )
    lines: list[Line] = [
        styled(t.pieces("Who reported {title}", title=title)),
        coverage_line(sources.coverage, t, zone, now),
        (),
    ]
    for report in sources.reports[:STORY_REPORTS_LISTED]:
        name = shorten(report.source or host(report.url) or t._("another source"), SITE_CHARS)
        when = reported_at(report.at, zone, now, t)
        link = report.url if is_web_url(report.url) else None
        headline = shorten(report.title or "", SOURCE_TITLE_CHARS)
        lines.append((Span("• "), Span(name, "b"), Span(f" · {when} · "), Span(headline or name, None, link)))
    if len(sources.reports) > STORY_REPORTS_LISTED:
        lines.append((Span(and_more(len(sources.reports) - STORY_REPORTS_LISTED, t), "i"),))
    return pack_lines(lines)


# -- the bot's replies -------------------------------------------------------------------------------


def styled(pieces: Sequence[object]) -> Line:
    """A translated sentence (Translator.pieces) as spans: its placeholders filled with styled spans (a
    bold, linked title) wherever the language puts them."""
    return tuple(piece if isinstance(piece, Span) else Span(str(piece)) for piece in pieces)


def stored_briefing(
    item: BriefedArticle, language: str = DEFAULT_LOCALE, sentences: int | None = None
) -> list[str]:
    return render_briefing(
        item.briefing,
        feed_title=item.feed_title,
        also_reported_by=item.also_reported_by,
        language=language,
        sentences=sentences,
        story_dates=item.story_dates,
    )


def subscribed(result: Subscribed, t: Translator) -> str:
    title = Span(
        shorten(mask_urls(result.title), TITLE_CHARS) or quoted(result.url), "b", _feed_href(result.url)
    )
    lines: list[Line] = [
        styled(t.pieces("Subscribed to {title}.", title=title))
        if result.new
        else styled(t.pieces("You were already subscribed to {title}.", title=title))
    ]
    if result.newest_headline:
        link = result.newest_link if is_web_url(result.newest_link) else None
        newest = Span(shorten(result.newest_headline, 200), None, link)
        lines.append(styled(t.pieces("Newest: {headline}", headline=newest)))
    lines.append((Span(t._("New articles will come in your digest; /summary shows the newest now.")),))
    if result.topic_id is not None:
        lines.append((Span(t._("🧵 Its items and digests go to this topic.")),))
    return pack_lines(lines)[0]


def feed_list(
    feeds: Sequence[ChatFeed],
    t: Translator,
    *,
    links: bool = True,
    topics: bool = False,
    here: int | None = None,
) -> list[str]:
    """Each feed with its status: working, failing since…, or deactivated because…. Without `links` (a
    group member who is not an admin) titles only: no address, linked or quoted, not even in an error, as
    /export gives the addresses to admins only. In a forum (`topics`), a feed with a topic of its own says
    which (seen from topic `here`), and admins read how to move one."""
    if not feeds:
        return render_text(t._("You have no subscriptions yet. /subscribe URL adds one."))
    lines: list[Line] = [(Span(t._("Your feeds ({n})", n=len(feeds)), "b"),)]
    for item in feeds:
        feed = item.feed
        status = feed_status(
            feed.deactivated_at,
            feed.deactivation_reason,
            feed.failing_since,
            feed.last_error,
            feed.last_polled_at,
            t,
        )
        muted = " " + t._("(muted)") if item.muted else ""
        if topics and item.topic_id is not None:
            muted += " · 🧵 " + topic_label(item.topic_id, here, t)
        title = shorten(feed.title or "", SITE_CHARS)
        if links:
            name, href = title or quoted(feed.url), _feed_href(feed.url)
        else:
            name, href, status = title or t._("(untitled feed)"), None, hide_urls(status)
        lines.append((Span("• "), Span(name, None, href), Span(f"{muted} — {shorten(status, STATUS_CHARS)}")))
    if not links:
        lines.append((Span(t._("The feeds' addresses are shown to this chat's administrators only."), "i"),))
    elif topics:
        hint = t._(
            "🧵 To send a feed to a topic, send /feeds inside that topic and tap “Send here”; the other "
            "feeds go with the digest (/settings)."
        )
        lines.append((Span(hint, "i"),))
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
    t: Translator,
) -> str:
    """A feed's state in words; the reason and error are the fetcher's own (English) detail."""
    if deactivated_at is not None:
        return t._(
            "deactivated on {date} because {reason}",
            date=t.date(deactivated_at, "medium"),
            reason=mask_urls(reason) if reason else t._("it kept failing"),
        )
    if failing_since is not None:
        when = t.date(failing_since, "medium") + " " + t.skeleton(failing_since, "Hm")
        return t._(
            "failing since {when} UTC ({error})",
            when=when,
            error=mask_urls(last_error) if last_error else t._("unknown error"),
        )
    if last_polled_at is None:
        return t._("waiting for its first check")
    return t._("working")


def import_result(result: ImportResult, t: Translator) -> str:
    counts = ", ".join(
        [
            t.ngettext("{n} added", "{n} added", result.added),
            t.ngettext("{n} already there", "{n} already there", result.already),
            t.ngettext("{n} failed", "{n} failed", len(result.failed)),
        ]
    )
    lines: list[Line] = [(Span(t._("OPML import done:") + " ", "b"), Span(counts + "."))]
    for url, reason in result.failed[:10]:
        lines.append((Span("• "), Span(quoted(url)), Span(f": {shorten(mask_urls(t.text(reason)), 160)}")))
    if len(result.failed) > 10:
        lines.append((Span("… " + and_more(len(result.failed) - 10, t)),))
    return pack_lines(lines)[0]


def chart_caption(timeline: Timeline, t: Translator) -> str:
    """At most 1024 UTF-16 units, the caption limit."""
    first, last = timeline.entries[0], timeline.entries[-1]
    text = t.ngettext(
        "Timeline of {query}: {n} dated event, {first} to {last}.",
        "Timeline of {query}: {n} dated events, {first} to {last}.",
        len(timeline.entries),
        query=quoted(timeline.query),
        first=_date(first.date, first.end, t),
        last=_date(last.date, last.end, t),
    )
    return escape(shorten(text, MAX_CAPTION_UTF16 // 2))  # a character is at most two UTF-16 units


def chat_settings(
    current: ChatSettings, t: Translator, *, forum: bool = False, here: int | None = None
) -> str:
    """The chat's settings; in a forum also where digests go, seen from topic `here` (None: General)."""
    lines: list[Line] = [
        (Span(t._("Settings"), "b"),),
        (
            Span(
                t._(
                    "Digest: {cadence} at {times} ({zone})",
                    cadence=cadence_label(current.cadence, t),
                    times=t.join(current.digest_times),
                    zone=current.timezone,
                )
            ),
        ),
        (
            Span(
                t.ngettext(
                    "Summary length: {n} sentence",
                    "Summary length: {n} sentences",
                    current.summary_length,
                )
            ),
        ),
        (Span(t._("Language: {language}", language=setting_label("language", current.language, t))),),
        (Span(t._("Link previews: {mode}", mode=preview_label(current.link_previews, t))),),
    ]
    if forum:
        where = topic_label(current.digest_topic, here, t)
        lines.append((Span(t._("🧵 Digests go to: {topic}", topic=where)),))
        if here is None:
            lines.append((Span(t._("Send /settings inside a topic to send digests there."), "i"),))
    return pack_lines(lines)[0]


def welcome_back(resumed: int, t: Translator) -> str:
    """For a chat that had blocked or removed the bot and is back, with `resumed` feeds on again."""
    return t.ngettext(
        "<b>Welcome back.</b> Your {n} subscription is on again, and your next digest starts from today's "
        "news. /feeds shows them.",
        "<b>Welcome back.</b> Your {n} subscriptions are on again, and your next digest starts from "
        "today's news. /feeds shows them.",
        resumed,
    )


# -- digests -----------------------------------------------------------------------------------------
# A heading with the slot's local time and a note when the digest is late; the shown items grouped by
# feed, the group with the most important item first; each item its linked title, its 2-3 best
# sentences and its key entities; "+M more" under the last message, with a button that sends the rest.


def by_feed(items: Sequence[DigestItem], t: Translator) -> list[tuple[str, list[DigestItem]]]:
    """Groups in order of their best item; items keep their rank inside a group."""
    groups: dict[str, list[DigestItem]] = defaultdict(list)
    for item in items:
        groups[_feed_label(item, t)].append(item)
    return list(groups.items())


def _feed_label(item: DigestItem, t: Translator) -> str:
    return shorten(item.feed_title or item.briefing.source or t._("Other news"), SITE_CHARS)


def render_digest(digest: Digest, *, heading: str, **options: Any) -> list[str]:
    """The digest's messages' texts (render_digest_messages without the buttons)."""
    return [message.text for message in render_digest_messages(digest, heading=heading, **options)]


def render_digest_messages(
    digest: Digest,
    *,
    heading: str,
    note: str | None = None,
    language: str = DEFAULT_LOCALE,
    sentences: int = DIGEST_SENTENCES,
    zone: str | None = None,
    now: dt.datetime | None = None,
    run_id: int = 0,
) -> list[LaidOutMessage]:
    """The digest's messages: heading, optional note, the shown items by feed, and the "+M more" line;
    under each message, a row of buttons for each story item in it ("Sources", and "Timeline" on an
    update), and "+M more" under the last."""
    t = translator(language)
    items = _shown_in_order(digest.shown, t)
    placed = _digest_placed(digest, heading, note, t, sentences, zone, now)
    messages = []
    for n, (text, blocks) in enumerate(placed):
        rows = [row for b in blocks if 0 < b <= len(items) and (row := item_buttons(items[b - 1], t))]
        if digest.more and n == len(placed) - 1:
            rows.extend(more_keyboard(run_id, len(digest.more), t)["inline_keyboard"])
        messages.append(LaidOutMessage(text, {"inline_keyboard": rows} if rows else None))
    return messages


def _digest_placed(
    digest: Digest,
    heading: str,
    note: str | None,
    t: Translator,
    sentences: int,
    zone: str | None,
    now: dt.datetime | None,
) -> list[tuple[str, list[int]]]:
    """The messages and, for each, its blocks: 0 the heading, 1..n the shown items, then "+M more"."""
    head: list[Line] = [(Span(heading, "b"),)]
    if note:
        head.append((Span(note, "i"),))
    blocks = [head, *_item_blocks(digest.shown, t, sentences, zone, now)]
    if digest.coming_up:
        blocks.append(coming_up_block(digest.coming_up, t))
    if digest.more:
        blocks.append([(), (Span(more_label(len(digest.more), t), "i"),)])
    return pack_blocks_placed(blocks)


def _shown_in_order(items: Sequence[DigestItem], t: Translator) -> list[DigestItem]:
    """The items in the order _item_blocks lays them out (grouped by feed)."""
    return [item for _, group in by_feed(items, t) for item in group]


def item_buttons(item: DigestItem, t: Translator) -> list[dict[str, Any]]:
    """The row under a story item: who reported it (/sources), and the story's timeline on an update."""
    if item.story_id is None:
        return []
    title = (item.update.title if item.update else None) or item.briefing.title or ""
    row = [story_sources_button(item.story_id, title, t).to_dict()]
    if item.update is not None:
        entity = next((e for report in item.reports if (e := top_entity(report.briefing)) is not None), None)
        if entity is not None:
            row.append(timeline_button(entity.name, t).to_dict())
    return row


def render_more(
    items: Sequence[DigestItem],
    *,
    language: str = DEFAULT_LOCALE,
    sentences: int = DIGEST_SENTENCES,
    zone: str | None = None,
) -> list[str]:
    t = translator(language)
    heading = t._("More from your digest")
    return pack_blocks([[(Span(heading, "b"),)], *_item_blocks(items, t, sentences, zone)])


def _item_blocks(
    items: Sequence[DigestItem],
    t: Translator,
    sentences: int = DIGEST_SENTENCES,
    zone: str | None = None,
    now: dt.datetime | None = None,
) -> list[list[Line]]:
    """One block per item, each kept whole in one message; a feed's heading goes with its first item."""
    blocks: list[list[Line]] = []
    for feed, group in by_feed(items, t):
        heading: list[Line] = [(), (Span(feed, "u"),)]
        for n, item in enumerate(group):
            blocks.append([*(heading if n == 0 else []), *item_lines(item, t, sentences, zone, now)])
    return blocks


def item_lines(
    item: DigestItem,
    t: Translator,
    count: int = DIGEST_SENTENCES,
    zone: str | None = None,
    now: dt.datetime | None = None,
) -> list[Line]:
    """A digest item: its linked title, best sentences, key names, other reports and coverage; or, for a
    story the chat was told about, what is new (update_lines)."""
    if item.update is not None:
        return update_lines(item.update, item.coverage, t, zone, now)
    briefing = item.briefing
    title = (
        shorten(briefing.title or "", TITLE_CHARS)
        or shorten(mask_urls(briefing.url or ""), TITLE_CHARS)
        or t._("Untitled")
    )
    href = briefing.url if is_web_url(briefing.url) else None
    lines: list[Line] = [(Span("• "), Span(title, "b", href))]
    sentences = best_sentences(briefing, count)
    if sentences and sentences.rstrip(" .!?").casefold() != title.rstrip(" .!?").casefold():
        lines.append((Span(sentences),))
    if item.key_names:
        names = ", ".join(shorten(n, 40) for n in item.key_names[:KEY_NAMES])
        lines.append((Span(t._("Key:") + " ", "i"), Span(names, "i")))
    elif missing := reader_notes.entities_note(briefing, t):
        lines.append((Span(missing, "i"),))
    if dates := digest_dates(item):
        lines.append(_dates_line(dates, t))
    if item.also_reported_by:
        lines.append(also_reported_line(item.also_reported_by, t, chars=40))
    if item.coverage is not None:
        lines.append(coverage_line(item.coverage, t, zone, now))
    return lines


def update_lines(
    update: StoryUpdate,
    coverage: Coverage | None,
    t: Translator,
    zone: str | None = None,
    now: dt.datetime | None = None,
) -> list[Line]:
    """ "Update on: <story>" (linked to the report the chat first got) with only what is new: the
    sentences no earlier report said, the new dated events, the new sources. Nothing new but sources:
    one line, "+2 sources: A, B"."""
    title = Span(
        shorten(update.title or "", TITLE_CHARS)
        or shorten(mask_urls(update.url or ""), TITLE_CHARS)
        or t._("Untitled"),
        "b",
        update.url if is_web_url(update.url) else None,
    )
    headline: Line = (Span("• "), *styled(t.pieces("Update on: {title}", title=title)))
    if update.sources_only:
        return [(*headline, Span(" · "), *_new_sources(update.sources, t))]
    lines: list[Line] = [headline]
    if update.sentences:
        said = " ".join(shorten(sentence, SENTENCE_CHARS) for sentence in update.sentences)
        lines.append((Span(t._("New:") + " ", "i"), Span(said)))
    if update.events:
        lines.append((Span(t._("New dates:"), "i"),))
        lines.extend(
            (Span(_date(e.date, e.end, t), "b"), Span(" — " + entry_label(e))) for e in update.events
        )
    if update.sources:
        lines.append(_new_sources(update.sources, t))
    if coverage is not None:
        lines.append(coverage_line(coverage, t, zone, now))
    return lines


def _new_sources(sources: Sequence[tuple[str, str | None]], t: Translator) -> Line:
    spans = [Span(t.ngettext("+{n} source:", "+{n} sources:", len(sources)) + " ", "i")]
    for n, (name, url) in enumerate(sources[:NEW_SOURCE_LINKS]):
        spans += [Span(", ")] if n else []
        spans.append(Span(shorten(name, 40), None, url if is_web_url(url) else None))
    if len(sources) > NEW_SOURCE_LINKS:
        spans.append(Span(" " + and_more(len(sources) - NEW_SOURCE_LINKS, t)))
    return tuple(spans)


def coverage_line(
    coverage: Coverage, t: Translator, zone: str | None = None, now: dt.datetime | None = None
) -> Line:
    """ "5 of your sources; first: Reuters 09:12", the time in the chat's zone (with the day unless it is
    `now`'s day there)."""
    source = shorten(coverage.first_source or "", 40) or t._("another source")
    when = reported_at(coverage.first_at, zone, now, t) if coverage.first_at else ""
    text = t.ngettext(
        "{n} of your sources; first: {source} {time}",
        "{n} of your sources; first: {source} {time}",
        coverage.sources,
        source=source,
        time=when,
    )
    return (Span(text.rstrip(), "i"),)


def reported_at(at: dt.datetime, zone: str | None, now: dt.datetime | None, t: Translator) -> str:
    """When a report came, in the chat's zone: "09:12" on `now`'s day, else "4 Dec, 09:12"."""
    place = ZoneInfo(zone) if zone else dt.UTC
    local = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone(place)
    if now is not None and now.astimezone(place).date() == local.date():
        return t.skeleton(local, "Hm")
    return t.day_and_time(local)


def digest_dates(item: DigestItem, limit: int = DIGEST_DATES) -> list[Event | TimelineEntry]:
    """The few dates a compact item names, in date order: of a story, its merged entries told by the most
    reports (then the most salient); of a report alone, its own key events."""
    if not item.story_dates:
        return list(key_events(item.briefing, limit))
    entries = list(item.story_dates)
    best = sorted(range(len(entries)), key=lambda i: (-len(entries[i].sources), -entries[i].salience, i))
    return [entries[i] for i in sorted(best[:limit])]


def _dates_line(dates: Sequence[Event | TimelineEntry], t: Translator) -> Line:
    """'Dates: 2 – 3 Sept 2016 — Abe and Putin met in Vladivostok; 15 Dec 2016 — Putin met Abe in Nagato'."""
    spans: list[Span] = [Span(t._("Dates:") + " ", "i")]
    for n, event in enumerate(dates):
        label = event.event_label if isinstance(event, TimelineEntry) else event.label
        spans += [Span("; ")] if n else []
        spans.append(Span(_date(event.date, event.end, t), "b"))
        spans.append(Span(" — " + shorten(label or event.text, DIGEST_DATE_LABEL_CHARS)))
        if isinstance(event, TimelineEntry) and event.expected:
            spans.append(Span(" " + t._("(scheduled)"), "i"))
    return tuple(spans)


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


def more_label(count: int, t: Translator) -> str:
    return t.ngettext("+{n} more", "+{n} more", count)


def more_keyboard(run_id: int, count: int, t: Translator) -> dict[str, Any]:
    """Bot API JSON of the "+M more" button (stored in the outbox row as it is)."""
    label = more_label(count, t)
    return {"inline_keyboard": [[{"text": label, "callback_data": encode_callback(MORE_ACTION, run_id)}]]}


def digest_heading(slot: dt.datetime, zone: str, *, manual: bool, t: Translator) -> str:
    local = slot.astimezone(ZoneInfo(zone))
    when = f"{t.skeleton(local, 'MMMEd')}, {t.skeleton(local, 'Hm')}"
    return (
        t._("Your digest (on request) · {when}", when=when)
        if manual
        else t._("Your digest · {when}", when=when)
    )


def late_note(slot: dt.datetime, zone: str, sent: dt.datetime, t: Translator) -> str:
    due = slot.astimezone(ZoneInfo(zone))
    minutes = int((sent - slot).total_seconds() // 60)
    return t._(
        "Late: this digest was due at {due} and is {delay} late (the bot was offline).",
        due=t.skeleton(due, "Hm"),
        delay=t.duration(minutes),
    )


def feed_switched_off(title: str, url: str, reason: str, t: Translator) -> str:
    """The notice to a feed's subscribers when it was deactivated after failing too often."""
    name = Span(shorten(title, TITLE_CHARS) or quoted(url), "b", _feed_href(url))
    return pack_lines(
        [
            styled(t.pieces("A feed was switched off: {title}.", title=name)),
            (
                Span(
                    t._(
                        "It failed too many times in a row ({reason}).",
                        reason=shorten(mask_urls(reason), STATUS_CHARS),
                    )
                ),
            ),
            (Span(t._("Send /subscribe with its URL to try it again, or /unsubscribe to drop it.")),),
        ]
    )[0]


TOPIC_LOST_TITLES = 10  # feeds named in a lost topic's notice, before "and N more"


def topic_lost(feed_titles: Sequence[str], digest: bool, t: Translator) -> str:
    """The notice for a chat's admins when a forum topic the bot sent to was closed or deleted."""
    lines: list[Line] = [
        (
            Span(
                t._(
                    "⚠️ For this chat's admins: a topic I was sending to is closed or was deleted, so I sent "
                    "its messages to General instead."
                )
            ),
        )
    ]
    if feed_titles:
        names = [shorten(mask_urls(title), TITLE_CHARS) for title in feed_titles[:TOPIC_LOST_TITLES]]
        if len(feed_titles) > TOPIC_LOST_TITLES:
            names.append(and_more(len(feed_titles) - TOPIC_LOST_TITLES, t))
        lines.append(
            (
                Span(
                    t.ngettext(
                        "This feed now goes with the digest: {feeds}.",
                        "These feeds now go with the digest: {feeds}.",
                        len(feed_titles),
                        feeds=t.join(names),
                    )
                ),
            )
        )
    if digest:
        lines.append((Span(t._("The digest now goes to General.")),))
    lines.append((Span(t._("To choose a topic again, send /feeds or /settings inside that topic.")),))
    return pack_lines(lines)[0]


class TelegramLayout:
    """The layouts delivery needs (bot.delivery.layout.DeliveryLayout), in Telegram's HTML; `language` is
    the chat's locale (bot.i18n.chat_locale), any code resolved as bot.i18n.translator does."""

    def digest(self, digest: Digest, slot: DigestSlot) -> list[LaidOutMessage]:
        t = translator(slot.language)
        note = late_note(slot.slot, slot.zone, slot.late_at, t) if slot.late_at is not None else None
        heading = digest_heading(slot.slot, slot.zone, manual=slot.manual, t=t)
        return render_digest_messages(
            digest,
            heading=heading,
            note=note,
            language=t.locale,
            sentences=slot.sentences or DIGEST_SENTENCES,
            zone=slot.zone,
            now=slot.slot,
            run_id=slot.run_id,
        )

    def story_update(
        self, item: DigestItem, language: str | None = None, zone: str | None = None
    ) -> list[LaidOutMessage]:
        t = translator(language)
        if item.update is None:
            raise ValueError("story_update needs an item with an update")
        lines = update_lines(item.update, item.coverage, t, zone)
        row = item_buttons(item, t)
        markup = {"inline_keyboard": [row]} if row else None
        pieces = pack_lines(fit_lines(lines))
        return [
            LaidOutMessage(text, markup if n == len(pieces) - 1 else None) for n, text in enumerate(pieces)
        ]

    def instant(
        self, item: DigestItem, language: str | None = None, sentences: int | None = None
    ) -> list[str]:
        return render_briefing(
            item.briefing,
            feed_title=item.feed_title,
            language=translator(language).locale,
            sentences=sentences,
            story_dates=item.story_dates,
        )

    def more(
        self,
        items: Sequence[DigestItem],
        language: str | None = None,
        sentences: int | None = None,
        zone: str | None = None,
    ) -> list[str]:
        return render_more(
            items, language=translator(language).locale, sentences=sentences or DIGEST_SENTENCES, zone=zone
        )

    def feed_switched_off(self, title: str, url: str, reason: str, language: str | None = None) -> str:
        return feed_switched_off(title, url, reason, translator(language))

    def topic_lost(self, feed_titles: Sequence[str], digest: bool, language: str | None = None) -> str:
        return topic_lost(feed_titles, digest, translator(language))

    def reminder(
        self, events: Sequence[UpcomingEvent], day: dt.date, language: str | None = None
    ) -> list[str]:
        return render_reminder(events, day, translator(language))

    def follow_alert(self, view: AlertView, language: str | None = None) -> LaidOutMessage:
        return follow_alert(view, translator(language))

    def plain_text(self, message: str) -> str:
        return to_plain_text(message)


LAYOUT = TelegramLayout()
