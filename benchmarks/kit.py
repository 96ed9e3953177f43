"""What the benchmarks' GUI children share: the window as the app builds it, a simulator host in its own
process, waiting on the event loop, the probe that times its gaps, and the one-line JSON result."""

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


def _accepted_click(window, form) -> float:  # noqa: ANN001 (a MainWindow and one of its forms)
    """Click ``form``'s Send and wait for its answer, which must be accepted; returns perf_counter() at the click."""
    if not form.send_button.isEnabled():
        raise RuntimeError("send button is off")
    started = time.perf_counter()
    form.send_button.click()
    done = _wait_signal(window.controller.order_done)
    if not done.result.ord_no:
        raise RuntimeError(done.result.message)
    return started


def _loaded_at_start(window, queries: _Queries) -> None:  # noqa: ANN001 (a MainWindow)
    """Wait until start-up has loaded every account tab once and no refresh runs."""
    deadline = time.perf_counter() + 30
    while any(v.fetched_at is None for v in window.account.views.values()):
        if time.perf_counter() > deadline:
            raise RuntimeError("the account tabs were never loaded at start")
        _idle(20)
    queries.wait_quiet()
