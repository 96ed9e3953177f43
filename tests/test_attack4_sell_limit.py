"""Issue 17, item 10 (first point): the sell form's 매매가능수량 limit is the position's as it was when
신용매도에 사용 was pressed; a later 04 event (933 주문가능수량) moves the 잔고 row but not the limit, so a
quantity the position can no longer cover passes the form.

Through the real window: a hostile HTTP host (a 융자 position of 100 sellable) and a hostile WebSocket host
pushing this account's 04 events.
"""

from __future__ import annotations

from hostile_host import HostileHost
from hostile_ws import HostileWS, real
from test_attack4_account_unknown import FAST, MINE, _live
from test_attack_account_position import position
from test_gui_account_hostile import Host, empty, page

LOAN = "20250102"


def balance(able: str, qty: str = "100") -> dict[str, str]:
    """This account's 04 for the position: ``able`` of it may be sold now."""
    return {
        "9201": MINE, "9001": "A005930", "302": "삼성전자", "917": "03", "916": LOAN, "930": qty, "933": able,
        "931": "71000", "10": "71000", "8019": "0.00",
    }


def _window(window_with, http: HostileHost, ws: HostileWS):
    options = ("--env", "mock", "--base-url", http.url, "--ws-url", ws.url)
    window = window_with(*options, live_options=FAST, orders_per_second=0)
    window.refresh_account()
    return window


def queries(r):
    if r.headers["api-id"] == "kt00018" and r.json().get("dmst_stex_tp") == "KRX":
        return [page("kt00018", "acnt_evlt_remn_indv_tot", [position("A005930", LOAN, "000000000100")])]
    return empty(r)


def test_a_later_balance_event_moves_the_sell_forms_sellable_limit(qtbot, window_with, demo_keys):
    ws = HostileWS().start()
    try:
        with HostileHost(Host(queries)) as http:
            window = _window(window_with, http, ws)
            view = window.account.views["positions"]
            qtbot.waitUntil(
                lambda: _live(window, ws) and window.account_number == MINE and len(view.rows()) == 1, timeout=8000
            )
            view.table.selectRow(0)
            window.account.sell_button.click()
            form = window.forms["kt10007"]
            assert "100주" in form.editors["ord_qty"].placeholderText()
            form.set_values({"ord_qty": "60", "ord_uv": "71000"})
            qtbot.waitUntil(lambda: form.error_labels["ord_qty"].text() == "", timeout=3000)

            ws.push(real(balance("40"), kind="04"))  # 60 of it were sold elsewhere (or are in a sell order)
            qtbot.waitUntil(lambda: view.rows()[0].value("trde_able_qty") == 40, timeout=5000)
            assert "40주" in form.editors["ord_qty"].placeholderText(), form.editors["ord_qty"].placeholderText()
            assert "40주" in form.error_labels["ord_qty"].text(), form.error_labels["ord_qty"].text()
            assert not form.send_button.isEnabled()

            ws.push(real(balance("70"), kind="04"))  # a sell order cancelled: more may be sold again
            qtbot.waitUntil(lambda: view.rows()[0].value("trde_able_qty") == 70, timeout=5000)
            assert form.error_labels["ord_qty"].text() == ""
            assert "70주" in form.editors["ord_qty"].placeholderText()

            ws.push(real(balance("0", qty="0"), kind="04"))  # none left: the row leaves
            qtbot.waitUntil(lambda: len(view.rows()) == 0, timeout=5000)
            assert "0주" in form.error_labels["ord_qty"].text(), form.error_labels["ord_qty"].text()
            assert not form.send_button.isEnabled()
        assert http.orders() == []
    finally:
        ws.stop()
