"""How the host writes a few values, shared by the account answers and the real-time values."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ...orders.specs import order_spec


def trde_tp_label(code: str) -> str:
    """매매구분's name for its code (보통 for 0), as the host's lists write it; the code itself if unknown."""
    return order_spec("kt10006").body_field("trde_tp").enum_label(code) or code


def rate(part: int, whole: int) -> str:
    """A percentage with two decimals as the spec formats it (-52.71, 2.12)."""
    if not whole:
        return "0.00"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{value:.2f}"
