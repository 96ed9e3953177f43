"""The simulator's WebSocket endpoint (/api/dostk/websocket): LOGIN, PING, REG / REMOVE, 00/04 pushes and the
streamed market's (0B, 0C, 0D, 0H, 0g, 1h, 0s per registered item: market/stream.py), like Kiwoom's.

Runs ``websockets.sync.server`` on its own 127.0.0.1 port, one thread per session. A session must LOGIN
with a token the simulator issued (else return_code 1 with an 8005 message, then closed); the server
sends PING every ``ping_s`` and closes with SYSTEM R10002 after ``MISSED_PINGS`` unanswered; one session
per app key (a second LOGIN throws the first out with SYSTEM R10001). Book changes arrive through
:attr:`OrderBook.listeners` and are pushed, in order, to every logged-in session registered for their type;
quotes arrive from the stream and go to the sessions registered for their (item, type) (live/registrations.py).

Faults (:meth:`LiveServer.fault`): ``drop`` (every connection cut, no close frame), ``no_pong`` (echoes
of the current sessions count as missing: R10002 follows), ``silent`` (the current sessions send
nothing more, not even PING: only the client's idle timeout can notice), ``r10001`` (the current
sessions are told another one took over, then closed).
"""

from __future__ import annotations

import itertools
import queue
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...live import frames
from .registrations import Registrations, union_codes

if TYPE_CHECKING:
    import ssl

    from websockets.sync.server import Server, ServerConnection

    from ..account.book import OrderBook
    from ..market.stream import Entry, MarketStream

WS_PATH = "/api/dostk/websocket"
LIVE_FAULTS = ("drop", "no_pong", "silent", "r10001")
MISSED_PINGS = 5  # Kiwoom support: "5회 누락 기준" (kiwoom-account-facts.md §6)
_NAMES = {"00": "주문체결", "04": "현물잔고"}
_SYSTEM = {
    "R10001": "동일한 App key로 접속이 되었습니다. 기존 세션은 종료가 됩니다",
    "R10002": "PING 응답이 없어 접속을 종료합니다",
    "R10004": "접속허용요청(토큰)이 들어오지 않았습니다",
}
_LOGIN_FAILED = "토큰 인증에 실패했습니다[8005:Token이 유효하지 않습니다] (CODE=8005)"


@dataclass(frozen=True)
class LiveRecorded:
    """One frame as a client sent it (tests check the token is only in LOGIN and echoes are exact)."""

    session: int
    text: str | bytes
    at: float = field(default_factory=time.monotonic)


@dataclass
class LiveCounters:
    connections: int = 0
    logins: int = 0
    logins_refused: int = 0
    regs: int = 0
    pings_sent: int = 0
    pings_answered: int = 0
    pushed: int = 0  # REAL frames sent


@dataclass
class _Session:
    id: int
    conn: ServerConnection
    appkey: str | None = None
    regs: Registrations = field(default_factory=Registrations)
    outbox: queue.SimpleQueue = field(default_factory=queue.SimpleQueue)
    missed: int = 0
    no_pong: bool = False
    silent: bool = False
    closed: bool = False


@dataclass(frozen=True)
class LiveSession:
    """What a test may see of a session (never its token or app key)."""

    id: int
    logged_in: bool
    types: tuple[str, ...]


