"""Live events applied to the account tabs' rows (Qt-free).

A 00 event updates 미체결 (ka10075 rows) and 주문·체결 (kt00007 rows); a 04 event updates 잔고 (kt00018 rows).
A row the event names keeps what the last query said and takes only what the event carries; a row that only
an event has shown (an order placed from 영웅문, say) is marked live, and the tabs do not act on it until a
query has confirmed it — the window asks for one shortly after such a batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..account.rows import AccountRow, parse_rows, with_values
from ..base.resources_io import load_json
from .events import BalanceEvent, OrderEvent, balance_fid
from .tab_rows import Overlay, ord_no_index

LIVE_MARK = "_live"  # a cell only rows built from an event have
Rows = list[tuple[AccountRow, str]]  # (row, venue) as the tabs hold them


@cache
def _texts() -> Mapping[str, Any]:
    return load_json("live_views.json")


def is_live_only(row: AccountRow) -> bool:
    return row.cell(LIVE_MARK).raw == "Y"


def _s(value: int | None) -> str | None:
    return None if value is None else str(value)


def _kind_word(event: OrderEvent) -> str:
    return "취소" if event.is_cancel else "정정" if event.is_modify else ""


def _marked(rows: list[AccountRow]) -> AccountRow | None:
    if not rows:
        return None
    return with_values(rows[0], {LIVE_MARK: "Y"})


def _present(raw: Mapping[str, str | None]) -> dict[str, str]:
    return {k: v for k, v in raw.items() if v is not None}


def open_order_row(event: OrderEvent) -> AccountRow | None:
    """A 미체결 (ka10075) row from a 00 event, marked live."""
    venue_code = {"KRX": "1", "NXT": "2"}.get(event.venue, "")
    raw = {
        "ord_no": event.ord_no,
        "stk_cd": event.stk_cd,
        "stk_nm": event.stk_nm,
        "ord_stt": event.status,
        "ord_qty": _s(event.ord_qty),
        "ord_pric": _s(event.ord_pric),
        "oso_qty": _s(event.open_qty),
        "cntr_tot_amt": _s(event.filled_amount),
        "orig_ord_no": event.orig_ord_no or "0000000",
        "io_tp_nm": event.raw.get("905", event.order_kind),
        "trde_tp": event.trde_tp,
        "tm": event.time,
        "cntr_no": event.cntr_no,
        "cntr_pric": _s(event.cntr_pric),
        "cntr_qty": _s(event.cntr_qty),
        "stex_tp": venue_code,
        "stex_tp_txt": event.venue,
        "sor_yn": "Y" if event.venue == "SOR" else "N",
    }
    return _marked(parse_rows("ka10075", {"oso": [_present(raw)]}))


def execution_row(event: OrderEvent) -> AccountRow | None:
    """A 주문·체결 (kt00007) row from a 00 event, marked live: also what the search for an unknown order reads."""
    filled = event.filled_qty
    raw = {
        "ord_no": event.ord_no,
        "stk_cd": event.stk_cd,
        "stk_nm": event.stk_nm,
        "trde_tp": event.trde_tp,
        "crd_tp": event.crd_tp,
        "ord_qty": _s(event.ord_qty),
        "ord_uv": _s(event.ord_pric),
        "ord_tm": event.time,
        "ori_ord": event.orig_ord_no or "0000000",
        "io_tp_nm": event.raw.get("905", event.order_kind),
        "loan_dt": event.loan_dt if event.loan_dt.strip("0") else "",
        "cntr_qty": _s(filled),
        "cntr_uv": _s(event.average_price),
        "ord_remnq": _s(event.open_qty),
        "mdfy_cncl": _kind_word(event),
        "dmst_stex_tp": event.venue,
    }
    return _marked(parse_rows("kt00007", {"acnt_ord_cntr_prps_dtl": [_present(raw)]}))


def position_row(event: BalanceEvent) -> AccountRow | None:
    raw = {
        "stk_cd": event.stk_cd,
        "stk_nm": event.stk_nm,
        "crd_tp": event.crd_tp,
        "crd_loan_dt": event.loan_dt if event.loan_dt.strip("0") else "",
        "rmnd_qty": _s(event.qty),
        "trde_able_qty": _s(event.available_qty),
        "pur_pric": _s(event.avg_price),
        "cur_prc": _s(event.cur_price),
        "prft_rt": event.profit_rate or None,
    }
    return _marked(parse_rows("kt00018", {"acnt_evlt_remn_indv_tot": [_present(raw)]}))


@dataclass
class Applied:
    """What a batch did to one tab, in the order a table model must hear it: ``changed`` rows (indices into
    ``before_removal``), ``appended`` rows added at its end, then ``removed`` (indices into ``before_removal``).
    ``rows`` is the result; ``needs_query``: what the events said is not enough to be sure (a row only an event
    has shown, a confirmation whose quantity could not be read): a query should confirm it."""

    before_removal: Overlay  # the tab's rows, with the batch's changes and additions on top
    old_count: int
    changed: set[int] = field(default_factory=set)
    removed: list[int] = field(default_factory=list)
    needs_query: bool = False

    @property
    def appended(self) -> int:
        return len(self.before_removal) - self.old_count

    @property
    def rows(self) -> Rows:
        gone = set(self.removed)
        return [pair for i, pair in enumerate(self.before_removal) if i not in gone]

    @property
    def structural(self) -> bool:
        return bool(self.appended or self.removed)


def _start(rows: Sequence[tuple[AccountRow, str]]) -> Applied:
    return Applied(Overlay(rows), len(rows))


def _finish(out: Applied, gone: set[int]) -> Applied:
    out.removed = sorted(gone)
    out.changed -= gone
    return out


def _append(out: Applied, index: dict[str | None, int], event: OrderEvent, row: AccountRow | None) -> None:
    """A row only an event has shown, at the end of the tab; a query should confirm it."""
    if row is not None:
        index[event.ord_no] = len(out.before_removal)
        out.before_removal.append((row, event.venue))
        out.needs_query = True


def apply_to_open_orders(rows: Sequence[tuple[AccountRow, str]], events: Iterable[OrderEvent]) -> Applied:
    """미체결 after ``events``: a new order appears, a fill lowers 미체결수량, nothing left → the row leaves; a
    cancel's or modify's 확인 lowers (or removes) its original; a 거부 never stays."""
    out = _start(rows)
    pre = out.before_removal
    index = ord_no_index(rows)
    gone: set[int] = set()
    statuses = _texts()["statuses"]
    for e in events:
        if not isinstance(e, OrderEvent) or e.ord_no is None:
            continue
        if e.status == statuses["rejected"]:
            if e.ord_no in index:
                gone.add(index[e.ord_no])
            continue
        if (e.is_cancel or e.is_modify) and e.status == statuses["confirmed"] and e.orig_ord_no in index:
            i = index[e.orig_ord_no]
            row, venue = pre[i]
            left = row.value("oso_qty")
            if e.ord_qty is None or not isinstance(left, int):  # how much went is unknown: the list will say
                out.needs_query = True
            elif e.ord_qty == 0 or left - e.ord_qty <= 0:  # 0 = 잔량 전부
                gone.add(i)
            else:
                pre[i] = (with_values(row, {"oso_qty": str(left - e.ord_qty)}), venue)
                out.changed.add(i)
        if e.is_cancel or e.open_qty is None:  # a cancel is never an open order itself
            continue
        if e.open_qty <= 0:
            if e.ord_no in index:
                gone.add(index[e.ord_no])
            continue
        if e.ord_no in index:
            i = index[e.ord_no]
            gone.discard(i)
            row, venue = pre[i]
            update = _present(
                {
                    "oso_qty": str(e.open_qty),
                    "ord_stt": e.status or None,
                    "cntr_qty": _s(e.cntr_qty),
                    "cntr_pric": _s(e.cntr_pric),
                    "cntr_tot_amt": _s(e.filled_amount),
                }
            )
            pre[i] = (with_values(row, update), venue)
            out.changed.add(i)
        else:
            _append(out, index, e, open_order_row(e))
    return _finish(out, gone)


class ExecutionRows:
    """Each event's kt00007-shaped row, built at most once per batch (the tab and the search for unknown
    orders both want it)."""

    def __init__(self) -> None:
        self._built: dict[int, tuple[OrderEvent, AccountRow | None]] = {}

    def __call__(self, event: OrderEvent) -> AccountRow | None:
        key = id(event)
        if key not in self._built:  # the event is kept with its row, so its id is not reused meanwhile
            self._built[key] = (event, execution_row(event))
        return self._built[key][1]


def apply_to_executions(
    rows: Sequence[tuple[AccountRow, str]],
    events: Iterable[OrderEvent],
    row_of: Callable[[OrderEvent], AccountRow | None] = execution_row,
) -> Applied:
    """주문·체결 after ``events``: an order's row takes its fills and remaining quantity; a new order is added."""
    out = _start(rows)
    pre = out.before_removal
    index = ord_no_index(rows)
    for e in events:
        if not isinstance(e, OrderEvent) or e.ord_no is None:
            continue
        if e.ord_no in index:
            i = index[e.ord_no]
            row, venue = pre[i]
            update = _present(
                {"cntr_qty": _s(e.filled_qty), "cntr_uv": _s(e.average_price), "ord_remnq": _s(e.open_qty)}
            )
            pre[i] = (with_values(row, update), venue)
            out.changed.add(i)
        else:
            _append(out, index, e, row_of(e))
    return _finish(out, set())


