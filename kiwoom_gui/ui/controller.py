"""OrderController: the GUI thread's handle on the single API thread (FIFO, serial, click order)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..payloads import CredentialCommand, OrderRequest
from .worker import ApiWorker


class OrderController(QObject):
    # re-emitted on the GUI thread: connect widgets (and tests) to these, never to the worker
    order_done = Signal(object)
    history_loaded = Signal(object)
    credential_status = Signal(object)
    notice = Signal(str)

    _send = Signal(object)
    _credentials = Signal(object)
    _start = Signal()
    _stop = Signal()

    def __init__(
        self,
        journal_path: Path,
        timeouts: tuple[float, float] | None = None,
        parent: QObject | None = None,
        orders_per_second: float | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("kiwoom-api")
        self._worker = ApiWorker(journal_path, timeouts, orders_per_second)
        self._worker.moveToThread(self._thread)
        self._send.connect(self._worker.send)
        self._credentials.connect(self._worker.credentials)
        self._start.connect(self._worker.start_up)
        self._stop.connect(self._worker.shut_down)
        self._worker.order_done.connect(self._on_order_done)
        self._worker.history_loaded.connect(self._on_history)
        self._worker.credential_status.connect(self._on_credentials)
        self._worker.notice.connect(self._on_notice)
        self._thread.finished.connect(self._worker.deleteLater)
        self._in_flight = 0
        self._started = False
        self._thread.start()

    def start(self) -> None:
        """Open the journal and load history on the worker thread; idempotent.

        The window calls this after its first paint, so SQLite and the HTTP stack load while the user
        already sees the window. Any command sent earlier starts it first: the journal is always open
        before the first order is handled.
        """
        if not self._started:
            self._started = True
            self._start.emit()

    @property
    def in_flight(self) -> int:
        return self._in_flight

    def submit(self, request: OrderRequest) -> None:
        self.start()
        self._in_flight += 1
        self._send.emit(request)

    def credentials(self, command: CredentialCommand) -> None:
        self.start()
        self._credentials.emit(command)

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def shutdown(self, wait_ms: int = 15000) -> bool:
        """Stop the worker; waits at most ``wait_ms`` (bounded by the HTTP timeouts). True if stopped."""
        if not self._thread.isRunning():
            return True
        self._worker.stopping.set()
        self._stop.emit()
        self._thread.quit()
        return self._thread.wait(wait_ms)

    @Slot(object)
    def _on_order_done(self, done) -> None:
        self._in_flight = max(0, self._in_flight - 1)
        self.order_done.emit(done)

    @Slot(object)
    def _on_history(self, entries) -> None:
        self.history_loaded.emit(entries)

    @Slot(object)
    def _on_credentials(self, status) -> None:
        self.credential_status.emit(status)

    @Slot(str)
    def _on_notice(self, text: str) -> None:
        self.notice.emit(text)
