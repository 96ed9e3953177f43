"""OrderForm: one tab, built from an OrderSpec; validates live and emits a valid body. Once the stock is looked up
(:meth:`OrderForm.set_instrument`) it names it and judges prices on its grid and band. Built with field_grid.py,
instrument_line.py, price_buttons.py and amount_row.py."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ...instrument.model import Instrument
from ...instrument.rules import PRICE_FIELDS, confirmation_warnings
from ...orders.specs import OrderSpec
from ...orders.summary import order_summary
from ...orders.validation import BLANK, REQUIRED, ValidationResult, korea_today, normalise, validate
from ..elided_label import ElidedLabel
from .editor_states import apply_states, clear_prices
from .field_grid import build_field_grid, label_html
from .fields import HintedLineEdit, PriceLineEdit, editor_text, set_editor_text
from .form_feedback import FormFeedback, SendButton
from .instrument_line import instrument_html, kst_today, status_html, texts, unknown_message
from .limits import Limits
from .original_type import condition_applies, condition_field, order_type_code

__all__ = ["OrderForm", "instrument_html", "kst_today", "tab_title", "texts", "unknown_message"]


def tab_title(spec: OrderSpec) -> str:
    """``신용 매수주문`` → ``신용매수``."""
    return spec.title.replace(" ", "").removesuffix("주문")


class OrderForm(FormFeedback, QWidget):
    send_requested = Signal(str, object)  # api_id, body dict
    stock_code_changed = Signal(str)  # the normalised stock code when it becomes valid or changes; "" when not
    limits_changed = Signal()  # a limit was set or cleared (e.g. 매매가능수량 moved by a live event)

    def __init__(self, spec: OrderSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(spec.api_id)
        self.today = korea_today  # the KST day dates are judged on (a test may set another clock)
        self._touched: set[str] = set()
        self._busy = False
        self._body: dict[str, str] | None = None
        self._limits = Limits()  # e.g. 매매가능수량 of the position a sell sells
        # the looked-up stock: what the host said about ``_instrument_code`` (never another code's answer)
        self.instrument: Instrument | None = None
        self._code = ""  # the form's current stock code, normalised, "" while not a valid code
        self._price_code = ""  # the last complete code: the prices in the form are this stock's
        self._keep: set[str] = set()  # keys being set together with the code (set_values): not the old stock's
        self._instrument_code = ""
        self._unknown = False
        self._lookup_error = ""
        self._host_message = ""  # an unknown code: what the host said (its [1902] number is shown)
        self._loading = False
        self._fetched_at = ""
        # 신용정정: the original order's 매매구분 as told, with the 원주문번호 it holds for (None: not known)
        self._original: tuple[str, str | None] | None = None
        self.main_price_key = next((k for k in ("mdfy_uv", "ord_uv") if spec.has_field(k)), None)

        grid = build_field_grid(spec, self, self.main_price_key, self.fill_price,
                                lambda quantity: self.set_values({"ord_qty": quantity}))
        self.editors, self.error_labels, self.name_labels = grid.editors, grid.error_labels, grid.name_labels
        self._reading_order = grid.order
        self.instrument_line: QLabel = grid.line if grid.line is not None else QLabel("", self)
        self._price_buttons = grid.price_buttons
        self.fill_buttons: dict[str, QPushButton] = grid.price_buttons.buttons if grid.price_buttons else {}
        self._amount = grid.amount
        self.amount: QLineEdit | None = grid.amount.field if grid.amount else None
        if grid.amount is not None:
            self.amount_button, self.amount_error = grid.amount.button, grid.amount.error
        for key, editor in self.editors.items():
            self._connect(key, editor)

        # one line, shortened to the form's width (the whole text in its tooltip): a long summary never widens
        # the ticket and moves the splitter while the user types (issue 18)
        self.summary = ElidedLabel("", self, min_chars=20)  # plain text: it holds the host's name of the stock
        self.summary.setObjectName("summary")
        bold = QFont(self.summary.font())
        bold.setBold(True)
        self.summary.setFont(bold)
        self.summary.setContentsMargins(0, 6, 0, 6)
        self.send_button = SendButton(f"{tab_title(spec)} 보내기", self)
        self.send_button.setObjectName("send")
        self.send_button.setToolTip("Ctrl+Enter")
        self.send_button.clicked.connect(self.request_send)
        for a, b in zip(grid.chain, [*grid.chain[1:], self.send_button], strict=True):
            QWidget.setTabOrder(a, b)  # reading order
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
        layout.addLayout(grid.layout)
        layout.addWidget(self.summary)
        layout.addWidget(self.send_button)
        layout.addWidget(self.result)
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
        self._keep = {key for key in values if key in self.editors}  # a code set with its price keeps it
        try:
            for key, value in values.items():
                if key in self.editors:
                    self._touched.add(key)  # a filled-in value is judged like a typed one
                    set_editor_text(self.editors[key], value)
        finally:
            self._keep = set()
        self.revalidate()

    def fill_from_original(self, values: Mapping[str, str]) -> None:
        """Set ``values`` and clear every other text field, so nothing typed for an earlier order is sent.

        Combos not named keep their choice (the exchange, the order type): they are never stale numbers.
        """
        for key, editor in self.editors.items():
            if key not in values and isinstance(editor, QLineEdit):
                editor.clear()
        self.set_values(values)

    def set_original_order_type(self, trde_tp: str | None, orig_ord_no: str | None = None) -> None:
        """신용정정: the original order's 매매구분 — a code (``"5"``, a log row's request body) or its words
        (``"조건부지정가"``, a 미체결 row) — for ``orig_ord_no`` (default: the form's 원주문번호 now). 정정조건단가
        opens only while the form holds that 원주문번호 and the type has a 조건단가; None: not known (closed)."""
        if not self.spec.has_field("orig_ord_no"):
            return
        number = self.editors["orig_ord_no"].text() if orig_ord_no is None else orig_ord_no
        number = normalise(self.spec.body_field("orig_ord_no"), number)
        self._original = (number, order_type_code(trde_tp)) if number and trde_tp is not None else None
        self.revalidate()

    def set_limit(self, key: str, most: int, applies_while: Mapping[str, str], message: str, note: str) -> None:
        """``key`` may not exceed ``most`` while the form's values match ``applies_while`` (e.g. the
        position's stock and loan date): a larger value is a field error. ``note`` is shown in the empty
        field (shortened to fit; whole in the tooltip)."""
        self._limits.set(key, most, applies_while, message)
        self._set_hint(key, note)
        self.revalidate()
        self.limits_changed.emit()

    def clear_limit(self, key: str, note: str = "") -> None:
        """No limit on ``key`` any more; ``note`` replaces its hint."""
        self._limits.clear(key)
        self._set_hint(key, note)
        self.revalidate()
        self.limits_changed.emit()

    def limit_of(self, key: str) -> int | None:
        """The limit on ``key`` that holds for the form's values now (e.g. 매매가능수량), or None."""
        return self._limits.most(key, self.raw_values())

    def _set_hint(self, key: str, note: str) -> None:
        editor = self.editors[key]
        if isinstance(editor, HintedLineEdit):  # every line edit of the form
            editor.set_hints([note])

    @property
    def body(self) -> dict[str, str] | None:
        """The body Send would post now, or None while the form is invalid."""
        return self._body

    def _validate(self, today) -> tuple[ValidationResult, dict[str, str]]:
        """The core's judgement, and the field states with 정정조건단가 closed unless its original allows it."""
        result = validate(self.spec.api_id, self.raw_values(), today, price_kind=self.price_kind)
        states = dict(result.states)
        key = condition_field()
        if key in states:
            number = result.values.get("orig_ord_no", "")
            known = self._original is not None and self._original[0] == number
            if not (known and condition_applies(self._original[1])):
                states[key] = BLANK
        return result, states

    @Slot()
    def revalidate(self) -> None:
        today = self.today()
        result, states = self._validate(today)
        if apply_states(self.editors, states, self._touched):
            # a field was disabled and cleared: judge again without it (states depend only on combos)
            result, states = self._validate(today)
        code = result.values.get("stk_cd", "") if "stk_cd" not in result.errors else ""
        code_changed = code != self._code
        if code_changed:
            self._code = code
            again = False
            if code and self._price_code and code != self._price_code:
                again = clear_prices(self.editors, self._keep, self._touched)  # the old stock's price is not this one's
            if code:
                self._price_code = code
            if code != self._instrument_code and self._drop_instrument():
                again = True  # another stock: its grid is no longer known, so judge the prices on the stock grid
            if again:
                result, states = self._validate(today)
        extra = self._extra_errors(result)
        for key, label in self.error_labels.items():
            value = result.values[key]
            message = result.errors.get(key, "") or extra.get(key, "")
            show = bool(message) and (key in self._touched or bool(value))
            label.setText(message if show else "")
            self.name_labels[key].setText(label_html(self.spec.body_field(key).label, states[key] == REQUIRED))
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
        vi = self.market.warnings(self._code) if self.market is not None else ()  # a VI: asked, named
        return confirmation_warnings(self.instrument, code=self._code, failed=failed) + vi

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
        line = status_html(self._code, self.instrument, unknown=self._unknown, loading=self._loading,
                           lookup_error=self._lookup_error, fetched_at=self._fetched_at)
        vi = self.market.line_html(self._code) if self.market is not None else ""  # VI: at the code, in red
        line = f"{vi}&nbsp;· {line}" if vi and line else vi or line
        if self.instrument_line.text() != line:
            self.instrument_line.setText(line)
        fetched = texts()["line"]["fetched"].format(time=self._fetched_at) if self._fetched_at else ""
        self.instrument_line.setToolTip(fetched)
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
        if self._price_buttons is not None:
            price_editor = self.editors[self.main_price_key]
            self._price_buttons.update_for(self.instrument, price_editor.isEnabled())
        if self._amount is not None:
            self._amount.changed()

    @Slot()
    def fill_price(self, which: str) -> bool:
        """Put 현재가 (``fillCurrent``), 상한가 (``fillUpper``) or 하한가 (``fillLower``) into the main price, as
        the trader reads it (``71,000``; the body carries ``71000``)."""
        if self._price_buttons is None or which not in self.fill_buttons:
            return False
        value = self._price_buttons.value(self.instrument, which)
        editor = self.editors[self.main_price_key]
        if value is None or not editor.isEnabled():
            return False
        self.set_values({self.main_price_key: f"{value:,}"})
        return True

    @Slot()
    def amount_to_quantity(self) -> bool:
        """Set 주문수량 to the largest whole quantity the 금액 buys at the price; a field message instead of 0."""
        return self._amount.to_quantity() if self._amount is not None else False

    def _update_send(self) -> None:
        self.send_button.setEnabled(self._body is not None and not self._busy)

    # --- sending ------------------------------------------------------------------------------
    @Slot()
    def request_send(self) -> None:
        if self._busy:
            return
        # judged on the KST day of the click: a loan date fine yesterday may not be now (the widgets are
        # refreshed only when that judgement differs from the one shown: the order leaves sooner)
        if not self._body_unchanged():
            self.revalidate()
        if self._body is None:
            return
        self.set_busy(True)  # before anything else: a double click sends one order
        self.send_requested.emit(self.spec.api_id, dict(self._body))

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.send_button.show_instead("전송 중…" if busy else "")  # painted: nothing is laid out again
        self._update_send()

    @property
    def busy(self) -> bool:
        return self._busy
