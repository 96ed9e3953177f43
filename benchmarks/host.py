"""The simulator in its own process, noting when each request has arrived:
``python -m benchmarks.host LATENCY_MS [--page-size N] [--query-latency-ms MS]`` (``--query-latency-ms``: every
request but an order and a token waits that long more, as a host slow to answer queries).

Prints its base URL on the first line. Reads commands on stdin, one a line:

- ``arrivals``: prints a JSON list of ``[seconds, path]`` for every request since the last call, then forgets them.
- ``api_ids``: prints a JSON object, requests per ``api-id`` header since the last call, then forgets them.
- ``seed OPEN_ORDERS EXECUTIONS``: that many resting credit orders and filled credit buys, placed now
  (ka10075 and kt00007 rows; the benchmarks' account book); prints ``ok``.
- ``inject KIND``: the next order meets fault KIND (e.g. ``answer_lost``); prints ``ok``.
- ``ws``: prints the real-time WebSocket's URL.
- ``seed_live N QTY``: N resting credit buys of QTY shares spread over a few listed codes, placed now without
  events (as orders from before the window started); prints their order numbers as a JSON list.
- ``market on|off``: orders that meet the market's price fill (on) or rest (off); prints ``ok``.
- ``burst EVENTS_PER_S SECONDS``: from a thread of its own, the book's own changes at that rate — new orders
  (접수) and one-share fills of the open orders in turn (체결, each with its 잔고 event), so the 00 and 04
  frames are the simulator's real ones; prints ``ok`` at once.
- ``burst_done``: waits for the burst to end; prints JSON ``{"events", "seconds", "kinds", "placed", "fills"}``.
- ``fill ORD_NO QTY``: fills QTY of an open order now; prints ``ok``.

``seconds`` is ``time.perf_counter()`` taken once the whole request (headers and body) has been read.
On Linux that is CLOCK_MONOTONIC, one clock for every process of the machine (as on macOS and
Windows), so the benchmark can subtract its own click time from it. The host runs in its own
process, as a real host would: its threads do not share the window's GIL. No rate limit: the
benchmarks push faster than the documented limit on purpose.
"""

from __future__ import annotations

import json
import sys
import threading
import time

from kiwoom_gui.simulator import KiwoomSimulator
from kiwoom_gui.simulator.host_answers import ORDER_PATH


