"""A client-side order throttle: at most N orders per second, leaving in the order they asked."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Throttle:
    """Spaces calls at least ``1/rate`` seconds apart; callers get slots in call order (FIFO)."""

    def __init__(
        self,
        per_second: float | None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = 0.0 if not per_second else 1.0 / per_second
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next_slot = 0.0

    def delay(self) -> float:
        """Seconds until the next slot; 0 when a call may go now. Takes no slot."""
        with self._lock:
            return max(self._next_slot - self._clock(), 0.0)

    def hold(self, seconds: float) -> None:
        """No slot before ``seconds`` from now (the host said too many)."""
        with self._lock:
            self._next_slot = max(self._next_slot, self._clock() + seconds)

    def wait(self) -> float:
        """Block until this caller's slot (and past any ``hold``); returns the seconds waited."""
        if self.interval <= 0 and self._next_slot == 0.0:  # no limit and never held: nothing to wait for
            return 0.0
        with self._lock:  # taking the slot under the lock fixes the order
            now = self._clock()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self.interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return max(delay, 0.0)
