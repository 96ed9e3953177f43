"""Which open orders a 모두 취소 cancels, and the kt10009 body of each (Qt-free).

Several rows selected: those rows. One row selected: every open order of that stock and venue in the list.
Each row is judged on its own: a cash order is skipped and said so (kt10009 is a credit cancel); a row the
window may not act on (another account, not yet proven, no 7-digit number, an unknown venue, another
environment's list) is skipped with its reason; an order whose cancel was already sent is never sent again.
Every body is built by the order rules (``validation.build_body``) from the row's values exactly as the host
sent them: the number, the code and the row's own venue, ``cncl_qty`` "0" (the whole open quantity).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..account.rows import AccountRow
from ..base.resources_io import load_json
from ..orders.validation import InvalidOrder, build_body

API_ID = "kt10009"
WHOLE = "0"  # cncl_qty 0: the whole open quantity (the spec's "'0' 입력시 잔량 전부 취소")


@cache
def texts() -> Mapping[str, Any]:
    return load_json("batch.json")["cancel_all"]


@dataclass(frozen=True)
class PlannedCancel:
    ord_no: str
    stk_cd: str
    venue: str
    side: str  # 매수 / 매도, or the row's 주문구분 as shown
    quantity: str  # the open quantity as shown (the body cancels whatever is open: cncl_qty 0)
    price: str
    body: Mapping[str, str]

    def line(self) -> str:
        return texts()["line"].format(
            ord_no=self.ord_no, side=self.side, qty=self.quantity, price=self.price, venue=self.venue
        )


@dataclass(frozen=True)
class Skipped:
    ord_no: str  # "" when the row has no readable number
    reason: str
    kind: str = "refused"  # cash, not_credit, refused, already, invalid (texts "short")

    @property
    def short(self) -> str:
        return f"{self.ord_no or texts()['no_number']} {texts()['short'][self.kind]}"

    def line(self) -> str:
        return texts()["skipped_line"].format(ord_no=self.ord_no or texts()["no_number"], reason=self.reason)


@dataclass(frozen=True)
class CancelPlan:
    scope: str  # what was chosen, in words
    cancels: tuple[PlannedCancel, ...]
    skipped: tuple[Skipped, ...]

    def lines(self) -> list[str]:
        return [c.line() for c in self.cancels] + [s.line() for s in self.skipped]

    def nothing_reason(self) -> str:
        reasons = "; ".join(dict.fromkeys(s.reason for s in self.skipped)) or texts()["select_rows"]
        return texts()["nothing"].format(reasons=reasons)


def _side(row: AccountRow) -> str:
    words = load_json("queries.json")["rows"]["sides"]
    side = row.side
    return words[side] if side in words else (row.text("io_tp_nm") or "?")


def _amount(value: object, shown: str) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else (shown or "?")


def _price(row: AccountRow) -> str:
    value = row.value("ord_pric")
    if isinstance(value, int) and not isinstance(value, bool):
        return texts()["price"].format(price=f"{value:,}") if value > 0 else texts()["price_none"]
    return row.text("ord_pric") or "?"


def _planned(row: AccountRow) -> PlannedCancel | str:
    """The cancel of ``row`` (already judged actionable), or why its body breaks the order rules."""
    if row.ord_no is None or row.stk_cd is None or row.venue is None:  # the window's gate says so too
        return load_json("account_views.json")["texts"]["no_order_number" if row.ord_no is None else "unknown_venue"]
    raw = {"dmst_stex_tp": row.venue, "orig_ord_no": row.ord_no, "stk_cd": row.stk_cd, "cncl_qty": WHOLE}
    try:
        body = build_body(API_ID, raw)
    except InvalidOrder as e:
        return texts()["invalid"].format(reason="; ".join(e.errors.values()))
    if body["orig_ord_no"] != row.ord_no or body["stk_cd"] != row.stk_cd:  # the rules must not rewrite them
        return texts()["invalid"].format(reason=f"{row.ord_no} {row.stk_cd}")
    quantity = _amount(row.value("oso_qty"), row.text("oso_qty"))
    return PlannedCancel(row.ord_no, row.stk_cd, row.venue, _side(row), quantity, _price(row), body)


def plan_cancels(
    rows: Sequence[AccountRow],
    selected: Sequence[int],
    row_refusal: Callable[[AccountRow], str | None],
    already_sent: Callable[[str], str | None],
) -> CancelPlan | str:
    """The cancels for the ``selected`` indices of ``rows`` (the 미체결 list in display order), or why none can
    be planned. ``row_refusal(row)``: why the window may not act on that row (None: it may);
    ``already_sent(ord_no)``: why a cancel of that number must not be sent again (None: none was sent)."""
    t = texts()
    chosen = sorted({i for i in selected if 0 <= i < len(rows)})
    if not chosen:
        return t["select_rows"]
    if len(chosen) == 1:
        anchor = rows[chosen[0]]
        if anchor.stk_cd is None or anchor.venue is None:
            return t["anchor_unknown"]
        scope = t["scope_stock"].format(stk_cd=anchor.stk_cd, venue=anchor.venue)
        picked = [r for r in rows if (r.stk_cd, r.venue) == (anchor.stk_cd, anchor.venue)]
    else:
        scope = t["scope_selected"].format(count=len(chosen))
        picked = [rows[i] for i in chosen]
    cancels: list[PlannedCancel] = []
    skipped: list[Skipped] = []
    seen: set[str] = set()
    for row in picked:
        number = row.ord_no or ""
        if number and number in seen:  # the same order twice in the list: one cancel
            continue
        seen.add(number)
        kind, reason = "refused", None
        if row.is_cash or (not row.is_credit and row.side is not None):
            kind, reason = "cash", t["cash"]  # 미체결 names a cash order "+매수": no credit word there is cash
        elif not row.is_credit:
            kind, reason = "not_credit", t["not_credit"]
        else:
            reason = row_refusal(row)
            if reason is None and number:
                kind, reason = "already", already_sent(number)
        planned = _planned(row) if reason is None else reason
        if isinstance(planned, PlannedCancel):
            cancels.append(planned)
        else:
            skipped.append(Skipped(number, planned, kind if reason is not None else "invalid"))
    return CancelPlan(scope, tuple(cancels), tuple(skipped))
