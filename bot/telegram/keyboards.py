"""Inline keyboards and the compact callback data behind their buttons.

Telegram refuses a button whose `callback_data` is over 64 bytes of UTF-8 (BUTTON_DATA_INVALID), so
data is encoded here and checked before it is sent: `action:arg:arg`, with `%` and `:` inside an argument
percent-encoded so any text round-trips. Free text (an entity name) may be truncated to fit, on a
character boundary; anything else that does not fit raises CallbackDataTooLong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.delivery import previews
from bot.delivery.filters import KeywordFilter
from bot.i18n import LOCALES, Translator, translator
from bot.redact import mask_urls
from bot.timelines import TimelineQueryError, clean_query
from summarizers.briefing import Briefing, Entity
from summarizers.upcoming import UpcomingEvent

MAX_CALLBACK_BYTES = 64
BUTTON_NAME_CHARS = 32  # an entity name in a button's label, before an ellipsis
TIMELINE = "tl"  # tl:<entity name, maybe truncated>
MUTE_FEED = "mute"  # mute:<feed id>
_ACTION = re.compile(r"[a-z][a-z0-9_]{0,15}")
_TIMELINE_TYPES = ("person", "organization", "place")


class CallbackDataTooLong(ValueError):
    """The data would exceed Telegram's 64 bytes; sending it would fail with BUTTON_DATA_INVALID."""


@dataclass(frozen=True, slots=True)
class Callback:
    action: str
    args: tuple[str, ...]


def encode_callback(action: str, *args: str | int, truncate: bool = False) -> str:
    """`action:arg:...` in at most 64 bytes; with truncate=True the last argument is shortened to fit."""
    if not _ACTION.fullmatch(action):
        raise ValueError(f"callback action must be a short lower-case word, not {action!r}")
    values = [str(a) for a in args]
    data = _join(action, values)
    if len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES:
        return data
    if not truncate or not values:
        raise CallbackDataTooLong(f"{len(data.encode('utf-8'))} bytes: {data[:80]!r}")
    last = values[-1]
    low, high = 0, len(last)  # the longest prefix (in characters) whose encoding fits
    while low < high:
        mid = (low + high + 1) // 2
        if len(_join(action, [*values[:-1], last[:mid]]).encode("utf-8")) <= MAX_CALLBACK_BYTES:
            low = mid
        else:
            high = mid - 1
    if low == 0:
        raise CallbackDataTooLong(f"no room for the last argument of {data[:80]!r}")
    return _join(action, [*values[:-1], last[:low].rstrip()])


def decode_callback(data: str) -> Callback:
    """The action and arguments of data made by encode_callback."""
    action, *args = data.split(":")
    return Callback(action, tuple(_unquote(a) for a in args))


def parse_callback(data: str | None) -> Callback | None:
    """The tap's action and arguments when `data` has the shape one of our buttons carries, else None.

    The one gate between Telegram and the button handlers: data from an old keyboard, another bot version
    or a forged client (any prefix, any payload) is rejected here, so a handler only ever sees arguments
    of the shape it expects (an id is digits, a setting one of its choices).
    """
    if not data or len(data.encode("utf-8")) > MAX_CALLBACK_BYTES:
        return None
    action, _, rest = data.partition(":")
    shape = CALLBACK_SHAPES.get(action)
    if shape is None or not shape.fullmatch(data):
        return None
    args = tuple(_unquote(a) for a in rest.split(":")) if rest else ()
    if action in _TIMELINE_QUERIES and not _is_timeline_query(args[0]):
        return None
    return Callback(action, args)


def _is_timeline_query(text: str) -> bool:
    """What /timeline would take (no HTML, not too long): a button with anything else was not ours."""
    try:
        clean_query(text)
    except TimelineQueryError:
        return False
    return True


def _join(action: str, args: Sequence[str]) -> str:
    return ":".join([action, *(_quote(a) for a in args)])


def _quote(arg: str) -> str:
    return arg.replace("%", "%25").replace(":", "%3A")


def _unquote(arg: str) -> str:
    return arg.replace("%3A", ":").replace("%25", "%")


