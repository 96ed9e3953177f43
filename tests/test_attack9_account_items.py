"""Hostile review of the account tabs' C++ items (visible_items.AccountTableModel: items only for the rows in
view, made again when rows move; 신용잔고 bakes its 만기 임박 shading into them).

What is painted is read through the view (``indexAt``: Qt's C++ path, as paint reads it)."""

from __future__ import annotations

from hostile_host import HostileHost
from hostile_ws import HostileWS, real
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from test_attack4_account_unknown import FAST, MINE, _live
from test_gui_account_hostile import Host, empty, open_order, page
from test_gui_loan_lots import LATER, SOON, balance, column, day, lot, row_of

from kiwoom_gui.account.display import table_texts
from kiwoom_gui.account.rows import parse_rows
from kiwoom_gui.base.payloads import QueryDone
from kiwoom_gui.ui.account.account_view import AccountView


def painted_shading(view, row: int, key: str):
    """(background, tooltip, text) Qt paints in ``row``'s ``key`` cell."""
    table = view.table
    c = column(view, key)
    index = table.indexAt(QPoint(table.columnViewportPosition(c) + 2, table.rowViewportPosition(row) + 2))
    assert index.row() == row and index.column() == c
    return index.data(Qt.ItemDataRole.BackgroundRole), index.data(Qt.ItemDataRole.ToolTipRole), index.data()


def test_a_lot_moved_up_by_a_removal_in_the_same_batch_is_shaded_as_it_is_now(qtbot, window_with, demo_keys):
    """One 04 frame: lot A (near 만기, shaded, row 0) is repaid (930 = 0) and lot B (row 1, 만기 120 days away)
    gets a 만기일 2 days ahead. B was made again at row 1 with the old rows' shading (row 1: not near), then moved
    up to row 0; the rows near 만기 are {0} before and after, so nothing restyled it: the count says 1, B says
    D-2, and no row is shaded — the lot a trader must repay in two days looks like any other."""

    def queries(r):
        if r.headers["api-id"] == "ka10085":
            return [page("ka10085", "acnt_prft_rt", [lot("005930", SOON, day(3)), lot("000660", LATER, day(120))])]
        return empty(r)

    ws = HostileWS().start()
    try:
        with HostileHost(Host(queries)) as http:
            options = ("--env", "mock", "--base-url", http.url, "--ws-url", ws.url)
            window = window_with(*options, live_options=FAST, orders_per_second=0)
            window.refresh_account()
            lots = window.account.views["loan_lots"]
            window.account.setCurrentWidget(lots)
            qtbot.waitUntil(lambda: _live(window, ws) and window.account_number == MINE and lots.complete
                            and len(lots.rows()) == 2, timeout=8000)  # fmt: skip
            assert lots.expiringCount() == 1 and painted_shading(lots, row_of(lots, "005930"), "expr_dt")[0]
            repaid = balance(MINE, "0", **{"9001": "A005930", "916": SOON, "930": "0", "918": day(3)})
            nearer = balance(MINE, "100", **{"918": day(2)})
            ws.push(real(repaid, nearer, kind="04"))
            qtbot.waitUntil(lambda: [r.stk_cd for r in lots.rows()] == ["000660"], timeout=5000)
            assert lots.expiringCount() == 1
            for key in ("expr_dt", "_days_left"):
                background, tip, text = painted_shading(lots, 0, key)
                assert background is not None and tip, f"{key} {text!r}: near 만기, painted without its shading"
    finally:
        ws.stop()


def test_ctrl_c_on_the_chosen_order_copies_its_number_after_scrolling_far_from_it(qtbot, window_with, demo_keys):
    """Qt's Ctrl+C copies the current cell's text, read in C++. The chosen order scrolled 1,500 rows out of
    view had its items let go: nothing was copied and the clipboard kept what it held — another order's
    number, pasted next into 원주문번호 of a 정정 or 취소."""
    orders = [open_order(f"{1000 + i:07d}") for i in range(2_000)]

    def queries(r):
        if r.headers["api-id"] == "ka10075":
            return [page("ka10075", "oso", orders)]
        return empty(r)

    with HostileHost(Host(queries)) as http:
        window = window_with("--env", "mock", "--base-url", http.url, orders_per_second=0)
        window.refresh_account()
        view = window.account.views["open_orders"]
        window.account.setCurrentWidget(view)
        qtbot.waitUntil(lambda: view.complete and len(view.rows()) == len(orders), timeout=10_000)
        table = view.table
        number = column(view, "ord_no")
        at = QPoint(table.columnViewportPosition(number) + 2, table.rowViewportPosition(3) + 2)
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=at)
        (chosen, _), = [view.selected()]
        assert chosen.ord_no == "0001003" and table.currentIndex().column() == number
        bar = table.verticalScrollBar()
        for value in range(0, 1_500, 20):  # the scroll bar dragged down
            bar.setValue(value)
        QGuiApplication.clipboard().setText("0002999")  # copied earlier: another order
        qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QGuiApplication.clipboard().text() == chosen.ord_no


def test_typing_an_order_number_in_the_table_finds_its_row(qtbot):
    rows = tuple((r, "") for r in parse_rows("ka10075", {"oso": [open_order(f"{1000 + i:07d}") for i in range(2_000)]}))
    view = AccountView("open_orders")
    qtbot.addWidget(view)
    view.resize(1300, 600)
    view.show()
    texts = table_texts(rows, [key for key, _ in view.columns])
    view.show_result(QueryDone("open_orders", "mock", "http://127.0.0.1:1", rows, True, 1, "09:00:00", texts=texts))
    qtbot.waitUntil(lambda: not view.arriving, timeout=10_000)
    table, number = view.table, column(view, "ord_no")
    table.setCurrentIndex(table.model().index(0, number))
    table.keyboardSearch("0002900")  # what typing 0002900 in the table does
    assert table.currentIndex().row() == 1_900
    # typed key by key, as a trader does: one search while the keys come faster than the input interval
    qtbot.wait(QGuiApplication.styleHints().keyboardInputInterval() + 100)  # a new search, not the last one's end
    qtbot.keyClicks(table, "0001500")
    assert table.currentIndex().row() == 500
    assert table.model().index(500, number).data() == "0001500"  # the row found is the row read
