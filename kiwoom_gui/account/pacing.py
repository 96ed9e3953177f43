"""Query pacing: each api-id at most N requests a second (the host limits each TR on its own), so a
refresh of one tab never holds back another's — nor an order, which has its own throttle."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class QueryPacer:
    """Per api-id slots ``1/rate`` seconds apart; ``hold`` pushes one api-id back after a rate-limit answer."""

    def __init__(
        self,
        per_second: float | None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 0.0 if not per_second else 1.0 / per_second
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next: dict[str, float] = {}

    def delay(self, api_id: str) -> float:
        """Seconds until ``api_id`` may be sent; 0 when it may go now. Takes no slot (the worker may
        schedule the request for then instead of sleeping while an order could be waiting)."""
        with self._lock:
            return max(self._next.get(api_id, 0.0) - self._clock(), 0.0)

    def wait(self, api_id: str) -> float:
        """Block until ``api_id``'s slot and take it; returns the seconds waited."""
        with self._lock:
            now = self._clock()
            slot = max(now, self._next.get(api_id, 0.0))
            self._next[api_id] = slot + self.interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return max(delay, 0.0)

    def hold(self, api_id: str, seconds: float) -> None:
        """The host said too many: ``api_id`` waits at least ``seconds`` from now."""
        with self._lock:
            self._next[api_id] = max(self._next.get(api_id, 0.0), self._clock() + seconds)
