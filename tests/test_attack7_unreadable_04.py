"""Hostile review 7 (the integrated main): a 04 whose 933 주문가능수량 cannot be read ("-5", "abc") — the 신용잔고 tab
takes it as sent and marks it (its 청산가능수량 limit says it cannot read it), but the 잔고 tab kept the previous
매매가능수량 under its "실시간 반영" time, and the 신용매도 limit taken from 잔고 kept holding that old figure:
the two tabs disagree about one (종목, 대출일), and the 잔고 one is a figure the broker no longer says.

Real window; a recording host on 127.0.0.1 (kt00018 and ka10085 list the same 융자); a hostile WebSocket host.
"""

from __future__ import annotations

from hostile_host import HostileHost
from hostile_ws import HostileWS, real
from test_attack4_account_unknown import FAST, MINE, _live
from test_attack_account_position import position
from test_gui_account_hostile import Host, empty, page
from test_gui_loan_lots import LATER, balance, day, lot


def queries(r):
    api_id = r.headers["api-id"]
    if api_id == "kt00018" and r.json().get("dmst_stex_tp") == "KRX":
        return [page("kt00018", "acnt_evlt_remn_indv_tot", [position("A000660", LATER, "000000000100")])]
    if api_id == "ka10085":
        return [page("ka10085", "acnt_prft_rt", [lot("000660", LATER, day(120), able="100")])]
    return empty(r)


def test_an_unreadable_933_is_not_read_as_the_old_sellable_quantity(qtbot, window_with, demo_keys):
    ws = HostileWS().start()
    try:
        with HostileHost(Host(queries)) as http:
            options = ("--env", "mock", "--base-url", http.url, "--ws-url", ws.url)
            window = window_with(*options, live_options=FAST, orders_per_second=0)
            window.refresh_account()
            positions, lots = window.account.views["positions"], window.account.views["loan_lots"]
            qtbot.waitUntil(lambda: _live(window, ws) and window.account_number == MINE and len(positions.rows()) == 1
                            and len(lots.rows()) == 1 and positions.complete, timeout=8000)  # fmt: skip
            positions.table.selectRow(0)
            window.account.update_actions()
            window.account.sell_button.click()
            form = window.forms["kt10007"]
            assert "100주" in form.editors["ord_qty"].placeholderText()

            for bad in ("-5", "abc"):
                ws.push(real(balance(MINE, bad), kind="04"))
                qtbot.waitUntil(lambda bad=bad: lots.rows()[0].cell("clrn_alow_qty").raw == bad, timeout=5000)
                assert lots.rows()[0].value("clrn_alow_qty") is None  # 신용잔고: shown as sent, marked, no limit
                shown = positions.rows()[0].cell("trde_able_qty")
                assert shown.raw == bad, f"잔고 still says {shown.text} after the broker sent {bad!r}"
                assert "100주" not in form.editors["ord_qty"].placeholderText(), "the sell limit kept the old 100"
                form.set_values({"ord_qty": "100", "ord_uv": "72000"})
                assert "100주" not in form.error_labels["ord_qty"].text()
        assert http.orders() == []
    finally:
        ws.stop()
