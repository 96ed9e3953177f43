"""Attack: an order sent while 토큰 발급 (from the credentials dialog) waits for a slow host.

Issue 10 item 5: an order queued behind a slow request says so in its row ("앞 주문의 응답을 기다리는 중").
The window counts only orders as "in flight", so an order queued behind a slow token request gets no row
at all until the token answer comes (up to the request deadline): the log shows nothing, the tab says
전송 중…. Real window (offscreen), the real dialog, a recording loopback host.
"""

from __future__ import annotations

import threading

import pytest
from gui_helpers import fill, rows
from hostile_host import HostileHost, order_answer, token_answer

from kiwoom_gui.app import create_main_window
from kiwoom_gui.records.log_rows import WAITING_MESSAGE

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "2580"}


def test_order_behind_a_slow_token_issue_shows_a_waiting_row(qtbot, tmp_path, demo_keys):
    release = threading.Event()

    def script(r):
        if r.path == "/oauth2/token":
            release.wait(10)  # the token answer is held until the test has looked at the log
            yield token_answer()
        else:
            yield order_answer("kt10006", "0000001")

    with HostileHost(script) as host:
        w = create_main_window(
            ["--env", "mock", "--base-url", host.url, "--data-dir", str(tmp_path)], timeouts=(2.0, 5.0)
        )
        w.confirm = lambda *a: pytest.fail("no confirmation expected in mock")
        qtbot.addWidget(w)
        w.show()
        try:
            dialog = w.open_credentials()
            qtbot.waitUntil(lambda: "확인 중" not in dialog.status.text() and "처리 중" not in dialog.status.text())
            dialog.buttons["issue"].click()
            qtbot.waitUntil(lambda: any(r.path == "/oauth2/token" for r in host.requests))
            fill(w, "kt10006", BUY)
            w.forms["kt10006"].request_send()
            assert w.forms["kt10006"].busy
            # the token request is still on the wire: the order waits behind it, and its row must say so
            qtbot.waitUntil(lambda: bool(rows(w)), timeout=5000)
            assert not any(r.path == "/api/dostk/crdordr" for r in host.requests)
            assert rows(w)[-1].message == WAITING_MESSAGE, rows(w)
        finally:
            release.set()
            qtbot.waitUntil(lambda: not w.forms["kt10006"].busy, timeout=15000)
            dialog.close()
            w.close()
