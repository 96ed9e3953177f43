"""The simulator's credit terms (resources/simulator_credit.json): each stock's grade, 보증금율 and whether credit
is offered, and the loan's arithmetic — 보증금, 만기일, interest per calendar day held. All illustrative."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ...base.resources_io import load_json

ALLOWED, REFUSED, LIMIT_OVER = "allowed", "refused", "limit_over"


@cache
def data() -> Mapping[str, Any]:
    return load_json("simulator_credit.json")


@dataclass(frozen=True)
class StockTerms:
    grade: str  # stk_assr_rt / 신용등급 (A–E)
    rate: int  # 보증금율 in %
    credit: str  # ALLOWED, REFUSED or LIMIT_OVER

    @property
    def rate_name(self) -> str:
        """As kt00012 / kt20016 write it: 45%."""
        return f"{self.rate}%"


def terms(stk_cd: str) -> StockTerms:
    """The stock's terms; a code the data does not name takes the default grade, credit allowed."""
    d = data()
    entry = d["stocks"].get(stk_cd, {})
    grade = entry.get("grade", d["default_grade"])
    return StockTerms(grade, int(d["grades"][grade]), entry.get("credit", ALLOWED))


def guarantee(amount: int, rate: int) -> int:
    """The 보증금 of a buy of ``amount`` at ``rate`` %, rounded up to the won (the loan never exceeds its share)."""
    return -(-amount * rate // 100)


def _day(yyyymmdd: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(yyyymmdd, "%Y%m%d").date()
    except ValueError:
        return None


def expiry(loan_dt: str) -> str:
    """만기일: ``loan_days`` calendar days after the loan date (YYYYMMDD); "" for no date."""
    day = _day(loan_dt)
    return (day + dt.timedelta(days=int(data()["loan_days"]))).strftime("%Y%m%d") if day else ""


def interest(loan: int, loan_dt: str, today: dt.date) -> int:
    """Interest owed on ``loan`` since ``loan_dt``: a day's worth per calendar day held, floored to the won."""
    day = _day(loan_dt)
    days = max((today - day).days, 0) if day else 0
    return loan * int(data()["annual_interest_bp"]) * days // (10_000 * 365)
