"""The account queries answered from the simulator's book, in the spec's shapes.

ka00001 (계좌번호), ka10075 (미체결: plain 6-digit codes, plain numbers, a direction mark on prices),
kt00007 (today's orders: A-prefixed codes, 10-digit zero-padded numbers, HH:mm:ss) and kt00018
(positions: A-prefixed codes, 15/12-digit zero-padded signed numbers, rates with two decimals).
Every row carries exactly the spec's keys (resources/queries.json), in the spec's order.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from ...base.resources_io import load_json
from ...orders.specs import FieldSpec, query_spec
from . import positions as pos
from .book import OrderBook
from .book_order import BookOrder
from .paging import Listing
from .positions import Position
from .wire_format import rate as _rate
from .wire_format import trde_tp_label as _trde_tp_label

NO_ORIGINAL = "0000000"


@cache
def _texts() -> Mapping[str, Any]:
    return load_json("simulator.json")["account"]


@cache
def _list_field(api_id: str) -> FieldSpec | None:
    return next((f for f in query_spec(api_id).response_body if f.type == "LIST"), None)


def list_key(api_id: str) -> str | None:
    """The answer's list field (oso, acnt_ord_cntr_prps_dtl, acnt_evlt_remn_indv_tot); None for ka00001."""
    field = _list_field(api_id)
    return field.key if field else None


def _shape(api_id: str, values: Mapping[str, str]) -> dict[str, str]:
    """One row with every key of the spec's list, in the spec's order (a key we have no value for is "")."""
    field = _list_field(api_id)
    assert field is not None
    return {c.key: values.get(c.key, "") for c in field.children}


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def check_body(api_id: str, payload: Mapping[str, object]) -> tuple[str, dict[str, str]] | None:
    """Why the host would refuse this query body — ("missing_field" | "bad_value", fmt) — or None."""
    for f in query_spec(api_id).request_body:
        if f.required and not _text(payload.get(f.key)):
            return "missing_field", {"field": f.key}
    if api_id == "ka10075" and _text(payload.get("all_stk_tp")) == "1" and not _text(payload.get("stk_cd")):
        return "missing_field", {"field": "stk_cd"}  # 종목 조회 without a stock
    for key, allowed in _texts()["query_values"].get(api_id, {}).items():
        if _text(payload.get(key)).upper() not in allowed:
            return "bad_value", {"field": key}
    return None


def _plain_code(text: str) -> str:
    """A code as a request may give it (A005930, 005930) → the book's 6 characters."""
    text = text.strip().upper()
    return text[1:] if len(text) == 7 and text[0] in "AJQ" else text


@cache
def _signed(n: int, width: int) -> str:
    """Kiwoom's zero-padded signed number of ``width`` characters: -00000000196888."""
    return f"{n:0{width}d}"


def _avg(order: BookOrder) -> int:
    return order.filled_amount // order.filled if order.filled else 0


def _is_today(order: BookOrder, day: dt.date) -> bool:
    return order.placed_at.date() == day


# --- ka00001 ---------------------------------------------------------------------------------------
def account(acnt_no: str) -> dict[str, str]:
    return {"acctNo": acnt_no}


# --- ka10075 미체결 ----------------------------------------------------------------------------------
def open_orders(book: OrderBook, body: Mapping[str, object], today: dt.date, acnt_no: str) -> Listing:
    all_stk, side, stex = (_text(body.get(k)) for k in ("all_stk_tp", "trde_tp", "stex_tp"))
    stk_cd = _plain_code(_text(body.get("stk_cd")))
    venue = {"1": "KRX", "2": "NXT"}.get(stex)
    want_side = {"1": "kt10007", "2": "kt10006"}.get(side)
    t = _texts()
    rows = []
    with book.lock:
        for o in book.orders():
            if not (o.is_open and _is_today(o, today)):
                continue
            if (all_stk == "1" and o.stk_cd != stk_cd) or (want_side and o.side != want_side):
                continue
            if venue and o.venue != venue:
                continue
            rows.append(copy.copy(o))  # the order as it is now: later pages show the same moment
    return Listing(rows, lambda o: _oso_row(book, o, t, acnt_no))


