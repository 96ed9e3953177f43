"""Hostile review 7 (the integrated main): one stock bought on credit the same day on KRX and on NXT is two
positions with the same (종목, 대출일) — kt00018 asked per venue lists one under KRX and one under NXT (the
project's simulator does exactly this on ``--demo``: 005930 ×10 on KRX and ×3 on NXT give two 잔고 rows).

The 잔고 tab and the sell limit keyed a position by (종목, 대출일) alone:
- 신용매도에 사용 from the NXT row limits 신용매도 (NXT) to its 10 — after the next refresh the limit follows the
  KRX row's 100 (the first row of that key): the form shows "매매가능수량 100주" and passes 60 on NXT;
- a 04 (it names no venue) of that stock and loan date was written into whichever row came last — the NXT row
  shows the KRX position's figure (or the other way round): a lie, in the table and in the limit.

Real window; a recording host on 127.0.0.1 answering kt00018 per venue; a hostile WebSocket host pushing 04.
"""

from __future__ import annotations

from hostile_host import HostileHost
from hostile_ws import HostileWS, real
from test_attack4_account_unknown import FAST, MINE, _live
from test_attack_account_position import position
from test_gui_account_hostile import Host, empty, page

LOAN = "20250102"
LIST = "acnt_evlt_remn_indv_tot"


def queries(r):
    if r.headers["api-id"] == "kt00018":
        venue = r.json().get("dmst_stex_tp")
        able = {"KRX": "000000000100", "NXT": "000000000010"}[venue]
        rows = [position("A005930", LOAN, able)]
        if venue == "KRX":
            rows.append(position("A000660", LOAN, "000000000050"))
        return [page("kt00018", LIST, rows)]
    return empty(r)


def balance(code: str, able: str, qty: str = "100") -> dict[str, str]:
    return {
        "9201": MINE, "9001": "A" + code, "302": "종목", "917": "03", "916": LOAN, "930": qty, "933": able,
        "931": "71000", "10": "71000", "8019": "0.00",
    }  # fmt: skip


def _pairs(view) -> list[tuple[str, str, object]]:
    return [(venue, row.stk_cd, row.value("trde_able_qty")) for row, venue in view.row_pairs()]


def test_the_sell_limit_and_04_keep_to_the_positions_venue(qtbot, window_with, demo_keys):
    ws = HostileWS().start()
    try:
        with HostileHost(Host(queries)) as http:
            options = ("--env", "mock", "--base-url", http.url, "--ws-url", ws.url)
            window = window_with(*options, live_options=FAST, orders_per_second=0)
            window.refresh_account()
            view = window.account.views["positions"]
            qtbot.waitUntil(
                lambda: _live(window, ws) and window.account_number == MINE and len(view.rows()) == 3
                and view.complete, timeout=8000)  # fmt: skip
            nxt = next(i for i, (venue, code, _) in enumerate(_pairs(view)) if (venue, code) == ("NXT", "005930"))
            view.table.selectRow(nxt)
            window.account.update_actions()
            assert window.account.sell_button.isEnabled(), window.account.sell_button.toolTip()
            window.account.sell_button.click()
            form = window.forms["kt10007"]
            assert form.raw_values()["dmst_stex_tp"] == "NXT"
            assert "10주" in form.editors["ord_qty"].placeholderText()
            form.set_values({"ord_qty": "60", "ord_uv": "71000"})
            qtbot.waitUntil(lambda: "10주" in form.error_labels["ord_qty"].text(), timeout=3000)

            # F5: the same lists again — the NXT position still has 10 to sell
            with qtbot.waitSignal(view.changed, timeout=8000):  # the whole list is shown again
                window.refresh_account()
            assert len(view.rows()) == 3 and view.complete
            assert "10주" in form.editors["ord_qty"].placeholderText(), form.editors["ord_qty"].placeholderText()
            assert "10주" in form.error_labels["ord_qty"].text(), "the NXT sell took the KRX position's limit"
            assert not form.send_button.isEnabled()

            # a 04 of (005930, LOAN) names no venue: it is no figure of the NXT row (nor of the KRX one) by guess
            ws.push(real(balance("005930", "60"), kind="04"))
            ws.push(real(balance("000660", "45"), kind="04"))  # after it, unambiguous: shows the batch was applied
            qtbot.waitUntil(lambda: ("KRX", "000660", 45) in _pairs(view), timeout=5000)
            shown = _pairs(view)
            assert ("NXT", "005930", 60) not in shown and ("KRX", "005930", 60) not in shown, shown
            assert "60" not in form.editors["ord_qty"].placeholderText()
        assert http.orders() == []
    finally:
        ws.stop()
