"""Hostile review 7 (the integrated main): the session table refuses a 매매구분 at the field — but a 0s that lands
while the confirmation is open, in the same turn as the user's OK, changed the session at once (Send reads the
state) while the form's judged body is only refreshed at the next painted frame. After the dialog the send flow
compared the body it showed with the form's *cached* body: NXT 애프터마켓 had begun, 시장가 is refused there
(407022) and the field says so a frame later — yet the order left.

Real window: the project's simulator for HTTP and a hostile WebSocket server on 127.0.0.1 (connected, so 0s
speaks); the clock judged as a host with its own clock (the KST clock refuses nothing)."""

from __future__ import annotations

from gui_helpers import fill
from hostile_ws import HostileWS
from test_gui_market_session import FAST, at, set_clock


def test_a_0s_landing_with_the_confirmations_ok_refuses_the_order(qtbot, window_with, simulator, demo_keys):
    ws = HostileWS().start()
    try:
        w = window_with("--env", "mock", "--base-url", simulator.base_url, "--ws-url", ws.url, live_options=FAST)
        qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
        set_clock(w, at(17, 0), host="custom")
        form = w.forms["kt10006"]
        fill(w, "kt10006", {"dmst_stex_tp": "NXT", "stk_cd": "005930", "ord_qty": "1", "trde_tp": "3", "ord_uv": ""})
        qtbot.waitUntil(lambda: form.instrument is not None, timeout=8000)
        assert form.error_labels["trde_tp"].text() == "" and form.send_button.isEnabled()
        w.confirm_action.setChecked(True)  # asked in every environment

        def ok_as_0s_lands(env, title, body):
            w.session.on_entry("0s", {"215": "U", "20": "170000"})  # NXT 애프터마켓 begins
            return True  # the user's OK, in the same turn

        w.confirm = ok_as_0s_lands
        form.request_send()
        qtbot.waitUntil(lambda: "407022" in form.error_labels["trde_tp"].text(), timeout=5000)
        qtbot.wait(300)
        assert simulator.order_requests() == [], "a 시장가 order left for NXT 애프터마켓, which refuses it"
        assert not form.busy
    finally:
        ws.stop()
