"""The GUI side of the benchmarks, one measurement per process (offscreen), result as a JSON line.

python -m benchmarks.gui_child startup bare|app DATA_DIR
python -m benchmarks.gui_child history DATA_DIR
python -m benchmarks.gui_child responsiveness DATA_DIR ORDERS LATENCY_MS
python -m benchmarks.gui_child log ROWS DATA_DIR
python -m benchmarks.gui_child soak DATA_DIR ORDERS WARMUP
"""

from __future__ import annotations

import sys
import time


def _emit(result: dict) -> None:
    import json

    print(json.dumps(result), flush=True)


def _first_paint(widget, then) -> None:
    """Call ``then()`` once ``widget`` has painted for the first time: 'shown' as the user sees it."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Watcher(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                widget.removeEventFilter(self)
                QTimer.singleShot(0, then)  # after this paint has finished
            return False

    watcher = Watcher(widget)
    widget.installEventFilter(watcher)


def startup(kind: str, data_dir: str) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    if kind == "bare":
        window = QMainWindow()
        window.resize(1180, 860)
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


def _window(data_dir: str, *options: str, **kwargs):
    from PySide6.QtWidgets import QApplication

    from kiwoom_gui.app import create_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    return app, create_main_window([*(options or ("--demo",)), "--data-dir", data_dir], **kwargs)


def _window_with_host(data_dir: str, latency_ms: float = 0.0):
    """The window, unthrottled, against a simulator in its own process, as a real host would be:
    the host's threads do not share this process's GIL or memory."""
    import atexit
    import subprocess

    import keyring
    import keyring.backends.fail

    from kiwoom_gui.payloads import CredentialCommand
    from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY

    host = subprocess.Popen(
        [sys.executable, "-m", "kiwoom_gui.simulator", "--latency-ms", str(latency_ms)],
        stdout=subprocess.PIPE,
        text=True,
    )
    atexit.register(host.terminate)
    url = host.stdout.readline().split()[-1] if host.stdout else ""
    keyring.set_keyring(keyring.backends.fail.Keyring())  # never the user's keyring: keys stay in memory
    app, window = _window(data_dir, "--env", "mock", "--base-url", url, orders_per_second=0)
    window.controller.credentials(CredentialCommand(window.target(), "save_keys", DEMO_APPKEY, DEMO_SECRETKEY))
    return app, window


def history(data_dir: str) -> None:
    """Start-up with whatever journal DATA_DIR holds: time until its newest rows are on screen."""
    from benchmarks.common import rss_mb

    app, window = _window(data_dir)
    loaded: dict[str, object] = {}

    def on_history(entries) -> None:
        loaded["rows"] = len(entries)
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
        self.form.set_values({"stk_cd": "005930", "ord_qty": "1", "ord_uv": "2580"})
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

    app, window = _window_with_host(data_dir, latency_ms)  # answers arrive as fast as the host gives them
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

    QTimer.singleShot(300, start)  # after start-up has settled
    app.exec()


def log(rows: int, data_dir: str) -> None:
    """Append answered rows one at a time. The view catches up every 100 rows, as Qt coalesces updates
    that arrive faster than it paints; 200 rows before and after with a full repaint after each one."""
    from benchmarks.common import rss_mb
    from kiwoom_gui.answers import Outcome
    from kiwoom_gui.journal import JournalEntry, now_iso
    from kiwoom_gui.ui.log_model import row_from_journal

    app, window = _window(data_dir)
    window.show()
    app.processEvents()
    body = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "10", "ord_uv": "2580", "trde_tp": "0"}
    headers = {"Content-Type": "application/json;charset=UTF-8", "authorization": "Bearer ****", "api-id": "kt10006"}
    msg = "신용 매수주문이 완료되었습니다."

    def append(i: int) -> None:
        ord_no = f"{i + 1:07d}"
        answer = {"ord_no": ord_no, "dmst_stex_tp": "KRX", "return_code": 0, "return_msg": msg}
        entry = JournalEntry(
            i + 1, now_iso(), "simulator", "kt10006", {**body, "ord_qty": str(i % 90 + 1)}, headers,
            Outcome.ACCEPTED, 200, 0, None, msg, ord_no, 0.8, "주문이 접수되었습니다.", answer,
        )  # fmt: skip
        window.log.model.append(row_from_journal(entry))
        window.log.table.scrollToBottom()

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
    _emit(
        {
            "per_row_ms": per_row,
            "rss_growth_mb": growth,
            "painted_first_ms": painted_first,
            "painted_last_ms": painted_last,
            "rows": window.log.model.rowCount(),
        }
    )
    window.close()


def soak(data_dir: str, orders: int, warmup: int) -> None:
    import gc

    from benchmarks.common import rss_mb
    from kiwoom_gui.journal import Journal

    app, window = _window_with_host(data_dir)
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
    elif mode == "soak":
        soak(args[0], int(args[1]), int(args[2]))
    else:
        raise SystemExit(__doc__)
