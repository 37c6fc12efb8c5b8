"""Hostile webhook posts, section 2 of issue 20: a body that is not one JSON update answers 400 (not 500),
and a body over 1 MB is refused with 413 before it is read. Through the real Application in webhook mode,
as `briefbot run` serves it, with the strict Bot API server delivering the real updates."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.runtime import Runtime
from bot.telegram.app import build_application, serve
from bot.telegram.render import LAYOUT
from bot.telegram.webhook import MAX_BODY_BYTES, SECRET_HEADER
from tests.conftest import free_port
from tests.servers.botapi import BotApiServer
from tests.telegram.conftest import bot_settings
from tests.telegram.test_startup_faults import BotProcess

pytestmark = pytest.mark.slow
CHAT = 6006
SECRET = "s3cret-token"
JSON = {"Content-Type": "application/json", SECRET_HEADER: SECRET}


@dataclass
class Hook:
    server: BotApiServer
    url: str
    port: int


@pytest.fixture
async def hook(tmp_path: Path) -> AsyncIterator[Hook]:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    async with BotApiServer() as server:
        settings = bot_settings(server, tmp_path, webhook_url=url, webhook_secret=SECRET, port=port)
        runtime = await Runtime.start(settings, layout=LAYOUT, pool_kind="thread")
        stop = asyncio.Event()
        task = asyncio.create_task(serve(build_application(runtime, schedule_jobs=False), stop))
        try:
            await server.wait_for(lambda: server.webhook or task.done(), timeout=30)
            if task.done():
                task.result()
            yield Hook(server, url, port)
        finally:
            stop.set()
            await asyncio.wait_for(task, timeout=30)
            await runtime.close()


async def _still_answers(hook: Hook) -> None:
    hook.server.push_message(CHAT, CHAT, "/help")
    reply = await hook.server.wait_for_message(CHAT, lambda m: "Commands" in (m.text or ""), timeout=30)
    assert "/timeline" in reply.text
    assert hook.server.errors == [] and hook.server.webhook_failures == []


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"\xff\xfe\x00garbage",
        b"",
        b"[1, 2, 3]",
        b'{"message": {}}',
        b'{"update_id": "one"}',
        b'{"update_id": 5, "message": {"message_id": "x", "chat": 7}}',
        b"[" * 200_000,
    ],
    ids=["broken", "not-utf8", "empty", "array", "no-update-id", "string-id", "bad-fields", "deep"],
)
async def test_a_body_that_is_not_one_json_update_answers_400(hook: Hook, body: bytes):
    async with httpx.AsyncClient() as client:
        answer = await client.post(hook.url, content=body, headers=JSON)
    assert answer.status_code == 400
    await _still_answers(hook)


async def declared_body_status(port: int, length: int) -> bytes:
    """The status code answered to a post that declares `length` bytes and sends only its headers."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        (
            "POST /telegram-hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"{SECRET_HEADER}: {SECRET}\r\nContent-Length: {length}\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    status = await asyncio.wait_for(reader.readline(), timeout=10)
    writer.close()
    return status.split()[1]


async def test_a_declared_body_over_1_mb_is_refused_with_413_before_it_is_sent(hook: Hook):
    """Only the headers go out: the 413 arrives while the body is still unsent, so nothing was buffered."""
    assert await declared_body_status(hook.port, MAX_BODY_BYTES + 1) == b"413"
    await _still_answers(hook)


async def test_a_chunked_body_over_1_mb_is_refused_with_413(hook: Hook):
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(40):
            yield b" " * 65_536  # 2.6 MB in all, no Content-Length

    async with httpx.AsyncClient() as client:
        try:
            answer = await client.post(hook.url, content=chunks(), headers=JSON)
        except httpx.HTTPError:  # the connection closed while we were still sending: refused, unread
            pass
        else:
            assert answer.status_code == 413
    await _still_answers(hook)


async def test_a_body_of_almost_1_mb_that_is_an_update_is_accepted(hook: Hook):
    update = {
        "update_id": 424242,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": CHAT, "type": "private"},
            "from": {"id": CHAT, "is_bot": False, "first_name": "U"},
            "text": "/help",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        },
    }
    compact = json.dumps(update).encode()
    body = compact[:-1] + b" " * (MAX_BODY_BYTES - len(compact)) + b"}"  # whitespace up to the limit
    assert len(body) == MAX_BODY_BYTES
    hook.server.add_chat(CHAT)
    async with httpx.AsyncClient() as client:
        answer = await client.post(hook.url, content=body, headers=JSON)
    assert answer.status_code == 200
    reply = await hook.server.wait_for_message(CHAT, lambda m: "Commands" in (m.text or ""), timeout=30)
    assert "/timeline" in reply.text


async def test_a_post_that_is_not_json_or_lacks_the_secret_is_refused(hook: Hook):
    async with httpx.AsyncClient() as client:
        no_secret = await client.post(hook.url, content=b"{}", headers={"Content-Type": "application/json"})
        form = await client.post(
            hook.url, content=b"a=1", headers={**JSON, "Content-Type": "application/x-www-form-urlencoded"}
        )
        get = await client.get(hook.url, headers=JSON)
    assert (no_secret.status_code, form.status_code, get.status_code) == (403, 415, 405)


async def test_the_real_process_in_webhook_mode_refuses_bad_bodies_and_keeps_answering(tmp_path: Path):
    """`python -m bot run` itself, in webhook mode on loopback: the listener it serves is the bounded one."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram-hook"
    async with (
        BotApiServer() as server,
        BotProcess(
            tmp_path,
            TELEGRAM_BOT_TOKEN=server.token,
            TELEGRAM_API_URL=server.base_url,
            WEBHOOK_URL=url,
            WEBHOOK_SECRET=SECRET,
            PORT=str(port),
            HEALTH_SERVER="off",
        ) as bot,
    ):
        await server.wait_for(lambda: server.webhook or bot.process.returncode is not None, timeout=120)
        assert server.webhook == {"url": url, "secret_token": SECRET}, bot.stderr[-2000:]
        async with httpx.AsyncClient() as client:
            broken = await client.post(url, content=b"{not json", headers=JSON)
        assert broken.status_code == 400
        assert await declared_body_status(port, 50 * MAX_BODY_BYTES) == b"413"
        server.push_message(CHAT, CHAT, "/help")
        reply = await server.wait_for_message(CHAT, lambda m: "Commands" in (m.text or ""), timeout=60)
        assert "/timeline" in reply.text
        code, _ = await bot.interrupt()
    assert code == 0 and "Traceback" not in bot.stderr
    assert server.errors == [] and server.webhook_failures == []