def _oso_row(book: OrderBook, o: BookOrder, t: Mapping[str, Any], acnt_no: str) -> dict[str, str]:
    quote = book.market.quote(o.stk_cd)
    current = f"{quote.direction}{quote.price}" if quote else "0"
    stex_tp, stex_txt, sor = t["stex"].get(o.venue, ["", o.venue, "N"])
    state = "filled" if o.filled else "changed" if o.orig else "new"
    last_price, last_qty = o.last_fill
    return _shape(
        "ka10075",
        {
            "acnt_no": acnt_no,
            "ord_no": o.ord_no,
            "stk_cd": o.stk_cd,
            "ord_stt": t["ord_stt"][state],
            "stk_nm": book.market.name(o.stk_cd),
            "ord_qty": str(o.quantity),
            "ord_pric": str(int(o.price or 0)),
            "oso_qty": str(o.remaining),
            "cntr_tot_amt": str(o.filled_amount),
            "orig_ord_no": o.orig or NO_ORIGINAL,
            "io_tp_nm": t["io_tp_nm_cash" if o.cash else "io_tp_nm"][o.side],
            "trde_tp": _trde_tp_label(o.trde_tp),
            "tm": o.placed_at.strftime("%H%M%S"),
            "cntr_no": f"{o.fills:07d}" if o.fills else "",
            "cntr_pric": str(last_price),
            "cntr_qty": str(o.filled),
            "cur_prc": current,
            "sel_bid": current,
            "buy_bid": current,
            "unit_cntr_pric": str(last_price) if o.fills else "",
            "unit_cntr_qty": str(last_qty) if o.fills else "",
            "tdy_trde_cmsn": "0",
            "tdy_trde_tax": "0",
            "stex_tp": stex_tp,
            "stex_tp_txt": stex_txt,
            "sor_yn": sor,
            "stop_pric": str(int(o.cond_uv or 0)),
        },
    )


# --- kt00007 계좌별주문체결내역상세 ------------------------------------------------------------------------
def order_details(book: OrderBook, body: Mapping[str, object], today: dt.date) -> Listing:
    qry_tp, bond, side = (_text(body.get(k)) for k in ("qry_tp", "stk_bond_tp", "sell_tp"))
    try:
        day = dt.datetime.strptime(_text(body.get("ord_dt")), "%Y%m%d").date() if _text(body.get("ord_dt")) else today
    except ValueError:
        day = None  # not a date: no order was placed on it
    stk_cd = _plain_code(_text(body.get("stk_cd")))
    fr_ord_no = _text(body.get("fr_ord_no"))
    venue = _text(body.get("dmst_stex_tp")).upper()
    want_side = {"1": "kt10007", "2": "kt10006"}.get(side)
    t = _texts()
    rows: list[BookOrder] = []
    if bond == "2" or day is None:  # the simulator trades no bonds
        return Listing(rows, lambda o: _detail_row(book, o, t))
    with book.lock:
        for o in book.orders():
            if o.placed_at.date() != day:
                continue
            if (stk_cd and o.stk_cd != stk_cd) or (want_side and o.side != want_side):
                continue
            if (fr_ord_no and o.ord_no < fr_ord_no.zfill(7)) or (venue != "%" and o.venue != venue):
                continue
            if (qry_tp == "3" and not o.is_open) or (qry_tp == "4" and not o.filled):
                continue
            rows.append(copy.copy(o))
    if qry_tp == "2":
        rows.reverse()  # 역순: newest first
    return Listing(rows, lambda o: _detail_row(book, o, t))


def _detail_row(book: OrderBook, o: BookOrder, t: Mapping[str, Any]) -> dict[str, str]:
    changed = bool(o.orig)
    time = o.placed_at.strftime("%H:%M:%S")
    credit_tp = t["crd_tp_kt00007_by_deal"].get(o.crd_deal_tp, t["crd_tp_kt00007"][o.side])
    return _shape(
        "kt00007",
        {
            "ord_no": o.ord_no,
            "stk_cd": "A" + o.stk_cd,
            "trde_tp": _trde_tp_label(o.trde_tp) if o.api_id != "kt10009" else "",
            "crd_tp": t["crd_tp_cash"] if o.cash else credit_tp,
            "ord_qty": _signed(o.quantity, 10),
            "ord_uv": _signed(int(o.price or 0), 10),
            "cnfm_qty": _signed(o.quantity if changed else 0, 10),
            "acpt_tp": t["acpt_tp"]["changed" if changed else "new"],
            "ord_tm": time,
            "ori_ord": o.orig or NO_ORIGINAL,
            "stk_nm": book.market.name(o.stk_cd),
            "io_tp_nm": t["io_tp_nm_kt00007_cash" if o.cash else "io_tp_nm_kt00007"][o.side],
            "loan_dt": o.loan_dt,
            "cntr_qty": _signed(o.filled, 10),
            "cntr_uv": _signed(_avg(o), 10),
            "ord_remnq": _signed(o.remaining if o.is_open else 0, 10),
            "comm_ord_tp": t["comm_ord_tp"],
            "mdfy_cncl": t["mdfy_cncl"][o.api_id],
            "cnfm_tm": time if changed else "",
            "dmst_stex_tp": o.venue,
            "cond_uv": _signed(int(o.cond_uv or 0), 10),
        },
    )


