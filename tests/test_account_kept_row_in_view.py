"""The order chosen before a refresh is chosen again when its slice arrives — and shown. Qt scrolls to a row
chosen in code at once, while the slice that brought it is not laid out yet: the scroll bar still ended at the
rows shown before, so the view stopped there and the chosen order (the one 정정/취소 acts on) was out of sight."""

from __future__ import annotations

from test_gui_account_hostile import open_order

from kiwoom_gui.account.display import table_texts
from kiwoom_gui.account.rows import parse_rows
from kiwoom_gui.base.payloads import QueryDone
from kiwoom_gui.ui.account.account_view import AccountView

ROWS = 3_000


def test_the_order_chosen_again_after_a_refresh_is_in_view(qtbot):
    rows = tuple((r, "") for r in parse_rows("ka10075", {"oso": [open_order(f"{1000 + i:07d}") for i in range(ROWS)]}))
    view = AccountView("open_orders")
    qtbot.addWidget(view)
    view.resize(1300, 600)
    view.show()
    texts = table_texts(rows, [key for key, _ in view.columns])

    def refresh() -> None:
        view.show_result(QueryDone("open_orders", "mock", "http://127.0.0.1:1", rows, True, 1, "09:00:00", texts=texts))
        qtbot.waitUntil(lambda: not view.arriving, timeout=10_000)

    refresh()
    table = view.table
    table.selectRow(2_500)  # in the third slice of the next refresh
    qtbot.waitUntil(lambda: table.rowAt(0) <= 2_500 <= table.rowAt(table.viewport().height() - 1))
    refresh()
    qtbot.wait(50)
    chosen = view.selected()
    assert chosen is not None and chosen[0].ord_no == "0003500"  # the same order, chosen again
    assert table.currentIndex().row() == 2_500
    top, bottom = table.rowAt(0), table.rowAt(table.viewport().height() - 1)
    assert top <= 2_500 <= bottom, (top, bottom)  # and in view: the row 정정/취소 would act on is the row seen
