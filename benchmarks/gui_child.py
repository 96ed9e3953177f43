"""The GUI side of the benchmarks, one measurement per process (offscreen), result as a JSON line
(click-to-wire: ``wire_child``; the account tabs: ``account_child``; shared parts: ``kit``).

python -m benchmarks.gui_child startup bare|forms|app DATA_DIR
python -m benchmarks.gui_child history DATA_DIR
python -m benchmarks.gui_child responsiveness DATA_DIR ORDERS LATENCY_MS
python -m benchmarks.gui_child log ROWS DATA_DIR
python -m benchmarks.gui_child detail KILOBYTES DATA_DIR
python -m benchmarks.gui_child soak DATA_DIR ORDERS WARMUP
python -m benchmarks.gui_child first DATA_DIR LATER
"""

from __future__ import annotations

import sys
import time

from benchmarks.kit import _emit, _first_paint, _idle, _wait_signal, _window, _window_with_host


def startup(kind: str, data_dir: str) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    if kind == "bare":
        window = QMainWindow()
        window.resize(1180, 860)
    elif kind == "forms":  # a lower bound: only the four order forms, as the window builds them (nothing sends)
        from PySide6.QtWidgets import QTabWidget

        from kiwoom_gui.orders.specs import load_orders
        from kiwoom_gui.ui.orders.order_form import OrderForm, tab_title

        window = QMainWindow()
        window.resize(1180, 860)
        tabs = QTabWidget(window)
        for spec in load_orders().values():
            tabs.addTab(OrderForm(spec, tabs), tab_title(spec))
        window.setCentralWidget(tabs)
    else:
        from kiwoom_gui.app import create_main_window

        window = create_main_window(["--demo", "--data-dir", data_dir])

    def done() -> None:
        _emit({"modules": len(sys.modules)})
        window.close()
        app.quit()

    _first_paint(window, done)
    window.show()
    app.exec()


def history(data_dir: str) -> None:
    """Start-up with whatever journal DATA_DIR holds: time until its newest rows are on screen."""
    from benchmarks.common import rss_mb

    app, window = _window(data_dir)
    loaded: dict[str, object] = {}

    def on_history(entries) -> None:
        loaded["rows"] = len(entries or ())
        _first_paint(window.log.table.viewport(), finish)
        window.log.table.viewport().update()

    def finish() -> None:
        _emit({"rows": loaded["rows"], "shown_rows": window.log.model.rowCount(), "rss_mb": rss_mb()})
        window.close()
        app.quit()

    window.controller.history_loaded.connect(on_history)
    window.show()
    app.exec()


class _Driver:
    """Clicks 'send' on the buy form each time the previous answer has arrived, like a fast trader."""

    def __init__(self, window, orders: int, on_answer=None, on_done=None) -> None:
        from PySide6.QtCore import QTimer

        self.window, self.left, self.answered = window, orders, 0
        self.on_answer, self.on_done = on_answer, on_done
        self.form = window.forms["kt10006"]
        window.tabs.setCurrentWidget(self.form)
        self.form.set_values({"stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000"})
        window.controller.order_done.connect(self._answered)
        QTimer.singleShot(0, self._click)

    def _click(self) -> None:
        from PySide6.QtCore import QTimer

        if not self.form.send_button.isEnabled():  # busy until the answer: retry on the next turn
            QTimer.singleShot(1, self._click)
            return
        self.left -= 1
        self.form.send_button.click()

    def _answered(self, done) -> None:
        from PySide6.QtCore import QTimer

        self.answered += 1
        if self.on_answer:
            self.on_answer(self.answered, done)
        if self.left > 0:
            QTimer.singleShot(0, self._click)
        elif self.on_done:
            QTimer.singleShot(0, self.on_done)


