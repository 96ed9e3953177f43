"""금액 → 수량: not part of the order; Enter in the field or the button puts amount // price into the quantity.

The field is wide enough for 1,000,000,000 (ten digits and their commas) whatever the ticket's width: the
button sits on its message line, under it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from ...orders.specs import FieldSpec
from ...orders.validation import normalise
from .fields import NO_LIMIT, HintedLineEdit
from .instrument_line import texts

_AMOUNT = re.compile(r"[0-9]{1,15}")  # ASCII digits, at most a thousand trillion won
WIDEST = "1,000,000,000"  # the field shows this whole


def whole_won(spec: FieldSpec, text: str) -> int | None:
    """``text`` as a positive whole number of won ("1,000,000" as 1000000), else None."""
    value = normalise(spec, text)
    return int(value) if _AMOUNT.fullmatch(value) and int(value) > 0 else None


class AmountRow(QObject):
    """The 금액 field, its button and its message, on two rows of the form's grid from ``row``."""

    def __init__(
        self,
        parent: QWidget,
        price_spec: FieldSpec,
        price_text: Callable[[], str],
        set_quantity: Callable[[str], None],
        error: QLabel,
    ) -> None:
        super().__init__(parent)
        t = texts()["amount"]
        self._price_spec, self._price_text, self._set_quantity = price_spec, price_text, set_quantity
        self.field = HintedLineEdit(parent)
        self.field.setObjectName("amount")
        self.field.setMaxLength(NO_LIMIT)  # like every field: never cut what is typed
        self.field.set_hints(t["hints"], t["tip"])
        self.field.setMinimumWidth(self.field.width_for(WIDEST))
        self.field.textChanged.connect(self.changed)
        self.field.returnPressed.connect(self.to_quantity)
        self.button = QPushButton(t["button"], parent)
        self.button.setObjectName("amountToQuantity")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter in the field does the same
        self.button.setAutoDefault(False)
        self.button.setToolTip(t["button_tip"])
        self.button.clicked.connect(self.to_quantity)
        self.error = error

    def place(self, grid: QGridLayout, row: int) -> int:
        """Put the row into ``grid`` at ``row``; the number of grid rows used."""
        label = QLabel(texts()["amount"]["label"], self.field.parentWidget())
        label.setBuddy(self.field)
        grid.addWidget(label, row, 0)
        grid.addWidget(self.field, row, 1)
        under = QHBoxLayout()
        under.setContentsMargins(0, 0, 0, 0)
        under.addWidget(self.error, 1)
        under.addWidget(self.button)
        grid.addLayout(under, row + 1, 0, 1, 2)
        return 2

    def amount(self) -> int | None:
        return whole_won(self._price_spec, self.field.text())

    def price(self) -> int | None:
        return whole_won(self._price_spec, self._price_text())

    @Slot()
    def changed(self, *_: object) -> None:
        typed = self.field.text().strip()
        amount = self.amount()
        self.button.setEnabled(amount is not None and self.price() is not None)
        self.error.setText(texts()["amount"]["invalid"] if typed and amount is None else "")

    @Slot()
    def to_quantity(self) -> bool:
        """Set 주문수량 to the largest whole quantity the 금액 buys at the price; a field message instead of 0."""
        t = texts()["amount"]
        amount, price = self.amount(), self.price()
        if amount is None:
            self.error.setText(t["invalid"])
            return False
        if price is None:
            self.error.setText(t["no_price"])
            return False
        quantity = amount // price
        if quantity < 1:
            self.error.setText(t["too_small"].format(price=f"{price:,}"))
            return False
        self.error.setText("")
        self._set_quantity(str(quantity))
        return True
