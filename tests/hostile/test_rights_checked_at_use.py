"""Rights checked at the moment of use (issue 20, section 3), through the real Application against the
strict Bot API server, on SQLite and PostgreSQL: an admin demoted after /manage or in a group changes
nothing, and /export hands a group's feed URLs to its admins only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.telegram.handlers.common import NOT_ADMIN, NOT_CHANNEL_ADMIN, RIGHTS_KEY
from bot.telegram.rights import RIGHTS_TTL_SECONDS, AdminRights
from tests.servers.gated import GatedWebServer
from tests.telegram.conftest import PRIVATE_CHAT, USER, RunningBot, started_bot

pytestmark = pytest.mark.slow
CHANNEL, GROUP = -100777, -100200
OWNER, ADMIN, MEMBER = 3003, 2001, 2002


@pytest.fixture
async def bot(tmp_path: Path, web_server: str, db_url: str) -> AsyncIterator[RunningBot]:
    async with started_bot(tmp_path, web_server, database_url=db_url) as running:
        yield running


async def _managing_channel(bot: RunningBot, feeds: GatedWebServer) -> None:
    """USER manages CHANNEL (owned by OWNER, USER an admin) from the private chat, subscribed to one feed."""
    bot.server.add_user(OWNER)
    bot.server.add_chat(CHANNEL, chat_type="channel", title="Daily Wire", username="dailywire")
    bot.server.set_admins(CHANNEL, [OWNER, USER, bot.server.bot_id])
    bot.say("/manage @dailywire")
    await bot.reply(PRIVATE_CHAT, lambda m: "Now managing" in (m.text or ""))
    after = bot.last_id()
    bot.say(f"/subscribe {feeds.feed_url('kept')}")
    await bot.reply(PRIVATE_CHAT, lambda m: "Subscribed to" in (m.text or ""), after=after)


def _rights(bot: RunningBot) -> AdminRights:
    assert bot.application is not None
    return bot.application.bot_data[RIGHTS_KEY]


def _stepped_clock(bot: RunningBot) -> list[float]:
    """The rights' clock, stepped by the test (a test cannot wait a real minute)."""
    now = [1000.0]
    _rights(bot).clock = lambda: now[0]
    return now


async def _refused(
    bot: RunningBot, text: str, expected: str, *, chat: int = PRIVATE_CHAT, user: int = USER
) -> None:
    after = bot.last_id(chat)
    bot.say(text, chat=chat, user=user)
    reply = await bot.reply(chat, after=after)
    assert reply.text == expected, (text, reply.text)


async def _tap_refused(
    bot: RunningBot, chat: int, user: int, data: str, message_id: int, expected: str
) -> None:
    query_id = bot.server.push_callback(chat, user, data, message_id)
    await bot.server.wait_for(
        lambda: not any(q.query_id == query_id for q in bot.server.unanswered_callbacks())
    )
    answer = next(q for q in bot.server.callback_queries() if q.query_id == query_id)
    assert (answer.answer_text, answer.show_alert) == (expected, True), answer


async def test_rights_a_demoted_channel_admin_changes_nothing_from_the_private_chat(
    bot: RunningBot, feeds: GatedWebServer
):
    await _managing_channel(bot, feeds)
    after = bot.last_id()
    bot.say("/settings")
    panel = await bot.reply(PRIVATE_CHAT, lambda m: "Settings" in (m.text or ""), after=after)
    weekly = next(b["callback_data"] for b in panel.buttons if b["callback_data"] == "set:cadence:weekly")
    after = bot.last_id()
    bot.say("/unsubscribe")
    keyboard = await bot.reply(PRIVATE_CHAT, lambda m: "Which feed" in (m.text or ""), after=after)
    drop = keyboard.buttons[0]["callback_data"]

    # The owner demotes USER; Telegram tells the bot (it is an admin of the channel) in a chat_member update.
    assert _rights(bot).remembered(CHANNEL, USER) is True
    bot.server.set_admins(CHANNEL, [OWNER, bot.server.bot_id], report=True)
    await bot.server.wait_for(lambda: _rights(bot).remembered(CHANNEL, USER) is None)

    await _refused(bot, f"/subscribe {feeds.feed_url('sneaked')}", str(NOT_CHANNEL_ADMIN))
    await _refused(bot, "/stop", str(NOT_CHANNEL_ADMIN))
    await _refused(bot, "/settings", str(NOT_CHANNEL_ADMIN))
    await _refused(bot, "/filter -football", str(NOT_CHANNEL_ADMIN))
    await _refused(bot, "/export", str(NOT_CHANNEL_ADMIN))
    await _refused(bot, "/feeds", str(NOT_CHANNEL_ADMIN))
    await _tap_refused(bot, PRIVATE_CHAT, USER, weekly, panel.message_id, str(NOT_CHANNEL_ADMIN))
    await _tap_refused(bot, PRIVATE_CHAT, USER, drop, keyboard.message_id, str(NOT_CHANNEL_ADMIN))
    await bot.idle()

    feeds_now = await bot.runtime.subscriptions.for_chat(CHANNEL)
    assert [f.feed.url for f in feeds_now] == [feeds.feed_url("kept")]
    assert (await bot.runtime.chats.settings_of(CHANNEL)).cadence == "daily"
    assert await bot.runtime.delivery.filters(CHANNEL) == []
    assert not bot.server.calls("sendDocument")
    assert [f for f in feeds.log.arrived if "sneaked" in f] == []


