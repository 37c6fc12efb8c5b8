"""A local Bot API server for tests: real HTTP, strict like Telegram, scriptable from the test.

The bot under test talks to it exactly as it talks to Telegram (python-telegram-bot's ``base_url`` and
``base_file_url``); the test plays the users (``push_message``, ``push_callback``, ``push_document``) and
reads what the bot sent (``sent_messages``, ``wait_for``). Every answer that was not ``ok`` is kept in
``errors`` so a test can assert the bot never provoked one.

Two ways to run it:
- ``async with BotApiServer() as server:`` serves on the test's own event loop;
- ``with BotApiServer() as server:`` serves from a thread with its own loop, for a bot in a subprocess.

Inline mode: ``push_inline_query`` types ``@bot query`` for a user; ``answerInlineQuery`` is checked as
Telegram checks it (at most 50 results, unique ids of at most 64 bytes, each message valid HTML within
4,096 UTF-16 units, callback data within 64 bytes, one answer per query, none after ``inline_timeout``
seconds) and ``inline_answer`` / ``wait_for_inline_answer`` read what the user was offered.

``python -m tests.servers.botapi --port 8081`` serves until interrupted, for trying the bot by hand
(drive it with ``POST /_driver/push_message {"chat": 1, "user": 1, "text": "/start"}``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import itertools
import json
import math
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import tornado.httpserver
import tornado.httputil
import tornado.netutil
import tornado.web

DEFAULT_TOKEN = "123456789:TEST-bot-token_for-briefbot"
SEND_METHODS = frozenset({"sendmessage", "senddocument", "sendphoto"})
# Update kinds a bot receives only when it names them in allowed_updates (Telegram's default leaves them out).
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MAX_TEXT_UTF16 = 4096
MAX_CAPTION_UTF16 = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_INLINE_QUERY_CHARS = 256
MAX_INLINE_RESULTS = 50
MAX_RESULT_ID_BYTES = 64
INLINE_ANSWER_SECONDS = 10.0  # Telegram drops an inline query not answered within about 10 seconds
INLINE_RESULT_TYPES = frozenset(
    {
        "article",
        "photo",
        "gif",
        "mpeg4_gif",
        "video",
        "audio",
        "voice",
        "document",
        "location",
        "venue",
        "contact",
        "game",
        "sticker",
    }
)
INLINE_CHAT_TYPES = frozenset({"sender", "private", "group", "supergroup", "channel"})
QUERY_ID_INVALID = "query is too old and response timeout expired or query ID is invalid"
WEBHOOK_PORTS = frozenset({80, 88, 443, 8443})  # Telegram posts to these only
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})  # a local Bot API server posts anywhere
_START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
INLINE_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_INT_PARAMS = frozenset(
    {
        "chat_id",
        "message_id",
        "message_thread_id",
        "offset",
        "limit",
        "timeout",
        "user_id",
        "reply_to_message_id",
        "cache_time",
        "max_connections",
    }
)
_BOOL_PARAMS = frozenset(
    {
        "disable_web_page_preview",
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "allow_sending_without_reply",
        "disable_content_type_detection",
        "has_spoiler",
        "allow_paid_broadcast",
        "is_personal",
    }
)
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "link_preview_options",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "allowed_updates",
        "reply_parameters",
        "results",
        "button",
    }
)


# ---------------------------------------------------------------------------------------------------
# Telegram's HTML parse mode
# ---------------------------------------------------------------------------------------------------

_TAG_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_REF = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{0,15}));")
_TAG_NAME = re.compile(r"[a-zA-Z0-9-]*")
_ATTRIBUTE_NAME = re.compile(r"[a-zA-Z0-9-]*")
_UNQUOTED_VALUE = re.compile(r"[a-zA-Z0-9.\-_]*")


class EntityParseError(ValueError):
    """Telegram's "can't parse entities" answer; str(error) is the text after that prefix."""


@dataclass(frozen=True, slots=True)
class ParsedText:
    """Text as the user sees it, with its message entities (offsets in UTF-16 code units)."""

    text: str
    entities: tuple[dict[str, Any], ...]


@dataclass(slots=True)
class _OpenTag:
    name: str
    byte_offset: int
    start: int  # UTF-16 offset in the output text
    attributes: dict[str, str]


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: astral-plane characters (most emoji) count twice."""
    return len(text.encode("utf-16-le")) // 2


def parse_telegram_html(source: str) -> ParsedText:
    """Parse text in Telegram's HTML parse mode the way the Bot API does, raising EntityParseError.

    Stricter than Telegram in one way, on purpose: a stray ``&`` or an unknown named entity is an
    error (Telegram documents that they must be escaped, but silently passes some through).
    """
    out: list[str] = []
    out_len = 0
    stack: list[_OpenTag] = []
    entities: list[dict[str, Any]] = []
    i, n = 0, len(source)

    def byte_offset(pos: int) -> int:
        return len(source[:pos].encode("utf-8"))

    while i < n:
        char = source[i]
        if char == "&":
            decoded, i = _decode_entity_at(source, i, byte_offset)
            out.append(decoded)
            out_len += utf16_len(decoded)
        elif char == "<" and source.startswith("</", i):
            i = _close_tag(source, i, stack, entities, out_len, byte_offset)
        elif char == "<":
            tag, i = _open_tag(source, i, byte_offset)
            stack.append(dataclasses.replace(tag, start=out_len))
        else:
            out.append(char)
            out_len += utf16_len(char)
            i += 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), tuple(entities))


def _decode_entity_at(source: str, i: int, byte_offset: Callable[[int], int]) -> tuple[str, int]:
    match = _ENTITY_REF.match(source, i)
    if match is None:
        raise EntityParseError(f"Character '&' must be escaped as &amp; at byte offset {byte_offset(i)}")
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        if name not in _NAMED_ENTITIES:
            raise EntityParseError(f'Unsupported HTML entity "&{name};" at byte offset {byte_offset(i)}')
        return _NAMED_ENTITIES[name], match.end()
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise EntityParseError(f"Invalid numeric HTML entity at byte offset {byte_offset(i)}")
    return chr(code), match.end()


def _open_tag(source: str, i: int, byte_offset: Callable[[int], int]) -> tuple[_OpenTag, int]:
    begin = i
    name_match = _TAG_NAME.match(source, i + 1)
    assert name_match is not None
    name = name_match.group().lower()
    if not name:
        raise EntityParseError(f"Character '<' must be escaped as &lt; at byte offset {byte_offset(begin)}")
    if name not in _TAG_ENTITY:
        raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {byte_offset(begin)}')
    i = name_match.end()
    attributes: dict[str, str] = {}
    while True:
        while i < len(source) and source[i].isspace():
            i += 1
        if i >= len(source):
            raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset(begin)}")
        if source[i] == ">":
            break
        attribute = _ATTRIBUTE_NAME.match(source, i)
        assert attribute is not None
        attribute_name = attribute.group().lower()
        if not attribute_name:
            raise EntityParseError(
                f'Empty attribute name in the tag "{name}" at byte offset {byte_offset(i)}'
            )
        i = attribute.end()
        while i < len(source) and source[i].isspace():
            i += 1
        if i < len(source) and source[i] != "=":
            attributes[attribute_name] = ""  # a bare attribute, e.g. <blockquote expandable>
            continue
        i += 1
        while i < len(source) and source[i].isspace():
            i += 1
        if i >= len(source):
            raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset(begin)}")
        if source[i] in "\"'":
            quote = source[i]
            end = source.find(quote, i + 1)
            if end < 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {byte_offset(begin)}")
            raw_value = source[i + 1 : end]
            i = end + 1
        else:
            value_match = _UNQUOTED_VALUE.match(source, i)
            assert value_match is not None
            raw_value = value_match.group()
            i = value_match.end()
        if "<" in raw_value:
            raise EntityParseError(f"Character '<' in an attribute value at byte offset {byte_offset(i)}")
        attributes[attribute_name] = _decode_attribute(raw_value, i, byte_offset)
    if name == "span" and attributes.get("class") != "tg-spoiler":
        raise EntityParseError(f'Tag "span" must have class "tg-spoiler" at byte offset {byte_offset(begin)}')
    if name == "tg-emoji" and not attributes.get("emoji-id"):
        raise EntityParseError(
            f'Tag "tg-emoji" must have attribute "emoji-id" at byte offset {byte_offset(begin)}'
        )
    return _OpenTag(name, byte_offset(begin), 0, attributes), i + 1


def _decode_attribute(raw: str, position: int, byte_offset: Callable[[int], int]) -> str:
    parts: list[str] = []
    j = 0
    while j < len(raw):
        if raw[j] == "&":
            match = _ENTITY_REF.match(raw, j)
            if match is None:
                raise EntityParseError(
                    f"Character '&' must be escaped as &amp; at byte offset {byte_offset(position)}"
                )
            decoded, _ = _decode_entity_at(raw, j, lambda _: byte_offset(position))
            parts.append(decoded)
            j = match.end()
        else:
            parts.append(raw[j])
            j += 1
    return "".join(parts)


def _close_tag(
    source: str,
    i: int,
    stack: list[_OpenTag],
    entities: list[dict[str, Any]],
    out_len: int,
    byte_offset: Callable[[int], int],
) -> int:
    begin = i
    name_match = _TAG_NAME.match(source, i + 2)
    assert name_match is not None
    name = name_match.group().lower()
    i = name_match.end()
    while i < len(source) and source[i].isspace():
        i += 1
    if i >= len(source) or source[i] != ">":
        raise EntityParseError(f"Unclosed end tag at byte offset {byte_offset(begin)}")
    if not stack:
        raise EntityParseError(f"Unexpected end tag at byte offset {byte_offset(begin)}")
    tag = stack.pop()
    if tag.name != name:
        raise EntityParseError(
            f'Unmatched end tag at byte offset {byte_offset(begin)}, expected "</{tag.name}>", found "</{name}>"'
        )
    entity = _entity_for(tag, out_len, stack)
    if entity is not None:
        entities.append(entity)
    return i + 1


def _entity_for(tag: _OpenTag, end: int, stack: list[_OpenTag]) -> dict[str, Any] | None:
    if end == tag.start:
        return None  # Telegram drops empty entities
    entity: dict[str, Any] = {"type": _TAG_ENTITY[tag.name], "offset": tag.start, "length": end - tag.start}
    if tag.name == "a":
        url = tag.attributes.get("href", "")
        if not re.match(r"(?i)(https?|tg|mailto):", url):
            return None  # Telegram silently drops links it cannot open
        entity["url"] = url
    elif tag.name == "code":
        language = tag.attributes.get("class", "")
        if language.startswith("language-") and stack and stack[-1].name == "pre":
            stack[-1].attributes["language"] = language.removeprefix("language-")
            return None
    elif tag.name == "pre" and tag.attributes.get("language"):
        entity["language"] = tag.attributes["language"]
    elif tag.name == "blockquote" and "expandable" in tag.attributes:
        entity["type"] = "expandable_blockquote"
    elif tag.name == "tg-emoji":
        entity["custom_emoji_id"] = tag.attributes["emoji-id"]
    return entity


# ---------------------------------------------------------------------------------------------------
# Answers and records
# ---------------------------------------------------------------------------------------------------


class ApiError(Exception):
    """An answer that is not ok, exactly as Telegram words it."""

    def __init__(self, status: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.status, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(what: str) -> ApiError:
    return ApiError(400, f"Bad Request: {what}")


@dataclass(frozen=True, slots=True)
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    file_name: str | None
    mime_type: str | None
    content: bytes

    def to_api(self) -> dict[str, Any]:
        info: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.content),
        }
        if self.file_name:
            info["file_name"] = self.file_name
        if self.mime_type:
            info["mime_type"] = self.mime_type
        return info


def keyboard_buttons(markup: dict[str, Any] | None) -> tuple[dict[str, Any], ...]:
    """An inline keyboard's buttons, row by row, flattened."""
    rows = (markup or {}).get("inline_keyboard") or ()
    return tuple(button for row in rows for button in row)


