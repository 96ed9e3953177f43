"""1. Order latency over loopback: our client vs the official sample's pattern vs a raw kept-alive floor.

The sample scripts call ``requests.post(url, headers=..., json=...)`` once per order: a new TCP (and
TLS) connection every time. Our client keeps one session. The floor is ``http.client`` on one
kept-alive connection sending the same bytes: no validation, no result parsing, nothing to beat.
All of them run interleaved, round by round, against one in-process simulator, over HTTP and TLS.
The floor is shown for context; the goal against a floor is click-to-wire (figure 0), measured
through the window, where the time an order takes is actually spent.
"""

from __future__ import annotations

import http.client
import json
import ssl
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import requests

from kiwoom_gui.host.auth import CredentialStore
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import build_body
from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY, KiwoomSimulator
from kiwoom_gui.simulator.tls import make_throwaway_tls

from .common import Figure, median, ms, p99

BUY = build_body(
    "kt10006", {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0"}
)
PATH = "/api/dostk/crdordr"


def _headers(token: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json;charset=UTF-8",
        "authorization": f"Bearer {token}",
        "api-id": "kt10006",
        "cont-yn": "N",
        "next-key": "",
    }


def _ours(sim: KiwoomSimulator, ca: str | None) -> tuple[Callable[[], None], Callable[[], None]]:
    store = CredentialStore(session_only=True)
    store.set("mock", "appkey", DEMO_APPKEY)
    store.set("mock", "secretkey", DEMO_SECRETKEY)
    # orders_per_second=0: the throttle is a rate limit, not latency; it is off for this measurement
    client = KiwoomClient("mock", base_url=sim.base_url, store=store, orders_per_second=0, ca_bundle=ca)

    def send() -> None:
        result = client.send_order("kt10006", BUY)
        assert result.ord_no, result.message

    return send, client.close


def _sample(sim: KiwoomSimulator, ca: str | None, token: str) -> tuple[Callable[[], None], Callable[[], None]]:
    url, headers = sim.base_url + PATH, _headers(token)

    def send() -> None:  # the official sample, verbatim in shape
        response = requests.post(url, headers=headers, json=BUY, verify=ca or True)
        assert response.json()["return_code"] == 0

    return send, lambda: None


def _session(sim: KiwoomSimulator, ca: str | None, token: str) -> tuple[Callable[[], None], Callable[[], None]]:
    """requests.Session configured as ours, with nothing of ours around it: where the time goes."""
    session = requests.Session()
    session.trust_env = False
    session.verify = ca or True
    url, headers = sim.base_url + PATH, _headers(token)
    payload = json.dumps(BUY, ensure_ascii=False).encode("utf-8")

    def send() -> None:
        response = session.post(url, data=payload, headers=headers, timeout=(3, 10), allow_redirects=False)
        assert response.json()["return_code"] == 0

    return send, session.close


def _floor(sim: KiwoomSimulator, ca: str | None, token: str) -> tuple[Callable[[], None], Callable[[], None]]:
    if ca:
        context = ssl.create_default_context(cafile=ca)
        conn: http.client.HTTPConnection = http.client.HTTPSConnection("127.0.0.1", sim.port, context=context)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", sim.port)
    headers = _headers(token)
    payload = json.dumps(BUY, ensure_ascii=False).encode("utf-8")

    def send() -> None:
        conn.request("POST", PATH, body=payload, headers=headers)
        response = conn.getresponse()
        assert json.loads(response.read())["return_code"] == 0

    return send, conn.close


def _measure(sim: KiwoomSimulator, ca: str | None, orders: int, rounds: int) -> dict[str, list[float]]:
    token = sim.issue_token_for_tests()
    makers = {
        "ours": lambda: _ours(sim, ca),
        "sample": lambda: _sample(sim, ca, token),
        "session": lambda: _session(sim, ca, token),
        "floor": lambda: _floor(sim, ca, token),
    }
    senders = {name: make() for name, make in makers.items()}
    times: dict[str, list[float]] = {name: [] for name in senders}
    try:
        for send, _ in senders.values():  # warm-up: token issue, first handshake, imports
            for _ in range(5):
                send()
        per_round = max(1, orders // rounds)
        for _ in range(rounds):
            for name, (send, _) in senders.items():
                for _ in range(per_round):
                    started = time.perf_counter()
                    send()
                    times[name].append(time.perf_counter() - started)
    finally:
        for _, close in senders.values():
            close()
    return times


def run(quick: bool = False) -> list[Figure]:
    orders, rounds = (60, 3) if quick else (600, 10)
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as tmp:
        tls = make_throwaway_tls(Path(tmp))
        for transport, context, ca in (("HTTP", None, None), ("TLS", tls.server_context(), str(tls.ca))):
            with KiwoomSimulator(ssl_context=context, rate_limit_per_second=0) as sim:  # pushes faster
                t = _measure(sim, ca, orders, rounds)
            m = {name: median(v) for name, v in t.items()}
            detail = " · ".join(
                f"{name} {ms(m[name])} (p99 {ms(p99(t[name]))})" for name in ("ours", "sample", "session", "floor")
            )
            figures.append(Figure(f"1. order latency, {transport}: median (p99)", detail, "", None))
            speedup = m["sample"] / m["ours"]
            figures.append(
                Figure(
                    f"1. {transport}: sample pattern ÷ ours",
                    f"{speedup:.2f}×",
                    "≥ 3× over TLS" if transport == "TLS" else "",
                    speedup >= 3 if transport == "TLS" else None,
                )
            )
    return figures


if __name__ == "__main__":
    for f in run():
        print(f)
