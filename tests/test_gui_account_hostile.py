"""The account tabs against a scripted host (issue 11): orders go first while a paged query runs, a 429 on
a query is retried, a failed page keeps the last good list and says why, a cash order cannot be modified
with the credit orders, and nothing shown comes from another environment."""

from __future__ import annotations

import threading

import pytest
from gui_helpers import fill, send, wait_answered
from hostile_host import HostileHost, order_answer, reply, token_answer
from PySide6.QtWidgets import QAbstractItemView, QLabel, QPushButton

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "2580"}


def open_order(ord_no: str, io_tp_nm: str = "+매수신용", oso_qty: str = "10", stex: str = "1", sor: str = "N") -> dict:
    return {
        "acnt_no": "1234567890", "ord_no": ord_no, "mang_empno": "", "stk_cd": "005930", "tsk_tp": "",
        "ord_stt": "접수", "stk_nm": "삼성전자", "ord_qty": "10", "ord_pric": "71000", "oso_qty": oso_qty,
        "cntr_tot_amt": "0", "orig_ord_no": "0000000", "io_tp_nm": io_tp_nm, "trde_tp": "보통", "tm": "093001",
        "cntr_no": "", "cntr_pric": "0", "cntr_qty": "0", "cur_prc": "+71000", "sel_bid": "0", "buy_bid": "0",
        "unit_cntr_pric": "", "unit_cntr_qty": "", "tdy_trde_cmsn": "0", "tdy_trde_tax": "0", "ind_invsr": "",
        "stex_tp": stex, "stex_tp_txt": {"1": "KRX", "2": "NXT"}.get(stex, "통합"), "sor_yn": sor, "stop_pric": "",
    }


def page(api_id: str, list_key: str, items: list[dict], next_key: str = "") -> bytes:
    headers = {"api-id": api_id, "cont-yn": "Y" if next_key else "N", "next-key": next_key}
    return reply(200, {list_key: items, "return_code": 0, "return_msg": "조회가 완료되었습니다"}, headers)


class Host:
    """Answers tokens and orders; account queries from ``queries`` (a function of the request)."""

    def __init__(self, queries) -> None:
        self.queries = queries
        self.numbers = iter(range(1, 10_000))

    def __call__(self, r):
        if r.path == "/oauth2/token":
            return [token_answer()]
        if r.path == "/api/dostk/crdordr":
            return [order_answer(r.headers["api-id"], f"{next(self.numbers):07d}")]
        return self.queries(r)


def empty(r):
    list_key = {"ka10075": "oso", "kt00007": "acnt_ord_cntr_prps_dtl", "kt00018": "acnt_evlt_remn_indv_tot",
                "ka10085": "acnt_prft_rt", "kt00005": "stk_cntr_remn"}
    api_id = r.headers["api-id"]
    if api_id == "ka00001":
        return [reply(200, {"acctNo": "1234567890", "return_code": 0, "return_msg": ""}, {"api-id": api_id})]
    if r.path == "/api/dostk/stkinfo":  # the stock lookup (ka10001/ka10100): a failed one leaves the form usable
        return [reply(500, b"<html>no quotes here</html>", {"api-id": api_id})]
    if api_id not in list_key:  # another query (the credit desk's kt00001): a refusal, as a host without it
        return [reply(200, {"return_code": 2, "return_msg": "조회 없음"}, {"api-id": api_id})]
    return [page(api_id, list_key[api_id], [])]


@pytest.fixture
def account_window(window_with, demo_keys):
    def make(host: HostileHost):
        return window_with("--env", "mock", "--base-url", host.url, orders_per_second=0, timeouts=(1.0, 3.0))

    return make


def test_public_contract_of_the_account_tabs(qtbot, account_window):
    with HostileHost(Host(empty)) as host:
        w = account_window(host)
        for name in ("openOrders", "executions", "positions"):
            assert isinstance(w.findChild(QAbstractItemView, name), QAbstractItemView)
        for name in ("refreshAccount", "modifySelected", "cancelSelected", "sellSelectedPosition"):
            assert isinstance(w.findChild(QPushButton, name), QPushButton)
        label = w.findChild(QLabel, "accountNumber")
        qtbot.waitUntil(lambda: "1234" in label.text())
        assert "1234567890" not in label.text() and "모의투자" in label.text()  # middle digits masked


def test_cash_order_cannot_be_modified_with_credit_orders(qtbot, account_window):
    def queries(r):
        if r.headers["api-id"] == "ka10075":
            return [page("ka10075", "oso", [open_order("0000101", "+매수"), open_order("0000102", "+매수신용")])]
        return empty(r)

    with HostileHost(Host(queries)) as host:
        w = account_window(host)
        view = w.account.views["open_orders"]
        qtbot.waitUntil(lambda: len(view.rows()) == 2)
        view.table.selectRow(0)
        assert not w.account.modify_button.isEnabled() and not w.account.cancel_button.isEnabled()
        assert "현금 주문" in w.account.modify_button.toolTip()
        view.table.selectRow(1)
        assert w.account.cancel_button.isEnabled()
        w.account.cancel_button.click()
        form = w.forms["kt10009"]
        assert w.tabs.currentWidget() is form
        assert form.raw_values()["orig_ord_no"] == "0000102" and form.raw_values()["cncl_qty"] == "10"
        assert form.raw_values()["dmst_stex_tp"] == "KRX" and form.raw_values()["stk_cd"] == "005930"
        send(qtbot, w, "kt10009")
        wait_answered(qtbot, w, 1)
    cancel = [r for r in host.orders() if r.headers["api-id"] == "kt10009"][0].json()
    assert cancel == {"dmst_stex_tp": "KRX", "orig_ord_no": "0000102", "stk_cd": "005930", "cncl_qty": "10"}


