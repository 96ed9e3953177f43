"""A loopback stand-in for the Kiwoom host: au10001, au10002 and the four credit orders.

Binds 127.0.0.1 only. Keeps an order book, checks headers and tokens like the real host, rate
limits per api-id, and injects faults (latency, HTTP 500, dropped connection, garbage, stall).
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import math
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING

from ..kst import KST
from ..resources_io import load_json
from ..specs import OrderSpec, load_orders
from ..validation import REQUIRED, field_states
from .book import OrderBook

if TYPE_CHECKING:
    import ssl

DEMO_APPKEY = "demo-appkey-0000000000000000"
DEMO_SECRETKEY = "demo-secretkey-000000000000000"
FAULTS = ("http500", "drop", "garbage", "stall", "rate_limit", "token_rejected")


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


@dataclass
class SimState:
    app_keys: dict[str, str]
    mode: str = "sim"  # "sim" accepts credit orders; "mock" answers them like mockapi (RC9000)
    latency_s: float = 0.0
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
    ) -> None:
        """``rate_limit_per_second``: requests per second per api-id; None = the documented limit
        for ``mode`` (resources/simulator.json), 0 = no limit (benchmarks that push faster)."""
        self._texts = load_json("simulator.json")
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
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        handler = type("Handler", (_Handler,), {"sim": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._tls = ssl_context is not None
        if ssl_context is not None:
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True)
        self._thread: threading.Thread | None = None

    # --- lifecycle -------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"{'https' if self._tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> KiwoomSimulator:
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="kiwoom-simulator", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes stalled handlers
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> KiwoomSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- test and benchmark controls ---------------------------------------------------------
    def inject(self, kind: str, *, process: bool = True, count: int = 1) -> None:
        """The next ``count`` order requests fail with ``kind`` (one of FAULTS)."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; choose from {FAULTS}")
        with self._lock:
            self.state.faults.extend(Fault(kind, process) for _ in range(count))

    def set_latency(self, seconds: float) -> None:
        self.state.latency_s = seconds

    def expire_tokens(self) -> None:
        """Every issued token becomes invalid on the host (as after expiry or a server-side reset)."""
        with self._lock:
            self.state.tokens.clear()

    def issue_token_for_tests(self, appkey: str = DEMO_APPKEY) -> str:
        return self._issue(appkey)[0]

    @property
    def recorded(self) -> list[Recorded]:
        with self._lock:
            return list(self.state.recorded)

    def order_requests(self) -> list[Recorded]:
        return [r for r in self.recorded if r.path == "/api/dostk/crdordr"]

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
        if h.path == "/api/dostk/crdordr":
            return self._order(h, payload)
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

    def _order(self, h: _Handler, payload: object) -> None:
        api_id = h.headers.get("api-id", "").strip()
        reply = {"api-id": api_id, "cont-yn": "N", "next-key": ""}
        if not api_id:
            return h._send(200, self._error("missing_api_id"), reply)
        orders = load_orders()
        if api_id not in orders:
            return h._send(200, self._error("wrong_api_id", api_id=api_id, uri=h.path), reply)
        auth = h.headers.get("authorization", "")
        if not auth:
            return h._send(200, self._error("no_authorization"), reply)
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        with self._lock:
            entry = self.state.tokens.get(token)
        if entry is None or entry[1] <= dt.datetime.now(KST):
            return h._send(200, self._error("bad_token"), reply)
        with self._lock:
            fault = self.state.faults.popleft() if self.state.faults else None
        if fault and fault.kind == "token_rejected":  # the host drops a token it had just issued
            return h._send(200, self._error("bad_token"), reply)
        if (fault and fault.kind == "rate_limit") or self._rate_limited(api_id):
            limit = self.state.rate_limit_per_second or self._texts["rate_limits"]["per_second"]["sim"]
            return h._send(429, self._error("rate_limited", limit=f"{limit:g}", api_id=api_id), reply)
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
        h._send(200, answer, reply)

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
