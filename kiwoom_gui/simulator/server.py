"""A loopback stand-in for the Kiwoom host: au10001, au10002, the four credit orders and the account
queries (ka00001, ka10075, kt00007, kt00018, paged with cont-yn / next-key).

Binds 127.0.0.1 only. Keeps an order book (and, with ``market=True``, a small market that fills
orders and keeps positions), checks headers and tokens like the real host, rate limits per api-id,
and injects faults (latency, HTTP 500, dropped connection, garbage, stall).

Stock info (ka10001 / ka10100 at /api/dostk/stkinfo) answers the listed codes of simulator/market/instruments.py;
an order for a listed code off its tick, outside the band (market on) or on NXT when not listed there is refused.

This module builds the simulator and runs it (start, stop, its two ports); the gate is gateway.py, the answers
host_answers.py, the HTTP side http_handler.py and the test controls controls.py.
"""

from __future__ import annotations

import collections
import threading
from http.server import ThreadingHTTPServer
from typing import TYPE_CHECKING

from ..base.resources_io import load_json
from .account.book import OrderBook
from .account.paging import Cursors
from .controls import SimulatorControls
from .credit.queries import CreditQueries
from .gateway import DEMO_APPKEY, DEMO_SECRETKEY, Gateway, SimState
from .host_answers import HostAnswers
from .http_handler import Handler, Recorded

if TYPE_CHECKING:
    import ssl


class KiwoomSimulator(SimulatorControls, HostAnswers, Gateway):
    """Start with :meth:`start` (in-process, free port) or ``python -m kiwoom_gui.simulator``."""

    def __init__(
        self,
        port: int = 0,
        app_keys: dict[str, str] | None = None,
        mode: str = "sim",
        ssl_context: ssl.SSLContext | None = None,
        record_limit: int = 10_000,
        rate_limit_per_second: float | None = None,
        *,
        market: bool = False,
        page_size: int | None = None,
        account_no: str | None = None,
        live_ping_s: float = 10.0,
        ws_port: int = 0,
        session: str = "regular",
        seed: int | None = None,
        quote_rates: dict[str, float] | None = None,
        vi_every_s: float | None = None,
        vi_s: float | None = None,
    ) -> None:
        """``rate_limit_per_second``: requests per second per api-id; None = the documented limit
        for ``mode`` (resources/simulator.json), 0 = no limit (benchmarks that push faster).

        ``market``: orders that meet their stock's price fill (resources/simulator_market.json) and
        a 융자 sell must find its shares; off, orders rest until :meth:`fill`. ``page_size``: rows
        per page of ka10075 / kt00007 / kt00018 (default from resources/simulator.json).
        ``account_no``: what ka00001 answers (10 digits). ``live_ping_s``: how often the WebSocket
        endpoint (:attr:`ws_url`) sends PING (the host's 10 s; tests use less); ``ws_port`` its port (0 = free).

        The streamed market (:attr:`stream`, market/stream.py): ``session`` its clock (SessionClock: ``now``,
        ``regular``, ``pre``, ``auction``, ``after``, ``closed`` or a KST ``HH:MM[:SS]`` it starts from), ``seed``
        (None: different every run), ``quote_rates`` frames a second per stock (``{"0B": 50, "0D": 200}``),
        ``vi_every_s`` how often a VI starts by itself (0: only on demand), ``vi_s`` how long one lasts."""
        self._texts = load_json("simulator.json")
        acct = self._texts["account"]
        self.page_size = int(page_size if page_size is not None else acct["default_page_size"])
        if self.page_size < 1:
            raise ValueError("page_size must be at least 1")
        self.account_no = account_no or acct["acnt_no"]
        limits = self._texts["rate_limits"]
        if rate_limit_per_second is None:
            rate_limit_per_second = float(limits["per_second"][mode])
        if rate_limit_per_second < 0:
            raise ValueError("rate_limit_per_second must be 0 (no limit) or positive")
        self.state = SimState(
            app_keys=dict(app_keys or {DEMO_APPKEY: DEMO_SECRETKEY}),
            mode=mode,
            rate_limit_per_second=float(rate_limit_per_second),
            rate_limit_burst_min=int(limits["burst_min"]),
            recorded=collections.deque(maxlen=record_limit),  # a long --demo session stays bounded
        )
        self.book = OrderBook()
        self.book.matching = market
        self.cursors = Cursors(int(acct["cursor_limit"]))
        self.credit_queries = CreditQueries(self.book, self.cursors, lambda: self.page_size, lambda: self.state.mode)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        handler = type("Handler", (Handler,), {"sim": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._tls = ssl_context is not None
        if ssl_context is not None:
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True)
        self._thread: threading.Thread | None = None
        from .live.live_server import LiveServer  # the real-time endpoint on its own port (live_server.py)
        from .market.stream import MarketStream

        self.stream = MarketStream(
            self.book, seed=seed, session=session, rates=quote_rates, vi_every_s=vi_every_s, vi_s=vi_s
        )
        self.live = LiveServer(
            self._live_token_key,
            self.book,
            self.account_no,
            ping_s=live_ping_s,
            ssl_context=ssl_context,
            port=ws_port,
            stream=self.stream,
        )

    # --- lifecycle -------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"{'https' if self._tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        """The real-time WebSocket (ws://127.0.0.1:PORT/api/dostk/websocket; wss with an ssl_context)."""
        return self.live.url

    def start(self) -> KiwoomSimulator:
        self.live.start()
        self.stream.start()
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="kiwoom-simulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes stalled handlers
        self._server.shutdown()
        self._server.server_close()
        self.live.stop()
        self.stream.stop()
        if self._thread:
            self._thread.join(timeout=5)

    @property
    def stopping(self) -> threading.Event:
        """Set once :meth:`stop` is called: threads that drive this simulator (the demo's market) end on it."""
        return self._stopping

    def __enter__(self) -> KiwoomSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- serving -----------------------------------------------------------------------------
    def _record(self, rec: Recorded) -> None:
        with self._lock:
            self.state.recorded.append(rec)

    def _error(self, name: str, **fmt: object) -> dict:
        return self.book.error(name, **fmt)
