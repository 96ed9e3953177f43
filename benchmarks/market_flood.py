"""A market flood host in its own process (issue 20): a Kiwoom-like WebSocket on 127.0.0.1 that answers LOGIN and
REG, and once the market's REG names an item, waits IDLE_S and then sends 0D at BOOK_RATE/s and 0B at TRADE_RATE/s
for that item for SECONDS (books on the tick grid, a random walk). Prints its URL first.

python -m benchmarks.market_flood IDLE_S BOOK_RATE TRADE_RATE SECONDS
"""

from __future__ import annotations

import json
import logging
import random
import sys
import threading
import time

from websockets.sync.server import serve

from kiwoom_gui.live import frames


def _book(mid: int, rng: random.Random) -> dict[str, str]:
    values = {"21": time.strftime("%H%M%S"), "23": "0"}
    for i in range(10):
        values[str(41 + i)], values[str(61 + i)] = f"+{mid + 100 * (i + 1)}", str(rng.randint(1, 5000))
        values[str(51 + i)], values[str(71 + i)] = f"-{mid - 100 * i}", str(rng.randint(1, 5000))
    values["121"] = str(sum(int(values[str(61 + i)]) for i in range(10)))
    values["125"] = str(sum(int(values[str(71 + i)]) for i in range(10)))
    return values


def main(idle_s: float, book_rate: float, trade_rate: float, seconds: float) -> None:
    quiet = logging.getLogger("market_flood")
    quiet.setLevel(logging.CRITICAL)

    def handle(conn) -> None:
        started = threading.Event()
        for text in conn:
            frame = frames.read_frame(text)
            if frame is None:
                continue
            if frame.trnm == frames.LOGIN:
                conn.send(frames.ack_frame(frames.LOGIN))
            elif frame.trnm in (frames.REG, frames.REMOVE):
                conn.send(frames.ack_frame(frame.trnm))
                data = frame.body.get("data") or [{}]
                items = data[0].get("item") or [""]
                if frame.trnm == frames.REG and frame.body.get("grp_no") == "2" and not started.is_set():
                    started.set()
                    threading.Thread(target=flood, args=(conn, items[0]), daemon=True).start()
            elif frame.trnm == frames.PING:
                conn.send(text)

    def flood(conn, item: str) -> None:
        rng = random.Random(20)
        time.sleep(idle_s)
        mid, t0 = 71000, time.perf_counter()
        step = 1.0 / (book_rate + trade_rate)
        n, sent = 0, 0
        while time.perf_counter() - t0 < seconds:
            n += 1
            total = book_rate + trade_rate
            is_trade = (n * trade_rate) // total != ((n - 1) * trade_rate) // total  # spread evenly among books
            if is_trade:
                mid += 100 * rng.choice((-1, 0, 1))
                values = {"20": time.strftime("%H%M%S"), "10": f"+{mid}", "11": "+500", "12": "+0.71",
                          "13": str(1000 + n), "25": "2"}
                conn.send(frames.real_frame([("0B", "주식체결", item, values)]))
            else:
                conn.send(frames.real_frame([("0D", "주식호가잔량", item, _book(mid, rng))]))
            sent += 1
            wait = t0 + n * step - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
        conn.send(json.dumps({"trnm": "FLOOD_DONE", "sent": sent}))

    with serve(handle, "127.0.0.1", 0, logger=quiet, compression=None) as server:
        port = server.socket.getsockname()[1]
        print(f"ws://127.0.0.1:{port}/api/dostk/websocket", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main(*(float(a) for a in sys.argv[1:5]))
