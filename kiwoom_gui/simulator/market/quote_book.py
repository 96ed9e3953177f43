"""One streamed stock's book (market/stream.py): a random walk along the tick grid inside the day's band, 10 asks
and 10 bids with KRX and NXT sizes at the same prices (SOR sees their sum), trades, the auction's expected price
and a VI. Every random choice comes from the stock's own generator, in event order: the same seed and the same
events give the same book."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ...instrument.ticks import step_price

LEVELS = 10
KRX, NXT, SOR = "KRX", "NXT", "SOR"
SUFFIX = {KRX: "", NXT: "_NX", SOR: "_AL"}


def item_of(code: str, venue: str) -> str:
    return code + SUFFIX[venue]


def split_item(item: str) -> tuple[str, str]:
    """``005930_NX`` -> (005930, NXT); no suffix is KRX."""
    for venue, suffix in SUFFIX.items():
        if suffix and item.endswith(suffix):
            return item[: -len(suffix)], venue
    return item, KRX


@dataclass
class Trade:
    venue: str
    price: int
    qty: int  # + a buyer took the ask, - a seller hit the bid
    at: dt.datetime


@dataclass
class Vi:
    kind: str  # 정적 / 동적
    price: int  # 발동가격
    ref_static: int
    ref_dynamic: int
    started: dt.datetime
    until: float  # time.monotonic() of its release
    count: int
    up: bool


@dataclass
class Levels:
    """One venue's view: prices (None = no level) and sizes, best first, with the change since the last event."""

    asks: list[int | None]
    bids: list[int | None]
    ask_sizes: list[int]
    bid_sizes: list[int]
    ask_deltas: list[int]
    bid_deltas: list[int]

    @property
    def total_ask(self) -> int:
        return sum(self.ask_sizes)

    @property
    def total_bid(self) -> int:
        return sum(self.bid_sizes)


