"""kt00012 신용보증금율별주문가능수량: how many shares credit can buy at a price. The answer has columns for
보증금율 30/40/50/60 % and names the stock's own rate (``stk_assr_rt_nm``, e.g. "45%"); which column is the
stock's is not documented, so the column is read only when its rate equals the stock's — otherwise every column
is shown and the program says it cannot tell (never a guess)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from .figures import Figure, amount, credit_data, rate, shares, texts, won


@dataclass(frozen=True)
class Column:
    pct: int
    quantity: Figure
    amount: Figure


@dataclass(frozen=True)
class Orderable:
    stock_rate: Figure  # stk_assr_rt_nm, e.g. 45 (%)
    columns: tuple[Column, ...]
    chosen: Column | None  # the column whose rate equals the stock's; None: cannot tell

    @property
    def quantity(self) -> int | None:
        """The orderable quantity, only when the column is known and its figure readable."""
        if self.chosen is None or not self.chosen.quantity.ok:
            return None
        return self.chosen.quantity.int_value

    @property
    def margin_rate(self) -> Decimal | None:
        """The stock's 보증금율 as a fraction (0.45), when readable."""
        if not self.stock_rate.ok or self.stock_rate.value is None or self.stock_rate.value > 100:
            return None
        return self.stock_rate.value / 100

    def text(self, time: str) -> str:
        t = texts()
        rate_text = self.stock_rate.shown(f"{self.stock_rate.raw}".strip())
        if self.chosen is not None:
            if not self.chosen.quantity.ok:
                return t["orderable_bad"].format(raw=shares(self.chosen.quantity))
            qty, amt = shares(self.chosen.quantity), won(self.chosen.amount)
            return t["orderable"].format(rate=rate_text, qty=qty, amount=amt, time=time)
        columns = ", ".join(
            t["orderable_column"].format(pct=c.pct, qty=shares(c.quantity), amount=won(c.amount)) for c in self.columns
        )
        return t["orderable_cannot_tell"].format(rate=rate_text, columns=columns, time=time)


def parse_orderable(body: Mapping[str, object]) -> Orderable:
    stock_rate = rate(body.get("stk_assr_rt_nm"))
    columns = tuple(
        Column(pct, amount(body.get(f"assr_{pct}ord_alowq")), amount(body.get(f"assr_{pct}ord_alow_amt")))
        for pct in credit_data()["kt00012_columns"]
    )
    chosen = None
    if stock_rate.ok:
        chosen = next((c for c in columns if Decimal(c.pct) == stock_rate.value), None)
    return Orderable(stock_rate, columns, chosen)
