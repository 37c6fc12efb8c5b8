"""What delivery asks of the layout: delivery decides what goes out and when, the layout how it reads.

bot.telegram.render provides it (`render.LAYOUT`); whoever builds the planner, the sender or the delivery
service hands it in, so delivery never imports the Telegram side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from bot.delivery.digest import Digest, DigestItem
from summarizers.upcoming import UpcomingEvent

if TYPE_CHECKING:
    from bot.delivery.alerts import AlertView


@dataclass(frozen=True, slots=True)
class DigestSlot:
    """Which digest a layout is drawing: its slot, the chat's zone, on request or scheduled, late or not."""

    slot: dt.datetime
    zone: str
    manual: bool = False
    late_at: dt.datetime | None = None  # when planned, if the digest goes out late
    run_id: int = 0  # the digest run, named by the "+M more" button
    language: str | None = None  # the chat's locale (bot.i18n.chat_locale; None: English)
    sentences: int | None = None  # the chat's summary length (None: the layout's default)


@dataclass(frozen=True, slots=True)
class Reader:
    """Whom a chat's messages are laid out for: its locale (bot.i18n.chat_locale) and summary length
    (None: the layout's defaults)."""

    language: str | None = None
    sentences: int | None = None
    zone: str | None = None  # the chat's time zone (None: UTC)


@dataclass(frozen=True, slots=True)
class LaidOutMessage:
    """One message as the outbox stores it: HTML text and an optional Bot API keyboard."""

    text: str
    reply_markup: dict[str, Any] | None = None


class DeliveryLayout(Protocol):
    def digest(self, digest: Digest, slot: DigestSlot) -> list[LaidOutMessage]:
        """The digest's messages, the "+M more" button under the last one."""
        ...

    def instant(
        self, item: DigestItem, language: str | None = None, sentences: int | None = None
    ) -> list[str]:
        """One briefing sent on its own, as soon as it is stored (instant cadence); `language` and
        `sentences` are the chat's locale and summary length."""
        ...

    def more(
        self,
        items: Sequence[DigestItem],
        language: str | None = None,
        sentences: int | None = None,
        zone: str | None = None,
    ) -> list[str]:
        """The items behind a digest's "+M more" button; times in the chat's `zone`."""
        ...

    def story_update(
        self, item: DigestItem, language: str | None = None, zone: str | None = None
    ) -> list[LaidOutMessage]:
        """What new reports add to a story the chat was told about (`item.update`), sent on its own
        (instant cadence), with its buttons; times in the chat's `zone`."""
        ...

    def feed_switched_off(self, title: str, url: str, reason: str, language: str | None = None) -> str:
        """The notice a feed's subscribers get when it is deactivated after failing too often."""
        ...

    def topic_lost(self, feed_titles: Sequence[str], digest: bool, language: str | None = None) -> str:
        """The notice for a chat's admins: a forum topic the bot posted to is closed or deleted, so these
        feeds (and the digest, when `digest`) go to General now."""
        ...

    def reminder(
        self, events: Sequence[UpcomingEvent], day: dt.date, language: str | None = None
    ) -> list[str]:
        """The day-before reminder of the events beginning on `day` (bot.delivery.reminders)."""

    def follow_alert(self, view: AlertView, language: str | None = None) -> LaidOutMessage:
        """An alert about a followed entity (bot.delivery.alerts), with its mute button."""
        ...

    def plain_text(self, message: str) -> str:
        """A message without its markup, for resending when Telegram cannot parse it."""
        ...
