"""Who may change a chat, asked of Telegram at the moment of use and remembered for a minute.

Rights change behind the bot's back: an admin of a channel managed from a private chat (/manage) or of a
group can be demoted at any time, so every change asks getChatMember again. The answer is kept a minute per
(chat, user) so a burst of taps costs one call, and a `chat_member` update (Telegram sends one when the bot
is an admin there) forgets it at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram import Bot
from telegram.constants import ChatMemberStatus
from telegram.error import BadRequest, Forbidden

log = logging.getLogger(__name__)
ADMIN_STATUSES = frozenset({ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR})
RIGHTS_TTL_SECONDS = 60.0
MAX_REMEMBERED = 10_000  # (chat, user) answers kept; past it the expired ones go, then the oldest


@dataclass
class AdminRights:
    """getChatMember answers ("is this user an admin of that chat?"), each kept `ttl` seconds."""

    ttl: float = RIGHTS_TTL_SECONDS
    clock: Callable[[], float] = time.monotonic
    _known: dict[tuple[int, int], tuple[bool, float]] = field(default_factory=dict)

    async def is_admin(self, bot: Bot, chat_id: int, user_id: int, *, fresh: bool = False) -> bool:
        """True when the user is the chat's creator or an administrator; a chat whose members the bot
        cannot see (it left, or is no admin of a channel) counts as no rights."""
        key = (chat_id, user_id)
        now = self.clock()
        known = self._known.get(key)
        if known is not None and not fresh and now - known[1] < self.ttl:
            return known[0]
        try:
            member = await bot.get_chat_member(chat_id, user_id)
        except (BadRequest, Forbidden) as exc:
            log.info("getChatMember(%s, %s) refused: %s; treating as no rights", chat_id, user_id, exc)
            allowed = False
        else:
            allowed = member.status in ADMIN_STATUSES
        self._remember(key, allowed, now)
        return allowed

    def remembered(self, chat_id: int, user_id: int) -> bool | None:
        """The answer kept for (chat, user), or None when there is none (never asked, forgotten, expired)."""
        known = self._known.get((chat_id, user_id))
        return known[0] if known is not None and self.clock() - known[1] < self.ttl else None

    def forget(self, chat_id: int, user_id: int | None = None) -> None:
        """A member's status changed (or, with no user, the bot's own in that chat): ask again next time."""
        if user_id is not None:
            self._known.pop((chat_id, user_id), None)
            return
        for key in [key for key in self._known if key[0] == chat_id]:
            del self._known[key]

    def _remember(self, key: tuple[int, int], allowed: bool, now: float) -> None:
        self._known.pop(key, None)  # re-inserted last: the dict's order is the age order
        if len(self._known) >= MAX_REMEMBERED:
            for old in [k for k, (_, at) in self._known.items() if now - at >= self.ttl]:
                del self._known[old]
            while len(self._known) >= MAX_REMEMBERED:
                del self._known[next(iter(self._known))]
        self._known[key] = (allowed, now)
