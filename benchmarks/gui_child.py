"""The GUI side of the benchmarks, one measurement per process (offscreen), result as a JSON line.

python -m benchmarks.gui_child startup bare|app DATA_DIR
python -m benchmarks.gui_child history DATA_DIR
python -m benchmarks.gui_child responsiveness DATA_DIR ORDERS LATENCY_MS
python -m benchmarks.gui_child log ROWS DATA_DIR
python -m benchmarks.gui_child detail KILOBYTES DATA_DIR
python -m benchmarks.gui_child soak DATA_DIR ORDERS WARMUP
python -m benchmarks.gui_child wire DATA_DIR ORDERS ROUNDS
python -m benchmarks.gui_child first DATA_DIR LATER
python -m benchmarks.gui_child account_load DATA_DIR OPEN_ORDERS EXECUTIONS PAGE_SIZE
python -m benchmarks.gui_child account_wire DATA_DIR PAGE_SIZE CLICKS
python -m benchmarks.gui_child account_unknown DATA_DIR RUNS
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

    from kiwoom_gui.app import create_main_window, set_aside_heap_after_start

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from pathlib import Path

    settings = Path(data_dir) / "settings.ini"
    if not settings.exists():  # these figures send at 60,000 for a 71,000 stock: 주문 착오 방지 would ask first
        settings.write_text("[precautions]\nmax_percent_from_last=0\nmax_ticks_from_last=0\n", encoding="utf-8")
    window = create_main_window([*(options or ("--demo",)), "--data-dir", data_dir], **kwargs)
    set_aside_heap_after_start(window)  # as ``main`` does
    # a confirmation the window asks (a lookup not landed yet on a busy machine, a credit figure not known) is
    # the user's time, not the program's: answered yes at once. Offscreen its modal dialog would wait for ever.
    window.confirm = lambda *args: True
    # the response log shares its place with the account tabs: show it, as these figures are about it
    window.account.setCurrentWidget(window.log)
    return app, window


class Host:
    """``benchmarks.host`` in its own process: the simulator, noting when each request arrived."""

    def __init__(self, latency_ms: float = 0.0, page_size: int | None = None, query_latency_ms: float = 0.0) -> None:
        import atexit
        import subprocess

        from benchmarks.common import child_command

        extra = ("--page-size", str(page_size)) if page_size else ()
        extra += ("--query-latency-ms", str(query_latency_ms)) if query_latency_ms else ()
        command, env = child_command("host", str(latency_ms), *extra)
        self._process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        atexit.register(self.close)
        self.url = self._process.stdout.readline().strip() if self._process.stdout else ""
        if not self.url.startswith("http://127.0.0.1:"):
            raise RuntimeError(f"benchmarks.host did not start: {self.url!r}")

    def arrivals(self, path: str = "/api/dostk/crdordr") -> list[float]:
        """perf_counter() of each request to ``path`` that arrived since the last call."""
        import json

        assert self._process.stdin and self._process.stdout
        self._process.stdin.write("arrivals\n")
        self._process.stdin.flush()
        return [t for t, p in json.loads(self._process.stdout.readline()) if p == path]

    def command(self, line: str) -> str:
        """Send one stdin command (``seed …``, ``inject …``) and return the host's one-line answer."""
        assert self._process.stdin and self._process.stdout
        self._process.stdin.write(line + "\n")
        self._process.stdin.flush()
        return self._process.stdout.readline().strip()

    def close(self) -> None:
        if self._process.poll() is None:
            if self._process.stdin:
                self._process.stdin.close()  # EOF: the host stops
            try:
                self._process.wait(timeout=5)
            except Exception:
                self._process.terminate()


def _window_with_host(data_dir: str, latency_ms: float = 0.0):
    """The window, unthrottled, against a simulator in its own process, as a real host would be:
    the host's threads do not share this process's GIL or memory."""
    import keyring
    import keyring.backends.fail

    from kiwoom_gui.base.payloads import CredentialCommand
    from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY

    host = Host(latency_ms)
    keyring.set_keyring(keyring.backends.fail.Keyring())  # never the user's keyring: keys stay in memory
    app, window = _window(data_dir, "--env", "mock", "--base-url", host.url, orders_per_second=0)
    window.controller.credentials(CredentialCommand(window.target(), "save_keys", DEMO_APPKEY, DEMO_SECRETKEY))
    return app, window, host


