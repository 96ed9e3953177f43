"""What the credit desk adds to the tickets. 신용매수: ``orderableQuantity`` (kt00012 at the form's code and price),
``maxQuantity`` (fills 주문수량 with it; off when the column cannot be told or the figure is bad), ``estimatedRatio``
(추정) and the stock's kt20017 flags. 신용매도: ``maxQuantity`` fills the chosen lot's 청산가능수량 when the loan-lots
view gave one for the form's stock and loan date, else the position's 매매가능수량 (the form's limit)."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from ...credit.figures import texts
from ..elided_label import ElidedLabel
from ..orders.order_form import OrderForm

RED = "color:#c62828; font-weight:bold;"
MARKED = "color:#e65100;"


def _label(parent: QWidget, name: str) -> QLabel:
    # one line each, shortened with "…" (the whole text in the tooltip): a long answer (every column of a 45 %
    # stock) never grows the ticket, so the fields below hold still and keep their height
    label = ElidedLabel("", parent, min_chars=6)
    label.setObjectName(name)
    return label


def _insert(form: OrderForm, widget: QWidget) -> None:
    """Above the summary line of ``form`` (the form's layout is a QVBoxLayout)."""
    layout = form.layout()
    layout.insertWidget(layout.indexOf(form.summary), widget)  # type: ignore[attr-defined]


class BuyCredit(QWidget):
    def __init__(self, form: OrderForm) -> None:
        super().__init__(form)
        self.setObjectName("creditBuy")
        self.form = form
        t = texts()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.orderable = _label(self, "orderableQuantity")
        self.max_button = QPushButton(t["max"], self)
        self.max_button.setObjectName("maxQuantity")
        self.max_button.setEnabled(False)
        self.max_button.clicked.connect(self._fill)
        self.estimate = _label(self, "estimatedRatio")
        self.flags = _label(self, "creditFlags")
        grid.addWidget(QLabel(f"{t['orderable_title']}:", self), 0, 0)
        grid.addWidget(self.orderable, 0, 1)
        grid.addWidget(self.max_button, 0, 2)
        grid.addWidget(QLabel(f"{t['estimate_label']}:", self), 1, 0)
        grid.addWidget(self.estimate, 1, 1, 1, 2)
        grid.addWidget(self.flags, 2, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self._quantity: int | None = None
        _insert(form, self)

    def show_orderable(self, text: str, tooltip: str, quantity: int | None, off_reason: str = "", bad: bool = False):
        """``quantity``: what 최대 fills (None: off, ``off_reason`` in its tooltip)."""
        self.orderable.setText(text)
        self.orderable.setToolTip(tooltip)
        self.orderable.setStyleSheet(MARKED if bad else "")
        self._quantity = quantity if quantity is not None and quantity > 0 else None
        self.max_button.setEnabled(self._quantity is not None)
        self.max_button.setToolTip(texts()["max_buy_tooltip"] if self._quantity is not None else off_reason)

    def show_estimate(self, text: str, tooltip: str, low: bool) -> None:
        self.estimate.setText(text)
        self.estimate.setToolTip(tooltip)
        self.estimate.setStyleSheet(RED if low else "")

    def show_flags(self, text: str, flagged: bool) -> None:
        self.flags.setText(text)
        self.flags.setStyleSheet(RED if flagged else "")

    def _fill(self) -> None:
        if self._quantity is not None:
            self.form.set_values({"ord_qty": str(self._quantity)})


class SellMax(QWidget):
    def __init__(self, form: OrderForm) -> None:
        super().__init__(form)
        self.setObjectName("creditSell")
        self.form = form
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.max_button = QPushButton(texts()["max"], self)
        self.max_button.setObjectName("maxQuantity")
        self.max_button.clicked.connect(self._fill)
        grid.addWidget(self.max_button, 0, 1)
        grid.setColumnStretch(0, 1)
        self._lot: tuple[str, str, int] | None = None  # (stk_cd, crd_loan_dt, 청산가능수량) of the chosen lot
        for key in ("stk_cd", "crd_loan_dt"):
            editor = form.editors.get(key)
            if editor is not None and hasattr(editor, "textChanged"):
                editor.textChanged.connect(self.update_soon)
        form.limits_changed.connect(self.update_soon)  # a live event or a refresh moved the limit
        _insert(form, self)
        self.update_state()

    def set_lot_quantity(self, code: str, loan_dt: str, quantity: int | None) -> None:
        """The loan-lots view's hook: while the form sells ``code`` with ``loan_dt``, 최대 fills ``quantity`` (the
        lot's 청산가능수량) before the position's 매매가능수량; None forgets it."""
        self._lot = (code, loan_dt, quantity) if quantity is not None else None
        self.update_state()

    def quantity(self) -> int | None:
        values = self.form.raw_values()
        if self._lot is not None and (values.get("stk_cd"), values.get("crd_loan_dt")) == self._lot[:2]:
            return self._lot[2]
        return self.form.limit_of("ord_qty")

    def update_soon(self, *_: object) -> None:
        QTimer.singleShot(0, self, self.update_state)  # after a fill's limit is set in the same call

    def update_state(self) -> None:
        quantity = self.quantity()
        self.max_button.setEnabled(quantity is not None and quantity > 0)
        self.max_button.setToolTip(texts()["max_sell_tooltip"] if quantity else texts()["max_off_unknown"])

    def _fill(self) -> None:
        quantity = self.quantity()
        if quantity is not None and quantity > 0:
            self.form.set_values({"ord_qty": str(quantity)})
