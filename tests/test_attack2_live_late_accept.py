"""Hostile review 2 (issue 13, the live_since rule of AccountTasks.live_accepted): "the connection has been
logged in since before the order's intent: then its own 접수 cannot have been missed, and an identical order
placed later elsewhere cannot pass for it". Not missed — but not come *yet*: an order is of unknown outcome
precisely when the host is slow, and a slow host places it after the answer timed out. An identical order
placed meanwhile from 영웅문 is accepted first; its 접수 is taken for ours, and our journal row gets the other
order's number (a later 정정/취소 "of ours" would act on that order). Ours is placed a moment later.

Through the real window and the simulator on 127.0.0.1 (its per-request latency holds our order at the host
past the window's read timeout; kt00007 fails, so only the event can answer).
"""

from __future__ import annotations

from gui_helpers import fill, rows, send, wait_answered

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.client import KiwoomClient

FAST = {"backoff_s": (0.1, 0.2), "idle_timeout_s": 10.0}


def test_a_slow_hosts_late_order_is_not_credited_with_an_identical_order_placed_meanwhile(
    qtbot, window_with, live_sim, demo_keys
):
    options = ("--env", "mock", "--base-url", live_sim.base_url, "--ws-url", live_sim.ws_url)
    window = window_with(*options, live_options=FAST, timeouts=(3.0, 1.0))
    qtbot.waitUntil(lambda: window.live.state == "connected", timeout=8000)
    body = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "2", "ord_uv": "60,000", "trde_tp": "0"}
    fill(window, "kt10006", body)
    form = window.forms["kt10006"]
    qtbot.waitUntil(lambda: form.instrument is not None and form.send_button.isEnabled(), timeout=8000)
    qtbot.wait(1500)  # the refreshes after connecting are over
    live_sim.inject("http500", api_id="kt00007", count=60)  # the list cannot answer: only events can
    live_sim.set_latency(2.5)  # the host is slow: our order waits there past the 1 s read timeout
    send(qtbot, window, "kt10006")
    (row,) = wait_answered(qtbot, window, 1)
    assert row.outcome is Outcome.UNKNOWN, row.message
    live_sim.set_latency(0.0)
    # meanwhile the same order is placed from 영웅문 (same account, same stock, side, quantity and price)
    with KiwoomClient("mock", base_url=live_sim.base_url, orders_per_second=0) as client:
        client.tokens.set_pasted(live_sim.issue_token_for_tests())
        other = client.send_order("kt10006", dict(row.request_body))
    assert other.ord_no
    # ... and then the host gets round to ours
    qtbot.waitUntil(lambda: len(live_sim.book.orders()) >= 2, timeout=8000)
    ours = [o.ord_no for o in live_sim.book.orders() if o.ord_no != other.ord_no]
    assert ours, "our order was placed by the host too"
    qtbot.wait(1500)  # both 접수 events have reached the window
    now = rows(window)[0]
    assert now.ord_no != other.ord_no, (
        f"our order was credited with {other.ord_no}, the order placed from elsewhere (ours is {ours[0]})"
    )
    assert len(live_sim.order_requests()) == 2