def _wait_signal(signal, timeout_ms: int = 10_000) -> object:
    """Run the event loop until ``signal`` fires (as pytest-qt's waitSignal does); return its argument."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    got: list[object] = []

    def on_signal(*args: object) -> None:
        got.append(args[0] if args else None)
        loop.quit()

    signal.connect(on_signal)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(on_signal)
    if not got:
        raise RuntimeError("timed out waiting for a signal")
    return got[0]


def _idle(ms: int) -> None:
    """Let the event loop run for ``ms`` (repaints and deferred work happen, as between a trader's clicks)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


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

    QTimer.singleShot(300, start)  # after start-up has settled
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


def _floor_sender(data_dir: str, url: str):
    """What one order cannot do without: one fsync'd SQLite insert (WAL, synchronous=FULL, the journal's own
    schema) and one POST on a kept-alive ``http.client`` connection. Returns send() -> click time."""
    import http.client
    import json
    import sqlite3
    from pathlib import Path
    from urllib.parse import urlsplit

    from kiwoom_gui.records.journal import Journal
    from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY

    path = Path(data_dir) / "floor.sqlite3"
    Journal(path).close()  # the app's schema
    db = sqlite3.connect(str(path), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    keys = json.dumps({"grant_type": "client_credentials", "appkey": DEMO_APPKEY, "secretkey": DEMO_SECRETKEY})
    conn.request("POST", "/oauth2/token", body=keys, headers={"Content-Type": "application/json;charset=UTF-8"})
    token = json.loads(conn.getresponse().read())["token"]
    body = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0", "cond_uv": ""}
    payload = json.dumps(body).encode()
    masked = json.dumps({"api-id": "kt10006", "authorization": "Bearer ****"})
    headers = {
        "Content-Type": "application/json;charset=UTF-8",
        "authorization": f"Bearer {token}",
        "api-id": "kt10006",
        "cont-yn": "N",
        "next-key": "",
    }

    def send() -> float:
        started = time.perf_counter()
        db.execute(
            "INSERT INTO orders (created_at, env, api_id, request_body, request_headers) VALUES (?,?,?,?,?)",
            ("2026-11-24T09:00:00.000+09:00", "mock", "kt10006", payload.decode(), masked),
        )
        conn.request("POST", "/api/dostk/crdordr", body=payload, headers=headers)
        answer = json.loads(conn.getresponse().read())  # read, so the connection stays usable
        assert answer["return_code"] == 0, answer
        return started

    return send


def wire(data_dir: str, orders: int, rounds: int) -> None:
    """Click-to-wire: from the Send click to the order's arrival at the host, through the real window,
    against the floor (``_floor_sender``), round by round in this one process."""
    app, window, host = _window_with_host(data_dir)
    window.show()
    _idle(500)  # start-up's deferred work (journal, imports) is over, as before a trader's first click
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    form.set_values({"stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000"})
    floor_send = _floor_sender(data_dir, host.url)

    def click() -> float:
        if not form.send_button.isEnabled():
            raise RuntimeError("send button is off")
        started = time.perf_counter()
        form.send_button.click()
        _wait_signal(window.controller.order_done)
        return started

    for _ in range(5):  # warm-up: token issue, first connection, first journal write; not counted
        click()
        floor_send()
        _idle(20)
    host.arrivals()
    ours: list[float] = []
    floor: list[float] = []
    per_round = max(1, orders // rounds)
    for _ in range(rounds):
        for sender, times in ((click, ours), (floor_send, floor)):
            clicked = []
            for _ in range(per_round):
                clicked.append(sender())
                _idle(20)  # an idle window between orders: the repaint after an answer is done
            arrived = host.arrivals()
            if len(arrived) != len(clicked):
                raise RuntimeError(f"{len(clicked)} orders sent, {len(arrived)} arrived")
            times.extend((a - c) * 1000 for c, a in zip(clicked, arrived, strict=True))
    _emit({"ours_ms": ours, "floor_ms": floor})
    window.close()
    host.close()


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


# --- the account beside the ticket (issue 11) ------------------------------------------------------------
def _window_with_account_host(data_dir: str, page_size: int | None = None, timeouts=None):  # noqa: ANN001
    """The window against a simulator in its own process, as ``--demo --base-url``: demo keys in memory,
    orders unthrottled (0), account queries paced as the simulator environment is (5 a second per api-id,
    the 실전 limit)."""
    import keyring
    import keyring.backends.fail

    host = Host(0.0, page_size)
    keyring.set_keyring(keyring.backends.fail.Keyring())  # never the user's keyring
    app, window = _window(data_dir, "--demo", "--base-url", host.url, orders_per_second=0, timeouts=timeouts)
    return app, window, host


class _Queries:
    """Which account views are being refreshed now: from the window's refresh request to its QueryDone.
    (A refresh asked for while one runs is answered by the running one: one QueryDone.)"""

    def __init__(self, window) -> None:
        self.window = window
        self.running: set[str] = set()
        self.done: list[object] = []
        refresh = window.controller.refresh

        def observed(request) -> None:
            self.running.add(request.view)
            refresh(request)

        window.controller.refresh = observed  # an observer around the public method; it still refreshes
        window.controller.query_done.connect(self._done)

    def _done(self, done) -> None:
        self.running.discard(done.view)
        self.done.append(done)

    def quiet(self) -> bool:
        """No refresh running and none about to start (the one after an answered order waits on a timer), and
        every tab's rows shown (a big list lands slice by slice)."""
        timer = self.window.sending.refresh_timer
        arriving = any(getattr(v, "arriving", False) for v in self.window.account.views.values())
        return not self.running and not arriving and not (timer is not None and timer.isActive())

    def wait_quiet(self, timeout_s: float = 60) -> None:
        deadline = time.perf_counter() + timeout_s
        while not self.quiet():
            if time.perf_counter() > deadline:
                raise RuntimeError(f"account refresh still running: {sorted(self.running)}")
            _idle(10)


def _probe():
    """A 5 ms precise timer noting when it fires: the gaps between ticks are the event loop's stalls."""
    from PySide6.QtCore import Qt, QTimer

    ticks: list[float] = []
    probe = QTimer()
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(5)
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    return probe, ticks


def _gaps(ticks: list[float]) -> list[float]:
    return [(b - a) * 1000 for a, b in zip(ticks, ticks[1:], strict=False)]


def _gui_steps() -> list[float]:
    """Wall time (ms) of each step the GUI thread takes to show account rows: a tab taking a refresh, and
    (where the tab shows a list slice by slice) each slice. What is left of a stall beyond the longest step is
    the GIL held by the API thread (its garbage collections, its JSON decoding), not the tab's own work."""
    from kiwoom_gui.ui.account.account_panel import AccountPanel
    from kiwoom_gui.ui.account.account_view import AccountView

    steps: list[float] = []

    def timed(cls, name: str) -> None:
        method = getattr(cls, name, None)
        if method is None:
            return

        def step(self, *args, **kwargs):
            started = time.perf_counter()
            try:
                return method(self, *args, **kwargs)
            finally:
                steps.append((time.perf_counter() - started) * 1000)

        setattr(cls, name, step)  # this child's own copy of the class: before any tab connects to it

    timed(AccountPanel, "show_result")
    timed(AccountView, "_next_slice")
    return steps


def account_load(data_dir: str, open_orders: int, executions: int, page_size: int) -> None:
    """OPEN_ORDERS resting orders and OPEN_ORDERS + EXECUTIONS rows of today's orders load into the account
    tabs (first into empty tabs, then a refresh over them), the 주문·체결 tab on screen: the event loop's
    longest stall while they load, the GUI thread's longest step of showing them, and the time from the
    refresh to the last tab filled."""
    steps = _gui_steps()
    app, window, host = _window_with_account_host(data_dir, page_size)
    queries = _Queries(window)
    window.account.setCurrentWidget(window.account.views["executions"])  # the biggest list, painted
    window.show()
    deadline = time.perf_counter() + 30
    while any(v.fetched_at is None for v in window.account.views.values()):  # start-up's load of an empty book
        if time.perf_counter() > deadline:
            raise RuntimeError("the account tabs were never loaded at start")
        _idle(20)
    queries.wait_quiet()
    _idle(300)
    if host.command(f"seed {open_orders} {executions}") != "ok":
        raise RuntimeError("host did not seed")
    result: dict[str, object] = {}
    # the same window idle for a second, side by side: on a shared machine the probe alone shows gaps
    probe, ticks = _probe()
    probe.start()
    _idle(1000)
    probe.stop()
    result["idle_gaps_ms"] = _gaps(ticks)
    for label in ("first", "again"):
        probe, ticks = _probe()
        probe.start()
        _idle(50)  # a few ticks before the refresh: the gap that holds the click is counted
        steps.clear()
        started = time.perf_counter()
        window.refresh_account()
        queries.wait_quiet()
        loaded = time.perf_counter() - started
        _idle(50)  # the paint after the last fill
        probe.stop()
        views = window.account.views
        result[label] = {
            "gaps_ms": _gaps(ticks),
            "gui_step_ms": max(steps, default=0.0),
            "load_ms": loaded * 1000,
            "open_orders": len(views["open_orders"].rows()),
            "executions": len(views["executions"].rows()),
            "complete": all(v.complete for v in views.values()),
            "pages": {d.view: d.pages for d in queries.done[-len(views) :]},  # one QueryDone a tab
        }
        _idle(300)
    _emit(result)
    window.close()
    host.close()


def account_wire(data_dir: str, page_size: int, clicks: int) -> None:
    """Click-to-wire while a ten-page query runs (kt00007 at PAGE_SIZE rows a page) against the same with
    every refresh over, click by click in turn. A click with a query comes at a spread moment of the
    refresh (so it meets a page in flight as often as chance has it). Also counts the account requests
    that reached the host between each click and its order (orders first: at most the one in flight)."""
    import json
    import random

    app, window, host = _window_with_account_host(data_dir, page_size)
    queries = _Queries(window)
    window.show()
    deadline = time.perf_counter() + 30
    while any(v.fetched_at is None for v in window.account.views.values()):
        if time.perf_counter() > deadline:
            raise RuntimeError("the account tabs were never loaded at start")
        _idle(20)
    queries.wait_quiet()
    # ten pages of kt00007 while fewer than PAGE_SIZE orders are added: 9 full pages and one row
    if host.command(f"seed 1 {9 * page_size}") != "ok":
        raise RuntimeError("host did not seed")
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    form.set_values({"stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000"})
    rng = random.Random(11)

    def click(with_query: bool) -> tuple[float, bool]:
        queries.wait_quiet()
        _idle(30)
        running = False
        if with_query:
            window.refresh_account()
            _idle(rng.randrange(20, 1500))  # somewhere in the ten pages (5 a second: ~1.8 s)
            running = "executions" in queries.running
        if not form.send_button.isEnabled():
            raise RuntimeError("send button is off")
        started = time.perf_counter()
        form.send_button.click()
        done = _wait_signal(window.controller.order_done)
        if not done.result.ord_no:
            raise RuntimeError(done.result.message)
        return started, running

    for _ in range(2):  # warm-up: token, first connection, first journal write; not counted
        click(False)
    queries.wait_quiet()
    host.arrivals()
    times: dict[str, list[float]] = {"query": [], "idle": []}
    overtaken: list[int] = []  # account requests that arrived between a click (with a query) and its order
    missed = 0  # clicks meant to meet the query that came after it had ended: not counted
    for i in range(2 * clicks):
        with_query = i % 2 == 0
        started, running = click(with_query)
        queries.wait_quiet()
        seen = json.loads(host.command("arrivals"))
        orders = [t for t, p in seen if p == "/api/dostk/crdordr"]
        if len(orders) != 1:
            raise RuntimeError(f"one order sent, {len(orders)} arrived")
        if with_query and not running:
            missed += 1
            continue
        times["query" if with_query else "idle"].append((orders[0] - started) * 1000)
        if with_query:
            overtaken.append(sum(1 for t, p in seen if p == "/api/dostk/acnt" and started < t < orders[0]))
    pages = max((d.pages for d in queries.done if d.view == "executions"), default=0)
    _emit({**{f"{k}_ms": v for k, v in times.items()}, "overtaken": overtaken, "missed": missed, "pages": pages})
    window.close()
    host.close()


def account_unknown(data_dir: str, runs: int) -> None:
    """The host places the order and drops the connection (``answer_lost``): from the 확인 필요 answer
    to the log row's outcome 접수 확인 (found in kt00007, never resent), RUNS times."""
    import json

    from kiwoom_gui.host.answers import Outcome

    # a 4 s request deadline (1 s connect + 3 s read): the settle time is 6 s after the click
    app, window, host = _window_with_account_host(data_dir, timeouts=(1.0, 3.0))
    queries = _Queries(window)
    window.show()
    deadline = time.perf_counter() + 30
    while any(v.fetched_at is None for v in window.account.views.values()):
        if time.perf_counter() > deadline:
            raise RuntimeError("the account tabs were never loaded at start")
        _idle(20)
    queries.wait_quiet()
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    # noted by slots connected after the window's own: the log row has been updated when they run (and a
    # resolution that arrives in the same turn as the answer is not missed)
    answered: dict[int, float] = {}
    resolved: dict[int, tuple[float, object]] = {}
    window.controller.order_done.connect(lambda d: answered.setdefault(d.journal_id, time.perf_counter()))

    def on_resolved(r) -> None:
        # answered for the user: credited on proof, or — a fast host, whose whole-second 주문시간 cannot show
        # the order came after the click — offered as a candidate the user may confirm (issue 17)
        row = next((x for x in window.log.model.rows() if x.id == r.journal_id), None)
        if row is not None and (row.outcome is Outcome.CONFIRMED or r.candidates):
            resolved.setdefault(r.journal_id, (time.perf_counter(), r))

    window.controller.order_resolved.connect(on_resolved)
    resolved_ms: list[float] = []
    host.arrivals()
    for i in range(runs):
        queries.wait_quiet()
        _idle(300)
        form.set_values({"stk_cd": "005930", "ord_qty": str(i + 1), "ord_uv": "60000"})  # each order its own
        if host.command("inject answer_lost") != "ok":
            raise RuntimeError("host did not take the fault")
        form.send_button.click()
        done = _wait_signal(window.controller.order_done)
        if done.result.outcome is not Outcome.UNKNOWN:
            raise RuntimeError(f"expected 확인 필요, got {done.result.outcome}")
        deadline = time.perf_counter() + 40  # the search's last try is at 30 s
        while done.journal_id not in resolved:
            if time.perf_counter() > deadline:
                raise RuntimeError("the unknown order was neither confirmed nor offered as a candidate")
            _idle(5)
        resolved_ms.append((resolved[done.journal_id][0] - answered[done.journal_id]) * 1000)
    posts = [p for _, p in json.loads(host.command("arrivals")) if p == "/api/dostk/crdordr"]
    _emit({"resolved_ms": resolved_ms, "order_posts": len(posts), "runs": runs})
    window.close()
    host.close()


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
    elif mode == "wire":
        wire(args[0], int(args[1]), int(args[2]))
    elif mode == "first":
        first(args[0], int(args[1]))
    elif mode == "soak":
        soak(args[0], int(args[1]), int(args[2]))
    elif mode == "account_load":
        account_load(args[0], int(args[1]), int(args[2]), int(args[3]))
    elif mode == "account_wire":
        account_wire(args[0], int(args[1]), int(args[2]))
    elif mode == "account_unknown":
        account_unknown(args[0], int(args[1]))
    else:
        raise SystemExit(__doc__)
