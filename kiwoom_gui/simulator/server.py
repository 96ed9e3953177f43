"""A loopback stand-in for the Kiwoom host: au10001, au10002, the four credit orders and the account
queries (ka00001, ka10075, kt00007, kt00018, paged with cont-yn / next-key).

Binds 127.0.0.1 only. Keeps an order book (and, with ``market=True``, a small market that fills
orders and keeps positions), checks headers and tokens like the real host, rate limits per api-id,
and injects faults (latency, HTTP 500, dropped connection, garbage, stall).

Stock info (ka10001 / ka10100 at /api/dostk/stkinfo) answers the listed codes of simulator/instruments.py;
an order for a listed code off its tick, outside the band (market on) or on NXT when not listed there is refused.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import math
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from ..base.kst import KST
from ..base.resources_io import load_json
from ..orders.specs import OrderSpec, load_orders, load_queries
from ..orders.validation import REQUIRED, field_states
from . import account_answers as answers
from .book import OrderBook
from .instruments import QUERIES as INSTRUMENT_QUERIES
from .paging import Cursors, Listing

if TYPE_CHECKING:
    import ssl

DEMO_APPKEY = "demo-appkey-0000000000000000"
DEMO_SECRETKEY = "demo-secretkey-000000000000000"
FAULTS = ("http500", "drop", "garbage", "stall", "rate_limit", "token_rejected", "answer_lost")
ORDER_PATH = "/api/dostk/crdordr"
QUERY_PATH = "/api/dostk/acnt"
STOCK_INFO_PATH = "/api/dostk/stkinfo"  # ka10001 / ka10100 (issue 12)


@dataclass(frozen=True)
class Recorded:
    """One request as it arrived (tests assert exact headers and bytes)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    client_port: int = 0  # one port for many requests = one kept-alive connection

    def json(self) -> object:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Fault:
    kind: str
    process: bool = True  # apply the order before failing: the dangerous, realistic case
    api_id: str | None = None  # None: the next order of any api-id; else the next request of this api-id
    skip: int = 0  # matching requests that pass untouched first (e.g. 1: the second page of a query)

    def hits(self, api_id: str, is_order: bool) -> bool:
        return self.api_id == api_id if self.api_id else is_order


@dataclass
class SimState:
    app_keys: dict[str, str]
    mode: str = "sim"  # "sim" accepts credit orders; "mock" answers them like mockapi (RC9000)
    latency_s: float = 0.0
    answer_delay_s: float = 0.0  # after an order is placed, before its answer
    stall_s: float = 30.0
    rate_limit_per_second: float = 0.0  # per api-id; 0 = no limit
    rate_limit_burst_min: int = 2
    token_lifetime: dt.timedelta = dt.timedelta(hours=24)
    tokens: dict[str, tuple[str, dt.datetime]] = field(default_factory=dict)  # token -> (appkey, expiry)
    faults: collections.deque = field(default_factory=collections.deque)
    recorded: collections.deque = field(default_factory=collections.deque)  # the newest requests
    buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # api-id -> (tokens, at)


def _text(value: object) -> str:
    """A body value as the host reads it: JSON null and absence are empty, like ""."""
    return "" if value is None else str(value).strip()


def _missing_field(spec: OrderSpec, payload: dict) -> str | None:
    """The first field the spec or the order type requires that came empty ([1511]).

    Order-type requirements (ord_uv for 지정가, cond_uv for 스톱지정가, crd_loan_dt for 융자) come from
    resources/rules.json through the same field_states the order form uses.
    """
    values = {f.key: _text(payload.get(f.key)) for f in spec.request_body}
    states = field_states(spec, values)
    for f in spec.request_body:
        if states[f.key] == REQUIRED and not values[f.key]:
            return f.key
    return None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real host
    # Headers and body leave together (a buffered writer, flushed once) without waiting for an ACK:
    # otherwise a kept-alive connection pays the peer's 40 ms delayed ACK on every answer.
    wbufsize = -1
    disable_nagle_algorithm = True
    server_version = "kiwoom-gui-simulator"
    sim: KiwoomSimulator  # set on the subclass made per server

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests and the GUI own the output
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        self.sim._record(
            Recorded(
                "POST",
                self.path,
                {k.lower(): v for k, v in self.headers.items()},
                raw,
                self.client_address[1],
            )
        )
        self.sim._serve(self, raw)

    def do_GET(self) -> None:
        self._send(405, {"return_code": 2, "return_msg": "POST만 지원합니다"})

    def _send(self, status: int, payload: object, headers: dict[str, str] | None = None) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()


