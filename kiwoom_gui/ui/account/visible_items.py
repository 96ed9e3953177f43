"""The cells of an account tab as C++ items, made only for the rows in view: paint runs no Python.

A Python ``data()`` answered every role of every painted cell (~3,000 calls a repaint); while another Python
thread ran (the API thread reading a page), each call waited for the GIL and one repaint took 200 ms. Items
for every row cost too much instead (60,000 rows × 16 columns: 240 MB and 3 µs a cell). So the texts stay a
Python list, the model (a ``QStandardItemModel`` that overrides no virtual: Qt's calls never enter Python)
has every row, and items are made for the rows in view and a margin — again when the view scrolls, is
resized or the rows change — and let go once far from view.

Python reads go through ``index`` (``model.index(r, c).data()``, as the tests and acceptance tests read):
it makes the row's items first, so any row reads right, shown or not. It is a class attribute that is not a
bound method, which PySide does not take for an override of the C++ virtual ``index`` (paint, the header
and the selection go straight to C++); ``tests/test_account_paint_no_python.py`` holds both to it."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from ...account.display import NUMERIC_SUFFIXES

_ROOT = QModelIndex()
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
raw_index = QStandardItemModel.index  # Qt's own: makes no items
MARGIN = 6  # rows made above and below the rows in view: a wheel step scrolls into rows already made
KEEP = 512  # rows kept made beyond those wanted before the farthest are let go
LET_GO = 256  # rows let go at most per step (each takes its columns' items)


def _runs(indices: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted indices as (first, last) runs of consecutive numbers."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _python_index(model: AccountTableModel, row: int, column: int,
                  parent: QModelIndex | QPersistentModelIndex = _ROOT) -> QModelIndex:  # fmt: skip
    # not while rows go or come: the texts are already shifted, Qt's rows not yet (the view's follow waits too)
    if not parent.isValid() and not model._moving and 0 <= row < len(model._texts) and row not in model._made:
        model._make([row])
    return raw_index(model, row, column, parent)


class _ReadsMake:
    """``model.index`` as Python sees it (see the module's note): the row's items are made first."""

    def __get__(self, model: AccountTableModel | None, owner: type | None = None):  # noqa: ANN204
        return self if model is None else functools.partial(_python_index, model)


class AccountTableModel(QStandardItemModel):
    """The cells of one tab: emptied on each refresh (one reset) and filled by slices of rows (one insert
    each); live events change, add and remove rows in place. Items exist for the rows in view (``attach``)."""

    index = _ReadsMake()

    def __init__(self, columns: Sequence[tuple[str, str]], parent: QObject | None = None) -> None:
        super().__init__(0, len(columns), parent)
        self._columns = list(columns)
        self._align = [_RIGHT if key.endswith(NUMERIC_SUFFIXES) else None for key, _ in self._columns]
        self._texts: list[Sequence[str]] = []
        self._made: set[int] = set()  # rows whose items hold their texts
        self._table: QTableView | None = None
        # Qt's rows and the texts disagree (rows going or coming): the view may move the current row then
        # (a removed current goes to its neighbour, in rowsAboutToBeRemoved) — no items are made until they agree
        self._moving = False
        for i, (key, label) in enumerate(self._columns):
            header = QStandardItem(label)
            header.setToolTip(key)  # the field key the Korean label stands for
            self.setHorizontalHeaderItem(i, header)
        prototype = QStandardItem()  # what each item is made from: read-only, as the table is
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        prototype.setFlags(flags)
        self.setItemPrototype(prototype)

    def attach(self, table: QTableView) -> None:
        """Make items for the rows ``table`` shows, following its scrolling (its resizes: :meth:`follow`)."""
        self._table = table
        bar = table.verticalScrollBar()
        bar.valueChanged.connect(self.follow)
        bar.rangeChanged.connect(self.follow)
        # the current row is kept made wherever it is: Qt reads it in C++ (Ctrl+C copies its cell)
        table.selectionModel().currentRowChanged.connect(self.follow)
        self.follow()

    # --- rows ------------------------------------------------------------------------------
    def set_texts(self, texts: Sequence[Sequence[str]]) -> list[Sequence[str]]:
        """Show ``texts`` instead; returns the old cells (for the caller to let go of a slice at a time)."""
        self.beginResetModel()
        self.blockSignals(True)  # one reset: the rows' removal is part of it, not told on its own
        try:
            self.setRowCount(0)
            old, self._texts = self._texts, list(texts)
            self.setRowCount(len(self._texts))
        finally:
            self.blockSignals(False)
        self._made.clear()
        self.endResetModel()
        self.follow()
        return old

    # live events change a few rows: told row by row, so the selection and the scroll position stay
    def change_rows(self, texts: dict[int, Sequence[str]]) -> None:
        if not texts:
            return
        for i, row in texts.items():
            self._texts[i] = row
        self._make(i for i in texts if i in self._made)

    def append_rows(self, texts: Sequence[Sequence[str]]) -> None:
        if not texts:
            return
        first = len(self._texts)
        self._texts.extend(texts)
        self._moving = True
        try:
            self.insertRows(first, len(texts))  # one insert, no items yet
        finally:
            self._moving = False
        self.follow()

    def remove_rows(self, indices: Sequence[int]) -> None:
        self._moving = True
        try:
            for first, last in reversed(_runs(sorted(indices))):  # from the bottom: indices above stay valid
                del self._texts[first : last + 1]
                self.removeRows(first, last - first + 1)
                gone = last - first + 1
                self._made = {r if r < first else r - gone for r in self._made if not first <= r <= last}
        finally:
            self._moving = False
        self.follow()

    def find_row(self, column: int, prefix: str, start: int) -> int | None:
        """The first row from ``start`` (wrapping) whose text in ``column`` starts with ``prefix`` (any case)."""
        count, wanted = len(self._texts), prefix.casefold()
        for offset in range(count):
            row = (start + offset) % count
            texts = self._texts[row]
            if column < len(texts) and str(texts[column]).casefold().startswith(wanted):
                return row
        return None

    # --- items for the rows in view ---------------------------------------------------------
    def follow(self, *_: object) -> None:
        """Items for the rows in view and a margin; the farthest of the others let go."""
        if self._moving:
            return
        wanted = self._wanted()
        current = self._table.currentIndex().row() if self._table is not None else -1
        missing = [r for r in wanted if r not in self._made]
        if 0 <= current < len(self._texts) and current not in self._made and current not in wanted:
            missing.append(current)
        if missing:
            self._make(missing)
        if len(self._made) > len(wanted) + KEEP:
            middle = (wanted.start + wanted.stop) // 2
            others = (r for r in self._made if r not in wanted and r != current)
            far = sorted(others, key=lambda r: -abs(r - middle))[:LET_GO]
            self._let_go(far)

    def _wanted(self) -> range:
        count = len(self._texts)
        table = self._table
        if not count:  # nothing to make; and the viewport is not read while the window is built (see main_window)
            return range(0)
        if table is None:
            return range(min(count, 2 * MARGIN))
        height = table.viewport().height()
        first = max(0, table.rowAt(0))
        last = table.rowAt(height - 1)
        if last < 0:  # below the last row (or none shown yet): as many rows as the height holds
            last = first + height // max(1, table.verticalHeader().defaultSectionSize())
        return range(max(0, first - MARGIN), min(count, last + 1 + MARGIN))

    def _make(self, rows: Iterable[int]) -> None:
        """Put the texts of ``rows`` into their items (made on the way), then tell the view once per run."""
        rows = sorted(rows)
        if not rows:
            return
        self.blockSignals(True)  # an item made or set tells the view each time: once per run below instead
        try:
            for r in rows:
                self._put(r, self._texts[r], r not in self._made)
                self._made.add(r)
        finally:
            self.blockSignals(False)
        last_column = len(self._columns) - 1
        for first, last in _runs(rows):
            self.dataChanged.emit(raw_index(self, first, 0), raw_index(self, last, last_column))

    def _put(self, row: int, texts: Sequence[str], fresh: bool) -> None:
        """The items of one row from its texts (a tab that paints more sets more roles; ``fresh``: the row has
        no items yet, so no role needs clearing)."""
        for c, text in enumerate(texts):
            align = self._align[c]
            if align is None:
                self.setData(raw_index(self, row, c), text)
            else:
                self.setItemData(raw_index(self, row, c), {_DISPLAY: text, _ALIGN: align})

    def _let_go(self, rows: Sequence[int]) -> None:
        self.blockSignals(True)  # rows out of view: nothing to repaint
        try:
            for r in rows:
                for c in range(len(self._columns)):
                    self.takeItem(r, c)  # handed to Python and dropped: deleted
                self._made.discard(r)
        finally:
            self.blockSignals(False)