@dataclass(frozen=True, slots=True)
class SentMessage:
    """A message in a chat, as the server holds it (the bot's, or one a test user pushed)."""

    chat_id: int
    message_id: int
    from_bot: bool
    text: str | None  # as the user sees it, after entity parsing
    source: str | None  # as the bot sent it (the HTML)
    parse_mode: str | None
    entities: tuple[dict[str, Any], ...] = ()
    reply_markup: dict[str, Any] | None = None
    message_thread_id: int | None = None
    reply_to_message_id: int | None = None
    link_preview_disabled: bool = False
    link_preview_options: dict[str, Any] | None = None
    document: StoredFile | None = None
    photo: StoredFile | None = None
    caption: str | None = None
    edits: int = 0
    deleted: bool = False
    date: int = 0

    @property
    def buttons(self) -> tuple[dict[str, Any], ...]:
        """The inline keyboard's buttons, row by row, flattened."""
        return keyboard_buttons(self.reply_markup)


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    method: str
    params: dict[str, Any]
    status: int
    description: str | None  # None when the answer was ok
    injected: bool = False  # the answer came from fail_next/storm_429, not from the request itself


@dataclass(frozen=True, slots=True)
class ChatAction:
    chat_id: int
    action: str
    message_thread_id: int | None


@dataclass(frozen=True, slots=True)
class CallbackQueryRecord:
    query_id: str
    chat_id: int
    user_id: int
    data: str
    message_id: int
    answered: bool = False
    answer_text: str | None = None
    show_alert: bool = False


@dataclass(frozen=True, slots=True)
class OfferedResult:
    """One inline result as the user sees it in the list, and the message it sends when chosen."""

    id: str
    type: str
    title: str | None
    description: str | None
    text: str | None  # the message as the user sees it, after entity parsing
    source: str | None  # the message as the bot sent it (the HTML)
    entities: tuple[dict[str, Any], ...]
    reply_markup: dict[str, Any] | None  # its buttons: keyboard_buttons(reply_markup)


@dataclass(frozen=True, slots=True)
class InlineQueryRecord:
    """An inline query a test user typed, and the bot's answer once it came."""

    query_id: str
    user_id: int
    query: str
    pushed_at: float
    answered: bool = False
    results: tuple[OfferedResult, ...] = ()
    cache_time: int | None = None
    is_personal: bool = False
    button: dict[str, Any] | None = None
    answered_after: float | None = None  # seconds from the push to the answer


@dataclass(slots=True)
class ForumTopic:
    """A topic of a forum supergroup; its id is the id of the service message that created it."""

    message_thread_id: int
    name: str
    icon_color: int = 7322096
    closed: bool = False

    def to_api(self) -> dict[str, Any]:
        return {"message_thread_id": self.message_thread_id, "name": self.name, "icon_color": self.icon_color}


TOPIC_ICON_COLORS = frozenset({7322096, 16766590, 13338331, 9367192, 16749490, 16478047})
MAX_TOPIC_NAME_CHARS = 128


@dataclass(slots=True)
class _Chat:
    id: int
    type: str
    title: str | None = None
    username: str | None = None
    first_name: str | None = None
    is_forum: bool = False
    admins: tuple[int, ...] = ()
    members: set[int] = field(default_factory=set)
    topics: dict[int, ForumTopic] = field(default_factory=dict)  # open or closed; deleted ones are gone
    deleted_topics: set[int] = field(default_factory=set)
    refusal: ApiError | None = None  # blocked, deactivated, kicked, migrated

    def to_api(self) -> dict[str, Any]:
        info: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name"):
            if getattr(self, key):
                info[key] = getattr(self, key)
        if self.is_forum:
            info["is_forum"] = True
        return info


_ADMIN_RIGHTS = {
    "can_be_edited": False,
    "is_anonymous": False,
    "can_manage_chat": True,
    "can_delete_messages": True,
    "can_manage_video_chats": False,
    "can_restrict_members": False,
    "can_promote_members": False,
    "can_change_info": False,
    "can_invite_users": True,
    "can_post_stories": False,
    "can_edit_stories": False,
    "can_delete_stories": False,
    "can_post_messages": True,
}


@dataclass(slots=True)
class _Injected:
    error: ApiError
    methods: frozenset[str] | None
    lose_reply: bool = False  # process the request, then drop the connection without answering


@dataclass(slots=True)
class _SlidingWindow:
    limit: int
    seconds: float
    times: deque[float] = field(default_factory=deque)

    def retry_after(self, now: float) -> int | None:
        while self.times and self.times[0] <= now - self.seconds:
            self.times.popleft()
        if len(self.times) < self.limit:
            return None
        return max(1, math.ceil(self.times[0] + self.seconds - now))


@dataclass(frozen=True, slots=True)
class RateLimits:
    """Telegram's sending limits (FAQ): per private chat, per group or channel, and overall."""

    private_per_second: int = 1
    group_per_minute: int = 20
    global_per_second: int = 30
    paid_broadcast_per_second: int = 1000  # messages sent with allow_paid_broadcast (paid in Stars)