@dataclass
class CodeBook:
    code: str
    name: str
    kind: str  # the tick table
    base: int  # 기준가 (yesterday's close)
    upper: int
    lower: int
    rng: random.Random
    bid: int  # best bid; the best ask is the next tick up (none at 상한가)
    last: int
    nxt: bool  # listed on NXT
    trade_sizes: tuple[int, ...]
    level_size: tuple[int, int]
    nxt_share: float
    sizes: dict[int, list[int]] = field(default_factory=dict)  # price -> [KRX, NXT]
    before: dict[int, list[int]] = field(default_factory=dict)  # the sizes before the last event
    open: int = 0  # 0: no trade yet today
    high: int = 0
    low: int = 0
    volume: int = 0
    amount: int = 0  # 원
    buy_volume: int = 0
    sell_volume: int = 0
    buys: int = 0
    sells: int = 0
    last_trade: Trade | None = None
    expected: int = 0  # the auction's (or VI's) expected price; 0 outside one
    expected_qty: int = 0
    expected_step: int = 0  # the last change of expected_qty (0H 15)
    vi: Vi | None = None
    vi_count: int = 0

    def __post_init__(self) -> None:
        self.bid = min(max(self.bid, self.lower), self.upper)
        self._refill()
        self.before = {p: list(s) for p, s in self.sizes.items()}

    # --- the book's shape -----------------------------------------------------------------------
    @property
    def ask(self) -> int | None:
        if self.bid >= self.upper:
            return None
        return min(step_price(self.bid, 1, self.kind), self.upper)

    def prices(self) -> tuple[list[int | None], list[int | None]]:
        asks: list[int | None] = []
        price = self.ask
        while price is not None and len(asks) < LEVELS:
            asks.append(price)
            price = step_price(price, 1, self.kind) if price < self.upper else None
        bids: list[int | None] = []
        price = self.bid if self.bid >= self.lower else None
        while price is not None and len(bids) < LEVELS:
            bids.append(price)
            price = step_price(price, -1, self.kind) if price > self.lower else None
        return asks + [None] * (LEVELS - len(asks)), bids + [None] * (LEVELS - len(bids))

    def levels(self, venue: str) -> Levels:
        asks, bids = self.prices()

        def size(book: dict[int, list[int]], p: int | None) -> int:
            if p is None or p not in book:
                return 0
            krx, nxt = book[p]
            return krx if venue == KRX else nxt if venue == NXT else krx + nxt

        a = [size(self.sizes, p) for p in asks]
        b = [size(self.sizes, p) for p in bids]
        return Levels(
            asks,
            bids,
            a,
            b,
            [n - size(self.before, p) for n, p in zip(a, asks, strict=True)],
            [n - size(self.before, p) for n, p in zip(b, bids, strict=True)],
        )

    def _new_size(self) -> list[int]:
        lo, hi = self.level_size
        krx = self.rng.randint(lo, hi)
        nxt = int(krx * self.nxt_share * 2 * self.rng.random()) if self.nxt else 0
        return [krx, nxt]

    def _refill(self) -> None:
        """Sizes for every shown level that has none yet, in price order (the generator's order is fixed)."""
        asks, bids = self.prices()
        for p in [*asks, *bids]:
            if p is not None and p not in self.sizes:
                self.sizes[p] = self._new_size()
        if len(self.sizes) > 200:  # forget levels far from the touch
            keep = {p for p in [*asks, *bids] if p is not None}
            self.sizes = {p: s for p, s in self.sizes.items() if p in keep}

    def _mark(self) -> None:
        self.before = {p: list(s) for p, s in self.sizes.items()}

    # --- events ---------------------------------------------------------------------------------
    def recentre(self, price: int) -> None:
        """The price was moved from outside (a test, the demo's walk): the book follows it."""
        self._mark()
        self.bid = min(max(price, self.lower), self.upper)
        self.last = price
        self._refill()

    def trade(self, venue: str, at: dt.datetime) -> Trade:
        """One trade on ``venue``: the walk may move the touch a tick (drawn back towards 기준가), then a buyer takes
        the ask or a seller hits the bid; the level's size there shrinks (refilled when used up)."""
        self._mark()
        rng = self.rng
        if rng.random() < 0.4:
            pull = (self.last - self.base) / max(self.upper - self.lower, 1)
            up = rng.random() < min(max(0.5 - 2 * pull, 0.1), 0.9)
            self.bid = min(max(step_price(self.bid, 1 if up else -1, self.kind), self.lower), self.upper)
            self._refill()
        buy = rng.random() < 0.5 and self.ask is not None
        qty = rng.choice(self.trade_sizes)
        price = self.ask if buy else self.bid
        assert price is not None
        level = self.sizes.setdefault(price, self._new_size())
        slot = 1 if venue == NXT else 0
        level[slot] -= qty
        if level[slot] <= 0:
            level[slot] = self._new_size()[slot] or 1
        return self._record(Trade(venue, price, qty if buy else -qty, at))

    def _record(self, trade: Trade) -> Trade:
        price, qty = trade.price, abs(trade.qty)
        self.last = price
        self.open = self.open or price
        self.high = max(self.high, price)
        self.low = min(self.low, price) if self.low else price
        self.volume += qty
        self.amount += qty * price
        if trade.qty > 0:
            self.buy_volume += qty
            self.buys += 1
        else:
            self.sell_volume += qty
            self.sells += 1
        self.last_trade = trade
        return trade

    def churn(self) -> None:
        """Orders come and go: three of the shown levels change size."""
        self._mark()
        asks, bids = self.prices()
        shown = [p for p in [*asks, *bids] if p is not None]
        for _ in range(3):
            p = self.rng.choice(shown)
            krx, nxt = self.sizes[p]
            factor = 0.5 + self.rng.random()
            self.sizes[p] = [max(int(krx * factor), 1), int(nxt * factor)]

    def auction_step(self) -> None:
        """An auction (or VI) moment: the expected price moves a tick now and then, orders pile up."""
        self._mark()
        if not self.expected:
            self.expected = self.last
        if self.rng.random() < 0.3:
            up = self.rng.random() < 0.5
            self.expected = min(max(step_price(self.expected, 1 if up else -1, self.kind), self.lower), self.upper)
        self.expected_step = self.rng.choice(self.trade_sizes)
        self.expected_qty += self.expected_step

    def match(self, venue: str, at: dt.datetime) -> Trade | None:
        """The auction ends: everything expected trades at the expected price in one print."""
        if not self.expected:
            return None
        self._mark()
        trade = self._record(Trade(venue, self.expected, max(self.expected_qty, 1), at))
        self.bid = min(self.expected, self.upper)
        self.expected = self.expected_qty = self.expected_step = 0
        self._refill()
        return trade

    def start_vi(self, kind: str, at: dt.datetime, until: float) -> Vi:
        self.vi_count += 1
        self.vi = Vi(kind, self.last, self.base, self.last, at, until, self.vi_count, self.last >= self.base)
        self.expected = self.last
        return self.vi