class TimedSimulator(KiwoomSimulator):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.arrivals: list[tuple[float, str]] = []
        self._arrivals_lock = threading.Lock()
        self.query_latency_s = 0.0  # queries only: orders and tokens are answered at once
        self.api_ids: dict[str, int] = {}  # requests per api-id header since the last take

    def _serve(self, h, raw: bytes) -> None:  # noqa: ANN001 (the simulator's Handler)
        if self.query_latency_s and h.path not in (ORDER_PATH, "/oauth2/token"):
            self._stopping.wait(self.query_latency_s)
        super()._serve(h, raw)

    def _record(self, rec) -> None:  # called by the handler right after the body has been read
        arrived = time.perf_counter()
        with self._arrivals_lock:
            self.arrivals.append((arrived, rec.path))
            api_id = rec.headers.get("api-id", "")  # the handler lowercases header names
            self.api_ids[api_id] = self.api_ids.get(api_id, 0) + 1
        super()._record(rec)

    def take_api_ids(self) -> dict[str, int]:
        with self._arrivals_lock:
            taken, self.api_ids = self.api_ids, {}
        return taken

    def take_arrivals(self) -> list[tuple[float, str]]:
        with self._arrivals_lock:
            taken, self.arrivals = self.arrivals, []
        return taken

    # --- live events (issue 13) ------------------------------------------------------------------
    def seed_live(self, n: int, qty: int) -> list[str]:
        codes = ("005930", "000660", "035720", "005380", "105560")  # a few listed codes, as a real account has
        made: list[str] = []
        for i, code in enumerate(codes):
            made += self.seed_open_orders(n // len(codes) + (i < n % len(codes)), stk_cd=code, qty=qty)
        return made

    def start_burst(self, events_per_s: float, seconds: float) -> None:
        self._burst_result: dict = {}
        self._burst = threading.Thread(target=self._run_burst, args=(events_per_s, seconds), daemon=True)
        self._burst.start()

    def burst_done(self) -> dict:
        self._burst.join()
        return self._burst_result

    def _run_burst(self, events_per_s: float, seconds: float) -> None:
        """Paced on an absolute schedule (late events catch up): one new order in ten operations, the rest
        one-share fills of the open orders in turn; a fully filled order leaves the turn (its row leaves)."""
        book = self.book
        kinds: dict[str, int] = {}

        def count(kind: str, _values: dict) -> None:  # under the book's lock
            kinds[kind] = kinds.get(kind, 0) + 1

        turn = [o.ord_no for o in book.orders() if o.is_open]
        body = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "3", "ord_uv": "60000", "trde_tp": "0",
                "cond_uv": ""}  # fmt: skip
        target = int(events_per_s * seconds)
        placed = fills = ops = at = 0
        book.listeners.append(count)
        started = time.perf_counter()
        try:
            while sum(kinds.values()) < target:
                due = min(target, int((time.perf_counter() - started) * events_per_s) + 1)
                while sum(kinds.values()) < due:
                    ops += 1
                    if ops % 10 == 0 or not turn:
                        answer = book.place("kt10006", body)
                        if not answer.get("ord_no"):
                            raise RuntimeError(f"the book refused a new order: {answer}")
                        turn.append(answer["ord_no"])
                        placed += 1
                        continue
                    at %= len(turn)
                    book.fill(turn[at], 1)
                    fills += 1
                    order = book.get(turn[at])
                    if order is None or not order.is_open:
                        turn.pop(at)
                    else:
                        at += 1
                time.sleep(0.001)
        finally:
            book.listeners.remove(count)
        self._burst_result = {
            "events": sum(kinds.values()),
            "seconds": time.perf_counter() - started,
            "kinds": kinds,
            "placed": placed,
            "fills": fills,
        }


def main(latency_ms: float, page_size: int | None = None, query_latency_ms: float = 0.0) -> None:
    sim = TimedSimulator(page_size=page_size)
    sim.state.rate_limit_per_second = 0.0  # no limit: the benchmarks push faster than the documented one
    sim.set_latency(latency_ms / 1000)
    sim.query_latency_s = query_latency_ms / 1000
    sim.start()
    print(sim.base_url, flush=True)
    try:
        for line in sys.stdin:
            command, *args = line.split()
            if command == "arrivals":
                print(json.dumps(sim.take_arrivals()), flush=True)
            elif command == "api_ids":
                print(json.dumps(sim.take_api_ids()), flush=True)
            elif command == "seed":
                sim.seed_open_orders(int(args[0]))
                sim.seed_executions(int(args[1]))
                print("ok", flush=True)
            elif command == "inject":
                sim.inject(args[0])
                print("ok", flush=True)
            elif command == "ws":
                print(sim.ws_url, flush=True)
            elif command == "seed_live":
                print(json.dumps(sim.seed_live(int(args[0]), int(args[1]))), flush=True)
            elif command == "market":
                sim.market = args[0] == "on"
                print("ok", flush=True)
            elif command == "burst":
                sim.start_burst(float(args[0]), float(args[1]))
                print("ok", flush=True)
            elif command == "burst_done":
                print(json.dumps(sim.burst_done()), flush=True)
            elif command == "fill":
                sim.fill(args[0], int(args[1]))
                print("ok", flush=True)
    finally:
        sim.stop()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m benchmarks.host")
    parser.add_argument("latency_ms", nargs="?", type=float, default=0.0)
    parser.add_argument("--page-size", type=int, default=None, help="rows a page of the account queries")
    parser.add_argument("--query-latency-ms", type=float, default=0.0, help="added to every query's answer")
    options = parser.parse_args()
    main(options.latency_ms, options.page_size, options.query_latency_ms)
