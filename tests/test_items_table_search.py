"""Typing in an account table with no current row starts at the first row, as Qt's own search does (review
finding: ItemsTable.keyboardSearch began at row 1, so a prefix the first row has chose a later row)."""

from __future__ import annotations

from kiwoom_gui.ui.account.items_table import ItemsTable
from kiwoom_gui.ui.account.visible_items import AccountTableModel


def test_typing_with_no_current_row_can_find_the_first_row(qtbot):
    model = AccountTableModel([("ord_no", "주문번호")])
    table = ItemsTable()
    qtbot.addWidget(table)
    table.setModel(model)
    model.attach(table)
    model.set_texts([["0001100"], ["0001200"]])
    assert not table.currentIndex().isValid()
    table.keyboardSearch("0001")  # both rows start so: the first is found first
    assert table.currentIndex().row() == 0
    assert model.index(0, 0).data() == "0001100"
