"""A feed switched off after repeated failures: its subscribers get one notice each, through the outbox."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from bot.delivery.service import DeliveryService
from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import BriefingPool
from bot.ingest.poller import Poller
from bot.store import chats as chat_queries
from bot.store.delivery_tables import OutboxRow
from bot.store.queries import add_feed
from bot.telegram.render import LAYOUT


async def test_deactivated_feed_queues_one_notice_per_subscriber(database, settings, web_server):
    failing = f"{web_server}/hostile/status/500"
    async with database.session() as session:
        feed, _ = await add_feed(session, failing, title="Broken <b>feed</b> & co")
        for chat in (11, -100500):
            await chat_queries.register_chat(session, chat, "private" if chat > 0 else "supergroup", None)
            await chat_queries.subscribe_chat(session, chat, feed.id)
    strict = dataclasses.replace(settings, feed_failure_limit=1)
    async with Fetcher(strict) as fetcher:
        poller = Poller(
            database,
            fetcher,
            BriefingPool(ThreadPoolExecutor(1)),
            strict,
            on_deactivated=DeliveryService(database, strict, LAYOUT).feed_switched_off,
        )
        report = await poller.poll_once()
        again = await poller.poll_once()  # a deactivated feed is not polled, and nobody is told twice
    assert [r.status for r in report.results] == ["deactivated"]
    assert again.results == ()
    async with database.session() as session:
        rows = list(await session.scalars(select(OutboxRow).order_by(OutboxRow.chat_id)))
    assert [(r.chat_id, r.kind) for r in rows] == [(-100500, "notice"), (11, "notice")]
    assert "Broken &lt;b&gt;feed&lt;/b&gt; &amp; co" in rows[0].text
    assert "500" in rows[0].text
