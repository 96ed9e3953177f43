"""Query pacing: each api-id at most N requests a second (the host limits each TR on its own), so a
refresh of one tab never holds back another's — nor an order, which has its own throttle."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ..host.throttle import Throttle


class QueryPacer:
    """One :class:`Throttle` per api-id (``1/rate`` seconds apart each); ``hold`` pushes one api-id back
    after a rate-limit answer."""

    def __init__(
        self,
        per_second: float | None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._rate, self._clock, self._sleep = per_second, clock, sleep
        self.interval = Throttle(per_second).interval
        self._lock = threading.Lock()
        self._throttles: dict[str, Throttle] = {}

    def _of(self, api_id: str) -> Throttle:
        with self._lock:
            if api_id not in self._throttles:
                self._throttles[api_id] = Throttle(self._rate, self._clock, self._sleep)
            return self._throttles[api_id]

    def delay(self, api_id: str) -> float:
        """Seconds until ``api_id`` may be sent; 0 when it may go now. Takes no slot (the worker may
        schedule the request for then instead of sleeping while an order could be waiting)."""
        return self._of(api_id).delay()

    def wait(self, api_id: str) -> float:
        """Block until ``api_id``'s slot and take it; returns the seconds waited."""
        return self._of(api_id).wait()

    def hold(self, api_id: str, seconds: float) -> None:
        """The host said too many: ``api_id`` waits at least ``seconds`` from now."""
        self._of(api_id).hold(seconds)
