"""Health and metrics benchmark: how long /healthz, /readyz and /metrics take on a running bot whose
outbox holds many rows (the scrape counts the outbox by status), and how big a scrape is.

Run from the repository root:
    .venv/bin/python bench/health.py [--outbox 100000] [--scrapes 200] [--database-url URL]
It prints a table; it asserts nothing. Telegram is the local Bot API server (tests/servers/botapi.py).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from bot.runtime import Runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store.delivery_tables import OutboxRow  # noqa: E402
from bot.telegram.app import HEALTH_KEY, build_application, serve  # noqa: E402
from bot.telegram.render import LAYOUT  # noqa: E402
from tests.servers.botapi import BotApiServer  # noqa: E402

STATUSES = ("sent", "sent", "sent", "sent", "sent", "sent", "sent", "failed", "unknown", "dropped")


async def seed_outbox(runtime: Runtime, rows: int) -> None:
    """Finished rows only (so the running sender leaves them alone), in batches of 10,000."""
    now = dt.datetime.now(dt.UTC)
    async with runtime.database.session() as session:
        for start in range(0, rows, 10_000):
            await session.execute(
                insert(OutboxRow),
                [
                    {"chat_id": 1_000_000 + i, "kind": "digest", "idempotency_key": f"bench:{i}", "text": "x",
                     "parse_mode": None, "status": STATUSES[i % len(STATUSES)], "attempts": 1, "due_at": now,
                     "created_at": now}
                    for i in range(start, min(rows, start + 10_000))
                ],
            )  # fmt: skip


async def timed(client: httpx.AsyncClient, url: str, n: int) -> tuple[list[float], int]:
    seconds, size = [], 0
    for _ in range(n):
        started = time.perf_counter()
        answer = await client.get(url)
        seconds.append(time.perf_counter() - started)
        size = len(answer.content)
    return seconds, size


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        database_url = args.database_url or f"sqlite:///{Path(folder) / 'health.sqlite3'}"
        async with BotApiServer() as server:
            settings = Settings.load(
                environ={}, env_file=None, telegram_bot_token=server.token, telegram_api_url=server.base_url,
                telegram_file_url=server.file_url, database_url=database_url, health_server="on",
                health_host="127.0.0.1", health_port=0,
            )  # fmt: skip
            runtime = await Runtime.start(settings, layout=LAYOUT, pool_kind="thread")
            await seed_outbox(runtime, args.outbox)
            application = build_application(runtime, schedule_jobs=False)
            stop = asyncio.Event()
            task = asyncio.create_task(serve(application, stop))
            await server.wait_for(lambda: server.calls("deleteWebhook") or task.done(), timeout=60)
            base = f"http://127.0.0.1:{application.bot_data[HEALTH_KEY].port}"
            print(f"outbox rows: {args.outbox:,}; {args.scrapes} requests each; {database_url.split(':')[0]}")
            print("| endpoint | p50 ms | p95 ms | bytes |\n|---|---:|---:|---:|")
            async with httpx.AsyncClient(timeout=30) as client:
                await client.get(f"{base}/metrics")  # untimed first pass
                for path in ("/healthz", "/readyz", "/metrics"):
                    seconds, size = await timed(client, base + path, args.scrapes)
                    p50 = 1000 * statistics.median(seconds)
                    p95 = 1000 * statistics.quantiles(seconds, n=20)[18]
                    print(f"| {path} | {p50:.1f} | {p95:.1f} | {size:,} |")
            stop.set()
            await task
            await runtime.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--outbox", type=int, default=100_000, help="finished outbox rows to seed")
    parser.add_argument("--scrapes", type=int, default=200, help="requests per endpoint")
    parser.add_argument("--database-url", help="a fresh database to use instead of a temporary SQLite file")
    asyncio.run(main(parser.parse_args()))
