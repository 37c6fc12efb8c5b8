"""`/summary URL` of a hostile body: the user gets one short, polite line, the bot keeps running."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.hostile_bodies import HostileBodyServer
from tests.telegram.conftest import PRIVATE_CHAT, RunningBot

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile() -> Iterator[str]:
    with HostileBodyServer() as server:
        yield server.base_url


async def test_summary_of_a_compression_bomb_gets_a_short_polite_reply(running_bot: RunningBot, hostile: str):
    bot = running_bot
    for path, expected in [
        ("/bomb?encoding=gzip,gzip&mib=64", "the site sent a response the bot cannot read safely"),
        ("/page?encoding=br", "the site sent a response the bot cannot read safely"),
        ("/bomb?encoding=gzip&mib=64", "it is larger than 5 MB"),
    ]:
        after = bot.last_id()
        bot.say(f"/summary {hostile}{path}")
        reply = await bot.reply(PRIVATE_CHAT, lambda m: "Cannot fetch" in (m.text or ""), after=after)
        assert reply.text == f"Cannot fetch {hostile}{path}: {expected}."
    bot.say("/help")  # still answering
    await bot.reply(PRIVATE_CHAT, lambda m: "/summary" in (m.text or ""), after=bot.last_id())
    await bot.idle()
    assert bot.server.errors == [], bot.server.describe()
