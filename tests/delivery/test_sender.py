"""Sending the outbox through a strict local Bot API server with Telegram's limits switched on."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot.delivery.planner import Planner
from bot.delivery.sender import Sender
from bot.settings import Settings
from bot.store.delivery_tables import OutboxRow
from bot.store.engine import Database
from bot.store.outbox import OutgoingMessage, enqueue, status_counts
from bot.store.tables import Chat, Subscription, utcnow
from bot.telegram.connection import build_sender_bot
from bot.telegram.render import LAYOUT
from tests.delivery.seed import add_briefing, add_chat, add_feed, subscribe
from tests.servers.botapi import BotApiServer

NOW = dt.datetime(2026, 6, 15, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer(limits=True) as api:
        yield api


@pytest.fixture
async def sender(database: Database, settings: Settings, server: BotApiServer) -> AsyncIterator[Sender]:
    bot_settings = Settings.load(
        environ={}, env_file=None, telegram_bot_token=server.token, telegram_api_url=server.base_url
    )
    async with build_sender_bot(bot_settings) as bot:
        yield Sender(
            database, bot, layout=LAYOUT, rate_per_second=settings.send_rate_per_second, backoff_base=0.2
        )


async def queue(database: Database, server: BotApiServer, chat_id: int, parts: int = 1) -> None:
    """A chat (known to the server and the store) with a digest of `parts` messages queued."""
    server.add_chat(chat_id)
    await add_chat(database, chat_id, created=NOW)
    messages = [
        OutgoingMessage(
            key=f"digest:{chat_id}:test:{i}", text=f"<b>Digest for {chat_id}</b> part {i + 1}/{parts}"
        )
        for i in range(parts)
    ]
    async with database.session() as session:
        await enqueue(session, chat_id, messages, due_at=utcnow())


def received(server: BotApiServer) -> Counter[int]:
    return Counter(m.chat_id for m in server.sent_messages())


def unexpected_errors(server: BotApiServer) -> list[str]:
    return [f"{e.method}: {e.description}" for e in server.errors if not e.injected]


async def rows(database: Database, chat_id: int) -> list[OutboxRow]:
    async with database.session() as session:
        return list(
            await session.scalars(
                select(OutboxRow).where(OutboxRow.chat_id == chat_id).order_by(OutboxRow.id)
            )
        )


@pytest.mark.slow
async def test_every_message_is_sent_once_in_order_within_telegrams_limits(
    database: Database, server: BotApiServer, sender: Sender
) -> None:
    for chat_id in range(1, 41):
        await queue(database, server, chat_id)
    await queue(database, server, 99, parts=3)
    await queue(database, server, -500, parts=2)  # a group: 20 a minute

    report = await sender.run_until_idle()

    assert report.sent == 45
    assert received(server) == Counter({**{c: 1 for c in range(1, 41)}, 99: 3, -500: 2})
    assert [m.text for m in server.sent_messages(99)] == [f"Digest for 99 part {i}/3" for i in (1, 2, 3)]
    assert unexpected_errors(server) == []
    assert await status_counts(database) == {"sent": 45}


async def test_a_blocked_user_mid_digest_stops_getting_it_and_the_others_get_theirs(
    database: Database, server: BotApiServer, sender: Sender
) -> None:
    for chat_id in (1, 2, 3):
        await queue(database, server, chat_id)
    await queue(database, server, 5, parts=3)
    feed = await add_feed(database, "Wire")
    await subscribe(database, 5, feed, at=NOW)

    async def block_after_first_part() -> None:
        await server.wait_for_message(5)
        server.block(5)

    blocker = asyncio.create_task(block_after_first_part())
    report = await sender.run_until_idle()
    await blocker

    assert received(server) == Counter({1: 1, 2: 1, 3: 1, 5: 1})
    assert report.dropped_chats == 1
    assert [r.status for r in await rows(database, 5)] == ["sent", "dropped", "dropped"]
    async with database.session() as session:
        chat = await session.get_one(Chat, 5)
        subscriptions = list(await session.scalars(select(Subscription).where(Subscription.chat_id == 5)))
    assert not chat.active and chat.blocked_at is not None
    assert subscriptions and all(s.muted for s in subscriptions)
    assert unexpected_errors(server) == ["sendMessage: Forbidden: bot was blocked by the user"]


@pytest.mark.slow
async def test_a_429_storm_is_waited_out_and_nothing_is_duplicated(
    database: Database, server: BotApiServer, sender: Sender
) -> None:
    for chat_id in range(1, 13):
        await queue(database, server, chat_id)
    server.storm_429(6, retry_after=1)

    report = await sender.run_until_idle()

    assert received(server) == Counter({c: 1 for c in range(1, 13)})
    assert report.rate_limited == 6
    assert sum(e.status == 429 for e in server.errors) == 6
    assert unexpected_errors(server) == []


async def test_a_burst_of_5xx_answers_is_retried_with_backoff(
    database: Database, server: BotApiServer, sender: Sender
) -> None:
    for chat_id in range(1, 7):
        await queue(database, server, chat_id)
    server.fail_next(4, 502)
    server.fail_next(2, 500)
    server.fail_next(2, 503)

    report = await sender.run_until_idle()

    assert received(server) == Counter({c: 1 for c in range(1, 7)})
    assert report.retried == 8
    assert unexpected_errors(server) == []
    assert await status_counts(database) == {"sent": 6}


async def test_a_send_whose_answer_is_lost_is_not_sent_again(
    database: Database, server: BotApiServer, sender: Sender
) -> None:
    await queue(database, server, 1)
    await queue(database, server, 2)
    server.lose_reply_next(1)

    report = await sender.run_until_idle()

    assert received(server) == Counter({1: 1, 2: 1})  # the lost answer's message did arrive, once
    assert report.unknown == 1
    assert sorted((await status_counts(database)).items()) == [("sent", 1), ("unknown", 1)]


@pytest.mark.slow
async def test_a_group_upgraded_to_a_supergroup_gets_its_digest_at_the_new_id(
    database: Database, server: BotApiServer, sender: Sender
) -> None:
    old, new = -4001, -1_000_000_004_001
    await queue(database, server, old, parts=2)
    feed = await add_feed(database, "Wire")
    await subscribe(database, old, feed, at=NOW)
    server.migrate(old, new)

    report = await sender.run_until_idle()

    assert report.moved_chats == 1
    assert received(server) == Counter({new: 2})
    async with database.session() as session:
        assert (await session.get_one(Chat, new)).active
        assert not (await session.get_one(Chat, old)).active
        moved = await session.scalars(select(Subscription.chat_id).where(Subscription.feed_id == feed))
        assert list(moved) == [new]
    assert unexpected_errors(server) == [
        "sendMessage: Bad Request: group chat was upgraded to a supergroup chat"
    ]


async def test_html_telegram_cannot_parse_goes_out_as_plain_text_and_is_logged_loudly(
    database: Database, server: BotApiServer, sender: Sender, caplog: pytest.LogCaptureFixture
) -> None:
    server.add_chat(1)
    await add_chat(database, 1, created=NOW)
    async with database.session() as session:
        await enqueue(
            session,
            1,
            [OutgoingMessage(key="digest:1:bad:0", text="<b>Fish & chips</b> <br>")],
            due_at=utcnow(),
        )

    with caplog.at_level(logging.ERROR, logger="bot.delivery.sender"):
        report = await sender.run_until_idle()

    assert report.plain_text_fallbacks == 1
    assert [m.text for m in server.sent_messages(1)] == ["Fish & chips <br>"]
    assert any(r.levelno == logging.ERROR and "plain text" in r.getMessage() for r in caplog.records)


async def test_an_empty_digest_is_not_sent(
    database: Database, settings: Settings, server: BotApiServer, sender: Sender
) -> None:
    server.add_chat(1)
    await add_chat(database, 1, created=NOW)
    feed = await add_feed(database, "Wire")
    await subscribe(database, 1, feed, at=NOW)
    planner = Planner(database, settings, LAYOUT)

    planned = await planner.plan_now([1], now=NOW + dt.timedelta(hours=1))
    report = await sender.run_until_idle()

    assert (planned.digests, planned.empty, report.sent) == (0, 1, 0)
    assert server.sent_messages() == []


async def test_a_planned_digest_is_delivered_with_its_more_button(
    database: Database, settings: Settings, server: BotApiServer, sender: Sender
) -> None:
    server.add_chat(1)
    await add_chat(database, 1, created=NOW)
    feed = await add_feed(database, "Wire")
    await subscribe(database, 1, feed, at=NOW)
    for n in range(12):
        await add_briefing(database, feed, f"Story {n} & <friends>", at=NOW + dt.timedelta(minutes=1))

    await Planner(database, settings, LAYOUT).plan_now([1], now=NOW + dt.timedelta(hours=1))
    await sender.run_until_idle()

    [message] = server.sent_messages(1)
    assert "Story 3 & <friends>" in (message.text or "")
    assert [b["text"] for b in message.buttons] == ["+2 more"]
    assert unexpected_errors(server) == []


@pytest.mark.slow
async def test_telegram_down_longer_than_the_retries_allow_loses_nothing(
    database: Database, server: BotApiServer, settings: Settings
) -> None:
    bot_settings = Settings.load(
        environ={}, env_file=None, telegram_bot_token=server.token, telegram_api_url=server.base_url
    )
    async with build_sender_bot(bot_settings) as bot:
        sender = Sender(database, bot, layout=LAYOUT, rate_per_second=30, max_attempts=2, backoff_base=0.2)
        await queue(database, server, 7)
        await server.stop()  # connections are refused from now on
        stop = asyncio.Event()
        running = asyncio.create_task(sender.run(stop))
        await asyncio.sleep(5)  # tries at 0, 1, 3 s: more than max_attempts
        waited = sender.report.outage_waits
        assert await status_counts(database) == {"pending": 1}
        await server.start()
        for _ in range(200):
            if received(server)[7]:
                break
            await asyncio.sleep(0.1)
        stop.set()
        await running
    assert waited >= 2 and sender.report.failed == 0
    assert received(server) == Counter({7: 1})
    [row] = await rows(database, 7)
    assert row.status == "sent" and row.attempts == 1  # the tries that could not connect were given back
