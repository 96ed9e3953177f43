"""LoanLotsView: the 신용잔고 tab — one row per (종목, 대출일) — painted in the Korean colours (평가손익 and
수익률 red when up, blue when down), figures the host sent unreadable marked ⚠ on yellow, and lots within
``credit/expiry_warn_days`` of 만기 marked; ``expiringCount`` says how many (the tab title and the credit strip
show it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from ...account.rows import AccountRow, as_pair
from ...base.kst import KST, kst_today
from ...loans.lots import data, is_expiring, lot_texts, texts
from ..account.account_view import AccountView
from ..account.visible_items import AccountTableModel, raw_index

if TYPE_CHECKING:
    from ...live.account_rows import Applied
    from ..account.sell_limit import SellLimit
    from ..orders.order_form import OrderForm

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
UP, DOWN = "#d32f2f", "#1565c0"  # 상승 빨강, 하락 파랑 (as Korean trading screens)
MARK, EXPIRING = "#fff3cd", "#ffd6d6"
_SIGNED = ("evltv_prft", "pl_rt")
_NUMBERS = ("crd_amt", "crd_int", "rmnd_qty", "clrn_alow_qty", "pur_pric", "cur_prc", "evltv_prft", "pl_rt")
_EXPIRY = ("expr_dt", "_days_left")


def expiry_warn_days(settings: QSettings) -> int:
    """``credit/expiry_warn_days`` from settings.ini: a whole number of days 0–365, else the default (7)."""
    rule = data()["settings"]
    value = settings.value(rule["expiry_warn_days"], rule["expiry_warn_default"])
    try:
        days = int(str(value).strip())
    except ValueError:
        return int(rule["expiry_warn_default"])
    return days if 0 <= days <= int(rule["expiry_warn_max"]) else int(rule["expiry_warn_default"])


class LotTableModel(AccountTableModel):
    def __init__(self, columns: Sequence[tuple[str, str]], parent: QObject | None = None) -> None:
        super().__init__(columns, parent)
        keys = [key for key, _ in columns]
        self._signed = {i for i, key in enumerate(keys) if key in _SIGNED}
        self._expiry = {i for i, key in enumerate(keys) if key in _EXPIRY}
        self._numbers = {i for i, key in enumerate(keys) if key in _NUMBERS}
        self._brushes = {name: QBrush(QColor(c)) for name, c in (("up", UP), ("down", DOWN), ("mark", MARK),
                                                                 ("expiring", EXPIRING))}  # fmt: skip
        self._bad = texts()["bad"].split("{", 1)[0].strip()  # the ⚠ every marked cell starts with
        self.expiring: Callable[[int], bool] = lambda row: False  # the view says which rows are near 만기
        self.expiring_tip = ""

    def _put(self, row: int, texts: Sequence[str], fresh: bool) -> None:
        # a row made again: every role (None: none), so it drops a colour it no longer has
        expiring = self.expiring(row)
        for col, text in enumerate(texts):
            roles = self._roles(col, text, expiring)
            if fresh:
                roles = {role: value for role, value in roles.items() if value is not None}
            self.setItemData(raw_index(self, row, col), roles)

    def _roles(self, col: int, text: str, expiring: bool) -> dict[int, object]:
        bad = text.startswith(self._bad)
        foreground = None
        if col in self._signed and text and not bad:
            if text[0] == "-":
                foreground = self._brushes["down"]
            elif text[0].isdigit() and text.strip("0.,"):
                foreground = self._brushes["up"]
        near = expiring and col in self._expiry
        background = self._brushes["mark"] if bad else self._brushes["expiring"] if near else None
        tip = self.expiring_tip if near else None
        align = _RIGHT if col in self._numbers else None
        return {_DISPLAY: text, _FOREGROUND: foreground, _BACKGROUND: background, _TOOLTIP: tip, _ALIGN: align}

    def restyle(self) -> None:
        """The 만기 임박 shading and its tip of the rows made, as ``expiring`` and ``expiring_tip`` say now."""
        self.blockSignals(True)
        try:
            for row in self._made:
                expiring, texts = self.expiring(row), self._texts[row]
                for col in self._expiry:
                    self.setItemData(raw_index(self, row, col), self._roles(col, texts[col], expiring))
        finally:
            self.blockSignals(False)
        if self._made and self._expiry:
            first, last = min(self._made), max(self._made)
            self.dataChanged.emit(raw_index(self, first, min(self._expiry)), raw_index(self, last, max(self._expiry)))


class LoanLotsView(AccountView):
    """The 신용잔고 tab; ``expiringCountChanged(n)`` whenever the number of lots near 만기 changes."""

    model_class = LotTableModel
    expiringCountChanged = Signal(int)  # noqa: N815 (the public contract's name)

    def __init__(self, view: str, parent: QWidget | None = None) -> None:
        super().__init__(view, parent)
        self.warn_days = int(data()["settings"]["expiry_warn_default"])
        self._count = 0
        self._expiring_rows: set[int] = set()  # rows (display order) near 만기, as of the last count
        self._moved = False  # rows were removed since the last count: rows made meanwhile may sit on another row
        model = self.model
        assert isinstance(model, LotTableModel)
        model.expiring = self._expiring_at
        model.expiring_tip = texts()["expiring_tip"].format(days=self.warn_days)
        self.changed.connect(self._recount)
        # D-n and the 만기 임박 count are of a KST day: at KST midnight they are worked out again, without a refresh
        self.today: Callable[[], dt.date] = kst_today
        self._midnight = QTimer(self)
        self._midnight.setSingleShot(True)
        self._midnight.timeout.connect(self.roll_day)
        self._arm_midnight()

    def _arm_midnight(self) -> None:
        now = dt.datetime.now(KST)
        next_day = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0, 0, 1), tzinfo=KST)
        self._midnight.start(max(1000, int((next_day - now).total_seconds() * 1000)))

    def roll_day(self) -> None:
        """A new KST day: every row's D-n and shading, and the count, as of today."""
        keys = [key for key, _ in self.columns]
        texts_now = self._table_texts(self._rows, keys)
        self.model.change_rows(dict(enumerate(texts_now)))  # the rows made are made again
        self._recount()
        self._arm_midnight()

    def set_warn_days(self, days: int) -> None:
        self.warn_days = days
        model = self.model
        assert isinstance(model, LotTableModel)
        model.expiring_tip = texts()["expiring_tip"].format(days=days)
        self._recount()
        model.restyle()  # the tip says the days

    def expiringCount(self) -> int:  # noqa: N802 (the public contract's name)
        """Lots shown whose 만기일 is within ``warn_days`` (KST) — or past."""
        return self._count

    def _expiring_at(self, i: int) -> bool:
        # asked per painted cell: a set kept with the rows, not a row built and a date parsed on every paint
        return i in self._expiring_rows

    def _reshade(self) -> None:
        today = self.today()
        before = self._expiring_rows
        self._expiring_rows = {i for i, p in enumerate(self._rows) if is_expiring(as_pair(p)[0], today, self.warn_days)}
        # rows were made with the rows near 만기 as they were: made again. A live batch makes the rows it changes
        # and adds at their rows before its removals, then moves them up: the set may be the same, the rows not
        if self._expiring_rows != before or self._moved:
            self._moved = False
            model = self.model
            assert isinstance(model, LotTableModel)
            model.restyle()

    def apply_live(self, applied: Applied, when: str) -> None:
        self._moved = self._moved or bool(applied.removed)
        super().apply_live(applied, when)  # its ``changed`` counts again (and restyles)

    def _next_slice(self, limit: int | None = None) -> None:
        super()._next_slice(limit)
        if self._arriving is not None:  # rows still arriving: shaded by the rows shown, never the list before's
            self._reshade()  # the count waits for the whole list (``changed``)

    def _recount(self) -> None:
        self._reshade()
        count = len(self._expiring_rows)
        if count != self._count:
            self._count = count
            self.expiringCountChanged.emit(count)

    def clear(self) -> None:
        super().clear()
        self._recount()

    def _table_texts(self, rows: Sequence, keys: Sequence[str]) -> Sequence[Sequence[str]]:
        pairs = [r if isinstance(r[0], AccountRow) else as_pair(r) for r in rows]  # packed rows or (row, venue)
        return lot_texts(pairs, keys, self.today())


def lot_limit(form: OrderForm, lots: LoanLotsView, parent: QObject) -> SellLimit:
    """The 신용매도 form's limit from a loan lot: its 청산가능수량, following the lot as it moves."""
    from ..account.sell_limit import SellLimit

    t = texts()
    words = {"over": t["over"], "hint": t["hint"], "unreadable": t["unreadable"], "gone": t["gone"],
             "several": t["duplicate"]}
    return SellLimit(form, lots, parent, qty_key="clrn_alow_qty", words=words)
