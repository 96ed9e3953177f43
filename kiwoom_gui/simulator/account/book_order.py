"""One order in the simulator's book (its own module: the book and the real-time values both read it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ...base.kst import KST


def kst_now() -> dt.datetime:
    return dt.datetime.now(KST)


@dataclass
class BookOrder:
    ord_no: str
    api_id: str  # kt10006 buy / kt10007 sell / kt10008 modify (a new order) / kt10009 cancel
    stk_cd: str
    venue: str
    quantity: int
    remaining: int
    price: str  # the order's price as sent ("" = none: 시장가 and the like; a cancel has none)
    side: str  # kt10006 or kt10007: what a modify/cancel chain started as
    root: str  # the first order of a modify chain (base_orig_ord_no)
    status: str = "open"  # open, modified, cancelled
    orig: str = ""  # the order this one modifies or cancels ("" for a new order)
    trde_tp: str = "0"
    cond_uv: str = ""
    crd_deal_tp: str = ""  # a sell's 33 (융자) or 99 (융자합)
    loan_dt: str = ""  # a 33 sell's loan date; a buy's is its fill date
    placed_at: dt.datetime = field(default_factory=kst_now)
    filled: int = 0
    filled_amount: int = 0  # Σ price × quantity of the fills (체결누계금액)
    fills: int = 0  # how many fills (the last one's 체결번호)
    last_fill: tuple[int, int] = (0, 0)  # (price, quantity) of the last fill (단위체결가/량)
    parts: list[int] = field(default_factory=list)  # fill plan still to come (the market's next steps)
    cash: bool = False  # a cash (현금) order seeded for tests: 미체결 shows it without a credit word

    @property
    def is_sell(self) -> bool:
        return self.side == "kt10007"

    @property
    def is_open(self) -> bool:
        return self.status == "open" and self.remaining > 0 and self.api_id != "kt10009"
