"""The account's cash (예수금) as credit trades move it: a credit buy pays its 보증금 and opens (or grows) its lot's
loan; a credit sell repays its part of the loan with that part's interest and keeps the rest; today's realised
profit per lot (ka10085 tdy_sel_pl)."""

from __future__ import annotations

import datetime as dt
import threading

from ..account.positions import Position, Taken
from .terms import expiry, guarantee, interest, terms


class CreditLedger:
    def __init__(self, cash: int) -> None:
        self.lock = threading.RLock()
        self.cash = cash
        self._realized: dict[tuple[dt.date, str, str, str], int] = {}

    @staticmethod
    def open_loan(p: Position, amount: int) -> int:
        """A credit buy of ``amount`` won added to ``p``: its loan grows by the part not paid as 보증금, its 만기일
        is set from its loan date. Returns the 보증금."""
        paid = guarantee(amount, terms(p.stk_cd).rate)
        p.loan += amount - paid
        p.expr_dt = p.expr_dt or expiry(p.loan_dt)
        return paid

    def bought(self, p: Position, amount: int) -> None:
        """A credit buy filled today: the lot's loan, and the 보증금 out of 예수금."""
        paid = self.open_loan(p, amount)
        with self.lock:
            self.cash -= paid

    def sold(self, taken: list[Taken], price: int, today: dt.date) -> None:
        """A credit sell filled at ``price``: each lot's part repays its loan and that loan's interest."""
        with self.lock:
            for t in taken:
                p = t.position
                self.cash += t.qty * price - t.loan - interest(t.loan, p.loan_dt, today)
                key = (today, p.stk_cd, p.venue, p.loan_dt)
                self._realized[key] = self._realized.get(key, 0) + t.qty * price - t.cost

    def realized(self, p: Position, today: dt.date) -> int:
        with self.lock:
            return self._realized.get((today, p.stk_cd, p.venue, p.loan_dt), 0)
