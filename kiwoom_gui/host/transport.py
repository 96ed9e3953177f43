"""The one HTTP connection every request of an environment uses, with the guards an order needs.

Built on urllib3 (requests' own transport) directly: an order pays for one kept-alive POST and nothing
of requests' per-call preparation, which cost as much again as the POST itself on loopback.

- **No redirect is followed, nothing is retried**: a 3xx would carry the app key, the secret key or
  the token (and an order) to wherever ``Location`` points; a retried POST is a doubled order. The
  caller gets the 3xx as it is.
- **A total deadline per request**: socket timeouts are per read, so a host that drips one byte every
  few seconds would hold a request (and closing the program) for ever. A watchdog shuts the socket
  down when the deadline passes.
- **A size cap on the answer**: an order answer is a few hundred bytes; nothing more than ``max_body``
  bytes is read.
- **TLS is always verified** (certifi's authorities, as requests uses, or a private CA file); no proxy
  or netrc setting from the environment is read.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import certifi
import requests
import urllib3
import urllib3.exceptions
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .answers import Outcome
from .host_clock import HostClock

DEFAULT_MAX_BODY = 64 * 1024


class TransportError(requests.RequestException):
    """No complete answer arrived; ``__cause__`` is urllib3's exception (what the client classifies)."""


class DeadlineExceeded(requests.exceptions.ReadTimeout):
    """The whole request took longer than its deadline; the socket was shut down under it."""


class AnswerTooLarge(requests.RequestException):
    """The answer was longer than the cap; it was not read further."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes


class _Watchdog:
    """One long-lived thread per connection that shuts the socket down once a request's deadline has
    passed. It looks every ``TICK`` seconds, so arming it is two assignments: neither a thread started
    per request nor a wake-up of this one competes with the order on its way out. A deadline of
    seconds is enforced within a quarter of a second."""

    TICK = 0.25

    def __init__(self, expire: Callable[[], None]) -> None:
        self._expire = expire
        self._due: tuple[int, float] | None = None  # (generation, monotonic deadline)
        self._generation = 0
        self.fired_generation = -1
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        self._generation += 1
        self._due = (self._generation, time.monotonic() + seconds)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="kiwoom-deadline", daemon=True)
            self._thread.start()
        return self._generation

    def disarm(self) -> None:
        self._due = None

    def fired(self, generation: int) -> bool:
        return self.fired_generation == generation

    def stop(self) -> None:
        self._stopped.set()

    def _run(self) -> None:
        while not self._stopped.wait(self.TICK):
            due = self._due  # one read: the request thread may disarm it meanwhile
            if due is not None and time.monotonic() >= due[1] and self._due is due:  # still that request
                self.fired_generation = due[0]
                self._expire()


class _FinalAnswer(http.client.HTTPResponse):
    """Skips every interim 1xx answer (http.client skips only 100): a 103 Early Hints taken as the answer
    would leave the real one in the stream, to be read as the next request's."""

    def _read_status(self):  # http.client's own hook, called by begin()
        while True:
            version, status, reason = super()._read_status()
            if 100 <= status < 200 and status != 101:
                http.client._read_headers(self.fp)  # an interim answer's headers: read past them
                continue
            return version, status, reason


def _pool_classes(tracker: weakref.WeakSet, sent: Callable[[], None]) -> tuple[type, type]:
    """Pool classes whose connections register themselves (so the watchdog can reach their sockets)
    and say when a request's bytes have been written."""

    class Tracking:  # mixed into urllib3's plain and TLS connections alike
        response_class = _FinalAnswer

        def connect(self) -> None:
            super().connect()
            tracker.add(self)

        def request(self, *args, **kwargs) -> None:
            super().request(*args, **kwargs)
            sent()

    class Tracked(Tracking, HTTPConnection):
        pass

    class TrackedTLS(Tracking, HTTPSConnection):
        pass

    class Pool(HTTPConnectionPool):
        ConnectionCls = Tracked

    class TLSPool(HTTPSConnectionPool):
        ConnectionCls = TrackedTLS

    return Pool, TLSPool


