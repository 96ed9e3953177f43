"""The simulator's controls for tests, benchmarks and the CLI: faults to inject, the market and the account
(prices, fills, seeded positions and orders), latency, tokens, the live endpoint's faults, and the requests as
they arrived."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from .account.book import OrderBook
from .gateway import DEMO_APPKEY, FAULTS, Fault, SimState
from .host_answers import ORDER_PATH, QUERY_PATH
from .http_handler import Recorded
from .live.live_server import LiveServer
from .market.stream import MarketStream


class SimulatorControls:
    """The controls' part of :class:`~.server.KiwoomSimulator` (a mixin over its book, state and live endpoint)."""

    state: SimState
    book: OrderBook
    live: LiveServer
    stream: MarketStream
    _lock: threading.Lock
    _issue: Callable[[str], tuple[str, dt.datetime]]  # the gate's (gateway.py)

    # --- test and benchmark controls ---------------------------------------------------------
    def inject(
        self, kind: str, *, process: bool = True, count: int = 1, api_id: str | None = None, skip: int = 0
    ) -> None:
        """The next ``count`` order requests fail with ``kind`` (one of FAULTS).

        ``api_id``: only requests of that api-id (an order's or a query's, e.g. ``"kt00007"``);
        ``skip``: let that many of them through first (``skip=1`` on a query: its second page).
        ``"answer_lost"``: the order is placed, then the connection drops before any answer
        (the same as ``"drop"`` with ``process=True``, named for what it means).
        ``"refuse"``: the host refuses the order (HTTP 200, return_code 20, code 571999); nothing is placed.
        """
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; choose from {FAULTS}")
        if kind == "answer_lost":
            kind, process = "drop", True
        with self._lock:
            self.state.faults.extend(Fault(kind, process, api_id, skip) for _ in range(count))

    # --- the market and the account (tests, benchmarks, the CLI) --------------------------------
    @property
    def fill_in_parts(self) -> list[int] | None:
        """With the market on: a marketable order fills these quantities, the first at once and each
        next at :meth:`step` (the rest after the plan at the step after); None = all at once."""
        return self.book.fill_in_parts

    @fill_in_parts.setter
    def fill_in_parts(self, parts: list[int] | None) -> None:
        self.book.fill_in_parts = list(parts) if parts else None

    @property
    def market(self) -> bool:
        return self.book.matching

    @market.setter
    def market(self, on: bool) -> None:
        self.book.matching = bool(on)

    def set_price(self, stk_cd: str, price: int, name: str | None = None) -> None:
        """Move a stock's price (with the market on, resting orders it now meets fill at the next step)."""
        self.book.market.set_price(stk_cd, price, name)

    def move_price(self, stk_cd: str, ticks: int) -> int:
        """Move a listed stock's price ``ticks`` ticks along its KRX grid (held inside the day's 상한가/하한가);
        returns the new price. ValueError for a code the simulator does not list."""
        return self.book.instruments.move_price(stk_cd, ticks)

    def step(self) -> int:
        """The market's next moment: the next part of each partly filled order, and resting orders the
        price now meets. Returns the number of fills."""
        return self.book.step()

    def fill(self, ord_no: str, qty: int, price: int | None = None) -> None:
        """Fill ``qty`` of open order ``ord_no`` now (market on or off). A sell takes its loan date's
        shares; ValueError when the order is not open or the shares are not there."""
        self.book.fill(ord_no, qty, price)

    def seed_position(
        self,
        stk_cd: str,
        qty: int,
        loan_dt: str = "",
        *,
        crd: bool = True,
        venue: str = "KRX",
        price: int | None = None,
    ) -> None:
        """A holding from before today: ``qty`` shares of ``stk_cd``, a 융자 position of ``loan_dt``
        (YYYYMMDD) unless ``crd=False``; bought at ``price`` (default: yesterday's close)."""
        self.book.seed_position(stk_cd, qty, loan_dt, crd=crd, venue=venue, price=price)

    def seed_open_orders(
        self,
        n: int,
        *,
        stk_cd: str = "005930",
        side: str = "kt10006",
        venue: str = "KRX",
        qty: int = 10,
        price: int | None = None,
        cash: bool = False,
    ) -> list[str]:
        """``n`` credit orders resting in the book, placed now (default: buys at half the market price);
        ``cash``: cash (현금) orders instead, which 미체결 shows without a credit word."""
        return self.book.seed_orders(
            n, stk_cd=stk_cd, side=side, venue=venue, qty=qty, price=price, fill=False, cash=cash
        )

    def seed_executions(
        self, n: int, *, stk_cd: str = "005930", venue: str = "KRX", qty: int = 1, price: int | None = None
    ) -> list[str]:
        """``n`` credit buys placed and filled now (kt00007 rows, and the 융자 position they make)."""
        return self.book.seed_orders(n, stk_cd=stk_cd, side="kt10006", venue=venue, qty=qty, price=price, fill=True)

    def set_latency(self, seconds: float) -> None:
        self.state.latency_s = seconds

    def expire_tokens(self) -> None:
        """Every issued token becomes invalid on the host (as after expiry or a server-side reset)."""
        with self._lock:
            self.state.tokens.clear()

    def issue_token_for_tests(self, appkey: str = DEMO_APPKEY) -> str:
        return self._issue(appkey)[0]

    # --- the real-time endpoint (live_server.py) -------------------------------------------------------
    def live_fault(self, kind: str) -> None:
        """To the WebSocket sessions open now: "drop", "no_pong", "silent" or "r10001" (live_server.LIVE_FAULTS)."""
        self.live.fault(kind)

    def live_sessions(self) -> list:
        """The WebSocket sessions open now (id, logged in, registered types)."""
        return self.live.sessions()

    # --- the streamed market (market/stream.py) --------------------------------------------------
    def trigger_vi(self, stk_cd: str, kind: str | None = None, seconds: float | None = None) -> None:
        """A VI on ``stk_cd`` now (kind 정적 or 동적, default 동적; ``seconds`` default vi_s): 1h 발동 and 0g go out,
        trades stop and 0H carries the expected price until it is released."""
        self.stream.trigger_vi(stk_cd, kind, seconds)

    def release_vi(self, stk_cd: str) -> None:
        """End ``stk_cd``'s VI now: 1h 해제, 0g, and the single-price match as a trade."""
        self.stream.release_vi(stk_cd)

    def set_session(self, spec: str) -> None:
        """A new session clock (as ``--session``); 0s with its current code goes to the registered sessions."""
        self.stream.set_session(spec)

    def set_quote_rates(self, **rates: float) -> None:
        """Frames a second per streamed stock, e.g. ``set_quote_rates(**{"0B": 50, "0D": 200})``; 0 stops a kind."""
        self.stream.set_rates(rates)

    def advance_market(self, stk_cd: str, trades: int = 0, changes: int = 0) -> None:
        """Run that many trade and book-change events of ``stk_cd`` now (deterministic tests keep rates at 0)."""
        self.stream.advance(stk_cd, trades, changes)

    @property
    def recorded(self) -> list[Recorded]:
        with self._lock:
            return list(self.state.recorded)

    def order_requests(self) -> list[Recorded]:
        return [r for r in self.recorded if r.path == ORDER_PATH]

    def query_requests(self, api_id: str | None = None) -> list[Recorded]:
        """Account queries as they arrived (``api_id``: only those)."""
        return [
            r for r in self.recorded if r.path == QUERY_PATH and (api_id is None or r.headers.get("api-id") == api_id)
        ]