class KiwoomSimulator:
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
    ) -> None:
        """``rate_limit_per_second``: requests per second per api-id; None = the documented limit
        for ``mode`` (resources/simulator.json), 0 = no limit (benchmarks that push faster).

        ``market``: orders that meet their stock's price fill (resources/simulator_market.json) and
        a 융자 sell must find its shares; off, orders rest until :meth:`fill`. ``page_size``: rows
        per page of ka10075 / kt00007 / kt00018 (default from resources/simulator.json).
        ``account_no``: what ka00001 answers (10 digits). ``live_ping_s``: how often the WebSocket
        endpoint (:attr:`ws_url`) sends PING (the host's 10 s; tests use less); ``ws_port`` its port (0 = free)."""
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
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        handler = type("Handler", (_Handler,), {"sim": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._tls = ssl_context is not None
        if ssl_context is not None:
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True)
        self._thread: threading.Thread | None = None
        from .live_server import LiveServer  # the real-time endpoint on its own port (live_server.py)

        self.live = LiveServer(
            self._live_token_key, self.book, self.account_no, ping_s=live_ping_s, ssl_context=ssl_context, port=ws_port
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

    # --- test and benchmark controls ---------------------------------------------------------
    def inject(
        self, kind: str, *, process: bool = True, count: int = 1, api_id: str | None = None, skip: int = 0
    ) -> None:
        """The next ``count`` order requests fail with ``kind`` (one of FAULTS).

        ``api_id``: only requests of that api-id (an order's or a query's, e.g. ``"kt00007"``);
        ``skip``: let that many of them through first (``skip=1`` on a query: its second page).
        ``"answer_lost"``: the order is placed, then the connection drops before any answer
        (the same as ``"drop"`` with ``process=True``, named for what it means).
        """
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; choose from {FAULTS}")
        if kind == "answer_lost":
            kind, process = "drop", True
        with self._lock:
            self.state.faults.extend(Fault(kind, process, api_id, skip) for _ in range(count))

    def _take_fault(self, api_id: str, is_order: bool) -> Fault | None:
        """The first pending fault aimed at this request (counting down its ``skip``), removed."""
        with self._lock:
            for fault in self.state.faults:
                if not fault.hits(api_id, is_order):
                    continue
                if fault.skip:
                    fault.skip -= 1
                    return None
                self.state.faults.remove(fault)
                return fault
        return None

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
    ) -> list[str]:
        """``n`` credit orders resting in the book, placed now (default: buys at half the market price)."""
        return self.book.seed_orders(n, stk_cd=stk_cd, side=side, venue=venue, qty=qty, price=price, fill=False)

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

    def _live_token_key(self, token: str) -> str | None:
        """The app key of a token this simulator issued and that is still valid (LOGIN's check)."""
        with self._lock:
            entry = self.state.tokens.get(token)
        return entry[0] if entry is not None and entry[1] > dt.datetime.now(KST) else None

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

    # --- serving -----------------------------------------------------------------------------
    def _record(self, rec: Recorded) -> None:
        with self._lock:
            self.state.recorded.append(rec)

    def _error(self, name: str, **fmt: object) -> dict:
        return self.book.error(name, **fmt)

    def _issue(self, appkey: str) -> tuple[str, dt.datetime]:
        now = dt.datetime.now(KST)
        with self._lock:
            for token, (key, expiry) in self.state.tokens.items():
                if key == appkey and expiry > now:  # Kiwoom re-issues the same token while it is valid
                    return token, expiry
            token = secrets.token_urlsafe(48)
            expiry = (now + self.state.token_lifetime).replace(microsecond=0)
            self.state.tokens[token] = (appkey, expiry)
            return token, expiry

    def _serve(self, h: _Handler, raw: bytes) -> None:
        if self.state.latency_s:
            self._stopping.wait(self.state.latency_s)
        try:
            payload = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, ValueError):
            payload = None
        if h.path == "/oauth2/token":
            return h._send(200, self._token_answer(payload))
        if h.path == "/oauth2/revoke":
            return h._send(200, self._revoke_answer(payload))
        if h.path == ORDER_PATH:
            return self._order(h, payload)
        if h.path in (QUERY_PATH, STOCK_INFO_PATH):
            return self._query(h, payload)
        return h._send(404, {"return_code": 2, "return_msg": f"알 수 없는 경로입니다: {h.path}"})

    def _token_answer(self, p: object) -> dict:
        if not isinstance(p, dict):
            return self._error("bad_json")
        if p.get("grant_type") != "client_credentials":
            return self._error("bad_grant")
        appkey, secretkey = p.get("appkey"), p.get("secretkey")
        if not appkey or not secretkey:
            return self._error("missing_keys")
        if self.state.app_keys.get(appkey) != secretkey:
            return self._error("bad_keys")
        token, expiry = self._issue(appkey)
        return {
            "expires_dt": expiry.strftime("%Y%m%d%H%M%S"),
            "token_type": "bearer",
            "token": token,
            "return_code": 0,
            "return_msg": self._texts["ok"]["token"],
        }

    def _revoke_answer(self, p: object) -> dict:
        if not isinstance(p, dict):
            return self._error("bad_json")
        if not p.get("token"):
            return self._error("revoke_no_token")
        if self.state.app_keys.get(p.get("appkey")) != p.get("secretkey"):
            return self._error("bad_keys")
        with self._lock:
            if self.state.tokens.pop(p["token"], None) is None:
                return self._error("revoke_failed")
        return {"return_code": 0, "return_msg": self._texts["ok"]["revoke"]}

    def _rate_limited(self, api_id: str) -> bool:
        """A token bucket per api-id: ``rate`` tokens a second, holding at most max(rate, burst_min).

        A bucket rather than a sliding window: a client paced exactly at the limit arrives a few
        ms early now and then, and must not be refused for it; a burst past the limit still is.
        """
        rate = self.state.rate_limit_per_second
        if not rate:
            return False
        capacity = max(math.ceil(rate), self.state.rate_limit_burst_min)
        now = time.monotonic()
        with self._lock:
            tokens, at = self.state.buckets.get(api_id, (float(capacity), now))
            tokens = min(float(capacity), tokens + (now - at) * rate)
            if tokens < 1.0:
                self.state.buckets[api_id] = (tokens, now)
                return True
            self.state.buckets[api_id] = (tokens - 1.0, now)
            return False

    def _admit(self, h: _Handler, known: Mapping[str, object], is_order: bool) -> tuple[str, Fault | None] | None:
        """The gateway's checks, in the host's order: api-id, authorization, token, rate limit.

        Returns (api-id, the fault aimed at this request) to go on, or None once it has answered.
        """
        api_id = h.headers.get("api-id", "").strip()
        reply = {"api-id": api_id, "cont-yn": "N", "next-key": ""}
        if not api_id:
            return h._send(200, self._error("missing_api_id"), reply)
        if api_id not in known:
            return h._send(200, self._error("wrong_api_id", api_id=api_id, uri=h.path), reply)
        auth = h.headers.get("authorization", "")
        if not auth:
            return h._send(200, self._error("no_authorization"), reply)
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        with self._lock:
            entry = self.state.tokens.get(token)
        if entry is None or entry[1] <= dt.datetime.now(KST):
            return h._send(200, self._error("bad_token"), reply)
        fault = self._take_fault(api_id, is_order)
        if fault and fault.kind == "token_rejected":  # the host drops a token it had just issued
            return h._send(200, self._error("bad_token"), reply)
        if (fault and fault.kind == "rate_limit") or self._rate_limited(api_id):
            limit = self.state.rate_limit_per_second or self._texts["rate_limits"]["per_second"]["sim"]
            return h._send(429, self._error("rate_limited", limit=f"{limit:g}", api_id=api_id), reply)
        return api_id, fault

    def _order(self, h: _Handler, payload: object) -> None:
        orders = load_orders()
        admitted = self._admit(h, orders, is_order=True)
        if admitted is None:
            return
        api_id, fault = admitted
        reply = {"api-id": api_id, "cont-yn": "N", "next-key": ""}
        if not isinstance(payload, dict):
            return h._send(200, self._error("bad_json"), reply)
        missing = _missing_field(orders[api_id], payload)
        if missing:
            return h._send(200, self._error("missing_field", field=missing), reply)
        if self.state.mode == "mock":  # mockapi offers no credit orders at all
            answer = self._error("mock_unsupported")
        elif fault is None or fault.process:
            answer = self.book.place(api_id, {k: "" if v is None else str(v) for k, v in payload.items()})
        else:
            answer = None
        if fault is not None:
            return self._fail(h, fault, reply)
        if self.state.answer_delay_s:  # placed, its events pushed; the answer is slow (events come first)
            self._stopping.wait(self.state.answer_delay_s)
        h._send(200, answer, reply)

    def _query(self, h: _Handler, payload: object) -> None:
        """ka00001 / ka10075 / kt00007 / kt00018 from the book (mock mode answers them too)."""
        on_path = {k: q for k, q in load_queries().items() if q.path == h.path}  # else [1504], like the host
        admitted = self._admit(h, on_path, is_order=False)
        if admitted is None:
            return
        api_id, fault = admitted
        reply = {"api-id": api_id, "cont-yn": "N", "next-key": ""}
        if not isinstance(payload, dict):
            answer = self._error("bad_json")
        else:
            answer = self._query_answer(api_id, payload, h.headers, reply)
        if fault is not None:
            return self._fail(h, fault, reply)
        h._send(200, answer, reply)

    def _query_answer(self, api_id: str, body: dict, headers: Mapping[str, str], reply: dict[str, str]) -> dict:
        if api_id in INSTRUMENT_QUERIES:
            return self.book.instruments.answer(api_id, body)
        refused = answers.check_body(api_id, body)
        if refused:
            return self._error(refused[0], **refused[1])
        ok = {"return_code": 0, "return_msg": self._texts["ok"][api_id]}
        if api_id == "ka00001":
            return {**answers.account(self.account_no), **ok}
        cont = (headers.get("cont-yn") or "").strip().upper()
        key = (headers.get("next-key") or "").strip()
        head: dict[str, str] = {}
        if cont == "Y" or key:
            if cont != "Y" or not key:
                return self._error("bad_next_key", reason="cont-yn Y와 next-key를 함께 보내야 합니다")
            page = self.cursors.next(api_id, body, key)
            if isinstance(page, str):
                return self._error("bad_next_key", reason=page)
            if api_id == "kt00018":  # the totals head every page
                head = answers.balance(self.book, body, int(self._texts["account"]["deposit"]))[0]
        else:
            today = self.book.clock().date()
            if api_id == "ka10075":
                rows = answers.open_orders(self.book, body, today, self.account_no)
            elif api_id == "kt00007":
                rows = answers.order_details(self.book, body, today)
            else:
                head, positions = answers.balance(self.book, body, int(self._texts["account"]["deposit"]))
                rows = Listing(positions, dict)
            page = self.cursors.first(api_id, body, rows, self.page_size)
        if page.more:
            reply.update({"cont-yn": "Y", "next-key": page.next_key})
        return {**head, answers.list_key(api_id): page.rows, **ok}

    def _fail(self, h: _Handler, fault: Fault, reply: dict[str, str]) -> None:
        if fault.kind == "http500":
            h._send(500, b"<html><body>Internal Server Error</body></html>", reply)
        elif fault.kind == "garbage":
            h._send(200, b"\x00\xffnot json{", reply)
        elif fault.kind == "stall":
            self._stopping.wait(self.state.stall_s)
            h.close_connection = True
        elif fault.kind == "drop":
            h.close_connection = True
            h.connection.close()
