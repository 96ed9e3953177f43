"""The simulator's gate, as the host's: app keys and the tokens it issued (au10001 / au10002), the checks every
request passes in the host's order (api-id, authorization, token, rate limit per api-id), and the faults tests
inject for the requests to come."""

from __future__ import annotations

import collections
import datetime as dt
import math
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..base.kst import KST
from .http_handler import Handler

DEMO_APPKEY = "demo-appkey-0000000000000000"
DEMO_SECRETKEY = "demo-secretkey-000000000000000"
FAULTS = ("http500", "drop", "garbage", "stall", "rate_limit", "token_rejected", "answer_lost", "refuse")


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


class Gateway:
    """The gate's part of :class:`~.server.KiwoomSimulator` (a mixin: it reads the simulator's state under its lock)."""

    state: SimState
    _lock: threading.Lock
    _texts: Mapping[str, Any]
    _error: Callable[..., dict]  # the simulator's: its book words the host's errors

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

    def _live_token_key(self, token: str) -> str | None:
        """The app key of a token this simulator issued and that is still valid (LOGIN's check)."""
        with self._lock:
            entry = self.state.tokens.get(token)
        return entry[0] if entry is not None and entry[1] > dt.datetime.now(KST) else None

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

    def _admit(self, h: Handler, known: Mapping[str, object], is_order: bool) -> tuple[str, Fault | None] | None:
        """The gateway's checks, in the host's order: api-id, authorization, token, rate limit.

        Returns (api-id, the fault aimed at this request) to go on, or None once it has answered.
        """
        api_id = h.headers.get("api-id", "").strip()
        reply = {"api-id": api_id, "cont-yn": "N", "next-key": ""}
        if not api_id:
            return h.send(200, self._error("missing_api_id"), reply)
        if api_id not in known:
            return h.send(200, self._error("wrong_api_id", api_id=api_id, uri=h.path), reply)
        auth = h.headers.get("authorization", "")
        if not auth:
            return h.send(200, self._error("no_authorization"), reply)
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        with self._lock:
            entry = self.state.tokens.get(token)
        if entry is None or entry[1] <= dt.datetime.now(KST):
            return h.send(200, self._error("bad_token"), reply)
        fault = self._take_fault(api_id, is_order)
        if fault and fault.kind == "token_rejected":  # the host drops a token it had just issued
            return h.send(200, self._error("bad_token"), reply)
        if (fault and fault.kind == "rate_limit") or self._rate_limited(api_id):
            limit = self.state.rate_limit_per_second or self._texts["rate_limits"]["per_second"]["sim"]
            return h.send(429, self._error("rate_limited", limit=f"{limit:g}", api_id=api_id), reply)
        return api_id, fault