async def test_rights_a_demotion_telegram_does_not_report_is_seen_once_the_minute_is_over(
    bot: RunningBot, feeds: GatedWebServer
):
    """Without a chat_member update (the bot is no admin there, or the update was lost) the remembered
    answer lasts a minute."""
    bot.server.add_chat(GROUP, chat_type="supergroup", title="News room")
    bot.server.set_admins(GROUP, [OWNER, ADMIN])
    now = _stepped_clock(bot)
    bot.say(f"/subscribe {feeds.feed_url('kept')}", chat=GROUP, user=ADMIN)
    await bot.reply(GROUP, lambda m: "Subscribed to" in (m.text or ""))
    asked = len(bot.server.calls("getChatMember"))
    after = bot.last_id(GROUP)
    bot.say("/settings", chat=GROUP, user=ADMIN)
    await bot.reply(GROUP, lambda m: "Settings" in (m.text or ""), after=after)
    assert len(bot.server.calls("getChatMember")) == asked  # a burst of changes costs one question

    bot.server.set_admins(GROUP, [OWNER], report=True)  # the bot is no admin: Telegram reports nothing
    now[0] += RIGHTS_TTL_SECONDS
    await _refused(bot, "/stop", str(NOT_ADMIN), chat=GROUP, user=ADMIN)
    assert len(bot.server.calls("getChatMember")) == asked + 1
    assert [f.feed.url for f in await bot.runtime.subscriptions.for_chat(GROUP)] == [feeds.feed_url("kept")]


async def test_rights_a_demoted_group_admin_is_refused_at_the_next_change(
    bot: RunningBot, feeds: GatedWebServer
):
    bot.server.add_chat(GROUP, chat_type="supergroup", title="News room")
    bot.server.set_admins(GROUP, [OWNER, ADMIN, bot.server.bot_id])
    bot.say(f"/subscribe {feeds.feed_url('kept')}", chat=GROUP, user=ADMIN)
    await bot.reply(GROUP, lambda m: "Subscribed to" in (m.text or ""))
    after = bot.last_id(GROUP)
    bot.say("/settings", chat=GROUP, user=ADMIN)
    panel = await bot.reply(GROUP, lambda m: "Settings" in (m.text or ""), after=after)

    bot.server.set_admins(GROUP, [OWNER, bot.server.bot_id], report=True)
    await bot.server.wait_for(lambda: _rights(bot).remembered(GROUP, ADMIN) is None)

    await _refused(bot, "/stop", str(NOT_ADMIN), chat=GROUP, user=ADMIN)
    await _refused(bot, f"/subscribe {feeds.feed_url('sneaked')}", str(NOT_ADMIN), chat=GROUP, user=ADMIN)
    await _tap_refused(bot, GROUP, ADMIN, "set:cadence:weekly", panel.message_id, str(NOT_ADMIN))
    await bot.idle()
    assert [f.feed.url for f in await bot.runtime.subscriptions.for_chat(GROUP)] == [feeds.feed_url("kept")]
    assert (await bot.runtime.chats.settings_of(GROUP)).cadence == "daily"


async def test_rights_export_in_a_group_is_for_its_admins_only(bot: RunningBot, feeds: GatedWebServer):
    bot.server.add_chat(GROUP, chat_type="supergroup", title="News room")
    bot.server.set_admins(GROUP, [OWNER, ADMIN])
    bot.say(f"/subscribe {feeds.feed_url('private')}", chat=GROUP, user=ADMIN)
    await bot.reply(GROUP, lambda m: "Subscribed to" in (m.text or ""))

    await _refused(bot, "/export", str(NOT_ADMIN), chat=GROUP, user=MEMBER)
    assert not bot.server.calls("sendDocument")
    after = bot.last_id(GROUP)
    bot.say("/export", chat=GROUP, user=ADMIN)
    opml = await bot.reply(GROUP, lambda m: m.document is not None, after=after)
    assert feeds.feed_url("private").encode() in opml.document.content
    await bot.idle()
    assert bot.server.errors == [], bot.server.describe()


async def test_rights_a_channel_that_hides_its_members_from_the_bot_refuses_changes_politely(
    bot: RunningBot, feeds: GatedWebServer
):
    """The bot lost its own admin rights in the managed channel: Telegram refuses getChatMember, and the
    user gets the polite refusal, not an apology for an error."""
    now = _stepped_clock(bot)
    await _managing_channel(bot, feeds)
    bot.server.set_admins(CHANNEL, [OWNER, USER])
    now[0] += RIGHTS_TTL_SECONDS
    await _refused(bot, "/stop", str(NOT_CHANNEL_ADMIN))
    assert [e.description for e in bot.server.errors] == ["Bad Request: member list is inaccessible"]
    assert [f.feed.url for f in await bot.runtime.subscriptions.for_chat(CHANNEL)] == [feeds.feed_url("kept")]