def responsiveness(data_dir: str, orders: int, latency_ms: float) -> None:
    from PySide6.QtCore import Qt, QTimer

    app, window, _host = _window_with_host(data_dir, latency_ms)  # answers arrive as fast as the host gives them
    window.show()
    ticks: list[float] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(5)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    outcomes: dict[str, int] = {}

    def on_answer(_: int, done) -> None:
        outcomes[done.result.outcome.value] = outcomes.get(done.result.outcome.value, 0) + 1

    def finish() -> None:
        probe.stop()
        gaps = [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False)]
        _emit({"gaps_ms": gaps, "outcomes": outcomes, "rows": window.log.model.rowCount()})
        window.close()
        app.quit()

    drivers = []  # keep the driver alive: Qt does not own a plain Python object

    def start() -> None:
        probe.start()
        drivers.append(_Driver(window, orders, on_answer, finish))

    # after start-up has settled, its one full collection included (the heap set aside a second after start:
    # 23 ms once, which was this figure's longest gap while the orders began at 300 ms)
    from kiwoom_gui.app import HEAP_SET_ASIDE_MS

    QTimer.singleShot(HEAP_SET_ASIDE_MS + 300, start)
    app.exec()


def _python_calls(action) -> list[str]:
    """The Python functions that run (on this thread) while ``action()`` runs: a paint should run none."""
    import os

    calls: list[str] = []

    def profile(frame, event, arg) -> None:
        if event == "call":
            code = frame.f_code
            calls.append(f"{os.path.basename(code.co_filename)}:{code.co_name}")

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls


_BODY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000", "trde_tp": "0"}
_HEADERS = {"Content-Type": "application/json;charset=UTF-8", "authorization": "Bearer ****", "api-id": "kt10006"}


def _answered_row(i: int, answer: dict | None = None):
    from kiwoom_gui.host.answers import Outcome
    from kiwoom_gui.records.journal import JournalEntry, now_iso
    from kiwoom_gui.ui.log.log_model import row_from_journal

    msg = "신용 매수주문이 완료되었습니다."
    ord_no = f"{i + 1:07d}"
    answer = answer or {"ord_no": ord_no, "dmst_stex_tp": "KRX", "return_code": 0, "return_msg": msg}
    entry = JournalEntry(
        i + 1, now_iso(), "simulator", "kt10006", {**_BODY, "ord_qty": str(i % 90 + 1)}, _HEADERS,
        Outcome.ACCEPTED, 200, 0, None, msg, ord_no, 0.8, "주문이 접수되었습니다.", answer,
    )  # fmt: skip
    return row_from_journal(entry)


def _scroller(window):
    """The coalesced scroll where the log has one; a direct scrollToBottom otherwise (older code)."""
    return getattr(window.log, "scroll_to_bottom_soon", window.log.table.scrollToBottom)


def log(rows: int, data_dir: str) -> None:
    """Append answered rows one at a time. The view catches up every 100 rows, as Qt coalesces updates
    that arrive faster than it paints; 200 rows before and after with a full repaint after each one."""
    from benchmarks.common import rss_mb

    app, window = _window(data_dir)
    window.show()
    app.processEvents()
    scroll = _scroller(window)

    def append(i: int) -> None:
        window.log.model.append(_answered_row(i))
        scroll()

    def painted(first: int) -> float:
        started = time.perf_counter()
        for i in range(first, first + 200):
            append(i)
            app.processEvents()
        return (time.perf_counter() - started) * 1000 / 200

    painted_first = painted(0)  # with an almost empty log
    start_rss = rss_mb()
    started = time.perf_counter()
    for i in range(200, 200 + rows):
        append(i)
        if i % 100 == 99:
            app.processEvents()
    app.processEvents()
    per_row = (time.perf_counter() - started) * 1000 / rows
    growth = rss_mb() - start_rss
    painted_last = painted(200 + rows)
    calls = _python_calls(window.log.table.viewport().repaint)
    _emit(
        {
            "per_row_ms": per_row,
            "rss_growth_mb": growth,
            "painted_first_ms": painted_first,
            "painted_last_ms": painted_last,
            "rows": window.log.model.rowCount(),
            "python_calls_per_repaint": len(calls),
            "python_calls_named": sorted(set(calls)),
        }
    )
    window.close()