def timeline_button(entity_name: str, t: Translator) -> InlineKeyboardButton:
    """ "Timeline of <name>": the callback carries the name, truncated if long (match it as a prefix)."""
    name = " ".join(entity_name.split())
    label = name if len(name) <= BUTTON_NAME_CHARS else name[: BUTTON_NAME_CHARS - 1].rstrip() + "…"
    return InlineKeyboardButton(
        t._("Timeline of {name}", name=label), callback_data=encode_callback(TIMELINE, name, truncate=True)
    )


def mute_feed_button(feed_id: int | str, t: Translator) -> InlineKeyboardButton:
    return InlineKeyboardButton(t._("Mute this feed"), callback_data=encode_callback(MUTE_FEED, feed_id))


def story_sources_button(story_id: int, title: str, t: Translator) -> InlineKeyboardButton:
    """ "Sources: <story>": who reported the story, when, and its first headline (/sources)."""
    name = " ".join(title.split())
    label = name if len(name) <= BUTTON_NAME_CHARS else name[: BUTTON_NAME_CHARS - 1].rstrip() + "…"
    text = t._("Sources: {title}", title=label) if label else t._("Sources")
    return InlineKeyboardButton(text, callback_data=encode_callback(STORY_SOURCES, story_id))


def top_entity(briefing: Briefing) -> Entity | None:
    """The most salient named person, organisation or place: the one worth a timeline."""
    return next((e for e in briefing.entities if e.type in _TIMELINE_TYPES), None)


def briefing_keyboard(
    briefing: Briefing, t: Translator, *, feed_id: int | str | None = None
) -> InlineKeyboardMarkup | None:
    """The buttons under a briefing: a timeline of its top entity, and muting its feed when it has one."""
    buttons = []
    entity = top_entity(briefing)
    if entity is not None:
        buttons.append(timeline_button(entity.name, t))
    if feed_id is not None:
        buttons.append(mute_feed_button(feed_id, t))
    return InlineKeyboardMarkup([[b] for b in buttons]) if buttons else None


# -- the bot's other keyboards ------------------------------------------------------------------------

CHART = "chart"  # chart:<query, maybe truncated>
TIMELINE_SENTENCES = "tlfull"  # tlfull:<query, maybe truncated>: the timeline with whole sentences
UNSUBSCRIBE = "unsub"  # unsub:<feed id>
SUBSCRIBE_DEFAULT = "def"  # def:<index into config/feeds.opml>
LINK = "link"  # link:sum|sub:<token of a URL kept in chat_data>
SETTING = "set"  # set:<name>:<value>
MORE = "more"  # more:<count>
SETTINGS_PANEL = "settings"  # settings: open the /settings panel
DIGEST_MORE = "dgmore"  # dgmore:<digest run id>: the rest of a digest, under its last message
STORY_SOURCES = "src"  # src:<story id>: who reported the story (/sources)
FEED_PREVIEWS = "fprev"  # fprev:<feed id>:<mode>: set one feed's link previews (bot.delivery.previews)
REMIND = "rmd"  # rmd:<article id>:<YYYYMMDD>: a reminder the day before that article's event of that day
REMIND_EVERY = "rmdall"  # rmdall:on|off: a reminder of every upcoming event of the chat's feeds
UPCOMING_FILE = "upics"  # upics: the upcoming events as an iCalendar file
MAX_REMINDER_BUTTONS = 8  # /upcoming offers a reminder button for its first day-dated events
FOLLOW = "fol"  # fol:<entity name, maybe truncated>: follow the name a /follow offered
FOLLOW_MUTE = "fmute"  # fmute:<follow id>
FOLLOW_UNMUTE = "funmute"  # funmute:<follow id>
FOLLOW_DROP = "fdrop"  # fdrop:<follow id>
FEED_TOPIC = "ftopic"  # ftopic:<feed id>:<message_thread_id; 0: with the digest>: one feed's forum topic
MAX_FEED_BUTTONS = 50  # /feeds offers buttons for this many feeds: 2 each at most (Telegram allows 100)
_TIMELINE_QUERIES = frozenset({TIMELINE, CHART, TIMELINE_SENTENCES, FOLLOW})
SETTING_CHOICES: dict[str, tuple[str, ...]] = {
    "cadence": ("daily", "weekdays", "weekly", "instant", "off"),
    "length": ("3", "4", "5"),
    "language": ("auto", *LOCALES),
}
SETTING_ROW = {"cadence": 3, "length": 3, "language": 4}  # buttons a row: labels differ in length by language


