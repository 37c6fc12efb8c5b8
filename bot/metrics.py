"""Prometheus metrics of one running bot, served on /metrics by bot.health.

The metrics live in a registry the runtime owns, not prometheus-client's global default one: two
runtimes in one test process, or a CLI command beside the bot, never share or double-register counters.
Names follow Prometheus conventions: counters end in `_total`, durations are `_seconds`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

CONTENT_TYPE = CONTENT_TYPE_LATEST
FETCH_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 45)
ENGINE_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
LAG_BUCKETS = (0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 10800)
REQUEST_BUCKETS = (0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60)


class Metrics:
    """Every metric the bot exports; components call the small methods below, never prometheus-client."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._outbox_statuses: set[str] = set()
        r = self.registry
        self.feed_polls = Counter(
            "briefbot_feed_polls_total",
            "Feed polls by outcome: updated, not_modified, failed, deactivated.",
            ["outcome"],
            registry=r,
        )
        self.poll_cycles = Counter(
            "briefbot_poll_cycles_total", "Poll cycles run (skipped ones excluded).", registry=r
        )
        self.last_poll = Gauge(
            "briefbot_last_poll_timestamp_seconds", "When the last poll cycle ended (Unix time).", registry=r
        )
        self.fetch_seconds = Histogram(
            "briefbot_fetch_seconds",
            "HTTP fetch latency, feeds and article pages, until the body is read.",
            ["kind"],
            buckets=FETCH_BUCKETS,
            registry=r,
        )
        self.engine_seconds = Histogram(
            "briefbot_engine_seconds",
            "Engine time per article (extraction and briefing, measured in the worker).",
            buckets=ENGINE_BUCKETS,
            registry=r,
        )
        self.briefings_stored = Counter(
            "briefbot_briefings_stored_total",
            "Articles stored with their briefing by the poller.",
            registry=r,
        )
        self.outbox_messages = Gauge(
            "briefbot_outbox_messages", "Outbox rows by status, read at scrape time.", ["status"], registry=r
        )
        self.messages_sent = Counter(
            "briefbot_messages_sent_total",
            "Outbox messages Telegram accepted, by kind.",
            ["kind"],
            registry=r,
        )
        self.rate_limited = Counter(
            "briefbot_telegram_429_total", "429 (Too Many Requests) answers from Telegram.", registry=r
        )
        self.retry_after = Counter(
            "briefbot_telegram_retry_after_seconds_total",
            "Seconds Telegram's 429 answers told the bot to wait, summed.",
            registry=r,
        )
        self.send_lag = Histogram(
            "briefbot_send_lag_seconds",
            "How long after its due time (the schedule's slot) a message was sent.",
            buckets=LAG_BUCKETS,
            registry=r,
        )
        self.on_demand_requests = Counter(
            "briefbot_on_demand_requests_total",
            "On-demand commands handled (/summary, /timeline, /digest).",
            ["command"],
            registry=r,
        )
        self.on_demand_seconds = Histogram(
            "briefbot_on_demand_seconds",
            "Time from an on-demand command's arrival to the end of its reply.",
            ["command"],
            buckets=REQUEST_BUCKETS,
            registry=r,
        )
        self.telegram_up = Gauge(
            "briefbot_telegram_up", "1 while Telegram answers the bot's requests, else 0.", registry=r
        )

    # -- what the components report -------------------------------------------------------------
    def feed_polled(self, outcome: str) -> None:
        self.feed_polls.labels(outcome).inc()

    def poll_cycle_ended(self) -> None:
        self.poll_cycles.inc()
        self.last_poll.set(time.time())

    def fetched(self, kind: str, seconds: float) -> None:
        self.fetch_seconds.labels(kind).observe(seconds)

    def article_briefed(self, engine_seconds: float) -> None:
        self.engine_seconds.observe(engine_seconds)

    def briefing_stored(self) -> None:
        self.briefings_stored.inc()

    def message_sent(self, kind: str, lag_seconds: float | None) -> None:
        self.messages_sent.labels(kind).inc()
        if lag_seconds is not None:
            self.send_lag.observe(max(0.0, lag_seconds))

    def told_to_wait(self, retry_after_seconds: float) -> None:
        self.rate_limited.inc()
        self.retry_after.inc(max(0.0, retry_after_seconds))

    def telegram_reachable(self, up: bool) -> None:
        self.telegram_up.set(1 if up else 0)

    @contextmanager
    def on_demand(self, command: str) -> Iterator[None]:
        """Count one on-demand command and time it, failures included."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.on_demand_requests.labels(command).inc()
            self.on_demand_seconds.labels(command).observe(time.perf_counter() - started)

    # -- scraping ---------------------------------------------------------------------------------
    def outbox_counts(self, counts: dict[str, int]) -> None:
        """The outbox by status, read from the database just before a scrape; gone statuses read 0."""
        for status in self._outbox_statuses - set(counts):
            self.outbox_messages.labels(status).set(0)
        for status, n in counts.items():
            self.outbox_messages.labels(status).set(n)
        self._outbox_statuses |= set(counts)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
