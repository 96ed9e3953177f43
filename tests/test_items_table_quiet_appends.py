"""Issue 17, item 11: rows appended below the rows in view repaint nothing. After each slice of a list Qt laid
the table out again and repainted its whole viewport (6 ms for 16 columns at 1300×800), though nothing in view
had changed: 60 such repaints while 60,000 rows arrive. Only the scroll bar follows now.

What must still repaint does: rows appended where the view has room, a row in view changed in the same turn
as an append (Qt skips a cell's repaint while a layout is pending), and a reset."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject

from kiwoom_gui.ui.account.items_table import ItemsTable
from kiwoom_gui.ui.account.visible_items import AccountTableModel

COLUMNS = [(f"c{i}", f"열{i}") for i in range(16)]


def texts(first: int, count: int) -> list[list[str]]:
    return [[f"{r:07d}-{c}" for c in range(len(COLUMNS))] for r in range(first, first + count)]


class Paints(QObject):
    def __init__(self, widget) -> None:  # noqa: ANN001
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: ANN001, N802
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


@pytest.fixture
def table(qtbot):
    model = AccountTableModel(COLUMNS)
    view = ItemsTable()
    qtbot.addWidget(view)
    view.setModel(model)
    model.attach(view)
    view.resize(1300, 800)
    view.show()
    qtbot.waitExposed(view)
    return view, model


def settle(qtbot) -> None:
    qtbot.wait(30)


def shown_then_watched(qtbot, view, model, rows: int) -> Paints:  # noqa: ANN001
    """``rows`` rows shown and painted; from then on the viewport's paints are counted."""
    model.append_rows(texts(0, rows))
    settle(qtbot)
    return Paints(view.viewport())


def test_slices_below_the_view_repaint_nothing_and_the_scroll_bar_follows(qtbot, table):
    view, model = table
    paints = shown_then_watched(qtbot, view, model, 1000)
    for first in range(1000, 10_000, 1000):
        model.append_rows(texts(first, 1000))
        settle(qtbot)
    # was 9: one whole-viewport repaint a slice (Qt repaints once on its own as the count reaches 10,000)
    assert paints.count <= 1
    bar = view.verticalScrollBar()
    assert bar.maximum() > 9_000  # the scroll bar knows every row
    bar.setValue(bar.maximum())  # and the last rows show when scrolled to
    settle(qtbot)
    assert paints.count >= 1
    assert view.rowAt(view.viewport().height() - 12) == 9_999
    assert model.index(9_999, 3).data() == "0009999-3"


def test_rows_appended_where_the_view_has_room_are_painted(qtbot, table):
    view, model = table
    paints = shown_then_watched(qtbot, view, model, 5)
    model.append_rows(texts(5, 5))  # the view has room: the new rows show
    settle(qtbot)
    assert paints.count >= 1
    assert view.rowAt(5 * view.rowHeight(0) + 3) == 5


def test_a_row_in_view_changed_beside_an_append_is_repainted(qtbot, table):
    view, model = table
    paints = shown_then_watched(qtbot, view, model, 1000)
    model.append_rows(texts(1000, 1000))  # below the view: the layout pass to come would be quiet
    model.change_rows({2: [f"바뀜-{c}" for c in range(len(COLUMNS))]})  # in view, in the same turn
    settle(qtbot)
    assert paints.count >= 1
    assert model.index(2, 0).data() == "바뀜-0"


def test_a_reset_after_an_append_is_repainted(qtbot, table):
    view, model = table
    paints = shown_then_watched(qtbot, view, model, 1000)
    model.append_rows(texts(1000, 1000))
    model.set_texts(texts(50_000, 3))  # a new list in the same turn
    settle(qtbot)
    assert paints.count >= 1
    assert view.rowAt(3) == 0 and model.index(0, 0).data() == "0050000-0"
