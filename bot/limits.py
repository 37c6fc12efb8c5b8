"""Per-user limits on on-demand work: /summary and /timeline (and their buttons) cost a fetch and NLP work
each, so they are counted per minute; long-running jobs are also capped per user at once."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class OnDemandLimiter:
    per_minute: int
    clock: Callable[[], float] = time.monotonic
    _calls: dict[int, deque[float]] = field(default_factory=dict)

    def try_acquire(self, user_id: int) -> float:
        """0 when the call may go ahead (and is counted), else the seconds until it may."""
        now = self.clock()
        calls = self._calls.setdefault(user_id, deque())
        while calls and now - calls[0] >= 60:
            calls.popleft()
        if len(calls) >= self.per_minute:
            return 60 - (now - calls[0])
        calls.append(now)
        return 0.0


@dataclass
class JobSlots:
    """At most `per_user` long-running jobs of one user at once, so one user cannot hold every worker."""

    per_user: int
    _running: dict[int, int] = field(default_factory=dict)

    def try_take(self, user_id: int) -> bool:
        """True (and the slot is the caller's until `release`) when the user has a free slot."""
        running = self._running.get(user_id, 0)
        if running >= self.per_user:
            return False
        self._running[user_id] = running + 1
        return True

    def release(self, user_id: int) -> None:
        running = self._running.get(user_id, 0) - 1
        if running > 0:
            self._running[user_id] = running
        else:
            self._running.pop(user_id, None)

    def running(self, user_id: int) -> int:
        return self._running.get(user_id, 0)
