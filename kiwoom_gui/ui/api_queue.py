"""ApiQueue: the API thread's one line — a waiting order goes before any query page, always.

Orders are handed in from the GUI thread (thread-safe, at the click); queries and searches register their
next page from the API thread. Each turn (one queued event) sends exactly one thing: the oldest waiting
order if there is one, else one page of the oldest waiting query. Whatever the API thread's event queue
holds — refreshes of every tab, search tries, pacing timers, rate-limit retries — a clicked order leaves
after at most the one request already on the wire. The pages of several queries take turns (round robin).
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot


class ApiQueue(QObject):
    _wake = Signal()  # one per item added: a turn never finds fewer items than turns left to come

    def __init__(self, send_order: Callable[[object], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._send_order = send_order
        self._lock = threading.Lock()
        self._orders: deque[object] = deque()  # filled from the GUI thread
        self._pages: deque[Callable[[], None]] = deque()  # API thread only
        self._wake.connect(self._turn, Qt.ConnectionType.QueuedConnection)

    def post_order(self, request: object) -> None:
        """From any thread: send ``request`` before any page not yet started."""
        with self._lock:
            self._orders.append(request)
        self._wake.emit()

    def add_page(self, step: Callable[[], None]) -> None:
        """On the API thread: ``step`` sends one page of a query (or search) at its turn, when no order waits.
        A query's next page is added again by its step, behind the pages already waiting."""
        self._pages.append(step)
        self._wake.emit()

    @Slot()
    def _turn(self) -> None:
        with self._lock:
            order = self._orders.popleft() if self._orders else None
        if order is not None:
            if self._send_order is not None:
                self._send_order(order)
            return
        if self._pages:
            self._pages.popleft()()
