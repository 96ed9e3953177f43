"""How many orders left in the last minute (for max_orders_per_minute): times given by the caller (monotonic)."""

from __future__ import annotations

from collections import deque

WINDOW_S = 60.0


class OrderRate:
    def __init__(self) -> None:
        self._sent: deque[float] = deque()

    def record(self, now: float) -> None:
        self._sent.append(now)

    def within_minute(self, now: float) -> int:
        """Orders recorded in the 60 s before ``now``."""
        while self._sent and now - self._sent[0] >= WINDOW_S:
            self._sent.popleft()
        return len(self._sent)