# --- kt00018 계좌평가잔고내역 -------------------------------------------------------------------------
def balance(book: OrderBook, body: Mapping[str, object], deposit: int) -> tuple[dict[str, str], list[dict]]:
    """(the totals at the top, the rows) for one venue; qry_tp 1 (합산) merges a stock's loan dates."""
    venue = _text(body.get("dmst_stex_tp")).upper()
    merged = _text(body.get("qry_tp")) == "1"
    with book.lock:
        holdings = book.positions()
        taken = pos.held(holdings, book.claims())
        lines = [(p, p.qty - taken.get(id(p), 0)) for p in holdings if p.venue == venue]
        prices = {p.stk_cd: book.market.quote(p.stk_cd) for p, _ in lines}
    if merged:
        lines = _merge(lines)
    values = []
    for p, able in lines:
        quote = prices.get(p.stk_cd)
        current = quote.price if quote else p.avg_price
        values.append((p, able, current, quote.pred_close if quote else current))
    total_eval = sum(p.qty * cur for p, _, cur, _ in values)
    rows = [_position_row(book, p, able, cur, pred, total_eval) for p, able, cur, pred in values]
    cost = sum(p.cost for p, *_ in values)
    loan = sum(p.loan for p, *_ in values if p.credit)  # 신용금액 still owed (simulator/credit), as kt00001 loan_sum
    totals = {
        "tot_pur_amt": _signed(cost, 15),
        "tot_evlt_amt": _signed(total_eval, 15),
        "tot_evlt_pl": _signed(total_eval - cost, 15),
        "tot_prft_rt": _rate(total_eval - cost, cost),
        "prsm_dpst_aset_amt": _signed(deposit + total_eval - loan, 15),
        "tot_loan_amt": _signed(loan, 15),
        "tot_crd_loan_amt": _signed(loan, 15),
        "tot_crd_ls_amt": _signed(0, 15),
    }
    return totals, rows


def _merge(lines: list[tuple[Position, int]]) -> list[tuple[Position, int]]:
    merged: dict[tuple[str, bool], tuple[Position, int]] = {}
    for p, able in lines:
        key = (p.stk_cd, p.credit)
        if key in merged:
            m, m_able = merged[key]
            m.qty, m.cost, m.loan = m.qty + p.qty, m.cost + p.cost, m.loan + p.loan
            m.bought_today, m.sold_today = m.bought_today + p.bought_today, m.sold_today + p.sold_today
            merged[key] = (m, m_able + able)
        else:
            merged[key] = (
                Position(p.stk_cd, p.venue, p.credit, "", p.qty, p.cost, p.bought_today, p.sold_today, p.loan),
                able,
            )
    return list(merged.values())


def _position_row(book: OrderBook, p: Position, able: int, current: int, pred: int, total_eval: int) -> dict:
    kind = _texts()["credit_position" if p.credit else "cash_position"]
    evaluation = p.qty * current
    return _shape(
        "kt00018",
        {
            "stk_cd": "A" + p.stk_cd,
            "stk_nm": book.market.name(p.stk_cd),
            "evltv_prft": _signed(evaluation - p.cost, 15),
            "prft_rt": _rate(evaluation - p.cost, p.cost),
            "pur_pric": _signed(p.avg_price, 15),
            "pred_close_pric": _signed(pred, 12),
            "rmnd_qty": _signed(p.qty, 15),
            "trde_able_qty": _signed(able, 15),
            "cur_prc": _signed(current, 12),
            "pred_buyq": _signed(0, 15),
            "pred_sellq": _signed(0, 15),
            "tdy_buyq": _signed(max(p.bought_today, 0), 15),
            "tdy_sellq": _signed(p.sold_today, 15),
            "pur_amt": _signed(p.cost, 15),
            "pur_cmsn": _signed(0, 15),
            "evlt_amt": _signed(evaluation, 15),
            "sell_cmsn": _signed(0, 15),
            "tax": _signed(0, 15),
            "sum_cmsn": _signed(0, 15),
            "poss_rt": _rate(evaluation, total_eval),
            "crd_tp": kind["crd_tp"],
            "crd_tp_nm": kind["crd_tp_nm"],
            "crd_loan_dt": p.loan_dt,
        },
    )
