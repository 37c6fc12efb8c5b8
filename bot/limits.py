"""Per-user limits on on-demand commands: /summary and /timeline cost a fetch and NLP work each."""

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
