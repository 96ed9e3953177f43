"""Rows of the account queries (ka10075 미체결, kt00007 주문·체결, kt00018 잔고), every field read by its
kind, with the facts a modify, cancel or 융자 sell needs. Reading an answer never raises."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import cache, partial
from types import MappingProxyType
from typing import Any

from ..base.resources_io import load_json
from ..host.answers import order_number
from ..orders.specs import FieldSpec, query_spec
from .cells import Cell, cell_of, kept_raw, text_of
from .list_reader import ListItems

_MISSING = Cell(None, None)


@cache
def _rules() -> Mapping[str, Any]:
    return load_json("queries.json")["rows"]


@cache
def _list_field(api_id: str) -> FieldSpec | None:
    key = _rules()["list"].get(api_id)
    return next((f for f in query_spec(api_id).response_body if f.key == key), None)


# A row is kept packed, as one exact tuple of texts: (api_id, venue, ord_no, extras, raw of each spec field…).
# CPython's garbage collector stops tracking a tuple of plain values, so 60,000 rows add nothing to the full
# collections that hold the GIL (as cell objects did: 300,000 tracked objects a list). ``extras``: None, or a
# tuple of (key, raw) for keys outside the spec (the live mark); each raw as cells.kept_raw keeps it.
_API, _VENUE, _ORD, _EXTRA, _RAW = range(5)
Packed = tuple


@cache
def _layout(api_id: str) -> tuple[tuple[str, ...], tuple[str, ...], Mapping[str, int]]:
    """The spec's list fields of ``api_id`` (keys, kinds, key → position); empty for an unknown api-id."""
    kinds = field_kinds(api_id)
    return tuple(kinds), tuple(kinds.values()), MappingProxyType({k: i for i, k in enumerate(kinds)})


def _packed(api_id: str, venue: str, raws: tuple, extras: tuple | None) -> Packed:
    at = _layout(api_id)[2].get("ord_no")
    ord_raw = raws[at] if at is not None else _extra(extras, "ord_no")
    # the order number as AccountRow.ord_no gives it: read once here, as live events look it up in every row
    ord_no = order_number(ord_raw[0] if isinstance(ord_raw, tuple) else ord_raw)
    return (api_id, venue, ord_no, extras or None, *raws)


def _extra(extras: tuple | None, key: str) -> object:
    for k, raw in extras or ():
        if k == key:
            return raw
    return None


def pack_item(
    api_id: str, item: Mapping[str, object], venue: str = "", scrub: Callable[[str], str] | None = None
) -> Packed:
    """One list item of ``api_id``'s answer as a packed row: every spec field's raw value, nothing parsed yet
    (``scrub``: applied to each text kept, before anything is read from it)."""
    raws = [kept_raw(item.get(k)) for k in _layout(api_id)[0]]
    if scrub is not None:
        raws = [scrub(r) if type(r) is str else (scrub(r[0]),) if type(r) is tuple else r for r in raws]
    return _packed(api_id, venue, tuple(raws), None)


def list_items(api_id: str, venue: str = "") -> ListItems | None:
    """How a page of ``api_id`` is read item by item into packed rows (:mod:`.list_reader`); None when its
    answer has no list (the page is read whole, and :func:`pack_rows` of it is empty)."""
    try:
        field = _list_field(api_id)
    except KeyError:
        return None
    if field is None:
        return None
    return ListItems(field.key, partial(_pack_scrubbed, api_id, venue))


def _pack_scrubbed(api_id: str, venue: str, item: Mapping[str, object], scrub: Callable[[str], str]) -> Packed:
    return pack_item(api_id, item, venue, scrub)


class CellsPacked(tuple):
    """A packed row whose cells were set by hand (a loan lot: ka10085 joined with kt00005's figures, impossible
    numbers marked unreadable, a live mark). Such rows are few (hundreds), so keeping their cells costs the
    collector nothing worth counting; ``own_cells`` is what the row reads."""

    own_cells: Mapping[str, Cell]


def row_of_cells(api_id: str, cells: Mapping[str, Cell], venue: str = "") -> AccountRow:
    """A row of ``api_id`` that reads exactly ``cells`` (each spec field's raw kept too: equality, the order
    number and live updates go by the raws as for any row)."""
    raws = tuple([kept_raw(cells[k].raw) if k in cells else None for k in _layout(api_id)[0]])
    packed = CellsPacked(_packed(api_id, venue, raws, None))
    packed.own_cells = MappingProxyType(dict(cells))
    return AccountRow(packed)