def _shape(action: str, args: str | None = None) -> re.Pattern[str]:
    return re.compile(re.escape(action) + (f":(?:{args})" if args is not None else ""))


def _one_of(values: Sequence[str]) -> str:
    return "|".join(re.escape(v) for v in values)


_ID = r"[0-9]{1,18}"
_TOPIC = r"(?:0|[1-9][0-9]{0,11})"  # a message_thread_id (bot.chats.MAX_TOPIC_DIGITS), 0 for none
_CHAR = r"(?:[^:%]|%25|%3A)"  # free text as _quote leaves it: no bare ':', and '%' only in an escape
_TEXT = rf"{_CHAR}*(?:[^\s:%]|%25|%3A){_CHAR}*"  # ...with something in it besides spaces
_SETTING_ARGS = "|".join(
    [
        *(f"{name}:(?:{_one_of(choices)})" for name, choices in SETTING_CHOICES.items()),
        "digest_time",
        "timezone",
        "filters(?::(?:clear|rm[0-9a-f]{8}))?",
        f"previews:(?:{_one_of(previews.MODES)})",
        f"topic:{_TOPIC}",
    ]
)
CALLBACK_SHAPES: dict[str, re.Pattern[str]] = {
    TIMELINE: _shape(TIMELINE, _TEXT),
    CHART: _shape(CHART, _TEXT),
    TIMELINE_SENTENCES: _shape(TIMELINE_SENTENCES, _TEXT),
    MUTE_FEED: _shape(MUTE_FEED, _ID),
    UNSUBSCRIBE: _shape(UNSUBSCRIBE, _ID),
    SUBSCRIBE_DEFAULT: _shape(SUBSCRIBE_DEFAULT, _ID),
    LINK: _shape(LINK, r"(?:sum|sub):[0-9]{1,6}"),
    SETTING: _shape(SETTING, _SETTING_ARGS),
    MORE: _shape(MORE, _ID),
    SETTINGS_PANEL: _shape(SETTINGS_PANEL),
    DIGEST_MORE: _shape(DIGEST_MORE, _ID),
    STORY_SOURCES: _shape(STORY_SOURCES, _ID),
    FEED_PREVIEWS: _shape(FEED_PREVIEWS, f"{_ID}:(?:{_one_of(previews.FEED_MODES)})"),
    FEED_TOPIC: _shape(FEED_TOPIC, f"{_ID}:{_TOPIC}"),
    REMIND: _shape(REMIND, rf"{_ID}:[0-9]{{8}}"),
    REMIND_EVERY: _shape(REMIND_EVERY, "on|off"),
    UPCOMING_FILE: _shape(UPCOMING_FILE),
    FOLLOW: _shape(FOLLOW, _TEXT),
    FOLLOW_MUTE: _shape(FOLLOW_MUTE, _ID),
    FOLLOW_UNMUTE: _shape(FOLLOW_UNMUTE, _ID),
    FOLLOW_DROP: _shape(FOLLOW_DROP, _ID),
}


