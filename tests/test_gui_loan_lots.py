"""Issue 19, loan lots: the 신용잔고 tab (``loanLots``) from ka10085 (+ kt00005 where offered), kept current by
this account's 04 events, and ``sellSelectedLot`` filling 신용매도 with that lot's loan date exactly as sent and
its 청산가능수량 as the most the form may sell.

Through the real window: a recording hostile HTTP host answering in the spec's shapes (ka10085, kt00005 — or the
mock host's RC9000 refusal) and a hostile WebSocket host pushing 04 events.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from hostile_host import HostileHost, reply
from hostile_ws import HostileWS, real
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QPushButton
from test_attack4_account_unknown import FAST, MINE, OTHER, _live
from test_gui_account_hostile import Host, empty, page

from kiwoom_gui.base.kst import kst_today

NOT_OFFERED = "모의투자에서는 제공되지 않습니다"


def day(offset: int) -> str:
    return (kst_today() + dt.timedelta(days=offset)).strftime("%Y%m%d")


SOON, LATER = day(-147), day(-30)  # loan dates; expiries 3 and 120 days ahead (KST)


def lot(code: str, loan: str, expiry: str, able: str = "100", qty: str = "100", **extra: str) -> dict[str, str]:
    row = {
        "dt": "", "stk_cd": code, "stk_nm": "종목" + code[-2:], "cur_prc": "+72000", "pur_pric": "71000",
        "pur_amt": "7100000", "rmnd_qty": qty, "tdy_sel_pl": "0", "tdy_trde_cmsn": "0", "tdy_trde_tax": "0",
        "crd_tp": "03", "loan_dt": loan, "setl_remn": qty, "clrn_alow_qty": able, "crd_amt": "3550000",
        "crd_int": "12000", "expr_dt": expiry,
    }  # fmt: skip
    row.update(extra)
    return row


CASH = lot("005930", "00000000", "00000000", crd_tp="00", crd_amt="0", crd_int="0")  # not a loan: not listed
LOTS = [
    lot("005930", SOON, day(3)),
    lot("000660", LATER, day(120), able="40"),
    lot("035420", "20261399", day(100)),  # an impossible loan date: shown, marked, never sold from
    lot("051910", LATER, day(90), able="-5"),  # an impossible quantity: shown, marked, no limit from it
    CASH,
]


def refused(api_id: str) -> bytes:
    """The mock host's answer to a query it does not offer."""
    body = {"return_code": 20, "return_msg": "모의투자에서는 해당업무가 제공되지 않습니다.[RC9000]"}
    return reply(200, body, {"api-id": api_id})


def kt00005(*rows: dict) -> bytes:
    body = {"crd_grnt_rt": "0.00", "stk_cntr_remn": list(rows), "return_code": 0, "return_msg": "조회 완료"}
    return reply(200, body, {"api-id": "kt00005", "cont-yn": "N", "next-key": ""})


def remn(code: str, loan: str, prft: str, rate: str) -> dict[str, str]:
    return {
        "crd_tp": "03", "loan_dt": loan, "expr_dt": "", "stk_cd": "A" + code, "stk_nm": "종목",
        "setl_remn": "000000000100", "cur_qty": "000000000100", "cur_prc": "000000072000", "buy_uv": "000000071000",
        "pur_amt": "000007100000", "evlt_amt": "000007200000", "evltv_prft": prft, "pl_rt": rate,
    }  # fmt: skip


def column(view, key: str) -> int:
    return [k for k, _ in view.columns].index(key)


def cell(view, row: int, key: str) -> str:
    return view.texts_of(row)[column(view, key)]


def row_of(view, code: str) -> int:
    return next(i for i, r in enumerate(view.rows()) if r.stk_cd == code)


