"""Hostile review (#13): an event must change the log row of *its* order only.

00 events carry the account (9201) and the stock (9001); the window knows its account (ka00001) and each
log row's stock. An event for order number N of another account, for another stock, still writes its
체결 text into the log row of this account's order N (matched by number, env, host and day only) and
announces a fill in the status bar: the trader reads "체결 5/5" on an order that is still open.
"""

from __future__ import annotations

from gui_helpers import fill, rows, send, wait_answered
from hostile_ws import HostileWS, order_values, real

FAST = {"backoff_s": (5.0,), "idle_timeout_s": 30.0}


def test_a_fill_of_another_accounts_order_with_the_same_number_leaves_this_orders_log_row(
    qtbot, window_with, simulator, demo_keys
):
    host = HostileWS().start()
    try:
        window = window_with("--env", "mock", "--base-url", simulator.base_url, "--ws-url", host.url, live_options=FAST)
        window.refresh_account()
        qtbot.waitUntil(lambda: window.live.state == "connected", timeout=8000)
        qtbot.waitUntil(lambda: window.account_number is not None, timeout=5000)
        mine = window.account_number
        fill(
            window,
            "kt10006",
            {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "5", "ord_uv": "60,000", "trde_tp": "0"},
        )
        form = window.forms["kt10006"]
        qtbot.waitUntil(lambda: form.send_button.isEnabled(), timeout=5000)
        send(qtbot, window, "kt10006")
        (row,) = wait_answered(qtbot, window, 1)
        ord_no = row.ord_no
        assert ord_no and row.fill == ""
        other = "9999999999" if mine != "9999999999" else "8888888888"
        foreign = order_values(
            ord_no,
            f9201=other,
            f9001="000660",
            f302="SK하이닉스",
            f913="체결",
            f900="5",
            f901="200000",
            f902="0",
            f903="1000000",
            f909="1",
            f910="200000",
            f911="5",
        )
        host.push(real(foreign))
        qtbot.waitUntil(lambda: window.live.events_applied >= 1, timeout=5000)
        qtbot.wait(200)
        after = next(r for r in rows(window) if r.id == row.id)
        assert after.fill == "", f"another account's fill was written on this order's log row: {after.fill!r}"
    finally:
        host.stop()
