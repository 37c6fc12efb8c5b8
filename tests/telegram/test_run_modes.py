"""`briefbot run` without a token explains BotFather; webhook mode checks the secret on every request."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from bot.runtime import Runtime
from bot.telegram.app import WebhookRefused, build_application, serve
from bot.telegram.render import LAYOUT
from tests.conftest import free_port
from tests.servers.botapi import BotApiServer
from tests.telegram.conftest import bot_settings

CHAT = 5005


def test_run_without_a_token_says_how_to_get_one(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "@BotFather" in done.stderr and "TELEGRAM_BOT_TOKEN" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.slow
async def test_webhook_mode_answers_updates_and_refuses_a_wrong_secret(tmp_path: Path):
    port = free_port()
    hook = f"http://127.0.0.1:{port}/telegram-hook"
    async with BotApiServer() as server:
        settings = bot_settings(server, tmp_path, webhook_url=hook, webhook_secret="s3cret-token", port=port)
        runtime = await Runtime.start(settings, layout=LAYOUT, pool_kind="thread")
        stop = asyncio.Event()
        task = asyncio.create_task(serve(build_application(runtime, schedule_jobs=False), stop))
        try:
            await server.wait_for(lambda: server.webhook or task.done(), timeout=30)
            assert server.webhook == {"url": hook, "secret_token": "s3cret-token"}
            server.push_message(CHAT, CHAT, "/help")
            reply = await server.wait_for_message(CHAT, lambda m: "Commands" in (m.text or ""), timeout=30)
            assert "/timeline" in reply.text
            async with httpx.AsyncClient() as client:
                forged = await client.post(
                    hook,
                    json={"update_id": 999, "message": {}},
                    headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"},
                )
                missing = await client.post(hook, json={"update_id": 998})
            assert forged.status_code == 403 and missing.status_code == 403
            assert server.errors == []
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=30)
            await runtime.close()


async def _start_error(server: BotApiServer, tmp_path: Path, **overrides: object) -> BaseException | None:
    """What ended a webhook-mode start (None if it ran until stopped a minute later)."""
    settings = bot_settings(server, tmp_path, webhook_secret="s3cret-token", **overrides)
    runtime = await Runtime.start(settings, layout=LAYOUT, pool_kind="thread")
    stop = asyncio.Event()
    try:
        task = asyncio.create_task(serve(build_application(runtime, schedule_jobs=False), stop))
        await asyncio.wait({task}, timeout=60)
        stop.set()
        try:
            await asyncio.wait_for(task, timeout=30)
        except Exception as exc:  # the error is what the test looks at
            return exc
        return None
    finally:
        await runtime.close()


@pytest.mark.slow
async def test_a_webhook_url_telegram_refuses_ends_the_start_with_telegram_s_reason(tmp_path: Path):
    port = free_port()
    async with BotApiServer() as server:
        hook = "https://bot.example.org:9000/telegram-hook"  # Telegram posts to 80, 88, 443 and 8443 only
        error = await _start_error(server, tmp_path, webhook_url=hook, port=port)
    assert isinstance(error, WebhookRefused), error
    assert hook in error.user_message and "ports 80, 88, 443 or 8443" in error.user_message
    with socket.socket() as again:  # the listener let go of its port
        again.bind(("0.0.0.0", port))
