"""Hostile review 7 (the integrated main): 주문 착오 방지 judges the distance from the ladder's live price (0B).
After the live connection dropped and came back, the last trade heard BEFORE the drop was again taken as the
live price — minutes old, with every trade of the gap missed — by the precautions and by ``lastPrice`` (shown as
live), until the next 0B: a price far from the market now but near the old trade passes unasked.

Real window; a recording host on 127.0.0.1 (the lookup and the snapshot fail: only the live price speaks); a
hostile WebSocket host pushing 0B, then dropping the connection.
"""

from __future__ import annotations

from hostile_host import HostileHost
from hostile_ws import HostileWS, market, trade_values
from test_gui_account_hostile import Host, empty

RECONNECT = {"backoff_s": (0.2,), "idle_timeout_s": 30.0}


def test_the_trade_before_a_drop_is_not_the_live_price_after_it(qtbot, window_with, demo_keys, shipped_precautions):
    ws = HostileWS().start()
    try:
        with HostileHost(Host(empty)) as http:
            options = ("--env", "mock", "--base-url", http.url, "--ws-url", ws.url)
            w = window_with(*options, live_options=RECONNECT, orders_per_second=0)
            qtbot.waitUntil(lambda: w.live.state == "connected" and ws.logged_in.is_set(), timeout=8000)
            w.tabs.setCurrentWidget(w.forms["kt10006"])
            w.forms["kt10006"].set_values({"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1"})
            qtbot.waitUntil(lambda: w.market.item == "005930", timeout=5000)
            ws.push(market("0B", "005930", trade_values(70000, 0)))
            qtbot.waitUntil(lambda: w.precautions.live_price("005930") == 70000, timeout=5000)

            sessions = len(ws.sessions)
            for conn in list(ws.sessions):
                conn.close()  # the connection drops; the window reconnects by itself
            qtbot.waitUntil(lambda: w.live.state != "connected", timeout=5000)
            qtbot.waitUntil(lambda: w.live.state == "connected" and len(ws.sessions) >= sessions, timeout=8000)

            assert w.precautions.live_price("005930") is None, "the trade before the drop is taken as live"
            assert "70,000" not in w.market.last_price.text(), w.market.last_price.text()
        assert http.orders() == []
    finally:
        ws.stop()