def _rows(buttons: Sequence[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [list(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row)]


def welcome_keyboard(feeds: Sequence[object], t: Translator) -> InlineKeyboardMarkup:
    """The default feeds (one tap each) and, last, the digest schedule to choose."""
    rows = list(default_feeds_keyboard(feeds).inline_keyboard) if feeds else []
    rows.append(
        [
            InlineKeyboardButton(
                "⏰ " + t._("Choose when digests arrive"), callback_data=encode_callback(SETTINGS_PANEL)
            )
        ]
    )
    return InlineKeyboardMarkup(rows)


def default_feeds_keyboard(feeds: Sequence[object]) -> InlineKeyboardMarkup | None:
    """One button per default feed (OpmlFeed), subscribing with one tap."""
    buttons = [
        InlineKeyboardButton(
            f"+ {getattr(f, 'title', None) or mask_urls(getattr(f, 'url', ''))}"[:64],
            callback_data=encode_callback(SUBSCRIBE_DEFAULT, i),
        )
        for i, f in enumerate(feeds)
    ]
    return InlineKeyboardMarkup(_rows(buttons, 1)) if buttons else None


def unsubscribe_keyboard(feeds: Sequence[object]) -> InlineKeyboardMarkup:
    """One button per subscription (ChatFeed)."""
    buttons = []
    for item in feeds:
        feed = item.feed  # type: ignore[attr-defined]
        label = (feed.title or mask_urls(feed.url))[:BUTTON_NAME_CHARS]
        buttons.append(
            InlineKeyboardButton(f"✕ {label}", callback_data=encode_callback(UNSUBSCRIBE, feed.id))
        )
    return InlineKeyboardMarkup(_rows(buttons, 1))


def link_choice_keyboard(token: str, t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(t._("Summarize"), callback_data=encode_callback(LINK, "sum", token)),
                InlineKeyboardButton(t._("Subscribe"), callback_data=encode_callback(LINK, "sub", token)),
            ]
        ]
    )


def entity_keyboard(names: Sequence[str], t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(_rows([timeline_button(n, t) for n in names], 2))


def timeline_keyboard(query: str, t: Translator, *, full_sentences: bool = False) -> InlineKeyboardMarkup:
    """Under a timeline: the picture, and (under the short labels) the same timeline with whole sentences."""
    row = [
        InlineKeyboardButton(
            t._("Show as a picture"), callback_data=encode_callback(CHART, query, truncate=True)
        )
    ]
    if not full_sentences:
        row.append(
            InlineKeyboardButton(
                t._("Full sentences"), callback_data=encode_callback(TIMELINE_SENTENCES, query, truncate=True)
            )
        )
    return InlineKeyboardMarkup([row])


def upcoming_keyboard(
    events: Sequence[UpcomingEvent], every_event: bool, t: Translator
) -> InlineKeyboardMarkup:
    """Under /upcoming: a reminder for each of the first day-dated events, the calendar file, and the
    switch for a reminder of every event."""
    rows = [
        [
            InlineKeyboardButton(
                "🔔 "
                + t._(
                    "{date}: {event}",
                    date=t.skeleton(event.first_day, "MMMd"),
                    event=_button_text(event.label),
                ),
                callback_data=encode_callback(REMIND, event.report, event.first_day.strftime("%Y%m%d")),
            )
        ]
        for event in [e for e in events if e.granularity == "day"][:MAX_REMINDER_BUTTONS]
    ]
    every = (
        InlineKeyboardButton(
            t._("Stop reminding me of every event"), callback_data=encode_callback(REMIND_EVERY, "off")
        )
        if every_event
        else InlineKeyboardButton(
            t._("Remind me of every event"), callback_data=encode_callback(REMIND_EVERY, "on")
        )
    )
    rows.append([InlineKeyboardButton(t._("Calendar file (.ics)"), callback_data=UPCOMING_FILE), every])
    return InlineKeyboardMarkup(rows)


def _button_text(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= BUTTON_NAME_CHARS else text[: BUTTON_NAME_CHARS - 1].rstrip() + "…"


def more_keyboard(remaining: int, t: Translator) -> InlineKeyboardMarkup:
    """ "+N more" under /summary's briefings: the next ones (at most 10)."""
    label = t.ngettext("+{n} more", "+{n} more", remaining)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=encode_callback(MORE, min(remaining, 10)))]]
    )


def setting_label(name: str, value: str, t: Translator) -> str:
    """A setting's value as its button and the settings message show it: a cadence in words, a language
    by its own name (a reader who cannot read the current language still finds theirs), "auto" explained."""
    if name == "cadence":
        return cadence_label(value, t)
    if name == "language":
        if value in ("auto", ""):
            return t.pgettext("language setting", "automatic")
        return translator(value).language_name(value).capitalize() if value in LOCALES else value
    return value


