"""Chat registration and per-chat settings, validated before they are stored."""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.delivery import previews
from bot.errors import UserFacingError, quoted
from bot.i18n import LOCALES, N_
from bot.settings import SUMMARY_LENGTHS, Settings
from bot.store import chats as queries
from bot.store.chats import ChatRecord
from bot.store.engine import Database

CADENCES = ("daily", "weekdays", "weekly", "instant", "off")
LANGUAGES = ("auto", *LOCALES)
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
MAX_DIGEST_TIMES = 4
MAX_TOPIC_DIGITS = 12  # message_thread_id is a message id: far below this


class SettingError(UserFacingError):
    """A value the user typed or tapped is not valid; the message says what would be."""


@dataclass(frozen=True, slots=True)
class ChatSettings:
    chat_id: int
    timezone: str
    digest_times: tuple[str, ...]
    cadence: str
    summary_length: int
    language: str
    link_previews: str = previews.OFF  # bot.delivery.previews
    digest_topic: int | None = None  # the forum topic of its digests (bot.delivery.topics); None: General


def parse_timezone(text: str) -> str:
    name = text.strip().replace(" ", "_")
    if name.upper() == "UTC":
        return "UTC"
    match = {z.lower(): z for z in available_timezones()}.get(name.lower())
    if match is None:
        raise SettingError(
            N_(
                "I don't know the time zone “{zone}”. Try a name like Asia/Tokyo or America/New_York.",
                zone=quoted(text),
            )
        )
    try:
        ZoneInfo(match)
    except ZoneInfoNotFoundError as exc:
        raise SettingError(N_("I don't know the time zone “{zone}”.", zone=quoted(text))) from exc
    return match


def parse_digest_times(text: str) -> tuple[str, ...]:
    times = []
    for part in re.split(r"[,\s]+", text.strip()):
        if not part:
            continue
        match = _TIME.match(part)
        if match is None:
            raise SettingError(N_("“{time}” is not a time of day; use HH:MM, e.g. 07:30.", time=quoted(part)))
        times.append(f"{int(match.group(1)):02d}:{match.group(2)}")
    if not times:
        raise SettingError(N_("Send at least one time as HH:MM, e.g. 07:30."))
    if len(times) > MAX_DIGEST_TIMES:
        raise SettingError(N_("At most {n} digests a day, please.", n=MAX_DIGEST_TIMES))
    return tuple(sorted(set(times)))


class ChatService:
    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.settings = settings

    async def register(self, chat_id: int, chat_type: str, title: str | None) -> int:
        """Returns how many subscriptions a chat that had blocked the bot got back (0 for everyone else)."""
        async with self.database.session() as session:
            before = await queries.get_chat(session, chat_id)
            await queries.register_chat(session, chat_id, chat_type, title)
            return await queries.resume_chat(session, chat_id) if before and not before.active else 0

    async def settings_of(self, chat_id: int) -> ChatSettings:
        async with self.database.session() as session:
            return self._effective(chat_id, await queries.get_chat(session, chat_id))

    async def locale_of(self, chat_id: int, app_language: str | None = None) -> str:
        """The locale to speak to the chat in (bot.i18n.chat_locale). A private chat's Telegram app
        language seen in this update is kept for its digests, which are sent without one."""
        app_language = app_language[:35] if app_language else None
        async with self.database.session() as session:
            record = await queries.get_chat(session, chat_id)
            if app_language and record and record.type == "private" and record.app_language != app_language:
                await queries.update_chat(session, chat_id, app_language=app_language)
            return await queries.locale_of_chat(session, chat_id, app_language)

    async def update_setting(self, chat_id: int, name: str, value: str) -> ChatSettings:
        """Validate and store one setting; raises SettingError with a message for the user."""
        column, stored = self._validated(name, value)
        async with self.database.session() as session:
            record = await queries.update_chat(session, chat_id, **{column: stored})
        return self._effective(chat_id, record)

    async def preview_modes(self, chat_id: int) -> tuple[str | None, dict[int, str]]:
        """The chat's link previews and those of the feeds that chose their own (bot.delivery.previews)."""
        async with self.database.session() as session:
            return await queries.preview_modes(session, chat_id)

    async def managed_channel(self, chat_id: int) -> int | None:
        async with self.database.session() as session:
            record = await queries.get_chat(session, chat_id)
        return record.managed_chat_id if record else None

    async def set_managed_channel(self, chat_id: int, channel_id: int | None) -> None:
        async with self.database.session() as session:
            await queries.update_chat(session, chat_id, managed_chat_id=channel_id)

    def _validated(self, name: str, value: str) -> tuple[str, object]:
        if name == "timezone":
            return "timezone", parse_timezone(value)
        if name == "digest_time":
            return "digest_times", ",".join(parse_digest_times(value))
        if name == "cadence":
            if value not in CADENCES:
                raise SettingError(N_("Cadence must be one of {choices}.", choices=", ".join(CADENCES)))
            return "cadence", value
        if name == "length":
            if not value.isdigit() or int(value) not in SUMMARY_LENGTHS:
                raise SettingError(N_("Summary length must be 3, 4 or 5 sentences."))
            return "summary_length", int(value)
        if name == "language":
            if value not in LANGUAGES:
                raise SettingError(N_("Language must be one of {choices}.", choices=", ".join(LANGUAGES)))
            return "language", None if value == "auto" else value
        if name == "previews":
            if value not in previews.MODES:
                raise SettingError(
                    N_("Link previews must be one of {choices}.", choices=", ".join(previews.MODES))
                )
            return "link_previews", None if value == previews.OFF else value
        if name == "topic":  # a forum topic the admin is in, checked with Telegram by the caller; 0: General
            if not value.isdigit() or len(value) > MAX_TOPIC_DIGITS:
                raise SettingError(N_("That is not a topic of this chat."))
            return "digest_topic_id", int(value) or None
        raise SettingError(N_("That setting does not exist."))

    def _effective(self, chat_id: int, record: ChatRecord | None) -> ChatSettings:
        """The chat's own values where set, the operator's defaults elsewhere."""
        times = record.digest_times if record and record.digest_times else self.settings.digest_time
        return ChatSettings(
            chat_id=chat_id,
            timezone=(record.timezone if record and record.timezone else self.settings.default_timezone),
            digest_times=tuple(times.split(",")),
            cadence=record.cadence if record else "daily",
            summary_length=(
                record.summary_length if record and record.summary_length else self.settings.summary_sentences
            ),
            language=(record.language if record and record.language else "auto"),
            link_previews=previews.effective_mode(record.link_previews if record else None),
            digest_topic=record.digest_topic_id if record else None,
        )
