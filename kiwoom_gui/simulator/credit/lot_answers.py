"""ka10085 계좌수익률 from a :class:`~.figures.Snapshot`: one row per position — a credit lot per (stock, venue,
대출일) with its 신용금액, interest so far, 만기일 and 청산가능수량 — as the spec's example writes it: plain numbers,
the current price with its direction mark, '00000000' for a cash position's dates, dt ""."""

from __future__ import annotations

from .deposit_answers import crd_tp
from .figures import Line, Snapshot
from .shape import row

NO_DATE = "00000000"
VENUES = {"0": None, "1": "KRX", "2": "NXT"}  # stex_tp 0 통합 lists both venues


def lots(s: Snapshot, stex_tp: str) -> list[Line]:
    venue = VENUES.get(stex_tp)
    return [line for line in s.lines if venue is None or line.p.venue == venue]


def lot_row(s: Snapshot, line: Line, name: str) -> dict[str, str]:
    p = line.p
    return row(
        "ka10085",
        {
            "dt": "",
            "stk_cd": p.stk_cd,
            "stk_nm": name,
            "cur_prc": f"{line.mark}{line.price}",
            "pur_pric": str(p.avg_price),
            "pur_amt": str(p.cost),
            "rmnd_qty": str(p.qty),
            "tdy_sel_pl": str(s.realized.get(id(p), 0)),
            "tdy_trde_cmsn": "0",
            "tdy_trde_tax": "0",
            "crd_tp": crd_tp(p.credit),
            "loan_dt": p.loan_dt if p.credit else NO_DATE,
            "setl_remn": str(p.qty),
            "clrn_alow_qty": str(line.able),
            "crd_amt": str(p.loan),
            "crd_int": str(line.interest(s.today)),
            "expr_dt": (p.expr_dt or NO_DATE) if p.credit else NO_DATE,
        },
    )
