"""Link previews set from Telegram (issue 18, section 3): the /settings button cycles the chat's choice, the
/feeds buttons (admins only) each feed's, and /summary previews the page as chosen. Through the real
Application and the strict Bot API server, which checks and records the `link_preview_options` sent."""

from __future__ import annotations

import pytest

from bot.telegram.handlers.common import NOT_ADMIN
from tests.servers.botapi import SentMessage
from tests.servers.gated import GatedWebServer
from tests.telegram.conftest import PRIVATE_CHAT, USER, RunningBot, callback_data

pytestmark = pytest.mark.slow
GROUP, ADMIN, MEMBER = -100500, 5001, 5002


async def _edited(bot: RunningBot, chat: int, message_id: int, text: str) -> SentMessage:
    """The message once an edit put `text` in it."""

    def edited() -> SentMessage | None:
        message = bot.server.message(chat, message_id)
        return message if text in (message.text or "") else None

    return await bot.server.wait_for(edited)


async def test_the_settings_button_cycles_the_chats_link_previews(running_bot: RunningBot):
    bot = running_bot
    bot.say("/settings")
    panel = await bot.reply(PRIVATE_CHAT, lambda m: "Link previews: off" in (m.text or ""))
    seen = []
    for expected in ("each item, small", "single items only, large", "off"):
        (data,) = callback_data(panel, "set:previews:")
        assert await bot.tap(PRIVATE_CHAT, USER, data, panel.message_id) == "Saved."
        panel = await _edited(bot, PRIVATE_CHAT, panel.message_id, f"Link previews: {expected}")
        seen.append((await bot.runtime.chats.settings_of(PRIVATE_CHAT)).link_previews)
    assert seen == ["each", "single", "off"]
    assert bot.server.errors == [], bot.server.describe()


async def test_feeds_offers_admins_a_previews_button_per_feed_and_members_none(
    running_bot: RunningBot, feeds: GatedWebServer
):
    bot = running_bot
    bot.server.add_chat(GROUP, chat_type="supergroup", title="News room")
    bot.server.set_admins(GROUP, [ADMIN])
    bot.server.add_user(MEMBER)
    bot.say(f"/subscribe {feeds.feed_url('wire')}", chat=GROUP, user=ADMIN)
    await bot.reply(GROUP, lambda m: "Subscribed to" in (m.text or ""))
    (feed,) = await bot.runtime.subscriptions.for_chat(GROUP)

    after = bot.last_id(GROUP)
    bot.say("/feeds", chat=GROUP, user=MEMBER)
    members = await bot.reply(GROUP, lambda m: "Your feeds" in (m.text or ""), after=after)
    assert members.buttons == ()
    after = bot.last_id(GROUP)
    bot.say("/feeds", chat=GROUP, user=ADMIN)
    listed = await bot.reply(GROUP, lambda m: "Your feeds" in (m.text or ""), after=after)
    assert callback_data(listed, "fprev:") == [f"fprev:{feed.feed.id}:off"]
    assert "Gated wire: previews as the chat" in listed.buttons[0]["text"]

    assert await bot.tap(GROUP, MEMBER, f"fprev:{feed.feed.id}:each", listed.message_id) == str(NOT_ADMIN)
    assert await bot.tap(GROUP, ADMIN, f"fprev:{feed.feed.id}:off", listed.message_id) == "Saved."
    redrawn_data = [f"fprev:{feed.feed.id}:each"]
    await bot.server.wait_for(
        lambda: callback_data(bot.server.message(GROUP, listed.message_id), "fprev:") == redrawn_data
    )
    redrawn = bot.server.message(GROUP, listed.message_id)
    assert "previews off" in redrawn.buttons[0]["text"]
    (after_tap,) = await bot.runtime.subscriptions.for_chat(GROUP)
    assert after_tap.link_previews == "off"
    assert await bot.tap(GROUP, ADMIN, "fprev:999999:each", listed.message_id) == (
        "You are not subscribed to that feed any more."
    )
    assert bot.server.errors == [], bot.server.describe()


async def test_summary_of_a_page_previews_it_above_the_text_once_the_chat_chose_so(running_bot: RunningBot):
    bot = running_bot
    page = f"{bot.web}/pages/bbc.com__readability-bbc-1.html"
    await bot.runtime.chats.update_setting(PRIVATE_CHAT, "previews", "single")
    bot.say(f"/summary {page}")
    briefing = await bot.reply(PRIVATE_CHAT, lambda m: "Obama" in (m.text or ""), timeout=120)
    assert briefing.link_preview_options == {
        "is_disabled": False,
        "url": page,
        "prefer_small_media": False,
        "show_above_text": True,
    }
    assert not briefing.link_preview_disabled
    await bot.runtime.chats.update_setting(PRIVATE_CHAT, "previews", "off")
    after = bot.last_id()
    bot.say(f"/summary {page}")
    again = await bot.reply(PRIVATE_CHAT, lambda m: "Obama" in (m.text or ""), after=after, timeout=120)
    assert again.link_preview_disabled