def test_mock_lots_marks_and_the_sell_they_fill(qtbot, window_with, demo_keys):
    def queries(r):
        api_id = r.headers["api-id"]
        if api_id == "ka10085":
            return [page("ka10085", "acnt_prft_rt", LOTS)]
        if api_id == "kt00005":
            return [refused(api_id)]
        return empty(r)

    with HostileHost(Host(queries)) as http:
        window = window_with("--env", "mock", "--base-url", http.url, orders_per_second=0)
        window.refresh_account()
        panel = window.account
        lots = panel.views["loan_lots"]
        assert isinstance(window.findChild(QAbstractItemView, "loanLots"), QAbstractItemView)
        sell = window.findChild(QPushButton, "sellSelectedLot")
        qtbot.waitUntil(lambda: len(lots.rows()) == 4 and window.account_number == MINE and lots.complete, timeout=8000)

        # one request per refresh, with the spec's body; kt00005 was asked once and its place says why not
        asked = [r for r in http.requests if r.headers.get("api-id") == "ka10085"]
        # (the start's refresh and refresh_account() may both ask, on a busy machine)
        assert asked and {(r.path, json.dumps(r.json())) for r in asked} == {("/api/dostk/acnt", '{"stex_tp": "0"}')}
        assert cell(lots, row_of(lots, "005930"), "evltv_prft") == NOT_OFFERED
        assert cell(lots, row_of(lots, "005930"), "pl_rt") == NOT_OFFERED

        # the tab and the count name the lot expiring within 7 days (settings' default)
        assert lots.expiringCount() == 1
        assert panel.tabText(panel.indexOf(lots)) == "신용잔고 (만기 임박 1)"
        assert "D-3" in cell(lots, row_of(lots, "005930"), "_days_left")
        assert "D-120" in cell(lots, row_of(lots, "000660"), "_days_left")

        # impossible figures are shown as sent and marked
        bad_date, bad_qty = row_of(lots, "035420"), row_of(lots, "051910")
        assert "20261399" in cell(lots, bad_date, "loan_dt") and "⚠" in cell(lots, bad_date, "loan_dt")
        assert "-5" in cell(lots, bad_qty, "clrn_alow_qty") and "⚠" in cell(lots, bad_qty, "clrn_alow_qty")

        # a malformed 대출일 is never sold from
        lots.table.selectRow(bad_date)
        assert not sell.isEnabled() and "대출일" in sell.toolTip()

        # the good lot fills 신용매도 exactly and limits the quantity to its 청산가능수량
        lots.table.selectRow(row_of(lots, "000660"))
        qtbot.waitUntil(sell.isEnabled, timeout=3000)
        sell.click()
        form = window.forms["kt10007"]
        assert window.tabs.currentWidget() is form
        values = form.raw_values()
        assert (values["stk_cd"], values["crd_deal_tp"], values["crd_loan_dt"]) == ("000660", "33", LATER)
        form.set_values({"ord_qty": "41", "ord_uv": "72000"})
        qtbot.waitUntil(lambda: "청산가능수량" in form.error_labels["ord_qty"].text(), timeout=3000)
        assert "40주" in form.error_labels["ord_qty"].text()
        assert not form.send_button.isEnabled()
        form.set_values({"crd_loan_dt": SOON})  # another loan date: the lot's limit no longer holds
        qtbot.waitUntil(lambda: form.error_labels["ord_qty"].text() == "", timeout=3000)

        # the bad-quantity lot may be used, but no limit comes from -5
        lots.table.selectRow(bad_qty)
        qtbot.waitUntil(sell.isEnabled, timeout=3000)
        sell.click()
        form.set_values({"ord_qty": "1", "ord_uv": "72000"})
        assert form.error_labels["ord_qty"].text() == ""
        assert "-5" in form.editors["ord_qty"].placeholderText() + form.editors["ord_qty"].toolTip()

        # F5: the lots again, kt00005 not again (asked once per session)
        window.refresh_account()
        qtbot.waitUntil(lambda: len([r for r in http.requests if r.headers.get("api-id") == "ka10085"]) == 2)
        qtbot.waitUntil(lambda: lots.complete and lots.fetched_at is not None, timeout=5000)
        assert len([r for r in http.requests if r.headers.get("api-id") == "kt00005"]) == 1
        assert http.orders() == []


def balance(account: str, able: str, **fids: str) -> dict[str, str]:
    values = {
        "9201": account, "9001": "A000660", "302": "종목60", "917": "03", "916": LATER, "930": "100", "933": able,
        "931": "71000", "10": "+73000", "8019": "2.81", "957": "3550000", "958": "12000", "918": day(120),
    }  # fmt: skip
    values.update(fids)
    return values


