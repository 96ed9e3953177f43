"""kt00001 예수금상세현황 and kt00005 체결잔고 from a :class:`~.figures.Snapshot`, in the spec's shapes.

kt00001: 15-character zero-padded signed numbers, crd_grnt_rt with two decimals; qry_tp 2 (일반) and 3 (추정)
answer the same figures (the simulator settles nothing later). kt00005: its money head is the account's, its
rows the asked venue's positions (A-prefixed codes, 12-character numbers, pl_rt with four decimals; a cash
position's loan_dt and expr_dt are "", as the spec's example)."""

from __future__ import annotations

from functools import cache

from ...base.resources_io import load_json
from .figures import Line, Snapshot
from .shape import head, padded, rate4, row

CASH_MARGINS = (20, 30, 40, 50, 60, 100)  # the cash 증거금율 columns of kt00001 / kt00005


def deposit(s: Snapshot) -> dict[str, object]:
    """kt00001's fields: 예수금, 주문가능금액, 신용보증금 (the lots' 보증금), 융자금합계, 신용담보비율, 추가담보금."""
    loan, orderable = s.loan_total, s.orderable
    values: dict[str, object] = {
        "entr": s.cash,
        "crd_grnta_ch": s.guarantees,
        "add_grnt_ch": s.additional_collateral,
        "pymn_alow_amt": orderable,
        "ord_alow_amt": orderable,
        "bncr_buy_alowa": orderable,
        "nrpy_loan": loan,
        "loan_sum": loan,
        "loan_remn_evlt_amt": s.collateral,
        "d1_entra": s.cash,
        "d1_pymn_alow_amt": orderable,
        "d2_entra": s.cash,
        "d2_pymn_alow_amt": orderable,
        **{f"{m}stk_ord_alow_amt": orderable * 100 // m for m in CASH_MARGINS},
    }
    answer = head("kt00001", {k: padded(int(v), 15) for k, v in values.items()}, padded(0, 15))  # type: ignore[call-overload]
    answer["crd_grnt_rt"] = s.ratio
    answer["stk_entr_prst"] = []
    return answer


def balance_head(s: Snapshot, venue: str) -> dict[str, object]:
    lines = s.venue(venue)
    cost = sum(line.p.cost for line in lines)
    evaluation = sum(line.evaluation for line in lines)
    orderable = s.orderable
    values = {
        "entr": s.cash,
        "entr_d1": s.cash,
        "entr_d2": s.cash,
        "pymn_alow_amt": orderable,
        "ord_alowa": orderable,
        "nrpy_loan": s.loan_total,
        "stk_buy_tot_amt": cost,
        "evlt_amt_tot": evaluation,
        "tot_pl_tot": evaluation - cost,
        "tot_re_buy_alowa": orderable,
        "crd_loan_tot": s.loan_total,
        **{f"{m}ord_alow_amt": orderable * 100 // m for m in CASH_MARGINS},
    }
    answer = head("kt00005", {k: padded(v, 12) for k, v in values.items()}, padded(0, 12))
    answer["tot_pl_rt"] = rate4(evaluation - cost, cost)
    answer["crd_grnt_rt"] = s.ratio
    return answer


@cache
def crd_tp(credit: bool) -> str:
    """신용구분 of a position as the simulator's other answers write it (simulator.json: 33 융자, 00 현금)."""
    return load_json("simulator.json")["account"]["credit_position" if credit else "cash_position"]["crd_tp"]


def balance_row(line: Line, name: str) -> dict[str, str]:
    p = line.p
    return row(
        "kt00005",
        {
            "crd_tp": crd_tp(p.credit),
            "loan_dt": p.loan_dt if p.credit else "",
            "expr_dt": p.expr_dt if p.credit else "",
            "stk_cd": "A" + p.stk_cd,
            "stk_nm": name,
            "setl_remn": padded(p.qty, 12),
            "cur_qty": padded(p.qty, 12),
            "cur_prc": padded(line.price, 12),
            "buy_uv": padded(p.avg_price, 12),
            "pur_amt": padded(p.cost, 12),
            "evlt_amt": padded(line.evaluation, 12),
            "evltv_prft": padded(line.evaluation - p.cost, 12),
            "pl_rt": rate4(line.evaluation - p.cost, p.cost),
        },
    )
