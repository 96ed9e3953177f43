"""What an account tab shows in each cell, computed once per refresh on the API thread (Qt-free)."""

from __future__ import annotations

from collections.abc import Sequence

from .rows import AccountRow, Packed, packed_pair

NUMERIC_SUFFIXES = ("qty", "pric", "uv", "prft", "_rt", "remnq")  # right-aligned columns
ORDER_PRICES = ("ord_pric", "ord_uv")
NO_PRICE_TYPES = ("시장가", "최유리", "최우선")  # 매매구분 words of orders that carry no price of their own


def cell_text(row: AccountRow, key: str, venue: str) -> str:
    """Derived keys (``_venue``), codes without their A prefix, else the parsed text (a value the host sent
    that is not a number is shown as sent)."""
    if key == "_venue":
        return row.venue or venue
    if key == "stk_cd":
        return row.stk_cd or row.text(key)
    if key in ORDER_PRICES and row.value(key) == 0:  # a 시장가 order says so, not "price 0"
        kind = row.text("trde_tp")
        if any(word in kind for word in NO_PRICE_TYPES):
            return kind
    return row.text(key)


def table_texts(
    rows: Sequence[tuple[AccountRow, str]] | Sequence[Packed], keys: Sequence[str]
) -> tuple[tuple[str, ...], ...]:
    """Every cell of a tab, row by row (rows as (row, venue) pairs or packed): tuples of texts only, which the
    garbage collector stops tracking."""
    out = []
    for item in rows:
        packed = packed_pair(item)
        row, venue = AccountRow(packed), packed[1]
        out.append(tuple([cell_text(row, key, venue) for key in keys]))
    return tuple(out)
