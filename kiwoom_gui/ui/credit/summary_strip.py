"""The strip ``creditSummary``: the account's credit line as kt00001 last gave it — 예수금, 주문가능금액, 신용융자
합계, 신용담보비율 (red under the warning threshold; the broker's rule governs), 미납이자, 추가담보금 — and how many
loan lots are near 만기 (fed by the loan-lots view through :meth:`set_expiring`)."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QWidget

from ...credit.account_line import CreditLine
from ...credit.figures import credit_data, pct, texts, won
from ..elided_label import ElidedLabel

RED = "color:#c62828; font-weight:bold;"
MARKED = "color:#e65100;"


class CreditSummary(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("creditSummary")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # three figures a row, each value shortened with "…" where room is short: a host's 20-digit amount never
        # widens the window (the whole text is in the value's tooltip)
        layout = QGridLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(0)
        per_row = 3
        self.labels: dict[str, QLabel] = {}
        for i, (name, spec) in enumerate(credit_data()["line"].items()):
            caption = QLabel(f"{spec['label']}:", self)
            value = ElidedLabel(texts()["not_known"], self, min_chars=6)
            value.setObjectName(name)
            caption.setBuddy(value)
            row, col = divmod(i, per_row)
            layout.addWidget(caption, row, 2 * col)
            layout.addWidget(value, row, 2 * col + 1)
            layout.setColumnStretch(2 * col + 1, 1)
            self.labels[name] = value
        self.expiring = ElidedLabel("", self, min_chars=6)  # "만기 임박 n건": the loan-lots view says how many
        self.expiring.setObjectName("expiringLots")
        self.expiring.setStyleSheet(RED)
        self.expiring.hide()
        layout.addWidget(self.expiring, 0, 2 * per_row)

    def _set(self, name: str, text: str, tooltip: str = "", style: str = "") -> None:
        label = self.labels[name]
        label.setText(text)
        label.setToolTip(tooltip)
        if label.styleSheet() != style:
            label.setStyleSheet(style)

    def clear(self, text: str | None = None) -> None:
        """Nothing known (another environment, not asked yet) or ``text`` (조회 중…) in every figure."""
        for name in self.labels:
            self._set(name, text or texts()["not_known"])
        self.setToolTip("")

    def show_problem(self, text: str, tooltip: str) -> None:
        """The query failed: no figure may pass for the account's now."""
        for name in self.labels:
            self._set(name, text, tooltip, MARKED)
        self.setToolTip(tooltip)

    def show_line(self, line: CreditLine, time: str, warn_pct: Decimal) -> None:
        t = texts()
        for name, figure in line.figures.items():
            if name == "collateralRatio":
                continue
            self._set(name, won(figure), figure.bad_tooltip(), "" if figure.ok else MARKED)
        ratio = line.ratio
        tooltip = t["ratio_tooltip"].format(time=time, warn=warn_pct)
        if not ratio.ok:
            self._set("collateralRatio", ratio.shown(""), f"{ratio.bad_tooltip()}\n{tooltip}", MARKED)
        elif line.no_loan:
            self._set("collateralRatio", t["no_loan"], tooltip)
        else:
            style = RED if line.ratio_below(warn_pct) else ""
            self._set("collateralRatio", t["pct"].format(value=pct(ratio.value)), tooltip, style)  # type: ignore[arg-type]
        self.setToolTip(t["strip_tooltip"].format(time=time))

    def set_expiring(self, count: int, days: int) -> None:
        """The loan-lots view: ``count`` lots within ``days`` of 만기 (0 hides the mark)."""
        self.expiring.setText(texts()["expiring"].format(count=count))
        self.expiring.setToolTip(texts()["expiring_tooltip"].format(count=count, days=days))
        self.expiring.setVisible(count > 0)