def detail(kilobytes: int, data_dir: str) -> None:
    """Select a row whose answer holds one string of ``kilobytes`` KB: time until its detail is painted,
    then the time to copy its JSON."""
    app, window = _window(data_dir)
    window.show()
    app.processEvents()
    window.log.model.append(_answered_row(0, {"return_code": 0, "text": "응답" * (kilobytes * 500)}))
    app.processEvents()
    started = time.perf_counter()
    window.log.table.selectRow(window.log.table.model().rowCount() - 1)
    window.log.detail.viewport().repaint()
    app.processEvents()
    shown = time.perf_counter() - started
    started = time.perf_counter()
    copied = window.log.copy_selected()
    copy = time.perf_counter() - started
    _emit(
        {
            "shown_ms": shown * 1000,
            "copy_ms": copy * 1000,
            "detail_chars": len(window.log.detail.toPlainText()),
            "copied_chars": len(copied),
        }
    )
    window.close()


def first(data_dir: str, later: int) -> None:
    """--demo: click to answer-in-the-log for the first order of the session, then for ``later`` more.
    The first click comes 1 s after the first paint (a trader fills the form first); orders 250 ms apart
    (under the simulator's and the client's 5 a second)."""
    from PySide6.QtCore import QTimer

    app, window = _window(data_dir)
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    form.set_values({"stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000"})
    times: list[float] = []

    def run() -> None:
        for i in range(1 + later):
            _idle(1000 if i == 0 else 250)
            started = time.perf_counter()
            form.send_button.click()
            done = _wait_signal(window.controller.order_done)
            times.append((time.perf_counter() - started) * 1000)
            if not done.result.ord_no:
                raise RuntimeError(done.result.message)
        _emit({"first_ms": times[0], "later_ms": times[1:]})
        window.close()
        app.quit()

    _first_paint(window, lambda: QTimer.singleShot(0, run))
    window.show()
    app.exec()


def soak(data_dir: str, orders: int, warmup: int) -> None:
    import gc

    from benchmarks.common import rss_mb
    from kiwoom_gui.records.journal import Journal

    app, window, _host = _window_with_host(data_dir)
    window.show()
    marks: dict[str, float] = {}
    accepted: set[str] = set()  # the host numbers orders 0000001, 0000002, …: distinct numbers = orders placed

    def on_answer(n: int, done) -> None:
        if done.result.ord_no:
            accepted.add(done.result.ord_no)
        if n == warmup:
            gc.collect()
            marks["after_warmup"] = rss_mb()

    def finish() -> None:
        gc.collect()
        marks["end"] = rss_mb()
        sent = len(accepted)
        rows = window.log.model.rowCount()
        window.close()  # stops the worker and closes the journal
        journal = Journal(window.data_dir / "journal.sqlite3")
        _emit({**marks, "sent": sent, "journal_rows": journal.count(), "log_rows": rows})
        journal.close()
        app.quit()

    from PySide6.QtCore import QTimer

    drivers = []  # keep the driver alive: Qt does not own a plain Python object
    QTimer.singleShot(300, lambda: drivers.append(_Driver(window, orders, on_answer, finish)))
    app.exec()



if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "startup":
        startup(args[0], args[1])
    elif mode == "history":
        history(args[0])
    elif mode == "responsiveness":
        responsiveness(args[0], int(args[1]), float(args[2]))
    elif mode == "log":
        log(int(args[0]), args[1])
    elif mode == "detail":
        detail(int(args[0]), args[1])
    elif mode == "first":
        first(args[0], int(args[1]))
    elif mode == "soak":
        soak(args[0], int(args[1]), int(args[2]))
    else:
        raise SystemExit(__doc__)
