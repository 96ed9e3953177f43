"""OrderForm: one tab, built entirely from an OrderSpec; validates live and emits a valid body.

Once the window has looked the stock up (:meth:`OrderForm.set_instrument`), the form names it, shows its
price and band, judges prices on its tick grid and band, and offers one-click prices and 금액 → 수량.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping
from functools import cache

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ...base.kst import KST
from ...base.resources_io import load_json
from ...base.safe_text import excerpt, printable
from ...instrument.model import Instrument
from ...instrument.rules import PRICE_FIELDS, confirmation_warnings, instrument_errors
from ...orders.specs import OrderSpec
from ...orders.summary import order_summary
from ...orders.validation import BLANK, REQUIRED, korea_today, normalise, validate
from ..elided_label import ElidedLabel
from .fields import NO_LIMIT, PriceLineEdit, editor_text, make_editor, set_editor_text


def kst_today() -> str:
    """Today in Korea (ISO): a looked-up band holds for the trading day it was fetched on."""
    return dt.datetime.now(KST).date().isoformat()


_AMOUNT = re.compile(r"[0-9]{1,15}")  # ASCII digits, at most a thousand trillion won


def _label_html(label: str, required: bool) -> str:
    return f'{label} <span style="color:#c62828">*</span>' if required else label


@cache
def texts() -> dict:
    """What the forms show about a looked-up stock (resources/instrument_form.json)."""
    return load_json("instrument_form.json")


_HOST_CODE = re.compile(r"\[\s*(\d{4})\b")  # "…[1902:종목 정보가 없습니다 …]" → 1902


def unknown_message(code: str, host_message: str = "") -> str:
    """The field error for a code the host does not know (resources/instrument.json), with the host's
    error number when its message had one."""
    found = _HOST_CODE.search(host_message or "")
    return load_json("instrument.json")["messages"]["unknown_code"].format(
        code=code, host_code=found.group(1) if found else "?"
    )


def _won(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def instrument_html(instrument: Instrument) -> str:
    """``삼성전자 · 현재가 71,000 ▲+0.71% · 기준가 70,500 · 상한가 91,600 · 하한가 49,400 · 신용 불가``: the
    price red when up and blue when down, flags red, the whole line red for a stock to confirm. Every text
    from the host is escaped (the label is rich text)."""
    t, colours = texts()["line"], texts()["colours"]

    def host_text(text: str, limit: int) -> str:
        return html.escape(excerpt(printable(text), limit))

    name = host_text(instrument.name, int(t["name_limit"])) if instrument.name else t["unnamed"]
    parts = [f"<b>{name}</b>"]
    if instrument.price is not None:
        move = texts()["arrows"].get(instrument.direction, "")
        rate = host_text(instrument.change_rate, 12)
        move += f"{rate}%" if rate else ""
        current = t["current"].format(price=_won(instrument.price)) + (f" {move}" if move else "")
        colour = colours.get(instrument.direction)
        parts.append(f'<span style="color:{colour}">{current}</span>' if colour else current)
    for key, value in (("base", instrument.base_price), ("upper", instrument.upper_limit),
                       ("lower", instrument.lower_limit)):
        if value is not None:
            parts.append(t[key].format(price=_won(value)))
    flags = [host_text(flag, 40) for flag in instrument.flags]
    if flags:
        parts.append(f'<span style="color:{colours["flag"]}; font-weight:bold">{" · ".join(flags)}</span>')
    line = " · ".join(parts)
    if confirmation_warnings(instrument):
        line = f'<span style="color:{colours["warning"]}">{line}</span>'
    return line


def tab_title(spec: OrderSpec) -> str:
    """``신용 매수주문`` → ``신용매수``."""
    return spec.title.replace(" ", "").removesuffix("주문")


class OrderForm(QWidget):
    send_requested = Signal(str, object)  # api_id, body dict
    stock_code_changed = Signal(str)  # the normalised stock code when it becomes valid or changes; "" when not

    def __init__(self, spec: OrderSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(spec.api_id)
        self.today = korea_today  # the KST day dates are judged on (a test may set another clock)
        self.editors: dict[str, QWidget] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.name_labels: dict[str, QLabel] = {}
        self._touched: set[str] = set()
        self._busy = False
        self._body: dict[str, str] | None = None
        # key -> (most allowed, the values it holds for, the message): e.g. 매매가능수량 of a position
        self._limits: dict[str, tuple[int, dict[str, str], str]] = {}
        # the looked-up stock: what the host said about ``_instrument_code`` (never another code's answer)
        self.instrument: Instrument | None = None
        self._code = ""  # the form's current stock code, normalised, "" while not a valid code
        self._instrument_code = ""
        self._unknown = False
        self._lookup_error = ""
        self._host_message = ""  # an unknown code: what the host said (its [1902] number is shown)
        self._loading = False
        self._fetched_at = ""
        self.main_price_key = next((k for k in ("mdfy_uv", "ord_uv") if spec.has_field(k)), None)
        self.fill_buttons: dict[str, QPushButton] = {}
        self.amount: QLineEdit | None = None

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 2)
        previous: QWidget | None = None
        error_palette = QPalette(self.palette())
        error_palette.setColor(QPalette.ColorRole.WindowText, QColor("#c62828"))
        row = -1
        for f in spec.request_body:
            row += 1
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
            error.setTextFormat(Qt.TextFormat.PlainText)  # messages may name the host's stock name: never HTML
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
            if isinstance(editor, PriceLineEdit):
                editor.setToolTip(f"{tip}\n{texts()['price_tip']}")
            if f.key == "stk_cd":
                row += 1
                grid.addWidget(self._instrument_row(), row, 0, 1, 3)
            if f.key == "ord_uv" and spec.has_field("ord_qty"):  # 신용매수·신용매도: 금액 → 수량
                row += 1
                self._add_amount_row(grid, row, error_palette)
                QWidget.setTabOrder(previous, self.amount)
                previous = self.amount

        # one line, shortened to the form's width (the whole text in its tooltip): a long summary never widens
        # the ticket and moves the splitter while the user types (issue 18)
        self.summary = ElidedLabel("", self, min_chars=20)  # plain text: it holds the host's name of the stock
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
        # the last answer of this form's order, where the user looks after Send (issue 18): the outcome and the
        # host's message (scrubbed, with the program's Korean explanation of its code)
        self.result = QLabel("", self)
        self.result.setObjectName("result")
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{spec.title}</b>")  # the wire's names are for whoever asks: in the tooltip
        title.setObjectName("formTitle")
        title.setToolTip(f"{spec.api_id} · {spec.method} {spec.path}")
        layout.addWidget(title)
        layout.addLayout(grid)
        layout.addWidget(self.summary)
        layout.addWidget(self.send_button)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.revalidate()

    def _instrument_row(self) -> QWidget:
        """The instrument line under the code, with 현재가 / 상한가 / 하한가 buttons where there is a price."""
        box = QWidget(self)
        rows = QVBoxLayout(box)  # the line takes the form's whole width; the buttons sit under it
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(2)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        self.instrument_line = QLabel("", box)
        self.instrument_line.setObjectName("instrument")
        self.instrument_line.setTextFormat(Qt.TextFormat.RichText)
        self.instrument_line.setWordWrap(True)
        self.instrument_line.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        rows.addWidget(self.instrument_line)
        rows.addLayout(layout)
        if self.main_price_key is not None:
            for name, fill in texts()["fill"].items():
                if not isinstance(fill, dict):
                    continue
                button = QPushButton(fill["text"], box)
                button.setObjectName(name)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field; ↑/↓ step prices
                button.setEnabled(False)
                button.clicked.connect(lambda _=False, name=name: self.fill_price(name))
                layout.addWidget(button)
                self.fill_buttons[name] = button
        layout.addStretch(1)
        return box

    def _add_amount_row(self, grid: QGridLayout, row: int, error_palette: QPalette) -> None:
        """금액: not part of the order; Enter or the button puts amount // price into the quantity."""
        t = texts()["amount"]
        self.amount = QLineEdit(self)
        self.amount.setObjectName("amount")
        self.amount.setMaxLength(NO_LIMIT)  # like every field: never cut what is typed
        self.amount.setPlaceholderText(t["hint"])
        self.amount.setToolTip(t["tip"])
        self.amount.textChanged.connect(self._amount_changed)
        self.amount.returnPressed.connect(self.amount_to_quantity)
        self.amount_button = QPushButton(t["button"], self)
        self.amount_button.setObjectName("amountToQuantity")
        self.amount_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter in the field does the same
        self.amount_button.clicked.connect(self.amount_to_quantity)
        self.amount_error = QLabel("", self)
        self.amount_error.setObjectName("amount_error")
        self.amount_error.setPalette(error_palette)
        self.amount_error.setWordWrap(True)
        box = QHBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.amount, 1)
        box.addWidget(self.amount_button)
        label = QLabel(t["label"], self)
        label.setBuddy(self.amount)
        grid.addWidget(label, row, 0)
        grid.addLayout(box, row, 1)
        grid.addWidget(self.amount_error, row, 2)

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
        today = self.today()
        result = validate(self.spec.api_id, self.raw_values(), today, price_kind=self.price_kind)
        if self._apply_states(result.states):
            # a field was disabled and cleared: judge again without it (states depend only on combos)
            result = validate(self.spec.api_id, self.raw_values(), today, price_kind=self.price_kind)
        code = result.values.get("stk_cd", "") if "stk_cd" not in result.errors else ""
        code_changed = code != self._code
        if code_changed:
            self._code = code
            if code != self._instrument_code and self._drop_instrument():
                # another stock: its grid is no longer known, so judge the prices on the stock grid again
                result = validate(self.spec.api_id, self.raw_values(), today, price_kind=self.price_kind)
        extra = self._limit_errors(result.values) if self._limits else {}
        if self.instrument is not None:
            today = kst_today()
            for key, message in instrument_errors(self.spec.api_id, result.values, self.instrument, today).items():
                extra.setdefault(key, message)
        if self._unknown:
            extra.setdefault("stk_cd", unknown_message(self._code, self._host_message))
        for key, label in self.error_labels.items():
            value = result.values[key]
            message = result.errors.get(key, "") or extra.get(key, "")
            show = bool(message) and (key in self._touched or bool(value))
            label.setText(message if show else "")
            self.name_labels[key].setText(_label_html(self.spec.body_field(key).label, result.states[key] == REQUIRED))
        self._body = None if extra else result.body
        name = self.instrument.name if self.instrument is not None else ""
        self.summary.setText(order_summary(self.spec.api_id, result.values, name=name))
        self._update_instrument_widgets()
        self._update_send()
        if code_changed:
            self.stock_code_changed.emit(code)

    # --- the looked-up stock -------------------------------------------------------------------
    @property
    def stock_code(self) -> str:
        """The form's stock code, normalised; "" while it is not a valid code."""
        return self._code

    @property
    def price_kind(self) -> str:
        """The tick table prices are judged on: the looked-up stock's ("etf": 5원 steps), else "stock"."""
        return self.instrument.kind if self.instrument is not None else "stock"

    @property
    def unknown_code(self) -> bool:
        return self._unknown

    @property
    def lookup_settled(self) -> bool:
        """The lookup of the current code has landed (an instrument, "unknown" or a failure)."""
        return bool(self._code) and self._instrument_code == self._code

    def confirmation_warnings(self) -> tuple[str, ...]:
        """What sending this stock needs confirmed first (투자경고, 신용 불가, 투자유의 미확인 …); () when nothing,
        or while its lookup has not landed. A failed lookup is "not known", asked — never "none"."""
        failed = self.lookup_settled and bool(self._lookup_error)
        return confirmation_warnings(self.instrument, code=self._code, failed=failed)

    def set_instrument_loading(self, code: str) -> None:
        """A lookup of ``code`` has started (ignored when the form holds another code by now)."""
        if code and code == self._code:
            self._loading = True
            self._lookup_error = ""
            self._update_instrument_widgets()

    def set_instrument(
        self,
        code: str,
        instrument: Instrument | None,
        *,
        unknown: bool = False,
        error: str = "",
        fetched_at: str = "",
    ) -> bool:
        """What the host said about ``code``: applied only while the form still holds that code, so an answer
        for a code the user has since changed never lands. False when it was not applied.

        ``unknown``: the host does not know the code (``error`` may then carry its message, e.g. ``[1902:…]``);
        else ``error`` says why the lookup failed (the form stays usable on the stock tick grid)."""
        if not code or code != self._code:
            return False
        self._instrument_code = code
        self.instrument = instrument
        self._unknown = unknown and instrument is None
        self._host_message = error if self._unknown else ""
        self._lookup_error = "" if instrument is not None or unknown else (error or "?")
        self._loading = False
        self._fetched_at = fetched_at
        self._sync_price_editors()
        self.revalidate()
        return True

    def note_lookup_failure(self, code: str, error: str) -> bool:
        """A refresh of ``code`` failed: the instrument already known for it stays (its warnings and band),
        and the line notes the failure. False when the form holds another code or knows no instrument."""
        if not code or code != self._code or self.instrument is None or self._instrument_code != code:
            return False
        self._lookup_error = error or "?"
        self._loading = False
        self._update_instrument_widgets()
        return True

    def clear_instrument(self) -> None:
        """Forget what was looked up (another environment: its answer is not this one's)."""
        if self._drop_instrument():
            self.revalidate()

    def _drop_instrument(self) -> bool:
        """Forget the looked-up stock; True when there was something to forget."""
        had = self.instrument is not None or self._unknown or bool(self._lookup_error) or self._loading
        self.instrument, self._instrument_code = None, ""
        self._unknown, self._lookup_error, self._loading, self._fetched_at = False, "", False, ""
        self._host_message = ""
        self._sync_price_editors()
        return had

    def _sync_price_editors(self) -> None:
        for key in PRICE_FIELDS:
            editor = self.editors.get(key)
            if isinstance(editor, PriceLineEdit):
                editor.price_kind = self.price_kind
                editor.reference_price = self.instrument.price if self.instrument is not None else None

    def _update_instrument_widgets(self) -> None:
        t = texts()["line"]
        if not self._code or self._unknown:
            line = ""  # an unknown code: the field says so, nothing else
        elif self.instrument is not None:
            line = instrument_html(self.instrument)
            if self.instrument.credit_ok is None:
                line += f" · <span style='color:#666'>{t['partial']}</span>"
            if self.instrument.day and self.instrument.day != kst_today():
                line += f" · <span style='color:#e65100'>{t['old_day']}</span>"
            if self._lookup_error:  # a refresh failed: what is shown is the last good answer
                reason = html.escape(excerpt(printable(self._lookup_error), int(t["reason_limit"])))
                failed = t["refresh_failed"].format(reason=reason, time=html.escape(self._fetched_at or "?"))
                line += f" · <span style='color:#e65100'>{failed}</span>"
        elif self._lookup_error:
            reason = html.escape(excerpt(printable(self._lookup_error), int(t["reason_limit"])))
            line = t["failed"].format(reason=reason)
        elif self._loading:
            line = t["loading"]
        else:
            line = ""
        if self.instrument_line.text() != line:
            self.instrument_line.setText(line)
        self.instrument_line.setToolTip(t["fetched"].format(time=self._fetched_at) if self._fetched_at else "")
        # the code in red when sending it needs a confirmation (투자경고 and the like)
        code_editor = self.editors.get("stk_cd")
        if code_editor is not None:
            warn = bool(self.confirmation_warnings())
            if code_editor.property("warning") != warn:
                code_editor.setProperty("warning", warn)
                palette = QPalette(self.palette())
                if warn:
                    palette.setColor(QPalette.ColorRole.Text, QColor(texts()["colours"]["warning"]))
                code_editor.setPalette(palette)
        fill = texts()["fill"]
        price_editor = self.editors.get(self.main_price_key) if self.main_price_key else None
        for name, button in self.fill_buttons.items():
            value = getattr(self.instrument, fill[name]["field"]) if self.instrument is not None else None
            button.setEnabled(value is not None and price_editor is not None and price_editor.isEnabled())
            button.setToolTip(fill[name]["tip"].format(price=_won(value)) if value is not None else fill["unknown_tip"])
        if self.amount is not None:
            self._amount_changed()

    @Slot()
    def fill_price(self, which: str) -> bool:
        """Put 현재가 (``fillCurrent``), 상한가 (``fillUpper``) or 하한가 (``fillLower``) into the main price."""
        if self.instrument is None or self.main_price_key is None or which not in self.fill_buttons:
            return False
        value = getattr(self.instrument, texts()["fill"][which]["field"])
        editor = self.editors[self.main_price_key]
        if value is None or not editor.isEnabled():
            return False
        self.set_values({self.main_price_key: str(value)})
        return True

    # --- 금액 → 수량 --------------------------------------------------------------------------------
    def _amount_value(self) -> int | None:
        if self.amount is None:
            return None
        text = normalise(self.spec.body_field("ord_uv"), self.amount.text())  # "1,000,000" as 1000000
        return int(text) if _AMOUNT.fullmatch(text) and int(text) > 0 else None

    def _price_value(self) -> int | None:
        editor = self.editors.get("ord_uv")
        if editor is None:
            return None
        text = normalise(self.spec.body_field("ord_uv"), editor_text(editor))
        return int(text) if _AMOUNT.fullmatch(text) and int(text) > 0 else None

    @Slot()
    def _amount_changed(self, *_: object) -> None:
        if self.amount is None:
            return
        typed = self.amount.text().strip()
        amount = self._amount_value()
        self.amount_button.setEnabled(amount is not None and self._price_value() is not None)
        self.amount_error.setText(texts()["amount"]["invalid"] if typed and amount is None else "")

    @Slot()
    def amount_to_quantity(self) -> bool:
        """Set 주문수량 to the largest whole quantity the 금액 buys at the price; a field message instead of 0."""
        if self.amount is None:
            return False
        t = texts()["amount"]
        amount, price = self._amount_value(), self._price_value()
        if amount is None:
            self.amount_error.setText(t["invalid"])
            return False
        if price is None:
            self.amount_error.setText(t["no_price"])
            return False
        quantity = amount // price
        if quantity < 1:
            self.amount_error.setText(t["too_small"].format(price=f"{price:,}"))
            return False
        self.amount_error.setText("")
        self.set_values({"ord_qty": str(quantity)})
        return True

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
        if self._busy:
            return
        self.revalidate()  # judged on the KST day of the click: a loan date fine yesterday may not be now
        if self._body is None:
            return
        self.set_busy(True)  # before anything else: a double click sends one order
        self.send_requested.emit(self.spec.api_id, dict(self._body))

    def focus_first_empty(self) -> None:
        """Ctrl+1…4: the focus on the first enabled text field still empty (else the first field), in reading
        order."""
        fields = [e for e in self.editors.values() if e.isEnabled()]
        empty = [e for e in fields if isinstance(e, QLineEdit) and not e.text().strip()]
        target = (empty or fields or [self.send_button])[0]
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_result(self, text: str, color: str = "") -> None:
        """The last answer of this form's order, under Send (``color``: a CSS colour, "" for the default)."""
        self.result.setText(text)
        self.result.setStyleSheet(f"color:{color};" if color else "")

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.send_button.setText("전송 중…" if busy else f"{tab_title(self.spec)} 보내기")
        self._update_send()

    @property
    def busy(self) -> bool:
        return self._busy
