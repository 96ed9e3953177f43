"""The account tabs through the real window against the simulator's book (issue 11): every tab across
pages, 정정 / 취소 from a 미체결 row, 신용매도에 사용 from a 융자 position, the account after each order,
and an order whose answer was lost found in today's orders with exactly one order POST."""

from __future__ import annotations

import pytest
from gui_helpers import fill, log_texts, rows, send, settle_unknown, wait_answered

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.simulator import KiwoomSimulator

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}


@pytest.fixture
def paged():
    sim = KiwoomSimulator(page_size=2).start()  # every list comes in pages of two
    yield sim
    sim.stop()


@pytest.fixture
def demo_window(window_with):
    def make(sim: KiwoomSimulator):
        return window_with("--demo", "--base-url", sim.base_url)

    return make


def view_texts(view) -> list[str]:
    return [" | ".join(view.texts_of(i)) for i in range(len(view.rows()))]


def test_every_tab_shows_the_book_across_pages(qtbot, paged, demo_window):
    numbers = paged.seed_open_orders(5, venue="NXT")
    done = paged.seed_executions(3, stk_cd="000660")
    paged.seed_position("005380", 40, "20261120")
    w = demo_window(paged)
    orders, executions, positions = (w.account.views[n] for n in ("open_orders", "executions", "positions"))
    qtbot.waitUntil(lambda: len(orders.rows()) == 5 and orders.complete, timeout=15000)
    qtbot.waitUntil(lambda: len(executions.rows()) == 8 and executions.complete, timeout=15000)
    qtbot.waitUntil(lambda: positions.fetched_at is not None and positions.complete, timeout=15000)
    texts = view_texts(orders)
    for number in numbers:  # each row's 주문번호 and 종목코드 as the model displays them
        assert any(number in t and "005930" in t and "NXT" in t for t in texts), texts
    assert all(any(n in t for t in view_texts(executions)) for n in numbers + done)
    assert any("005380" in t and "20261120" in t for t in view_texts(positions))  # 대출일 shown
    assert len(paged.query_requests("ka10075")) >= 3  # five rows in pages of two


def test_modify_and_cancel_from_an_open_order_reach_the_host_with_its_numbers(qtbot, paged, demo_window):
    first, second = paged.seed_open_orders(2, venue="NXT", qty=10)
    w = demo_window(paged)
    view = w.account.views["open_orders"]
    qtbot.waitUntil(lambda: len(view.rows()) == 2, timeout=15000)
    row_of = {row.ord_no: i for i, row in enumerate(view.rows())}

    view.table.selectRow(row_of[first])
    w.account.modify_button.click()
    form = w.forms["kt10008"]
    assert w.tabs.currentWidget() is form
    form.set_values({"mdfy_uv": "60100"})
    send(qtbot, w, "kt10008")
    view.table.selectRow(row_of[second])
    w.account.cancel_button.click()
    send(qtbot, w, "kt10009")
    modify, cancel = wait_answered(qtbot, w, 2)
    assert (modify.outcome, cancel.outcome) == (Outcome.ACCEPTED, Outcome.ACCEPTED), (modify.message, cancel.message)
    sent = {r.headers["api-id"]: r.json() for r in paged.order_requests()}
    assert sent["kt10008"]["orig_ord_no"] == first and sent["kt10008"]["dmst_stex_tp"] == "NXT"
    assert sent["kt10008"]["mdfy_qty"] == "10" and sent["kt10008"]["mdfy_uv"] == "60100"
    assert sent["kt10009"] == {"dmst_stex_tp": "NXT", "orig_ord_no": second, "stk_cd": "005930", "cncl_qty": "10"}
    # the account follows each answer: the cancelled order leaves the list without F5
    qtbot.waitUntil(lambda: second not in [r.ord_no for r in view.rows()], timeout=15000)


def test_sell_from_a_credit_position_uses_its_loan_date_and_its_sellable_quantity(qtbot, paged, demo_window):
    paged.seed_position("005930", 30, "20261119")
    w = demo_window(paged)
    view = w.account.views["positions"]
    qtbot.waitUntil(lambda: len(view.rows()) >= 1, timeout=15000)
    (index,) = [i for i, row in enumerate(view.rows()) if row.loan_dt == "20261119"]
    view.table.selectRow(index)
    assert w.account.sell_button.isEnabled(), w.account.sell_button.toolTip()
    w.account.sell_button.click()
    form = w.forms["kt10007"]
    raw = form.raw_values()
    assert (raw["stk_cd"], raw["crd_deal_tp"], raw["crd_loan_dt"], raw["ord_qty"]) == ("005930", "33", "20261119", "")
    form.set_values({"ord_qty": "31", "ord_uv": "60000"})
    assert "매매가능수량" in form.error_labels["ord_qty"].text() and not form.send_button.isEnabled()
    form.set_values({"ord_qty": "30"})
    send(qtbot, w, "kt10007")
    (row,) = wait_answered(qtbot, w, 1)
    assert row.outcome is Outcome.ACCEPTED, row.message
    body = paged.order_requests()[0].json()
    assert (body["crd_deal_tp"], body["crd_loan_dt"], body["ord_qty"]) == ("33", "20261119", "30")


def test_an_order_whose_answer_was_lost_is_confirmed_from_todays_orders(qtbot, paged, demo_window):
    w = demo_window(paged)
    paged.inject("answer_lost")  # placed in the book, then the connection drops before any answer
    fill(w, "kt10006", BUY)
    send(qtbot, w, "kt10006")
    (row,) = wait_answered(qtbot, w, 1)
    qtbot.waitUntil(lambda: len(paged.book.orders()) == 1, timeout=5000)
    (placed,) = paged.book.orders()
    settle_unknown(qtbot, w, placed.ord_no)  # on proof, or as the one candidate the user confirms
    assert placed.ord_no in log_texts(w)[0] and "접수 확인" in log_texts(w)[0]
    assert len(paged.order_requests()) == 1  # found, never resent
    assert w.reuse_refusal(rows(w)[0]) is None  # its number may now be used to modify or cancel it