def cadence_label(value: str, t: Translator) -> str:
    labels = {
        "daily": t.pgettext("cadence", "daily"),
        "weekdays": t.pgettext("cadence", "weekdays"),
        "weekly": t.pgettext("cadence", "weekly"),
        "instant": t.pgettext("cadence", "instant"),
        "off": t.pgettext("cadence", "off"),
    }
    return labels.get(value, value)


def settings_keyboard(
    current: object, t: Translator, *, forum: bool = False, here: int | None = None
) -> InlineKeyboardMarkup:
    """Rows of choices for each setting (ChatSettings); the current value is marked with a check. In a
    forum, a button sends the digest to the topic the panel is in (`here`; None: General), or back."""
    rows: list[list[InlineKeyboardButton]] = []
    values = {
        "cadence": getattr(current, "cadence", ""),
        "length": str(getattr(current, "summary_length", "")),
        "language": getattr(current, "language", ""),
    }
    for name, choices in SETTING_CHOICES.items():
        buttons = [
            InlineKeyboardButton(
                ("✓ " if values[name] == c else "") + setting_label(name, c, t),
                callback_data=encode_callback(SETTING, name, c),
            )
            for c in choices
        ]
        rows.extend(_rows(buttons, SETTING_ROW[name]))
    rows.append(
        [
            InlineKeyboardButton(t._("Digest time…"), callback_data=encode_callback(SETTING, "digest_time")),
            InlineKeyboardButton(t._("Time zone…"), callback_data=encode_callback(SETTING, "timezone")),
        ]
    )
    rows.append(
        [InlineKeyboardButton(t._("Keyword filters…"), callback_data=encode_callback(SETTING, "filters"))]
    )
    mode = getattr(current, "link_previews", previews.OFF)
    label = t._("🔗 Link previews: {mode}", mode=preview_label(mode, t))
    rows.append(
        [
            InlineKeyboardButton(
                label, callback_data=encode_callback(SETTING, "previews", previews.next_mode(mode))
            )
        ]
    )
    digest_topic = getattr(current, "digest_topic", None)
    if forum and here is not None and digest_topic != here:
        rows.append(
            [
                InlineKeyboardButton(
                    t._("🧵 Send digests to this topic"),
                    callback_data=encode_callback(SETTING, "topic", here),
                )
            ]
        )
    elif forum and digest_topic is not None:
        rows.append(
            [
                InlineKeyboardButton(
                    t._("🧵 Send digests to General"), callback_data=encode_callback(SETTING, "topic", 0)
                )
            ]
        )
    return InlineKeyboardMarkup(rows)


def topic_label(topic: int | None, here: int | None, t: Translator) -> str:
    """Where a forum's messages go, as the admin in topic `here` (None: General) reads it."""
    if topic is None:
        return t.pgettext("forum topic", "General")
    if topic == here:
        return t.pgettext("forum topic", "this topic")
    return t.pgettext("forum topic", "another topic")


def preview_label(mode: str | None, t: Translator) -> str:
    """A link previews choice (bot.delivery.previews) in words; None or "chat": a feed following its chat."""
    if mode == previews.EACH:
        return t.pgettext("link previews", "each item, small")
    if mode == previews.SINGLE:
        return t.pgettext("link previews", "single items only, large")
    if mode == previews.OFF:
        return t.pgettext("link previews", "off")
    return t.pgettext("link previews", "as the chat")


def feed_keyboard(
    feeds: Sequence[object], t: Translator, *, forum: bool = False, here: int | None = None
) -> InlineKeyboardMarkup | None:
    """Under /feeds, for admins: a row per feed (ChatFeed) with a button that cycles its link previews,
    the chat's choice first (bot.delivery.previews.FEED_MODES), and in a forum a 🧵 button: "Send here"
    moves the feed to the topic /feeds was sent in (`here`), "✓ Here" (it is here) and a feed's own topic
    seen from General send it back with the digest."""
    rows = []
    for item, button in zip(feeds, _preview_buttons(feeds, t), strict=False):
        row = [button]
        topic = getattr(item, "topic_id", None)
        feed_id = item.feed.id  # type: ignore[attr-defined]
        if forum and here is not None and topic != here:
            row.append(
                InlineKeyboardButton(
                    t._("🧵 Send here"), callback_data=encode_callback(FEED_TOPIC, feed_id, here)
                )
            )
        elif forum and topic is not None:
            label = t._("🧵 ✓ Here") if topic == here else t._("🧵 Back with the digest")
            row.append(InlineKeyboardButton(label, callback_data=encode_callback(FEED_TOPIC, feed_id, 0)))
        rows.append(row)
    return InlineKeyboardMarkup(rows) if rows else None


