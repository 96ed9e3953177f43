"""OrderController: the GUI thread's handle on the single API thread (FIFO, serial, click order)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from ..base.payloads import CredentialCommand, InstrumentRequest, OrderRequest, QueryRequest, Target
from ..host.environments import default_timeouts
from .instrument.instrument_tasks import InstrumentTasks
from .worker import ApiWorker

# A worker thread that did not stop in time is kept referenced until it finishes: destroying a running
# QThread aborts the whole process (exit 134), which would also cut the journal write it is doing.
_still_running: list[tuple[QThread, QObject]] = []
# what closing adds to the request deadline: the journal write of the outcome and the thread's exit
_CLOSE_MARGIN_S = 2.0


def wait_for_stragglers(timeout_ms: int) -> bool:
    """At exit: wait for worker threads that outlived their window. True if none is left running."""
    for thread, _ in list(_still_running):
        thread.wait(timeout_ms)
    _still_running[:] = [(t, w) for t, w in _still_running if t.isRunning()]
    return not _still_running


class OrderController(QObject):
    # re-emitted on the GUI thread: connect widgets (and tests) to these, never to the worker
    order_sent = Signal(int)  # request_id: on the wire
    query_done = Signal(object)  # QueryDone
    order_resolved = Signal(object)  # OrderResolved: what the search for an unknown order found
    instrument_done = Signal(object)  # InstrumentDone: what a stock code is
    stock_list_done = Signal(object)  # StockListDone: the stock list behind the 종목코드 completer
    order_done = Signal(object)
    history_loaded = Signal(object)  # list[JournalEntry]; None: the history could not be read (not known)
    credential_status = Signal(object)
    notice = Signal(str)
    live_token = Signal(object)  # LiveToken
    credit_done = Signal(object)  # CreditDone: a kt00001 / kt00012 / kt20017 answer (issue 19)
    snapshot_done = Signal(object)  # market.book_snapshots.SnapshotDone: a 호가 snapshot (ka10007)

    _query = Signal(object)
    _credit = Signal(object)
    _lookup = Signal(object)
    _stock_list = Signal(object)
    _snapshot = Signal(object)
    _lookup_forget = Signal(str)
    _lookup_stop = Signal()
    _pending_unknowns = Signal(object)
    _credentials = Signal(object)
    _live_token = Signal(object, object)  # Target, the refused generation (None: whatever token there is)
    _live_accepted = Signal(object, object, object)
    _confirm_candidate = Signal(object, int, object)
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
        # one request at most is in flight when closing starts, and it ends within its deadline
        self.close_wait_ms = int((sum(timeouts or default_timeouts()) + _CLOSE_MARGIN_S) * 1000)
        self._query.connect(self._worker.tasks.query)
        self._stock_list.connect(self._worker.names.load)
        self._worker.names.list_done.connect(self.stock_list_done)
        self._pending_unknowns.connect(self._worker.tasks.pending_unknowns)
        self._credit.connect(self._worker.credit.ask)
        self._worker.credit.credit_done.connect(self.credit_done)
        self._worker.tasks.query_done.connect(self.query_done)
        self._worker.tasks.order_resolved.connect(self.order_resolved)
        self._snapshot.connect(self._worker.snapshots.snapshot)
        self._worker.snapshots.snapshot_done.connect(self.snapshot_done)
        # stock lookups: their own thread and clients (a separate connection), so they never delay an order;
        # the token comes from the API thread (asked, or announced whenever it gets a new one)
        self._lookup_thread = QThread()
        self._lookup_thread.setObjectName("kiwoom-lookup")
        self._lookups = InstrumentTasks(timeouts)
        self._lookups.moveToThread(self._lookup_thread)
        self._lookup.connect(self._lookups.lookup)
        self._lookup_forget.connect(self._lookups.forget_tokens)
        self._lookup_stop.connect(self._lookups.shut_down)
        self._lookups.instrument_done.connect(self.instrument_done)
        self._lookups.need_token.connect(self._worker.give_lookup_token)
        self._worker.lookup_token.connect(self._lookups.take_token)
        self._worker.live_token.connect(self._lookups.new_token)
        self._lookup_thread.finished.connect(self._lookups.deleteLater)
        self._credentials.connect(self._worker.credentials)
        self._live_token.connect(self._worker.give_live_token)
        self._worker.live_token.connect(self.live_token)
        self._live_accepted.connect(self._worker.tasks.live_accepted)
        self._confirm_candidate.connect(self._worker.tasks.confirm_candidate)
        self._start.connect(self._worker.start_up)
        self._stop.connect(self._worker.shut_down)
        self._worker.order_sent.connect(self.order_sent)
        self._worker.order_done.connect(self._on_order_done)
        self._worker.history_loaded.connect(self._on_history)
        self._worker.credential_status.connect(self._on_credentials)
        self._worker.notice.connect(self._on_notice)
        self._thread.finished.connect(self._worker.deleteLater)
        self._in_flight = 0
        self._credentials_in_flight = 0  # a token issue ahead of an order holds it up as an order would
        self._started = False
        self._thread.start()
        self._lookup_thread.start()

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

    @property
    def busy(self) -> bool:
        """Something is ahead of a new order on the API thread (an order, a token request)."""
        return self._in_flight > 0 or self._credentials_in_flight > 0

    def submit(self, request: OrderRequest) -> None:
        self.start()
        self._in_flight += 1
        self._worker.post(request)  # into the API thread's queue now: before any query page not yet started

    def refresh(self, request: QueryRequest) -> None:
        """Refresh one account view; orders submitted meanwhile go before any of its pages not yet sent."""
        self.start()
        self._query.emit(request)

    def ask_credit(self, request: object) -> None:
        """A credit-desk query (CreditRequest); orders submitted meanwhile go before it."""
        self.start()
        self._credit.emit(request)

    def lookup_instrument(self, request: InstrumentRequest) -> None:
        """Look up a stock code (ka10001, ka10100); orders submitted meanwhile go before its next request."""
        self.start()
        self._lookup.emit(request)

    def load_stock_list(self, target: Target) -> None:
        """The stock list of ``target`` (ka10099, or today's copy in the data folder), answered with
        ``stock_list_done``; its pages go behind any order."""
        self.start()
        self._stock_list.emit(target)

    def book_snapshot(self, request: object) -> None:
        """The 호가 snapshot of ``request`` (market.book_snapshots.SnapshotRequest); orders go first."""
        self.start()
        self._snapshot.emit(request)

    def look_for_unknowns(self, target: Target) -> None:
        """Look for this trading day's orders of unknown outcome at ``target`` (never resends them)."""
        self.start()
        self._pending_unknowns.emit(target)

    def ask_live_token(self, target: Target, refused: int | None = None) -> None:
        """The live connection's token, answered with ``live_token`` (from the API thread, never here);
        ``refused``: the generation the host refused (a newer one is wanted: issued once per generation)."""
        self.start()
        self._live_token.emit(target, refused)

    def live_accepted(self, target: Target, events: list, live_since: dt.datetime | None) -> None:
        """접수 events (live 00 OrderEvents): may resolve an order of unknown outcome at ``target``."""
        self.start()
        self._live_accepted.emit(target, events, live_since)

    def confirm_candidate(self, target: Target, journal_id: int, candidate: object) -> None:
        """The user confirmed ``candidate`` (attribution.Candidate) as order ``journal_id``: journalled as their
        choice on the API thread; ``order_resolved`` answers. Nothing is sent."""
        self.start()
        self._confirm_candidate.emit(target, journal_id, candidate)

    def credentials(self, command: CredentialCommand) -> None:
        self.start()
        if command.action in ("forget_keys", "revoke", "paste_token", "issue"):
            self._lookup_forget.emit(command.target.env)  # the lookups ask the API thread's token again
        self._credentials_in_flight += 1
        self._credentials.emit(command)

    def is_running(self) -> bool:
        """The API thread or the lookup thread is still running."""
        return self._thread.isRunning() or self._lookup_thread.isRunning()

    def shutdown(self, wait_ms: int | None = None) -> bool:
        """Stop the workers: orders not yet sent stay unsent; the one in flight ends within its deadline, as
        does a lookup in flight (both threads stop at once). Waits at most ``wait_ms`` in all (default: one
        request's deadline plus a margin). True if both stopped."""
        budget_ms = self.close_wait_ms if wait_ms is None else wait_ms
        started = time.monotonic()
        pairs = ((self._thread, self._worker), (self._lookup_thread, self._lookups))
        if self._lookup_thread.isRunning():
            self._lookups.stopping.set()
            self._lookup_stop.emit()
            self._lookup_thread.quit()
        if self._thread.isRunning():
            self._worker.stopping.set()
            self._stop.emit()
            self._thread.quit()
        stopped = True
        for thread, worker in pairs:
            if not thread.isRunning():
                continue
            left_ms = max(0, budget_ms - int((time.monotonic() - started) * 1000))
            if thread.wait(left_ms):
                continue
            # never destroy a running QThread: keep it (and its worker) alive until it ends on its own
            stopped = False
            thread.setParent(None)
            worker.setParent(None)
            _still_running.append((thread, worker))
        return stopped

    @Slot(object)
    def _on_order_done(self, done) -> None:
        self._in_flight = max(0, self._in_flight - 1)
        self.order_done.emit(done)

    @Slot(object)
    def _on_history(self, entries) -> None:
        self.history_loaded.emit(entries)

    @Slot(object)
    def _on_credentials(self, status) -> None:
        self._credentials_in_flight = max(0, self._credentials_in_flight - 1)
        self.credential_status.emit(status)

    @Slot(str)
    def _on_notice(self, text: str) -> None:
        self.notice.emit(text)
