"""How far the host's clock is from this PC's: an interval, never a point.

Every answer's HTTP ``Date`` header (whole seconds, the host's clock when it answered) bounds the offset
from both sides: the host answered between our request leaving (t0) and its answer arriving (t1), so
``Date <= t1 + offset < Date + 1`` and ``offset`` lies in ``[Date - t1, Date + 1 - t0]``. A live event's
time (908, whole seconds) happened before it arrived, so ``offset >= time - arrival`` (one side only).
The intersection of recent samples is the estimate; samples that contradict each other (a clock stepped,
a host lying) widen it to their hull instead — never narrower than the evidence. Thread-safe: the API
thread feeds it from answers, and judges with it.
"""

from __future__ import annotations

import email.utils
import threading
from collections import deque
from dataclasses import dataclass

_KEPT = 32  # the newest samples judged together: enough to narrow the second's rounding, few enough to follow drift


@dataclass(frozen=True)
class Offset:
    """host clock − this PC's clock lies in [low, high] seconds."""

    low: float
    high: float

    @property
    def margin(self) -> float:
        return self.high - self.low


def date_header_time(value: object) -> float | None:
    """An HTTP ``Date`` header as POSIX seconds; None when absent or unreadable (never a guess)."""
    # one date (RFC 9110: "Sun, 06 Nov 1994 08:49:37 GMT"); two Date headers joined as "a, b" are none
    if not isinstance(value, str) or not value.strip() or len(value) > 64 or value.count(",") > 1:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed.timestamp()


class HostClock:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._both: deque[tuple[float, float]] = deque(maxlen=_KEPT)  # from Date headers
        self._lower: deque[float] = deque(maxlen=_KEPT)  # from live event times

    def observe_date(self, header: object, sent_at: float, received_at: float) -> None:
        """An answer's ``Date`` header, our POSIX time when the request left and when the answer came."""
        date = date_header_time(header)
        if date is None or received_at < sent_at:
            return
        with self._lock:
            self._both.append((date - received_at, date + 1.0 - sent_at))

    def observe_event(self, host_time: float, received_at: float) -> None:
        """A live event stamped ``host_time`` (POSIX seconds of its whole second on the host's clock),
        handled here at ``received_at`` (our clock; later than its arrival only loosens the bound)."""
        with self._lock:
            self._lower.append(host_time - received_at)

    def offset(self) -> Offset | None:
        """The estimate; None before any answer carried a ``Date`` (the offset is not known)."""
        with self._lock:
            both, lower = list(self._both), list(self._lower)
        if not both:
            return None
        low, high = max(s[0] for s in both), min(s[1] for s in both)
        if low > high:  # contradicting samples: the hull, not a guess in between
            low, high = min(s[0] for s in both), max(s[1] for s in both)
        floor = max(lower, default=None)
        if floor is not None and floor > low:
            if floor <= high:
                low = floor
            else:  # an event later than every answer allows: trust neither side's precision
                high = max(high, floor)
        return Offset(low, high)
