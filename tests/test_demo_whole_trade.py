"""``kiwoom-gui --demo`` shows a whole trade (issue 18): the built-in simulator runs its market, the account
starts with two 융자 positions with loan dates, the live connection is on — an order fills in parts, the position
grows, and a 융자 position can be sold from 잔고."""

from __future__ import annotations

import datetime as dt

from gui_helpers import fill, send, wait_answered

from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.simulator.demo import demo_data, loan_date


def _log_text(window, ord_no: str) -> str:
    model = window.log.table.model()
    for r in range(model.rowCount()):
        texts = [str(model.index(r, c).data()) for c in range(model.columnCount())]
        if ord_no in texts:
            return " | ".join(texts)
    return ""


def test_the_first_command_shows_a_fill_a_position_and_a_credit_sell(qtbot, window_with):
    w = window_with("--demo")
    today = dt.datetime.now(KST).date()
    positions = w.account.views["positions"]
    seeded = {(p["stk_cd"], loan_date(p["loan_days_ago"], today)): p["qty"] for p in demo_data()["positions"]}
    assert len(seeded) == 2
    qtbot.waitUntil(lambda: {(r.stk_cd, r.loan_dt) for r in positions.rows()} >= set(seeded), timeout=15000)
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=15000)

    fill(w, "kt10006", {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "10", "ord_uv": "", "trde_tp": "3"})
    qtbot.waitUntil(lambda: w.forms["kt10006"].send_button.isEnabled(), timeout=5000)
    send(qtbot, w, "kt10006")
    (row,) = wait_answered(qtbot, w, 1)
    assert row.outcome is Outcome.ACCEPTED and row.ord_no, row.message
    qtbot.waitUntil(lambda: "2/10" in _log_text(w, row.ord_no) or "5/10" in _log_text(w, row.ord_no), timeout=8000)
    qtbot.waitUntil(lambda: "10/10" in _log_text(w, row.ord_no), timeout=20000)  # the rest, step by step
    today_lot = ("005930", today.strftime("%Y%m%d"))
    qtbot.waitUntil(lambda: today_lot in {(r.stk_cd, r.loan_dt) for r in positions.rows()}, timeout=15000)

    old_lot = next(k for k in seeded if k[0] == "000660")
    (index,) = [i for i, r in enumerate(positions.rows()) if (r.stk_cd, r.loan_dt) == old_lot]
    positions.table.selectRow(index)
    assert w.account.sell_button.isEnabled(), w.account.sell_button.toolTip()
    w.account.sell_button.click()
    raw = w.forms["kt10007"].raw_values()
    assert (raw["stk_cd"], raw["crd_deal_tp"], raw["crd_loan_dt"]) == ("000660", "33", old_lot[1])
