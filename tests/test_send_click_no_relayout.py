"""Send: the click that hands an order to the API thread lays nothing out again (issue 18, click-to-wire).

The button says 전송 중… while its order is on the way. Set with ``setText`` that is a geometry change: the form,
the tabs and the central widget were laid out again and the whole window repainted — 2–3 ms of the GUI thread
on the two cores the API thread needs at that moment to journal and post the order. The button now paints its
busy text in its own area: the same words (``text()``, the accessible name) and no layout request anywhere.
Real window (offscreen), a recording loopback host that holds the answer until the test has looked.
"""

from __future__ import annotations

import threading
import time

import pytest
from gui_helpers import fill
from hostile_host import HostileHost, order_answer, token_answer
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from kiwoom_gui.app import create_main_window

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "2580"}


class _LayoutRequests(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []
        self.last = time.monotonic()

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LayoutRequest:
            self.seen.append(obj.objectName() or type(obj).__name__)
            self.last = time.monotonic()
        return False

    def quiet_for(self, seconds: float) -> bool:
        return time.monotonic() - self.last >= seconds


def test_send_click_says_sending_without_laying_the_window_out_again(qtbot, tmp_path, demo_keys):
    release = threading.Event()

    def script(r):
        if r.path == "/oauth2/token":
            yield token_answer()
        else:
            release.wait(10)  # the answer waits until the test has looked at the busy button
            yield order_answer("kt10006", "0000001")

    with HostileHost(script) as host:
        w = create_main_window(["--env", "mock", "--base-url", host.url, "--data-dir", str(tmp_path)])
        w.confirm = lambda *a: pytest.fail("no confirmation expected in mock")
        qtbot.addWidget(w)
        w.show()
        form = w.forms["kt10006"]
        try:
            fill(w, "kt10006", BUY)
            qtbot.waitUntil(form.send_button.isEnabled)
            idle_text = form.send_button.text()
            watch = _LayoutRequests()
            QApplication.instance().installEventFilter(watch)
            try:
                # start-up and the fill's own work (the stock's lookup, the log's history) are over
                qtbot.waitUntil(lambda: watch.quiet_for(0.5), timeout=10000)
                watch.seen.clear()
                form.send_button.click()
                qtbot.waitUntil(lambda: any(r.path == "/api/dostk/crdordr" for r in host.requests), timeout=10000)
                qtbot.wait(50)  # whatever the click posted has been handled
            finally:
                QApplication.instance().removeEventFilter(watch)
            assert form.busy and not form.send_button.isEnabled()
            assert watch.seen == [], watch.seen  # before: the form, its tabs and the central widget, each time
            assert form.send_button.text() == "전송 중…"
            assert form.send_button.accessibleName() == "전송 중…"  # what a screen reader says, as shown
        finally:
            release.set()
            qtbot.waitUntil(lambda: not form.busy, timeout=15000)
            assert form.send_button.text() == idle_text
            w.close()
