"""A recording HTTP/1.1 host on 127.0.0.1 whose answers are scripted byte by byte.

The simulator behaves; this host does not: it redirects, drips, answers twice, sends half a surrogate
or a megabyte. Each request is answered by ``script(request)``, which returns steps: ``bytes`` are
written, a ``float`` sleeps that many seconds (woken at stop), ``CLOSE`` closes the connection.
"""

from __future__ import annotations

import email.utils
import json
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

CLOSE = object()
TOKEN = "hostile-token-" + "x" * 40


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    port: int  # the client's port: one port for many requests = one kept-alive connection

    def json(self) -> object:
        return json.loads(self.body.decode("utf-8"))


def reply(status: int = 200, body: object = b"", headers: dict[str, str] | None = None, reason: str = "X") -> bytes:
    """One complete HTTP/1.1 answer; a dict body is sent as JSON (``ensure_ascii`` keeps lone surrogates)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    head = [f"HTTP/1.1 {status} {reason}", "Content-Type: application/json;charset=UTF-8"]
    headers = dict(headers or {})
    if not any(k.lower() == "date" for k in headers):  # a host with a clock sends one (RFC 9110 §6.6.1)
        headers["Date"] = http_date()
    head += [f"{k}: {v}" for k, v in headers.items() if v is not None]  # Date None: no Date header
    head.append(f"Content-Length: {len(data)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + data


def http_date(ahead_s: float = 0.0) -> str:
    """An HTTP Date header for now (+ ``ahead_s``: a host whose clock runs ahead or, negative, behind)."""
    return email.utils.formatdate(time.time() + ahead_s, usegmt=True)


def token_answer() -> bytes:
    return reply(
        200, {"expires_dt": "20991231235959", "token_type": "bearer", "token": TOKEN, "return_code": 0,
              "return_msg": "정상적으로 처리되었습니다"}
    )


def order_answer(api_id: str, ord_no: object = "0000001", return_code: object = 0, **extra: object) -> bytes:
    body = {"ord_no": ord_no, "return_code": return_code, "return_msg": "완료되었습니다", **extra}
    return reply(200, body, {"api-id": api_id, "cont-yn": "N", "next-key": ""})


@dataclass
class HostileHost:
    script: Callable[[Request], Iterable[object]]
    requests: list[Request] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.05)  # accept() wakes up to see the stop
        self._stop = threading.Event()
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def __enter__(self) -> HostileHost:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._listener.close()
        with self._lock:
            for c in self._conns:
                try:
                    c.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                c.close()
        self._thread.join(5)

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def orders(self) -> list[Request]:
        """The order requests (the window also queries the account on this host)."""
        return [r for r in self.requests if r.path == "/api/dostk/crdordr"]


    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(None)
            with self._lock:
                self._conns.append(conn)
            threading.Thread(target=self._serve, args=(conn, addr[1]), daemon=True).start()

    def _serve(self, conn: socket.socket, port: int) -> None:
        buf = b""
        try:
            while not self._stop.is_set():
                while b"\r\n\r\n" not in buf:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                head, _, buf = buf.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
                length = int(headers.get("content-length", "0") or 0)
                while len(buf) < length:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                body, buf = buf[:length], buf[length:]
                request = Request(method, path, headers, body, port)
                with self._lock:
                    self.requests.append(request)
                for step in self.script(request):
                    if step is CLOSE:
                        return
                    if isinstance(step, (int, float)):
                        if self._stop.wait(step):
                            return
                    else:
                        conn.sendall(step)
        except OSError:
            return
        finally:
            conn.close()


def orders_only(order_steps: Callable[[Request], Iterable[object]]) -> Callable[[Request], Iterable[object]]:
    """A script for a window: a token on request, a quick refusal for account queries, ``order_steps`` for
    orders."""

    def script(r: Request) -> Iterable[object]:
        if r.path == "/oauth2/token":
            return [token_answer()]
        if r.path != "/api/dostk/crdordr":
            return [reply(200, {"return_code": 2, "return_msg": "조회 없음"}, {"api-id": r.headers.get("api-id", "")})]
        return order_steps(r)

    return script
