"""A small HTTP listener for operators' tools: /healthz (alive), /readyz (can do its work), /metrics.

It runs on the bot's event loop with tornado (already there for python-telegram-bot's webhook server).
/readyz answers 200 only when the database answers a query, Telegram answered getMe and is answering
now, and the scheduler (the JobQueue's APScheduler and the delivery loops) runs; otherwise 503, with
each check's state in the JSON body either way.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass

import tornado.httpserver
import tornado.netutil
import tornado.web

from bot.metrics import CONTENT_TYPE, Metrics
from bot.store import outbox
from bot.store.engine import Database
from bot.telegram.connection import TelegramLink

log = logging.getLogger(__name__)
DATABASE_CHECK_SECONDS = 3.0


@dataclass(frozen=True)
class ReadinessChecks:
    database: Database
    link: TelegramLink
    scheduler_running: Callable[[], bool]

    async def run(self) -> dict[str, str]:
        """Each check's state: 'ok' or why not."""
        return {
            "database": await self._database(),
            "telegram": self._telegram(),
            "scheduler": "ok" if self.scheduler_running() else "not running",
        }

    async def _database(self) -> str:
        try:
            async with asyncio.timeout(DATABASE_CHECK_SECONDS):
                await self.database.ping()
        except Exception as exc:
            return f"unreachable: {type(exc).__name__}"
        return "ok"

    def _telegram(self) -> str:
        if not self.link.answered_once:
            return "getMe not answered yet"
        if not self.link.up:
            return f"not answering: {self.link.last_error}"
        return "ok"


class _Healthz(tornado.web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("ok\n")


class _Readyz(tornado.web.RequestHandler):
    def initialize(self, checks: ReadinessChecks) -> None:
        self.checks = checks

    async def get(self) -> None:
        states = await self.checks.run()
        ready = all(state == "ok" for state in states.values())
        self.set_status(200 if ready else 503)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"ready": ready, **states}))


class _Metrics(tornado.web.RequestHandler):
    def initialize(self, checks: ReadinessChecks, metrics: Metrics) -> None:
        self.checks = checks
        self.metrics = metrics

    async def get(self) -> None:
        try:
            self.metrics.outbox_counts(await outbox.status_counts(self.checks.database))
        except Exception:  # the rest of the metrics are still worth a scrape
            log.warning("metrics: the outbox could not be counted", exc_info=True)
        self.set_header("Content-Type", CONTENT_TYPE)
        self.finish(self.metrics.exposition())


class HealthServer:
    """Serves the three endpoints on `host:port` (port 0: any free port, see `port` after `start`)."""

    def __init__(self, checks: ReadinessChecks, metrics: Metrics, *, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._app = tornado.web.Application(
            [
                (r"/healthz", _Healthz),
                (r"/readyz", _Readyz, {"checks": checks}),
                (r"/metrics", _Metrics, {"checks": checks, "metrics": metrics}),
            ],
            log_function=lambda handler: None,
        )
        self._server: tornado.httpserver.HTTPServer | None = None

    async def start(self) -> bool:
        """Listen; False (logged) when the address is taken: the bot runs on without the endpoints."""
        try:
            sockets = tornado.netutil.bind_sockets(self.port, self.host)
        except OSError as exc:
            log.error(
                "health and metrics listener not started: cannot listen on %s:%s (%s)",
                self.host,
                self.port,
                exc,
            )
            return False
        self.port = sockets[0].getsockname()[1]
        self._server = tornado.httpserver.HTTPServer(self._app)
        self._server.add_sockets(sockets)
        log.info("health and metrics on http://%s:%s (/healthz, /readyz, /metrics)", self.host, self.port)
        return True

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None
