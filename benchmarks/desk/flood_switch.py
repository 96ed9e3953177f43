"""A market flood host with a switch, in its own process (issue 20): a Kiwoom-like WebSocket on 127.0.0.1 that answers
LOGIN and REG and, while switched on, sends 0D at BOOK_RATE/s and 0B at TRADE_RATE/s for the item the market's REG
named (the books of ``benchmarks.market_flood``: on the tick grid, a random walk). Prints its URL first, then reads
stdin: ``on`` / ``off`` switch the flood (each answered ``ok``); ``sent`` prints the frames sent so far.

python -m benchmarks.desk.flood_switch BOOK_RATE TRADE_RATE
"""

from __future__ import annotations

import logging
import random
import sys
import threading
import time

from websockets.sync.server import serve

from benchmarks.market_flood import _book
from kiwoom_gui.live import frames


def main(book_rate: float, trade_rate: float) -> None:
    quiet = logging.getLogger("flood_switch")
    quiet.setLevel(logging.CRITICAL)
    flooding = threading.Event()
    sent = [0]

    def handle(conn) -> None:
        started = False
        for text in conn:
            frame = frames.read_frame(text)
            if frame is None:
                continue
            if frame.trnm == frames.LOGIN:
                conn.send(frames.ack_frame(frames.LOGIN))
            elif frame.trnm in (frames.REG, frames.REMOVE):
                conn.send(frames.ack_frame(frame.trnm))
                items = (frame.body.get("data") or [{}])[0].get("item") or [""]
                if frame.trnm == frames.REG and frame.body.get("grp_no") == "2" and not started:
                    started = True
                    threading.Thread(target=flood, args=(conn, items[0]), daemon=True).start()
            elif frame.trnm == frames.PING:
                conn.send(text)

    def flood(conn, item: str) -> None:
        """Paced on an absolute schedule while switched on (a new schedule at each switch-on)."""
        rng = random.Random(20)
        mid, total = 71000, book_rate + trade_rate
        while True:
            flooding.wait()
            t0, n = time.perf_counter(), 0
            while flooding.is_set():
                n += 1
                if (n * trade_rate) // total != ((n - 1) * trade_rate) // total:  # trades spread among the books
                    mid += 100 * rng.choice((-1, 0, 1))
                    values = {"20": time.strftime("%H%M%S"), "10": f"+{mid}", "11": "+500", "12": "+0.71",
                              "13": str(1000 + n), "25": "2"}  # fmt: skip
                    conn.send(frames.real_frame([("0B", "주식체결", item, values)]))
                else:
                    conn.send(frames.real_frame([("0D", "주식호가잔량", item, _book(mid, rng))]))
                sent[0] += 1
                wait = t0 + n / total - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)

    with serve(handle, "127.0.0.1", 0, logger=quiet, compression=None) as server:
        port = server.socket.getsockname()[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"ws://127.0.0.1:{port}/api/dostk/websocket", flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "on":
                flooding.set()
            elif command == "off":
                flooding.clear()
            print(sent[0] if command == "sent" else "ok", flush=True)
        server.shutdown()


if __name__ == "__main__":
    main(float(sys.argv[1]), float(sys.argv[2]))
