"""The simulator in its own process, noting when each request has arrived:
``python -m benchmarks.host LATENCY_MS [--page-size N]``.

Prints its base URL on the first line. Reads commands on stdin, one a line:

- ``arrivals``: prints a JSON list of ``[seconds, path]`` for every request since the last call, then forgets them.
- ``seed OPEN_ORDERS EXECUTIONS``: that many resting credit orders and filled credit buys, placed now
  (ka10075 and kt00007 rows; the benchmarks' account book); prints ``ok``.
- ``inject KIND``: the next order meets fault KIND (e.g. ``answer_lost``); prints ``ok``.

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


class TimedSimulator(KiwoomSimulator):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.arrivals: list[tuple[float, str]] = []
        self._arrivals_lock = threading.Lock()

    def _record(self, rec) -> None:  # called by the handler right after the body has been read
        arrived = time.perf_counter()
        with self._arrivals_lock:
            self.arrivals.append((arrived, rec.path))
        super()._record(rec)

    def take_arrivals(self) -> list[tuple[float, str]]:
        with self._arrivals_lock:
            taken, self.arrivals = self.arrivals, []
        return taken


def main(latency_ms: float, page_size: int | None = None) -> None:
    sim = TimedSimulator(page_size=page_size)
    sim.state.rate_limit_per_second = 0.0  # no limit: the benchmarks push faster than the documented one
    sim.set_latency(latency_ms / 1000)
    sim.start()
    print(sim.base_url, flush=True)
    try:
        for line in sys.stdin:
            command, *args = line.split()
            if command == "arrivals":
                print(json.dumps(sim.take_arrivals()), flush=True)
            elif command == "seed":
                sim.seed_open_orders(int(args[0]))
                sim.seed_executions(int(args[1]))
                print("ok", flush=True)
            elif command == "inject":
                sim.inject(args[0])
                print("ok", flush=True)
    finally:
        sim.stop()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m benchmarks.host")
    parser.add_argument("latency_ms", nargs="?", type=float, default=0.0)
    parser.add_argument("--page-size", type=int, default=None, help="rows a page of the account queries")
    options = parser.parse_args()
    main(options.latency_ms, options.page_size)
