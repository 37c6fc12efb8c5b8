"""/healthz, /readyz and /metrics of a running bot: the real Application, the local Bot API server, the
fixture web server for feeds, and real scrapes over HTTP while it polls and sends a digest."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import Metrics
from bot.runtime import Runtime
from bot.settings import Settings
from bot.store.queries import count_articles
from bot.telegram.app import HEALTH_KEY, build_application, serve
from bot.telegram.render import LAYOUT
from tests.conftest import free_port
from tests.servers.botapi import BotApiServer
from tests.telegram.conftest import USER, RunningBot, bot_settings

CHAT = USER


@pytest.fixture
async def bot_with_health(tmp_path: Path, web_server: str) -> AsyncIterator[tuple[RunningBot, str]]:
    """A long-polling bot with the health listener switched on, on a free loopback port."""
    async with BotApiServer() as server:
        settings = bot_settings(
            server,
            tmp_path,
            health_server="on",
            health_host="127.0.0.1",
            health_port=0,
            on_demand_per_minute=100,
        )
        runtime = await Runtime.start(settings, layout=LAYOUT, pool_kind="thread")
        application = build_application(runtime, schedule_jobs=False)
        stop = asyncio.Event()
        task = asyncio.create_task(serve(application, stop))
        try:
            await server.wait_for(lambda: server.calls("deleteWebhook") or task.done(), timeout=30)
            if task.done():
                task.result()
            yield (
                RunningBot(server, runtime, web_server),
                f"http://127.0.0.1:{application.bot_data[HEALTH_KEY].port}",
            )
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=30)
            await runtime.close()


def samples(exposition: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape: (name, sorted labels) -> value."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(exposition)
        for s in family.samples
    }


def value(scrape: dict, name: str, **labels: str) -> float:
    return scrape.get((name, tuple(sorted(labels.items()))), 0.0)


async def scrape(client: httpx.AsyncClient, base: str) -> dict:
    answer = await client.get(f"{base}/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    return samples(answer.text)


@pytest.mark.slow
async def test_metrics_move_with_a_real_poll_and_a_real_digest_round(bot_with_health):
    bot, base = bot_with_health
    async with httpx.AsyncClient(timeout=10) as client:
        assert (await client.get(f"{base}/healthz")).text == "ok\n"
        ready = await client.get(f"{base}/readyz")
        assert ready.status_code == 200
        assert ready.json() == {"ready": True, "database": "ok", "telegram": "ok", "scheduler": "ok"}
        before = await scrape(client, base)
        assert value(before, "briefbot_telegram_up") == 1

        bot.say(f"/subscribe {bot.web}/generated/local.rss")  # the new feed is polled at once
        await bot.reply(CHAT, lambda m: "Subscribed to" in (m.text or ""), timeout=60)
        for _ in range(600):  # the poll the subscription started has ended
            if value(await scrape(client, base), "briefbot_poll_cycles_total") >= 1:
                break
            await asyncio.sleep(0.1)
        async with bot.runtime.database.session() as session:
            assert await count_articles(session) >= 4
        poll = asyncio.create_task(bot.runtime.poller.poll_once())
        during = await scrape(client, base)  # the listener answers while a poll runs
        report = await poll
        after_poll = await scrape(client, base)

        bot.say("/digest")
        await bot.reply(CHAT, lambda m: "•" in (m.text or ""), timeout=60)
        for _ in range(100):  # the sender counts the send at Telegram's answer, then commits the row as sent
            after_digest = await scrape(client, base)
            if value(after_digest, "briefbot_messages_sent_total", kind="digest") and value(
                after_digest, "briefbot_outbox_messages", status="sent"
            ):
                break
            await asyncio.sleep(0.1)

    assert len(report.results) == 1 and during is not None
    polls = sum(
        value(after_poll, "briefbot_feed_polls_total", outcome=o) for o in ("updated", "not_modified")
    )
    assert polls >= 2 and value(after_poll, "briefbot_poll_cycles_total") >= 2
    assert value(after_poll, "briefbot_briefings_stored_total") >= 4
    assert value(after_poll, "briefbot_fetch_seconds_count", kind="feed") >= 2
    assert value(after_poll, "briefbot_fetch_seconds_count", kind="page") >= 4
    assert value(after_poll, "briefbot_engine_seconds_count") >= 4
    assert value(after_poll, "briefbot_last_poll_timestamp_seconds") > 0
    assert value(after_digest, "briefbot_messages_sent_total", kind="digest") >= 1
    assert value(after_digest, "briefbot_send_lag_seconds_count") >= 1
    assert value(after_digest, "briefbot_on_demand_requests_total", command="digest") == 1
    assert value(after_digest, "briefbot_on_demand_seconds_count", command="digest") == 1
    assert value(after_digest, "briefbot_outbox_messages", status="sent") >= 1
    assert value(after_digest, "briefbot_telegram_429_total") == 0
    assert value(before, "briefbot_messages_sent_total", kind="digest") == 0


@pytest.mark.slow
async def test_readyz_says_503_while_telegram_is_away_and_200_when_it_is_back(bot_with_health):
    bot, base = bot_with_health
    async with httpx.AsyncClient(timeout=10) as client:
        assert (await client.get(f"{base}/readyz")).status_code == 200
        await bot.server.stop()
        for _ in range(300):
            away = await client.get(f"{base}/readyz")
            if away.status_code == 503:
                break
            await asyncio.sleep(0.1)
        assert away.status_code == 503 and away.json()["telegram"].startswith("not answering")
        assert (await client.get(f"{base}/healthz")).status_code == 200  # alive all the same
        assert value(await scrape(client, base), "briefbot_telegram_up") == 0
        await bot.server.start()
        for _ in range(600):
            back = await client.get(f"{base}/readyz")
            if back.status_code == 200:
                break
            await asyncio.sleep(0.1)
        assert back.json()["ready"] is True


def test_each_runtime_has_its_own_registry():
    first, second = Metrics(), Metrics()
    first.feed_polled("failed")
    assert b'briefbot_feed_polls_total{outcome="failed"} 1.0' in first.exposition()
    assert b"briefbot_feed_polls_total{" not in second.exposition()


@pytest.mark.parametrize(
    ("overrides", "enabled"),
    [
        ({}, False),
        ({"health_server": "on"}, True),
        ({"webhook_url": "https://bot.example.org/hook"}, True),
        ({"webhook_url": "https://bot.example.org/hook", "health_server": "off"}, False),
    ],
)
def test_health_listener_is_on_with_a_webhook_and_opt_in_when_polling(overrides, enabled):
    assert Settings.load(environ={}, env_file=None, **overrides).health_enabled is enabled


@pytest.mark.slow
async def test_a_reply_that_meets_a_429_is_counted_and_still_arrives(bot_with_health):
    bot, base = bot_with_health
    bot.server.storm_429(1, retry_after=1, methods={"sendMessage"})
    bot.say("/help")
    await bot.reply(CHAT, lambda m: "/timeline" in (m.text or ""), timeout=60)
    async with httpx.AsyncClient(timeout=10) as client:
        scraped = await scrape(client, base)
    assert value(scraped, "briefbot_telegram_429_total") == 1
    assert value(scraped, "briefbot_telegram_retry_after_seconds_total") == 1


@pytest.mark.slow
async def test_in_webhook_mode_readyz_follows_telegram_through_getme_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """With a webhook nothing polls Telegram, so a getMe now and then tells /readyz it is away or back."""
    monkeypatch.setattr("bot.telegram.connection.CHECK_SECONDS", 0.3)
    hook_port = free_port()
    async with BotApiServer() as server:
        settings = bot_settings(
            server,
            tmp_path,
            webhook_url=f"http://127.0.0.1:{hook_port}/hook",
            webhook_secret="s3cret",
            port=hook_port,
            health_host="127.0.0.1",
            health_port=0,  # HEALTH_SERVER stays "auto": on, because of the webhook
        )
        runtime = await Runtime.start(settings, layout=LAYOUT, pool_kind="thread")
        application = build_application(runtime, schedule_jobs=False)
        stop = asyncio.Event()
        task = asyncio.create_task(serve(application, stop))
        try:
            await server.wait_for(lambda: server.webhook or task.done(), timeout=30)
            base = f"http://127.0.0.1:{application.bot_data[HEALTH_KEY].port}"
            async with httpx.AsyncClient(timeout=10) as client:
                assert (await _ready_status(client, base, 200)) == 200
                await server.stop()
                assert (await _ready_status(client, base, 503)) == 503
                await server.start()
                assert (await _ready_status(client, base, 200)) == 200
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=30)
            await runtime.close()


async def _ready_status(client: httpx.AsyncClient, base: str, wanted: int) -> int:
    for _ in range(300):
        status = (await client.get(f"{base}/readyz")).status_code
        if status == wanted:
            break
        await asyncio.sleep(0.1)
    return status
