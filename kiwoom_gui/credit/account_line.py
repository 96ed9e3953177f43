"""The account's credit line from kt00001 (예수금상세현황, qry_tp 3 추정조회): 예수금, 주문가능금액, 신용융자 합계,
신용담보비율 (the broker's crd_grnt_rt, the number of record), 미납이자, 추가담보금."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .figures import Figure, amount, credit_data, rate, total


def kt00001_body() -> dict[str, str]:
    return dict(credit_data()["kt00001_body"])


@dataclass(frozen=True)
class CreditLine:
    figures: Mapping[str, Figure]  # by label object name: deposit, orderableAmount, … collateralRatio

    @property
    def ratio(self) -> Figure:
        return self.figures["collateralRatio"]

    @property
    def loan(self) -> Figure:
        return self.figures["loanTotal"]

    @property
    def no_loan(self) -> bool:
        """A ratio of 0.00 with a loan total of 0: there is no loan (never "0 %")."""
        return self.ratio.ok and self.loan.ok and self.ratio.value == 0 and self.loan.value == 0

    def ratio_below(self, warn_pct: Decimal) -> bool:
        """The broker's ratio is readable, there is a loan, and the ratio is under ``warn_pct``."""
        return self.ratio.ok and not self.no_loan and self.ratio.value is not None and self.ratio.value < warn_pct


def parse_line(body: Mapping[str, object]) -> CreditLine:
    figures: dict[str, Figure] = {}
    for name, spec in credit_data()["line"].items():
        fields = spec["fields"]
        if name == "collateralRatio":
            figures[name] = rate(body.get(fields[0]))
        else:
            figures[name] = total([amount(body.get(f)) for f in fields])
    return CreditLine(figures)
