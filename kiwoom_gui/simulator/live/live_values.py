"""The book's changes as Kiwoom's real-time values: 00 주문체결 and 04 잔고 (kiwoom-spec/00.md, 04.md).

Called by :class:`~..account.book.OrderBook` under its lock, and only when a listener is attached (the live
endpoint, :mod:`.live_server`), so a simulator without WebSocket clients does no extra work. Every
value is a string as the host sends it; 9001 is the plain code (the spec's own example), 10 carries
its direction mark.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from ...base.resources_io import load_json
from ..account import positions as pos
from ..account.wire_format import rate, trde_tp_label
from ..credit.terms import interest

if TYPE_CHECKING:
    from ..account.book_order import BookOrder
    from ..account.positions import Position, SellClaim
    from ..market.market import Market


class OrderBook(Protocol):
    """What these values read of the book (:class:`~..account.book.OrderBook`; a protocol, so the book's module,
    which calls in here, is not imported back)."""

    listeners: list[Callable[[str, dict[str, str]], None]]
    market: Market
    clock: Callable[[], dt.datetime]

    def positions(self) -> list[Position]: ...

    def claims(self, exclude: str = "") -> list[SellClaim]: ...


RECEIVED, FILLED, CONFIRMED, CANCELLED = "접수", "체결", "확인", "취소"
NO_ORIGINAL = "0000000"
NO_DATE = "00000000"


def notify_order(book: OrderBook, order: BookOrder, status: str) -> None:
    """One 00 event for ``order`` in ``status`` (the last fill's price and quantity when 체결)."""
    if book.listeners:
        _emit(book, "00", order_values(book, order, status))


def notify_positions(book: OrderBook, positions: list[Position]) -> None:
    """One 04 event per position (a closed one too, with 보유수량 0)."""
    if book.listeners:
        for p in positions:
            _emit(book, "04", position_values(book, p))


def _emit(book: OrderBook, kind: str, values: dict[str, str]) -> None:
    for listener in list(book.listeners):
        listener(kind, values)


def _kind(book: OrderBook, order: BookOrder) -> str:
    side = load_json("simulator.json")["side"][order.side]
    mark = "-" if order.is_sell else "+"
    suffix = {"kt10008": "정정", "kt10009": "취소"}.get(order.api_id, "")
    return f"{mark}{side}{suffix}"


def _marked(book: OrderBook, stk_cd: str, price: int | None = None) -> str:
    quote = book.market.quote(stk_cd)
    if quote is None:
        return "" if price is None else str(price)
    return f"{quote.direction}{quote.price if price is None else price}"


def order_values(book: OrderBook, order: BookOrder, status: str) -> dict[str, str]:
    texts = load_json("simulator.json")["account"]
    code, name, sor = texts["stex"].get(order.venue, ["", "", "N"])
    fill_price, fill_qty = order.last_fill if status == FILLED else (0, 0)
    # a sell says its 신용구분 (33 융자 / 99 융자합); a credit buy the 융자 code
    credit = order.crd_deal_tp or (texts["credit_position"]["crd_tp"] if order.side == "kt10006" else "00")
    return {
        "9201": "",  # the account number: the endpoint fills it in (the book does not know it)
        "9203": order.ord_no,
        "9205": "",
        "9001": order.stk_cd,
        "912": "JJ",
        "913": status,
        "302": book.market.name(order.stk_cd),
        "900": str(order.quantity),
        "901": order.price or "0",
        "902": str(order.remaining if order.status == "open" or status != CONFIRMED else 0),
        "903": str(order.filled_amount),
        "904": order.orig or NO_ORIGINAL,
        "905": _kind(book, order),
        "906": trde_tp_label(order.trde_tp) if order.api_id != "kt10009" else "",
        "907": "1" if order.is_sell else "2",
        "908": book.clock().strftime("%H%M%S"),
        "909": str(order.fills) if status == FILLED else "",
        "910": str(fill_price) if status == FILLED else "",
        "911": str(fill_qty) if status == FILLED else "",
        "10": _marked(book, order.stk_cd),
        "27": _marked(book, order.stk_cd),
        "28": _marked(book, order.stk_cd),
        "914": str(fill_price) if status == FILLED else "",
        "915": str(fill_qty) if status == FILLED else "",
        "938": "0",
        "939": "0",
        "919": "0",
        "920": "",
        "921": "",
        "922": credit,
        "923": order.loan_dt or NO_DATE,
        "10010": "",
        "2134": code,
        "2135": name,
        "2136": sor,
    }


def position_values(book: OrderBook, p: Position) -> dict[str, str]:
    texts = load_json("simulator.json")["account"]
    taken = pos.held(book.positions(), book.claims())
    quote = book.market.quote(p.stk_cd)
    current = quote.price if quote else p.avg_price
    return {
        "9201": "",
        "9001": p.stk_cd,
        "917": texts["credit_position" if p.credit else "cash_position"]["crd_tp"],
        "916": p.loan_dt or NO_DATE,
        "302": book.market.name(p.stk_cd),
        "10": _marked(book, p.stk_cd),
        "930": str(p.qty),
        "931": str(p.avg_price),
        "932": str(p.cost),
        "933": str(max(p.qty - taken.get(id(p), 0), 0)),
        "945": str(p.bought_today - p.sold_today),
        "946": "2",
        "950": "0",
        "951": "0",
        "27": _marked(book, p.stk_cd),
        "28": _marked(book, p.stk_cd),
        "307": str(quote.pred_close) if quote else "",
        "8019": rate(p.qty * current - p.cost, p.cost),
        "957": str(p.loan) if p.credit else "0",  # 신용금액 still owed, 신용이자 so far, 만기일 (simulator/credit)
        "958": str(interest(p.loan, p.loan_dt, book.clock().date())) if p.credit else "0",
        "918": (p.expr_dt or NO_DATE) if p.credit else NO_DATE,
        "990": "0",
        "991": "0.00",
        "992": "0",
        "993": "0.00",
        "959": "0",
        "924": "0",
    }