def _preview_buttons(feeds: Sequence[object], t: Translator) -> list[InlineKeyboardButton]:
    buttons = []
    for item in feeds[:MAX_FEED_BUTTONS]:
        feed, mode = item.feed, getattr(item, "link_previews", None) or previews.AS_CHAT  # type: ignore[attr-defined]
        name = feed.title or mask_urls(feed.url)
        name = name if len(name) <= BUTTON_NAME_CHARS else name[: BUTTON_NAME_CHARS - 1].rstrip() + "…"
        following = previews.next_mode(mode, previews.FEED_MODES)
        buttons.append(
            InlineKeyboardButton(
                t._("🔗 {feed}: previews {mode}", feed=name, mode=preview_label(mode, t)),
                callback_data=encode_callback(FEED_PREVIEWS, feed.id, following),
            )
        )
    return buttons


def filters_keyboard(filters: Sequence[KeywordFilter], t: Translator) -> InlineKeyboardMarkup:
    """One button per filter that removes it, then "Clear all" and back to the settings."""
    rows = [
        [
            InlineKeyboardButton(
                f"✕ {f.label()}"[:64], callback_data=encode_callback(SETTING, "filters", f"rm{f.key()}")
            )
        ]
        for f in filters
    ]
    footer = [InlineKeyboardButton("« " + t._("Settings"), callback_data=encode_callback(SETTINGS_PANEL))]
    if filters:
        footer.insert(
            0,
            InlineKeyboardButton(
                t._("Clear all"), callback_data=encode_callback(SETTING, "filters", "clear")
            ),
        )
    rows.append(footer)
    return InlineKeyboardMarkup(rows)


def _button_name(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= BUTTON_NAME_CHARS else name[: BUTTON_NAME_CHARS - 1].rstrip() + "…"


def follow_choices_keyboard(names: Sequence[str], t: Translator) -> InlineKeyboardMarkup:
    """One button per entity a /follow NAME may mean; the data carries the name, cut to fit if long."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    t._("Follow {name}", name=_button_name(n)),
                    callback_data=encode_callback(FOLLOW, " ".join(n.split()), truncate=True),
                )
            ]
            for n in names
        ]
    )


def follow_mute_markup(follow_id: int, name: str, t: Translator) -> dict[str, object]:
    """Bot API JSON of the mute button under an alert (the outbox stores it as it is)."""
    label = t._("Mute alerts about {name}", name=_button_name(name))
    return {"inline_keyboard": [[{"text": label, "callback_data": encode_callback(FOLLOW_MUTE, follow_id)}]]}


def follows_keyboard(follows: Sequence[object], t: Translator) -> InlineKeyboardMarkup | None:
    """Under /follow's list: for each follow (FollowRecord) a button to mute or unmute it, and one to drop it."""
    rows = []
    for follow in follows[:MAX_FEED_BUTTONS]:
        fid, name, muted = follow.id, follow.name, follow.muted  # type: ignore[attr-defined]
        toggle = (
            InlineKeyboardButton(
                t._("🔔 Unmute {name}", name=_button_name(name)),
                callback_data=encode_callback(FOLLOW_UNMUTE, fid),
            )
            if muted
            else InlineKeyboardButton(
                t._("🔕 Mute {name}", name=_button_name(name)),
                callback_data=encode_callback(FOLLOW_MUTE, fid),
            )
        )
        drop = InlineKeyboardButton(t._("✕ Unfollow"), callback_data=encode_callback(FOLLOW_DROP, fid))
        rows.append([toggle, drop])
    return InlineKeyboardMarkup(rows) if rows else None