def _loan(row: AccountRow) -> str:
    loan = row.loan_dt or ""
    return loan if loan.strip("0") else ""  # "00000000" and "" both mean no loan date


AMBIGUOUS = -1  # position_index: the key names more than one row


def position_index(keys: Iterable[tuple[str | None, str]]) -> dict[tuple[str | None, str], int]:
    """(종목, 대출일) → the row's index, or AMBIGUOUS when several rows have it (kt00018 asked per venue lists a
    stock bought on credit on KRX and on NXT the same day twice; ka10085 통합 lists both loans)."""
    index: dict[tuple[str | None, str], int] = {}
    for i, key in enumerate(keys):
        if key[0]:
            index[key] = AMBIGUOUS if key in index else i
    return index


def _as_sent(event: BalanceEvent, value: int | None, name: str) -> str | None:
    """A 04 quantity: read, or (sent but unreadable: "-5", "abc") the text as sent; None when not sent."""
    return _s(value) if value is not None else event.raw.get(balance_fid(name))


def apply_to_positions(rows: Sequence[tuple[AccountRow, str]], events: Iterable[BalanceEvent]) -> Applied:
    """잔고 after ``events``: the position (stock and loan date) takes its new quantities and prices; none
    left → the row leaves; a position not listed yet is added."""
    out = _start(rows)
    pre = out.before_removal
    index = position_index((r.stk_cd, _loan(r)) for r, _ in pre)
    gone: set[int] = set()
    for e in events:
        if not isinstance(e, BalanceEvent) or not e.stk_cd:
            continue
        key = (e.stk_cd, e.loan_dt if e.loan_dt.strip("0") else "")
        found = index.get(key)
        if found == AMBIGUOUS:  # one stock and loan date bought on KRX and on NXT: a 04 names no venue
            out.needs_query = True  # whose figure it is cannot be told — the lists will say
            continue
        if e.qty is not None and e.qty <= 0:
            if found is not None:
                gone.add(found)
            continue
        if found is None:
            row = position_row(e)
            if row is not None:
                index[key] = len(pre)
                pre.append((row, ""))
                out.needs_query = True
            continue
        gone.discard(found)
        row, venue = pre[found]
        update = _present(
            {
                # a quantity the event sent but that cannot be read is taken as sent (read as unreadable: no
                # limit from it) — never the previous figure under the live time
                "rmnd_qty": _as_sent(e, e.qty, "qty"),
                "trde_able_qty": _as_sent(e, e.available_qty, "available_qty"),
                "pur_pric": _s(e.avg_price),
                "cur_prc": _s(e.cur_price),
                "prft_rt": e.profit_rate or None,
            }
        )
        pre[found] = (with_values(row, update), venue)
        out.changed.add(found)
    return _finish(out, gone)