class AccountRow:
    """One row read by its kinds, a view over a packed row (made when asked for, never kept in a list of
    thousands): each cell is parsed when read (cached per value, see cells.py)."""

    __slots__ = ("packed",)

    def __init__(self, packed: Packed) -> None:
        self.packed = packed

    @property
    def api_id(self) -> str:
        return self.packed[_API]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AccountRow):
            return NotImplemented
        a, b = self.packed, other.packed
        return a[_API] == b[_API] and a[_ORD:] == b[_ORD:]

    def __hash__(self) -> int:
        return hash((self.packed[_API], *self.packed[_ORD:]))

    def __repr__(self) -> str:
        return f"AccountRow({self.api_id!r}, ord_no={self.ord_no!r})"

    @property
    def cells(self) -> Mapping[str, Cell]:
        """Every child field of the spec's list (and any extra key), parsed."""
        if type(self.packed) is CellsPacked:
            return self.packed.own_cells
        keys, kinds, _ = _layout(self.api_id)
        p = self.packed
        cells = {k: cell_of(kind, p[_RAW + i]) for i, (k, kind) in enumerate(zip(keys, kinds, strict=True))}
        for k, raw in p[_EXTRA] or ():
            cells[k] = cell_of("text", raw)
        return MappingProxyType(cells)

    def cell(self, key: str) -> Cell:
        if type(self.packed) is CellsPacked:
            return self.packed.own_cells.get(key, _MISSING)
        _, kinds, index = _layout(self.api_id)
        i = index.get(key)
        if i is not None:
            return cell_of(kinds[i], self.packed[_RAW + i])
        extras = self.packed[_EXTRA]
        return cell_of("text", _extra(extras, key)) if extras else _MISSING

    def text(self, key: str) -> str:
        _, kinds, index = _layout(self.api_id)
        i = index.get(key)
        if i is not None and type(self.packed) is not CellsPacked:
            return text_of(kinds[i], self.packed[_RAW + i])
        return self.cell(key).text

    def value(self, key: str) -> int | Decimal | str | None:
        return self.cell(key).value

    def _str(self, key: str) -> str:
        raw = self.cell(key).raw
        return raw.strip() if isinstance(raw, str) else ""

    @property
    def ord_no(self) -> str | None:
        """Exactly 7 digits, or None: anything else must never reach a modify or cancel form."""
        return self.packed[_ORD]

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
    p = row.packed
    _, kinds, index = _layout(row.api_id)
    if type(p) is CellsPacked:  # a row of hand-set cells stays one: the fields in ``raw`` read afresh
        cells = dict(p.own_cells)
        for key, value in raw.items():
            cells[key] = cell_of(kinds[index[key]] if key in index else "text", kept_raw(value))
        return row_of_cells(p[_API], cells, p[_VENUE])
    raws = list(p[_RAW:])
    extras = dict(p[_EXTRA] or ())
    for key, value in raw.items():
        if key in index:
            raws[index[key]] = kept_raw(value)
        else:
            extras[key] = kept_raw(value)
    return AccountRow(_packed(p[_API], p[_VENUE], tuple(raws), tuple(extras.items()) or None))


def packed_pair(item: Packed | tuple[AccountRow, str]) -> Packed:
    """A tab's row as it keeps it: a packed row, from a packed row or a (row, venue) pair."""
    first = item[0]
    if not isinstance(first, AccountRow):
        return item
    p, venue = first.packed, item[1]
    if p[_VENUE] == venue:
        return p
    return row_of_cells(p[_API], p.own_cells, venue).packed if type(p) is CellsPacked else (p[_API], venue, *p[_ORD:])


def as_pair(packed: Packed) -> tuple[AccountRow, str]:
    """(row, venue of its query) from a packed row."""
    return AccountRow(packed), packed[_VENUE]


def packed_ord_no(packed: Packed) -> str | None:
    return packed[_ORD]


def parse_rows(api_id: str, body: Mapping[str, object]) -> list[AccountRow]:
    """The rows of ``api_id``'s list field; ``[]`` if it is absent or not a list. Never raises."""
    return [AccountRow(p) for p in pack_rows(api_id, body)]


def pack_rows(api_id: str, body: Mapping[str, object], venue: str = "") -> list[Packed]:
    """:func:`parse_rows`, packed (what the tabs keep; ``venue``: of the query). Never raises."""
    try:
        field = _list_field(api_id)
    except KeyError:
        return []
    if field is None or not isinstance(body, Mapping):
        return []
    items = body.get(field.key)
    if not isinstance(items, list):
        return []
    return [pack_item(api_id, item, venue) for item in items if isinstance(item, Mapping)]


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
