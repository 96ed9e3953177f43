"""ApiQueue: the API thread's one line — a waiting order goes before any query page, always.

Orders are handed in from the GUI thread (thread-safe, at the click); queries and searches register their
next page from the API thread. Each turn (one queued event) sends exactly one thing: the oldest waiting
order if there is one, else one page of the oldest waiting query. Whatever the API thread's event queue
holds — refreshes of every tab, search tries, pacing timers, rate-limit retries — a clicked order leaves
after at most the one request already on the wire. The pages of several queries take turns (round robin).

And not even after that one, for the pages that allow it (``query_page(aside=True)``): their exchange with
the host runs on a wire thread of its own, on the queries' own connection, while the API thread waits here
for it and sends any order clicked meanwhile at once, on the orders' connection (:meth:`run_aside`). The
order is still sent exactly once, from the API thread: whichever of the two takes it from the line sends it.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

T = TypeVar("T")


class ApiQueue(QObject):
    _wake = Signal()  # one per item added: a turn never finds fewer items than turns left to come

    def __init__(self, send_order: Callable[[object], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._send_order = send_order
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)  # an order, or an exchange aside ended
        self._orders: deque[object] = deque()  # filled from the GUI thread
        self._pages: deque[Callable[[], None]] = deque()  # API thread only
        self._aside = False  # an exchange runs aside: orders are sent from run_aside, not from a turn
        self._wake.connect(self._turn, Qt.ConnectionType.QueuedConnection)

    def post_order(self, request: object) -> None:
        """From any thread: send ``request`` before any page not yet started."""
        with self._lock:
            self._orders.append(request)
            self._arrived.notify_all()
        self._wake.emit()

    def add_page(self, step: Callable[[], None]) -> None:
        """On the API thread: ``step`` sends one page of a query (or search) at its turn, when no order waits.
        A query's next page is added again by its step, behind the pages already waiting."""
        self._pages.append(step)
        self._wake.emit()

    def run_aside(self, exchange: Callable[[], T]) -> T:
        """On the API thread, within a page's step: ``exchange()`` (one request and its answer) on a wire thread,
        its result or exception returned here; orders posted meanwhile are sent from here, one by one, while it
        runs. Nested calls (an order's own work never asks) run in line."""
        if self._send_order is None or self._aside or QThread.currentThread() is not self.thread():
            return exchange()  # orders are sent from the API thread only, and one at a time
        outcome: list = []

        def wire() -> None:
            try:
                result = (True, exchange())
            except BaseException as exc:  # handed to the API thread as it is: the page judges it
                result = (False, exc)
            with self._lock:
                outcome.append(result)
                self._arrived.notify_all()

        self._aside = True
        try:
            threading.Thread(target=wire, name="kiwoom-query-wire", daemon=True).start()
            while True:
                with self._lock:
                    while not outcome and not self._orders:
                        self._arrived.wait()
                    order = self._orders.popleft() if self._orders else None
                    if order is None:
                        ok, value = outcome[0]
                        break
                self._send_order(order)  # the answer of the page on the wire can wait: this cannot
        finally:
            self._aside = False
        if ok:
            return value
        raise value

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
