"""The simulator's streamed market (issue 20): for every stock a WebSocket session registered (0B, 0C, 0D, 0H, 0g,
1h), a book (quote_book.py) that trades and changes on a clock of its own, and 0s on the session clock.

Each stock has two kinds of event, each at its rate (frames a second): a *trade* (0B; in an auction or a VI the
expected price moves instead: 0H) and a *book change* (0D and 0C). Events are numbered on a virtual timeline from
the moment the stock was first registered (trade k at k/rate_0B, change k at k/rate_0D), so with a seed the
frames of a stock come in the same order with the same values on every run — only how many arrive per
wake-up depends on the machine. A trade moves the market's price and touch (market.py), and resting orders the
book now meets fill (OrderBook.meet).
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .quote_book import KRX, NXT, SOR, CodeBook, Trade, item_of
from .quote_values import (
    best_values,
    book_values,
    expected_values,
    info_values,
    orderbook_answer,
    quote_sheet_answer,
    session_values,
    trade_values,
    vi_values,
)
from .session_clock import AUCTION, CLOSED, CONTINUOUS, SessionClock, quotes_data

# one REAL entry: (type, item, values)
Entry = tuple[str, str, dict[str, str]]
TYPES = ("0B", "0C", "0D", "0H", "0g", "1h", "0s")
MAX_BEHIND_S = 1.0  # a stall longer than this is skipped, not caught up in one burst


@dataclass
class _Timeline:
    started: float
    trades: int = 0
    changes: int = 0


class MarketStream:
    """``book``: the simulator's OrderBook (its market, listings and fills); ``seed``: None = a fresh random market."""

    def __init__(
        self,
        book,
        *,
        seed: int | None = None,
        session: str = "regular",
        rates: dict[str, float] | None = None,
        vi_every_s: float | None = None,
        vi_s: float | None = None,
    ) -> None:
        cfg = quotes_data()["stream"]
        self.book = book
        self.seed = seed if seed is not None else random.randrange(2**32)
        self.clock = SessionClock(session)
        self.rates = {k: float(v) for k, v in (rates or cfg["rates"]).items()}
        self.vi_every_s = float(cfg["vi_every_s"] if vi_every_s is None else vi_every_s)
        self.vi_s = float(cfg["vi_s"] if vi_s is None else vi_s)
        # set by the live endpoint: where entries go, and whether anyone wants (type, item)
        self.emit: Callable[[list[Entry]], None] = lambda entries: None
        self.wants: Callable[[str, str], bool] = lambda kind, item: False
        self._lock = threading.RLock()
        self._books: dict[str, CodeBook] = {}
        self._timelines: dict[str, _Timeline] = {}
        self._clock_seen = self.clock.now()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------------
    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="simulator-quotes", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # --- controls -------------------------------------------------------------------------------
    def set_session(self, spec: str) -> None:
        """A new session clock (``--session``'s values); the 0s codes of the new session follow at once."""
        clock = SessionClock(spec)
        with self._lock:
            self.clock = clock
            self._clock_seen = clock.now()
            self.emit(self.session_now())

    def set_rates(self, rates: dict[str, float]) -> None:
        """Frames a second per stock: ``{"0B": 50, "0D": 200}`` (0 stops that kind; :meth:`advance` still works)."""
        with self._lock:
            self.rates.update({k: float(v) for k, v in rates.items()})
            now = time.monotonic()
            self._timelines = {code: _Timeline(now) for code in self._timelines}

    def watch(self, codes: Iterable[str]) -> None:
        """The stocks some session registered now (the live endpoint's union); others stop moving."""
        now = time.monotonic()
        with self._lock:
            wanted = {c for c in codes if self._book_of(c) is not None}
            self._timelines = {c: self._timelines.get(c) or _Timeline(now) for c in sorted(wanted)}

    def watching(self) -> list[str]:
        with self._lock:
            return list(self._timelines)

    def advance(self, code: str, trades: int = 0, changes: int = 0) -> None:
        """Run ``trades`` trade events, then ``changes`` book changes for ``code`` now (tests with rates at 0)."""
        for kind, n in (("trade", trades), ("change", changes)):
            for _ in range(n):
                self._event(code, kind)

    def trigger_vi(self, code: str, kind: str | None = None, seconds: float | None = None) -> None:
        """Start a VI on ``code`` now (정적 or 동적; default 동적) lasting ``seconds`` (default vi_s)."""
        words = quotes_data()["vi"]
        kind = kind or words["dynamic"]
        if kind not in (words["static"], words["dynamic"]):
            raise ValueError(f"VI kind must be {words['static']} or {words['dynamic']}")
        with self._lock:
            cb = self._book_of(code)
            if cb is None:
                raise ValueError(f"{code!r} is not a listed code")
            self._start_vi(cb, kind, self.vi_s if seconds is None else seconds)

    def release_vi(self, code: str) -> None:
        with self._lock:
            cb = self._book_of(code)
            if cb is not None and cb.vi is not None:
                cb.vi.until = 0.0
                self._check_vi(cb)

    def snapshot(self, api_id: str, code: str, venue: str, asked: str) -> dict[str, str] | None:
        """ka10004 / ka10007 of ``code`` on ``venue`` as the book stands now (None: not a listed code)."""
        with self._lock:
            cb = self._book_of(code)
            if cb is None:
                return None
            self._sync(cb)
            at = self.clock.now()
            if api_id == "ka10004":
                return orderbook_answer(cb, venue, at)
            return quote_sheet_answer(cb, venue, asked, at)

    def item_book(self, code: str) -> CodeBook | None:
        with self._lock:
            return self._book_of(code)

    # --- the books ------------------------------------------------------------------------------
    def _book_of(self, code: str) -> CodeBook | None:
        cb = self._books.get(code)
        if cb is not None:
            return cb
        instruments = self.book.instruments
        listing, quote, band = instruments.listing(code), self.book.market.quote(code), instruments.limits(code)
        if listing is None or quote is None or band is None:
            return None
        cfg = quotes_data()["stream"]
        cb = CodeBook(
            code,
            quote.name,
            listing.kind,
            quote.pred_close,
            band[0],
            band[1],
            random.Random(f"{self.seed}:{code}"),
            bid=quote.price,
            last=quote.price,
            nxt=listing.nxt_enable == "Y",
            trade_sizes=tuple(int(n) for n in cfg["trade_sizes"]),
            level_size=(int(cfg["level_size"][0]), int(cfg["level_size"][1])),
            nxt_share=float(cfg["nxt_share"]),
        )
        self._books[code] = cb
        return cb

    def _sync(self, cb: CodeBook) -> None:
        """Follow a price moved from outside the stream (a test, the demo's walk, --market's steps)."""
        quote = self.book.market.quote(cb.code)
        if quote is not None and quote.price != cb.last:
            cb.recentre(quote.price)

    def _left(self) -> str:
        return self.clock.until_open(self.clock.now())

    def _venues(self, cb: CodeBook) -> tuple[str, ...]:
        return (KRX, NXT, SOR) if cb.nxt else (KRX,)

    # --- the loop -------------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            self._announce()
            wait = 0.05
            with self._lock:
                due = self._due()
                rates = [r for r in self.rates.values() if r > 0]
            for code, kind in due:
                self._event(code, kind)
            if rates:
                wait = min(wait, 0.5 / max(rates))
            self._stop.wait(max(wait, 0.002))

    def _due(self) -> list[tuple[str, str]]:
        """Events whose virtual time has come, in virtual-time order per stock (trade first on a tie)."""
        now = time.monotonic()
        due: list[tuple[str, str]] = []
        rb, rd = self.rates.get("0B", 0.0), self.rates.get("0D", 0.0)
        for code, tl in self._timelines.items():
            elapsed = now - tl.started
            behind = min((tl.trades + 1) / rb if rb else elapsed, (tl.changes + 1) / rd if rd else elapsed)
            if elapsed - behind > MAX_BEHIND_S:
                tl.started, tl.trades, tl.changes, elapsed = now, 0, 0, 0.0  # a stall: skip, do not burst
            while True:
                t_trade = (tl.trades + 1) / rb if rb else float("inf")
                t_change = (tl.changes + 1) / rd if rd else float("inf")
                if min(t_trade, t_change) > elapsed:
                    break
                if t_trade <= t_change:
                    tl.trades += 1
                    due.append((code, "trade"))
                else:
                    tl.changes += 1
                    due.append((code, "change"))
        return due

    def _announce(self) -> None:
        """0s: the codes of the boundaries the session clock crossed since the last look."""
        with self._lock:
            now = self.clock.now()
            crossed = self.clock.codes_between(self._clock_seen, now)
            self._clock_seen = max(now, self._clock_seen)
            if crossed and self.wants("0s", ""):
                self.emit([("0s", "", session_values(code, at, self.clock.until_open(at))) for at, code in crossed])
            for code in list(self._timelines):
                cb = self._books.get(code)
                if cb is not None:
                    self._check_vi(cb)

    def session_now(self) -> list[Entry]:
        """The 0s entries of the session as it stands, KRX's then NXT's (sent to a session registering 0s)."""
        with self._lock:
            now = self.clock.now()
            left = self.clock.until_open(now)
            return [("0s", "", session_values(code, now, left)) for code in self.clock.current_codes(now)]

    def _event(self, code: str, kind: str) -> None:
        moved = False
        with self._lock:
            cb = self._book_of(code)
            if cb is None:
                return
            self._sync(cb)
            at = self.clock.now()
            phases = {KRX: self.clock.phase(KRX, at), NXT: self.clock.phase(NXT, at) if cb.nxt else CLOSED}
            entries: list[Entry] = []
            if kind == "change":
                cb.churn()
                for venue in self._venues(cb):
                    if venue != SOR and phases[venue] == CLOSED or venue == SOR and set(phases.values()) == {CLOSED}:
                        continue
                    self._add(entries, "0D", cb, venue, lambda v=venue: book_values(cb, v, at))
                    self._add(entries, "0C", cb, venue, lambda: best_values(cb))
            else:
                entries, moved = self._trade_event(cb, phases, at)
            if entries:
                self.emit(entries)
            if moved:
                self.book.market.set_book(code, cb.last, cb.ask, cb.bid)
        if moved:
            self.book.meet(code)

    def _trade_event(self, cb: CodeBook, phases: dict[str, str], at: dt.datetime) -> tuple[list[Entry], bool]:
        entries: list[Entry] = []
        self._check_vi(cb)
        continuous = [v for v in (KRX, NXT) if phases[v] == CONTINUOUS]
        auctions = [v for v in (KRX, NXT) if phases[v] == AUCTION]
        if cb.vi is None and not continuous and not auctions and cb.expected:  # an auction just ended
            trade = cb.match(KRX, at)
            return (self._trade_entries(cb, trade) if trade else []), trade is not None
        if cb.vi is not None or (auctions and not continuous):
            cb.auction_step()
            for venue in self._venues(cb):
                self._add(entries, "0H", cb, venue, lambda: expected_values(cb, at))
            return entries, False
        if not continuous:
            return entries, False
        if cb.expected:  # the opening auction ends with one print at its expected price
            trade = cb.match(KRX if KRX in continuous else NXT, at)
        else:
            share = float(quotes_data()["stream"]["nxt_share"])
            venue = NXT if NXT in continuous and (KRX not in continuous or cb.rng.random() < share) else KRX
            trade = cb.trade(venue, at)
        assert trade is not None
        entries = self._trade_entries(cb, trade)
        rate = self.rates.get("0B", 0.0)
        if self.vi_every_s > 0 and rate > 0 and cb.rng.random() < 1 / (rate * self.vi_every_s):
            self._start_vi(cb, quotes_data()["vi"]["dynamic"], self.vi_s)
        return entries, True

    def _trade_entries(self, cb: CodeBook, trade: Trade) -> list[Entry]:
        entries: list[Entry] = []
        kind = self.clock.market_kind(trade.at)
        for venue in (trade.venue, SOR) if cb.nxt else (trade.venue,):
            self._add(entries, "0B", cb, venue, lambda: trade_values(cb, trade, kind))
        return entries

    def _add(self, entries: list[Entry], kind: str, cb: CodeBook, venue: str, build: Callable[[], dict]) -> None:
        item = item_of(cb.code, venue)
        if self.wants(kind, item):  # built only when someone is listening (0D is 163 fields)
            entries.append((kind, item, build()))

    # --- VI -------------------------------------------------------------------------------------
    def _market_name(self, cb: CodeBook) -> str:
        return "kosdaq" if self.book.instruments.listing(cb.code).market_code == "10" else "kospi"

    def _start_vi(self, cb: CodeBook, kind: str, seconds: float) -> None:
        at = self.clock.now()
        vi = cb.start_vi(kind, at, time.monotonic() + seconds)
        release = at + dt.timedelta(seconds=seconds)
        entries: list[Entry] = []
        for venue in self._venues(cb):
            self._add(entries, "1h", cb, venue, lambda: vi_values(cb, vi, True, at, release, self._market_name(cb)))
            self._add(entries, "0g", cb, venue, lambda: info_values(cb))
        self.emit(entries)

    def _check_vi(self, cb: CodeBook) -> None:
        vi = cb.vi
        if vi is None or time.monotonic() < vi.until:
            return
        at = self.clock.now()
        cb.vi = None
        entries: list[Entry] = []
        for venue in self._venues(cb):
            self._add(entries, "1h", cb, venue, lambda: vi_values(cb, vi, False, at, at, self._market_name(cb)))
            self._add(entries, "0g", cb, venue, lambda: info_values(cb))
        phases = {KRX: self.clock.phase(KRX, at), NXT: self.clock.phase(NXT, at) if cb.nxt else CLOSED}
        if CONTINUOUS in phases.values():  # the VI's single-price match
            trade = cb.match(KRX if phases[KRX] == CONTINUOUS else NXT, at)
            if trade is not None:
                entries += self._trade_entries(cb, trade)
                self.book.market.set_book(cb.code, cb.last, cb.ask, cb.bid)
        self.emit(entries)
