"""Issues 17 (item 11), 18, 19: painting an account tab or 신용잔고 runs no Python. A Python ``data()`` answered
every role of every painted cell (~3,000 calls a repaint); while another Python thread ran, each call waited
for the GIL and one repaint took 200 ms. The cells Qt paints now come from C++ items — made for the rows in
view only, so a list of 60,000 rows costs no 60,000 × columns items — while any row, shown or not, still
reads right through ``table.model().index(r, c).data()``.

What the paint itself reads is checked through the view (``indexAt``: Qt's own C++ path, no Python between),
after scrolling, resizing, live changes and removals above the rows in view."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QPoint, Qt
from test_gui_account_hostile import open_order
from test_gui_loan_lots import LATER, SOON, column, day, lot
from test_loan_lots_shading_slices import done_for as lots_done

from kiwoom_gui.account.display import table_texts
from kiwoom_gui.account.rows import parse_rows
from kiwoom_gui.base.payloads import QueryDone
from kiwoom_gui.ui.account.account_view import AccountView
from kiwoom_gui.ui.loans.loan_lots_view import LoanLotsView

ROWS = 3_000


def python_calls_in_repaint(view) -> int:
    """Python functions entered (on this thread) while the table's viewport repaints at once."""
    calls = 0

    def count(frame, event, arg) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(count)
    try:
        view.table.viewport().repaint()
    finally:
        sys.setprofile(None)
    return calls


def painted(view) -> dict[int, list[str]]:
    """row → the texts Qt's paint reads for the rows in view (through the view: C++ only)."""
    table = view.table
    xs = [table.columnViewportPosition(c) + 2 for c in range(len(view.columns))]
    rows: dict[int, list[str]] = {}
    for y in range(1, table.viewport().height(), table.rowHeight(0) if table.model().rowCount() else 22):
        first = table.indexAt(QPoint(xs[0], y))
        if first.isValid():
            rows[first.row()] = [str(table.indexAt(QPoint(x, y)).data() or "") for x in xs]
    return rows


@pytest.fixture(scope="module")
def wanted():
    rows = tuple((r, "") for r in parse_rows("ka10075", {"oso": [open_order(f"{1000 + i:07d}") for i in range(ROWS)]}))
    return rows


def test_an_account_tab_paints_without_python_and_every_row_reads_right(qtbot, wanted):
    view = AccountView("open_orders")
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    keys = [key for key, _ in view.columns]
    texts = [list(t) for t in table_texts(wanted, keys)]
    view.show_result(QueryDone("open_orders", "mock", "http://127.0.0.1:1", wanted, True, 1, "09:00:00", texts=texts))
    qtbot.waitUntil(lambda: not view.arriving, timeout=10_000)
    qtbot.wait(20)
    assert python_calls_in_repaint(view) == 0
    shown = painted(view)
    assert len(shown) > 20 and all(shown[r] == texts[r] for r in shown)

    table, model = view.table, view.table.model()
    table.verticalScrollBar().setValue(table.verticalScrollBar().maximum() // 2)
    qtbot.wait(10)
    shown = painted(view)
    assert min(shown) > 1000 and all(shown[r] == texts[r] for r in shown)
    assert python_calls_in_repaint(view) == 0
    # any row reads right through the model, shown or not, every column
    for r in (0, 17, 2_999, 2_000, 5):
        assert [model.index(r, c).data() for c in range(len(keys))] == texts[r]
    numeric = keys.index("ord_qty") if "ord_qty" in keys else None
    if numeric is not None:
        assert model.index(2_500, numeric).data(Qt.ItemDataRole.TextAlignmentRole) is not None

    # rows removed above the rows in view, then a live change to a row in view: what is painted follows
    view.model.remove_rows([0, 1, 2, 500])
    del texts[500], texts[2], texts[1], texts[0]
    assert model.rowCount() == len(texts) == ROWS - 4
    qtbot.wait(10)
    shown = painted(view)
    assert all(shown[r] == texts[r] for r in shown)
    middle = sorted(shown)[len(shown) // 2]
    changed = [*texts[middle][:-1], "바뀜"]
    view.model.change_rows({middle: changed})
    texts[middle] = changed
    qtbot.wait(10)
    assert painted(view)[middle] == changed

    # to the bottom, taller: the rows now in view are painted from their own texts
    table.scrollToBottom()
    view.resize(1300, 1000)
    qtbot.wait(20)
    shown = painted(view)
    assert max(shown) == len(texts) - 1 and all(shown[r] == texts[r] for r in shown)
    assert python_calls_in_repaint(view) == 0
    assert [model.index(0, c).data() for c in range(len(keys))] == texts[0]


def test_loan_lots_paint_their_colours_without_python(qtbot):
    view = LoanLotsView("loan_lots")
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    lots = [lot(f"{100000 + i:06d}", SOON if i % 2 else LATER, day(3) if i % 2 else day(120)) for i in range(500)]
    view.show_result(lots_done(view, lots))
    qtbot.waitUntil(lambda: not view.arriving, timeout=10_000)
    qtbot.wait(20)
    assert view.expiringCount() == 250
    assert python_calls_in_repaint(view) == 0
    expiry = column(view, "expr_dt")
    table = view.table
    y = table.rowViewportPosition(1) + 2
    near = table.indexAt(QPoint(table.columnViewportPosition(expiry) + 2, y))
    far = table.indexAt(QPoint(table.columnViewportPosition(expiry) + 2, table.rowViewportPosition(0) + 2))
    assert near.row() == 1 and near.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert near.data(Qt.ItemDataRole.ToolTipRole)
    assert far.row() == 0 and far.data(Qt.ItemDataRole.BackgroundRole) is None
    model = table.model()
    assert model.index(499, expiry).data(Qt.ItemDataRole.BackgroundRole) is not None  # far below the rows in view
    assert model.index(498, expiry).data(Qt.ItemDataRole.BackgroundRole) is None
    # 만기 임박 over a week's warning instead: the shading of rows in view follows at once
    view.set_warn_days(200)
    assert far.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert python_calls_in_repaint(view) == 0