class GuardedSession:
    """One kept-alive connection per host with a deadline, a size cap, no redirects and no retries."""

    def __init__(
        self,
        timeouts: tuple[float, float],
        *,
        deadline: float | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        ca_bundle: str | None = None,
        clock: HostClock | None = None,
    ) -> None:
        self.timeouts = timeouts
        self.deadline = deadline if deadline is not None else sum(timeouts)
        self.max_body = max_body
        self.ca_bundle = ca_bundle or certifi.where()  # a private CA is still verified
        self._connections: weakref.WeakSet = weakref.WeakSet()
        self._on_sent: Callable[[], None] | None = None  # the running request's "on the wire" callback
        self._pool_cls, self._tls_pool_cls = _pool_classes(self._connections, self._sent)
        self._pools: dict[tuple[str, str, int], HTTPConnectionPool] = {}
        self._watchdog = _Watchdog(self._shut_down_sockets)
        self._lock = threading.Lock()
        # every answer's Date header: how far the host's clock is from ours (shared by an environment's sessions)
        self.clock = clock if clock is not None else HostClock()

    def __repr__(self) -> str:
        return f"GuardedSession(deadline={self.deadline}, max_body={self.max_body})"

    @property
    def verifies_tls(self) -> bool:
        """Always True: there is no way to turn verification off."""
        return all(getattr(p, "cert_reqs", "CERT_REQUIRED") == "CERT_REQUIRED" for p in self._pools.values())

    def _sent(self) -> None:
        if self._on_sent is not None:
            self._on_sent()

    def _pool(self, url: str) -> tuple[HTTPConnectionPool, str]:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        key = (parts.scheme, parts.hostname or "", port)
        pool = self._pools.get(key)
        if pool is None:
            timeout = urllib3.Timeout(connect=self.timeouts[0], read=self.timeouts[1])
            common = dict(maxsize=1, block=False, retries=False, timeout=timeout)
            if parts.scheme == "https":
                pool = self._tls_pool_cls(
                    key[1], port, cert_reqs="CERT_REQUIRED", ca_certs=self.ca_bundle, **common
                )
            elif parts.scheme == "http":
                pool = self._pool_cls(key[1], port, **common)
            else:
                raise TransportError(f"unsupported scheme {parts.scheme!r}")
            self._pools[key] = pool
        path = parts.path or "/"
        return pool, path + (f"?{parts.query}" if parts.query else "")

    def close(self) -> None:
        """Drop the kept-alive connections (also after an answer that may have left bytes behind)."""
        for pool in self._pools.values():
            pool.close()
        self._pools.clear()

    def shut_down(self) -> None:
        """Close for good: connections and the deadline thread."""
        self.close()
        self._watchdog.stop()

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
        self,
        url: str,
        data: bytes,
        headers: Mapping[str, str],
        on_sent: Callable[[], None] | None = None,
        max_body: int | None = None,
    ) -> Answer:
        """POST once; raises a ``requests.RequestException`` (:class:`TransportError`,
        :class:`DeadlineExceeded`, :class:`AnswerTooLarge`) when no complete answer arrived.
        ``on_sent`` is called once the request's bytes are written, before the answer is read."""
        cap = self.max_body if max_body is None else max_body
        with self._lock:
            pool, path = self._pool(url)
            self._on_sent = on_sent
            generation = self._watchdog.arm(self.deadline)
            response = None
            sent_at = time.time()  # wall clock: the host's Date is compared with it
            try:
                response = pool.urlopen(
                    "POST",
                    path,
                    body=data,
                    headers=dict(headers),
                    retries=False,
                    redirect=False,
                    preload_content=False,
                    decode_content=True,
                    release_conn=False,
                )
                body = response.read(cap + 1, decode_content=True)
            except Exception as exc:
                if response is not None:
                    response.close()
                self.close()
                if self._watchdog.fired(generation):
                    raise DeadlineExceeded(f"no complete answer within {self.deadline:g} s") from exc
                raise TransportError(type(exc).__name__) from exc
            finally:
                self._watchdog.disarm()
                self._on_sent = None
            if self._watchdog.fired(generation):  # shut down under a read that then ended "normally"
                response.close()
                self.close()
                raise DeadlineExceeded(f"no complete answer within {self.deadline:g} s")
            if len(body) > cap:
                response.close()  # the rest is never read; the connection is not reused
                self.close()
                raise AnswerTooLarge(f"answer longer than {cap} bytes")
            response.release_conn()  # read to the end: the connection may be kept alive
            self.clock.observe_date(response.headers.get("Date"), sent_at, time.time())
            # a repeated header is kept as "a, b": an answer with two api-ids matches no request
            return Answer(response.status, {k.lower(): response.headers.get(k) for k in response.headers}, body)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what it wraps (requests → urllib3 MaxRetryError → reason → cause)."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        stack.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
        for attr in ("reason", "__cause__", "__context__"):
            inner = getattr(e, attr, None)
            if isinstance(inner, BaseException):
                stack.append(inner)


def transport_outcome(exc: requests.RequestException) -> Outcome:
    """NOT_SENT only when the request provably never left (no connection, bad certificate)."""
    for e in _causes(exc):
        if isinstance(
            e,
            (
                requests.ConnectTimeout,
                urllib3.exceptions.NewConnectionError,
                urllib3.exceptions.ConnectTimeoutError,
                urllib3.exceptions.LocationParseError,
                requests.exceptions.InvalidURL,
                ssl.SSLCertVerificationError,
            ),
        ):
            return Outcome.NOT_SENT
    return Outcome.UNKNOWN
