"""Whether the feed sites can be reached at all, as the log tells an operator.

A single failing feed is that feed's problem (its own backoff, its subscribers told when it is switched
off). A poll cycle in which no feed could even be connected to says something else: this host's network
(or DNS) is down. That is logged once, when it starts, and once when feeds answer again; meanwhile each
feed is retried with its backoff, and entries published meanwhile are still in the feeds when they return.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)
MIN_FEEDS = 2  # one unreachable feed says nothing about the network


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    ok: bool  # the feed answered (updated or not modified)
    unreachable: bool  # no connection could be made (DNS, refused, connect timeout)
    error: str | None = None


@dataclass
class FeedSitesWatch:
    clock: Callable[[], float] = time.monotonic
    lost_since: float | None = None

    def observe(self, outcomes: Sequence[FeedOutcome]) -> None:
        """Called with each poll cycle's outcomes."""
        if len(outcomes) >= MIN_FEEDS and all(o.unreachable for o in outcomes):
            if self.lost_since is None:
                self.lost_since = self.clock()
                log.warning(
                    "feeds unreachable: none of %d feeds could be connected to (%s); the network may be "
                    "down. Each feed is retried with its backoff",
                    len(outcomes),
                    outcomes[0].error,
                )
            return
        if self.lost_since is not None and any(o.ok for o in outcomes):
            log.warning("feeds reachable again, after %.0f s", self.clock() - self.lost_since)
            self.lost_since = None