class _Limiter:
    def __init__(self, limits: RateLimits) -> None:
        self.limits = limits
        self.overall = _SlidingWindow(limits.global_per_second, 1.0)
        self.paid = _SlidingWindow(limits.paid_broadcast_per_second, 1.0)
        self.chats: dict[int, _SlidingWindow] = {}

    def _chat_window(self, chat: _Chat) -> _SlidingWindow:
        window = self.chats.get(chat.id)
        if window is None:
            if chat.type == "private":
                window = _SlidingWindow(self.limits.private_per_second, 1.0)
            else:
                window = _SlidingWindow(self.limits.group_per_minute, 60.0)
            self.chats[chat.id] = window
        return window

    def check(self, chat: _Chat, now: float, *, paid: bool = False) -> int | None:
        """A paid broadcast is outside the free overall limit (its own 1000/s), not the per-chat one."""
        overall = self.paid if paid else self.overall
        waits = [w for w in (self._chat_window(chat).retry_after(now), overall.retry_after(now)) if w]
        return max(waits) if waits else None

    def record(self, chat: _Chat, now: float, *, paid: bool = False) -> None:
        self._chat_window(chat).times.append(now)
        (self.paid if paid else self.overall).times.append(now)


# ---------------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------------


class BotApiServer:
    """A Bot API server on 127.0.0.1 with a random port. See the module docstring."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        limits: bool = False,
        rate_limits: RateLimits = RateLimits(),
        bot_username: str = "briefbot_test_bot",
        port: int = 0,
        clock: Callable[[], float] = time.monotonic,
        inline_timeout: float = INLINE_ANSWER_SECONDS,
    ) -> None:
        self.token = token
        self.inline_timeout = inline_timeout
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.limits = limits
        self._limiter = _Limiter(rate_limits)
        self.paid_broadcasts = 0  # sends that asked for allow_paid_broadcast
        self._clock = clock
        self._port = port
        self._lock = threading.RLock()
        self.requests: list[RecordedRequest] = []
        self.errors: list[RecordedRequest] = []
        self.chat_actions: list[ChatAction] = []
        self.webhook: dict[str, Any] | None = None
        self.webhook_failures: list[str] = []
        self.allowed_updates: list[str] | None = None
        self._chats: dict[int, _Chat] = {}
        self._users: dict[int, dict[str, Any]] = {}
        self._messages: dict[tuple[int, int], SentMessage] = {}
        self._history: list[tuple[int, int]] = []  # (chat, message) in the order they were created
        self._next_message_id: dict[int, int] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._callbacks: dict[str, CallbackQueryRecord] = {}
        self._callback_ids = itertools.count(1)
        self._inline: dict[str, InlineQueryRecord] = {}
        self._inline_ids = itertools.count(1)
        self._files: dict[str, StoredFile] = {}
        self._file_ids = itertools.count(1)
        self._commands: dict[str, list[dict[str, Any]]] = {}
        self._injected: deque[_Injected] = deque()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._http: tornado.httpserver.HTTPServer | None = None
        self._updates_event: asyncio.Event | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._closing = False
        self._thread: threading.Thread | None = None

    # -- addresses ---------------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """For ApplicationBuilder().base_url(...): the token and method are appended."""
        return f"http://127.0.0.1:{self._port}/bot"

    @property
    def file_url(self) -> str:
        """For ApplicationBuilder().base_file_url(...)."""
        return f"http://127.0.0.1:{self._port}/file/bot"

    # -- running -----------------------------------------------------------------------------------
    async def start(self) -> None:
        """Serve; after `stop`, starting again serves the same state on the same port (a restart)."""
        self._closing = False
        self._loop = asyncio.get_running_loop()
        self._updates_event = asyncio.Event()
        app = tornado.web.Application(
            [
                (r"/bot([^/]+)/([A-Za-z]+)", _MethodHandler, {"server": self}),
                (r"/file/bot([^/]+)/(.+)", _FileHandler, {"server": self}),
                (r"/_driver/([a-z_0-9]+)", _DriverHandler, {"server": self}),
            ],
            log_function=lambda handler: None,
        )
        self._http = tornado.httpserver.HTTPServer(app)
        sockets = tornado.netutil.bind_sockets(self._port, "127.0.0.1")
        self._port = sockets[0].getsockname()[1]
        self._http.add_sockets(sockets)

    async def stop(self) -> None:
        self._closing = True
        self._wake_pollers()
        if self._webhook_task:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
        if self._http:
            self._http.stop()
            await asyncio.sleep(0)  # let long polls see the wake-up and answer
            await self._http.close_all_connections()

    async def __aenter__(self) -> BotApiServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    def __enter__(self) -> BotApiServer:
        """Serve from a thread with its own event loop (for a bot in another process or thread)."""
        ready = threading.Event()
        loop = asyncio.new_event_loop()

        def serve() -> None:
            asyncio.set_event_loop(loop)
            loop.run_until_complete(self.start())
            ready.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._thread = threading.Thread(target=serve, name="bot-api-server", daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._loop is not None and self._thread is not None
        asyncio.run_coroutine_threadsafe(self.stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    # -- the test's side: users and chats ----------------------------------------------------------
    def add_user(
        self, user_id: int, *, first_name: str | None = None, username: str | None = None, language_code="en"
    ) -> None:
        with self._lock:
            self._users[user_id] = {
                "id": user_id,
                "is_bot": False,
                "first_name": first_name or f"User {user_id}",
                "username": username or f"user{user_id}",
                "language_code": language_code,
            }

    def add_chat(
        self,
        chat_id: int,
        *,
        chat_type: str | None = None,
        title: str | None = None,
        username: str | None = None,
        is_forum: bool = False,
    ) -> None:
        """Make a chat known (Telegram answers "chat not found" for any other)."""
        with self._lock:
            kind = chat_type or _chat_type_for(chat_id)
            chat = self._chats.get(chat_id) or _Chat(chat_id, kind)
            chat.type = kind
            chat.title = title or chat.title or (None if kind == "private" else f"Chat {chat_id}")
            chat.first_name = f"User {chat_id}" if kind == "private" else None
            chat.username = username or chat.username
            chat.is_forum = is_forum or chat.is_forum
            self._chats[chat_id] = chat

    def set_admins(self, chat_id: int, user_ids: Iterable[int], *, report: bool = False) -> None:
        """The first one is the chat's creator. Include server.bot_id to make the bot an admin.

        With `report` (a promotion or demotion while the bot runs), each user whose status changed gets a
        `chat_member` update, as Telegram sends one: only while the bot is an admin of the chat, and only
        to a bot that asked for "chat_member" in allowed_updates."""
        admins = tuple(user_ids)
        with self._lock:
            chat = self._known_chat(chat_id)
            people = [
                u for u in dict.fromkeys((*chat.admins, *admins)) if u != self.bot_id and u in self._users
            ]
            before = {u: self._member(chat, u) for u in people}
            chat.admins = admins
            if not report or self.bot_id not in admins:
                return
            by = self._users.get(admins[0]) or self._api_getme({})
            for user, old in before.items():
                new = self._member(chat, user)
                if new["status"] != old["status"]:
                    body = {
                        "chat": chat.to_api(),
                        "from": {k: by[k] for k in ("id", "is_bot", "first_name", "username") if k in by},
                        "date": int(time.time()),
                        "old_chat_member": old,
                        "new_chat_member": new,
                    }
                    self._queue_update("chat_member", body)

    def block(self, chat_id: int) -> None:
        self._refuse(chat_id, ApiError(403, "Forbidden: bot was blocked by the user"))

    def deactivate(self, chat_id: int) -> None:
        self._refuse(chat_id, ApiError(403, "Forbidden: user is deactivated"))

    def kick(self, chat_id: int) -> None:
        kind = self._known_chat(chat_id).type
        where = (
            "channel chat"
            if kind == "channel"
            else "supergroup chat"
            if kind == "supergroup"
            else "group chat"
        )
        self._refuse(chat_id, ApiError(403, f"Forbidden: bot was kicked from the {where}"))

    def migrate(self, chat_id: int, new_id: int) -> None:
        """A group upgraded to a supergroup: the old id answers 400 with migrate_to_chat_id."""
        with self._lock:
            old = self._known_chat(chat_id)
            self.add_chat(new_id, chat_type="supergroup", title=old.title)
            self._chats[new_id].admins = old.admins
            self._chats[new_id].members = set(old.members)
        error = bad_request("group chat was upgraded to a supergroup chat")
        error.parameters = {"migrate_to_chat_id": new_id}
        self._refuse(chat_id, error)

    def create_topic(self, chat_id: int, name: str) -> int:
        """An admin creates a topic in a forum supergroup (made one if it was not); returns its
        message_thread_id."""
        with self._lock:
            chat = self._known_chat(chat_id)
            chat.type, chat.is_forum = "supergroup", True
            return self._new_topic(chat, name).message_thread_id

    def close_topic(self, chat_id: int, thread: int, *, closed: bool = True) -> None:
        """An admin closes (or, with closed=False, reopens) a topic: only admins may post there now."""
        with self._lock:
            self._set_topic_closed(self._known_chat(chat_id), {"message_thread_id": thread}, closed=closed)

    def delete_topic(self, chat_id: int, thread: int) -> None:
        """An admin deletes a topic with its messages: sending there is "message thread not found"."""
        with self._lock:
            self._drop_topic(self._known_chat(chat_id), thread)

    def topics(self, chat_id: int) -> list[ForumTopic]:
        with self._lock:
            return [dataclasses.replace(t) for t in self._known_chat(chat_id).topics.values()]

    def unblock(self, chat_id: int) -> None:
        with self._lock:
            self._known_chat(chat_id).refusal = None

    def change_bot_status(self, chat_id: int, user: int, new: str) -> int:
        """The bot's own membership changes as Telegram reports it in a `my_chat_member` update: a user
        blocks ("kicked") or unblocks ("member") it in a private chat, a group or channel removes ("left",
        "kicked") or adds it back ("member", "administrator"). Sends are refused while the bot is out."""
        out = new in {"left", "kicked"}
        with self._lock:
            chat = self._known_chat(chat_id)
            self._ensure_user(user)
            old = "member" if out else "kicked" if chat.type == "private" else "left"
            body = {
                "chat": chat.to_api(),
                "from": self._users[user],
                "date": int(time.time()),
                "old_chat_member": self._bot_member(old),
                "new_chat_member": self._bot_member(new),
            }
        if out and chat.type == "private":
            self.block(chat_id)
        elif out:
            self.kick(chat_id)
        else:
            self.unblock(chat_id)
        return self.push_update("my_chat_member", body)

    def _bot_member(self, status: str) -> dict[str, Any]:
        member: dict[str, Any] = {"user": self._api_getme({}), "status": status}
        if status == "kicked":
            member["until_date"] = 0
        if status == "administrator":
            member.update(_ADMIN_RIGHTS)
        return member

    def _refuse(self, chat_id: int, error: ApiError) -> None:
        with self._lock:
            self._known_chat(chat_id).refusal = error

    # -- the test's side: failures -----------------------------------------------------------------
    def fail_next(
        self, n: int = 1, status: int = 502, *, methods: Collection[str] | None = SEND_METHODS
    ) -> None:
        """The next n matching requests fail with a 5xx (or any status), before doing anything."""
        description = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
        error = ApiError(status, description.get(status, f"Error {status}"))
        self._inject(n, error, methods)

    def storm_429(
        self, n: int, retry_after: int = 1, *, methods: Collection[str] | None = SEND_METHODS
    ) -> None:
        error = ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        self._inject(n, error, methods)

    def lose_reply_next(self, n: int = 1, *, methods: Collection[str] | None = SEND_METHODS) -> None:
        """The next n matching requests take effect, but the connection drops before the answer."""
        with self._lock:
            for _ in range(n):
                frozen = frozenset(m.lower() for m in methods) if methods is not None else None
                self._injected.append(_Injected(ApiError(0, "connection lost"), frozen, lose_reply=True))

    def _inject(self, n: int, error: ApiError, methods: Collection[str] | None) -> None:
        frozen = frozenset(m.lower() for m in methods) if methods is not None else None
        with self._lock:
            self._injected.extend(_Injected(error, frozen) for _ in range(n))

    # -- the test's side: updates ------------------------------------------------------------------
    def push_message(
        self,
        chat: int,
        user: int,
        text: str,
        *,
        chat_type: str | None = None,
        message_thread_id: int | None = None,
        entities: list[dict[str, Any]] | None = None,
        reply_to_message_id: int | None = None,
    ) -> SentMessage:
        """A user writes in a chat. /commands and http(s) links get their entities, as in Telegram."""
        with self._lock:
            found = entities if entities is not None else _auto_entities(text)
            message = self._user_message(
                chat, user, chat_type, message_thread_id, text=text, entities=tuple(found)
            )
            body = self._message_api(message)
            body["from"] = self._users[user]
            if reply_to_message_id is not None:
                replied = self._messages.get((chat, reply_to_message_id))
                if replied:
                    body["reply_to_message"] = self._message_api(replied)
            self._queue_update("message", body)
            return message

    def push_document(
        self,
        chat: int,
        user: int,
        filename: str,
        content: bytes,
        *,
        mime_type: str | None = None,
        caption: str | None = None,
        chat_type: str | None = None,
        message_thread_id: int | None = None,
    ) -> SentMessage:
        """A user sends a file; getFile and the download URL then serve it."""
        with self._lock:
            stored = self._store_file("documents", filename, mime_type, content)
            message = self._user_message(
                chat, user, chat_type, message_thread_id, document=stored, caption=caption
            )
            body = self._message_api(message)
            body["from"] = self._users[user]
            self._queue_update("message", body)
            return message

    def push_callback(self, chat: int, user: int, data: str, message_id: int) -> str:
        """A user taps an inline button under message_id; returns the callback query id."""
        with self._lock:
            self._ensure_user(user)
            message = self._messages.get((chat, message_id))
            if message is None:
                raise KeyError(f"no message {message_id} in chat {chat}")
            query_id = f"cb{next(self._callback_ids)}"
            self._callbacks[query_id] = CallbackQueryRecord(query_id, chat, user, data, message_id)
            query = {
                "id": query_id,
                "from": self._users[user],
                "message": self._message_api(message),
                "chat_instance": f"ci{chat}",
                "data": data,
            }
            self._queue_update("callback_query", query)
            return query_id

    def push_inline_query(
        self, user: int, query: str, *, chat_type: str | None = "sender", offset: str = ""
    ) -> str:
        """A user types `@bot query` in some chat (`chat_type` as Telegram reports it); returns the inline
        query id. Telegram's client sends at most 256 characters."""
        if len(query) > MAX_INLINE_QUERY_CHARS:
            raise ValueError(f"Telegram sends at most {MAX_INLINE_QUERY_CHARS} characters of an inline query")
        if chat_type is not None and chat_type not in INLINE_CHAT_TYPES:
            raise ValueError(f"no inline chat type {chat_type!r}")
        with self._lock:
            self._ensure_user(user)
            query_id = f"iq{next(self._inline_ids)}"
            self._inline[query_id] = InlineQueryRecord(query_id, user, query, time.monotonic())
            body: dict[str, Any] = {
                "id": query_id,
                "from": self._users[user],
                "query": query,
                "offset": offset,
            }
            if chat_type is not None:
                body["chat_type"] = chat_type
            self._queue_update("inline_query", body)
            return query_id

    def push_update(self, kind: str, body: dict[str, Any]) -> int:
        """Any other update, in Bot API JSON (e.g. "my_chat_member")."""
        with self._lock:
            return self._queue_update(kind, body)

    def _user_message(
        self,
        chat_id: int,
        user: int,
        chat_type: str | None,
        message_thread_id: int | None,
        **fields: Any,
    ) -> SentMessage:
        self._ensure_user(user)
        if chat_id not in self._chats or chat_type:
            self.add_chat(chat_id, chat_type=chat_type, is_forum=message_thread_id is not None)
        chat = self._chats[chat_id]
        chat.members.add(user)
        if (
            message_thread_id is not None
            and chat.type != "private"
            and message_thread_id not in chat.deleted_topics  # a stale update from a deleted topic
            and message_thread_id not in chat.topics
        ):
            chat.topics[message_thread_id] = ForumTopic(message_thread_id, f"Topic {message_thread_id}")
            chat.is_forum = True
        message = SentMessage(
            chat_id=chat_id,
            message_id=self._new_message_id(chat_id),
            from_bot=False,
            text=fields.pop("text", None),
            source=None,
            parse_mode=None,
            message_thread_id=message_thread_id,
            date=int(time.time()),
            **fields,
        )
        self._remember(message)
        return message

    def _ensure_user(self, user: int) -> None:
        if user not in self._users:
            self.add_user(user)

    def _queue_update(self, kind: str, body: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        if kind in OPT_IN_UPDATES and kind not in (self.allowed_updates or ()):
            return update_id  # Telegram keeps these only for a bot that listed them in allowed_updates
        self._updates.append({"update_id": update_id, kind: body})
        self._wake_pollers()
        return update_id

    def _wake_pollers(self) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._set_updates_event)

    def _set_updates_event(self) -> None:
        assert self._updates_event is not None
        self._updates_event.set()
        self._updates_event = asyncio.Event()
        if self.webhook and (self._webhook_task is None or self._webhook_task.done()):
            self._webhook_task = asyncio.ensure_future(self._deliver_to_webhook())

    # -- the test's side: what happened ------------------------------------------------------------
    def sent_messages(
        self, chat_id: int | None = None, *, include_deleted: bool = False
    ) -> list[SentMessage]:
        """The bot's messages (current state, after edits) in the order they were sent."""
        with self._lock:
            found = [self._messages[key] for key in self._history]
        return [
            m
            for m in found
            if m.from_bot and (chat_id is None or m.chat_id == chat_id) and (include_deleted or not m.deleted)
        ]

    def message(self, chat_id: int, message_id: int) -> SentMessage:
        with self._lock:
            return self._messages[(chat_id, message_id)]

    def callback_queries(self) -> list[CallbackQueryRecord]:
        with self._lock:
            return list(self._callbacks.values())

    def inline_queries(self) -> list[InlineQueryRecord]:
        with self._lock:
            return list(self._inline.values())

    def inline_answer(self, query_id: str) -> InlineQueryRecord | None:
        """The query once the bot answered it, else None."""
        with self._lock:
            record = self._inline.get(query_id)
        return record if record is not None and record.answered else None

    async def wait_for_inline_answer(self, query_id: str, timeout: float = 15.0) -> InlineQueryRecord:
        return await self.wait_for(lambda: self.inline_answer(query_id), timeout)

    def unanswered_callbacks(self) -> list[CallbackQueryRecord]:
        return [c for c in self.callback_queries() if not c.answered]

    def calls(self, method: str) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.method.lower() == method.lower()]

    def commands(self, scope: str = "default", language_code: str = "") -> list[dict[str, Any]]:
        with self._lock:
            return list(self._commands.get(f"{scope}:{language_code}", []))

    def file(self, file_id: str) -> StoredFile:
        with self._lock:
            return self._files[file_id]

    def pending_updates(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._updates)

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until predicate() is truthy and return its value; TimeoutError says what was sent."""
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met in {timeout}s; {self.describe()}")
            await asyncio.sleep(0.01)

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[SentMessage], bool] = lambda m: True,
        *,
        after: int = 0,
        timeout: float = 10.0,
    ) -> SentMessage:
        """The first bot message in chat_id (after message id `after`) that matches."""

        def found() -> SentMessage | None:
            return next(
                (m for m in self.sent_messages(chat_id) if m.message_id > after and predicate(m)), None
            )

        return await self.wait_for(found, timeout)

    def describe(self) -> str:
        with self._lock:
            sent = [(m.chat_id, (m.text or m.caption or "")[:80]) for m in self.sent_messages()][-5:]
            errors = [(e.method, e.description) for e in self.errors][-5:]
            methods = [r.method for r in self.requests][-10:]
        return f"last sent: {sent}; last errors: {errors}; last requests: {methods}"

    # -- the bot's side: dispatch ------------------------------------------------------------------
    def handle(
        self, token: str, method: str, params: dict[str, Any], *, record_ok: bool = True
    ) -> tuple[Any, bool]:
        """Run one Bot API call; returns (result, lose_reply) or raises ApiError. Records the answer."""
        name = method.lower()
        injected = False
        lose_reply = False
        try:
            if token != self.token:
                raise ApiError(401, "Unauthorized")
            handler = getattr(self, f"_api_{name}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            with self._lock:
                trap = self._take_injected(name)
                if trap is not None and not trap.lose_reply:
                    injected = True
                    raise trap.error
                lose_reply = trap is not None
                result = handler(params)
        except ApiError as error:
            self._record(method, params, error.status, error.description, injected)
            raise
        if record_ok:
            self._record(method, params, 200, None, False)
        return result, lose_reply

    def record_answer(self, method: str, params: dict[str, Any], error: ApiError) -> None:
        self._record(method, params, error.status, error.description, False)

    def _take_injected(self, name: str) -> _Injected | None:
        for index, trap in enumerate(self._injected):
            if trap.methods is None or name in trap.methods:
                del self._injected[index]
                return trap
        return None

    def _record(
        self, method: str, params: dict[str, Any], status: int, description: str | None, injected: bool
    ):
        shown = {k: (v.to_api() if isinstance(v, StoredFile) else v) for k, v in params.items()}
        record = RecordedRequest(method, shown, status, description, injected)
        with self._lock:
            self.requests.append(record)
            if description is not None:
                self.errors.append(record)

    # -- the bot's side: methods -------------------------------------------------------------------
    def _api_getme(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Briefbot (test)",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _api_close(self, params: dict[str, Any]) -> bool:
        return True

    def _api_logout(self, params: dict[str, Any]) -> bool:
        return True

    def _api_setwebhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return self._api_deletewebhook(params)
        if not re.match(r"https?://", url):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        parts = urlsplit(url)
        if parts.hostname not in LOOPBACK_HOSTS and (parts.port or 443) not in WEBHOOK_PORTS:
            raise bad_request("bad webhook: Webhook can be set up only on ports 80, 88, 443 or 8443")
        self.webhook = {"url": url, "secret_token": params.get("secret_token")}
        if params.get("allowed_updates") is not None:
            self.allowed_updates = list(params["allowed_updates"])
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._wake_pollers()
        return True

    def _api_deletewebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _api_getwebhookinfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _api_getupdates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The immediate answer; the HTTP handler does the long-poll wait around it."""
        if self.webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        if params.get("allowed_updates") is not None:
            self.allowed_updates = list(params["allowed_updates"]) or None
        if self.allowed_updates:
            self._updates = [u for u in self._updates if _update_kind(u) in self.allowed_updates]
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        return self._updates[:limit]

    def _api_sendmessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._sendable_chat(params)
        parsed = self._parsed(params.get("text"), params.get("parse_mode"), params.get("entities"))
        if not parsed.text.strip():
            raise bad_request("message text is empty")
        if utf16_len(parsed.text) > MAX_TEXT_UTF16:
            raise bad_request("message is too long")
        markup = _checked_markup(params.get("reply_markup"))
        thread, reply_to = self._thread_and_reply(chat, params)
        previews = _link_preview_options(params)
        self._count_send(chat, params)
        message = SentMessage(
            chat_id=chat.id,
            message_id=self._new_message_id(chat.id),
            from_bot=True,
            text=parsed.text,
            source=params.get("text"),
            parse_mode=params.get("parse_mode"),
            entities=parsed.entities,
            reply_markup=markup,
            message_thread_id=thread,
            reply_to_message_id=reply_to,
            link_preview_disabled=bool(previews.get("is_disabled")),
            link_preview_options=previews or None,
            date=int(time.time()),
        )
        self._remember(message)
        return self._message_api(message)

    def _api_senddocument(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._send_file(params, "document")

    def _api_sendphoto(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._send_file(params, "photo")

    def _send_file(self, params: dict[str, Any], kind: str) -> dict[str, Any]:
        chat = self._sendable_chat(params)
        upload = params.get(kind)
        if isinstance(upload, StoredFile):
            stored = upload
        elif isinstance(upload, str) and upload in self._files:
            stored = self._files[upload]
        elif upload is None:
            raise bad_request(f"there is no {kind} in the request")
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        caption = None
        entities: tuple[dict[str, Any], ...] = ()
        if params.get("caption"):
            parsed = self._parsed(params["caption"], params.get("parse_mode"), params.get("caption_entities"))
            if utf16_len(parsed.text) > MAX_CAPTION_UTF16:
                raise bad_request("message caption is too long")
            caption, entities = parsed.text, parsed.entities
        markup = _checked_markup(params.get("reply_markup"))
        thread, reply_to = self._thread_and_reply(chat, params)
        self._count_send(chat, params)
        message = SentMessage(
            chat_id=chat.id,
            message_id=self._new_message_id(chat.id),
            from_bot=True,
            text=None,
            source=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            entities=entities,
            reply_markup=markup,
            message_thread_id=thread,
            reply_to_message_id=reply_to,
            document=stored if kind == "document" else None,
            photo=stored if kind == "photo" else None,
            caption=caption,
            date=int(time.time()),
        )
        self._remember(message)
        return self._message_api(message)

    def _api_editmessagetext(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not supported by this test server")
        chat = self._sendable_chat(params)
        message = self._messages.get((chat.id, _required_int(params, "message_id")))
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot or message.text is None:
            raise bad_request("message can't be edited")
        parsed = self._parsed(params.get("text"), params.get("parse_mode"), params.get("entities"))
        if not parsed.text.strip():
            raise bad_request("message text is empty")
        if utf16_len(parsed.text) > MAX_TEXT_UTF16:
            raise bad_request("message is too long")
        markup = _checked_markup(params.get("reply_markup"))
        if (parsed.text, parsed.entities, markup) == (message.text, message.entities, message.reply_markup):
            raise bad_request(
                "message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message"
            )
        previews = _link_preview_options(params)
        edited = dataclasses.replace(
            message,
            text=parsed.text,
            source=params.get("text"),
            parse_mode=params.get("parse_mode"),
            entities=parsed.entities,
            reply_markup=markup,
            link_preview_disabled=bool(previews.get("is_disabled")),
            link_preview_options=previews or None,
            edits=message.edits + 1,
        )
        self._messages[(chat.id, message.message_id)] = edited
        body = self._message_api(edited)
        body["edit_date"] = int(time.time())
        return body

    def _api_editmessagereplymarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not supported by this test server")
        chat = self._sendable_chat(params)
        message = self._messages.get((chat.id, _required_int(params, "message_id")))
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        markup = _checked_markup(params.get("reply_markup"))
        if markup == message.reply_markup:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are exactly "
                "the same as a current content and reply markup of the message"
            )
        edited = dataclasses.replace(message, reply_markup=markup, edits=message.edits + 1)
        self._messages[(chat.id, message.message_id)] = edited
        body = self._message_api(edited)
        body["edit_date"] = int(time.time())
        return body

    def _api_deletemessage(self, params: dict[str, Any]) -> bool:
        chat = self._sendable_chat(params)
        key = (chat.id, _required_int(params, "message_id"))
        message = self._messages.get(key)
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        self._messages[key] = dataclasses.replace(message, deleted=True)
        return True

    def _api_answercallbackquery(self, params: dict[str, Any]) -> bool:
        query = self._callbacks.get(str(params.get("callback_query_id") or ""))
        if query is None or query.answered:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        text = params.get("text")
        if text is not None and len(text) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._callbacks[query.query_id] = dataclasses.replace(
            query, answered=True, answer_text=text, show_alert=bool(params.get("show_alert"))
        )
        return True

    def _api_answerinlinequery(self, params: dict[str, Any]) -> bool:
        query = self._inline.get(str(params.get("inline_query_id") or ""))
        if query is None or query.answered:
            raise bad_request(QUERY_ID_INVALID)
        waited = time.monotonic() - query.pushed_at
        if waited > self.inline_timeout:
            raise bad_request(QUERY_ID_INVALID)
        results = params.get("results")
        if not isinstance(results, list):
            raise bad_request("can't parse inline query results JSON object")
        if len(results) > MAX_INLINE_RESULTS:
            raise bad_request("RESULTS_TOO_MUCH")
        offered, ids = [], set()
        for result in results:
            item = self._offered_result(result)
            if item.id in ids:
                raise bad_request("RESULT_ID_DUPLICATE")
            ids.add(item.id)
            offered.append(item)
        cache_time = params.get("cache_time")
        if cache_time is not None and (not isinstance(cache_time, int) or cache_time < 0):
            raise bad_request("invalid cache_time specified")
        button = _checked_results_button(params.get("button"))
        self._inline[query.query_id] = dataclasses.replace(
            query,
            answered=True,
            results=tuple(offered),
            cache_time=cache_time,
            is_personal=bool(params.get("is_personal")),
            button=button,
            answered_after=waited,
        )
        return True

    def _offered_result(self, result: Any) -> OfferedResult:
        """One InlineQueryResult checked as Telegram checks it, as the user would be offered it."""
        if not isinstance(result, dict):
            raise bad_request("can't parse inline query result JSON object")
        kind, result_id = result.get("type"), result.get("id")
        if kind not in INLINE_RESULT_TYPES:
            raise bad_request("RESULT_TYPE_INVALID")
        if not isinstance(result_id, str) or not 1 <= len(result_id.encode("utf-8")) <= MAX_RESULT_ID_BYTES:
            raise bad_request("RESULT_ID_INVALID")
        content = result.get("input_message_content")
        if kind == "article" and (not isinstance(result.get("title"), str) or not result["title"].strip()):
            raise bad_request("RESULT_TITLE_EMPTY")
        if kind == "article" and content is None:
            raise bad_request("MESSAGE_EMPTY")
        text = source = None
        entities: tuple[dict[str, Any], ...] = ()
        if content is not None:
            if not isinstance(content, dict):
                raise bad_request("can't parse input message content JSON object")
            if "message_text" in content:
                source = content["message_text"]
                parsed = self._parsed(source, content.get("parse_mode"), content.get("entities"))
                if not parsed.text.strip():
                    raise bad_request("MESSAGE_EMPTY")
                if utf16_len(parsed.text) > MAX_TEXT_UTF16:
                    raise bad_request("MESSAGE_TOO_LONG")
                text, entities = parsed.text, parsed.entities
                _link_preview_options({"link_preview_options": content.get("link_preview_options")})
        markup = _checked_markup(result.get("reply_markup"))
        shown = (result.get("title"), result.get("description"))
        return OfferedResult(result_id, kind, *shown, text, source, entities, markup)

    def _api_sendchataction(self, params: dict[str, Any]) -> bool:
        chat = self._sendable_chat(params)
        action = params.get("action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        thread = self._checked_thread(chat, params)
        self.chat_actions.append(ChatAction(chat.id, action, thread))
        return True

    def _api_createforumtopic(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._forum_managed_by_bot(params, "create a topic")
        name = str(params.get("name") or "")
        if not name.strip():
            raise bad_request("TOPIC_TITLE_EMPTY")
        if len(name) > MAX_TOPIC_NAME_CHARS:
            raise bad_request("TOPIC_TITLE_INVALID")
        color = params.get("icon_color")
        if color is not None and int(color) not in TOPIC_ICON_COLORS:
            raise bad_request("TOPIC_COLOR_INVALID")  # Telegram allows six colours
        return self._new_topic(chat, name, int(color) if color is not None else 7322096).to_api()

    def _api_closeforumtopic(self, params: dict[str, Any]) -> bool:
        self._set_topic_closed(self._forum_managed_by_bot(params, "close the topic"), params, closed=True)
        return True

    def _api_reopenforumtopic(self, params: dict[str, Any]) -> bool:
        self._set_topic_closed(self._forum_managed_by_bot(params, "reopen the topic"), params, closed=False)
        return True

    def _api_deleteforumtopic(self, params: dict[str, Any]) -> bool:
        chat = self._forum_managed_by_bot(params, "delete the topic")
        self._drop_topic(chat, _required_int(params, "message_thread_id"))
        return True

    def _forum_managed_by_bot(self, params: dict[str, Any], what: str) -> _Chat:
        chat = self._sendable_chat(params)
        if chat.type != "supergroup" or not chat.is_forum:
            raise bad_request("the chat is not a forum")
        if self.bot_id not in chat.admins:
            raise bad_request(f"not enough rights to {what}")
        return chat

    def _new_topic(self, chat: _Chat, name: str, color: int = 7322096) -> ForumTopic:
        """The topic and its first message, the forum_topic_created service message whose id it takes."""
        service = SentMessage(
            chat_id=chat.id,
            message_id=self._new_message_id(chat.id),
            from_bot=False,
            text=None,
            source=None,
            parse_mode=None,
            date=int(time.time()),
        )
        self._remember(service)
        topic = ForumTopic(service.message_id, name, color)
        chat.topics[topic.message_thread_id] = topic
        return topic

    def _set_topic_closed(self, chat: _Chat, params: dict[str, Any], *, closed: bool) -> None:
        topic = chat.topics.get(_required_int(params, "message_thread_id"))
        if topic is None:
            raise bad_request("message thread not found")
        if topic.closed == closed:
            raise bad_request("TOPIC_NOT_MODIFIED")
        topic.closed = closed

    def _drop_topic(self, chat: _Chat, thread: int) -> None:
        if chat.topics.pop(thread, None) is None:
            raise bad_request("message thread not found")
        chat.deleted_topics.add(thread)
        for key, message in list(self._messages.items()):  # a deleted topic takes its messages along
            if key[0] == chat.id and (message.message_thread_id == thread or message.message_id == thread):
                self._messages[key] = dataclasses.replace(message, deleted=True)

    def _api_setmycommands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request('parameter "commands" is required')
        _check_commands_scope(params)
        for command in commands:
            name = str(command.get("command", ""))
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request(
                    "command description is empty"
                    if not command.get("description")
                    else "BOT_COMMAND_DESCRIPTION_INVALID"
                )
        self._commands[_commands_key(params)] = [
            {"command": c["command"], "description": c["description"]} for c in commands
        ]
        return True

    def _api_getmycommands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self._commands.get(_commands_key(params), [])

    def _api_deletemycommands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(_commands_key(params), None)
        return True

    def _api_getfile(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        return {**stored.to_api(), "file_path": stored.file_path}

    def _api_getchat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        return {
            **chat.to_api(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _api_getchatmember(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = self._chat(params)
        user_id = _required_int(params, "user_id")
        if chat.type == "channel" and self.bot_id not in chat.admins and user_id != self.bot_id:
            raise bad_request("member list is inaccessible")  # a channel shows its members to admins only
        return self._member(chat, user_id)

    def _api_getchatadministrators(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        chat = self._chat(params)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        return [self._member(chat, user_id) for user_id in chat.admins]

    # -- the bot's side: pieces --------------------------------------------------------------------
    def _chat(self, params: dict[str, Any]) -> _Chat:
        chat_id = params.get("chat_id")
        if chat_id is None or chat_id == "":
            raise bad_request("chat_id is empty")
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            chat = next((c for c in self._chats.values() if c.username and f"@{c.username}" == chat_id), None)
        else:
            try:
                chat = self._chats.get(int(chat_id))
            except ValueError:
                chat = None
        if chat is None:
            raise bad_request("chat not found")
        return chat

    def _sendable_chat(self, params: dict[str, Any]) -> _Chat:
        chat = self._chat(params)
        if chat.refusal is not None:
            raise ApiError(chat.refusal.status, chat.refusal.description, chat.refusal.parameters)
        return chat

    def _known_chat(self, chat_id: int) -> _Chat:
        with self._lock:
            if chat_id not in self._chats:
                self.add_chat(chat_id)
            return self._chats[chat_id]

    def _count_send(self, chat: _Chat, params: dict[str, Any]) -> None:
        paid = bool(params.get("allow_paid_broadcast"))
        if paid:
            self.paid_broadcasts += 1
        if not self.limits:
            return
        now = self._clock()
        retry_after = self._limiter.check(chat, now, paid=paid)
        if retry_after is not None:
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        self._limiter.record(chat, now, paid=paid)

    def _parsed(self, text: Any, parse_mode: Any, entities: Any) -> ParsedText:
        if text is None:
            raise bad_request("message text is empty")
        text = str(text)
        if not parse_mode:
            return ParsedText(text, tuple(entities or ()))
        if str(parse_mode).lower() != "html":
            raise bad_request(f'unsupported parse_mode "{parse_mode}" (this test server checks HTML only)')
        try:
            return parse_telegram_html(text)
        except EntityParseError as error:
            raise bad_request(f"can't parse entities: {error}") from None

    def _checked_thread(self, chat: _Chat, params: dict[str, Any]) -> int | None:
        """The topic a message or chat action is for, refused as Telegram refuses it: an unknown or deleted
        topic is "message thread not found"; a closed one takes messages from admins who may manage topics
        only (every admin here may), anyone else gets "TOPIC_CLOSED"."""
        thread = params.get("message_thread_id")
        if thread is None or chat.type == "private":
            return None
        topic = chat.topics.get(int(thread))
        if topic is None:
            raise bad_request("message thread not found")
        if topic.closed and self.bot_id not in chat.admins:
            raise bad_request("TOPIC_CLOSED")
        return topic.message_thread_id

    def _thread_and_reply(self, chat: _Chat, params: dict[str, Any]) -> tuple[int | None, int | None]:
        thread = self._checked_thread(chat, params)
        reply = params.get("reply_parameters") or {}
        reply_to = reply.get("message_id") or params.get("reply_to_message_id")
        if reply_to is not None:
            reply_to = int(reply_to)
            allow = reply.get("allow_sending_without_reply") or params.get("allow_sending_without_reply")
            if (chat.id, reply_to) not in self._messages and not allow:
                raise bad_request("message to be replied not found")
        return thread, reply_to

    def _member(self, chat: _Chat, user_id: int) -> dict[str, Any]:
        user = self._api_getme({}) if user_id == self.bot_id else self._users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        user = {k: user[k] for k in ("id", "is_bot", "first_name", "username") if k in user}
        if chat.admins and user_id == chat.admins[0]:
            return {"status": "creator", "user": user, "is_anonymous": False}
        if user_id in chat.admins:
            rights = [
                "can_be_edited",
                "can_manage_chat",
                "can_delete_messages",
                "can_manage_video_chats",
                "can_restrict_members",
                "can_promote_members",
                "can_change_info",
                "can_invite_users",
                "can_post_stories",
                "can_edit_stories",
                "can_delete_stories",
                "can_post_messages",
                "can_edit_messages",
                "can_pin_messages",
                "can_manage_topics",
            ]
            return {"status": "administrator", "user": user, "is_anonymous": False} | {
                right: right != "can_be_edited" for right in rights
            }
        if user_id in chat.members or (chat.type == "private" and user_id == chat.id):
            return {"status": "member", "user": user}
        return {"status": "left", "user": user}

    def _new_message_id(self, chat_id: int) -> int:
        self._next_message_id[chat_id] = self._next_message_id.get(chat_id, 0) + 1
        return self._next_message_id[chat_id]

    def _remember(self, message: SentMessage) -> None:
        self._messages[(message.chat_id, message.message_id)] = message
        self._history.append((message.chat_id, message.message_id))

    def _message_api(self, message: SentMessage) -> dict[str, Any]:
        chat = self._chats[message.chat_id]
        body: dict[str, Any] = {"message_id": message.message_id, "date": message.date, "chat": chat.to_api()}
        if message.from_bot:
            me = self._api_getme({})
            body["from"] = {k: me[k] for k in ("id", "is_bot", "first_name", "username")}
        if message.text is not None:
            body["text"] = message.text
            if message.entities:
                body["entities"] = list(message.entities)
        if message.caption is not None:
            body["caption"] = message.caption
            if message.entities:
                body["caption_entities"] = list(message.entities)
        if message.document:
            body["document"] = message.document.to_api()
        if message.photo:
            body["photo"] = [{**message.photo.to_api(), "width": 1, "height": 1}]
        if message.reply_markup and "inline_keyboard" in message.reply_markup:
            body["reply_markup"] = message.reply_markup
        if message.message_thread_id is not None and chat.is_forum:
            body["message_thread_id"] = message.message_thread_id
            body["is_topic_message"] = True
        return body

    def _store_file(
        self, folder: str, filename: str | None, mime_type: str | None, content: bytes
    ) -> StoredFile:
        number = next(self._file_ids)
        suffix = filename.rsplit(".", 1)[-1] if filename and "." in filename else "bin"
        stored = StoredFile(
            file_id=f"FILE{number:06d}-{folder}",
            file_unique_id=f"U{number:06d}",
            file_path=f"{folder}/file_{number}.{suffix}",
            file_name=filename,
            mime_type=mime_type,
            content=content,
        )
        self._files[stored.file_id] = stored
        return stored

    def store_upload(
        self, folder: str, filename: str | None, mime_type: str | None, content: bytes
    ) -> StoredFile:
        with self._lock:
            return self._store_file(folder, filename, mime_type, content)

    def file_by_path(self, token: str, path: str) -> StoredFile | None:
        if token != self.token:
            return None
        with self._lock:
            return next((f for f in self._files.values() if f.file_path == path), None)

    # -- long polling and webhooks -----------------------------------------------------------------
    async def get_updates(self, token: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        timeout = max(0.0, float(params.get("timeout") or 0))
        deadline = time.monotonic() + timeout
        while True:
            event = self._updates_event
            result, _ = self.handle(token, "getUpdates", params, record_ok=False)
            remaining = deadline - time.monotonic()
            if result or remaining <= 0 or self._closing or event is None:
                self._record("getUpdates", params, 200, None, False)
                return result
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def _deliver_to_webhook(self) -> None:
        async with httpx.AsyncClient(timeout=10) as client:
            while self.webhook and not self._closing:
                with self._lock:
                    update = self._updates[0] if self._updates else None
                    hook = dict(self.webhook)
                if update is None:
                    return
                headers = (
                    {"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"]}
                    if hook.get("secret_token")
                    else {}
                )
                try:
                    response = await client.post(hook["url"], json=update, headers=headers)
                    delivered = response.status_code < 300
                    if not delivered:
                        self.webhook_failures.append(
                            f"{response.status_code} for update {update['update_id']}"
                        )
                except httpx.HTTPError as error:
                    delivered = False
                    self.webhook_failures.append(f"{error!r} for update {update['update_id']}")
                if delivered:
                    with self._lock:
                        self._updates = [u for u in self._updates if u["update_id"] != update["update_id"]]
                else:
                    await asyncio.sleep(0.2)


# ---------------------------------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------------------------------


class _MethodHandler(tornado.web.RequestHandler):
    def initialize(self, server: BotApiServer) -> None:
        self.server = server

    async def get(self, token: str, method: str) -> None:
        await self.post(token, method)

    async def post(self, token: str, method: str) -> None:
        try:
            params = self._params()
        except ApiError as error:
            self.server.record_answer(method, {}, error)
            self.set_status(error.status)
            self._write_json(error.payload())
            return
        try:
            if method.lower() == "getupdates":
                result, lose_reply = await self.server.get_updates(token, params), False
            else:
                result, lose_reply = self.server.handle(token, method, params)
        except ApiError as error:
            self.set_status(error.status)
            self._write_json(error.payload())
            return
        if lose_reply:
            self.request.connection.close()  # type: ignore[union-attr]
            return
        self._write_json({"ok": True, "result": result})

    def _write_json(self, body: dict[str, Any]) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body, ensure_ascii=False))

    def _params(self) -> dict[str, Any]:
        """Parameters from the query string, a JSON body, a urlencoded form or multipart form data."""
        params: dict[str, Any] = {k: v[-1].decode() for k, v in self.request.query_arguments.items()}
        content_type = self.request.headers.get("Content-Type", "")
        if content_type.startswith("application/json") and self.request.body:
            try:
                body = json.loads(self.request.body)
            except ValueError:
                raise bad_request("can't parse JSON object") from None
            params.update(body)
        else:
            arguments: dict[str, list[bytes]] = {}
            files: dict[str, list[tornado.httputil.HTTPFile]] = {}
            tornado.httputil.parse_body_arguments(content_type, self.request.body, arguments, files)
            params.update({k: v[-1].decode("utf-8") for k, v in arguments.items()})
            for name, uploads in files.items():
                upload = uploads[-1]
                folder = "photos" if name == "photo" else "documents"
                params[name] = self.server.store_upload(
                    folder, upload.filename, upload.content_type or None, upload.body
                )
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = params.get(value.removeprefix("attach://"))
        return _coerced(params)


class _FileHandler(tornado.web.RequestHandler):
    def initialize(self, server: BotApiServer) -> None:
        self.server = server

    def get(self, token: str, path: str) -> None:
        stored = self.server.file_by_path(token, path)
        if stored is None:
            self.set_status(404)
            self.finish({"ok": False, "error_code": 404, "description": "Not Found"})
            return
        self.set_header("Content-Type", stored.mime_type or "application/octet-stream")
        self.finish(stored.content)


class _DriverHandler(tornado.web.RequestHandler):
    """The test-driver methods over HTTP, for a server run as its own process."""

    ALLOWED = frozenset(
        {
            "push_message",
            "push_callback",
            "push_inline_query",
            "add_chat",
            "set_admins",
            "block",
            "deactivate",
            "migrate",
            "sent_messages",
            "create_topic",
            "close_topic",
            "delete_topic",
        }
    )

    def initialize(self, server: BotApiServer) -> None:
        self.server = server

    def post(self, name: str) -> None:
        if name not in self.ALLOWED:
            self.set_status(404)
            self.finish({"ok": False, "description": f"no driver method {name}"})
            return
        kwargs = json.loads(self.request.body or b"{}")
        result = getattr(self.server, name)(**kwargs)
        if isinstance(result, list):
            result = [dataclasses.asdict(m) if dataclasses.is_dataclass(m) else m for m in result]
        elif dataclasses.is_dataclass(result):
            result = dataclasses.asdict(result)  # type: ignore[arg-type]
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ok": True, "result": result}, default=repr, ensure_ascii=False))


# ---------------------------------------------------------------------------------------------------
# Small pure pieces
# ---------------------------------------------------------------------------------------------------


def _coerced(params: dict[str, Any]) -> dict[str, Any]:
    """Form values arrive as strings; Telegram reads them by the parameter's type, and so do we."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str) and key in _JSON_PARAMS:
            try:
                value = json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {key} JSON object") from None
        elif isinstance(value, str) and key in _INT_PARAMS and not value.startswith("@"):
            try:
                value = int(value)
            except ValueError:
                raise bad_request(f"invalid {key} specified") from None
        elif isinstance(value, str) and key in _BOOL_PARAMS:
            value = value.lower() in ("true", "1")
        out[key] = value
    return out


def _required_int(params: dict[str, Any], key: str) -> int:
    value = params.get(key)
    if value is None or value == "":
        raise bad_request(f"{key} is empty")
    return int(value)


def _checked_markup(markup: Any) -> dict[str, Any] | None:
    """Reject inline keyboards Telegram rejects, with its words."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return markup  # reply keyboards, ForceReply, ReplyKeyboardRemove: recorded as they are
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays')
    for button in (b for row in rows for b in row):
        if not isinstance(button, dict) or not button.get("text"):
            raise bad_request("can't parse inline keyboard button: Text must be non-empty")
        actions = [key for key in INLINE_BUTTON_ACTIONS if key in button]
        if not actions:
            raise bad_request(
                "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
            )
        if "callback_data" in button:
            data = button["callback_data"]
            if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")
        if "url" in button and not re.match(r"(?i)(https?|tg)://\S+$", str(button["url"])):
            raise bad_request("BUTTON_URL_INVALID")
    return markup


def _checked_results_button(button: Any) -> dict[str, Any] | None:
    """The button above inline results: a text and either a Web App or a /start parameter Telegram
    accepts (1-64 characters of A-Z, a-z, 0-9, _ and -)."""
    if button is None:
        return None
    if not isinstance(button, dict) or not str(button.get("text") or "").strip():
        raise bad_request("BUTTON_TEXT_INVALID")
    start = button.get("start_parameter")
    if "web_app" not in button and start is None:
        raise bad_request("BUTTON_TYPE_INVALID")
    if start is not None and not _START_PARAMETER.fullmatch(str(start)):
        raise bad_request("START_PARAM_INVALID")
    return button


_PREVIEW_FLAGS = ("is_disabled", "prefer_small_media", "prefer_large_media", "show_above_text")


def _link_preview_options(params: dict[str, Any]) -> dict[str, Any]:
    """The message's LinkPreviewOptions, checked as Telegram checks them: a JSON object whose flags are
    Booleans and whose url is a String."""
    given = params.get("link_preview_options")
    if given is not None and not isinstance(given, dict):
        raise bad_request("can't parse link preview options JSON object")
    options = dict(given or {})
    for flag in _PREVIEW_FLAGS:
        if flag in options and not isinstance(options[flag], bool):
            raise bad_request(f'field "{flag}" must be of type Boolean')
    if "url" in options and not isinstance(options["url"], str):
        raise bad_request('field "url" must be of type String')
    if params.get("disable_web_page_preview"):
        options["is_disabled"] = True
    return options


COMMAND_SCOPES = frozenset(
    {
        "default",
        "all_private_chats",
        "all_group_chats",
        "all_chat_administrators",
        "chat",
        "chat_administrators",
        "chat_member",
    }
)


def _check_commands_scope(params: dict[str, Any]) -> None:
    """A menu's language is a two-letter ISO 639-1 code or none; its scope one of Telegram's types."""
    language = params.get("language_code") or ""
    if language and not re.fullmatch(r"[a-z]{2}", str(language)):
        raise bad_request("Invalid language code specified")
    scope = params.get("scope") or {"type": "default"}
    if not isinstance(scope, dict) or scope.get("type") not in COMMAND_SCOPES:
        raise bad_request("Unsupported bot command scope type specified")


def _commands_key(params: dict[str, Any]) -> str:
    scope = (params.get("scope") or {}).get("type", "default")
    return f"{scope}:{params.get('language_code') or ''}"


def _update_kind(update: dict[str, Any]) -> str:
    return next(k for k in update if k != "update_id")


def _chat_type_for(chat_id: int) -> str:
    if chat_id > 0:
        return "private"
    return "supergroup" if chat_id <= -1_000_000_000_000 else "group"


_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")
_LINK = re.compile(r"https?://[^\s<>\"]+")


def _auto_entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram's clients attach: a leading /command, and http(s) links."""
    entities: list[dict[str, Any]] = []
    command = _COMMAND.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
    for link in _LINK.finditer(text):
        url = link.group().rstrip(".,;:!?)")
        entities.append({"type": "url", "offset": utf16_len(text[: link.start()]), "length": utf16_len(url)})
    return entities


def _main() -> None:
    parser = argparse.ArgumentParser(description="Serve a local, strict Telegram Bot API for manual testing.")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--limits", action="store_true", help="enforce Telegram's sending limits")
    args = parser.parse_args()

    async def serve() -> None:
        async with BotApiServer(args.token, limits=args.limits, port=args.port) as server:
            print(f"TELEGRAM_API_URL={server.base_url}  TELEGRAM_BOT_TOKEN={server.token}", flush=True)
            await asyncio.Event().wait()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())


if __name__ == "__main__":
    _main()


__all__ = [
    "DEFAULT_TOKEN",
    "BotApiServer",
    "EntityParseError",
    "ForumTopic",
    "ParsedText",
    "RateLimits",
    "SentMessage",
    "parse_telegram_html",
    "utf16_len",
]
