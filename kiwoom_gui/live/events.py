"""Real-time 00 (주문체결) and 04 (잔고) values → frozen events. Never raises on what the host sends.

The FIDs come from resources/live.json; numbers are read by :func:`kiwoom_gui.account.cells.parse_cell`
(ASCII digits only, bounded length) and order numbers by :func:`kiwoom_gui.host.answers.order_number`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from ..account.cells import parse_cell
from ..base.resources_io import load_json
from ..base.safe_text import excerpt, printable
from ..host.answers import order_number

ORDER_TYPE, BALANCE_TYPE = "00", "04"


@cache
def _data() -> dict[str, Any]:
    return load_json("live.json")


def _fields(kind: str) -> Mapping[str, str]:
    return _data()["fields"][kind]


def balance_fid(name: str) -> str:
    """The 04 FID of a :class:`BalanceEvent` field (``available_qty`` → "933")."""
    return _fields("04")[name]


@dataclass(frozen=True)
class OrderEvent:
    """One 00 event. Numbers are None when missing or unreadable (never a made-up 0)."""

    ord_no: str | None  # 9203, exactly 7 digits after trimming (answers.order_number) or None
    orig_ord_no: str | None  # 904; None when "0000000" or not 7 digits
    stk_cd: str  # 9001 with a leading A/J/Q removed
    stk_nm: str  # 302
    status: str  # 913: 접수, 체결, 확인, 취소, 거부 (as sent, trimmed)
    order_kind: str  # 905 without its +/- mark: 매수, 매도, 매수정정, 매도정정, 매수취소, 매도취소
    trde_tp: str  # 906 as sent (보통, 시장가, …)
    side: str  # 907: "1" 매도, "2" 매수 (as sent)
    ord_qty: int | None  # 900
    ord_pric: int | None  # 901 (direction mark removed)
    open_qty: int | None  # 902 미체결수량
    filled_amount: int | None  # 903 체결누계금액
    cntr_no: str  # 909
    cntr_pric: int | None  # 910 체결가 (mark removed)
    cntr_qty: int | None  # 911 체결량 (this fill)
    time: str  # 908 HHmmss
    reject_reason: str  # 919 ("0" / "" when none)
    crd_tp: str  # 922 신용구분
    loan_dt: str  # 923 대출일 ("00000000" when none)
    venue: str  # "KRX", "NXT" or "SOR" (2136 SOR여부 Y → SOR; else 2134/2135), "" unknown
    raw: Mapping[str, str]  # the values as sent (fid → text)

    @property
    def filled_qty(self) -> int | None:
        """Filled so far: ordered − open (None when either is unknown)."""
        if self.ord_qty is None or self.open_qty is None:
            return None
        return self.ord_qty - self.open_qty

    @property
    def average_price(self) -> int | None:
        """체결누계금액 ÷ filled, rounded down; None when nothing filled or unknown."""
        filled = self.filled_qty
        if not filled or self.filled_amount is None or filled <= 0:
            return None
        return self.filled_amount // filled

    @property
    def is_cancel(self) -> bool:
        return "취소" in self.order_kind

    @property
    def is_modify(self) -> bool:
        return "정정" in self.order_kind


@dataclass(frozen=True)
class BalanceEvent:
    """One 04 event (a position changed)."""

    stk_cd: str  # 9001, A removed
    stk_nm: str  # 302
    crd_tp: str  # 917 신용구분
    loan_dt: str  # 916 대출일
    qty: int | None  # 930 보유수량
    available_qty: int | None  # 933 주문가능수량
    avg_price: int | None  # 931 매입단가
    cur_price: int | None  # 10 현재가 (mark removed)
    profit_rate: str  # 8019 손익률 as sent
    raw: Mapping[str, str]


def _text(values: Mapping, fid: str) -> str:
    """A text field as sent, trimmed, made printable and cut to a bounded length ("" when missing or not text)."""
    value = values.get(fid)
    if not isinstance(value, str):
        return ""
    return excerpt(printable(value.strip()), int(_data()["text_limit"]))


def _count(values: Mapping, fid: str) -> int | None:
    """A quantity or an amount: a whole number ≥ 0 (a "+" mark allowed), else None."""
    value = parse_cell("int", values.get(fid)).value
    return value if isinstance(value, int) and value >= 0 else None


def _price(values: Mapping, fid: str) -> int | None:
    """A price with its direction mark removed (``-60150`` → 60150)."""
    value = parse_cell("price", values.get(fid)).value
    return value if isinstance(value, int) else None


def _stock(values: Mapping, item: object) -> str:
    """9001 without A/J/Q (and _NX/_AL), falling back to the item; "" when neither is a stock code."""
    for raw in (values.get(_fields("00")["stk_cd"]), item):
        code = parse_cell("code", raw).value
        if isinstance(code, str):
            return code
    return ""


def _order_kind(text: str) -> str:
    for mark in _data()["order_kind_marks"]:
        if text.startswith(mark):
            return text[len(mark) :].strip()
    return text


def _venue(values: Mapping, f: Mapping[str, str]) -> str:
    venues = _data()["venues"]
    if _text(values, f["sor"]).upper() == venues["sor_yes"]:
        return "SOR"
    by_code = venues["by_code"].get(_text(values, f["exchange"]))
    if by_code:
        return by_code
    return venues["by_name"].get(_text(values, f["exchange_name"]).upper(), "")


def _raw(values: Mapping) -> Mapping[str, str]:
    """The values as sent: string keys only; a non-text value as its JSON text."""
    raw: dict[str, str] = {}
    for key, value in values.items():
        if isinstance(key, str):
            raw[key] = value if isinstance(value, str) else parse_cell("text", value).text
    return MappingProxyType(raw)


def parse_order(values: Mapping, item: object = None) -> OrderEvent:
    """One 00 ``values`` object → :class:`OrderEvent` (never raises on a mapping)."""
    f = _fields("00")
    orig = order_number(values.get(f["orig_ord_no"]))
    return OrderEvent(
        ord_no=order_number(values.get(f["ord_no"])),
        orig_ord_no=None if orig == _data()["no_orig_ord_no"] else orig,
        stk_cd=_stock(values, item),
        stk_nm=_text(values, f["stk_nm"]),
        status=_text(values, f["status"]),
        order_kind=_order_kind(_text(values, f["order_kind"])),
        trde_tp=_text(values, f["trde_tp"]),
        side=_text(values, f["side"]),
        ord_qty=_count(values, f["ord_qty"]),
        ord_pric=_price(values, f["ord_pric"]),
        open_qty=_count(values, f["open_qty"]),
        filled_amount=_count(values, f["filled_amount"]),
        cntr_no=_text(values, f["cntr_no"]),
        cntr_pric=_price(values, f["cntr_pric"]),
        cntr_qty=_count(values, f["cntr_qty"]),
        time=_text(values, f["time"]),
        reject_reason=_text(values, f["reject_reason"]),
        crd_tp=_text(values, f["crd_tp"]),
        loan_dt=_text(values, f["loan_dt"]),
        venue=_venue(values, f),
        raw=_raw(values),
    )


def parse_balance(values: Mapping, item: object = None) -> BalanceEvent:
    """One 04 ``values`` object → :class:`BalanceEvent` (never raises on a mapping)."""
    f = _fields("04")
    return BalanceEvent(
        stk_cd=_stock(values, item),
        stk_nm=_text(values, f["stk_nm"]),
        crd_tp=_text(values, f["crd_tp"]),
        loan_dt=_text(values, f["loan_dt"]),
        qty=_count(values, f["qty"]),
        available_qty=_count(values, f["available_qty"]),
        avg_price=_price(values, f["avg_price"]),
        cur_price=_price(values, f["cur_price"]),
        profit_rate=_text(values, f["profit_rate"]),
        raw=_raw(values),
    )


def parse_real(frame: Mapping) -> list[OrderEvent | BalanceEvent]:
    """Every 00 / 04 item of a REAL frame, in order; other types and malformed items are skipped."""
    if not isinstance(frame, Mapping):
        return []
    data = frame.get("data")
    if not isinstance(data, list):
        return []
    events: list[OrderEvent | BalanceEvent] = []
    for entry in data:
        if not isinstance(entry, Mapping):
            continue
        values = entry.get("values")
        if not isinstance(values, Mapping):
            continue
        kind = entry.get("type")
        if kind == ORDER_TYPE:
            events.append(parse_order(values, entry.get("item")))
        elif kind == BALANCE_TYPE:
            events.append(parse_balance(values, entry.get("item")))
    return events
