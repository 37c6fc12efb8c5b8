"""Forum topics (issue 18, section 2), planned into the outbox and sent through the strict Bot API server,
on SQLite and PostgreSQL: each item goes to its feed's topic or the digest's, a digest is split by topic
(each with its own "+M more"), and a topic Telegram refuses (closed, deleted) falls back to General once,
with one notice for the admins, its routes cleared and nothing lost."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.chats import ChatService, SettingError
from bot.delivery.planner import Planner
from bot.delivery.sender import Sender, SendReport
from bot.settings import Settings
from bot.store import outbox
from bot.store.delivery_tables import OutboxRow
from bot.store.engine import Database
from bot.store.tables import Chat
from bot.subscriptions import SubscriptionService
from bot.telegram.connection import build_sender_bot
from bot.telegram.render import LAYOUT
from tests.delivery.seed import add_briefing, add_chat, add_feed, subscribe
from tests.servers.botapi import BotApiServer, SentMessage

T0 = dt.datetime(2026, 6, 15, 5, 0, tzinfo=dt.UTC)
BEFORE = T0 - dt.timedelta(days=1)
FORUM, OTHER_FORUM = -1001700, -1001701


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer() as api:
        yield api


async def _send_all(database: Database, server: BotApiServer) -> SendReport:
    settings = Settings.load(
        environ={}, env_file=None, telegram_bot_token=server.token, telegram_api_url=server.base_url
    )
    async with build_sender_bot(settings) as bot:
        return await Sender(database, bot, layout=LAYOUT, rate_per_second=1000).run_until_idle()


async def _routed(database: Database, chat_id: int, feeds: dict[int, int | None], digest: int | None) -> None:
    """Feeds to topics (None: with the digest), and the digest to its topic, as the handlers store them."""
    subscriptions = SubscriptionService(database, fetcher=None)  # type: ignore[arg-type]
    for feed_id, topic in feeds.items():
        await subscribe(database, chat_id, feed_id, at=BEFORE)
        assert await subscriptions.set_topic(chat_id, feed_id, topic)
    if digest is not None:
        await ChatService(database, Settings.load(environ={}, env_file=None)).update_setting(
            chat_id, "topic", str(digest)
        )


def _where(messages: list[SentMessage]) -> list[tuple[int | None, str]]:
    return [(m.message_thread_id, m.text or "") for m in messages]


async def test_items_go_to_their_feeds_topic_and_digests_are_split_by_topic(
    database: Database, settings: Settings, server: BotApiServer
) -> None:
    for chat_id in (FORUM, OTHER_FORUM):
        server.add_chat(chat_id, chat_type="supergroup", is_forum=True)
    markets, sports = server.create_topic(FORUM, "Markets"), server.create_topic(FORUM, "Sports")
    wire, desk, post = (
        await add_feed(database, "Market Wire"),
        await add_feed(database, "Sports Desk"),
        await add_feed(database, "Daily Post"),
    )
    await add_chat(database, FORUM, created=BEFORE, cadence="daily")
    await _routed(database, FORUM, {wire: markets, desk: None, post: None}, digest=sports)
    instant_markets = server.create_topic(OTHER_FORUM, "Markets")
    await add_chat(database, OTHER_FORUM, created=BEFORE, cadence="instant")
    await _routed(database, OTHER_FORUM, {wire: instant_markets, post: None}, digest=None)
    await add_briefing(database, wire, "Stocks rally", at=T0)
    await add_briefing(database, desk, "Cup final tonight", at=T0)
    await add_briefing(database, post, "Town hall reopens", at=T0)

    planner = Planner(database, settings, LAYOUT)
    later = T0 + dt.timedelta(minutes=1)
    await planner.plan_now([FORUM], now=later)
    await planner.plan_instant(OTHER_FORUM, later)
    report = await _send_all(database, server)

    assert report.sent == 4 and server.errors == [], server.describe()
    digests = _where(server.sent_messages(FORUM))
    assert [thread for thread, _ in digests] == [sports, markets]
    assert "Cup final tonight" in digests[0][1] and "Town hall reopens" in digests[0][1]
    assert "Stocks rally" not in digests[0][1] and "Stocks rally" in digests[1][1]
    instant = _where(server.sent_messages(OTHER_FORUM))
    assert [(thread, "Stocks rally" in text) for thread, text in instant] == [
        (instant_markets, True),
        (None, False),
    ]
    assert "Town hall reopens" in instant[1][1]


async def test_each_topic_of_a_split_digest_has_its_own_more(
    database: Database, settings: Settings, server: BotApiServer
) -> None:
    server.add_chat(FORUM, chat_type="supergroup", is_forum=True)
    markets = server.create_topic(FORUM, "Markets")
    wire, post = await add_feed(database, "Market Wire"), await add_feed(database, "Daily Post")
    await add_chat(database, FORUM, created=BEFORE)
    await _routed(database, FORUM, {wire: markets, post: None}, digest=None)
    wire_ids = [await add_briefing(database, wire, f"Market story {i}", at=T0) for i in range(12)]
    post_ids = [await add_briefing(database, post, f"Town story {i}", at=T0) for i in range(11)]
    planner = Planner(database, settings, LAYOUT)
    planned = await planner.plan_digest(FORUM, T0, now=T0 + dt.timedelta(minutes=1), zone="UTC", manual=True)
    rows = await _rows(database)
    run = _run_of(rows)

    assert planned.items == 23 and [r.message_thread_id for r in rows if r.reply_markup] == [None, markets]
    in_markets = await planner.overflow_items(run, FORUM, markets)
    in_general = await planner.overflow_items(run, FORUM, None)
    assert len(in_markets) == 2 and {i.article_id for i in in_markets} <= set(wire_ids)
    assert len(in_general) == 1 and {i.article_id for i in in_general} <= set(post_ids)
    assert await planner.overflow_items(run, OTHER_FORUM, markets) == []  # another chat's digest


async def _rows(database: Database) -> list[OutboxRow]:
    async with database.session() as session:
        return list(await session.scalars(select(OutboxRow).order_by(OutboxRow.id)))


def _run_of(rows: list[OutboxRow]) -> int:
    """The digest run named by the "+M more" buttons (both topics' buttons name the same run)."""
    (run,) = {
        int(b["callback_data"].split(":")[1])
        for row in rows
        if row.reply_markup
        for line in row.reply_markup["inline_keyboard"]
        for b in line
    }
    return run


@pytest.mark.slow  # a group gets one message each 3 s (bot.delivery.sender.GROUP_GAP)
@pytest.mark.parametrize("refusal", ["closed", "deleted"])
async def test_a_refused_topic_falls_back_to_general_once_with_a_notice_and_nothing_lost(
    database: Database, settings: Settings, server: BotApiServer, refusal: str
) -> None:
    server.add_chat(FORUM, chat_type="supergroup", is_forum=True)
    markets = server.create_topic(FORUM, "Markets")
    wire, post = await add_feed(database, "Market Wire"), await add_feed(database, "Daily Post")
    await add_chat(database, FORUM, created=BEFORE, cadence="instant")
    await _routed(database, FORUM, {wire: markets, post: None}, digest=markets)
    for title in ("Stocks rally", "Bonds slip"):
        await add_briefing(database, wire, title, at=T0)
    await add_briefing(database, post, "Town hall reopens", at=T0)
    planner = Planner(database, settings, LAYOUT)
    await planner.plan_instant(FORUM, T0 + dt.timedelta(minutes=1))
    if refusal == "closed":
        server.close_topic(FORUM, markets)
    else:
        server.delete_topic(FORUM, markets)

    report = await _send_all(database, server)

    expected = "Bad Request: TOPIC_CLOSED" if refusal == "closed" else "Bad Request: message thread not found"
    assert [e.description for e in server.errors] == [expected]  # refused once, never again
    sent = _where(server.sent_messages(FORUM))
    assert all(thread is None for thread, _ in sent)
    titles = ("Stocks rally", "Bonds slip", "Town hall reopens")
    assert [next(t for t in titles if t in text) for _, text in sent[:3]] == list(titles)
    (notice,) = sent[3:]
    assert "closed or was deleted" in notice[1] and "Market Wire" in notice[1]
    assert "The digest now goes to General." in notice[1]
    assert report.topic_fallbacks == 1 and report.failed == 0
    assert await outbox.status_counts(database) == {"sent": 4}
    routes = await SubscriptionService(database, fetcher=None).for_chat(FORUM)  # type: ignore[arg-type]
    assert [f.topic_id for f in routes] == [None, None]
    async with database.session() as session:
        assert await session.scalar(select(Chat.digest_topic_id).where(Chat.chat_id == FORUM)) is None

    await add_briefing(database, wire, "Gold climbs", at=T0 + dt.timedelta(hours=1))
    await planner.plan_instant(FORUM, T0 + dt.timedelta(hours=1, minutes=1))
    await _send_all(database, server)
    assert _where(server.sent_messages(FORUM))[-1][0] is None and len(server.errors) == 1


async def test_the_digest_topic_setting_takes_a_topic_id_or_zero_for_general(
    database: Database, settings: Settings
) -> None:
    chats = ChatService(database, settings)
    assert (await chats.update_setting(FORUM, "topic", "42")).digest_topic == 42
    assert (await chats.update_setting(FORUM, "topic", "0")).digest_topic is None
    for bad in ("-3", "abc", "1" * 13, ""):
        with pytest.raises(SettingError):
            await chats.update_setting(FORUM, "topic", bad)
