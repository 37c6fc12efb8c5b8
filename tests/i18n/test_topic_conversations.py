"""The forum-topic conversation in every locale, through the real bot and the strict Bot API server: /help,
/subscribe, /feeds and /settings inside a topic (their taps included), a command in a closed topic, and the
admins' notice after the digest's topic was deleted. No reply, button or toast may hold an English phrase
of the catalog (tests/i18n/test_locale_conversations.py says what counts), and Telegram must accept every
message and button."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.i18n import LOCALES
from bot.store.tables import utcnow
from tests.delivery.seed import add_briefing
from tests.i18n.test_locale_conversations import english_in
from tests.servers.botapi import SentMessage
from tests.servers.gated import GatedWebServer
from tests.telegram.conftest import RunningBot, callback_data, started_bot

pytestmark = pytest.mark.slow
ADMIN = 8000


async def _forum_conversation(bot: RunningBot, chat: int, locale: str, feed_url: str, admin: int) -> None:
    """One forum group in `locale`, run by its own `admin`, through the topic commands; each step waits
    for its answer (a tap, for its edit too)."""
    await bot.runtime.chats.update_setting(chat, "language", locale)
    bot.server.add_chat(chat, chat_type="supergroup", title=f"Forum {locale}", is_forum=True)
    bot.server.set_admins(chat, [admin])
    topic, closed = bot.server.create_topic(chat, "News"), bot.server.create_topic(chat, "Archive")
    bot.server.close_topic(chat, closed)

    async def say(text: str, *, where: int | None = topic) -> None:
        before = bot.last_id(chat)
        bot.say(text, chat=chat, user=admin, message_thread_id=where)
        await bot.server.wait_for(lambda: bot.last_id(chat) > before, timeout=60)

    await say("/help")
    await say(f"/subscribe {feed_url}")
    while not (
        subscribed := await bot.runtime.subscriptions.for_chat(chat)
    ):  # the reply may be a holding one
        await asyncio.sleep(0.05)
    (feed,) = subscribed
    await say("/feeds")
    listed = bot.server.sent_messages(chat)[-1]
    await _tapped(bot, chat, admin, listed, "ftopic:")
    await say("/settings")
    panel = bot.server.sent_messages(chat)[-1]
    await _tapped(bot, chat, admin, panel, "set:topic:")
    await say(f"/subscribe {feed_url}", where=closed)

    bot.server.delete_topic(chat, topic)
    await add_briefing(bot.runtime.database, feed.feed.id, f"Stocks rally {locale}", at=utcnow())
    await asyncio.sleep(bot.runtime.database.settle_time.total_seconds() + 0.2)
    bot.say("/digest", chat=chat, user=admin)
    await bot.server.wait_for(lambda: any("⚠️" in (m.text or "") for m in bot.server.sent_messages(chat)), 90)


async def _tapped(bot: RunningBot, chat: int, admin: int, message: SentMessage, prefix: str) -> None:
    await bot.tap(chat, admin, *callback_data(message, prefix), message.message_id)
    await bot.server.wait_for(lambda: bot.server.message(chat, message.message_id).edits > message.edits)


async def test_every_locale_speaks_its_own_language_about_forum_topics(
    tmp_path: Path, web_server: str, feeds: GatedWebServer
) -> None:
    async with started_bot(tmp_path, web_server) as bot:
        chats = {locale: -1002000 - n for n, locale in enumerate(LOCALES)}
        await asyncio.gather(
            *(
                _forum_conversation(bot, chat, locale, feeds.feed_url(f"wire{n}"), ADMIN + n)
                for n, (locale, chat) in enumerate(chats.items())
            )
        )
        await bot.idle()
        refusals = {e.description for e in bot.server.errors}
        assert refusals <= {"Bad Request: TOPIC_CLOSED", "Bad Request: message thread not found"}
        problems: dict[str, list[str]] = {}
        for locale, chat in chats.items():
            sent = bot.server.sent_messages(chat, include_deleted=True)
            texts = [m.text or "" for m in sent]
            assert len(texts) >= 7, (
                locale,
                texts,
            )  # help, subscribed, feeds, settings, refusal, digest, notice
            assert all(len(b.get("callback_data", "").encode()) <= 64 for m in sent for b in m.buttons)
            taps = [q.answer_text or "" for q in bot.server.callback_queries() if q.chat_id == chat]
            assert len(taps) == 2 and all(taps), (locale, taps)
            buttons = [b["text"] for m in sent for b in m.buttons]
            found = english_in(texts + taps, buttons, locale) if locale != "en" else []
            if found:
                problems[locale] = found
        assert problems == {}
