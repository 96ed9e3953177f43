"""The one HTTP connection every request of an environment uses, with the three guards requests lacks.

- **No redirect is followed**: a 3xx would carry the app key, the secret key or the token (and an order)
  to wherever ``Location`` points. The caller gets the 3xx as it is.
- **A total deadline per request**: requests' timeouts are per socket read, so a host that drips one byte
  every few seconds would hold a request (and closing the program) for ever. A watchdog shuts the socket
  down when the deadline passes.
- **A size cap on the answer**: an order answer is a few hundred bytes; nothing more than ``max_body``
  bytes is read.
"""

from __future__ import annotations

import socket
import threading
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

DEFAULT_MAX_BODY = 64 * 1024


class DeadlineExceeded(requests.exceptions.ReadTimeout):
    """The whole request took longer than its deadline; the socket was shut down under it."""


class AnswerTooLarge(requests.RequestException):
    """The answer was longer than the cap; it was not read further."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes


def _tracked_pools(tracker: weakref.WeakSet, sent: Callable[[], None]) -> dict[str, type]:
    """Pool classes whose connections register themselves, so the watchdog can reach their sockets,
    and say when a request's bytes have been written."""

    class Tracked(HTTPConnection):
        def connect(self) -> None:
            super().connect()
            tracker.add(self)

        def request(self, *args, **kwargs) -> None:
            super().request(*args, **kwargs)
            sent()

    class TrackedTLS(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            tracker.add(self)

        def request(self, *args, **kwargs) -> None:
            super().request(*args, **kwargs)
            sent()

    class Pool(HTTPConnectionPool):
        ConnectionCls = Tracked

    class TLSPool(HTTPSConnectionPool):
        ConnectionCls = TrackedTLS

    return {"http": Pool, "https": TLSPool}


class GuardedSession:
    """One kept-alive ``requests.Session`` (one connection) with a deadline, a size cap and no redirects."""

    def __init__(
        self,
        timeouts: tuple[float, float],
        *,
        deadline: float | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        ca_bundle: str | None = None,
    ) -> None:
        self.timeouts = timeouts
        self.deadline = deadline if deadline is not None else sum(timeouts)
        self.max_body = max_body
        self.session = requests.Session()
        self.session.trust_env = False  # no proxy/netrc from the environment may redirect or rewrite auth
        if ca_bundle:
            self.session.verify = ca_bundle  # a private CA, still verified
        self._connections: weakref.WeakSet = weakref.WeakSet()
        self._on_sent: Callable[[], None] | None = None  # the running request's "on the wire" callback
        adapter = HTTPAdapter(max_retries=0, pool_connections=1, pool_maxsize=1)
        adapter.poolmanager.pool_classes_by_scheme = _tracked_pools(self._connections, self._sent)
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"GuardedSession(deadline={self.deadline}, max_body={self.max_body})"

    def _sent(self) -> None:
        if self._on_sent is not None:
            self._on_sent()

    def close(self) -> None:
        """Drop the kept-alive connection (also after an answer that may have left bytes behind)."""
        self.session.close()

    def _shut_down_sockets(self) -> None:
        for conn in list(self._connections):
            sock = getattr(conn, "sock", None)
            if sock is not None:
                try:
                    # the plain socket's shutdown, also for TLS: it wakes the thread blocked in recv
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass

    def post(
        self, url: str, data: bytes, headers: Mapping[str, str], on_sent: Callable[[], None] | None = None
    ) -> Answer:
        """POST once; raises a ``requests.RequestException`` (incl. :class:`DeadlineExceeded`,
        :class:`AnswerTooLarge`) when no complete answer arrived. ``on_sent`` is called once the request's
        bytes are written, before the answer is read."""
        fired = threading.Event()

        def expire() -> None:
            fired.set()
            self._shut_down_sockets()

        watchdog = threading.Timer(self.deadline, expire)
        watchdog.daemon = True
        watchdog.start()
        try:
            with self._lock:
                self._on_sent = on_sent
                try:
                    response = self.session.post(
                        url, data=data, headers=dict(headers), timeout=self.timeouts, allow_redirects=False, stream=True
                    )
                    try:
                        body = response.raw.read(self.max_body + 1, decode_content=True)
                    except Exception:
                        response.close()
                        raise
                except requests.RequestException as exc:
                    if fired.is_set():
                        self.close()
                        raise DeadlineExceeded(f"no complete answer within {self.deadline:g} s") from exc
                    raise
                except Exception as exc:  # urllib3 errors raised while reading the body
                    self.close()
                    if fired.is_set():
                        raise DeadlineExceeded(f"no complete answer within {self.deadline:g} s") from exc
                    raise requests.ConnectionError(type(exc).__name__) from exc
                if fired.is_set():  # the socket was shut down under a read that then ended "normally"
                    response.close()
                    self.close()
                    raise DeadlineExceeded(f"no complete answer within {self.deadline:g} s")
                if len(body) > self.max_body:
                    response.close()  # the rest is never read; the connection is not reused
                    self.close()
                    raise AnswerTooLarge(f"answer longer than {self.max_body} bytes")
                response.raw.release_conn()  # read to the end: the connection may be kept alive
                return Answer(
                    response.status_code,
                    {k.lower(): v for k, v in response.headers.items()},
                    body,
                )
        finally:
            self._on_sent = None
            watchdog.cancel()
