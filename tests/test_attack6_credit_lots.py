"""Hostile review 6 (issue 19, loan lots): "같은 종목·대출일의 행이 여럿이면 어느 건의 청산가능수량인지 정할 수 없다"
is judged on the loan date exactly as sent, so a host that lists the same lot twice — once as "20250102", once as
" 20250102" — gets past it: 신용매도에 사용 is offered for the clean row, and the 청산가능수량 limit then follows
whichever row of that (종목, 대출일) comes first in the list (the other row's figure after the next refresh).

Real window, a recording host on 127.0.0.1 answering ka10085 in the spec's shape.
"""

from __future__ import annotations

from hostile_host import HostileHost
from PySide6.QtWidgets import QPushButton
from test_attack4_account_unknown import MINE
from test_gui_account_hostile import Host, empty, page
from test_gui_loan_lots import LATER, day, lot


def test_a_lot_listed_twice_with_a_padded_loan_date_is_not_sold_from(qtbot, window_with, demo_keys):
    padded = lot("000660", " " + LATER, day(120), able="500")  # the same lot again, its date with a space
    clean = lot("000660", LATER, day(120), able="10")

    def queries(r):
        if r.headers["api-id"] == "ka10085":
            return [page("ka10085", "acnt_prft_rt", [padded, clean])]
        return empty(r)

    with HostileHost(Host(queries)) as http:
        window = window_with("--env", "mock", "--base-url", http.url, orders_per_second=0)
        window.refresh_account()
        lots = window.account.views["loan_lots"]
        sell = window.findChild(QPushButton, "sellSelectedLot")
        qtbot.waitUntil(lambda: len(lots.rows()) == 2 and window.account_number == MINE and lots.complete, timeout=8000)
        clean_row = next(i for i, r in enumerate(lots.rows()) if r.cell("loan_dt").raw == LATER)
        lots.table.selectRow(clean_row)
        window.account.update_actions()
        assert not sell.isEnabled(), "a lot listed twice (one date padded) was offered for 신용매도"
        assert "여럿" in sell.toolTip()
        assert http.orders() == []


def test_the_lot_limit_does_not_follow_a_second_row_of_the_lot(qtbot, window_with, demo_keys):
    """Filled from a lot of 10 청산가능수량; the next refresh lists that lot twice (a padded copy with 500 first):
    the limit may not become the other row's 500 — the program cannot tell which row is the lot's."""
    clean = lot("000660", LATER, day(120), able="10")
    answers = [[clean]]

    def queries(r):
        if r.headers["api-id"] == "ka10085":
            return [page("ka10085", "acnt_prft_rt", answers[-1])]
        return empty(r)

    with HostileHost(Host(queries)) as http:
        window = window_with("--env", "mock", "--base-url", http.url, orders_per_second=0)
        window.refresh_account()
        lots = window.account.views["loan_lots"]
        sell = window.findChild(QPushButton, "sellSelectedLot")
        qtbot.waitUntil(lambda: len(lots.rows()) == 1 and window.account_number == MINE and lots.complete, timeout=8000)
        lots.table.selectRow(0)
        qtbot.waitUntil(sell.isEnabled, timeout=3000)
        sell.click()
        form = window.forms["kt10007"]
        form.set_values({"ord_qty": "400", "ord_uv": "72000"})
        assert "10주" in form.error_labels["ord_qty"].text()

        answers.append([lot("000660", " " + LATER, day(120), able="500"), clean])
        window.refresh_account()
        qtbot.waitUntil(lambda: len(lots.rows()) == 2 and lots.complete, timeout=8000)
        assert form.error_labels["ord_qty"].text() != "", "the limit took the 500 of another row of the same lot"
        assert not form.send_button.isEnabled()
        assert http.orders() == []
