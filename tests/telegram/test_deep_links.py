"""Deep links a shared briefing's button opens: payloads Telegram accepts, read back by /start."""

from __future__ import annotations

import re

import pytest

from bot.telegram.deep_links import MAX_PAYLOAD_CHARS, start_link, story_of_payload, story_payload

TELEGRAM_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


@pytest.mark.parametrize("article_id", [1, 42, 10**17, 2**63 - 1])
def test_a_story_payload_is_one_telegram_accepts_and_reads_back(article_id: int) -> None:
    payload = story_payload(article_id)
    assert TELEGRAM_PAYLOAD.fullmatch(payload) and len(payload) <= MAX_PAYLOAD_CHARS
    assert story_of_payload(payload) == article_id
    assert start_link("briefbot_test_bot", payload) == f"https://t.me/briefbot_test_bot?start={payload}"


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "",
        "story_",
        "story_0",
        "story_-1",
        "story_1x",
        "story_" + "9" * 40,
        f"story_{2**63}",
        "tl_5",
        "<b>",
    ],
)
def test_any_other_payload_is_a_plain_start(payload: str | None) -> None:
    assert story_of_payload(payload) is None


def test_a_link_with_a_payload_telegram_would_refuse_is_never_built() -> None:
    with pytest.raises(ValueError):
        start_link("briefbot_test_bot", "a b")
