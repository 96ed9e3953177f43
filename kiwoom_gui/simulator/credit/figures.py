"""The account's credit figures at one moment, read from the book under its lock: each position with its price and
how much of it can still be sold, 예수금, what open credit buys hold, and the totals every credit answer shares —
신용금액 합계, the lots' 평가금액, 신용담보비율 and 추가담보금 (the model: resources/simulator_credit.json _model)."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..account import positions as pos
from ..account.positions import Position
from ..account.wire_format import rate
from .terms import data, guarantee, interest, terms

if TYPE_CHECKING:
    from ..account.book import OrderBook


@dataclass(frozen=True)
class Line:
    """One position as it is now (a copy): its price, direction mark, yesterday's close and 청산가능수량."""

    p: Position
    able: int
    price: int
    mark: str
    pred_close: int

    @property
    def evaluation(self) -> int:
        return self.p.qty * self.price

    def interest(self, today: dt.date) -> int:
        return interest(self.p.loan, self.p.loan_dt, today) if self.p.credit else 0


@dataclass(frozen=True)
class Snapshot:
    today: dt.date
    cash: int  # 예수금
    held: int  # the 보증금 open credit buys hold
    lines: list[Line]
    realized: dict[int, int]  # id(line.p) → today's realised profit of that lot

    @property
    def orderable(self) -> int:
        """주문가능현금: 예수금 less what open credit buys hold."""
        return max(self.cash - self.held, 0)

    @property
    def loan_total(self) -> int:
        return sum(line.p.loan for line in self.lines if line.p.credit)

    @property
    def guarantees(self) -> int:
        """The 보증금 the lots were bought with (신용보증금현금): their cost less their loan."""
        return sum(line.p.cost - line.p.loan for line in self.lines if line.p.credit)

    @property
    def collateral(self) -> int:
        """The lots' 평가금액 at today's prices (대출총평가금액)."""
        return sum(line.evaluation for line in self.lines if line.p.credit)

    @property
    def ratio(self) -> str:
        """신용담보비율 as the spec writes it (two decimals); "0.00" without a loan, as the host's examples."""
        return rate(self.collateral, self.loan_total)

    @property
    def additional_collateral(self) -> int:
        """추가담보금: what brings the ratio back to the maintenance ratio; 0 above it or without a loan."""
        need = -(-self.loan_total * int(data()["maintenance_pct"]) // 100)
        return max(need - self.collateral, 0) if self.loan_total else 0

    def venue(self, venue: str) -> list[Line]:
        return [line for line in self.lines if line.p.venue == venue]


def snapshot(book: OrderBook) -> Snapshot:
    today = book.clock().date()
    with book.lock:
        holdings = book.positions()
        taken = pos.held(holdings, book.claims())
        lines = []
        realized = {}
        for p in holdings:
            quote = book.market.quote(p.stk_cd)
            price = quote.price if quote else p.avg_price
            line = Line(
                copy.copy(p),
                max(p.qty - taken.get(id(p), 0), 0),
                price,
                quote.direction if quote else "",
                quote.pred_close if quote else price,
            )
            lines.append(line)
            realized[id(line.p)] = book.credit.realized(p, today)
        held = 0
        for o in book.orders():
            if o.is_open and o.side == "kt10006":
                quote = book.market.quote(o.stk_cd)
                price = int(o.price) if o.price.isdigit() and int(o.price) > 0 else (quote.price if quote else 0)
                held += guarantee(o.remaining * price, terms(o.stk_cd).rate)
        cash = book.credit.cash
    return Snapshot(today, cash, held, lines, realized)
