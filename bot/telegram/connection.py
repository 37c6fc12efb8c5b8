"""Whether Telegram answers: the first connection at start-up, and losing and regaining it while running.

Every request the bot makes (long polling, replies, the digest sender) goes through a `MonitoredRequest`,
which tells the process's one `TelegramLink` whether Telegram answered. The link logs a loss once, when
it happens, and the return once, with how long Telegram was away; the requests themselves retry as they
always do (python-telegram-bot's polling loop, the sender's outage pause), so nothing is lost meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.request import HTTPXRequest

from bot.delivery.sender import HTTP_TIMEOUT
from bot.errors import UserFacingError
from bot.settings import Settings

log = logging.getLogger(__name__)
FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 60.0
CHECK_SECONDS = 30.0  # webhook mode: ask Telegram (getMe) when nothing answered for this long
LINK_KEY = "telegram_link"  # where the Application's bot_data keeps the process's TelegramLink
REJECTED_TOKEN = (
    "Telegram rejected the token; get a new one from @BotFather"  # i18n: internal (the operator's)
)


class TokenRejected(UserFacingError):
    """getMe answered 401 or 404: the token is wrong or revoked; retrying cannot help."""


@dataclass
class TelegramLink:
    """The process's view of its connection to the Bot API: answered at least once, and up or down now."""

    api_url: str  # the base URL without the token, for log lines
    clock: Callable[[], float] = time.monotonic
    answered_once: bool = False
    lost_since: float | None = None
    last_answer: float | None = None
    last_error: str = ""
    _listeners: list[Callable[[bool], None]] = field(default_factory=list)

    @property
    def up(self) -> bool:
        return self.answered_once and self.lost_since is None

    def on_change(self, listener: Callable[[bool], None]) -> None:
        """Call `listener(up)` whenever the link goes down or comes back (metrics use it)."""
        self._listeners.append(listener)

    def answered(self) -> None:
        now = self.clock()
        self.last_answer = now
        if self.lost_since is not None:
            log.warning(
                "Telegram at %s answers again, after %.0f s without a connection",
                self.api_url,
                now - self.lost_since,
            )
            self.lost_since = None
            self._notify(True)
        elif not self.answered_once:
            self._notify(True)
        self.answered_once = True

    def failed(self, cause: str) -> None:
        """A request got no HTTP answer. Logged only on a loss after start-up (start-up logs its own tries)."""
        self.last_error = cause
        if self.lost_since is not None or not self.answered_once:
            return
        self.lost_since = self.clock()
        log.warning(
            "lost the connection to Telegram at %s (%s); retrying until it is back", self.api_url, cause
        )
        self._notify(False)

    def _notify(self, up: bool) -> None:
        for listener in self._listeners:
            listener(up)


class MonitoredRequest(HTTPXRequest):
    """python-telegram-bot's HTTPX transport, reporting each answer or transport failure to a TelegramLink."""

    def __init__(self, link: TelegramLink, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.link = link

    async def do_request(self, *args: object, **kwargs: object) -> tuple[int, bytes]:  # type: ignore[override]
        try:
            code, payload = await super().do_request(*args, **kwargs)  # type: ignore[arg-type]
        except NetworkError as exc:
            self.link.failed(describe(exc))
            raise
        if code >= 500:  # a proxy or Telegram's front answering for a Bot API that is down
            self.link.failed(f"HTTP {code}")
        else:
            self.link.answered()
        return code, payload


def describe(error: BaseException) -> str:
    """The cause in a few words: 'ConnectError: [Errno 111] Connection refused'."""
    cause = error.__cause__ or error
    text = str(cause).strip() or repr(cause)
    return f"{type(cause).__name__}: {text}".splitlines()[0][:200]


async def connect(
    initialize: Callable[[], Awaitable[object]], link: TelegramLink, stop: asyncio.Event
) -> bool:
    """Run `initialize` (an Application's or a Bot's: its getMe) until Telegram answers; False if `stop`
    was set first.

    Each failed attempt is one log line with the URL and the cause; waits double from 1 s up to 60 s.
    A rejected token raises TokenRejected at once, a request Telegram refuses (BadRequest) raises itself.
    """
    attempt, delay = 0, FIRST_RETRY_SECONDS
    while not stop.is_set():
        attempt += 1
        try:
            await _until_stopped(initialize(), stop)
        except InvalidToken as exc:
            raise TokenRejected(REJECTED_TOKEN) from exc
        except BadRequest:  # python-telegram-bot's NetworkError too, but Telegram answered: no retry helps
            raise
        except NetworkError as exc:  # includes TimedOut
            log.warning(
                "cannot reach Telegram at %s (%s); attempt %d, next in %.0f s",
                link.api_url,
                describe(exc),
                attempt,
                delay,
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(MAX_RETRY_SECONDS, delay * 2)
            continue
        return not stop.is_set()
    return False


async def keep_checking(bot: Bot, link: TelegramLink, stop: asyncio.Event) -> None:
    """With a webhook nothing asks Telegram anything while the bot is idle; a getMe whenever nothing
    answered for `CHECK_SECONDS` keeps /readyz and the lost/regained log lines true."""
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), CHECK_SECONDS)
        if stop.is_set():
            return
        recent = link.last_answer is not None and link.clock() - link.last_answer < CHECK_SECONDS
        if link.up and recent:
            continue
        with contextlib.suppress(TelegramError):  # the link has recorded the failure
            await bot.get_me()


async def _until_stopped(work: object, stop: asyncio.Event) -> None:
    """Await `work` unless `stop` is set first (then it is cancelled): Ctrl-C never waits for a timeout."""
    task = asyncio.ensure_future(work)  # type: ignore[arg-type]
    stopping = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if not task.done():
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():  # we are cancelled ourselves: pass it on
                raise
        except Exception:  # the work failed while it was being stopped: nothing left to report
            pass
        return
    task.result()


def build_sender_bot(settings: Settings, *, pool_size: int = 64, link: TelegramLink | None = None) -> Bot:
    """A Bot of its own for delivery: no AIORateLimiter (limits are kept here) and a wide connection pool.

    With `link`, its requests report whether Telegram answers (see bot.telegram.connection).
    """
    options: dict[str, Any] = dict(
        connection_pool_size=pool_size,
        connect_timeout=5.0,
        read_timeout=HTTP_TIMEOUT,
        write_timeout=HTTP_TIMEOUT,
        pool_timeout=5.0,
    )
    request = MonitoredRequest(link, **options) if link is not None else HTTPXRequest(**options)
    return Bot(settings.telegram_bot_token, base_url=settings.telegram_api_url, request=request)
