"""Hostile review (#13): a live 접수 event must resolve an order of unknown outcome only when it *is* that order.

The order's answer is lost (the simulator placed it, then dropped the connection) and today's list cannot be
read (kt00007 answers 500), so only the live path can judge. The live host then pushes a 접수 of a **정정**
(a new number whose 원주문 is another order, 905 "+매수정정") with the same stock, quantity and price — a
modify the trader made in 영웅문. A modify is not the new order the ticket sent; resolving the ticket's
order with the modify's number makes the log show a wrong 주문번호 (and the 미체결 row the trader would then
cancel as "that order" is another one).
"""

from __future__ import annotations

import datetime as dt

from gui_helpers import fill, rows, send, wait_answered
from hostile_ws import HostileWS, order_values, real

from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome

FAST = {"backoff_s": (5.0,), "idle_timeout_s": 30.0}


def test_a_modify_accept_event_does_not_resolve_an_unknown_new_order(qtbot, window_with, simulator, demo_keys):
    host = HostileWS().start()
    try:
        window = window_with("--env", "mock", "--base-url", simulator.base_url, "--ws-url", host.url, live_options=FAST)
        window.refresh_account()
        qtbot.waitUntil(lambda: window.live.state == "connected", timeout=8000)
        simulator.inject("http500", api_id="kt00007", count=60)  # the query path cannot look
        simulator.inject("answer_lost")
        fill(
            window,
            "kt10006",
            {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "2", "ord_uv": "60,000", "trde_tp": "0"},
        )
        form = window.forms["kt10006"]
        qtbot.waitUntil(lambda: form.send_button.isEnabled(), timeout=5000)
        send(qtbot, window, "kt10006")
        (row,) = wait_answered(qtbot, window, 1)
        assert row.outcome is Outcome.UNKNOWN
        placed = [o.ord_no for o in simulator.book.orders()]
        assert len(placed) == 1 and "7654321" not in placed
        qtbot.wait(300)
        now = (dt.datetime.now(KST) + dt.timedelta(seconds=2)).strftime("%H%M%S")
        modify = order_values(
            "7654321", f904="1111111", f905="+매수정정", f900="2", f901="60000", f902="2", f908=now, f922="03"
        )
        host.push(real(modify))
        qtbot.waitUntil(lambda: window.live.events_applied >= 1, timeout=5000)
        qtbot.wait(1500)  # the API thread has judged the event
        after = rows(window)[0]
        assert after.ord_no != "7654321", f"the unknown new order was resolved with a 정정's number: {after}"
        assert after.outcome is Outcome.UNKNOWN
    finally:
        host.stop()
