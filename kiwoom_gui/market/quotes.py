"""Real-time market values → frozen updates (resources/market.json 'fields'). Never raises on what the host sends.

A number is ASCII digits with an optional leading +/- (for prices the mark is a direction, not a sign); a field
present but not such a number makes the whole entry unreadable — it is skipped and counted, never shown as a
price. A missing field is "not sent" (None), never a made-up 0.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Any

from ..base.resources_io import load_json

TRADE, BOOK, EXPECTED, STOCK_INFO, VI, SESSION = "0B", "0D", "0H", "0g", "1h", "0s"
_NUMBER = re.compile(r"([+-]?)([0-9]{1,15})")
_TIME = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{2})")
_RATE = re.compile(r"[+-]?[0-9]{1,6}(?:\.[0-9]{1,4})?")
_TEXT_LIMIT = 64


class Unreadable(ValueError):
    """A field was sent but is not what its kind must be."""


@cache
def market_data() -> dict[str, Any]:
    return load_json("market.json")


def _fields(kind: str) -> Mapping[str, Any]:
    return market_data()["fields"][kind]


def number(values: Mapping[str, Any], key: str) -> tuple[int, str] | None:
    """(absolute value, its mark "+", "-" or "") of ``values[key]``; None when missing or blank; raises Unreadable
    for anything else that is not a number."""
    raw = values.get(key)
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise Unreadable(key)
    text = raw.strip()
    if not text:
        return None
    m = _NUMBER.fullmatch(text)
    if m is None:
        raise Unreadable(key)
    return int(m.group(2)), m.group(1)


def amount(values: Mapping[str, Any], key: str) -> int | None:
    """A price or a size (its mark dropped); None when not sent."""
    found = number(values, key)
    return None if found is None else found[0]


def signed(values: Mapping[str, Any], key: str) -> int | None:
    """A change (대비): the mark is its sign."""
    found = number(values, key)
    return None if found is None else (-found[0] if found[1] == "-" else found[0])


def hhmmss(values: Mapping[str, Any], key: str) -> str:
    """``HH:MM:SS`` of an HHmmss field; "" when not sent; Unreadable for anything else."""
    raw = values.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    m = _TIME.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if m is None or int(m.group(1)) > 23 or int(m.group(2)) > 59 or int(m.group(3)) > 59:
        raise Unreadable(key)
    return ":".join(m.groups())


def rate(values: Mapping[str, Any], key: str) -> str:
    """A percentage as sent (``+0.71``); "" when not sent; Unreadable otherwise."""
    raw = values.get(key)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return ""
    if not isinstance(raw, str) or _RATE.fullmatch(raw.strip()) is None:
        raise Unreadable(key)
    return raw.strip()


def direction(sign: str, change: int | None = None) -> str:
    """"up", "down", "flat" from 전일대비기호 (1,2 / 4,5 / 3), else from the change's sign; "" unknown."""
    signs = market_data()["signs"]
    for name in ("up", "down", "flat"):
        if sign in signs[name]:
            return name
    if change is None:
        return ""
    return "up" if change > 0 else "down" if change < 0 else "flat"


@dataclass(frozen=True)
class Trade:
    """0B 주식체결 (or the snapshot's price): the last trade."""

    price: int
    change: int | None  # 전일대비 in won (signed)
    rate: str  # 등락율 as sent, e.g. "+0.71"
    direction: str  # up / down / flat / ""
    volume: int | None  # 누적거래량
    time: str  # HH:MM:SS KST, "" when not sent


@dataclass(frozen=True)
class Book:
    """Ten asks and ten bids, best first: (price, size); price 0 is an empty level."""

    asks: tuple[tuple[int, int], ...]
    bids: tuple[tuple[int, int], ...]
    total_ask: int | None
    total_bid: int | None
    time: str  # 호가시간 HH:MM:SS, "" when not sent
    expected_price: int | None = None  # 예상체결가 during auctions and VI (0 or None: none)
    expected_qty: int | None = None

    @property
    def best_ask(self) -> int | None:
        return next((p for p, _ in self.asks if p > 0), None)

    @property
    def best_bid(self) -> int | None:
        return next((p for p, _ in self.bids if p > 0), None)

    @property
    def crossed(self) -> bool:
        """Best ask at or below best bid: not a book a market can hold (shown as it came, but marked)."""
        ask, bid = self.best_ask, self.best_bid
        return ask is not None and bid is not None and ask <= bid


@dataclass(frozen=True)
class Expected:
    """0H 주식예상체결: the price the auction (or a VI's single-price period) would match at now."""

    price: int
    change: int | None
    rate: str
    direction: str
    volume: int | None
    time: str