def test_kt00005_figures_colours_and_live_04_keep_the_lot_current(qtbot, window_with, demo_keys):
    def queries(r):
        api_id = r.headers["api-id"]
        if api_id == "ka10085":
            return [page("ka10085", "acnt_prft_rt", LOTS[:2])]
        if api_id == "kt00005" and r.json().get("dmst_stex_tp") == "KRX":
            loss = remn("005930", SOON, "-00000100000", "-1.4085")
            gain = remn("000660", LATER, "000000100000", "1.4085")
            return [kt00005(loss, gain)]
        if api_id == "kt00005":
            return [kt00005()]
        return empty(r)

    ws = HostileWS().start()
    try:
        with HostileHost(Host(queries)) as http:
            options = ("--env", "mock", "--base-url", http.url, "--ws-url", ws.url)
            window = window_with(*options, live_options=FAST, orders_per_second=0)
            window.refresh_account()
            lots = window.account.views["loan_lots"]
            qtbot.waitUntil(
                lambda: _live(window, ws) and window.account_number == MINE and len(lots.rows()) == 2, timeout=8000
            )
            up, down = row_of(lots, "000660"), row_of(lots, "005930")
            assert cell(lots, up, "evltv_prft") == "100,000" and cell(lots, down, "evltv_prft") == "-100,000"
            model = lots.model
            red = model.index(up, column(lots, "pl_rt")).data(Qt.ItemDataRole.ForegroundRole)
            blue = model.index(down, column(lots, "pl_rt")).data(Qt.ItemDataRole.ForegroundRole)
            assert red is not None and blue is not None
            assert red.color().red() > red.color().blue() and blue.color().blue() > blue.color().red()

            lots.table.selectRow(up)
            sell = window.findChild(QPushButton, "sellSelectedLot")
            qtbot.waitUntil(sell.isEnabled, timeout=3000)
            sell.click()
            form = window.forms["kt10007"]
            form.set_values({"ord_qty": "30", "ord_uv": "72000"})
            assert form.error_labels["ord_qty"].text() == ""

            # this account's 04: 신용금액, 이자, 만기, 청산가능수량 move; the limit follows the lot
            ws.push(real(balance(MINE, "20", **{"957": "3000000", "958": "15500", "918": day(5)}), kind="04"))
            qtbot.waitUntil(lambda: lots.rows()[row_of(lots, "000660")].value("clrn_alow_qty") == 20, timeout=5000)
            i = row_of(lots, "000660")
            assert cell(lots, i, "crd_amt") == "3,000,000" and cell(lots, i, "crd_int") == "15,500"
            assert "D-5" in cell(lots, i, "_days_left")
            assert lots.expiringCount() == 2
            assert window.account.tabText(window.account.indexOf(lots)) == "신용잔고 (만기 임박 2)"
            assert "20주" in form.error_labels["ord_qty"].text(), form.error_labels["ord_qty"].text()
            assert not form.send_button.isEnabled()

            # another account's 04 changes nothing (the one after it, this account's, shows it was judged)
            ws.push(real(balance(OTHER, "10", **{"957": "1"}), kind="04"))
            ws.push(real(balance(MINE, "20", **{"957": "3000000", "958": "15600", "918": day(5)}), kind="04"))
            qtbot.waitUntil(lambda: cell(lots, row_of(lots, "000660"), "crd_int") == "15,600", timeout=5000)
            assert lots.rows()[row_of(lots, "000660")].value("clrn_alow_qty") == 20
            assert cell(lots, row_of(lots, "000660"), "crd_amt") == "3,000,000"

            # 최대 on 신용매도 follows the lot's limit as live events move it, not only as the form is edited
            sell_max = form.findChild(QPushButton, "maxQuantity")
            qtbot.waitUntil(sell_max.isEnabled, timeout=3000)
            ws.push(real(balance(MINE, "0", **{"957": "3000000", "958": "15600", "918": day(5)}), kind="04"))
            qtbot.waitUntil(lambda: lots.rows()[row_of(lots, "000660")].value("clrn_alow_qty") == 0, timeout=5000)
            qtbot.waitUntil(lambda: not sell_max.isEnabled(), timeout=3000)
        assert http.orders() == []
    finally:
        ws.stop()


def test_expiry_warn_days_setting(tmp_path):
    from PySide6.QtCore import QSettings

    from kiwoom_gui.ui.loans.loan_lots_view import expiry_warn_days

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert expiry_warn_days(settings) == 7  # the default, not written
    for value, days in (("3", 3), ("0", 0), ("abc", 7), ("-1", 7), ("400", 7)):
        settings.setValue("credit/expiry_warn_days", value)
        assert expiry_warn_days(settings) == days, value


def test_d_n_and_the_count_roll_over_at_kst_midnight_without_a_refresh(qtbot, window_with, demo_keys):
    def queries(r):
        api_id = r.headers["api-id"]
        if api_id == "ka10085":
            return [page("ka10085", "acnt_prft_rt", LOTS)]
        if api_id == "kt00005":
            return [refused(api_id)]
        return empty(r)

    with HostileHost(Host(queries)) as http:
        window = window_with("--env", "mock", "--base-url", http.url, orders_per_second=0)
        window.refresh_account()
        lots = window.account.views["loan_lots"]
        qtbot.waitUntil(lambda: len(lots.rows()) == 4 and lots.complete, timeout=8000)
        assert "D-120" in cell(lots, row_of(lots, "000660"), "_days_left") and lots.expiringCount() == 1
        asked = len(http.requests)
        # a paint asks each cell whether its row is near 만기: a kept set, no row built and no date parsed per cell
        window.account.setCurrentWidget(lots)
        calls: list[str] = []

        def watch(frame, event, arg):  # noqa: ANN001
            if event == "call" and frame.f_code.co_name in ("is_expiring", "as_pair", "days_left"):
                calls.append(frame.f_code.co_name)

        sys.setprofile(watch)
        try:
            lots.table.viewport().repaint()
        finally:
            sys.setprofile(None)
        assert calls == [], f"{len(calls)} calls while painting"
        # the window stays open past midnight, then 115 more days: no query, and the day's figures follow
        lots.today = lambda: kst_today() + dt.timedelta(days=115)
        lots.roll_day()
        assert "D-5" in cell(lots, row_of(lots, "000660"), "_days_left")
        assert lots.expiringCount() == 4  # 000660 at D-5; the three others past 만기
        assert lots._midnight.isActive() and 0 < lots._midnight.remainingTime() <= 24 * 3600 * 1000
        assert len(http.requests) == asked