def _won(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def fill_text(event: OrderEvent) -> str:
    """The log's 체결 cell for the order ``event`` names."""
    texts, statuses = _texts()["fill"], _texts()["statuses"]
    if event.status == statuses["rejected"]:
        return texts["rejected"].format(reason=event.reject_reason or "?")
    if event.status == statuses["confirmed"]:
        return texts["confirmed"].format(kind=_kind_word(event) or event.order_kind, qty=_won(event.ord_qty))
    filled, ordered = event.filled_qty, event.ord_qty
    if event.status == statuses["cancelled"]:
        return texts["cancelled"].format(filled=_won(filled), ordered=_won(ordered))
    if filled and ordered:
        key = "done" if event.open_qty == 0 else "partly"
        return texts[key].format(filled=filled, ordered=ordered, avg=_won(event.average_price))
    return texts["accepted"].format(open=event.open_qty or 0) if event.open_qty is not None else event.status


def original_text(event: OrderEvent) -> str | None:
    """The 체결 cell for the original of a cancel or modify confirmed by ``event``; None for other events."""
    if not (event.is_cancel or event.is_modify) or event.status != _texts()["statuses"]["confirmed"]:
        return None
    qty = f"{event.ord_qty:,}주" if event.ord_qty else "잔량 전부"
    return _texts()["fill"]["original_confirmed"].format(kind=_kind_word(event), qty=qty, ord_no=event.ord_no)


def announcement(event: OrderEvent) -> str | None:
    """What the status bar says: a fill and a rejection; None for other events."""
    texts, statuses = _texts()["announce"], _texts()["statuses"]
    fields = dict(
        name=event.stk_nm or "?",
        code=event.stk_cd,
        kind=event.order_kind,
        ord_no=event.ord_no or "?",
        filled=_won(event.filled_qty),
        ordered=_won(event.ord_qty),
    )
    if event.status == statuses["filled"] and event.cntr_qty:
        return texts["filled"].format(qty=f"{event.cntr_qty:,}", price=_won(event.cntr_pric), **fields)
    if event.status == statuses["rejected"]:
        return texts["rejected"].format(reason=event.reject_reason or "?", **fields)
    return None


def accepted_events(events: Iterable[OrderEvent]) -> list[OrderEvent]:
    """The 접수 events with an order number: what the search for an order of unknown outcome compares
    (kiwoom_gui.account.attribution reads every field it needs from the event itself)."""
    accepted = _texts()["statuses"]["accepted"]
    return [e for e in events if isinstance(e, OrderEvent) and e.status == accepted and e.ord_no]
