"""Hostile review (issue 11): 신용매도에 사용 from a position whose 매매가능수량 is not a number must not
keep showing (and checking against) the 매매가능수량 of the position used before it."""

from __future__ import annotations

from hostile_host import HostileHost
from test_gui_account_hostile import Host, account_window, empty, page  # noqa: F401

assert account_window


def position(stk_cd: str, loan_dt: str, able: str) -> dict:
    return {
        "stk_cd": stk_cd, "stk_nm": "종목", "evltv_prft": "0", "prft_rt": "0.00", "pur_pric": "000000071000",
        "pred_close_pric": "71000", "rmnd_qty": "000000000100", "trde_able_qty": able, "cur_prc": "71000",
        "pred_buyq": "0", "pred_sellq": "0", "tdy_buyq": "0", "tdy_sellq": "0", "pur_amt": "7100000",
        "pur_cmsn": "0", "evlt_amt": "7100000", "sell_cmsn": "0", "tax": "0", "sum_cmsn": "0", "poss_rt": "1.00",
        "crd_tp": "03", "crd_tp_nm": "유융", "crd_loan_dt": loan_dt,
    }


def test_an_unreadable_sellable_quantity_does_not_inherit_the_previous_positions_limit(qtbot, account_window):  # noqa: F811
    rows = [position("A005930", "20250102", "000000000100"), position("A005930", "20250203", "1O")]

    def queries(r):
        if r.headers["api-id"] == "kt00018" and r.json().get("dmst_stex_tp") == "KRX":
            return [page("kt00018", "acnt_evlt_remn_indv_tot", rows)]
        return empty(r)

    with HostileHost(Host(queries)) as host:
        w = account_window(host)
        view = w.account.views["positions"]
        qtbot.waitUntil(lambda: len(view.rows()) == 2)
        form = w.forms["kt10007"]
        view.table.selectRow(0)
        w.account.sell_button.click()
        assert "100" in form.editors["ord_qty"].placeholderText()
        view.table.selectRow(1)  # same stock, another loan date, 매매가능수량 "1O"
        w.account.sell_button.click()
        assert form.raw_values()["crd_loan_dt"] == "20250203"
        # the note beside the quantity is about this position, not the one before it
        assert "100주" not in form.editors["ord_qty"].placeholderText(), form.editors["ord_qty"].placeholderText()
        assert host.orders() == []
