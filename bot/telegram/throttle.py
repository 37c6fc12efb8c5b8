"""The bot's own replies share Telegram's global rate with the digests (per-user limits on on-demand
commands are bot.limits')."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

from bot.delivery.sender import retry_after_seconds, slot_interval
from bot.store import outbox
from bot.store.engine import Database

log = logging.getLogger(__name__)
# Methods that put a message in a chat: they count against Telegram's 30 a second.
COUNTED_METHODS = frozenset(
    {"sendmessage", "sendphoto", "senddocument", "sendmediagroup", "copymessage", "forwardmessage",
     "editmessagetext", "editmessagecaption", "editmessagemedia"}
)  # fmt: skip


class SharedClockRateLimiter(AIORateLimiter):
    """Replies take a slot on the digest sender's send clock (bot.delivery.sender), so replies and a digest
    round together stay under Telegram's global limit; per-chat limits and 429 retries stay with
    AIORateLimiter. Outside digest rounds the clock is idle and a reply waits for one database write; in a
    round it waits behind the slots already handed out: under a second, as the sender hands out half a
    second of slots at a time, 0.4 s ahead."""

    def __init__(
        self,
        database: Database,
        rate_per_second: float,
        *,
        on_retry_after: Callable[[float], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.database = database
        self.interval = slot_interval(rate_per_second)
        self.on_retry_after = on_retry_after  # told each 429's wait (the metrics count replies' 429s too)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if endpoint.lower() in COUNTED_METHODS:
            await self._wait_for_slot()
        if self.on_retry_after is not None:
            callback = self._reporting_429(callback)
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)

    def _reporting_429(
        self, callback: Callable[..., Coroutine[Any, Any, Any]]
    ) -> Callable[..., Coroutine[Any, Any, Any]]:
        """The request, telling `on_retry_after` of each 429 before AIORateLimiter waits and retries."""

        async def request(*args: Any, **kwargs: Any) -> Any:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                assert self.on_retry_after is not None
                self.on_retry_after(retry_after_seconds(exc))
                raise

        return request

    async def _wait_for_slot(self) -> None:
        try:
            at = await outbox.reserve_send_slots(self.database, 1, self.interval, now=time.time())
        except Exception:  # a reply must not fail because the clock row could not be written
            log.exception("the shared send clock is unavailable; replying without a slot")
            return
        await asyncio.sleep(max(0.0, at - time.time()))
