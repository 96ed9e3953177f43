"""LiveBridge: the GUI thread's handle on the live connection (its own thread, never the GUI's or the API's).

The connection's thread only reads frames and parses them; it puts each frame's events on a queue and
wakes the GUI when the queue was empty. The GUI takes everything queued at most once per batch interval
(a frame at 60 Hz), so a thousand events a second cost sixty table updates, not a thousand. Each start is
a new generation: whatever an old connection still delivers after a switch or a stop is dropped.
"""

from __future__ import annotations

import collections
import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

if TYPE_CHECKING:
    from ..live.connection import LiveConnection, LiveStatus, SecretToken
    from ..payloads import Target

# a thread that did not end in time is kept referenced until it does: destroying a running QThread aborts
_still_running: list[QThread] = []


def wait_for_live_stragglers(timeout_ms: int) -> bool:
    """At exit: wait for live threads that outlived their stop (a connect to a silent host ends within its
    open timeout). True if none is left running."""
    for thread in list(_still_running):
        thread.wait(timeout_ms)
    _still_running[:] = [t for t in _still_running if t.isRunning()]
    return not _still_running


class _LiveThread(QThread):
    def __init__(self, connection: LiveConnection) -> None:
        super().__init__()
        self.setObjectName("kiwoom-live")
        self.connection = connection

    def run(self) -> None:
        self.connection.run()  # never raises; returns after stop() or a condition that ends the session


class LiveBridge(QObject):
    status_changed = Signal(object)  # LiveStatus of the current connection
    events_ready = Signal(object)  # list of OrderEvent / BalanceEvent, in arrival order
    registered = Signal()  # logged in and registered again: what happened meanwhile must be queried

    _wake = Signal()  # from the live thread: the queue was empty and is not any more
    _status = Signal(int, object)  # (generation, LiveStatus), from the live thread
    _registered = Signal(int)

    def __init__(self, parent: QObject | None = None, batch_ms: int = 16, **connection_options: object) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._queue: collections.deque[tuple[int, list]] = collections.deque()
        self._generation = 0
        self._connection: LiveConnection | None = None
        self._thread: _LiveThread | None = None
        self.target: Target | None = None
        self.url: str | None = None
        self.options = connection_options  # backoff_s, idle_timeout_s, ca_bundle (tests)
        self._batch = QTimer(self)
        self._batch.setSingleShot(True)
        self._batch.setInterval(batch_ms)
        self._batch.timeout.connect(self._drain)
        self._wake.connect(self._on_wake)
        self._status.connect(self._on_status)
        self._registered.connect(self._on_registered)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self, target: Target, url: str, token: SecretToken) -> None:
        """Connect to ``url`` for ``target`` with ``token``; a connection already running is stopped first."""
        from ..live.connection import LiveConnection

        self.stop()
        self._generation += 1
        generation = self._generation
        self.target, self.url = target, url
        connection = LiveConnection(
            url,
            token,
            on_events=lambda events: self._push(generation, events),
            on_status=lambda status: self._status.emit(generation, status),
            on_registered=lambda: self._registered.emit(generation),
            **self.options,
        )
        self._connection = connection
        self._thread = _LiveThread(connection)
        self._thread.start()

    def renew(self, token: SecretToken) -> None:
        """A new token: the running connection logs in again with it."""
        if self._connection is not None:
            self._connection.renew_token(token)

    def stop(self, wait_ms: int = 2000) -> None:
        """End the connection; whatever it still delivers is dropped. Waits at most ``wait_ms``."""
        self._generation += 1
        connection, thread = self._connection, self._thread
        self._connection = self._thread = None
        self.target = self.url = None
        with self._lock:
            self._queue.clear()
        if connection is not None:
            connection.stop()
        if thread is not None and not thread.wait(wait_ms):
            thread.setParent(None)
            _still_running.append(thread)
            thread.finished.connect(lambda t=thread: _still_running.remove(t) if t in _still_running else None)

    # --- from the live thread ----------------------------------------------------------------------
    def _push(self, generation: int, events: list) -> None:
        if not events:
            return
        with self._lock:
            was_empty = not self._queue
            self._queue.append((generation, events))
        if was_empty:
            self._wake.emit()  # one queued signal per batch, however many frames follow

    # --- on the GUI thread ---------------------------------------------------------------------------
    @Slot()
    def _on_wake(self) -> None:
        if not self._batch.isActive():
            self._batch.start()

    @Slot()
    def _drain(self) -> None:
        with self._lock:
            items = list(self._queue)
            self._queue.clear()
        events = [e for generation, batch in items if generation == self._generation for e in batch]
        if events:
            self.events_ready.emit(events)

    @Slot(int, object)
    def _on_status(self, generation: int, status: LiveStatus) -> None:
        if generation == self._generation:
            self.status_changed.emit(status)

    @Slot(int)
    def _on_registered(self, generation: int) -> None:
        if generation == self._generation:
            self.registered.emit()
