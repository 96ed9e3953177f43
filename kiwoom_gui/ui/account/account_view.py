"""AccountView: one account tab (미체결, 주문·체결, 잔고) — a table of what the host answered, and a line
saying when it was fetched, or why the last refresh failed while the previous list stays shown.

A list reaches the table in slices (``slice_rows`` a turn of the event loop, one model insert each), so
60,000 rows never hold the window. Only rows already shown can be chosen or acted on; the order chosen
before a refresh is chosen again when its slice comes; a refresh landing meanwhile replaces the list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...account.display import table_texts
from ...account.rows import AccountRow, as_pair, packed_ord_no, packed_pair
from ...base.resources_io import load_json
from ...live.tab_rows import TabRows
from ..row_table import row_table
from .items_table import ItemsTable
from .visible_items import AccountTableModel

if TYPE_CHECKING:
    from ...account.rows import Packed
    from ...base.payloads import QueryDone
    from ...live.account_rows import Applied


def views_data() -> dict:
    return load_json("account_views.json")


class AccountView(QWidget):
    """A read-only table; ``rows()`` are the :class:`AccountRow` objects in display order."""

    activated = Signal()  # a row was double-clicked
    changed = Signal()  # the rows were replaced (a refresh) or moved (live events)
    model_class: type[AccountTableModel] = AccountTableModel  # a tab of its own (신용잔고) may paint more

    def __init__(self, view: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        data = views_data()
        spec = data["views"][view]
        self.view = view
        self.texts = data["texts"]
        self.columns: list[tuple[str, str]] = [tuple(c) for c in spec["columns"]]
        # packed rows (account.rows): a tuple of texts each, which the garbage collector does not walk; an
        # AccountRow is made for a row when one is asked for
        self._rows: list[Packed] = []
        self.env: str | None = None  # where the shown rows came from
        self.host: str | None = None
        self.fetched_at: str | None = None
        self.complete = False
        self._status_base: str | None = None  # the status before live events were added to it
        # a list still arriving: (rows, texts) of the whole answer; ``_rows`` holds the part already shown
        self._arriving: tuple[list[Packed], Sequence[Sequence[str]]] | None = None
        self._keep: str | None = None  # the order chosen before the refresh: chosen again when its row comes
        self._when_shown: tuple[bool, str] = (False, "")  # complete, status: once the last slice is in
        self._count_text: tuple[str, str, int] | None = None  # (text key, fetched at, pages) of the list shown
        self._slice_rows = int(data["slice_rows"])
        # the replaced list, let go of a slice a turn: freeing 60,000 rows at once holds the window as long
        self._trash: list[list] = []
        self._slicer = QTimer(self)  # one slice a turn of the event loop: paints and clicks go in between
        self._slicer.setInterval(0)
        self._slicer.timeout.connect(self._next_slice)

        self.model = self.model_class(self.columns, self)
        self.table = row_table(spec["object_name"], self.model, self, ItemsTable)  # typing finds any row
        self.model.attach(self.table)  # items for the rows in view: paint runs no Python
        self.table.horizontalHeader().setResizeContentsPrecision(20)  # widths from a sample, not 5,000 rows
        self._sized = False  # widths are set from the first list with rows; later refreshes keep the user's
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

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self.model.follow()  # taller: more rows in view (the scroll range may not change)

    # --- rows ------------------------------------------------------------------------------
    def rows(self) -> list[AccountRow]:
        return [AccountRow(p) for p in self._rows]

    def row_pairs(self) -> list[tuple[AccountRow, str]]:
        """(row, venue of its query) in display order — of the whole list: rows still arriving are shown at
        once first (live events apply to the list the host gave, never to a part of it)."""
        self._show_all()
        return [as_pair(p) for p in self._rows]

    def live_rows(self) -> TabRows:
        """:meth:`row_pairs` for a batch of live events: read where they are, each row made only when read."""
        self._show_all()
        return TabRows(self._rows)

    @property
    def arriving(self) -> bool:
        """Rows of the last list are still being shown (slice by slice)."""
        return self._arriving is not None

    def selected(self) -> tuple[AccountRow, str] | None:
        """The one row chosen; None when none is, or (a table that allows several) when not exactly one is."""
        if self.table.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection:
            chosen = self.selected_indices()
            return as_pair(self._rows[chosen[0]]) if len(chosen) == 1 else None
        index = self.table.currentIndex()
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        return as_pair(self._rows[index.row()])

    def selected_indices(self) -> list[int]:
        """The rows selected (display order), of those shown."""
        return sorted(i.row() for i in self.table.selectionModel().selectedRows() if i.row() < len(self._rows))

    def texts_of(self, i: int) -> list[str]:
        return [str(self.model.index(i, c).data() or "") for c in range(len(self.columns))]

    def set_loading(self) -> None:
        if self.fetched_at is None:
            self.status.setText(self.texts["loading"])

    def clear(self) -> None:
        """Another environment: nothing shown may be taken for this one's."""
        self._stop_slices()
        self._trash += [self._rows, self.model.set_texts(())]
        self._rows = []
        self._slicer.start()  # lets go of the old rows a slice a turn
        self.env = self.host = self.fetched_at = None
        self._status_base = self._count_text = None
        self.complete = False
        self.status.setText(self.texts["never"])

    def show_result(self, done: QueryDone) -> None:
        if done.rows is None:  # keep the last good list, say when it was fetched and why this failed
            if self.fetched_at is not None and (self.env, self.host) == (done.env, done.host):
                failed = self.texts["failed_keep"].format(reason=done.error, time=self.fetched_at)
                self.status.setText(failed)
                self._when_shown = (self._when_shown[0], failed)  # a list still arriving ends saying so too
            else:
                self.clear()
                self.status.setText(self.texts["failed_none"].format(reason=done.error))
            return
        key = "fetched" if done.complete else "incomplete"
        said = self.texts[key].format(time=done.fetched_at, count=len(done.rows), pages=done.pages)
        self.env, self.host, self.fetched_at = done.env, done.host, done.fetched_at
        self.complete = False  # until the last slice is shown
        self._when_shown = (done.complete, said)
        self._count_text = (key, done.fetched_at, done.pages)  # the count follows live additions and removals
        self._status_base = None
        self._fill(list(done.rows), done.texts)

    def apply_live(self, applied: Applied, when: str) -> None:
        """What a batch of live events did (see :mod:`kiwoom_gui.live.account_rows`): changed rows redrawn,
        new rows appended, finished ones removed — the rest of the table is not touched."""
        self._show_all()  # ``applied`` was made from live_rows(): the whole list
        if len(self._rows) != applied.old_count:  # made from another list: never applied to this one
            raise ValueError("live rows applied to a list they were not read from")
        keys = [key for key, _ in self.columns]
        pre = applied.before_removal
        current = self.table.currentIndex()
        chosen = {current.row()} if current.isValid() and current.row() < applied.old_count else set()
        chosen.update(self.selected_indices())  # several rows chosen: each of them counts
        changed = sorted(i for i in applied.changed if i < applied.old_count)
        self.model.change_rows(dict(zip(changed, self._table_texts([pre[i] for i in changed], keys), strict=True)))
        added = pre[applied.old_count :]
        self.model.append_rows(self._table_texts(added, keys))
        # in place: only the rows the batch named (a new list of 60,000 rows each batch was most of its cost)
        rows = self._rows
        for i in changed:
            rows[i] = packed_pair(pre[i])
        rows.extend(packed_pair(pair) for pair in added)
        for i in reversed(applied.removed):  # sorted: each removal leaves the indices before it as they were
            del rows[i]
        self.model.remove_rows(applied.removed)
        if chosen & set(applied.removed):
            # a chosen row is gone: Qt would hand the selection to its neighbour, another order — a 취소 pressed
            # next must not act on an order the user never chose; and of two chosen, the one left alone would
            # turn 모두 취소 into "every order of its stock"
            self.table.selectionModel().clear()
        if self._count_text is not None:  # the list's line with the count as it is now
            key, fetched, pages = self._count_text
            self._status_base = self.texts[key].format(time=fetched, count=len(self._rows), pages=pages)
        elif self._status_base is None:
            self._status_base = self.status.text()
        self.status.setText(self.texts["live"].format(base=self._status_base, time=when))
        self.changed.emit()

    def _fill(self, rows: list, texts: Sequence[Sequence[str]] | None) -> None:
        """Empty the table (one reset) and show ``rows`` (packed, or (row, venue) pairs) from the first slice on."""
        if rows and isinstance(rows[0][0], AccountRow):
            rows = [packed_pair(pair) for pair in rows]
        current = self.selected()
        keep = current[0].ord_no if current else self._keep  # chosen, or still waiting for its row
        self._stop_slices()
        if texts is None or len(texts) != len(rows):
            texts = self._table_texts(rows, [key for key, _ in self.columns])
        self._trash += [self._rows, self.model.set_texts(())]
        self._rows = []
        self._keep, self._arriving = keep, (rows, texts)
        self._next_slice()
        if not self._sized and self._rows:  # from the first slice: the header samples a few rows anyway
            self._sized = True
            self.table.resizeColumnsToContents()

    def _table_texts(self, rows: Sequence[tuple[AccountRow, str]], keys: Sequence[str]) -> Sequence[Sequence[str]]:
        """The cells of ``rows`` (on the GUI thread: a refresh's come computed with its answer)."""
        return table_texts(rows, keys)

    def _next_slice(self, limit: int | None = None) -> None:
        """Show the next ``slice_rows`` rows of the list arriving (``limit``: that many instead), and let go
        of as many rows of the list it replaced."""
        while self._trash and not self._trash[-1]:
            self._trash.pop()
        if self._trash:
            del self._trash[-1][-self._slice_rows :]
        if self._arriving is None:
            if not self._trash:
                self._slicer.stop()
            return
        rows, texts = self._arriving
        first = len(self._rows)
        last = min(first + (limit or self._slice_rows), len(rows))
        self._rows.extend(rows[first:last])
        self.model.append_rows(texts[first:last])
        if self._keep is not None and not self.table.currentIndex().isValid():  # the user chose none meanwhile
            for r in range(first, last):
                if packed_ord_no(rows[r]) == self._keep:
                    self._keep = None
                    # the slice laid out first: Qt scrolls to the row at once, within the scroll range as it is
                    self.table.executeDelayedItemsLayout()
                    self.table.selectRow(r)
                    break
        if last < len(rows):
            self.status.setText(self.texts["arriving"].format(base=self._when_shown[1], shown=last))
        else:
            self._arriving, self._keep = None, None
            self.complete, said = self._when_shown
            self.status.setText(said)
            self.changed.emit()  # the whole list is shown (the sell form's limit follows its position)
        if (self._arriving is not None or self._trash) and not self._slicer.isActive():
            self._slicer.start()

    def _show_all(self) -> None:
        if self._arriving is not None:
            self._next_slice(limit=len(self._arriving[0]))

    def _stop_slices(self) -> None:
        """No more rows of the list arriving are shown (the trash keeps going)."""
        self._arriving, self._keep = None, None
