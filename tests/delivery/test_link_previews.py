"""Link previews per chat and per feed (issue 18, section 3), planned into the outbox and sent through the
strict Bot API server, on SQLite and PostgreSQL: `each` previews every item sent in a message of its own
(small), `single` only an item sent alone (large), a feed's own choice wins over its chat's, and a digest of
several items never previews."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.chats import ChatService
from bot.delivery import previews
from bot.delivery.planner import Planner
from bot.delivery.sender import Sender
from bot.settings import Settings
from bot.store.engine import Database
from bot.store.tables import Chat
from bot.subscriptions import SubscriptionService
from bot.telegram.connection import build_sender_bot
from bot.telegram.render import LAYOUT
from tests.delivery.seed import add_briefing, add_chat, add_feed, subscribe
from tests.servers.botapi import BotApiServer, SentMessage

T0 = dt.datetime(2026, 6, 15, 5, 0, tzinfo=dt.UTC)
BEFORE = T0 - dt.timedelta(days=1)


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as api:
        yield api


async def _chat(
    database: Database, server: BotApiServer, chat_id: int, cadence: str, mode: str | None
) -> None:
    server.add_chat(chat_id)
    await add_chat(database, chat_id, created=BEFORE, cadence=cadence)
    if mode is not None:
        await ChatService(database, Settings.load(environ={}, env_file=None)).update_setting(
            chat_id, "previews", mode
        )


async def _sent(database: Database, server: BotApiServer) -> dict[int, list[SentMessage]]:
    settings = Settings.load(
        environ={}, env_file=None, telegram_bot_token=server.token, telegram_api_url=server.base_url
    )
    async with build_sender_bot(settings) as bot:
        report = await Sender(database, bot, layout=LAYOUT, rate_per_second=1000).run_until_idle()
    assert report.sent > 0 and server.errors == [], server.describe()
    by_chat: dict[int, list[SentMessage]] = {}
    for message in server.sent_messages():
        by_chat.setdefault(message.chat_id, []).append(message)
    return by_chat


def _preview(message: SentMessage) -> dict[str, object] | None:
    """What Telegram was told: the options of a previewed message, or None for a disabled preview."""
    if message.link_preview_disabled:
        return None
    assert message.link_preview_options, message
    return message.link_preview_options


async def test_each_and_single_previews_of_instant_items_and_digests_as_telegram_receives_them(
    database: Database, settings: Settings, server: BotApiServer
) -> None:
    busy, quiet = await add_feed(database, "Busy Wire"), await add_feed(database, "Quiet Post")
    chats = {
        31: ("instant", "each", [busy]),  # two items at once: each previewed, small
        32: ("instant", "single", [busy]),  # two items at once: none previewed
        33: ("instant", "single", [quiet]),  # one item alone: previewed, large
        34: ("daily", "each", [busy, quiet]),  # a digest of three items: never
        35: ("daily", "each", [quiet]),  # a digest of one item: previewed
        36: ("daily", None, [quiet]),  # previews off (the default): nothing
        37: ("instant", "off", [busy]),  # off, but the feed previews each of its items
    }
    for chat_id, (cadence, mode, feeds) in chats.items():
        await _chat(database, server, chat_id, cadence, mode)
        for feed in feeds:
            await subscribe(database, chat_id, feed, at=BEFORE)
    subscriptions = SubscriptionService(database, fetcher=None)  # type: ignore[arg-type]
    assert await subscriptions.set_link_previews(37, busy, previews.EACH)
    await add_briefing(database, busy, "Busy one", at=T0)
    await add_briefing(database, busy, "Busy two", at=T0)
    await add_briefing(database, quiet, "Quiet one", at=T0)
    planner = Planner(database, settings, LAYOUT)
    later = T0 + dt.timedelta(minutes=1)
    for chat_id in (31, 32, 33, 37):
        await planner.plan_instant(chat_id, later)
    await planner.plan_now([34, 35, 36], now=later)

    sent = await _sent(database, server)

    shown = {chat_id: [_preview(m) for m in messages] for chat_id, messages in sent.items()}
    busy_urls = [m.link_preview_options["url"] for m in sent[31]]  # type: ignore[index]
    assert all(
        p == {"is_disabled": False, "url": u, "prefer_small_media": True, "show_above_text": True}
        for p, u in zip(shown[31], busy_urls, strict=True)
    )
    assert (
        len(shown[31]) == 2
        and len(set(busy_urls)) == 2
        and all(u.startswith("https://news.example/") for u in busy_urls)
    )
    assert shown[32] == [None, None]
    assert shown[33] == [
        {
            "is_disabled": False,
            "url": shown[33][0]["url"],
            "prefer_small_media": False,
            "show_above_text": True,
        }
    ]  # type: ignore[index]
    assert (
        shown[34] == [None]
        and "Busy one" in (sent[34][0].text or "")
        and "Quiet one" in (sent[34][0].text or "")
    )
    assert shown[35] == [
        {
            "is_disabled": False,
            "url": shown[33][0]["url"],
            "prefer_small_media": True,
            "show_above_text": True,
        }
    ]  # type: ignore[index]
    assert shown[36] == [None]
    assert [p and p["url"] for p in shown[37]] == busy_urls


async def test_a_feeds_own_choice_wins_over_its_chats_and_as_chat_follows_it_again(
    database: Database, settings: Settings, server: BotApiServer
) -> None:
    quiet = await add_feed(database, "Quiet Post")
    await _chat(database, server, 41, "daily", "each")
    await subscribe(database, 41, quiet, at=BEFORE)
    subscriptions = SubscriptionService(database, fetcher=None)  # type: ignore[arg-type]
    assert await subscriptions.set_link_previews(41, quiet, previews.OFF)
    await add_briefing(database, quiet, "Quiet one", at=T0)
    planner = Planner(database, settings, LAYOUT)
    await planner.plan_now([41], now=T0 + dt.timedelta(minutes=1))
    assert await subscriptions.set_link_previews(41, quiet, previews.AS_CHAT)
    await add_briefing(database, quiet, "Quiet two", at=T0 + dt.timedelta(hours=1))
    await planner.plan_now([41], now=T0 + dt.timedelta(hours=1, minutes=1))
    assert not await subscriptions.set_link_previews(41, 999_999, previews.EACH)  # not a feed of this chat

    sent = await _sent(database, server)

    assert [_preview(m) is not None for m in sent[41]] == [False, True]
    chats = ChatService(database, settings)
    assert (await chats.update_setting(41, "previews", "off")).link_previews == previews.OFF
    async with database.session() as session:  # off is stored as nothing, like a chat that never chose
        assert await session.scalar(select(Chat.link_previews).where(Chat.chat_id == 41)) is None


def test_the_buttons_cycle_through_every_choice() -> None:
    assert [previews.next_mode(m) for m in previews.MODES] == ["each", "single", "off"]
    assert [previews.next_mode(m, previews.FEED_MODES) for m in previews.FEED_MODES] == [
        "off", "each", "single", "chat",
    ]  # fmt: skip
    assert previews.effective_mode(None, None) == "off" and previews.effective_mode("each", "off") == "off"
    assert previews.preview_options("javascript:alert(1)", "each", sent_together=1) is None
    assert previews.preview_options("https://x.example/" + "a" * 2100, "each", sent_together=1) is None
