"""Send claimed outbox rows through Telegram, within its limits, recording every outcome.

Limits (Telegram's FAQ), kept by every sender process together:
- Global: `Settings.send_rate_per_second` (30). Senders reserve send slots on a shared clock row in the
  database (`send_rate`, see outbox.reserve_send_slots): one UPDATE reserves a batch of slots, so slots
  of different processes never overlap and the rate stays global however many processes send. A
  per-process share of the rate was the alternative; it needs a live count of processes and wastes the
  share of an idle one. Slots are spaced at `SAFETY` of the limit because Telegram counts arrivals in a
  sliding second: pacing at exactly 30/s turns any jitter into 429s. A send that wakes more than
  `LATE_TOLERANCE` after its slot takes a new one rather than bunching with the next sends.
- Per chat: at most one message per `PRIVATE_GAP` to a private chat, one per `GROUP_GAP` (20 a minute) to
  a group or channel (negative ids). Only a chat's oldest unfinished row is claimable, and the chat's
  `next_send_at` in the database gates the next one, so this too holds across processes.

Errors:
- 429: the row is retried after `retry_after`, and the whole sender (and the shared clock) pauses that
  long. Telegram's answer does not say which limit was hit; since per-chat limits are already kept, a
  429 means the bot as a whole is over, and sending on to other chats would earn longer flood waits.
- 5xx, timeouts and connection errors *before the request was sent*: retried with exponential backoff,
  up to `max_attempts`, then `failed`.
- 403 (blocked, deactivated, kicked) or 400 "chat not found": the chat is marked inactive, its
  subscriptions muted, its unsent rows dropped.
- 400 with migrate_to_chat_id: the chat moves (settings, subscriptions, unsent rows) and the row is
  sent again to the new id.
- "can't parse entities" is our bug: logged at ERROR and sent at once as plain text.
- 400 "TOPIC_CLOSED" or "message thread not found" for a row sent to a forum topic: the topic is cleared
  from the chat's routes, the row and every other one queued for it go to General, and one notice tells
  the admins (bot.delivery.topics).

The unknown-outcome window. Telegram has no idempotency key for sendMessage, so a request whose answer
never arrives (the connection died after the request was written, a read timeout, or this process
killed while waiting) may or may not have been delivered, and nothing in the Bot API can tell. The
window is kept to one HTTP round trip per row, plus the moment between marking the row and writing the
request: at its slot the row is marked `sending` (committed), the request follows at once, and the row
is marked `sent` right after the answer. Only a process killed inside that moment (the commit's own few
milliseconds; `SendReport.marked_seconds` measures it) leaves a `sending` row that was never requested,
and it too counts as unknown: nothing written before a request can tell whether the request left. Such
a row is resolved **at most once**: it becomes `unknown` and is not resent (in this process at once;
after a crash, when its lease expires, see outbox.recover_expired). A duplicate digest is a visible, repeated notification; with local writes
of a few milliseconds and requests that reach Telegram as soon as they are written, a killed sender
has almost always delivered the message it was waiting on. Rows still `claimed` (not yet `sending`)
were never sent and are simply sent again. Errors that prove the request never left (connect errors,
pool timeouts, an HTTP error answer) are retried.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
import uuid
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from telegram import Bot, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.delivery import topics
from bot.delivery.layout import DeliveryLayout
from bot.metrics import Metrics
from bot.store import chats as chat_queries
from bot.store import outbox
from bot.store import topics as topic_queries
from bot.store.engine import Database
from bot.store.outbox import ClaimedMessage, OutgoingMessage
from bot.store.tables import utcnow
from bot.store.topics import ForgottenTopic

log = logging.getLogger(__name__)
SAFETY = 0.96
LATE_TOLERANCE = 0.03  # a send that wakes later than this after its slot takes a fresh slot
PRIVATE_GAP = dt.timedelta(seconds=1.1)
GROUP_GAP = dt.timedelta(seconds=3.1)
DEFAULT_LEASE = dt.timedelta(seconds=60)
HTTP_TIMEOUT = 15.0  # below the lease, so a claim never expires while its request is still waiting
IDLE_POLL_SECONDS = 0.25
CLAIM_AHEAD_SECONDS = 0.4  # claim the next batch this long before the current one's last slot
GONE = ("chat not found", "user not found", "peer_id_invalid", "bot was blocked", "user is deactivated")
_NOT_SENT_CAUSES = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_UNREACHABLE_CAUSES = (httpx.ConnectError, httpx.ConnectTimeout)
OUTAGE_PAUSE_CAP = 15.0  # seconds between tries while Telegram cannot be reached


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0
    unknown: int = 0
    dropped_chats: int = 0
    moved_chats: int = 0
    plain_text_fallbacks: int = 0
    rate_limited: int = 0
    late_slots: int = 0  # sends that woke too late for their slot and took a new one
    marked: int = 0
    marked_seconds: float = 0.0  # time rows were `sending` before their request left
    outage_waits: int = 0  # sends put back because Telegram could not be reached (no attempt used)
    topic_fallbacks: int = 0  # topics found closed or deleted: their messages went to General
    errors: list[str] = field(default_factory=list)


def slot_interval(rate_per_second: float) -> float:
    """Seconds between two slots on the shared send clock."""
    return 1.0 / (rate_per_second * SAFETY)


def chat_gap(chat_id: int) -> dt.timedelta:
    return PRIVATE_GAP if chat_id > 0 else GROUP_GAP


def request_never_sent(error: NetworkError) -> bool:
    """True when the error proves Telegram never got the request, so sending again cannot duplicate it.

    python-telegram-bot raises NetworkError both for transport failures (with the httpx error as the
    cause) and for HTTP error answers such as 502 (no httpx cause: Telegram answered, so it did not send).
    """
    cause = error.__cause__
    if isinstance(cause, _NOT_SENT_CAUSES):
        return True
    return not isinstance(cause, httpx.HTTPError) and not isinstance(error, TimedOut)


def telegram_unreachable(error: NetworkError) -> bool:
    """No connection could be made: Telegram (or the network) is down, not this message's fault.

    Such sends wait for the connection without using up the row's attempts, so an outage of any length
    loses nothing; the TelegramLink of the bot's request logs when it is lost and when it is back.
    """
    return isinstance(error.__cause__, _UNREACHABLE_CAUSES)


class Sender:
    """Claims due outbox rows and sends them; `run` until stopped, or `run_until_idle` for the CLI."""

    def __init__(
        self,
        database: Database,
        bot: Bot,
        *,
        layout: DeliveryLayout,
        rate_per_second: float,
        sender_id: str | None = None,
        lease: dt.timedelta = DEFAULT_LEASE,
        batch: int | None = None,
        max_attempts: int = 8,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        clock: Callable[[], float] = time.time,
        metrics: Metrics | None = None,
        paid_broadcast: bool = False,
    ) -> None:
        self.database = database
        self.bot = bot
        self.layout = layout
        self.paid_broadcast = paid_broadcast  # allow_paid_broadcast: past 30/s, paid in Stars
        self.interval = slot_interval(rate_per_second)
        self.sender_id = sender_id or f"sender-{uuid.uuid4().hex[:12]}"
        self.lease = lease
        self.batch = batch or max(1, round(rate_per_second * 0.5))  # short: replies wait behind a batch
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.clock = clock
        self.report = SendReport()
        self.metrics = metrics or Metrics()
        self.paused_until = 0.0
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._last_recovery = 0.0
        self._outage_delay = 0.0  # the current pause while Telegram cannot be reached; doubles up to a cap

    def wake(self) -> None:
        """New rows were queued: look now instead of at the next idle poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set; rows in flight are finished (and recorded) before returning."""
        try:
            while not stop.is_set():
                if not await self.send_batch():
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._wake_or(stop), IDLE_POLL_SECONDS * 4)
                    self._wake.clear()
        finally:
            await self.drain()

    async def run_until_idle(self, *, keep_going: Callable[[], bool] = lambda: False) -> SendReport:
        """Send until no row is left unfinished (waiting out retries and other senders' leases)."""
        try:
            while True:
                if await self.send_batch():
                    continue
                await self.drain()
                if not keep_going() and not await outbox.open_rows(self.database):
                    return self.report
                await asyncio.sleep(IDLE_POLL_SECONDS)
        finally:
            await self.drain()

    async def drain(self) -> None:
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _wake_or(self, stop: asyncio.Event) -> None:
        waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()

    async def send_batch(self) -> int:
        """Claim one batch, give each row a slot on the shared clock, and start sending; returns rows claimed.

        Returns once the next batch should be claimed (shortly before this one's last slot), so slots
        follow each other without gaps.
        """
        now = self.clock()
        if now < self.paused_until:
            await asyncio.sleep(self.paused_until - now)
        await self._recover(now)
        rows = await outbox.claim_due(
            self.database, self.sender_id, now=utcnow(), limit=self.batch, lease=self.lease
        )
        if not rows:
            return 0
        earliest = self.clock() + LATE_TOLERANCE / 2
        start = await outbox.reserve_send_slots(self.database, len(rows), self.interval, now=earliest)
        for i, row in enumerate(rows):
            task = asyncio.create_task(self._deliver_at(row, start + i * self.interval))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        last = start + (len(rows) - 1) * self.interval
        await asyncio.sleep(max(0.0, last - CLAIM_AHEAD_SECONDS - self.clock()))
        return len(rows)

    async def _recover(self, now: float) -> None:
        if now - self._last_recovery < min(5.0, self.lease.total_seconds() / 3):
            return
        self._last_recovery = now
        reclaimed, unknown = await outbox.recover_expired(self.database, now=utcnow())
        if unknown:
            log.warning(
                "%d message(s) were in flight when a sender stopped: outcome unknown, not resent", unknown
            )
        if reclaimed:
            log.info("%d claimed message(s) of a stopped sender are due again", reclaimed)

    async def _deliver_at(self, row: ClaimedMessage, at: float) -> None:
        try:
            await self.deliver(row, at)
        except Exception as exc:  # a database hiccup must not kill the loop; the lease recovers the row
            log.exception("delivery of outbox row %s failed unexpectedly", row.id)
            self.report.errors.append(f"{row.id}: {exc!r}")

    async def _on_time(self, at: float) -> float | None:
        """Sleep until slot `at`; returns the slot kept, a fresh one if we woke too late (a busy loop, a
        slow database), or None when a 429 paused sending meanwhile."""
        while True:
            await asyncio.sleep(max(0.0, at - self.clock()))
            now = self.clock()
            if now < self.paused_until:
                return None
            if now - at <= LATE_TOLERANCE:
                return at
            self.report.late_slots += 1
            at = await outbox.reserve_send_slots(self.database, 1, self.interval, now=now)

    async def deliver(self, row: ClaimedMessage, at: float | None = None) -> None:
        """Send one claimed row at its slot and record what happened.

        At the slot the row is marked `sending` and the request follows at once (see the module
        docstring on the unknown-outcome window); a mark that took longer than `LATE_TOLERANCE` waits
        for a fresh slot rather than bunch with the next sends.
        """
        at = self.clock() if at is None else at
        kept = await self._on_time(at)
        if kept is None:  # a 429 arrived meanwhile: give the slot back
            await outbox.release(self.database, row.id, due_at=_at(self.paused_until))
            return
        marking = self.clock()
        claimed = await outbox.mark_sending(
            self.database,
            row.id,
            self.sender_id,
            row.chat_id,
            now=utcnow(),
            lease=self.lease,
            chat_gap=chat_gap(row.chat_id),
        )
        if not claimed:
            return
        if await self._on_time(kept) is None:
            await outbox.release(self.database, row.id, due_at=_at(self.paused_until))
            return
        self.report.marked += 1
        self.report.marked_seconds += self.clock() - marking
        try:
            message_id = await self._send(row, row.text, row.parse_mode)
        except BadRequest as exc:
            if row.message_thread_id is not None and topics.topic_refused(str(exc)):
                await self._topic_refused(row, row.message_thread_id, exc)
                return
            if "can't parse entities" not in str(exc).lower():
                await self._on_error(row, exc)
                return
            log.error(
                "Telegram rejected our HTML for outbox row %s (%s); sending it as plain text. Text: %r",
                row.id,
                exc,
                row.text[:500],
            )
            self.report.plain_text_fallbacks += 1
            try:
                message_id = await self._send(row, self.layout.plain_text(row.text), None)
            except TelegramError as again:
                await self._on_error(row, again)
                return
        except TelegramError as exc:
            await self._on_error(row, exc)
            return
        await outbox.mark_sent(self.database, row.id, message_id, now=utcnow())
        self.report.sent += 1
        self._outage_delay = 0.0
        lag = (utcnow() - row.due_at).total_seconds() if row.due_at is not None else None
        self.metrics.message_sent(row.kind, lag)

    async def _send(self, row: ClaimedMessage, text: str, parse_mode: str | None) -> int:
        markup = InlineKeyboardMarkup.de_json(row.reply_markup, self.bot) if row.reply_markup else None
        if row.kind == outbox.EDIT:
            return await self._edit(row, text, parse_mode, markup)
        message = await self.bot.send_message(
            row.chat_id,
            text,
            parse_mode=parse_mode,
            reply_markup=markup,
            link_preview_options=(
                LinkPreviewOptions(**row.link_preview)
                if row.link_preview
                else LinkPreviewOptions(is_disabled=True)
            ),
            allow_paid_broadcast=self.paid_broadcast or None,
            message_thread_id=row.message_thread_id,
        )
        return message.message_id

    async def _edit(
        self, row: ClaimedMessage, text: str, parse_mode: str | None, markup: InlineKeyboardMarkup | None
    ) -> int:
        """Edit the message an earlier row sent (an alert naming a later report); an earlier row that was
        never sent has nothing to edit, and an edit that changes nothing is done all the same."""
        target = await outbox.sent_message_of(self.database, outbox.edited_key(row.key))
        if target is None:
            log.info("outbox row %s edits a message that was never sent; nothing to edit", row.id)
            return 0
        try:
            await self.bot.edit_message_text(
                text,
                chat_id=row.chat_id,
                message_id=target,
                parse_mode=parse_mode,
                reply_markup=markup,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        except BadRequest as exc:
            if "message is not modified" not in str(exc).lower():
                raise
        return target

    async def _topic_refused(self, row: ClaimedMessage, topic: int, exc: BadRequest) -> None:
        """The row's forum topic is closed or deleted: it and the chat's other messages for that topic go
        to General (the row is due again at once), no route points there any more, the admins are told."""
        now = utcnow()

        def notice(forgotten: ForgottenTopic) -> OutgoingMessage:
            text = self.layout.topic_lost(forgotten.feed_titles, forgotten.digest, forgotten.language)
            return OutgoingMessage(f"topic-lost:{row.chat_id}:{topic}:{now:%Y-%m-%d}", text, kind="notice")

        forgotten = await topic_queries.forget_topic(
            self.database, row.chat_id, topic, failed_row=row.id, now=now, notice=notice
        )
        self.report.topic_fallbacks += 1
        log.warning(
            "chat %s: topic %s refused (%s); %d queued message(s), %d feed(s)%s now go to General",
            row.chat_id,
            topic,
            exc,
            forgotten.moved_rows,
            len(forgotten.feed_titles),
            " and the digest" if forgotten.digest else "",
        )

    async def _on_error(self, row: ClaimedMessage, exc: TelegramError) -> None:
        now = self.clock()
        if isinstance(exc, RetryAfter):
            wait = retry_after_seconds(exc)
            self.report.rate_limited += 1
            self.metrics.told_to_wait(wait)
            self.paused_until = max(self.paused_until, now + wait)
            await outbox.pause_send_clock(self.database, until=now + wait)
            await outbox.release(
                self.database,
                row.id,
                due_at=_at(now + wait),
                error=str(exc),
                chat_id=row.chat_id,
                hold_chat_until=_at(now + wait),
            )
            log.warning("429 for chat %s: everyone waits %.0f s", row.chat_id, wait)
        elif isinstance(exc, ChatMigrated):
            await chat_queries.move_chat(self.database, row.chat_id, exc.new_chat_id)
            self.report.moved_chats += 1
            log.info("chat %s became %s; its deliveries moved", row.chat_id, exc.new_chat_id)
        elif isinstance(exc, Forbidden) or (isinstance(exc, BadRequest) and _chat_gone(exc)):
            dropped = await chat_queries.drop_chat(self.database, row.chat_id, str(exc), now=utcnow())
            self.report.dropped_chats += 1
            log.info("chat %s is gone (%s): deactivated, %d message(s) dropped", row.chat_id, exc, dropped)
        elif isinstance(exc, NetworkError) and not request_never_sent(exc):
            await outbox.mark_finished(self.database, row.id, outbox.UNKNOWN, f"outcome unknown: {exc!r}")
            self.report.unknown += 1
            log.warning(
                "outbox row %s: no answer after the request (%r); not resent (at most once)", row.id, exc
            )
        elif isinstance(exc, NetworkError) and telegram_unreachable(exc):
            self._outage_delay = min(OUTAGE_PAUSE_CAP, max(1.0, self._outage_delay * 2))
            self.paused_until = max(self.paused_until, now + self._outage_delay)
            await outbox.release(
                self.database,
                row.id,
                due_at=_at(now + self._outage_delay),
                error=str(exc),
                refund_attempt=True,
            )
            self.report.outage_waits += 1
            log.debug(
                "outbox row %s: Telegram unreachable (%s); sending paused %.0f s",
                row.id,
                exc,
                self._outage_delay,
            )
        elif isinstance(exc, NetworkError) and row.attempts + 1 < self.max_attempts:
            delay = min(self.backoff_cap, self.backoff_base * 2**row.attempts)
            await outbox.release(self.database, row.id, due_at=_at(now + delay), error=str(exc))
            self.report.retried += 1
            log.info("outbox row %s: %s; retrying in %.0f s", row.id, exc, delay)
        else:
            await outbox.mark_finished(self.database, row.id, outbox.FAILED, f"{type(exc).__name__}: {exc}")
            self.report.failed += 1
            log.error("outbox row %s to chat %s failed for good: %s", row.id, row.chat_id, exc)


def _chat_gone(error: BadRequest) -> bool:
    text = str(error).lower()
    return any(marker in text for marker in GONE)


def retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that the type becomes timedelta; both are handled
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


def _at(epoch: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch, dt.UTC)