@dataclass(frozen=True)
class StockInfo:
    """0g 주식종목정보: the band as it stands now (any of them None when not sent)."""

    upper: int | None
    lower: int | None
    base: int | None


@dataclass(frozen=True)
class MarketUpdate:
    """One entry of a REAL frame of a market type: ``payload`` is the parsed value (Trade, Book, Expected,
    StockInfo; None for 1h / 0s, whose ``values`` are passed on as sent for their handler)."""

    type: str
    item: str
    values: Mapping[str, str]
    payload: object = None
    received: float = field(default_factory=time.monotonic)


def parse_trade(values: Mapping[str, Any], f: Mapping[str, Any] | None = None) -> Trade:
    f = f or _fields(TRADE)
    price = amount(values, f["price"])
    if not price:
        raise Unreadable(f["price"])  # a trade without a price is not a trade
    change = signed(values, f["change"]) if "change" in f else None
    sign = values.get(f["sign"], "")
    sign = sign.strip() if isinstance(sign, str) else ""
    return Trade(price, change, rate(values, f["rate"]), direction(sign, change), amount(values, f["volume"]),
                 hhmmss(values, f["time"]))


def parse_book(values: Mapping[str, Any], f: Mapping[str, Any] | None = None) -> Book:
    f = f or _fields(BOOK)

    def side(prices: list[str], sizes: list[str]) -> tuple[tuple[int, int], ...]:
        return tuple((amount(values, p) or 0, amount(values, s) or 0) for p, s in zip(prices, sizes, strict=True))

    asks, bids = side(f["asks"], f["ask_sizes"]), side(f["bids"], f["bid_sizes"])
    if not any(p for p, _ in asks + bids):
        raise Unreadable("levels")  # not one price: nothing here is a book
    for levels in (asks, bids):
        # a level whose price is 0 holds no size; sizes with no price, or a price repeated, are not a book
        seen = [p for p, _ in levels if p]
        if len(seen) != len(set(seen)) or any(size and not p for p, size in levels):
            raise Unreadable("levels")
    return Book(asks, bids, amount(values, f["total_ask"]), amount(values, f["total_bid"]),
                hhmmss(values, f["time"]), amount(values, f["expected_price"]) or None,
                amount(values, f["expected_qty"]))


def parse_expected(values: Mapping[str, Any]) -> Expected:
    f = _fields(EXPECTED)
    price = amount(values, f["price"])
    if not price:
        raise Unreadable(f["price"])
    change = signed(values, f["change"])
    sign = values.get(f["sign"], "")
    sign = sign.strip() if isinstance(sign, str) else ""
    return Expected(price, change, rate(values, f["rate"]), direction(sign, change), amount(values, f["volume"]),
                    hhmmss(values, f["time"]))


def parse_stock_info(values: Mapping[str, Any]) -> StockInfo:
    f = _fields(STOCK_INFO)
    info = StockInfo(amount(values, f["upper"]) or None, amount(values, f["lower"]) or None,
                     amount(values, f["base"]) or None)
    if info.upper is not None and info.lower is not None and info.upper < info.lower:
        raise Unreadable("band")  # 상한가 below 하한가: not a band
    return info


_PARSERS = {TRADE: parse_trade, BOOK: parse_book, EXPECTED: parse_expected, STOCK_INFO: parse_stock_info}


def _plain(values: Mapping[str, Any]) -> Mapping[str, str]:
    """The values as sent, text only, each bounded (1h / 0s go on to their handler as they came)."""
    return MappingProxyType(
        {str(k)[:_TEXT_LIMIT]: v[:_TEXT_LIMIT] for k, v in list(values.items())[:400] if isinstance(v, str)}
    )


def read_market(frame: Mapping[str, Any]) -> tuple[list[MarketUpdate], int]:
    """The market entries of a REAL frame (types in market.json 'dispatched'), in order, and how many entries of
    those types could not be read (skipped). Other types (00, 04) are not counted here."""
    if not isinstance(frame, Mapping):
        return [], 0
    data = frame.get("data")
    if not isinstance(data, list):
        return [], 1
    kinds = market_data()["dispatched"]
    updates: list[MarketUpdate] = []
    bad = 0
    for entry in data:
        if not isinstance(entry, Mapping):
            bad += 1
            continue
        kind = entry.get("type")
        if kind not in kinds:
            continue
        item, values = entry.get("item"), entry.get("values")
        if not isinstance(item, str) or len(item) > 20 or not isinstance(values, Mapping):
            bad += 1
            continue
        parse = _PARSERS.get(kind)
        try:
            payload = parse(values) if parse is not None else None
        except (Unreadable, TypeError, ValueError):
            bad += 1
            continue
        updates.append(MarketUpdate(kind, item.strip(), _plain(values), payload))
    return updates, bad
