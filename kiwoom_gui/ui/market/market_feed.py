"""MarketFeed: real-time market updates on the GUI thread, one signal per type — the handle other parts connect to.

The live thread parses each REAL frame (kiwoom_gui.market.quotes) and hands the updates to this generation's
:class:`MarketRelay`, which keeps only the newest 0B / 0D / 0H per item (a book replaced 200 times a second is
shown once per frame) and every 0g / 1h / 0s in order (rare, and each one matters). The feed drains it at most
once per ``repaint_ms`` (16 ms) and emits:

- ``trade(MarketUpdate)``  0B 주식체결 — ``payload`` a :class:`~kiwoom_gui.market.quotes.Trade`
- ``book(MarketUpdate)``   0D 주식호가잔량 — ``payload`` a :class:`~kiwoom_gui.market.quotes.Book`
- ``expected(MarketUpdate)`` 0H 주식예상체결 — ``payload`` an :class:`~kiwoom_gui.market.quotes.Expected`
- ``stock_info(MarketUpdate)`` 0g 주식종목정보 — ``payload`` a :class:`~kiwoom_gui.market.quotes.StockInfo`
- ``vi(MarketUpdate)``      1h VI발동/해제 — ``values`` as sent (FID → text), ``payload`` None
- ``session(MarketUpdate)`` 0s 장시작시간 — ``values`` as sent, ``payload`` None
- ``bad_frames_changed(int)`` the count of frames (or entries) skipped as unreadable, this run

Every update carries ``item`` (``005930_NX``…): only the item the window asked for comes through (0s: any).
"""

from __future__ import annotations

import collections
import threading
import time

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from ...market.quotes import BOOK, EXPECTED, SESSION, STOCK_INFO, TRADE, VI, market_data

_EVENTS_KEPT = 1000  # 0g / 1h / 0s waiting for the window at most (the newest kept)


class MarketRelay(QObject):
    """One connection's hand-over from the live thread to the GUI thread (parentless, lives on the GUI thread)."""

    wake = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.latest: dict[tuple[str, str], object] = {}  # (type, item) → newest 0B / 0D / 0H
        self.events: collections.deque = collections.deque(maxlen=_EVENTS_KEPT)
        self.bad = 0

    def push(self, updates: list) -> None:
        """From the live thread."""
        with self.lock:
            was_empty = not self.latest and not self.events
            for u in updates:
                if u.type in (TRADE, BOOK, EXPECTED):
                    self.latest[(u.type, u.item)] = u
                else:
                    self.events.append(u)
        if was_empty:
            self.wake.emit()

    def count_bad(self, count: int) -> None:
        """From the live thread: frames that could not be read."""
        with self.lock:
            self.bad += count
        self.wake.emit()

    def take(self) -> tuple[list, list, int]:
        with self.lock:
            latest, events, bad = list(self.latest.values()), list(self.events), self.bad
            self.latest.clear()
            self.events.clear()
            self.bad = 0
        return latest, events, bad


class MarketFeed(QObject):
    trade = Signal(object)
    book = Signal(object)
    expected = Signal(object)
    stock_info = Signal(object)
    vi = Signal(object)
    session = Signal(object)
    bad_frames_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay: MarketRelay | None = None
        self.bad_frames = 0  # skipped as unreadable since the window opened (shown in the live tooltip)
        self.updates_shown = 0  # updates emitted (tests, benchmarks)
        self._repaint_ms = int(market_data()["repaint_ms"])
        self._last_drain = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._drain)
        self._signals = {TRADE: self.trade, BOOK: self.book, EXPECTED: self.expected, STOCK_INFO: self.stock_info,
                         VI: self.vi, SESSION: self.session}

    def new_relay(self) -> MarketRelay:
        """A new connection's relay; the old one's updates are dropped."""
        self.drop_relay()
        self._relay = MarketRelay()
        self._relay.wake.connect(self._on_wake)
        return self._relay

    def drop_relay(self) -> None:
        relay, self._relay = self._relay, None
        self._timer.stop()
        if relay is not None:
            relay.wake.disconnect(self._on_wake)
            relay.take()

    @Slot()
    def _on_wake(self) -> None:
        if self._timer.isActive():
            return
        since_ms = (time.monotonic() - self._last_drain) * 1000
        self._timer.start(max(0, int(self._repaint_ms - since_ms)))  # at most one drain per frame

    @Slot()
    def _drain(self) -> None:
        relay = self._relay
        if relay is None:
            return
        self._last_drain = time.monotonic()
        latest, events, bad = relay.take()
        if bad:
            self.bad_frames += bad
            self.bad_frames_changed.emit(self.bad_frames)
        for update in [*events, *sorted(latest, key=lambda u: u.received)]:
            self.updates_shown += 1
            self._signals[update.type].emit(update)
