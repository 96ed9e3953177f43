"""Editors for one spec field: line edits that never truncate a paste, combos whose data is the wire code."""

from __future__ import annotations

from PySide6.QtCore import QDate, QRegularExpression, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QWidget

from ..specs import FieldSpec

# What a keystroke may add per kind; the validator in the core judges the whole value.
_ALLOWED = {
    "quantity": "[0-9,]*",
    "remaining_quantity": "[0-9,]*",
    "price": "[0-9,]*",
    "order_no": "[0-9]*",
    "stock_code": "[A-Za-z0-9]*",
}


class PasteSafeLineEdit(QLineEdit):
    """A QLineEdit whose paste is trimmed, then inserted whole or refused — never silently cut to fit.

    Plain QLineEdit truncates a paste at maxLength: `` 0000455`` would become `` 000045`` and name
    another order. Here the paste is trimmed first, and refused with a message if it still does not fit
    or contains characters this field does not take.
    """

    paste_refused = Signal(str)

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setMaxLength(spec.max_length)
        self.setAcceptDrops(False)
        pattern = _ALLOWED.get(spec.kind)
        if pattern:
            self.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self))

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
        """Insert ``text`` trimmed, as one piece; returns False (and says why) if it cannot go in whole."""
        cleaned = text.strip()
        if not cleaned:
            return False
        before = self.text()
        selected = len(self.selectedText())
        if len(before) - selected + len(cleaned) > self.maxLength():
            self.paste_refused.emit(
                f"붙여 넣은 값이 너무 깁니다: 최대 {self.maxLength()}자 ({cleaned[:20]!r}) — 잘라서 넣지 않았습니다"
            )
            return False
        self.insert(cleaned)
        if self.text() == before:
            self.paste_refused.emit(f"붙여 넣은 값 {cleaned[:20]!r}은(는) 이 칸에 넣을 수 없습니다")
            return False
        return True


def make_editor(spec: FieldSpec, parent: QWidget | None = None) -> QWidget:
    """QComboBox (item data = wire code) for enumerations, QDateEdit for dates, else PasteSafeLineEdit."""
    if spec.enum:
        combo = QComboBox(parent)
        for option in spec.enum:
            combo.addItem(f"{option.label} ({option.code})", option.code)
        if spec.default:
            combo.setCurrentIndex(combo.findData(spec.default))
        return combo
    if spec.kind == "date":
        date = QDateEdit(parent)
        date.setCalendarPopup(True)
        date.setDisplayFormat("yyyy-MM-dd")
        date.setDate(QDate.currentDate())
        return date
    edit = PasteSafeLineEdit(spec, parent)
    edit.setPlaceholderText(spec.hint or spec.description.split("\n")[0])
    return edit


def editor_text(editor: QWidget) -> str:
    """The raw text the core validates ("" for a disabled editor: that field does not apply)."""
    if not editor.isEnabled():
        return ""
    if isinstance(editor, QComboBox):
        data = editor.currentData()
        return "" if data is None else str(data)
    if isinstance(editor, QDateEdit):
        return editor.date().toString("yyyyMMdd")
    return editor.text()


def set_editor_text(editor: QWidget, value: str) -> None:
    if isinstance(editor, QComboBox):
        index = editor.findData(value)
        if index >= 0:
            editor.setCurrentIndex(index)
    elif isinstance(editor, QDateEdit):
        date = QDate.fromString(value, "yyyyMMdd")
        if date.isValid():
            editor.setDate(date)
    else:
        editor.setText(value)
