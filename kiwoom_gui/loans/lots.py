"""Loan lots from the account queries: ka10085's rows with a loan, each with kt00005's 평가손익 and 손익률 where
that query was offered, the days left to 만기 (KST), and why a lot may not fill a 신용매도.

A figure that is missing, not a number or impossible (a negative quantity, 20261399) keeps no value: it is
shown as sent with a mark, and nothing is computed or limited from it. Reading never raises.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from ..account.cells import Cell
from ..account.rows import AccountRow, row_of_cells
from ..base.resources_io import load_json

LOTS_API = "ka10085"
REMN_API = "kt00005"
NOTE = "_remn"  # a lot's cell saying why kt00005's figures are not there (not offered, failed, not listed)
Pairs = Sequence[tuple[AccountRow, str]]


@cache
def data() -> Mapping[str, Any]:
    return load_json("loans.json")


def texts() -> Mapping[str, str]:
    return data()["texts"]


def _raw(row: AccountRow, key: str) -> str:
    raw = row.cell(key).raw
    return raw.strip() if isinstance(raw, str) else ""


def loan_key(row: AccountRow) -> str:
    """The loan date as sent (trimmed, for matching only); "" for none ('00000000')."""
    raw = _raw(row, "loan_dt")
    return "" if raw in data()["no_loan_date"] else raw


def is_lot(row: AccountRow) -> bool:
    """A loan: a loan date, or a 신용구분 other than 00 (a lot whose date is missing is still listed, marked)."""
    return bool(loan_key(row)) or _raw(row, "crd_tp") not in ("", data()["no_credit_code"])


def checked(row: AccountRow) -> AccountRow:
    """``row`` with impossible figures (a negative quantity or amount) unread: shown as sent, used for nothing."""
    cells = dict(row.cells)
    changed = False
    for key in data()["never_negative"]:
        cell = cells.get(key)
        # "-0" too: a sign on a quantity is not one the spec sends
        if cell is not None and isinstance(cell.value, int) and (cell.value < 0 or (cell.raw or "").strip()[:1] == "-"):
            cells[key] = Cell(cell.raw, None)
            changed = True
    return row_of_cells(row.api_id, cells) if changed else row


def build_lots(pairs: Iterable[tuple[AccountRow, str]], remn_note: str | None) -> list[tuple[AccountRow, str]]:
    """The lots of a refresh: ka10085's loan rows in the host's order, each with kt00005's 평가손익 and 손익률
    for the same (종목, 대출일) when exactly one of its rows is that lot; ``remn_note``: why kt00005 said
    nothing (None: it answered)."""
    pairs = list(pairs)
    remn: dict[tuple[str | None, str], list[AccountRow]] = {}
    for row, _ in pairs:
        if row.api_id == REMN_API:
            remn.setdefault((row.stk_cd, loan_key(row)), []).append(row)
    lots = []
    for row, _ in pairs:
        if row.api_id != LOTS_API or not is_lot(row):
            continue
        cells = dict(checked(row).cells)
        found = remn.get((row.stk_cd, loan_key(row)), [])
        if remn_note is not None:
            cells[NOTE] = Cell(remn_note, remn_note)
        elif len(found) == 1:
            for key in data()["from_kt00005"]:
                cells[key] = found[0].cell(key)
        else:
            note = texts()["not_listed"] if not found else texts()["several"].format(count=len(found))
            cells[NOTE] = Cell(note, note)
        lots.append((row_of_cells(LOTS_API, cells), ""))  # ka10085 stex_tp 0: 통합, no venue
    return lots


def days_left(row: AccountRow, today: dt.date) -> int | None:
    """Days from ``today`` (KST) to the lot's 만기일; None when it has none or it cannot be read."""
    value = row.cell("expr_dt").value
    if not isinstance(value, str):
        return None
    return (dt.date(int(value[:4]), int(value[4:6]), int(value[6:])) - today).days


def is_expiring(row: AccountRow, today: dt.date, warn_days: int) -> bool:
    left = days_left(row, today)
    return left is not None and left <= warn_days


def expiring_count(rows: Iterable[AccountRow], today: dt.date, warn_days: int) -> int:
    return sum(1 for row in rows if is_expiring(row, today, warn_days))


def _days_text(row: AccountRow, today: dt.date) -> str:
    t = texts()
    left = days_left(row, today)
    if left is None:
        raw = row.cell("expr_dt").raw
        if isinstance(raw, str) and raw.strip() in data()["no_loan_date"]:
            return t["no_expiry"]
        return _marked(row.cell("expr_dt"))
    if left == 0:
        return t["d_day"]
    return t["d_minus"].format(n=left) if left > 0 else t["d_plus"].format(n=-left)


def _marked(cell: Cell) -> str:
    if cell.raw is None:
        return texts()["missing"]
    return texts()["bad"].format(raw=cell.text)


def lot_text(row: AccountRow, key: str, today: dt.date) -> str:
    """What the 신용잔고 tab shows in ``key``'s column: the parsed value, or what the host sent marked ⚠."""
    if key == "_days_left":
        return _days_text(row, today)
    if key in data()["from_kt00005"] and row.cell(NOTE).raw is not None:
        return row.cell(NOTE).text
    cell = row.cell(key)
    if key == "expr_dt" and isinstance(cell.raw, str) and cell.raw.strip() in data()["no_loan_date"]:
        return texts()["no_expiry"]
    if cell.value is None:
        return _marked(cell)
    return cell.text


def lot_texts(pairs: Pairs, keys: Sequence[str], today: dt.date) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(lot_text(row, key, today) for key in keys) for row, _ in pairs)


def lot_refusal(row: AccountRow, rows: Iterable[AccountRow]) -> str | None:
    """Why ``row`` may not fill 신용매도 (None: it may): a code that is not one, a loan date that is not exactly
    an 8-digit date as sent (never cut, padded or fixed), or another row of the same stock and loan date."""
    t = texts()
    if row.stk_cd is None:
        return t["bad_code"]
    raw = row.cell("loan_dt").raw
    if not isinstance(raw, str) or row.loan_dt != raw:
        return t["bad_loan_date"].format(raw=row.cell("loan_dt").text or t["missing"])
    # the same (종목, 대출일) as the limit and the live events key it (trimmed): a padded copy is another row of it
    if sum(1 for r in rows if r.stk_cd == row.stk_cd and loan_key(r) == loan_key(row)) > 1:
        return t["duplicate"]
    return None
