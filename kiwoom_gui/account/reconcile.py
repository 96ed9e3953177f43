"""Find an order whose outcome is unknown among today's orders (kt00007), or say it is not there.

A row is that order only when everything the journal knows agrees and nothing else could be it: placed
at or after the intent was journalled, a number the journal does not already hold, the same stock,
side, quantity and price (a modify or cancel: the same 원주문 and 정정/취소 kind) — and exactly one
such row. Two candidates are no answer. Nothing here ever sends an order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..base.kst import KST
from ..base.resources_io import load_json
from .cells import parse_cell
from .rows import AccountRow


@cache
def _data() -> Mapping[str, Any]:
    return load_json("reconcile.json")


RECONCILE_SCHEDULE_S: tuple[float, ...] = tuple(float(s) for s in load_json("reconcile.json")["schedule_s"])


@dataclass(frozen=True)
class Intent:
    """What the journal knows of an order whose outcome is unknown."""

    journal_id: int
    api_id: str
    body: Mapping[str, str]
    created_at: str  # the journal's ISO time, with its offset
    env: str
    host: str


def intent_time_kst(intent: Intent) -> dt.datetime | None:
    """When the intent was journalled, in Korea's time; None if the stored time cannot be read."""
    try:
        when = dt.datetime.fromisoformat(intent.created_at)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # an old row without an offset: this machine's local time
        when = when.astimezone()
    return when.astimezone(KST)


def _number(text: object) -> int | None:
    """A body value as the order sent it ("" = no price = 0 on the host's list)."""
    if isinstance(text, str) and text.strip() == "":
        return 0
    value = parse_cell("int", text.replace(",", "") if isinstance(text, str) else text).value
    return value if isinstance(value, int) else None


def _placed_after(intent: Intent, row: AccountRow, today: dt.date | None) -> bool:
    since = intent_time_kst(intent)
    ord_tm = row.value("ord_tm")
    if since is None or not isinstance(ord_tm, str):
        return False
    if today is not None and since.date() != today:
        return False
    # the host's clock in whole seconds against ours: a small grace for the two clocks
    earliest = since.replace(microsecond=0) - dt.timedelta(seconds=float(_data()["clock_grace_s"]))
    if earliest.date() != since.date():
        earliest = since.replace(hour=0, minute=0, second=0, microsecond=0)
    hour, minute, second = (int(p) for p in ord_tm.split(":"))
    return dt.time(hour, minute, second) >= earliest.time()


def matches(intent: Intent, row: AccountRow, known_ord_nos: set[str], *, today: dt.date | None = None) -> bool:
    """Is ``row`` (kt00007) the order of ``intent``? ``today``: the trading day the rows are of (KST);
    when given, an intent of another day never matches."""
    order = _data()["orders"].get(intent.api_id)
    if row.api_id != "kt00007" or order is None:
        return False
    if row.ord_no is None or row.ord_no in known_ord_nos:
        return False
    if row.stk_cd is None or row.stk_cd != str(intent.body.get("stk_cd", "")).strip().upper():
        return False
    if row.is_cash or not _placed_after(intent, row, today):
        return False
    if "side" in order:
        # a new order's row names no original and is no 정정/취소: a modify's 접수 has the same stock, side,
        # quantity and price, and would credit the modify's number to an order that may never have been placed
        if row.orig_ord_no is not None or any(kind in row.text("mdfy_cncl") for kind in _data()["change_kinds"]):
            return False
        loan_dt = str(intent.body.get("crd_loan_dt", "")).strip()
        return (
            row.side == order["side"]
            and row.value("ord_qty") == _number(intent.body.get("ord_qty"))
            and row.value("ord_uv") == _number(intent.body.get("ord_uv", ""))
            and not (loan_dt and row.loan_dt is not None and row.loan_dt != loan_dt)
        )
    wanted = str(intent.body.get("orig_ord_no", "")).strip()
    return bool(wanted) and row.orig_ord_no == wanted and order["kind"] in row.text("mdfy_cncl")


def find(
    intent: Intent, rows: list[AccountRow], known_ord_nos: set[str], *, today: dt.date | None = None
) -> AccountRow | None:
    """The one row that is ``intent``'s order; None when there is none or more than one."""
    found: dict[str, AccountRow] = {}
    for row in rows:
        if matches(intent, row, known_ord_nos, today=today):
            found.setdefault(row.ord_no or "", row)  # the same order on two pages is one candidate
    return next(iter(found.values())) if len(found) == 1 else None
