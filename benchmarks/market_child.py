"""The market beside the ticket under a flood (issue 20), through the real window in one offscreen process; the
simulator (token, account) and the flood host (``benchmarks.market_flood``) each in a process of their own.

python -m benchmarks.market_child DATA_DIR IDLE_S BOOK_RATE TRADE_RATE SECONDS
"""

from __future__ import annotations

import gc
import subprocess
import sys
import time

from benchmarks.kit import Host, _emit, _gaps, _idle, _probe
from benchmarks.live_child import _demo_window, _wait


def run(data_dir: str, idle_s: float, book_rate: float, trade_rate: float, seconds: float) -> None:
    from PySide6.QtCore import QEvent, QObject

    from benchmarks.common import child_command, rss_mb

    command, env = child_command("market_flood", str(idle_s + 2), str(book_rate), str(trade_rate), str(seconds))
    flood = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        ws_url = flood.stdout.readline().strip() if flood.stdout else ""
        host = Host(0.0)
        app, window = _demo_window(data_dir, host, "--ws-url", ws_url)
        window.resize(1400, 1300)  # the whole ladder on screen (its rows are what is measured)
        window.show()
        window.ticket_column.setSizes([620, 680])
        _wait(lambda: window.live.state == "connected", "the live connection")
        panel = window.market
        feed = window.live.bridge.market
        painted: list[float] = []  # arrival → the ladder's next paint after its book was put on the model
        waiting: list[float] = []

        class Paints(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
                if event.type() == QEvent.Type.Paint and waiting:
                    now = time.monotonic()
                    painted.extend((now - arrived) * 1000 for arrived in waiting)
                    waiting.clear()
                return False

        watcher = Paints()
        panel.view.viewport().installEventFilter(watcher)
        feed.book.connect(lambda update: waiting.append(update.received) if update.item == panel.item else None)
        window.forms["kt10006"].set_values({"stk_cd": "005930"})
        _wait(lambda: panel.item == "005930", "the stock to settle")
        gc.collect()
        probe, ticks = _probe()
        probe.start()
        _idle(int(idle_s * 1000))  # registered, before the flood: this run's baseline
        probe.stop()
        idle_gaps = _gaps(ticks)
        _wait(lambda: feed.updates_shown > 0, "the flood", 30)
        rss_before = rss_mb()
        shown_before = panel.books_shown
        probe, ticks = _probe()
        probe.start()
        _idle(int(seconds * 1000))
        probe.stop()
        load_gaps = _gaps(ticks)
        rss_after = rss_mb()
        _emit({"idle_gaps_ms": idle_gaps, "load_gaps_ms": load_gaps, "paint_ms": painted or [float("nan")],
               "books_shown": panel.books_shown - shown_before, "bad": feed.bad_frames,
               "rss_before_mb": rss_before, "rss_after_mb": rss_after})
        window.close()
        host.close()
    finally:
        flood.kill()
        flood.wait()


if __name__ == "__main__":
    run(sys.argv[1], *(float(a) for a in sys.argv[2:6]))
