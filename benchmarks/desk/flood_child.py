"""The market beside the ticket under a flood (issue 20), through the real window in one offscreen process; the
simulator (token, account, orders: ``benchmarks.host``) and the switchable flood host (``benchmarks.desk.flood_switch``)
each in a process of their own. Result as a JSON line.

python -m benchmarks.desk.flood_child wire DATA_DIR BOOK_RATE TRADE_RATE CLICKS
python -m benchmarks.desk.flood_child memory DATA_DIR BOOK_RATE TRADE_RATE SECONDS
"""

from __future__ import annotations

import gc
import subprocess
import sys
import time

from benchmarks.kit import Host, _accepted_click, _emit, _idle, _Queries
from benchmarks.live_child import _demo_window, _wait


class _Flood:
    """The flood host's process and its switch."""

    def __init__(self, book_rate: float, trade_rate: float) -> None:
        from benchmarks.common import child_command

        command, env = child_command("desk.flood_switch", str(book_rate), str(trade_rate))
        self.process = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.url = self.process.stdout.readline().strip() if self.process.stdout else ""
        if not self.url.startswith("ws://127.0.0.1:"):
            raise RuntimeError(f"the flood host did not start: {self.url!r}")

    def command(self, line: str) -> str:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _flood_window(data_dir: str, flood: _Flood):
    host = Host(0.0)
    app, window = _demo_window(data_dir, host, "--ws-url", flood.url)
    window.resize(1400, 1300)  # the whole ladder on screen, painted as the flood changes it
    queries = _Queries(window)
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    window.show()
    window.ticket_column.setSizes([620, 680])
    _wait(lambda: window.live.state == "connected", "the live connection")
    _wait(lambda: all(v.fetched_at is not None for v in window.account.views.values()), "the account at start", 60)
    form.set_values({"stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000"})
    _wait(lambda: window.market.item == "005930", "the stock to settle")
    _idle(400)
    queries.wait_quiet()
    return app, window, host, queries, form


def _switch(window, flood: _Flood, on: bool) -> None:
    """Switch the flood and let the window reach its steady state (frames arriving and painted, or drained)."""
    feed = window.live.bridge.market
    shown = feed.updates_shown
    if flood.command("on" if on else "off") != "ok":
        raise RuntimeError("the flood host did not switch")
    if on:
        _wait(lambda: feed.updates_shown > shown, "the flood to reach the window", 30)
    _idle(300)


def wire(data_dir: str, book_rate: float, trade_rate: float, clicks: int) -> None:
    """Click-to-wire with 0D at BOOK_RATE/s and 0B at TRADE_RATE/s flooding the form's stock against the same with the
    flood off, click by click in turn (each click's answer and the account refresh after it run in the same state)."""
    flood = _Flood(book_rate, trade_rate)
    try:
        app, window, host, queries, form = _flood_window(data_dir, flood)
        feed = window.live.bridge.market

        def click() -> float:
            queries.wait_quiet()
            _idle(30)
            started = _accepted_click(window, form)
            queries.wait_quiet()
            return started

        for _ in range(2):  # warm-up: token, first connection, first journal write; not counted
            click()
        host.arrivals()
        times: dict[str, list[float]] = {"flood": [], "idle": []}
        shown_before = feed.updates_shown
        for i in range(2 * clicks):
            flooding = i % 2 == 0
            _switch(window, flood, flooding)
            started = click()
            orders = host.arrivals()
            if len(orders) != 1:
                raise RuntimeError(f"one order sent, {len(orders)} arrived")
            times["flood" if flooding else "idle"].append((orders[0] - started) * 1000)
        _switch(window, flood, False)
        _emit({**{f"{k}_ms": v for k, v in times.items()}, "books_shown": feed.updates_shown - shown_before,
               "sent": int(flood.command("sent")), "bad": feed.bad_frames})  # fmt: skip
        window.close()
        host.close()
    finally:
        flood.close()


def memory(data_dir: str, book_rate: float, trade_rate: float, seconds: float) -> None:
    """The window's resident memory over SECONDS of the flood, sampled every second (no collection forced during
    it): at the start, at the end, and the least-squares slope per minute."""
    from benchmarks.common import rss_mb

    flood = _Flood(book_rate, trade_rate)
    try:
        app, window, host, queries, form = _flood_window(data_dir, flood)
        feed = window.live.bridge.market
        _switch(window, flood, True)  # the first frames: the ladder's rows and caches made once
        _switch(window, flood, False)
        gc.collect()
        _idle(500)
        samples: list[tuple[float, float]] = []
        shown_before = feed.updates_shown
        started = time.perf_counter()
        rss_start = rss_mb()
        _switch(window, flood, True)
        while time.perf_counter() - started < seconds:
            _idle(1000)
            samples.append((time.perf_counter() - started, rss_mb()))
        _switch(window, flood, False)
        gc.collect()
        _emit({"rss_start_mb": rss_start, "samples": samples, "rss_after_gc_mb": rss_mb(),
               "books_shown": feed.updates_shown - shown_before, "sent": int(flood.command("sent")),
               "bad": feed.bad_frames, "seconds": time.perf_counter() - started})  # fmt: skip
        window.close()
        host.close()
    finally:
        flood.close()


if __name__ == "__main__":
    mode, data_dir, *numbers = sys.argv[1:]
    rates = float(numbers[0]), float(numbers[1])
    if mode == "wire":
        wire(data_dir, *rates, int(numbers[2]))
    elif mode == "memory":
        memory(data_dir, *rates, float(numbers[2]))
    else:
        raise SystemExit(__doc__)
