"""The on-demand limit per user, and replies sharing the digest sender's global send clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from typing import Any

import pytest

from bot.delivery.sender import slot_interval
from bot.limits import OnDemandLimiter
from bot.store import outbox
from bot.store.engine import Database
from bot.telegram.throttle import SharedClockRateLimiter


def test_limit_allows_n_calls_per_minute_then_asks_to_wait_per_user():
    now = [1000.0]
    limiter = OnDemandLimiter(per_minute=3, clock=lambda: now[0])
    assert [limiter.try_acquire(1) for _ in range(3)] == [0, 0, 0]
    now[0] += 10
    assert 49 <= limiter.try_acquire(1) <= 50
    assert limiter.try_acquire(2) == 0  # another user is not affected
    now[0] += 51
    assert limiter.try_acquire(1) == 0


async def test_replies_take_their_slot_on_the_digest_senders_clock_and_answers_take_none(
    database: Database,
) -> None:
    limiter = SharedClockRateLimiter(database, 30, max_retries=0)
    interval = slot_interval(30)
    round_start = await outbox.reserve_send_slots(database, 10, interval, now=time.time())  # a digest round
    called: list[tuple[str, float]] = []

    def recorder(name: str) -> Callable[..., Coroutine[Any, Any, bool]]:
        async def call(*_args: object, **_kwargs: object) -> bool:
            called.append((name, time.time()))
            return True

        return call

    await limiter.process_request(recorder("reply"), (), {}, "sendMessage", {"chat_id": 5}, None)
    await limiter.process_request(recorder("answer"), (), {}, "answerCallbackQuery", {}, None)

    assert [name for name, _ in called] == ["reply", "answer"]
    assert called[0][1] >= round_start + 10 * interval - 0.01  # after the round's slots, not among them
    next_free = await outbox.reserve_send_slots(database, 1, interval, now=0.0)
    assert next_free == pytest.approx(
        round_start + 11 * interval
    )  # one slot for the reply, none for the answer
