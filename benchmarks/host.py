"""The simulator in its own process, noting when each request has arrived: ``python -m benchmarks.host LATENCY_MS``.

Prints its base URL on the first line. Reads commands on stdin, one a line:

- ``arrivals``: prints a JSON list of ``[seconds, path]`` for every request since the last call, then forgets them.

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


def main(latency_ms: float) -> None:
    sim = TimedSimulator()
    sim.state.rate_limit_per_second = 0.0  # no limit: the benchmarks push faster than the documented one
    sim.set_latency(latency_ms / 1000)
    sim.start()
    print(sim.base_url, flush=True)
    try:
        for line in sys.stdin:
            if line.strip() == "arrivals":
                print(json.dumps(sim.take_arrivals()), flush=True)
    finally:
        sim.stop()


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 0.0)
