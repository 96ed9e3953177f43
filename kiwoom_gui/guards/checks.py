"""An order against the precaution limits: the lines the confirmation names, one per limit passed or not
checkable ("수량 1,000주 — 설정한 최대 100주를 넘습니다"). An empty list: nothing to ask.

"Not known" is never "within the limit": a limit that is on and cannot be judged for this order (the 보증금율
of a credit buy not known yet, the amount of a market order without a 현재가) is named as not checked.
The distance from the last price is a function of its own, so a live price can feed it as well as a lookup's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..instrument.ticks import tick_size
from .limits import Precautions, data, texts

_TICK_COUNT_CAP = 10_000  # beyond this many ticks the count is shown as "10,000+" (a loop bound, not a limit)
# where each order's quantity and price are (취소 carries no price and only lessens what is open)
_FIELDS = {"kt10006": ("ord_qty", "ord_uv"), "kt10007": ("ord_qty", "ord_uv"), "kt10008": ("mdfy_qty", "mdfy_uv")}
CREDIT_BUY = "kt10006"


@dataclass(frozen=True)
class OrderFacts:
    api_id: str
    quantity: int | None  # None: the order has none (취소) or it is not a number
    price: int | None  # the order's own price; None for a market order
    last_price: int | None  # 현재가; None when not known
    kind: str = "stock"  # the tick grid of the stock
    deposit_rate: Decimal | None = None  # 보증금율 as a fraction (0.45) for a credit buy; None: not known
    recent_orders: int = 0  # orders that left in the minute before this one
    last_unknown: bool = False  # the stock's lookup has answered without a 현재가 (not merely "not yet")


def _number(text: object) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 15 else None


def facts_from_body(
    api_id: str,
    body: Mapping[str, str],
    last_price: int | None,
    kind: str = "stock",
    deposit_rate: Decimal | None = None,
    recent_orders: int = 0,
    last_unknown: bool = False,
) -> OrderFacts:
    qty_key, price_key = _FIELDS.get(api_id, ("", ""))
    price = _number(body.get(price_key)) if price_key else None
    return OrderFacts(
        api_id,
        _number(body.get(qty_key)) if qty_key else None,
        price or None,  # "" and "0" are no price (시장가 …)
        last_price,
        kind,
        deposit_rate,
        recent_orders,
        last_unknown and last_price is None,
    )


def _won(n: int | Decimal) -> str:
    return f"{n:,}"


def tick_distance(price: int, last: int, kind: str = "stock") -> int:
    """How many ticks of the grid lie between ``price`` and ``last`` (at most the cap, then cap + 1)."""
    low, high = sorted((price, last))
    count = 0
    while low < high and count <= _TICK_COUNT_CAP:
        low += tick_size(max(low, 1), kind)
        count += 1
    return count


def distance_breaches(
    p: Precautions, price: int | None, last_price: int | None, kind: str = "stock", last_unknown: bool = False
) -> list[str]:
    """The % and tick limits for an order at ``price`` when the last price is ``last_price`` (a lookup's 현재가
    or a live one). A market order has no price to be far from; while the lookup has not answered there is
    nothing yet (its own rule asks when it is overdue); ``last_unknown`` — it answered without one — names the
    limits as not checked."""
    t, lines = texts(), []
    if price is None:
        return lines
    if not last_price or last_price <= 0:
        if last_unknown and (p.max_percent_from_last > 0 or p.max_ticks_from_last > 0):
            lines.append(t["distance_unknown"].format(price=_won(price)))
        return lines
    shown = {"price": _won(price), "last": _won(last_price)}
    if p.max_percent_from_last > 0:
        percent = Decimal(abs(price - last_price)) * 100 / Decimal(last_price)
        if percent > p.max_percent_from_last:
            value = percent.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
            lines.append(t["percent"].format(**shown, value=f"{value:f}", limit=f"{p.max_percent_from_last:f}"))
    if p.max_ticks_from_last > 0:
        ticks = tick_distance(price, last_price, kind)
        if ticks > p.max_ticks_from_last:
            value = _won(ticks) + ("+" if ticks > _TICK_COUNT_CAP else "")
            lines.append(t["ticks"].format(**shown, value=value, limit=_won(p.max_ticks_from_last)))
    return lines


def breaches(p: Precautions, facts: OrderFacts) -> list[str]:
    """Every limit this order passes or that cannot be checked for it, in the confirmation's words."""
    t, lines = texts(), []
    qty = facts.quantity
    if p.max_quantity > 0 and qty is not None and qty > p.max_quantity:
        lines.append(t["quantity"].format(value=_won(qty), limit=_won(p.max_quantity)))
    priced = facts.price or facts.last_price  # a market order is judged at the last price
    amount = qty * priced if qty is not None and priced else None
    if facts.api_id in _FIELDS and p.max_amount > 0 and qty:
        if amount is None:
            lines.append(t["amount_unknown"].format(limit=_won(p.max_amount)))
        elif amount > p.max_amount:
            lines.append(t["amount"].format(value=_won(amount), limit=_won(p.max_amount)))
    if facts.api_id == CREDIT_BUY and p.max_loan_amount > 0 and qty:
        if amount is None or facts.deposit_rate is None:
            lines.append(t["loan_unknown"].format(limit=_won(p.max_loan_amount)))
        else:
            loan = (Decimal(amount) * (1 - facts.deposit_rate)).to_integral_value(rounding=ROUND_HALF_UP)
            if loan > p.max_loan_amount:
                lines.append(t["loan"].format(value=_won(int(loan)), limit=_won(p.max_loan_amount)))
    if facts.api_id in _FIELDS:
        lines += distance_breaches(p, facts.price, facts.last_price, facts.kind, facts.last_unknown)
    per_minute = p.max_orders_per_minute
    if per_minute > 0 and facts.api_id in data()["checked_per_minute"] and facts.recent_orders + 1 > per_minute:
        lines.append(t["per_minute"].format(value=_won(facts.recent_orders + 1), limit=_won(per_minute)))
    return lines
