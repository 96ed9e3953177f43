"""Editors for one spec field: line edits that never drop a character, combos whose data is the wire code.

A field is never cut to fit, whatever the path (typing, Ctrl+V, middle-click, IME, accessibility): the
line edit has no length limit and no validator, and the core judges the whole value and says what is
wrong beside the field ("최대 7자입니다"). A maxLength or a refusing QValidator would drop characters
without a word: ``00004551`` would become ``0000455`` and name another order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Slot
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QComboBox, QLineEdit, QStyle, QToolButton, QWidget

from ...instrument.ticks import step_price
from ...orders.specs import FieldSpec, load_rules
from ...orders.validation import earliest_date, korea_today, normalise
from .instrument_line import texts

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCalendarWidget

# QLineEdit's default maxLength (32767) would itself cut a long paste; this is as far as Qt can count.
NO_LIMIT = 2**31 - 1
WIRE_DATE = "yyyyMMdd"
# a price the arrow keys may step: ASCII digits, short enough to be a price (a long paste is left alone)
_STEPPABLE = re.compile(r"[0-9]{1,12}")
_TICK_KEYS = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 5, Qt.Key.Key_PageDown: -5}


class HintedLineEdit(QLineEdit):
    """A line edit whose placeholder always fits: the longest of its hints that fits the field's width (the
    last one shortened with … if none does); the whole first hint is in the tooltip."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._hints: tuple[str, ...] = ()
        self._tip = ""  # what the field is (the spec's words)
        self._note = ""  # why it is closed, when it is

    def set_tip(self, tip: str) -> None:
        self._tip = tip
        self._update_tip()

    def set_note(self, note: str) -> None:
        self._note = note
        self._update_tip()

    def set_hints(self, hints: Sequence[str], tip: str | None = None) -> None:
        """``hints``: the whole hint first, then shorter ones."""
        self._hints = tuple(h for h in hints if h)
        if tip is not None:
            self._tip = tip
        self._update_tip()
        self._fit()

    def _update_tip(self) -> None:
        whole = self._hints[0] if self._hints else ""
        parts = [self._note, self._tip, whole if whole not in self._tip else ""]
        self.setToolTip("\n".join(p for p in parts if p))

    def text_room(self) -> int:
        """The width the text is drawn in: the field less its frame, Qt's 2 px margins and any icon button."""
        frame = self.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, self) if self.hasFrame() else 0
        margins = self.textMargins()
        icons = sum(b.width() + 6 for b in self.findChildren(QToolButton) if not b.isHidden())
        return self.width() - 2 * frame - 4 - margins.left() - margins.right() - icons

    def width_for(self, text: str) -> int:
        """The field width that shows ``text`` whole."""
        return self.fontMetrics().horizontalAdvance(text) + self.width() - self.text_room() + 2

    def _fit(self) -> None:
        room, metrics = self.text_room(), self.fontMetrics()
        shown = next((h for h in self._hints if metrics.horizontalAdvance(h) <= room), None)
        if shown is None and self._hints:
            shown = metrics.elidedText(self._hints[-1], Qt.TextElideMode.ElideRight, max(room, 0))
        if self.placeholderText() != (shown or ""):
            self.setPlaceholderText(shown or "")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()


