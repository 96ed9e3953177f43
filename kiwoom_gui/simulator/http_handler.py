"""The simulator's HTTP side: one request as it arrived (:class:`Recorded`), and the handler that reads it,
records it and hands it to the simulator, and writes an answer (keep-alive, as the real host)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Protocol


@dataclass(frozen=True)
class Recorded:
    """One request as it arrived (tests assert exact headers and bytes)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    client_port: int = 0  # one port for many requests = one kept-alive connection

    def json(self) -> object:
        return json.loads(self.body.decode("utf-8"))



class Simulator(Protocol):
    """What the handler needs of :class:`~.server.KiwoomSimulator` (a protocol: the server module is not imported
    back)."""

    def _record(self, rec: Recorded) -> None: ...

    def _serve(self, h: Handler, raw: bytes) -> None: ...


class Handler(BaseHTTPRequestHandler):
    """Made per server as a subclass with ``sim`` set (so each simulator answers its own requests)."""

    protocol_version = "HTTP/1.1"  # keep-alive, as the real host
    # Headers and body leave together (a buffered writer, flushed once) without waiting for an ACK:
    # otherwise a kept-alive connection pays the peer's 40 ms delayed ACK on every answer.
    wbufsize = -1
    disable_nagle_algorithm = True
    server_version = "kiwoom-gui-simulator"
    sim: Simulator  # set on the subclass made per server

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests and the GUI own the output
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        self.sim._record(
            Recorded(
                "POST",
                self.path,
                {k.lower(): v for k, v in self.headers.items()},
                raw,
                self.client_address[1],
            )
        )
        self.sim._serve(self, raw)

    def do_GET(self) -> None:
        self._send(405, {"return_code": 2, "return_msg": "POST만 지원합니다"})

    def send(self, status: int, payload: object, headers: dict[str, str] | None = None) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
