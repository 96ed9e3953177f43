"""LiveBridge: the GUI thread's handle on the live connection (its own thread, never the GUI's or the API's).

The connection's thread only reads frames and parses them; it puts each frame's events on a queue and
wakes the GUI when the queue was empty. The GUI applies what is queued once per frame (16 ms), at most
``max_batch`` events at a time (a burst of thousands is spread over frames instead of freezing one), so a
thousand events a second cost sixty table updates, not a thousand.

Each start is a new generation with a relay object of its own: stopping disconnects the relay and never
waits on the GUI thread (a connect to a silent host can take its whole open timeout); the thread and its
relay are kept referenced until the thread ends, so nothing it still emits meets a deleted object, and
whatever an old connection still delivers is dropped.
"""

from __future__ import annotations

import collections
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

if TYPE_CHECKING:
    from ...base.payloads import Target
    from ...live.connection import LiveConnection
    from ...live.live_status import SecretToken

# threads of stopped connections, with their relays, until they end: destroying a running QThread aborts
_still_running: list[tuple[QThread, QObject]] = []
MAX_BATCH = 100  # events applied in one frame at most: ~10 ms of Python; a burst is spread over frames
BACKLOG = 4 * MAX_BATCH  # events waiting for the window beyond which the reader slows down
BACKLOG_PAUSE_S = 0.005


def wait_for_live_stragglers(timeout_ms: int) -> bool:
    """At exit: wait for live threads that outlived their stop (a connect to a silent host ends within its
    open timeout). True if none is left running."""
    for thread, _ in list(_still_running):
        thread.wait(timeout_ms)
    _still_running[:] = [(t, r) for t, r in _still_running if t.isRunning()]
    return not _still_running


class _Relay(QObject):
    """Lives on the GUI thread, parentless: what the live thread emits through it stays valid after the
    window that started it is gone."""

    wake = Signal()  # the queue was empty and is not any more
    status = Signal(object)  # LiveStatus
    registered = Signal()
    session_signals = Signal(object, int)  # 0s / 1h / 0g signals, unread count: rare, one queued signal per frame

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.queue: collections.deque = collections.deque()

    def push(self, events: list) -> None:
        if not events:
            return
        with self.lock:
            was_empty = not self.queue
            self.queue.extend(events)
            behind = len(self.queue) > BACKLOG
        if was_empty:
            self.wake.emit()  # one queued signal per batch, however many frames follow
        if behind:
            # the window is behind: read more slowly (the socket holds the rest) and leave the interpreter to
            # the GUI thread, which a reader parsing a burst at full speed would starve of it
            time.sleep(BACKLOG_PAUSE_S)


class _LiveThread(QThread):
    def __init__(self, connection: LiveConnection) -> None:
        super().__init__()
        self.setObjectName("kiwoom-live")
        self.connection = connection

    def run(self) -> None:
        self.connection.run()  # never raises; returns after stop() or a condition that ends the session


def _forget(thread: QThread) -> None:
    _still_running[:] = [(t, r) for t, r in _still_running if t is not thread]


class LiveBridge(QObject):
    status_changed = Signal(object)  # LiveStatus of the current connection
    events_ready = Signal(object)  # list of OrderEvent / BalanceEvent, in arrival order
    registered = Signal()  # logged in and registered again: what happened meanwhile must be queried
    market_ready = Signal(object, int)  # session.signals (0s, 1h, 0g) of one frame, unread count
    MARKET_TYPES = ("0s", "1h")  # market-wide (item ""); 0g is per stock, registered with the stock's quotes

    def __init__(
        self, parent: QObject | None = None, batch_ms: int = 16, max_batch: int = MAX_BATCH, **options: object
    ) -> None:
        super().__init__(parent)
        self._relay: _Relay | None = None
        self._connection: LiveConnection | None = None
        self._thread: _LiveThread | None = None
        self.target: Target | None = None
        self.url: str | None = None
        self.options = options  # backoff_s, idle_timeout_s, ca_bundle (tests)
        self.max_batch = max_batch
        self._batch = QTimer(self)
        self._batch.setSingleShot(True)
        self._batch.setInterval(batch_ms)
        self._batch.timeout.connect(self._drain)
        # the market beside the ticket (issue 20): what to quote, and the quotes, one signal per type
        from ...market.subscription import MarketSubscription
        from ..market.market_feed import MarketFeed

        self.market_subscription = MarketSubscription()
        self.market = MarketFeed(self)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self, target: Target, url: str, token: SecretToken) -> None:
        """Connect to ``url`` for ``target`` with ``token``; a connection already running is stopped first.
        Raises ValueError for a URL the token must not go to (before any socket opens)."""
        from ...live.connection import LiveConnection

        self.stop()
        relay = _Relay()
        relay.market = self.market.new_relay()  # kept with the relay: the thread may outlive this generation
        connection = LiveConnection(
            url,
            token,
            on_events=lambda events: relay.push(events),  # looked up per call: a benchmark may observe it
            on_status=relay.status.emit,
            on_registered=relay.registered.emit,
            on_signals=relay.session_signals.emit,
            market_types=self.MARKET_TYPES,
            market=self.market_subscription,
            on_market=relay.market.push,
            on_bad_frame=relay.market.count_bad,
            **self.options,
        )
        relay.wake.connect(self._on_wake)
        relay.status.connect(self.status_changed)
        relay.registered.connect(self.registered)
        relay.session_signals.connect(self.market_ready)
        self.target, self.url = target, url
        self._relay, self._connection = relay, connection
        self._thread = _LiveThread(connection)
        self._thread.start()

    def renew(self, token: SecretToken) -> None:
        """A new token: the running connection uses it (at once if it is waiting to retry)."""
        if self._connection is not None:
            self._connection.renew_token(token)

    def stop(self) -> None:
        """End the connection without waiting for it: whatever it still delivers is dropped."""
        relay, connection, thread = self._relay, self._connection, self._thread
        self._relay = self._connection = self._thread = None
        self.target = self.url = None
        self._batch.stop()
        self.market.drop_relay()
        if relay is not None:
            relay.wake.disconnect(self._on_wake)  # nothing of this generation reaches the window any more
            relay.status.disconnect(self.status_changed)
            relay.registered.disconnect(self.registered)
            relay.session_signals.disconnect(self.market_ready)
            with relay.lock:
                relay.queue.clear()
        if connection is not None:
            connection.stop()
        if thread is not None and relay is not None:
            if thread.isRunning():
                _still_running.append((thread, relay))
                thread.finished.connect(lambda t=thread: _forget(t))
            else:
                thread.wait()

    # --- on the GUI thread ---------------------------------------------------------------------------
    @Slot()
    def _on_wake(self) -> None:
        if not self._batch.isActive():
            self._batch.start()

    @Slot()
    def _drain(self) -> None:
        relay = self._relay
        if relay is None:
            return
        with relay.lock:
            take = min(len(relay.queue), self.max_batch)
            events = [relay.queue.popleft() for _ in range(take)]
            more = bool(relay.queue)
        if more:
            self._batch.start()  # the rest in the next frame: the window paints in between
        if events:
            self.events_ready.emit(events)
