"""Live 04 events applied to the loan lots (Qt-free): the lot of the event's (종목, 대출일) takes what the event
carries — 930 보유수량, 933 주문가능수량 (as 청산가능수량), 931, 10, 957 신용금액, 958 신용이자, 918 만기일 —
none left removes it; a lot no query has listed yet is added, marked live, for a query to confirm. Events
without a loan date are cash positions: not lots. Only events the account gate admitted reach here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..account.cells import Cell
from ..account.rows import AccountRow, parse_rows, row_of_cells, with_values
from ..live.account_rows import AMBIGUOUS, LIVE_MARK, Applied, position_index
from ..live.events import BalanceEvent
from ..live.tab_rows import Overlay
from .lots import LOTS_API, NOTE, checked, data, loan_key, texts

_LIST = "acnt_prft_rt"


def _event_loan(event: BalanceEvent) -> str:
    loan = event.loan_dt.strip()
    return "" if loan in data()["no_loan_date"] else loan


def _update(event: BalanceEvent) -> dict[str, str]:
    return {key: event.raw[fid] for key, fid in data()["live_fields"].items() if fid in event.raw}


def lot_row(event: BalanceEvent) -> AccountRow | None:
    """A lot only an event has shown, marked live (its kt00005 figures not known)."""
    raw = {"stk_cd": event.stk_cd, "stk_nm": event.stk_nm, "crd_tp": event.crd_tp, "loan_dt": event.loan_dt}
    rows = parse_rows(LOTS_API, {_LIST: [{**raw, **_update(event)}]})
    if not rows:
        return None
    note = texts()["not_listed"]
    cells = {**checked(rows[0]).cells, LIVE_MARK: Cell("Y", "Y"), NOTE: Cell(note, note)}
    return row_of_cells(LOTS_API, cells)


def apply_to_lots(rows: Sequence[tuple[AccountRow, str]], events: Iterable[BalanceEvent]) -> Applied:
    out = Applied(Overlay(rows), len(rows))
    pre = out.before_removal
    index = position_index((r.stk_cd, loan_key(r)) for r, _ in pre)
    gone: set[int] = set()
    for e in events:
        if not isinstance(e, BalanceEvent) or not e.stk_cd or not _event_loan(e):
            continue
        key = (e.stk_cd, _event_loan(e))
        found = index.get(key)
        if found == AMBIGUOUS:  # two lots of one stock and loan date (KRX and NXT): never one of them by guess
            out.needs_query = True
            continue
        if e.qty is not None and e.qty <= 0:
            if found is not None:
                gone.add(found)
            continue
        if found is None:
            row = lot_row(e)
            if row is not None:
                index[key] = len(pre)
                pre.append((row, ""))
                out.needs_query = True
            continue
        gone.discard(found)
        row, venue = pre[found]
        pre[found] = (checked(with_values(row, _update(e))), venue)
        out.changed.add(found)
    out.removed = sorted(gone)
    out.changed -= gone
    return out