class LiveServer:
    def __init__(
        self,
        tokens: Callable[[str], str | None],
        book: OrderBook,
        account_no: str,
        *,
        ping_s: float = 10.0,
        ssl_context: ssl.SSLContext | None = None,
        login_wait_s: float = 10.0,
        record_limit: int = 10_000,
        port: int = 0,
        stream: MarketStream | None = None,
    ) -> None:
        """``tokens``: token → its app key while it is valid (else None); ``port``: 0 = a free one;
        ``stream``: the market whose quotes registered items receive."""
        import collections

        self._tokens = tokens
        self._port = port
        self._book = book
        self._account_no = account_no
        self.ping_s = ping_s
        self.login_wait_s = login_wait_s
        self._ssl = ssl_context
        self._lock = threading.Lock()
        self._sessions: dict[int, _Session] = {}
        self._ids = itertools.count(1)
        self.counters = LiveCounters()
        self._recorded: collections.deque[LiveRecorded] = collections.deque(maxlen=record_limit)
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        book.listeners.append(self._on_book)
        self._stream = stream
        if stream is not None:
            stream.emit = self._on_quotes
            stream.wants = self._wants

    # --- lifecycle -------------------------------------------------------------------------------
    def start(self) -> LiveServer:
        from websockets.sync.server import serve

        self._server = serve(
            self._handle,
            "127.0.0.1",
            self._port,
            ssl=self._ssl,
            ping_interval=None,  # Kiwoom pings in frames of its own (below)
            compression=None,
            process_request=self._check_path,
            server_header=None,
            close_timeout=1,
            logger=_quiet_logger(),
        )
        self._thread = threading.Thread(target=self._server.serve_forever, name="simulator-live", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._book.listeners and self._on_book in self._book.listeners:
            self._book.listeners.remove(self._on_book)
        if self._server is not None:
            self._server.shutdown()
            self.fault("drop")
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("the live server is not started")
        return self._server.socket.getsockname()[1]

    @property
    def url(self) -> str:
        return f"{'wss' if self._ssl else 'ws'}://127.0.0.1:{self.port}{WS_PATH}"

    # --- test controls --------------------------------------------------------------------------
    def fault(self, kind: str) -> None:
        """Apply ``kind`` (one of LIVE_FAULTS) to the sessions open now; later sessions are healthy."""
        if kind not in LIVE_FAULTS:
            raise ValueError(f"unknown live fault {kind!r}; choose from {LIVE_FAULTS}")
        with self._lock:
            sessions = list(self._sessions.values())
        for s in sessions:
            if kind == "drop":
                _cut(s.conn)
            elif kind == "no_pong":
                s.no_pong = True
            elif kind == "silent":
                s.silent = True
            else:
                s.outbox.put(("r10001", None))

    def sessions(self) -> list[LiveSession]:
        with self._lock:
            return [
                LiveSession(s.id, s.appkey is not None, tuple(sorted(s.regs.types))) for s in self._sessions.values()
            ]

    @property
    def recorded(self) -> list[LiveRecorded]:
        with self._lock:
            return list(self._recorded)

    # --- the book's events ------------------------------------------------------------------------
    def _on_book(self, kind: str, values: dict[str, str]) -> None:
        """Under the book's lock: queued per session in order; each session's thread sends its own."""
        text = frames.real_frame([(kind, _NAMES[kind], values["9001"], {**values, "9201": self._account_no})])
        with self._lock:
            for s in self._sessions.values():
                if s.appkey is not None and s.regs.wants(kind, ""):
                    s.outbox.put(("real", text))

    # --- the stream's quotes ----------------------------------------------------------------------
    def _wants(self, kind: str, item: str) -> bool:
        with self._lock:
            return any(s.appkey is not None and s.regs.wants(kind, item) for s in self._sessions.values())

    def _on_quotes(self, entries: list[Entry]) -> None:
        """Under the stream's lock, in event order: one REAL frame per entry to each session registered for it."""
        with self._lock:
            for kind, item, values in entries:
                text = None
                for s in self._sessions.values():
                    if s.appkey is not None and s.regs.wants(kind, item):
                        text = text or frames.real_frame([(kind, _type_name(kind), item, values)])
                        s.outbox.put(("real", text))

    def _watch(self) -> None:
        """Tell the stream which stocks are registered now (outside this lock: the stream calls back in)."""
        if self._stream is not None:
            with self._lock:
                codes = union_codes(s.regs for s in self._sessions.values() if s.appkey is not None)
            self._stream.watch(codes)

    # --- one session ------------------------------------------------------------------------------
    def _check_path(self, conn: ServerConnection, request: object) -> object:
        path = getattr(request, "path", "")
        if path.split("?", 1)[0] != WS_PATH:
            return conn.respond(404, f"알 수 없는 경로입니다: {path}\n")
        return None

    def _handle(self, conn: ServerConnection) -> None:
        s = _Session(next(self._ids), conn)
        with self._lock:
            self._sessions[s.id] = s
            self.counters.connections += 1
        try:
            self._serve(s)
        except Exception:  # a client gone mid-send: the session just ends
            pass
        finally:
            with self._lock:
                self._sessions.pop(s.id, None)
            s.closed = True
            self._watch()  # registrations do not outlive their connection

    def _serve(self, s: _Session) -> None:
        from websockets.exceptions import ConnectionClosed

        conn = s.conn
        login_by = time.monotonic() + self.login_wait_s
        next_ping = time.monotonic() + self.ping_s
        while not self._stopping.is_set():
            if self._drain(s):
                return
            now = time.monotonic()
            if s.silent:  # no frames, no pings: only the client's idle timeout can notice
                try:
                    conn.recv(timeout=0.05)
                except TimeoutError:
                    continue
                except ConnectionClosed:
                    return
                continue
            if s.appkey is None and now >= login_by:
                conn.send(frames.system_frame("R10004", _SYSTEM["R10004"]))
                conn.close()
                return
            if s.appkey is not None and now >= next_ping:
                if s.missed >= MISSED_PINGS:
                    conn.send(frames.system_frame("R10002", _SYSTEM["R10002"]))
                    conn.close()
                    return
                conn.send(frames.PING_TEXT)
                s.missed += 1
                with self._lock:
                    self.counters.pings_sent += 1
                next_ping = now + self.ping_s
            try:
                wake = 0.005 if s.regs.streaming else 0.05  # quotes queued by the stream go out soon
                text = conn.recv(timeout=min(wake, max(next_ping - now, 0.001)))
            except TimeoutError:
                continue
            except ConnectionClosed:
                return
            with self._lock:
                self._recorded.append(LiveRecorded(s.id, text))
            if self._receive(s, text):
                return

    def _drain(self, s: _Session) -> bool:
        """Send what the book queued for this session; True when the session is over."""
        while True:
            try:
                kind, text = s.outbox.get_nowait()
            except queue.Empty:
                return False
            if kind == "r10001":
                s.conn.send(frames.system_frame("R10001", _SYSTEM["R10001"]))
                s.conn.close()
                return True
            if not s.silent:
                s.conn.send(text)
                with self._lock:
                    self.counters.pushed += 1

    def _receive(self, s: _Session, text: str | bytes) -> bool:
        frame = frames.read_frame(text)
        if frame is None:
            return False
        if frame.trnm == frames.PING:
            if text == frames.PING_TEXT and not s.no_pong:
                s.missed = 0
                with self._lock:
                    self.counters.pings_answered += 1
            return False
        if frame.trnm == frames.LOGIN:
            return self._login(s, frame)
        if s.appkey is None:
            return False  # nothing before LOGIN counts
        if frame.trnm == frames.REG:
            with self._lock:
                had_session = s.regs.wants("0s", "")
                s.regs.reg(frame.body)
                self.counters.regs += 1
            s.conn.send(frames.ack_frame(frames.REG))
            self._watch()
            if self._stream is not None and not had_session and s.regs.wants("0s", ""):
                for kind, item, values in self._stream.session_now():  # as it stands (the simulator's choice)
                    s.outbox.put(("real", frames.real_frame([(kind, _type_name(kind), item, values)])))
        elif frame.trnm == frames.REMOVE:
            with self._lock:
                s.regs.remove(frame.body)
            s.conn.send(frames.ack_frame(frames.REMOVE))
            self._watch()
        return False

    def _login(self, s: _Session, frame: frames.Frame) -> bool:
        token = frame.body.get("token")
        appkey = self._tokens(token) if isinstance(token, str) and token else None
        if appkey is None:
            with self._lock:
                self.counters.logins_refused += 1
            s.conn.send(frames.ack_frame(frames.LOGIN, 1, _LOGIN_FAILED))
            s.conn.close()
            return True
        with self._lock:
            others = [o for o in self._sessions.values() if o is not s and o.appkey == appkey]
            for other in others:  # no more events for it from now on
                other.appkey = None
            s.appkey = appkey
            self.counters.logins += 1
        for other in others:  # one session per app key: the newest wins
            other.outbox.put(("r10001", None))
        s.conn.send(frames.ack_frame(frames.LOGIN, 0, ""))
        return False


def _type_name(kind: str) -> str:
    from ..market.quote_values import type_name

    return _NAMES.get(kind) or type_name(kind)


def _cut(conn: ServerConnection) -> None:
    """Drop the connection without a close frame, as a network failure would."""
    try:
        conn.socket.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _quiet_logger() -> object:
    import logging

    logger = logging.getLogger("kiwoom_gui.simulator.live")
    logger.setLevel(logging.WARNING)  # frames (tokens among them) are never logged
    return logger
