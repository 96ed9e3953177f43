"""AccountView: one account tab (미체결, 주문·체결, 잔고) — a table of what the host answered, and a line
saying when it was fetched, or why the last refresh failed while the previous list stays shown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ..resources_io import load_json
from .row_table import row_table

if TYPE_CHECKING:
    from ..account.rows import AccountRow
    from ..payloads import QueryDone

_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
_NUMERIC_SUFFIXES = ("qty", "pric", "uv", "prft", "_rt", "remnq")  # right-aligned columns
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def views_data() -> dict:
    return load_json("account_views.json")


def cell_text(row: AccountRow, key: str, venue: str) -> str:
    """What a column shows: derived keys (``_venue``), codes without their A prefix, else the parsed text
    (a value the host sent that is not a number is shown as sent)."""
    if key == "_venue":
        return row.venue or venue
    if key == "stk_cd":
        return row.stk_cd or row.text(key)
    return row.text(key)


class AccountView(QWidget):
    """A read-only table; ``rows()`` are the :class:`AccountRow` objects in display order."""

    activated = Signal()  # a row was double-clicked

    def __init__(self, view: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        data = views_data()
        spec = data["views"][view]
        self.view = view
        self.texts = data["texts"]
        self.columns: list[tuple[str, str]] = [tuple(c) for c in spec["columns"]]
        self._rows: list[tuple[AccountRow, str]] = []
        self.env: str | None = None  # where the shown rows came from
        self.host: str | None = None
        self.fetched_at: str | None = None
        self.complete = False

        self.model = QStandardItemModel(0, len(self.columns), self)
        for i, (key, label) in enumerate(self.columns):
            self.model.setHeaderData(i, Qt.Orientation.Horizontal, label)
            self.model.setHeaderData(i, Qt.Orientation.Horizontal, key, Qt.ItemDataRole.ToolTipRole)
        self.table = row_table(spec["object_name"], self.model, self)
        self.table.doubleClicked.connect(lambda *_: self.activated.emit())

        self.status = QLabel(self.texts["never"], self)
        self.status.setObjectName(f"{spec['object_name']}Status")
        self.status.setWordWrap(True)
        self.bar = QHBoxLayout()  # the window adds this view's action buttons here
        self.bar.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.bar)
        layout.addWidget(self.table)

    # --- rows ------------------------------------------------------------------------------
    def rows(self) -> list[AccountRow]:
        return [row for row, _ in self._rows]

    def venue_of(self, i: int) -> str:
        return self._rows[i][1]

    def selected(self) -> tuple[AccountRow, str] | None:
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return self._rows[index.row()]

    def texts_of(self, i: int) -> list[str]:
        return [str(self.model.index(i, c).data() or "") for c in range(len(self.columns))]

    def set_loading(self) -> None:
        if self.fetched_at is None:
            self.status.setText(self.texts["loading"])

    def clear(self) -> None:
        """Another environment: nothing shown may be taken for this one's."""
        self._rows = []
        self.model.setRowCount(0)
        self.env = self.host = self.fetched_at = None
        self.complete = False
        self.status.setText(self.texts["never"])

    def show_result(self, done: QueryDone) -> None:
        if done.rows is None:  # keep the last good list, say when it was fetched and why this failed
            if self.fetched_at is not None and (self.env, self.host) == (done.env, done.host):
                self.status.setText(self.texts["failed_keep"].format(reason=done.error, time=self.fetched_at))
            else:
                self.clear()
                self.status.setText(self.texts["failed_none"].format(reason=done.error))
            return
        self._fill(list(done.rows))
        self.env, self.host, self.fetched_at, self.complete = done.env, done.host, done.fetched_at, done.complete
        key = "fetched" if done.complete else "incomplete"
        self.status.setText(self.texts[key].format(time=done.fetched_at, count=len(done.rows), pages=done.pages))

    def _fill(self, rows: Sequence[tuple[AccountRow, str]]) -> None:
        current = self.selected()
        selected_no = current[0].ord_no if current else None
        self._rows = list(rows)
        model = self.model
        model.setRowCount(0)
        model.setRowCount(len(rows))
        numeric = {i for i, (key, _) in enumerate(self.columns) if key.endswith(_NUMERIC_SUFFIXES)}
        for r, (row, venue) in enumerate(rows):
            for c, (key, _) in enumerate(self.columns):
                index = model.index(r, c)
                model.setData(index, cell_text(row, key, venue), _DISPLAY)
                if c in numeric:
                    model.setData(index, _RIGHT, _ALIGN)
        if selected_no:  # the same order stays selected across a refresh
            for r, (row, _) in enumerate(rows):
                if row.ord_no == selected_no:
                    self.table.selectRow(r)
                    break
        self.table.resizeColumnsToContents()
