"""The account tabs' table: typing in it finds a row by the start of its text, among all the rows; rows added
below the rows in view repaint nothing.

Qt's own search (``QAbstractItemView.keyboardSearch`` → ``model.match``) reads cells in C++, and the model
keeps items only for the rows near the view (``visible_items``): an order far from view was not found. This
one reads the model's texts, as Qt's would have read every cell: from the row after the current one (the
current one while the keys of one search are still being typed), wrapping, case-insensitive, in the current
column.

A list arrives in slices appended at the end. After each, Qt lays the table out again and repaints its whole
viewport (6 ms of the GUI thread for 16 columns at 1300×800), although the rows added are all below the view and
nothing in view changed. When every row of an insert lands below the view and nothing else changed the rows
since, that layout pass updates the scroll bars only. Any other change of the rows (a reset, a removal, a move,
rows in view) clears that, so Qt's own pass runs.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QAbstractItemModel, QModelIndex
from PySide6.QtWidgets import QApplication, QTableView

from .visible_items import AccountTableModel


class ItemsTable(QTableView):
    def __init__(self, parent=None) -> None:  # noqa: ANN001 (a QWidget or None)
        super().__init__(parent)
        self._typed = ""
        self._typed_at = 0.0
        # since the last layout pass: None nothing, True only rows inserted below the view, False anything else
        self._since_layout: bool | None = None
        self._cells_watched = False

    def setModel(self, model: QAbstractItemModel | None) -> None:  # noqa: N802 (Qt's name)
        old = self.model()
        self._watch_cells(False)
        if old is not None:
            for signal in self._structure_signals(old):
                signal.disconnect(self._rows_changed)
            old.rowsAboutToBeInserted.disconnect(self._rows_coming)
        super().setModel(model)
        self._since_layout = False
        if model is not None:
            for signal in self._structure_signals(model):
                signal.connect(self._rows_changed)
            model.rowsAboutToBeInserted.connect(self._rows_coming)

    @staticmethod
    def _structure_signals(model: QAbstractItemModel) -> list:
        return [
            model.modelAboutToBeReset,
            model.rowsAboutToBeRemoved,
            model.rowsAboutToBeMoved,
            model.layoutAboutToBeChanged,
            model.columnsAboutToBeInserted,
            model.columnsAboutToBeRemoved,
            model.columnsAboutToBeMoved,
        ]

    def _rows_changed(self, *_: object) -> None:
        self._since_layout = False
        self._watch_cells(False)

    def _watch_cells(self, on: bool) -> None:
        """Qt skips a cell's own repaint while a layout pass is pending (that pass repaints everything): while
        the pass is to be quiet, a changed cell makes it Qt's again. Watched only then: the model's items tell
        each cell made as the view scrolls, and that must stay free of Python."""
        model = self.model()
        if on == self._cells_watched or model is None:
            return
        if on:
            model.dataChanged.connect(self._rows_changed)
        else:
            model.dataChanged.disconnect(self._rows_changed)
        self._cells_watched = on

    def _rows_coming(self, parent: QModelIndex, first: int, _last: int) -> None:
        """Rows ``first``… are about to be inserted: below the view when the row at the viewport's bottom edge
        exists and is above ``first`` (no row there: the view has room, the new rows may show)."""
        bottom = self.rowAt(self.viewport().height() - 1)
        below = not parent.isValid() and self.isVisible() and 0 <= bottom < first
        self._since_layout = below and self._since_layout is not False
        self._watch_cells(self._since_layout)

    def doItemsLayout(self) -> None:  # noqa: N802 (Qt's name)
        only_below, self._since_layout = self._since_layout, None
        self._watch_cells(False)
        if only_below:
            self.updateGeometries()  # the scroll bars follow the new row count; nothing in view moved
            return
        super().doItemsLayout()

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 (Qt's name)
        model = self.model()
        if not isinstance(model, AccountTableModel) or not search:
            super().keyboardSearch(search)
            return
        now = time.monotonic()
        going_on = now - self._typed_at <= QApplication.keyboardInputInterval() / 1000 and bool(self._typed)
        self._typed = self._typed + search if going_on else search
        self._typed_at = now
        current = self.currentIndex()
        column = current.column() if current.isValid() else 0
        start = current.row() if current.isValid() else 0
        skip = not going_on and current.isValid()  # a new search looks past the current row (none: from row 0)
        row = model.find_row(column, self._typed, start + 1 if skip else start)
        if row is not None:
            self.setCurrentIndex(model.index(row, column))
