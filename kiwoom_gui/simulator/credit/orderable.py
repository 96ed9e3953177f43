"""kt00012 신용보증금율별주문가능수량 for one stock and price: the stock's 보증금율 (stk_assr_rt / _nm) and, per
column 30/40/50/60 %, how much and how many credit could buy (the model: resources/simulator_credit.json _model).
12-character zero-padded numbers. A stock without credit (refused) or over the company limit answers zeros."""

from __future__ import annotations

from .figures import Snapshot
from .shape import head, padded
from .terms import ALLOWED, REFUSED, StockTerms, data

COLUMNS = (30, 40, 50, 60)


def orderable(s: Snapshot, stock: StockTerms, uv: int, cash_margin: int) -> tuple[dict[str, object], str]:
    """(the answer's fields, the terms' key of its return_msg). ``uv``: 0 = no price asked (quantities 0, as the
    spec's own example); ``cash_margin``: the stock's cash 증거금율 for the 미수 fields (ka10100's state)."""
    cash = s.orderable
    room = max(int(data()["account_limit"]) - s.loan_total, 0)
    values: dict[str, int] = {"entr": s.cash, "ord_alowa": cash}
    for r in COLUMNS:
        amount = min(cash * 100 // r, room * 100 // (100 - r)) if stock.credit == ALLOWED else 0
        values[f"assr_{r}ord_alow_amt"] = amount
        values[f"assr_{r}ord_alowq"] = amount // uv if uv else 0
    out = cash * 100 // cash_margin if cash_margin else cash
    values.update(out_alowa=out, out_pos_qty=out // uv if uv else 0, min_amt=cash, min_qty=cash // uv if uv else 0)
    answer = head("kt00012", {k: padded(v, 12) for k, v in values.items()}, padded(0, 12))
    refused = stock.credit == REFUSED
    answer["stk_assr_rt"] = "" if refused else stock.grade
    answer["stk_assr_rt_nm"] = "" if refused else stock.rate_name
    return answer, stock.credit
