"""Pages briefed off an inline query's clock (bot.background_briefings): one briefing per page whoever asks,
a user's abandoned page given up, and a failure told for a while instead of fetching again."""

from __future__ import annotations

import asyncio

import pytest

from bot.background_briefings import FAILURE_SECONDS, BackgroundBriefings
from bot.ingest.fetcher import BlockedAddress


class HeldBriefings:
    """BriefingService.for_url held until the test releases a page (or fails it); counts the calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.gates: dict[str, asyncio.Future[str]] = {}

    async def for_url(self, url: str) -> str:
        self.calls.append(url)
        return await self.gates.setdefault(url, asyncio.get_running_loop().create_future())


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_one_page_asked_by_two_users_is_briefed_once_and_both_get_it() -> None:
    held = HeldBriefings()
    background = BackgroundBriefings(held)  # type: ignore[arg-type]
    first = background.start("https://example.org/a", 1)
    second = background.start("https://EXAMPLE.org/a", 2)  # the same page, normalised
    assert first is second and background.pending("https://example.org/a") is first
    await asyncio.sleep(0)
    held.gates["https://example.org/a"].set_result("briefing")
    assert await first == "briefing" and held.calls == ["https://example.org/a"]
    assert background.pending("https://example.org/a") is None


async def test_a_page_the_user_typed_past_is_given_up_unless_someone_else_waits_for_it() -> None:
    held = HeldBriefings()
    background = BackgroundBriefings(held)  # type: ignore[arg-type]
    partial = background.start("https://example.org/ar", 1)
    shared = background.start("https://example.org/shared", 2)
    background.start("https://example.org/shared", 1)
    await asyncio.sleep(0)
    background.start("https://example.org/article", 1)  # user 1 typed on: the partial link is dropped
    await asyncio.sleep(0)
    assert partial.cancelled() and not shared.done()  # user 2 still waits for the shared page
    await background.close()
    assert shared.cancelled()


async def test_a_failure_is_told_for_a_while_then_the_page_may_be_fetched_again() -> None:
    held, clock = HeldBriefings(), Clock()
    background = BackgroundBriefings(held, clock=clock)  # type: ignore[arg-type]
    task = background.start("https://10.0.0.1/x", 1)
    await asyncio.sleep(0)
    held.gates["https://10.0.0.1/x"].set_exception(BlockedAddress("https://10.0.0.1/x"))
    with pytest.raises(BlockedAddress):
        await task
    assert isinstance(background.failure("https://10.0.0.1/x"), BlockedAddress)
    clock.now += FAILURE_SECONDS + 1
    assert background.failure("https://10.0.0.1/x") is None
