"""OrderForm: one tab, built entirely from an OrderSpec; validates live and emits a valid body."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ..specs import OrderSpec
from ..summary import order_summary
from ..validation import BLANK, REQUIRED, validate
from .fields import editor_text, make_editor, set_editor_text


def _label_html(label: str, required: bool) -> str:
    return f'{label} <span style="color:#c62828">*</span>' if required else label


def tab_title(spec: OrderSpec) -> str:
    """``신용 매수주문`` → ``신용매수``."""
    return spec.title.replace(" ", "").removesuffix("주문")


class OrderForm(QWidget):
    send_requested = Signal(str, object)  # api_id, body dict

    def __init__(self, spec: OrderSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(spec.api_id)
        self.editors: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.name_labels: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._busy = False
        self._body: dict[str, str] | None = None
        # key -> (most allowed, the values it holds for, the message): e.g. 매매가능수량 of a position
        self._limits: dict[str, tuple[int, dict[str, str], str]] = {}

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 2)
        previous: QWidget | None = None
        error_palette = QPalette(self.palette())
        error_palette.setColor(QPalette.ColorRole.WindowText, QColor("#c62828"))
        for row, f in enumerate(spec.request_body):
            name = QLabel(_label_html(f.label, f.required))
            name.setTextFormat(Qt.TextFormat.RichText)
            editor = make_editor(f, self)
            editor.setObjectName(f.key)
            tip = "\n".join(t for t in (f.key, f.description, f.hint, f"최대 {f.max_length}자") if t)
            name.setToolTip(tip)
            editor.setToolTip(tip)
            name.setBuddy(editor)
            error = QLabel("")
            error.setObjectName(f"{f.key}_error")
            error.setPalette(error_palette)  # a palette, not a style sheet: 24 sheets slow the first paint
            error.setWordWrap(True)
            grid.addWidget(name, row, 0)
            grid.addWidget(editor, row, 1)
            grid.addWidget(error, row, 2)
            self.editors[f.key], self.error_labels[f.key], self.name_labels[f.key] = editor, error, name
            self._connect(f.key, editor)
            if previous is not None:
                QWidget.setTabOrder(previous, editor)
            previous = editor

        self.summary = QLabel("")
        self.summary.setObjectName("summary")
        bold = QFont(self.summary.font())
        bold.setBold(True)
        self.summary.setFont(bold)
        self.summary.setContentsMargins(0, 6, 0, 6)
        self.send_button = QPushButton(f"{tab_title(spec)} 보내기", self)
        self.send_button.setObjectName("send")
        self.send_button.setToolTip("Ctrl+Enter")
        self.send_button.clicked.connect(self.request_send)
        if previous is not None:
            QWidget.setTabOrder(previous, self.send_button)

        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{spec.title}</b> <span style='color:#666'>{spec.api_id} · {spec.method} {spec.path}</span>")
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addWidget(self.summary)
        layout.addWidget(self.send_button)
        layout.addStretch(1)
        self.revalidate()

    def _connect(self, key: str, editor: QWidget) -> None:
        def changed(*_: object) -> None:
            self._touched.add(key)
            self.revalidate()

        if isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(changed)
        elif isinstance(editor, QLineEdit):  # every text change, whatever its path (paste, IME, a11y)
            editor.textChanged.connect(changed)

    # --- values ------------------------------------------------------------------------------
    def raw_values(self) -> dict[str, str]:
        return {key: editor_text(editor) for key, editor in self.editors.items()}

    def set_values(self, values: Mapping[str, str]) -> None:
        for key, value in values.items():
            if key in self.editors:
                self._touched.add(key)  # a filled-in value is judged like a typed one
                set_editor_text(self.editors[key], value)
        self.revalidate()

    def fill_from_original(self, values: Mapping[str, str]) -> None:
        """Set ``values`` and clear every other text field, so nothing typed for an earlier order is sent.

        Combos not named keep their choice (the exchange, the order type): they are never stale numbers.
        """
        for key, editor in self.editors.items():
            if key not in values and isinstance(editor, QLineEdit):
                editor.clear()
        self.set_values(values)

    def set_limit(self, key: str, most: int, applies_while: Mapping[str, str], message: str, note: str) -> None:
        """``key`` may not exceed ``most`` while the form's values match ``applies_while`` (e.g. the
        position's stock and loan date): a larger value is a field error. ``note`` is shown in the empty
        field."""
        self._limits[key] = (most, dict(applies_while), message)
        editor = self.editors[key]
        if isinstance(editor, QLineEdit):
            editor.setPlaceholderText(note)
        self.revalidate()

    def clear_limit(self, key: str, note: str = "") -> None:
        """No limit on ``key`` any more; ``note`` replaces its hint."""
        self._limits.pop(key, None)
        editor = self.editors[key]
        if isinstance(editor, QLineEdit):
            editor.setPlaceholderText(note)
        self.revalidate()

    def _limit_errors(self, values: Mapping[str, str]) -> dict[str, str]:
        errors = {}
        for key, (most, applies_while, message) in self._limits.items():
            value = values.get(key, "")
            if all(values.get(k) == v for k, v in applies_while.items()) and value.isascii() and value.isdigit():
                if int(value) > most:
                    errors[key] = message
        return errors

    @property
    def body(self) -> dict[str, str] | None:
        """The body Send would post now, or None while the form is invalid."""
        return self._body

    @Slot()
    def revalidate(self) -> None:
        result = validate(self.spec.api_id, self.raw_values())
        if self._apply_states(result.states):
            # a field was disabled and cleared: judge again without it (states depend only on combos)
            result = validate(self.spec.api_id, self.raw_values())
        extra = self._limit_errors(result.values) if self._limits else {}
        for key, label in self.error_labels.items():
            value = result.values[key]
            message = result.errors.get(key, "") or extra.get(key, "")
            show = bool(message) and (key in self._touched or bool(value))
            label.setText(message if show else "")
            self.name_labels[key].setText(_label_html(self.spec.body_field(key).label, result.states[key] == REQUIRED))
        self._body = None if extra else result.body
        self.summary.setText(order_summary(self.spec.api_id, result.values))
        self._update_send()

    def _apply_states(self, states: Mapping[str, str]) -> bool:
        """Disable and clear fields that do not apply (market → no price, 융자합 → no loan date)."""
        changed = False
        for key, state in states.items():
            editor, enable = self.editors[key], state != BLANK
            if editor.isEnabled() == enable:
                continue
            changed = True
            editor.blockSignals(True)
            if not enable and isinstance(editor, QLineEdit):
                editor.clear()
            editor.setEnabled(enable)
            editor.blockSignals(False)
            if state == REQUIRED:
                self._touched.add(key)  # newly required (e.g. 스톱지정가 → 조건단가): say so at once
            if not enable:
                self._touched.discard(key)
        return changed

    def _update_send(self) -> None:
        self.send_button.setEnabled(self._body is not None and not self._busy)

    # --- sending ------------------------------------------------------------------------------
    @Slot()
    def request_send(self) -> None:
        if self._busy or self._body is None:
            return
        self.set_busy(True)  # before anything else: a double click sends one order
        self.send_requested.emit(self.spec.api_id, dict(self._body))

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.send_button.setText("전송 중…" if busy else f"{tab_title(self.spec)} 보내기")
        self._update_send()

    @property
    def busy(self) -> bool:
        return self._busy
