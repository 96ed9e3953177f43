"""The window's 주문 착오 방지: the limits from settings.ini [precautions], the menu entry that edits them, and
what the send flow asks before an order (the lines the confirmation names; none: nothing to ask)."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from decimal import Decimal

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ...guards.checks import breaches, facts_from_body
from ...guards.limits import KEYS, Precautions, data, from_settings, texts, to_settings
from ...guards.rate import OrderRate

GROUP = "precautions"


class PrecautionGuard(QObject):
    def __init__(
        self,
        settings: QSettings,
        parent: QWidget,
        notice: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._settings, self._parent, self._notice, self._clock = settings, parent, notice, clock
        self.rate = OrderRate()
        self.limits, self.notes = self._read()
        self.action = QAction(f"{texts()['title']}…", parent)
        self.action.setObjectName("precautions")
        self.action.triggered.connect(self.open_dialog)
        # the stock's 보증금율 (kt00012, the credit desk) and its live price (0B, the ladder): None while not known
        self.deposit_rate: Callable[[str], Decimal | None] = lambda code: None
        self.live_price: Callable[[str], int | None] = lambda code: None

    def _read(self) -> tuple[Precautions, list[str]]:
        s = self._settings
        values = {key: s.value(f"{GROUP}/{key}") for key in KEYS if s.contains(f"{GROUP}/{key}")}
        return from_settings(values)

    def lines(self, api_id: str, body: Mapping[str, str], form: object) -> list[str]:
        """What this order passes (or leaves unchecked), for the confirmation; [] when nothing."""
        instrument = getattr(form, "instrument", None)
        code = body.get("stk_cd", "")
        known = instrument is not None and instrument.code == code
        live = self.live_price(code) if code else None
        last = live if live is not None else (instrument.price if known else None)
        kind = getattr(form, "price_kind", "stock")
        recent = self.rate.within_minute(self._clock())
        settled = bool(getattr(form, "lookup_settled", False))  # answered: a missing 현재가 is "not known"
        facts = facts_from_body(api_id, body, last, kind, self.deposit_rate(code), recent, settled)
        return breaches(self.limits, facts)

    def record_sent(self, api_id: str) -> None:
        if api_id in data()["checked_per_minute"]:
            self.rate.record(self._clock())

    def save(self, limits: Precautions) -> None:
        self.limits = limits
        for key, value in to_settings(limits).items():
            self._settings.setValue(f"{GROUP}/{key}", value)

    @Slot()
    def open_dialog(self):  # noqa: ANN201 (PrecautionsDialog, built on first use)
        from .precautions_dialog import PrecautionsDialog

        dialog = PrecautionsDialog(self.limits, self._parent)

        def saved() -> None:
            if dialog.result_value is not None:
                self.save(dialog.result_value)
                self._notice(texts()["saved"])

        dialog.accepted.connect(saved)
        dialog.open()  # window-modal, not a nested loop: the window's answers keep landing
        return dialog
