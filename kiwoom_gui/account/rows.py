"""Rows of the account queries (ka10075 미체결, kt00007 주문·체결, kt00018 잔고), every field read by its
kind, with the facts a modify, cancel or 융자 sell needs. Reading an answer never raises."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, cached_property
from types import MappingProxyType
from typing import Any

from ..base.resources_io import load_json
from ..host.answers import order_number
from ..orders.specs import FieldSpec, query_spec
from .cells import Cell, parse_cell

_MISSING = Cell(None, None)


@cache
def _rules() -> Mapping[str, Any]:
    return load_json("queries.json")["rows"]


@cache
def _list_field(api_id: str) -> FieldSpec | None:
    key = _rules()["list"].get(api_id)
    return next((f for f in query_spec(api_id).response_body if f.key == key), None)


@dataclass(frozen=True)
class AccountRow:
    api_id: str
    cells: Mapping[str, Cell]  # every child field of the spec's list, parsed

    def cell(self, key: str) -> Cell:
        return self.cells.get(key, _MISSING)

    def text(self, key: str) -> str:
        return self.cell(key).text

    def value(self, key: str) -> int | Decimal | str | None:
        return self.cell(key).value

    def _str(self, key: str) -> str:
        raw = self.cell(key).raw
        return raw.strip() if isinstance(raw, str) else ""

    @cached_property  # rows are immutable; live events look numbers up in every row of a tab, per batch
    def ord_no(self) -> str | None:
        """Exactly 7 digits, or None: anything else must never reach a modify or cancel form."""
        return order_number(self.cell("ord_no").raw)

    @property
    def orig_ord_no(self) -> str | None:
        key = _rules()["orig_fields"].get(self.api_id)
        number = order_number(self.cell(key).raw) if key else None
        return None if number == _rules()["no_original"] else number

    @property
    def acnt_no(self) -> str | None:
        """The account a row names (ka10075 ``acnt_no``), stripped; None when it names none."""
        return self._str("acnt_no") or None

    @property
    def stk_cd(self) -> str | None:
        value = self.cell("stk_cd").value
        return value if isinstance(value, str) else None

    @property
    def venue(self) -> str | None:
        """KRX / NXT / SOR as an order's ``dmst_stex_tp`` names it; None when the row does not say."""
        names = _rules()["venue_names"]
        if self.api_id == "ka10075":
            if self._str("sor_yn") == "Y":
                return "SOR"
            venue = _rules()["ka10075_venues"].get(self._str("stex_tp"))
            if venue is None and self._str("stex_tp") == "":  # no code: the text, if it is a venue
                venue = self._str("stex_tp_txt").upper()
            return venue if venue in names else None
        if self.api_id == "kt00007":
            venue = self._str("dmst_stex_tp").upper()
            return venue if venue in names else None
        return None

    @property
    def is_credit(self) -> bool:
        """ka10075 / kt00007: a credit word in 주문구분 or 신용구분; kt00018: a 신용구분 code other than 00."""
        if self.api_id == "kt00018":
            code = self._str("crd_tp")
            return len(code) == 2 and code.isascii() and code.isdigit() and code != _rules()["no_credit_code"]
        words = _rules()["credit_words"]
        return any(w in self._str(k) for k in ("io_tp_nm", "crd_tp") for w in words)

    @property
    def is_cash(self) -> bool:
        """The row says outright that it is a cash order (현금매수, 보통매매): never a credit order's."""
        words = _rules()["cash_words"]
        return not self.is_credit and any(w in self._str(k) for k in ("io_tp_nm", "crd_tp") for w in words)

    @property
    def loan_dt(self) -> str | None:
        key = _rules()["loan_date_fields"].get(self.api_id)
        value = self.cell(key).value if key else None
        return value if isinstance(value, str) else None

    @property
    def side(self) -> str | None:
        """``buy`` / ``sell`` from 주문구분 (매수 / 매도); None when it says neither or both."""
        text = self._str("io_tp_nm")
        found = [side for side, word in _rules()["sides"].items() if word in text]
        return found[0] if len(found) == 1 else None


def field_kinds(api_id: str) -> dict[str, str]:
    """Each child field of ``api_id``'s list and the kind it is read by (``{}`` for an unknown api-id)."""
    try:
        field = _list_field(api_id)
    except KeyError:
        return {}
    return {} if field is None else {c.key: c.parse for c in field.children}


def with_values(row: AccountRow, raw: Mapping[str, object]) -> AccountRow:
    """``row`` with the fields in ``raw`` read afresh by their kinds (the others as they were)."""
    kinds = field_kinds(row.api_id)
    cells = dict(row.cells)
    for key, value in raw.items():
        cells[key] = parse_cell(kinds.get(key, "text"), value)
    return AccountRow(row.api_id, MappingProxyType(cells))


def parse_rows(api_id: str, body: Mapping[str, object]) -> list[AccountRow]:
    """The rows of ``api_id``'s list field; ``[]`` if it is absent or not a list. Never raises."""
    try:
        field = _list_field(api_id)
    except KeyError:
        return []
    if field is None or not isinstance(body, Mapping):
        return []
    items = body.get(field.key)
    if not isinstance(items, list):
        return []
    kinds = [(c.key, c.parse) for c in field.children]
    return [
        AccountRow(api_id, MappingProxyType({key: parse_cell(kind, item.get(key)) for key, kind in kinds}))
        for item in items
        if isinstance(item, Mapping)
    ]


def account_number(body: Mapping[str, object]) -> str | None:
    """ka00001's ``acctNo`` if it is one (ASCII digits only), else None."""
    if not isinstance(body, Mapping):
        return None
    value = body.get(_rules()["account_field"])
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if 0 < len(value) <= 20 and value.isascii() and value.isdigit() else None


def mask_account(number: str) -> str:
    """``1234567890`` → ``1234****90``: enough to tell accounts apart, not enough to use one."""
    rule = _rules()["account_mask"]
    head, tail, mask = int(rule["keep_head"]), int(rule["keep_tail"]), rule["mask"]
    if len(number) <= head + tail + 1:
        return mask * len(number)
    return number[:head] + mask * (len(number) - head - tail) + number[-tail:]