def test_modify_from_an_sor_row_keeps_the_venue_and_starts_from_its_price(qtbot, account_window):
    def queries(r):
        if r.headers["api-id"] == "ka10075":
            return [page("ka10075", "oso", [open_order("0000201", "-매도신용", "4", stex="1", sor="Y")])]
        return empty(r)

    with HostileHost(Host(queries)) as host:
        w = account_window(host)
        view = w.account.views["open_orders"]
        qtbot.waitUntil(lambda: len(view.rows()) == 1)
        assert "SOR" in view.texts_of(0)
        view.table.selectRow(0)
        w.account.modify_button.click()
        raw = w.forms["kt10008"].raw_values()
        got = (raw["orig_ord_no"], raw["dmst_stex_tp"], raw["mdfy_qty"], raw["mdfy_uv"])
        assert got == ("0000201", "SOR", "4", "71000")


def test_an_order_clicked_during_a_long_paged_query_leaves_first(qtbot, account_window):
    """Ten pages of open orders, each answered 0.2 s late: an order clicked meanwhile is on the wire
    after at most the page in flight, not after the whole list."""
    served = []

    def queries(r):
        if r.headers["api-id"] != "ka10075":
            return empty(r)
        n = int(r.headers.get("next-key") or 0)
        served.append(n)
        more = f"{n + 1}" if n < 9 else ""
        rows = [open_order(f"{1000 + 2 * n:07d}"), open_order(f"{1001 + 2 * n:07d}")]
        return [0.2, page("ka10075", "oso", rows, more)]

    with HostileHost(Host(queries)) as host:
        w = account_window(host)
        qtbot.waitUntil(lambda: len(served) >= 2)  # the paged refresh is under way
        pages_before = len(served)
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        qtbot.waitUntil(lambda: len(host.orders()) == 1, timeout=5000)
        order_at = host.requests.index(host.orders()[0])
        pages_then = sum(1 for r in host.requests[:order_at] if r.headers.get("api-id") == "ka10075")
        assert pages_then <= pages_before + 1  # at most the page in flight went before it
        view = w.account.views["open_orders"]
        qtbot.waitUntil(lambda: len(view.rows()) == 20, timeout=15000)
        assert view.complete and "20건" in view.status.text()


def test_a_429_on_a_query_is_retried_and_a_failed_refresh_keeps_the_old_list(qtbot, account_window):
    state = {"calls": 0, "fail": False}
    lock = threading.Lock()

    def queries(r):
        if r.headers["api-id"] != "ka10075":
            return empty(r)
        with lock:
            state["calls"] += 1
            calls, fail = state["calls"], state["fail"]
        if calls == 1:  # the host's rate limit: a query may be asked again
            return [reply(429, {"return_code": 5, "return_msg": "허용된 요청 개수를 초과하였습니다[1700:유량=1]"},
                          {"api-id": "ka10075"})]
        if fail:
            return [reply(500, b"<html>busy</html>", {"api-id": "ka10075"})]
        return [page("ka10075", "oso", [open_order("0000301"), open_order("0000302")])]

    with HostileHost(Host(queries)) as host:
        w = account_window(host)
        view = w.account.views["open_orders"]
        qtbot.waitUntil(lambda: len(view.rows()) == 2, timeout=10000)
        assert state["calls"] == 2  # retried once after the 429
        fetched = view.fetched_at
        state["fail"] = True
        w.refresh_account()
        qtbot.waitUntil(lambda: "실패" in view.status.text(), timeout=10000)
        assert [r.ord_no for r in view.rows()] == ["0000301", "0000302"]  # the last good list stays
        assert fetched in view.status.text()  # and says when it was fetched
        assert not any(r.path == "/api/dostk/crdordr" for r in host.requests)


def test_a_list_cut_by_the_page_limit_is_not_shown_as_whole(qtbot, account_window):
    def queries(r):
        if r.headers["api-id"] != "ka10075":
            return empty(r)
        n = int(r.headers.get("next-key") or 0)
        return [page("ka10075", "oso", [open_order(f"{n + 1:07d}")], f"{n + 1}")]  # never ends

    with HostileHost(Host(queries)) as host:
        w = account_window(host)
        view = w.account.views["open_orders"]
        qtbot.waitUntil(lambda: view.fetched_at is not None, timeout=30000)
        assert not view.complete and "전부가 아닙니다" in view.status.text()
        assert len(view.rows()) == 20


def test_rows_of_another_environment_are_cleared_and_never_acted_on(qtbot, account_window):
    def queries(r):
        if r.headers["api-id"] == "ka10075":
            return [page("ka10075", "oso", [open_order("0000401")])]
        return empty(r)

    with HostileHost(Host(queries)) as host:
        w = account_window(host)
        view = w.account.views["open_orders"]
        qtbot.waitUntil(lambda: len(view.rows()) == 1)
        view.table.selectRow(0)
        assert w.account.modify_button.isEnabled()
        w.set_environment("simulator")
        assert view.rows() == [] or view.env == "simulator"
        assert not w.account.modify_button.isEnabled()


def test_an_answer_for_a_cut_order_number_is_never_offered(qtbot, account_window):
    def queries(r):
        if r.headers["api-id"] == "ka10075":
            return [page("ka10075", "oso", [open_order(" 000045"), open_order("00004551")])]
        return empty(r)

    with HostileHost(Host(queries)) as host:
        w = account_window(host)
        view = w.account.views["open_orders"]
        qtbot.waitUntil(lambda: len(view.rows()) == 2)
        for i in range(2):
            view.table.selectRow(i)
            assert not w.account.modify_button.isEnabled()
            assert "7자리" in w.account.modify_button.toolTip()
        assert host.orders() == []
