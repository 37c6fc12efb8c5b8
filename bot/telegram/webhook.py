"""The webhook listener: Telegram posts each update here, and it goes on the Application's update queue.

It replaces python-telegram-bot's own listener (Updater.start_webhook), which answers 500 to a body that
is not JSON and reads any body tornado allows (100 MB) into memory before looking at it. Here, in order:
403 without the right secret, 415 when it is not JSON, 413 for a body over MAX_BODY_BYTES (refused from
its Content-Length before a byte of it is read, or as soon as a chunked body passes the limit), 400 for
anything that is not one JSON update, and 200 once the update is queued.
"""

from __future__ import annotations

import hmac
import json
import logging
from http import HTTPStatus
from typing import Any

import tornado.httpserver
import tornado.netutil
import tornado.web
from telegram import Update
from telegram.ext import Application

from bot.errors import UserFacingError

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000  # Telegram's updates are a few kB (a 4,096-character message is under 50 kB)
MAX_CHUNK_BYTES = 16_000_000  # one declared chunk past this is refused by tornado itself (400) unread
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class ListenerUnavailable(UserFacingError):
    """The webhook's port cannot be listened on (taken, or privileged): the operator picks another."""


class WebhookListener:
    """An HTTP listener on `port` whose one path takes Telegram's update posts."""

    def __init__(self, application: Application, *, listen: str, port: int, path: str, secret: str) -> None:
        self.application = application
        self.listen = listen
        self.port = port
        self.path = "/" + path.strip("/")
        self.secret = secret
        self._server: tornado.httpserver.HTTPServer | None = None

    async def start(self) -> None:
        """Listen (ListenerUnavailable when the port is taken); Telegram's posts are accepted from now on."""
        app = tornado.web.Application([(rf"{self.path}/?", _UpdateHandler, {"listener": self})])
        app.log_request = lambda handler: None  # type: ignore[method-assign]  # the bot logs what matters
        try:
            sockets = tornado.netutil.bind_sockets(self.port, self.listen)
        except OSError as exc:
            raise ListenerUnavailable(
                f"cannot listen for Telegram's webhook on {self.listen}:{self.port} ({exc.strerror or exc}); "
                "set PORT to a free port."
            ) from exc
        self._server = tornado.httpserver.HTTPServer(app, max_body_size=MAX_CHUNK_BYTES)
        self._server.add_sockets(sockets)
        log.info("webhook listening on %s:%s%s", self.listen, self.port, self.path)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()
            self._server = None

    def secret_matches(self, given: str | None) -> bool:
        return not self.secret or hmac.compare_digest((given or "").encode(), self.secret.encode())

    async def accept(self, body: bytes) -> bool:
        """Queue the update in `body`; False (logged) when it is not one."""
        try:
            data: Any = json.loads(body)
        except (ValueError, RecursionError) as exc:  # not UTF-8, not JSON, or nested past the parser
            log.warning("webhook: refused a body that is not JSON (%s)", type(exc).__name__)
            return False
        if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
            log.warning("webhook: refused JSON that is not an update")
            return False
        try:
            update = Update.de_json(data, self.application.bot)
        except Exception as exc:  # a field of the wrong type deep inside: python-telegram-bot's own check
            log.warning("webhook: refused update %s that does not parse (%r)", data["update_id"], exc)
            return False
        await self.application.update_queue.put(update)
        return True


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, listener: WebhookListener) -> None:
        self.listener = listener
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        if not self.listener.secret_matches(self.request.headers.get(SECRET_HEADER)):
            log.info("webhook: refused a post without the right secret from %s", self.request.remote_ip)
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        media_type = self.request.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if media_type != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)
        length = self.request.headers.get("Content-Length")
        if length is not None and (not length.strip().isdigit() or int(length) > MAX_BODY_BYTES):
            self._too_large()

    def data_received(self, chunk: bytes) -> None:
        if self._finished:
            return
        self.size += len(chunk)
        if self.size > MAX_BODY_BYTES:
            self.chunks.clear()
            self._too_large()
            return
        self.chunks.append(chunk)

    async def post(self) -> None:
        if not await self.listener.accept(b"".join(self.chunks)):
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST)
        self.set_status(HTTPStatus.OK)

    def _too_large(self) -> None:
        log.warning("webhook: refused a body over %d bytes from %s", MAX_BODY_BYTES, self.request.remote_ip)
        self.set_status(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        self.finish()

    def log_exception(self, typ, value, tb) -> None:  # type: ignore[no-untyped-def,override]
        if not isinstance(value, tornado.web.HTTPError):  # the refusals above are expected, and logged
            super().log_exception(typ, value, tb)
