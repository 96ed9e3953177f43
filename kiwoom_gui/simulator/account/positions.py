"""The simulator's holdings: one position per stock, venue and (for credit) loan date, and what open sells hold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class Position:
    stk_cd: str
    venue: str  # KRX / NXT: kt00018 is asked per venue, so a holding is listed under one of them
    credit: bool  # 융자 (crd_tp not 00) or cash
    loan_dt: str  # YYYYMMDD for a credit position, "" for cash
    qty: int
    cost: int  # what the shares held cost in total (매입금액)
    bought_today: int = 0
    sold_today: int = 0
    loan: int = 0  # 신용금액 still owed (simulator/credit/terms.py); 0 for cash
    expr_dt: str = ""  # 만기일 YYYYMMDD of a credit position, "" for cash

    @property
    def avg_price(self) -> int:
        return self.cost // self.qty if self.qty else 0


@dataclass(frozen=True)
class Taken:
    """What one sell fill took from one position: shares, their cost and the loan they repay."""

    position: Position
    qty: int
    cost: int
    loan: int


@dataclass(frozen=True)
class SellClaim:
    """What an open 융자 sell may take: ``loan_dt`` for crd_deal_tp 33, "" for 99 (융자합, any loan date)."""

    ord_no: str
    stk_cd: str
    loan_dt: str
    qty: int


def eligible(positions: Iterable[Position], stk_cd: str, loan_dt: str) -> list[Position]:
    """The credit positions a sell may close, oldest loan first (99 takes every loan date, oldest first)."""
    found = [
        p for p in positions if p.credit and p.stk_cd == stk_cd and p.qty > 0 and (not loan_dt or p.loan_dt == loan_dt)
    ]
    return sorted(found, key=lambda p: (p.loan_dt, p.venue))


def held(positions: list[Position], claims: Iterable[SellClaim]) -> dict[int, int]:
    """Shares of each position (by ``id``) that open sells hold, claims taken in order, each from its
    eligible positions oldest first: 매매가능수량 is the position's quantity minus this."""
    taken: dict[int, int] = {}
    for claim in claims:
        left = claim.qty
        for p in eligible(positions, claim.stk_cd, claim.loan_dt):
            if left <= 0:
                break
            part = min(left, p.qty - taken.get(id(p), 0))
            if part > 0:
                taken[id(p)] = taken.get(id(p), 0) + part
                left -= part
    return taken


def available(positions: list[Position], claims: Iterable[SellClaim], stk_cd: str, loan_dt: str) -> int:
    """How many shares a new sell of ``stk_cd`` (``loan_dt``; "" = 융자합) could still take."""
    taken = held(positions, claims)
    return sum(p.qty - taken.get(id(p), 0) for p in eligible(positions, stk_cd, loan_dt))


def take(positions: list[Position], others: Iterable[SellClaim], stk_cd: str, loan_dt: str, qty: int) -> list[Taken]:
    """A sell fill closes ``qty`` shares, oldest loan first, leaving what other open sells hold; the loan
    is repaid in proportion (all of it with the last share). Returns what each position gave up.

    Raises ValueError (changing nothing) when there are not that many.
    """
    taken = held(positions, others)
    plan: list[tuple[Position, int]] = []
    left = qty
    for p in eligible(positions, stk_cd, loan_dt):
        part = min(left, p.qty - taken.get(id(p), 0))
        if part > 0:
            plan.append((p, part))
            left -= part
        if left == 0:
            break
    if left:
        raise ValueError(f"no credit position of {stk_cd} {loan_dt or '(any loan date)'} holds {qty} more shares")
    done = []
    for p, part in plan:
        cost = p.avg_price * part if part < p.qty else p.cost
        loan = p.loan * part // p.qty if part < p.qty else p.loan
        p.cost -= cost
        p.loan -= loan
        p.qty -= part
        p.sold_today += part
        done.append(Taken(p, part, cost, loan))
    return done
