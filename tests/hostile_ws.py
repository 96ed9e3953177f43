"""A hostile Kiwoom WebSocket host on 127.0.0.1 for the attack tests (websockets' sync server, real frames).

It answers LOGIN and REG like the host (or as told), records what came, and lets a test push any text to
every logged-in session: REAL frames with events the test builds, SYSTEM frames, bursts.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping

from websockets.sync.server import ServerConnection, serve

from kiwoom_gui.live import frames


def order_values(ord_no: str, **fields: str) -> dict[str, str]:
    """00 values of a new buy order's event, any FID overridden by ``fields`` (FID → text, keys as 'f913')."""
    values = {
        "9201": "1234567890",
        "9203": ord_no,
        "9001": "005930",
        "302": "삼성전자",
        "913": "접수",
        "900": "10",
        "901": "60000",
        "902": "10",
        "903": "0",
        "904": "0000000",
        "905": "+매수",
        "906": "보통",
        "907": "2",
        "908": "090000",
        "909": "",
        "910": "",
        "911": "",
        "919": "0",
        "922": "03",
        "923": "00000000",
        "2134": "1",
        "2135": "KRX",
        "2136": "N",
    }
    values.update({k.removeprefix("f"): v for k, v in fields.items()})
    return values


def real(*values: Mapping[str, str], kind: str = "00") -> str:
    name = "주문체결" if kind == "00" else "잔고"
    return frames.real_frame((kind, name, v.get("9001", ""), v) for v in values)


class HostileWS:
    """``login_ack``: the text sent for LOGIN (None: a normal ack); ``on_login``: called with the session
    after the REG ack (a scenario's first pushes)."""

    def __init__(
        self,
        login_ack: str | None = None,
        on_login: Callable[[ServerConnection], None] | None = None,
    ) -> None:
        self.login_ack = login_ack
        self.on_login = on_login
        self.received: list[str] = []
        self.sessions: list[ServerConnection] = []
        self.logged_in = threading.Event()
        self._lock = threading.Lock()
        quiet = logging.getLogger("hostile_ws")
        quiet.setLevel(logging.CRITICAL)
        self._server = serve(self._handle, "127.0.0.1", 0, logger=quiet, compression=None, max_size=None)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        port = self._server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/api/dostk/websocket"

    def start(self) -> HostileWS:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._lock:
            sessions = list(self.sessions)
        for conn in sessions:
            try:
                conn.close()
            except Exception:
                pass
        self._server.shutdown()
        self._thread.join(5)

    def push(self, text: str) -> None:
        with self._lock:
            sessions = list(self.sessions)
        for conn in sessions:
            conn.send(text)

    def _handle(self, conn: ServerConnection) -> None:
        try:
            for text in conn:
                self.received.append(text if isinstance(text, str) else "")
                frame = frames.read_frame(text)
                if frame is None:
                    continue
                if frame.trnm == frames.LOGIN:
                    conn.send(self.login_ack if self.login_ack is not None else frames.ack_frame(frames.LOGIN))
                elif frame.trnm == frames.REG:
                    conn.send(frames.ack_frame(frames.REG))
                    with self._lock:
                        first = conn not in self.sessions  # a later REG (0s/1h, a stock) is not a new login
                        if first:
                            self.sessions.append(conn)
                    self.logged_in.set()
                    if first and self.on_login is not None:
                        self.on_login(conn)
        except Exception:
            pass
        finally:
            with self._lock:
                if conn in self.sessions:
                    self.sessions.remove(conn)


def login_token(received: list[str]) -> str:
    """The token of the first LOGIN frame received."""
    for text in received:
        try:
            body = json.loads(text)
        except ValueError:
            continue
        if isinstance(body, dict) and body.get("trnm") == "LOGIN":
            return str(body.get("token"))
    raise AssertionError("no LOGIN received")
