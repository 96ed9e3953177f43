"""The response log as a Qt model: one row per request, updated in place when the answer lands.

Paint runs no Python. The cells live in a ``QStandardItemModel`` (C++), made once per row and changed
only when the answer arrives or the day changes; this class adds methods but overrides no virtual
(PySide then never calls into Python for ``data``/``rowCount``). A Python model answered ~2,000
calls per repaint while holding the GIL, and the worker's fsync and socket writes waited for it.
The filter is C++ too: a regular expression on a hidden ``api_id|outcome`` role.

Bounded: the newest ``LIVE_ROWS`` rows stay (older ones remain in the journal); a row still waiting
for its answer is never dropped, so the answer always finds its row, nor one still 확인 필요, so a Send of the
same body still warns that it may be a second order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Slot
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel

from ...base.kst import KST, kst_today
from ...host.answers import Outcome
from ...records.bounded_text import bounded
from ...records.log_rows import (
    CELL_CHARS,
    COLUMN_KEYS,
    COLUMNS,
    LIVE_ROWS,
    OUTCOME_COLUMN,
    PENDING_LABEL,
    TRIM_BATCH,
    LogRow,
    row_from_journal,
    with_result,
)

if TYPE_CHECKING:
    from ...host.client import OrderResult

FILTER_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # on column 0: "kt10006|accepted", what LogFilter matches
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_TIP_COLUMNS = (OUTCOME_COLUMN, COLUMN_KEYS.index("return_msg"))  # where the row's note shows on hover
_COLORS = {  # by outcome value
    "accepted": "#2e7d32",
    "confirmed": "#2e7d32",  # 접수 확인: found in the account after an unknown outcome
    "rejected": "#c62828",
    "auth_failed": "#c62828",
    "rate_limited": "#ef6c00",
    "unknown": "#e65100",
    "not_sent": "#616161",
}


def filter_key(row: LogRow) -> str:
    return f"{row.api_id}|{row.outcome_value}"


class LogModel(QStandardItemModel):
    def __init__(
        self,
        parent=None,
        today: Callable[[], dt.date] = kst_today,
        live_rows: int = LIVE_ROWS,
        trim_batch: int = TRIM_BATCH,
    ) -> None:
        super().__init__(0, len(COLUMNS), parent)
        for i, column in enumerate(COLUMNS):
            header = QStandardItem(column.label)
            header.setToolTip(column.tooltip)  # the key (return_code, ms, …) the Korean label stands for
            self.setHorizontalHeaderItem(i, header)
        self._rows: list[LogRow] = []  # in display order, parallel to the items
        # where the 확인 필요 rows are: every Send asks for them, and a scan of 5,000 rows cost the click 0.5 ms
        self._unknown: set[int] = set()
        self._live_rows = live_rows
        self._trim_batch = max(1, trim_batch)  # dropped at once past live_rows: one removal per batch
        self._today = today
        self._cells_day = today()  # "HH:MM:SS" means today: recomputed when the day changes
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self.refresh_day)
        self._schedule_midnight()
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {o: QBrush(QColor(c)) for o, c in _COLORS.items()}

    # --- rows --------------------------------------------------------------------------------
    def row(self, i: int) -> LogRow:
        return self._rows[i]

    def rows(self) -> list[LogRow]:
        return list(self._rows)

    def unknown_rows(self) -> list[LogRow]:
        """The rows whose outcome is 확인 필요, in display order (read at every Send: not a scan of the log)."""
        return [self._rows[i] for i in sorted(self._unknown)]

    def _put(self, i: int, row: LogRow) -> None:
        """Row ``i`` is ``row`` now: every change of a row goes through here, so the 확인 필요 index holds."""
        self._rows[i] = row
        if row.outcome is Outcome.UNKNOWN:
            self._unknown.add(i)
        else:
            self._unknown.discard(i)

    def extend(self, rows: Iterable[LogRow]) -> None:
        rows = list(rows)
        if not rows:
            return
        self.refresh_day()
        first = len(self._rows)
        self._rows.extend(rows)
        self._unknown.update(first + k for k, row in enumerate(rows) if row.outcome is Outcome.UNKNOWN)
        self.insertRows(first, len(rows))  # one rowsInserted for the batch (a history of 1,000 rows)
        self._fill(first, [(i, None) for i in range(first, len(self._rows))])
        self._trim()

    def append(self, row: LogRow) -> None:
        self.extend([row])

    def update_request(self, request_id: int, result: OrderResult, journal_id: int | None) -> LogRow | None:
        i = self._find_request(request_id)
        if i is None:
            return None
        self.refresh_day()
        before = self._rows[i]
        self._put(i, with_result(before, result, journal_id))
        self._fill(i, [(i, before)])
        return self._rows[i]

    def resolve(
        self, journal_id: int, outcome: Outcome | None, ord_no: str | None, message: str, candidates: tuple = ()
    ) -> LogRow | None:
        """What the search for an order of unknown outcome found: its number and 접수 확인, or why not and the
        candidates it saw (``outcome`` None keeps the row's outcome)."""
        for i in range(len(self._rows) - 1, -1, -1):
            if self._rows[i].id == journal_id:
                before = self._rows[i]
                changes: dict = {"message": message, "candidates": tuple(candidates)}
                if outcome is not None:
                    changes.update(outcome=outcome, ord_no=ord_no, candidates=())
                self._put(i, replace(before, **changes))
                self._fill(i, [(i, before)])
                return self._rows[i]
        return None

    def set_fills(self, env: str, host: str, day: dt.date, fills: Mapping[str, tuple[str, str]]) -> int:
        """Live events: the 체결 cell of each order number in ``fills`` (number → (stock, text)) among the rows
        sent to ``env`` and ``host`` on trading day ``day`` (numbers start again each day) for that stock.
        Returns the rows changed."""
        from ...orders.order_reuse import trading_day

        changed = []
        for i in range(len(self._rows) - 1, -1, -1):
            row = self._rows[i]
            fill = fills.get(row.ord_no or "")
            if fill is None or fill[1] == row.fill or (row.env, row.host) != (env, host):
                continue
            stock, text = fill
            if str(row.request_body.get("stk_cd", "")).strip().upper() != stock:
                continue
            if trading_day(row.created_at) != day:
                continue
            self._put(i, replace(row, fill=text))
            changed.append((i, row))
        for i, before in sorted(changed):
            self._fill(i, [(i, before)])
        return len(changed)

    def mark_sent(self, request_id: int) -> LogRow | None:
        """A waiting order is on the wire now: its row says 전송 중 instead of 대기 중."""
        i = self._find_request(request_id)
        if i is None or not self._rows[i].waiting:
            return None
        before = self._rows[i]
        self._put(i, replace(before, waiting=False, message=""))
        self._fill(i, [(i, before)])
        return self._rows[i]

    def _find_request(self, request_id: int) -> int | None:
        # from the end: the row being answered is almost always among the newest
        for i in range(len(self._rows) - 1, -1, -1):
            if self._rows[i].request_id == request_id:
                return i
        return None

    def _fill(self, first: int, rows: list[tuple[int, LogRow | None]]) -> None:
        """Set the cells of rows ``first``… from ``self._rows`` (each with the row it was before, whose
        unchanged cells are left alone), then announce them with one dataChanged: the filter and the
        view redo them once. Qt makes the items on the first setItemData: no Python wrapper per cell."""
        blocked = self.blockSignals(True)
        try:
            for i, before in rows:
                for column, roles in self._changed_cells(self._rows[i], before):
                    if len(roles) == 1 and _DISPLAY in roles:  # most cells: the cheaper call
                        self.setData(self.index(i, column), roles[_DISPLAY])
                    else:
                        self.setItemData(self.index(i, column), roles)
        finally:
            self.blockSignals(blocked)
        last = rows[-1][0]
        self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _changed_cells(self, row: LogRow, before: LogRow | None) -> list[tuple[int, dict[int, object]]]:
        old = before.cells(self._cells_day) if before is not None else None
        new_tip = row.message and (before is None or row.message != before.message)
        tip = bounded(row.message, CELL_CHARS) if new_tip else None
        changed = []
        for column, text in enumerate(row.cells(self._cells_day)):
            roles: dict[int, object] = {}
            if old is None or old[column] != text:  # "" too: an empty cell reads as "", not as no data
                roles[_DISPLAY] = text
            if column == 0:
                roles[FILTER_ROLE] = filter_key(row)
            if column == OUTCOME_COLUMN and row.outcome is not None:
                roles[_FOREGROUND] = self._brushes[row.outcome.value]
            if row.outcome is Outcome.UNKNOWN:
                roles[_FONT] = self._bold
            if tip is not None and column in _TIP_COLUMNS:
                roles[_TOOLTIP] = tip
            if roles:
                changed.append((column, roles))
        return changed

    def _trim(self) -> None:
        """Past live_rows + trim_batch, drop the oldest rows down to live_rows, never a pending one, never one still
        확인 필요: a Send of the same body must find it and warn it may be a second order (few: each needs a look)."""
        excess = len(self._rows) - self._live_rows
        if excess < self._trim_batch:
            return
        unknown = self._unknown
        drop = [i for i, row in enumerate(self._rows) if not row.pending and i not in unknown][:excess]
        for first, count in reversed(_runs(drop)):  # from the bottom: indices above stay valid
            self.removeRows(first, count)
            del self._rows[first : first + count]
            self._unknown = {i if i < first else i - count for i in self._unknown if not first <= i < first + count}

    # --- the day -----------------------------------------------------------------------------
    @Slot()
    def refresh_day(self) -> None:
        """After midnight, yesterday's rows must show their date: recompute the time column once."""
        today = self._today()
        if today != self._cells_day:
            self._cells_day = today
            for i, row in enumerate(self._rows):
                index = self.index(i, 0)
                text = row.cells(today)[0]
                if index.data() != text:
                    self.setData(index, text)
        if not self._midnight.isActive():  # after it fired: the next midnight
            self._schedule_midnight()

    def _schedule_midnight(self) -> None:
        now = dt.datetime.now(KST)  # the KST day turns at KST midnight, whatever this computer's zone
        midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), KST)
        self._midnight.start(int((midnight - now).total_seconds() * 1000) + 1000)

    # --- export ------------------------------------------------------------------------------
    def export_csv(self, path: Path, rows: list[LogRow] | None = None) -> int:
        """Write ``rows`` (default: all) to ``path``; disk I/O, so LogPanel runs it off the GUI thread."""
        from ...records.log_csv import write_csv  # only when a file is exported: not at start-up

        return write_csv(path, self._rows if rows is None else rows)


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Sorted indices as (first, count) runs: [0, 1, 2, 5, 6] → [(0, 3), (5, 2)]."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][0] + runs[-1][1] == i:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


class LogFilter(QSortFilterProxyModel):
    """Filter by api-id and by outcome ("" = all; "pending" = 전송 중), matched in C++ on FILTER_ROLE:
    no Python runs per row, not even when rows change."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setFilterKeyColumn(0)
        self.setFilterRole(FILTER_ROLE)

    def set_filters(self, api_id: str, outcome: str) -> None:
        if not api_id and not outcome:
            self.setFilterRegularExpression("")
            return
        api = re.escape(api_id) if api_id else r"[^|]*"
        result = re.escape(outcome) if outcome else r".*"
        self.setFilterRegularExpression(f"^{api}\\|{result}$")


__all__ = ["COLUMNS", "FILTER_ROLE", "PENDING_LABEL", "LogFilter", "LogModel", "LogRow", "row_from_journal"]