class PasteSafeLineEdit(HintedLineEdit):
    """A QLineEdit that keeps every character it is given; Ctrl+V, Shift+Insert and the menu trim a paste.

    Trimming only drops the blanks and newline around a copied cell; the text itself goes in whole.
    """

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setMaxLength(NO_LIMIT)
        self.setAcceptDrops(False)

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            self.paste_text(QGuiApplication.clipboard().text())
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:
        menu = self.createStandardContextMenu()
        for action in menu.actions():
            if action.objectName() == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(lambda: self.paste_text(QGuiApplication.clipboard().text()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def paste_text(self, text: str) -> bool:
        """Insert ``text`` without its surrounding blanks, whole; False if nothing was left to insert."""
        cleaned = text.strip()
        if not cleaned:
            return False
        self.insert(cleaned)
        return True


class PriceLineEdit(PasteSafeLineEdit):
    """A price field: Up/Down move the price one tick along the KRX grid, PageUp/PageDown five.

    The grid is the form's (``price_kind``: an ETF steps by 5원 where a stock steps by 10원 or more); an
    empty field starts from 현재가 (``reference_price``) once the stock has been looked up. Text that is not
    a plain number (``7만``, a decimal, a long paste) is never touched: the keys then do what they always do.
    """

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.price_kind = "stock"
        self.reference_price: int | None = None

    def keyPressEvent(self, event) -> None:
        ticks = _TICK_KEYS.get(event.key())
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if ticks and plain and self.step(ticks):
            event.accept()
            return
        super().keyPressEvent(event)

    def step(self, ticks: int) -> bool:
        """Move the price ``ticks`` ticks (as one undoable edit); False when the text is not a price."""
        text = normalise(self.spec, self.text())
        if not text:
            if self.reference_price is None or self.reference_price <= 0:
                return False
            start = self.reference_price
        elif _STEPPABLE.fullmatch(text) and int(text) > 0:
            start = int(text)
        else:
            return False
        self.selectAll()
        self.insert(str(step_price(start, ticks, self.price_kind)))
        return True


@cache  # one drawing for every date field
def _calendar_icon() -> QIcon:
    """The theme's calendar icon, else a small drawn one (the offscreen and bare X platforms have no theme)."""
    icon = QIcon.fromTheme("x-office-calendar")
    if not icon.isNull():
        return icon
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#555"))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(1, 2, 14, 4, QColor("#c62828"))
    for x in (4, 8, 12):
        for y in (8, 11):
            painter.drawPoint(x, y)
    painter.end()
    return QIcon(pixmap)


class DateLineEdit(PasteSafeLineEdit):
    """A date typed as YYYYMMDD or picked from a calendar; empty until the user chooses one.

    A QDateEdit always holds some date, so a loan date would silently default to today. Here the text is
    "" until picked or typed, and the core judges it (a real date, not after today).
    """

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.calendar_action = QAction(_calendar_icon(), "달력에서 고르기 (Alt+↓)", self)
        self.calendar_action.setObjectName("calendar")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar: QCalendarWidget | None = None  # built on first use: it costs start-up time

    def _make_calendar(self) -> QCalendarWidget:
        from PySide6.QtWidgets import QCalendarWidget  # here, not at import: its type costs start-up time

        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setObjectName(f"{self.spec.key}_calendar")
        calendar.setLocale(QLocale("ko_KR"))
        calendar.setGridVisible(True)
        calendar.activated.connect(self.pick)  # Enter or double-click
        calendar.clicked.connect(self.pick)
        return calendar

    def keyPressEvent(self, event) -> None:
        alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt_down or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    @Slot()
    def open_calendar(self) -> None:
        """Show the calendar below the field at the typed date (else today); days after today cannot be picked."""
        if self.calendar is None:
            self.calendar = self._make_calendar()
        now = korea_today()
        latest = QDate(now.year, now.month, now.day)
        earliest = earliest_date(load_rules().kinds.get(self.spec.kind, {}))
        if earliest is not None:
            self.calendar.setMinimumDate(QDate(earliest.year, earliest.month, earliest.day))
        self.calendar.setMaximumDate(latest)
        typed = QDate.fromString(self.text().strip().replace("-", ""), WIRE_DATE)
        self.calendar.setSelectedDate(typed if typed.isValid() and typed <= latest else latest)
        self.calendar.adjustSize()
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()

    @Slot(QDate)
    def pick(self, date: QDate) -> None:
        if self.calendar is not None:
            self.calendar.hide()
        self.setText(date.toString(WIRE_DATE))
        self.setFocus()


def make_editor(spec: FieldSpec, parent: QWidget | None = None) -> QWidget:
    """QComboBox (item data = wire code) for enumerations, DateLineEdit for dates, PriceLineEdit for prices,
    else PasteSafeLineEdit."""
    if spec.enum:
        combo = QComboBox(parent)
        for option in spec.enum:
            # a number code (보통 = 0) means nothing to a trader: the label alone, the code in the tooltip;
            # a venue's own name (KRX, NXT, SOR) is how traders say it, so it stays beside the label
            text = f"{option.label} ({option.code})" if not option.code.isdigit() else option.label
            combo.addItem(text, option.code)
            combo.setItemData(combo.count() - 1, f"{spec.key} = {option.code}", Qt.ItemDataRole.ToolTipRole)
        if spec.default:
            combo.setCurrentIndex(combo.findData(spec.default))
        return combo
    if spec.kind == "date":
        edit: PasteSafeLineEdit = DateLineEdit(spec, parent)
    elif spec.kind == "price":
        edit = PriceLineEdit(spec, parent)
    else:
        edit = PasteSafeLineEdit(spec, parent)
    kind_hint = load_rules().kinds.get(spec.kind, {}).get("hint", "")
    whole = spec.hint or kind_hint or spec.description.split("\n")[0]
    shorter = texts()["placeholders"]
    edit.set_hints([whole, *shorter.get(spec.key, shorter.get(spec.kind, []))])
    return edit


def editor_text(editor: QWidget) -> str:
    """The raw text the core validates ("" for a disabled editor: that field does not apply)."""
    if not editor.isEnabled():
        return ""
    if isinstance(editor, QComboBox):
        data = editor.currentData()
        return "" if data is None else str(data)
    return editor.text()


def set_editor_text(editor: QWidget, value: str) -> None:
    """Select the combo item whose wire code is ``value``, or set a line edit's text (a date as YYYYMMDD)."""
    if isinstance(editor, QComboBox):
        index = editor.findData(value)
        if index >= 0:
            editor.setCurrentIndex(index)
    else:
        editor.setText(value)
