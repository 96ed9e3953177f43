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


def book_values(asks: list[tuple[int, int]], bids: list[tuple[int, int]], time: str = "140322",
                **fields: str) -> dict[str, str]:
    """0D values: up to ten (price, size) asks and bids, best first (prices with their direction marks)."""
    values = {"21": time, "121": str(sum(s for _, s in asks)), "125": str(sum(s for _, s in bids)), "23": "0"}
    for i in range(10):
        ask = asks[i] if i < len(asks) else (0, 0)
        bid = bids[i] if i < len(bids) else (0, 0)
        values[str(41 + i)], values[str(61 + i)] = (f"+{ask[0]}" if ask[0] else "0"), str(ask[1])
        values[str(51 + i)], values[str(71 + i)] = (f"-{bid[0]}" if bid[0] else "0"), str(bid[1])
    values.update({k.removeprefix("f"): v for k, v in fields.items()})
    return values


def trade_values(price: int, change: int, time: str = "140322", volume: int = 1234567) -> dict[str, str]:
    """0B values of one trade."""
    mark = "+" if change > 0 else "-" if change < 0 else ""
    sign = "2" if change > 0 else "5" if change < 0 else "3"
    return {"20": time, "10": f"{mark}{price}", "11": f"{mark}{abs(change)}", "12": f"{mark}0.71",
            "13": str(volume), "25": sign, "15": "+10"}


def market(kind: str, item: str, values: Mapping[str, str]) -> str:
    names = {"0B": "주식체결", "0D": "주식호가잔량", "0H": "주식예상체결", "0g": "주식종목정보", "1h": "VI발동/해제"}
    return frames.real_frame([(kind, names.get(kind, kind), item, values)])


def sent(received: list[str], trnm: str) -> list[dict]:
    """The frames of ``trnm`` (REG, REMOVE) the client sent, as JSON."""
    found = []
    for text in received:
        try:
            body = json.loads(text)
        except ValueError:
            continue
        if isinstance(body, dict) and body.get("trnm") == trnm:
            found.append(body)
    return found


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
                elif frame.trnm == frames.REMOVE:
                    conn.send(frames.ack_frame(frames.REMOVE))
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
