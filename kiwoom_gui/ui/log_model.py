"""The response log as a Qt table model: one row per request, updated in place when the answer lands."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QBrush, QColor, QFont

from ..answers import Outcome
from ..environments import environment
from ..journal_entry import JournalEntry, response_of
from ..specs import order_spec

if TYPE_CHECKING:
    from ..client import OrderResult

PENDING_LABEL = "전송 중"
_ROOT = QModelIndex()
# the outcome and ord_no come first: they are what a trader must see without scrolling
COLUMNS = ("시각", "환경", "API", "주문", "결과", "주문번호", "HTTP", "return_code", "코드", "ms", "return_msg")
OUTCOME_COLUMN = COLUMNS.index("결과")
_COLORS = {
    Outcome.ACCEPTED: "#2e7d32",
    Outcome.REJECTED: "#c62828",
    Outcome.AUTH_FAILED: "#c62828",
    Outcome.RATE_LIMITED: "#ef6c00",
    Outcome.UNKNOWN: "#e65100",
    Outcome.NOT_SENT: "#616161",
}


@dataclass(frozen=True)
class LogRow(JournalEntry):
    """A journal entry as the log shows it, plus what only the live log has."""

    request_id: int | None = None  # set for orders sent in this run; their answer updates the row
    response_headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def when(self) -> str:
        return self.when_on(dt.date.today())

    def when_on(self, today: dt.date) -> str:
        """``HH:MM:SS`` for today, else ``YYYY-MM-DD HH:MM:SS`` (``created_at`` is local ISO time)."""
        date, _, time = self.created_at.partition("T")
        return time[:8] if date == today.isoformat() else f"{date} {time[:8]}"

    @property
    def outcome_label(self) -> str:
        return self.outcome.label if self.outcome else PENDING_LABEL

    def cells(self, today: dt.date | None = None) -> tuple[str, ...]:
        env_label = environment(self.env).label if self.env in ("mock", "real", "simulator") else self.env
        return (
            self.when_on(today or dt.date.today()),
            env_label,
            self.api_id,
            order_spec(self.api_id).title if self.api_id.startswith("kt") else "",
            self.outcome_label,
            self.ord_no or "",
            "" if self.http_status is None else str(self.http_status),
            "" if self.return_code is None else str(self.return_code),
            self.code or "",
            "" if self.elapsed_ms is None else f"{self.elapsed_ms:.0f}",
            self.return_msg,
        )

    def to_json(self) -> dict:
        data = asdict(self)
        data["outcome"] = self.outcome.value if self.outcome else None
        data["outcome_label"] = self.outcome_label
        data["title"] = order_spec(self.api_id).title
        return data


def row_from_journal(entry: JournalEntry) -> LogRow:
    return LogRow(**{f.name: getattr(entry, f.name) for f in fields(JournalEntry)})


def with_result(row: LogRow, result: OrderResult, journal_id: int | None) -> LogRow:
    return replace(
        row,
        id=journal_id,
        outcome=result.outcome,
        http_status=result.http_status,
        return_code=result.return_code,
        code=result.code,
        return_msg=result.return_msg,
        ord_no=result.ord_no,
        elapsed_ms=result.elapsed_ms,
        message=result.message,
        response=response_of(result),
        response_headers=dict(result.response_headers),
    )


class LogModel(QAbstractTableModel):
    def __init__(self, parent=None, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__(parent)
        self._rows: list[LogRow] = []
        self._cells: list[tuple[str, ...]] = []  # what each row displays, computed once: a paint asks ~600 times
        self._today = today
        self._cells_day = today()  # "HH:MM:SS" means today: recomputed when the day changes
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self.refresh_day)
        self._schedule_midnight()
        self._by_request: dict[int, int] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self._brushes = {o: QBrush(QColor(c)) for o, c in _COLORS.items()}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.message or None
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == OUTCOME_COLUMN and row.outcome:
            return self._brushes[row.outcome]
        if role == Qt.ItemDataRole.FontRole and row.outcome is Outcome.UNKNOWN:
            return self._bold
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def row(self, i: int) -> LogRow:
        return self._rows[i]

    def rows(self) -> list[LogRow]:
        return list(self._rows)

    def extend(self, rows: list[LogRow]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self.refresh_day()
        for i, row in enumerate(rows, start=first):
            self._rows.append(row)
            self._cells.append(row.cells(self._cells_day))
            if row.request_id is not None:
                self._by_request[row.request_id] = i
        self.endInsertRows()

    def append(self, row: LogRow) -> None:
        self.extend([row])

    def update_request(self, request_id: int, result: OrderResult, journal_id: int | None) -> LogRow | None:
        i = self._by_request.get(request_id)
        if i is None:
            return None
        self.refresh_day()
        self._rows[i] = with_result(self._rows[i], result, journal_id)
        self._cells[i] = self._rows[i].cells(self._cells_day)
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))
        return self._rows[i]

    @Slot()
    def refresh_day(self) -> None:
        """After midnight, yesterday's rows must show their date: recompute every row's cells once."""
        today = self._today()
        if today != self._cells_day:
            self._cells_day = today
            self._cells = [r.cells(today) for r in self._rows]
            if self._rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))
        if not self._midnight.isActive():  # after it fired: the next midnight
            self._schedule_midnight()

    def _schedule_midnight(self) -> None:
        now = dt.datetime.now()
        midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time())
        self._midnight.start(int((midnight - now).total_seconds() * 1000) + 1000)

    def export_csv(self, path: Path, rows: list[LogRow] | None = None) -> int:
        rows = self._rows if rows is None else rows
        with open(path, "w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel reads Korean correctly
            writer = csv.writer(fh)
            writer.writerow([*COLUMNS, "message", "request_body", "response"])
            for row in rows:
                writer.writerow(
                    [
                        *row.cells(),
                        row.message,
                        json.dumps(dict(row.request_body), ensure_ascii=False),
                        json.dumps(row.response, ensure_ascii=False) if row.response is not None else "",
                    ]
                )
        return len(rows)


class LogFilter(QSortFilterProxyModel):
    """Filter by api-id and by outcome ("" = all; "pending" = 전송 중)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._api_id = ""
        self._outcome = ""

    def set_filters(self, api_id: str, outcome: str) -> None:
        self.beginFilterChange()  # Qt 6.10+: invalidateFilter() is deprecated
        self._api_id, self._outcome = api_id, outcome
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        row: LogRow = self.sourceModel().row(source_row)
        if self._api_id and row.api_id != self._api_id:
            return False
        if self._outcome:
            value = row.outcome.value if row.outcome else "pending"
            return value == self._outcome
        return True
