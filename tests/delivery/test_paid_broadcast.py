"""Paid broadcasts: past Telegram's free 30 messages a second only with TELEGRAM_PAID_BROADCAST, and then
every digest message asks for allow_paid_broadcast (the strict local server keeps the two limits apart)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.delivery.sender import Sender
from bot.settings import Settings, SettingsError
from bot.store.engine import Database
from bot.store.outbox import OutgoingMessage, enqueue
from bot.store.tables import utcnow
from bot.telegram.connection import build_sender_bot
from bot.telegram.render import LAYOUT
from tests.delivery.seed import add_chat
from tests.servers.botapi import BotApiServer

CHATS = 60  # two seconds' worth of the free limit, sent in well under one at 100 a second


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    async with BotApiServer(limits=True) as api:
        yield api


def test_a_rate_above_30_a_second_needs_paid_broadcast() -> None:
    with pytest.raises(SettingsError, match=r"at most 30 .*TELEGRAM_PAID_BROADCAST=true"):
        Settings.load(environ={"SEND_RATE_PER_SECOND": "100"}, env_file=None)
    paid = Settings.load(
        environ={"SEND_RATE_PER_SECOND": "1000", "TELEGRAM_PAID_BROADCAST": "true"}, env_file=None
    )
    assert paid.send_rate_per_second == 1000
    with pytest.raises(SettingsError, match="at most 1000"):
        Settings.load(environ={"SEND_RATE_PER_SECOND": "1001", "TELEGRAM_PAID_BROADCAST": "1"}, env_file=None)


async def test_paid_broadcast_digests_go_past_30_a_second_without_a_429(
    database: Database, server: BotApiServer
) -> None:
    settings = Settings.load(
        environ={"SEND_RATE_PER_SECOND": "100", "TELEGRAM_PAID_BROADCAST": "true"},
        env_file=None,
        telegram_bot_token=server.token,
        telegram_api_url=server.base_url,
    )
    for chat_id in range(2001, 2001 + CHATS):
        server.add_chat(chat_id)
        await add_chat(database, chat_id, created=utcnow())
        async with database.session() as session:
            await enqueue(
                session, chat_id, [OutgoingMessage(f"digest:{chat_id}", "<b>News</b>")], due_at=utcnow()
            )
    async with build_sender_bot(settings) as bot:
        sender = Sender(
            database,
            bot,
            layout=LAYOUT,
            rate_per_second=settings.send_rate_per_second,
            paid_broadcast=settings.telegram_paid_broadcast,
        )
        report = await sender.run_until_idle()
    assert (report.sent, report.rate_limited) == (CHATS, 0)
    assert server.paid_broadcasts == CHATS
    assert len({m.chat_id for m in server.sent_messages()}) == CHATS
