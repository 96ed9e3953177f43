"""The account tabs' table: typing in it finds a row by the start of its text, among all the rows.

Qt's own search (``QAbstractItemView.keyboardSearch`` → ``model.match``) reads cells in C++, and the model
keeps items only for the rows near the view (``visible_items``): an order far from view was not found. This
one reads the model's texts, as Qt's would have read every cell: from the row after the current one (the
current one while the keys of one search are still being typed), wrapping, case-insensitive, in the current
column.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication, QTableView

from .visible_items import AccountTableModel


class ItemsTable(QTableView):
    def __init__(self, parent=None) -> None:  # noqa: ANN001 (a QWidget or None)
        super().__init__(parent)
        self._typed = ""
        self._typed_at = 0.0

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
