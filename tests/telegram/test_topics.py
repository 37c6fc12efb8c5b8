"""Forum topics set from Telegram (issue 18, section 2), through the real Application and the strict Bot API
server: /subscribe inside a topic sends that feed there, the 🧵 buttons under /feeds move any feed to the
topic /feeds was sent in and back, and /settings inside a topic sends the digest there."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.store.tables import utcnow
from bot.telegram.handlers.common import NOT_ADMIN
from tests.delivery.seed import add_briefing
from tests.servers.botapi import SentMessage
from tests.servers.gated import GatedWebServer
from tests.telegram.conftest import RunningBot, callback_data, started_bot

pytestmark = pytest.mark.slow
FORUM, ADMIN, MEMBER = -1001800, 6001, 6002


def _forum(bot: RunningBot) -> int:
    """A forum supergroup with an admin and a member; returns the id of its topic "Markets"."""
    bot.server.add_chat(FORUM, chat_type="supergroup", title="Newsroom", is_forum=True)
    bot.server.set_admins(FORUM, [ADMIN])
    bot.server.add_user(MEMBER)
    return bot.server.create_topic(FORUM, "Markets")


async def _said(bot: RunningBot, text: str, expected: str, *, user: int = ADMIN, topic: int | None = None):  # type: ignore[no-untyped-def]
    after = bot.last_id(FORUM)
    bot.say(text, chat=FORUM, user=user, message_thread_id=topic)
    return await bot.reply(FORUM, lambda m: expected in (m.text or ""), after=after)


async def _edited(bot: RunningBot, message_id: int, wanted: str) -> SentMessage:
    def edited() -> SentMessage | None:
        message = bot.server.message(FORUM, message_id)
        return message if any(wanted in b.get("callback_data", "") for b in message.buttons) else None

    return await bot.server.wait_for(edited)


async def test_subscribe_inside_a_topic_sends_that_feeds_digest_there_on_both_databases(
    tmp_path: Path, web_server: str, db_url: str, feeds: GatedWebServer
):
    async with started_bot(tmp_path, web_server, database_url=db_url) as bot:
        markets = _forum(bot)
        routed = await _said(bot, f"/subscribe {feeds.feed_url('wire')}", "Subscribed to", topic=markets)
        assert routed.message_thread_id == markets and "go to this topic" in (routed.text or "")
        general = await _said(bot, f"/subscribe {feeds.feed_url('post')}", "Subscribed to")
        assert general.message_thread_id is None and "this topic" not in (general.text or "")
        by_title = {f.feed.title: f for f in await bot.runtime.subscriptions.for_chat(FORUM)}
        assert {title: f.topic_id for title, f in by_title.items()} == {
            "Gated post": None,
            "Gated wire": markets,
        }

        for title, headline in (("Gated wire", "Stocks rally"), ("Gated post", "Town hall reopens")):
            await add_briefing(bot.runtime.database, by_title[title].feed.id, headline, at=utcnow())
        await asyncio.sleep(bot.runtime.database.settle_time.total_seconds() + 0.2)
        after = bot.last_id(FORUM)
        bot.say("/digest", chat=FORUM, user=ADMIN)
        await bot.server.wait_for(
            lambda: len([m for m in bot.server.sent_messages(FORUM) if m.message_id > after]) >= 2, timeout=30
        )
        digests = [(m.message_thread_id, m.text or "") for m in bot.server.sent_messages(FORUM)][-2:]
        assert sorted((thread or 0, "Stocks rally" in text) for thread, text in digests) == [
            (0, False),
            (markets, True),
        ]
        assert any("Town hall reopens" in text for thread, text in digests if thread is None)
        assert bot.server.errors == [], bot.server.describe()


async def test_feeds_inside_a_topic_moves_any_feed_there_and_back(
    running_bot: RunningBot, feeds: GatedWebServer
):
    bot = running_bot
    markets = _forum(bot)
    await _said(bot, f"/subscribe {feeds.feed_url('wire')}", "Subscribed to")
    (feed,) = await bot.runtime.subscriptions.for_chat(FORUM)

    listed = await _said(bot, "/feeds", "Your feeds", topic=markets)
    assert listed.message_thread_id == markets
    assert callback_data(listed, "ftopic:") == [f"ftopic:{feed.feed.id}:{markets}"]
    assert "send /feeds inside that topic" in (listed.text or "")
    members = await _said(bot, "/feeds", "Your feeds", user=MEMBER, topic=markets)
    assert members.buttons == ()

    here = f"ftopic:{feed.feed.id}:{markets}"
    assert await bot.tap(FORUM, MEMBER, here, listed.message_id) == str(NOT_ADMIN)
    assert await bot.tap(FORUM, ADMIN, here, listed.message_id) == "Saved."
    redrawn = await _edited(bot, listed.message_id, f"ftopic:{feed.feed.id}:0")
    assert "✓ Here" in redrawn.buttons[-1]["text"]
    assert [f.topic_id for f in await bot.runtime.subscriptions.for_chat(FORUM)] == [markets]

    from_general = await _said(bot, "/feeds", "Your feeds")
    assert "🧵 another topic" in (from_general.text or "")
    assert callback_data(from_general, "ftopic:") == [f"ftopic:{feed.feed.id}:0"]
    assert "Back with the digest" in from_general.buttons[-1]["text"]
    assert await bot.tap(FORUM, ADMIN, f"ftopic:{feed.feed.id}:0", from_general.message_id) == "Saved."
    await bot.server.wait_for(
        lambda: callback_data(bot.server.message(FORUM, from_general.message_id), "ftopic:") == []
    )
    assert [f.topic_id for f in await bot.runtime.subscriptions.for_chat(FORUM)] == [None]
    assert bot.server.errors == [], bot.server.describe()


async def test_settings_inside_a_topic_sends_the_digest_there_and_back_to_general(running_bot: RunningBot):
    bot = running_bot
    markets = _forum(bot)
    panel = await _said(bot, "/settings", "Digests go to: General", topic=markets)
    assert callback_data(panel, "set:topic:") == [f"set:topic:{markets}"]
    assert await bot.tap(FORUM, ADMIN, f"set:topic:{markets}", panel.message_id) == "Saved."
    panel = await _edited(bot, panel.message_id, "set:topic:0")
    assert "Digests go to: this topic" in (panel.text or "")
    assert (await bot.runtime.chats.settings_of(FORUM)).digest_topic == markets

    in_general = await _said(bot, "/settings", "Digests go to: another topic")
    assert "Send /settings inside a topic" in (in_general.text or "")
    assert await bot.tap(FORUM, ADMIN, "set:topic:0", in_general.message_id) == "Saved."
    await bot.server.wait_for(
        lambda: callback_data(bot.server.message(FORUM, in_general.message_id), "set:topic:") == []
    )
    assert (await bot.runtime.chats.settings_of(FORUM)).digest_topic is None

    helped = await _said(bot, "/help", "Commands", topic=markets)
    assert "/subscribe inside a topic" in (helped.text or "")
    assert bot.server.errors == [], bot.server.describe()


async def test_an_opml_file_sent_inside_a_topic_routes_its_feeds_there(
    running_bot: RunningBot, feeds: GatedWebServer
):
    bot = running_bot
    markets = _forum(bot)
    opml = (
        '<?xml version="1.0"?><opml version="2.0"><head><title>f</title></head><body>'
        f'<outline type="rss" text="a" xmlUrl="{feeds.feed_url("wire")}"/>'
        f'<outline type="rss" text="b" xmlUrl="{feeds.feed_url("post")}"/></body></opml>'
    )
    bot.server.push_document(FORUM, ADMIN, "feeds.opml", opml.encode(), message_thread_id=markets)
    await bot.server.wait_for(lambda: len(bot.server.sent_messages(FORUM)) >= 1)
    await bot.idle()

    async def routed() -> list[int | None]:
        return [f.topic_id for f in await bot.runtime.subscriptions.for_chat(FORUM)]

    for _ in range(300):
        if len(await routed()) == 2:
            break
        await asyncio.sleep(0.1)
    assert await routed() == [markets, markets]
    assert all(m.message_thread_id == markets for m in bot.server.sent_messages(FORUM))
    assert bot.server.errors == [], bot.server.describe()
