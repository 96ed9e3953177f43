"""신용잔고's 만기 임박 shading while a new list arrives slice by slice: it follows the rows shown, never the row
numbers of the list before (found by the hostile review of 0.3.1: a lot shaded near 만기 that is not)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_gui_loan_lots import LATER, SOON, column, day, lot

from kiwoom_gui.account.rows import parse_rows
from kiwoom_gui.base.kst import kst_today
from kiwoom_gui.base.payloads import QueryDone
from kiwoom_gui.loans.lots import build_lots, lot_texts
from kiwoom_gui.ui.loans.loan_lots_view import LoanLotsView

HOST = "http://127.0.0.1:1"
SLICE = 50


def done_for(view: LoanLotsView, lots: list[dict]) -> QueryDone:
    pairs = build_lots([(r, "") for r in parse_rows("ka10085", {"acnt_prft_rt": lots})], None)
    keys = [key for key, _ in view.columns]
    return QueryDone("loan_lots", "mock", HOST, tuple(pairs), True, 1, "09:00:00",
                     texts=lot_texts(pairs, keys, kst_today()))  # fmt: skip


@pytest.fixture
def view(qtbot):
    v = LoanLotsView("loan_lots")
    qtbot.addWidget(v)
    v._slice_rows = SLICE  # the list arrives in several slices (2,000 a slice in the window)
    v.resize(900, 400)
    v.show()
    return v


def shaded(view: LoanLotsView, row: int) -> bool:
    index = view.model.index(row, column(view, "expr_dt"))
    return index.data(Qt.ItemDataRole.BackgroundRole) is not None


def test_a_list_arriving_is_shaded_by_its_own_rows(qtbot, view):
    near = [lot(f"{100000 + i:06d}", SOON, day(3)) for i in range(3 * SLICE)]  # every lot near 만기
    view.show_result(done_for(view, near))
    qtbot.waitUntil(lambda: not view.arriving, timeout=5000)
    assert view.expiringCount() == 3 * SLICE and shaded(view, 0)
    far = [lot(f"{200000 + i:06d}", LATER, day(120)) for i in range(3 * SLICE)]  # none near 만기
    view.show_result(done_for(view, far))
    assert view.arriving  # the first slice is shown, the rest still to come
    assert not any(shaded(view, i) for i in range(view.model.rowCount())), "a lot far from 만기 shaded near it"
    qtbot.waitUntil(lambda: not view.arriving, timeout=5000)
    assert view.expiringCount() == 0 and not shaded(view, 0)
