"""Attack: "정정/취소에 사용" in one environment, then switch environment and send.

Issue 10 item 6: an order number may only be used in the environment and at the host it came from. The
check runs when the number is copied into the forms, but the forms keep it across an environment switch,
so the cancel still goes to the other host. Real window (offscreen), the window's own simulator, and a
recording loopback host standing in for a custom 모의투자 host (no confirmation there).
"""

from __future__ import annotations

import pytest
from gui_helpers import fill, send, wait_answered
from hostile_host import HostileHost, order_answer, token_answer

from kiwoom_gui.app import create_main_window
from kiwoom_gui.host.answers import Outcome

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}


def test_number_copied_in_the_simulator_is_not_sent_to_another_environment(qtbot, tmp_path, demo_keys):
    def script(r):
        return [token_answer()] if r.path == "/oauth2/token" else [order_answer(r.headers.get("api-id", ""), "0000999")]

    with HostileHost(script) as mock_host:
        w = create_main_window(["--env", "mock", "--base-url", mock_host.url, "--data-dir", str(tmp_path)])
        w.confirm = lambda *a: pytest.fail("no confirmation expected outside 실전")
        qtbot.addWidget(w)
        w.show()
        try:
            w.set_environment("simulator")
            fill(w, "kt10006", BUY)
            send(qtbot, w, "kt10006")
            (row,) = wait_answered(qtbot, w, 1)
            assert row.outcome is Outcome.ACCEPTED and row.env == "simulator"
            assert w.use_as_original(row)  # allowed: same environment, host and day
            simulator_number = row.ord_no

            w.set_environment("mock")  # the user switches; the cancel form still holds the simulator's number
            cancel = w.forms["kt10009"]
            fill(w, "kt10009", {"cncl_qty": "10"})
            if cancel.send_button.isEnabled():
                send(qtbot, w, "kt10009")
                wait_answered(qtbot, w, 2)
        finally:
            w.close()
    sent = [r.json() for r in mock_host.requests if r.path == "/api/dostk/crdordr"]
    # the 모의투자 host must never receive a cancel naming the simulator's order number
    assert not any(body.get("orig_ord_no") == simulator_number for body in sent), sent
