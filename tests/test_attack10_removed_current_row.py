"""Hostile review: a live batch removes the chosen order while it is out of view (visible_items).

Qt hands the current row of a single-selection table to the row below the one removed, in
``rowsAboutToBeRemoved`` — before the model's rows are gone, but after the model's texts already are. The
model made that neighbour's items then, from the texts as they are after the removal: one row further down.
What is painted is read through the view (``indexAt``: Qt's C++ path, as paint reads it)."""

from __future__ import annotations

from hostile_host import HostileHost
from hostile_ws import HostileWS, order_values, real
from PySide6.QtCore import QPoint
from test_attack4_account_unknown import FAST, MINE, _live
from test_attack4_account_unknown import Host as AccountHost
from test_gui_account_hostile import open_order
from test_gui_loan_lots import column


def painted(view, row: int, key: str):
    table = view.table
    c = column(view, key)
    index = table.indexAt(QPoint(table.columnViewportPosition(c) + 2, table.rowViewportPosition(row) + 2))
    assert index.row() == row and index.column() == c
    return index.data()


def test_the_chosen_order_filled_out_of_view_leaves_each_row_showing_its_own_number(qtbot, window_with, demo_keys):
    """A trader clicks 0001000 (row 0), scrolls far down; it is filled (a 00 event, 미체결 0) and its row goes.
    Scrolled back, row 0 is 0001001 — but it painted 0001002, the number of the row below: a 취소 picked
    by what the row says cancels another order than the one read."""
    orders = [open_order(f"{1000 + i:07d}") for i in range(2_000)]
    script = AccountHost(orders)
    script.account_may_answer.set()
    ws = HostileWS().start()
    try:
        with HostileHost(script) as http:
            options = ("--env", "mock", "--base-url", http.url, "--ws-url", ws.url)
            window = window_with(*options, live_options=FAST, orders_per_second=0)
            window.refresh_account()
            view = window.account.views["open_orders"]
            window.account.setCurrentWidget(view)
            qtbot.waitUntil(lambda: _live(window, ws) and window.account_number == MINE and view.complete
                            and len(view.rows()) == len(orders), timeout=15_000)  # fmt: skip
            table = view.table
            table.selectRow(0)
            bar = table.verticalScrollBar()
            for value in range(0, 1_500, 20):  # the scroll bar dragged down
                bar.setValue(value)
            filled = order_values("0001000", f913="체결", f900="10", f901="71000", f902="0", f903="710000",
                                  f909="1", f910="71000", f911="10", f905="+매수신용")  # fmt: skip
            ws.push(real(filled))
            qtbot.waitUntil(lambda: len(view.rows()) == len(orders) - 1, timeout=5000)
            assert view.rows()[0].ord_no == "0001001"
            bar.setValue(0)
            shown = [painted(view, r, "ord_no") for r in range(3)]
            assert shown == [row.ord_no for row in view.rows()[:3]]
    finally:
        ws.stop()
