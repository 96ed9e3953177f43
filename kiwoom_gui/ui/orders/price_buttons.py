"""현재가 / 상한가 / 하한가: one click (or Tab to it and Space) puts that price into the form's main price.

The row sits right under the price it fills, so Tab reaches it in reading order; each button is enabled only
while the looked-up stock has that price and the price field applies (not for 시장가).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from ...instrument.model import Instrument
from .instrument_line import texts, won


class PriceButtons(QWidget):
    def __init__(self, fill: Callable[[str], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priceButtons")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 6)  # apart from the next field's name
        self.buttons: dict[str, QPushButton] = {}
        for name, spec in texts()["fill"].items():
            if not isinstance(spec, dict):
                continue
            button = QPushButton(spec["text"], self)
            button.setObjectName(name)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it; Space presses it
            button.setAutoDefault(False)
            button.setEnabled(False)
            button.clicked.connect(lambda _=False, name=name: fill(name))
            layout.addWidget(button)
            self.buttons[name] = button

    @staticmethod
    def value(instrument: Instrument | None, name: str) -> int | None:
        """The price ``name`` puts in: the instrument's 현재가, 상한가 or 하한가 (None when not known)."""
        field = texts()["fill"][name]["field"]
        return getattr(instrument, field) if instrument is not None else None

    def update_for(self, instrument: Instrument | None, price_applies: bool) -> None:
        fill = texts()["fill"]
        for name, button in self.buttons.items():
            value = self.value(instrument, name)
            button.setEnabled(value is not None and price_applies)
            tip = fill[name]["tip"].format(price=won(value)) if value is not None else fill["unknown_tip"]
            button.setToolTip(f"{tip} ({fill['keys_tip']})")
