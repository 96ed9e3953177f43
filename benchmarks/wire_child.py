"""Click-to-wire against its floor, in one process (offscreen), result as a JSON line.

python -m benchmarks.wire_child DATA_DIR ORDERS ROUNDS
"""

from __future__ import annotations

import sys
import time

from benchmarks.kit import _emit, _idle, _wait_signal, _window_with_host


def _floor_sender(data_dir: str, url: str):
    """What one order cannot do without: one fsync'd SQLite insert (WAL, synchronous=FULL, the journal's own
    schema) and one POST on a kept-alive ``http.client`` connection. Returns send() -> click time."""
    import http.client
    import json
    import sqlite3
    from pathlib import Path
    from urllib.parse import urlsplit

    from kiwoom_gui.records.journal import Journal
    from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY

    path = Path(data_dir) / "floor.sqlite3"
    Journal(path).close()  # the app's schema
    db = sqlite3.connect(str(path), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    keys = json.dumps({"grant_type": "client_credentials", "appkey": DEMO_APPKEY, "secretkey": DEMO_SECRETKEY})
    conn.request("POST", "/oauth2/token", body=keys, headers={"Content-Type": "application/json;charset=UTF-8"})
    token = json.loads(conn.getresponse().read())["token"]
    body = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0", "cond_uv": ""}
    payload = json.dumps(body).encode()
    masked = json.dumps({"api-id": "kt10006", "authorization": "Bearer ****"})
    headers = {
        "Content-Type": "application/json;charset=UTF-8",
        "authorization": f"Bearer {token}",
        "api-id": "kt10006",
        "cont-yn": "N",
        "next-key": "",
    }

    def send() -> float:
        started = time.perf_counter()
        db.execute(
            "INSERT INTO orders (created_at, env, api_id, request_body, request_headers) VALUES (?,?,?,?,?)",
            ("2026-11-24T09:00:00.000+09:00", "mock", "kt10006", payload.decode(), masked),
        )
        conn.request("POST", "/api/dostk/crdordr", body=payload, headers=headers)
        answer = json.loads(conn.getresponse().read())  # read, so the connection stays usable
        assert answer["return_code"] == 0, answer
        return started

    return send


def wire(data_dir: str, orders: int, rounds: int) -> None:
    """Click-to-wire: from the Send click to the order's arrival at the host, through the real window,
    against the floor (``_floor_sender``), round by round in this one process."""
    app, window, host = _window_with_host(data_dir)
    window.show()
    _idle(500)  # start-up's deferred work (journal, imports) is over, as before a trader's first click
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    form.set_values({"stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000"})
    floor_send = _floor_sender(data_dir, host.url)

    def click() -> float:
        if not form.send_button.isEnabled():
            raise RuntimeError("send button is off")
        started = time.perf_counter()
        form.send_button.click()
        _wait_signal(window.controller.order_done)
        return started

    for _ in range(5):  # warm-up: token issue, first connection, first journal write; not counted
        click()
        floor_send()
        _idle(20)
    host.arrivals()
    per_round = max(1, orders // rounds)

    def measure() -> tuple[list[float], list[float]]:
        """Ours and the floor, round by round (interleaved: machine noise hits both alike)."""
        ours: list[float] = []
        floor: list[float] = []
        for _ in range(rounds):
            for sender, times in ((click, ours), (floor_send, floor)):
                clicked = []
                for _ in range(per_round):
                    clicked.append(sender())
                    _idle(20)  # an idle window between orders: the repaint after an answer is done
                arrived = host.arrivals()
                if len(arrived) != len(clicked):
                    raise RuntimeError(f"{len(clicked)} orders sent, {len(arrived)} arrived")
                times.extend((a - c) * 1000 for c, a in zip(clicked, arrived, strict=True))
        return ours, floor

    ours, floor = measure()
    # the window keeps 5,000 rows in its log (a long day, or a history): a click must not pay for reading them
    model = window.log.model
    last = model.rows()[-1]
    from dataclasses import replace

    model.extend([replace(last, request_id=None) for _ in range(max(0, 5000 - model.rowCount()))])
    _idle(200)
    rows = model.rowCount()
    ours_full, floor_full = measure()
    _emit({"ours_ms": ours, "floor_ms": floor, "full_ours_ms": ours_full, "full_floor_ms": floor_full,
           "log_rows": rows})  # fmt: skip
    window.close()
    host.close()



if __name__ == "__main__":
    wire(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
