"""Hostile input, section 2 of issue 20: every command answers, whatever length its argument has.

A reply that quoted a 10,000-character argument whole passed Telegram's 4,096 limit and never arrived; now
every quote of user input is cut (bot.errors.quoted), and an error reply Telegram refuses falls back to a
short fixed line, logged. Through the real Application against the strict Bot API server.
"""

from __future__ import annotations

import logging

import pytest

from bot.errors import quoted
from bot.telegram.handlers.errors import FALLBACK
from tests.servers.botapi import MAX_TEXT_UTF16, utf16_len
from tests.telegram.conftest import PRIVATE_CHAT, RunningBot, running_bot  # noqa: F401  (the fixture)

pytestmark = pytest.mark.slow
LONG = 10_000


def _real_errors(bot: RunningBot) -> list[tuple[str, str | None]]:
    return [(e.method, e.description) for e in bot.server.errors if not e.injected]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/subscribe {web}/hostile/status/404?q={long}", "at most 2,048 characters"),
        ("/summary {web}/hostile/status/404?q={long}", "Cannot fetch"),
        ("/summary {long}", "Send /summary URL"),
        ("/filter {long}", "is not a filter"),
        ("/filter +{long}", "at most"),
        ("/timeline {long}", "too long"),
        ("/manage @{long}", "can't see that channel"),  # after getChat's "chat not found", as on Telegram
    ],
)
async def test_a_command_with_a_10000_character_argument_gets_a_short_reply(
    running_bot: RunningBot,  # noqa: F811
    command: str,
    expected: str,
):
    bot = running_bot
    bot.say(command.format(web=bot.web, long="a" * LONG))
    reply = await bot.reply(PRIVATE_CHAT, lambda m: m.text is not None)
    assert expected in reply.text, reply.text
    assert utf16_len(reply.text) <= 1000
    assert "a" * 100 not in reply.text  # the argument is quoted cut, if at all
    await bot.idle()
    assert [e for e in _real_errors(bot) if e[0] != "getChat"] == []


async def test_a_long_time_zone_typed_after_the_prompt_is_quoted_cut(running_bot: RunningBot):  # noqa: F811
    bot = running_bot
    bot.say("/settings")
    panel = await bot.reply(PRIVATE_CHAT, lambda m: bool(m.buttons))
    zone = next(b for b in panel.buttons if b["callback_data"] == "set:timezone")
    after = bot.last_id()
    bot.server.push_callback(PRIVATE_CHAT, PRIVATE_CHAT, zone["callback_data"], panel.message_id)
    await bot.reply(PRIVATE_CHAT, lambda m: "time zone" in (m.text or ""), after=after)
    after = bot.last_id()
    bot.say("Europe/" + "x" * LONG)
    reply = await bot.reply(PRIVATE_CHAT, lambda m: "don't know the time zone" in (m.text or ""), after=after)
    assert quoted("Europe/" + "x" * LONG) in reply.text
    await bot.idle()
    assert _real_errors(bot) == []


async def test_an_error_reply_telegram_refuses_falls_back_to_a_short_fixed_line_and_is_logged(
    running_bot: RunningBot,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
):
    bot = running_bot
    bot.server.fail_next(1, status=400, methods={"sendMessage"})  # the error reply, refused
    with caplog.at_level(logging.WARNING, logger="bot.telegram.handlers.errors"):
        bot.say(f"/summary {bot.web}/hostile/status/404")
        reply = await bot.reply(PRIVATE_CHAT, lambda m: m.text is not None)
        await bot.idle()
    assert reply.text == str(FALLBACK)
    assert any("refused an error reply" in r.getMessage() for r in caplog.records)
    assert [e.injected for e in bot.server.errors] == [True]


def test_quoted_input_is_one_short_line_with_an_ellipsis():
    assert quoted("short") == "short"
    assert quoted("two\nlines\t here") == "two lines here"
    cut = quoted("x" * LONG)
    assert len(cut) == 80 and cut.endswith("…")
    assert quoted("😀" * 200, 10) == "😀" * 9 + "…"
    with pytest.raises(ValueError):
        quoted("anything", 1)
    assert MAX_TEXT_UTF16 == 4096
