"""The ratio after a credit buy, estimated (추정). Kiwoom does not publish how crd_grnt_rt is computed; this is the
conservative reading: with L the loan total and C = ratio × L (so a zero order gives the broker's own number), a buy
of q shares at p with 보증금율 r adds x = q·p·(1 − r) to both: (C + x) / (L + x)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .account_line import CreditLine
from .figures import texts


@dataclass(frozen=True)
class Estimate:
    value: Decimal | None  # percent; None: cannot estimate
    why: str = ""  # why not (Korean)


def estimated_ratio(ratio_pct: Decimal, loan: Decimal, quantity: int, price: int, margin_rate: Decimal) -> Decimal:
    """(C + x) / (L + x) × 100 with C = ratio × L and x = q·p·(1 − r); ``loan`` must be positive."""
    collateral = ratio_pct / 100 * loan
    x = Decimal(quantity) * Decimal(price) * (1 - margin_rate)
    return (collateral + x) / (loan + x) * 100


def estimate(line: CreditLine | None, quantity: int | None, price: int | None, margin_rate: Decimal | None) -> Estimate:
    t = texts()
    if line is None:
        return Estimate(None, t["why_no_ratio"])
    if not line.ratio.ok:
        return Estimate(None, t["why_bad_ratio"] if line.ratio.raw is not None else t["why_no_ratio"])
    if not line.loan.ok:
        return Estimate(None, t["why_bad_loan"])
    if line.no_loan or line.ratio.value is None or line.loan.value is None or line.loan.value <= 0:
        return Estimate(None, t["why_no_loan"])
    if margin_rate is None:
        return Estimate(None, t["why_no_rate"])
    if not price or price <= 0:
        return Estimate(None, t["why_no_price"])
    if not quantity or quantity <= 0:
        return Estimate(None, t["why_no_quantity"])
    return Estimate(estimated_ratio(line.ratio.value, line.loan.value, quantity, price, margin_rate))
