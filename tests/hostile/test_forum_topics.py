"""Hostile forum topics (issue 18, section 2, bad input): a topic that does not exist or is closed is
refused in the command, in General, with nothing stored; forged topic buttons are refused; and a topic
deleted after it was chosen falls back to General once, with a notice, losing nothing (through the real
Application, the strict Bot API server and its exact errors)."""

from __future__ import annotations

import asyncio

import pytest

from bot.store.tables import utcnow
from bot.telegram.handlers.topics import TOPIC_GONE
from tests.delivery.seed import add_briefing
from tests.servers.gated import GatedWebServer
from tests.telegram.conftest import RunningBot, callback_data, running_bot  # noqa: F401  (the fixture)

pytestmark = pytest.mark.slow
FORUM, GROUP, ADMIN = -1001900, -100901, 7001
THREAD_GONE = "Bad Request: message thread not found"


def _forum(bot: RunningBot) -> int:
    bot.server.add_chat(FORUM, chat_type="supergroup", title="Newsroom", is_forum=True)
    bot.server.set_admins(FORUM, [ADMIN])
    return bot.server.create_topic(FORUM, "Markets")


async def test_subscribe_sent_in_a_deleted_or_closed_topic_is_refused_in_general_and_stores_nothing(
    running_bot: RunningBot,  # noqa: F811
    feeds: GatedWebServer,
):
    bot = running_bot
    markets = _forum(bot)
    sports = bot.server.create_topic(FORUM, "Sports")
    bot.server.delete_topic(FORUM, markets)  # the update below was sent before the topic went
    bot.server.close_topic(FORUM, sports)
    for topic in (markets, sports):
        after = bot.last_id(FORUM)
        bot.say(f"/subscribe {feeds.feed_url('wire')}", chat=FORUM, user=ADMIN, message_thread_id=topic)
        refusal = await bot.reply(FORUM, after=after)
        assert refusal.text == str(TOPIC_GONE) and refusal.message_thread_id is None
    await bot.idle()
    assert await bot.runtime.subscriptions.for_chat(FORUM) == []
    assert feeds.log.arrived == []  # refused before the feed was even fetched
    assert [e.description for e in bot.server.errors] == [THREAD_GONE, "Bad Request: TOPIC_CLOSED"]


async def test_a_command_an_admin_sends_in_a_closed_topic_is_answered_in_general(
    running_bot: RunningBot,  # noqa: F811
):
    bot = running_bot
    archive = _forum(bot)
    bot.server.close_topic(FORUM, archive)  # admins may still write there; the bot, a member, may not
    bot.say("/feeds", chat=FORUM, user=ADMIN, message_thread_id=archive)
    note = await bot.reply(FORUM)
    await bot.idle()
    assert note.text == str(TOPIC_GONE) and note.message_thread_id is None
    assert [m.text for m in bot.server.sent_messages(FORUM)] == [note.text]  # no apology, nothing else
    assert [e.description for e in bot.server.errors] == ["Bad Request: TOPIC_CLOSED"]


async def test_forged_or_stale_topic_buttons_are_refused_and_change_nothing(
    running_bot: RunningBot,  # noqa: F811
    feeds: GatedWebServer,
):
    bot = running_bot
    markets = _forum(bot)
    bot.say(f"/subscribe {feeds.feed_url('wire')}", chat=FORUM, user=ADMIN)
    await bot.reply(FORUM, lambda m: "Subscribed to" in (m.text or ""))
    (feed,) = await bot.runtime.subscriptions.for_chat(FORUM)
    after = bot.last_id(FORUM)
    bot.say("/settings", chat=FORUM, user=ADMIN, message_thread_id=markets)
    panel = await bot.reply(FORUM, lambda m: "Settings" in (m.text or ""), after=after)
    bot.server.close_topic(FORUM, markets)  # closed between the panel and the tap

    alert = str(TOPIC_GONE)
    assert await bot.tap(FORUM, ADMIN, f"set:topic:{markets}", panel.message_id) == alert
    assert await bot.tap(FORUM, ADMIN, "set:topic:999999", panel.message_id) == alert
    assert await bot.tap(FORUM, ADMIN, f"ftopic:{feed.feed.id}:999999", panel.message_id) == alert
    assert await bot.tap(FORUM, ADMIN, f"ftopic:{feed.feed.id}:{markets}", panel.message_id) == alert
    bot.server.add_chat(GROUP, chat_type="supergroup")  # no topics at all
    bot.server.set_admins(GROUP, [ADMIN])
    bot.say("/help", chat=GROUP, user=ADMIN)
    plain = await bot.reply(GROUP, lambda m: "Commands" in (m.text or ""))
    assert await bot.tap(GROUP, ADMIN, f"ftopic:{feed.feed.id}:5", plain.message_id) == alert
    assert await bot.tap(GROUP, ADMIN, "set:topic:5", plain.message_id) == alert

    assert (await bot.runtime.chats.settings_of(FORUM)).digest_topic is None
    assert (await bot.runtime.chats.settings_of(GROUP)).digest_topic is None
    assert [f.topic_id for f in await bot.runtime.subscriptions.for_chat(FORUM)] == [None]
    assert [e.description for e in bot.server.errors] == [
        "Bad Request: TOPIC_CLOSED",
        THREAD_GONE,
        THREAD_GONE,
        "Bad Request: TOPIC_CLOSED",
    ]


async def test_a_topic_deleted_after_it_was_chosen_gets_its_digest_in_general_with_one_notice(
    running_bot: RunningBot,  # noqa: F811
    feeds: GatedWebServer,
):
    bot = running_bot
    markets = _forum(bot)
    bot.say(f"/subscribe {feeds.feed_url('wire')}", chat=FORUM, user=ADMIN, message_thread_id=markets)
    await bot.reply(FORUM, lambda m: "Subscribed to" in (m.text or ""))
    (feed,) = await bot.runtime.subscriptions.for_chat(FORUM)
    bot.server.delete_topic(FORUM, markets)
    await add_briefing(bot.runtime.database, feed.feed.id, "Stocks rally", at=utcnow())
    await asyncio.sleep(bot.runtime.database.settle_time.total_seconds() + 0.2)

    after = bot.last_id(FORUM)
    bot.say("/digest", chat=FORUM, user=ADMIN)
    digest = await bot.reply(FORUM, lambda m: "Stocks rally" in (m.text or ""), after=after, timeout=30)
    notice = await bot.reply(
        FORUM, lambda m: "closed or was deleted" in (m.text or ""), after=after, timeout=30
    )
    assert digest.message_thread_id is None and notice.message_thread_id is None
    assert notice.message_id > digest.message_id and "Gated wire" in (notice.text or "")
    assert [f.topic_id for f in await bot.runtime.subscriptions.for_chat(FORUM)] == [None]

    await add_briefing(bot.runtime.database, feed.feed.id, "Bonds slip", at=utcnow())
    await asyncio.sleep(bot.runtime.database.settle_time.total_seconds() + 0.2)
    after = bot.last_id(FORUM)
    bot.say("/digest", chat=FORUM, user=ADMIN)
    again = await bot.reply(FORUM, lambda m: "Bonds slip" in (m.text or ""), after=after, timeout=30)
    await bot.idle()
    assert again.message_thread_id is None
    assert [m for m in bot.server.sent_messages(FORUM) if "closed or was deleted" in (m.text or "")] == [
        notice
    ]
    assert [e.description for e in bot.server.errors] == [THREAD_GONE]
