"""Instant mode end to end: a poll that stores news queues it for instant chats at once, not a minute later."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from bot.delivery.service import DeliveryService
from bot.ingest.fetcher import Fetcher
from bot.ingest.pages import BriefingPool
from bot.ingest.poller import Poller
from bot.settings import Settings
from bot.store import chats as chat_queries
from bot.store.delivery_tables import OutboxRow
from bot.store.engine import Database
from bot.store.queries import add_feed
from bot.telegram.render import LAYOUT


async def test_news_stored_by_a_poll_is_queued_for_instant_chats_before_the_poll_returns(
    database: Database, settings: Settings, web_server: str
) -> None:
    async with database.session() as session:
        feed, _ = await add_feed(session, f"{web_server}/generated/local.rss")
        for chat_id, cadence in ((21, "instant"), (22, "daily")):
            await chat_queries.register_chat(session, chat_id, "private", None)
            await chat_queries.update_chat(session, chat_id, cadence=cadence)
            await chat_queries.subscribe_chat(session, chat_id, feed.id)
    service = DeliveryService(database, settings, LAYOUT)
    async with Fetcher(settings) as fetcher:
        poller = Poller(
            database,
            fetcher,
            BriefingPool(ThreadPoolExecutor(1)),
            settings,
            on_new_articles=lambda result: service.news_stored(result.feed_id),
        )
        report = await poller.poll_once()
    await service.settled()  # PostgreSQL plans after its settle time; SQLite already has
    async with database.session() as session:
        rows = list(await session.scalars(select(OutboxRow).order_by(OutboxRow.id)))

    assert report.new_articles > 0
    assert {r.chat_id for r in rows} == {21}  # the daily chat waits for its digest
    assert {r.kind for r in rows} == {"instant"}
    articles = {r.idempotency_key.split(":")[2] for r in rows}
    assert len(articles) == report.new_articles


async def test_a_failing_news_hook_does_not_fail_the_poll(
    database: Database, settings: Settings, web_server: str
) -> None:
    async def broken(_result: object) -> None:
        raise RuntimeError("planner down")

    async with database.session() as session:
        await add_feed(session, f"{web_server}/generated/local.rss")
    async with Fetcher(settings) as fetcher:
        poller = Poller(
            database, fetcher, BriefingPool(ThreadPoolExecutor(1)), settings, on_new_articles=broken
        )
        report = await poller.poll_once()
    assert [r.status for r in report.results] == ["updated"]
    assert report.new_articles > 0
