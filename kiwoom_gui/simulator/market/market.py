"""The simulator's small market: a price per stock (resources/simulator_market.json) and when an order meets it.

While a stock streams (market/stream.py) it also has a touch, the best ask and bid of its book: a buy then meets
the ask and a sell the bid (a resting limit buy fills when the ask comes down to its price). A price set from
outside (a test, the demo's walk) drops the touch until the stream re-centres its book on the new price."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from ...base.resources_io import load_json


@dataclass(frozen=True)
class Quote:
    name: str
    price: int
    pred_close: int

    @property
    def direction(self) -> str:
        """Kiwoom's direction mark on a price: + above yesterday's close, - below, none when unchanged."""
        return "+" if self.price > self.pred_close else "-" if self.price < self.pred_close else ""


class Market:
    def __init__(self) -> None:
        data = load_json("simulator_market.json")
        self._lock = threading.Lock()
        self._quotes = {
            code: Quote(q["name"], int(q["price"]), int(q["pred_close"])) for code, q in data["instruments"].items()
        }
        types = data["order_types"]
        self._at_market = frozenset(types["at_market"])
        self._limit = frozenset(types["limit"])
        self._immediate = frozenset(types["immediate"])
        self._touch: dict[str, tuple[int | None, int | None]] = {}  # code -> (best ask, best bid) of its book

    def quote(self, stk_cd: str) -> Quote | None:
        with self._lock:
            return self._quotes.get(stk_cd)

    def name(self, stk_cd: str) -> str:
        quote = self.quote(stk_cd)
        return quote.name if quote else ""

    def set_price(self, stk_cd: str, price: int, name: str | None = None) -> None:
        """Move (or list) a stock's price; yesterday's close stays, a new stock's is this price."""
        if price <= 0:
            raise ValueError("price must be positive")
        with self._lock:
            old = self._quotes.get(stk_cd)
            self._touch.pop(stk_cd, None)
            self._quotes[stk_cd] = Quote(
                name if name is not None else (old.name if old else ""), price, old.pred_close if old else price
            )

    def set_book(self, stk_cd: str, last: int, ask: int | None, bid: int | None) -> None:
        """The streamed book's last trade and touch (``ask`` None at 상한가, ``bid`` None at 하한가)."""
        self.set_price(stk_cd, last)
        with self._lock:
            self._touch[stk_cd] = (ask, bid)

    def touch(self, stk_cd: str) -> tuple[int | None, int | None] | None:
        with self._lock:
            return self._touch.get(stk_cd)

    def is_immediate(self, trde_tp: str) -> bool:
        """IOC / FOK: what cannot fill at once is cancelled."""
        return trde_tp in self._immediate

    def fill_price(self, stk_cd: str, buy: bool, trde_tp: str, limit: str) -> int | None:
        """The price the order fills at now, or None when it rests (not marketable, stop, unknown stock)."""
        quote = self.quote(stk_cd)
        if quote is None:
            return None
        touch = self.touch(stk_cd)
        meets = quote.price if touch is None else touch[0 if buy else 1]  # a book: a buy takes the ask
        if meets is None:  # no ask at 상한가 (no bid at 하한가): nothing to meet
            return None
        if trde_tp in self._at_market:
            return meets
        if trde_tp not in self._limit or not limit.isdigit():
            return None
        price = int(limit)
        if (buy and price >= meets) or (not buy and price <= meets):
            return meets  # a marketable limit order meets the market's price (the book's touch)
        return None
