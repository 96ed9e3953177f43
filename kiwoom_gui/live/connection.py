"""LiveConnection: the session loop of Kiwoom's WebSocket, run by one worker thread (never the GUI thread).

``run()`` opens the socket and the WebSocket, hands it to a :class:`~.frame_session.FrameSession` (LOGIN, its ack,
one REG of 00 and 04, then the frames), and decides what follows its end: R10001 stops for good (Kiwoom allows
one session per app key, and reconnecting would throw the other session out in turn); a refused LOGIN waits for
a new token; a drop, a timeout or silence longer than the idle timeout is followed by a capped backoff and a
new LOGIN + REG (registrations do not survive a reconnect).

The socket is opened here and handed to websockets, so no proxy from the environment is used and no
redirect is followed (the LOGIN frame carries the token; it must reach only the host that was named).
TLS is always verified: certifi's authorities, or ``ca_bundle``. The token is a :class:`SecretToken`;
no status, exception or log line shows it (websockets' own frame logging is kept off below DEBUG).
"""

from __future__ import annotations

import errno
import logging
import os
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..base.error_words import reason_in_korean
from ..host.environments import check_ws_url
from ..host.redaction import scrub
from .events import BalanceEvent, OrderEvent
from .frame_session import POLL_S, FrameSession
from .live_status import (
    CONNECTING,
    DISCONNECTED,
    STOPPED,
    Ended,
    LiveStatus,
    SecretToken,
    SessionOver,
    Stopped,
    hint,
    live_texts,
    status_text,
)

if TYPE_CHECKING:
    from ..market.subscription import MarketSubscription

# websockets logs every frame at DEBUG, the LOGIN frame (and its token) included: this logger never
# lets DEBUG through, whatever the application's root level is
_WIRE_LOG = logging.getLogger("kiwoom_gui.live.wire")
_WIRE_LOG.setLevel(logging.INFO)


class LiveConnection:
    def __init__(
        self,
        url: str,
        token: SecretToken,
        *,
        on_events: Callable[[list[OrderEvent | BalanceEvent]], None],
        on_status: Callable[[LiveStatus], None],
        on_registered: Callable[[], None] = lambda: None,  # after each LOGIN + REG: re-query to fill the gap
        ca_bundle: str | None = None,
        backoff_s: tuple[float, ...] | None = None,  # default from resources/live.json
        idle_timeout_s: float | None = None,  # no frame at all for this long = the link is dead; reconnect
        login_timeout_s: float | None = None,  # LOGIN and REG acks: each must come within this
        stable_after_s: float | None = None,  # registered this long: the next drop starts the backoff again
        on_signals: Callable[[list, int], None] | None = None,  # 0s / 1h / 0g signals, unread count (issue 20)
        market_types: tuple[str, ...] = (),  # registered with item "" after 00/04 (e.g. 0s, 1h)
        market: MarketSubscription | None = None,  # the stock quoted for the window (REG/REMOVE of 0B, 0D …)
        on_market: Callable[[list], None] | None = None,  # market.quotes.MarketUpdate lists, per REAL frame
        on_bad_frame: Callable[[int], None] | None = None,  # frames (or entries) that could not be read
    ) -> None:
        """Raises :class:`~kiwoom_gui.host.environments.UnsafeBaseURL` for a URL the token must not go to
        (plain ws:// off this machine, no path, user info): refused here, before any socket opens."""
        data = live_texts()
        self._url = check_ws_url(url)
        parts = urlsplit(self._url)
        self._secure = parts.scheme == "wss"
        self._host = parts.hostname or ""
        self._port = parts.port or (443 if self._secure else 80)
        if not isinstance(token, SecretToken):
            raise TypeError("token must be a SecretToken")
        self._token = token
        self._held: list[str] = [token.reveal()]  # every token this connection has sent: scrubbed from host text
        self._on_events = on_events
        self._on_status = on_status
        self._on_registered = on_registered
        self._on_signals = on_signals
        self._market_types = tuple(market_types)
        self._market, self._on_market, self._on_bad_frame = market, on_market, on_bad_frame
        self._ca_bundle = ca_bundle
        self._backoff = tuple(float(s) for s in (backoff_s or data["backoff_s"]))
        if not self._backoff or min(self._backoff) < 0:
            raise ValueError("backoff_s must be non-negative seconds")
        self._idle_s = float(idle_timeout_s if idle_timeout_s is not None else data["idle_timeout_s"])
        self._login_s = float(login_timeout_s if login_timeout_s is not None else data["login_timeout_s"])
        self._stable_s = float(stable_after_s if stable_after_s is not None else data["stable_after_s"])
        self._open_s = float(data["open_timeout_s"])
        self._close_s = float(data["close_timeout_s"])
        self._max_size = int(data["max_frame_bytes"])
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._wake = threading.Event()  # stop() or renew_token(): end a backoff or an auth wait now
        self._sock: socket.socket | None = None  # the socket being opened: stop() shuts it
        self._generation = 0  # renew_token() counts up: a refused LOGIN waits for a token newer than its own
        self._used_generation = 0

    def __repr__(self) -> str:
        return f"LiveConnection({self._url!r})"

    # --- from other threads ---------------------------------------------------------------------
    def stop(self) -> None:
        """From any thread: close the socket and end run() promptly."""
        self._stopping.set()
        self._wake.set()
        with self._lock:
            sock = self._sock
        if sock is not None:
            try:  # a read in progress returns at once; the session closes without waiting for the host
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def renew_token(self, token: SecretToken) -> None:
        """From any thread: use ``token`` from now on. A session already logged in stays (it was let
        in); one that is waiting to retry — after a drop or a refused LOGIN — connects now with it."""
        if not isinstance(token, SecretToken):
            raise TypeError("token must be a SecretToken")
        with self._lock:
            self._token = token
            self._held.append(token.reveal())
            self._generation += 1
        self._wake.set()

    # --- the worker thread ------------------------------------------------------------------------
    def run(self) -> None:
        """Connect, LOGIN, REG 00 and 04, read until stopped; reconnect after a drop. Returns after stop()
        or a STOPPED condition (R10001). Never raises."""
        try:
            self._run()
        except Exception as exc:  # a bug (here or in a callback) must not kill the thread silently
            _WIRE_LOG.error("live connection stopped: %s", type(exc).__name__)
            self._emit(LiveStatus(STOPPED, status_text("internal_error", detail=reason_in_korean(exc))))

    def _run(self) -> None:
        attempt = 0
        while not self._stopping.is_set():
            self._emit(LiveStatus(CONNECTING, status_text("connecting")))
            try:
                ended = self._session()
            except Stopped:
                break
            if self._stopping.is_set():
                break
            if ended.final:
                self._emit(LiveStatus(STOPPED, ended.reason, ended.hint or hint("stopped")))
                return
            if ended.auth_failed:
                # a refused token is refused again: wait for a new one (renew_token) instead of hammering
                self._emit(LiveStatus(DISCONNECTED, ended.reason, hint("auth_failed"), None, auth_failed=True))
                while not self._stopping.is_set() and not self._token_renewed():
                    self._wake.wait(1.0)
                    self._wake.clear()
                attempt = 0
                continue
            if ended.registered_for >= self._stable_s:
                attempt = 0
            delay = self._backoff[min(attempt, len(self._backoff) - 1)]
            attempt += 1
            self._emit(LiveStatus(DISCONNECTED, ended.reason, ended.hint or hint("retrying", seconds=delay), delay))
            self._wake.clear()
            if self._stopping.is_set():
                break
            self._wake.wait(delay)  # renew_token() or stop() cuts it short
        self._emit(LiveStatus(STOPPED, status_text("stopped"), hint("stopped")))

    def _token_renewed(self) -> bool:
        with self._lock:
            return self._generation != self._used_generation

    def _secrets(self) -> list[str]:
        with self._lock:
            return [s for s in self._held if s]

    def _emit(self, status: LiveStatus) -> None:
        secrets = self._secrets()
        if any(s in status.reason or s in status.hint for s in secrets):  # a host echoing a token back
            status = replace(status, reason=scrub(status.reason, secrets), hint=scrub(status.hint, secrets))
        self._on_status(status)

    def _ssl_context(self) -> ssl.SSLContext:
        import certifi  # as the REST transport: certifi's authorities unless a private CA is given

        context = ssl.create_default_context(cafile=self._ca_bundle or certifi.where())
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context  # CERT_REQUIRED and check_hostname: the defaults, never lowered

    def _open_socket(self) -> socket.socket:
        """A TCP connection to the host, opened without blocking so that stop() ends a connect to a host that
        never answers at once (a blocking connect would hold this thread for the whole open timeout)."""
        deadline = time.monotonic() + self._open_s
        last: OSError = TimeoutError("connect")
        for family, kind, proto, _, address in socket.getaddrinfo(self._host, self._port, type=socket.SOCK_STREAM):
            sock = socket.socket(family, kind, proto)
            with self._lock:
                self._sock = sock
            try:
                sock.setblocking(False)
                error = sock.connect_ex(address)
                while error in (errno.EINPROGRESS, errno.EWOULDBLOCK, errno.EALREADY):
                    if self._stopping.is_set():
                        raise Stopped
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError("connect")
                    _, writable, _ = select.select([], [sock], [], min(POLL_S, left))
                    if writable:
                        error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if error:
                    raise OSError(error, os.strerror(error))
                if self._stopping.is_set():
                    raise Stopped
                sock.settimeout(self._open_s)
                return sock
            except (Stopped, OSError) as exc:
                with self._lock:
                    self._sock = None
                sock.close()
                if isinstance(exc, Stopped):
                    raise
                last = exc
        raise last

    def _session(self) -> Ended:
        from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
        from websockets.sync.client import connect

        try:
            sock = self._open_socket()
        except Stopped:
            raise
        except OSError as exc:
            return Ended(status_text("connect_failed", host=self._host, detail=reason_in_korean(exc)))
        try:
            with connect(
                self._url,
                sock=sock,  # ours: no proxy from the environment, and a redirect is refused, not followed
                ssl=self._ssl_context() if self._secure else None,
                open_timeout=self._open_s,
                close_timeout=self._close_s,
                ping_interval=None,  # Kiwoom uses its own PING frames, echoed below
                max_size=self._max_size,
                compression=None,
                user_agent_header=None,
                logger=_WIRE_LOG,
            ) as ws:
                return self._talk(ws)
        except SessionOver as over:
            return over.ended
        except Stopped:
            raise
        except ssl.SSLCertVerificationError as exc:
            return Ended(status_text("tls_failed", host=self._host, detail=reason_in_korean(exc)))
        except (InvalidStatus, ValueError) as exc:
            # websockets ≥ 15 meets a redirect with ValueError ("with a preexisting socket") from the
            # InvalidStatus: the socket is ours precisely so that it is refused, not followed
            status_exc = exc if isinstance(exc, InvalidStatus) else exc.__cause__
            if not isinstance(status_exc, InvalidStatus):
                raise
            status = status_exc.response.status_code
            if 300 <= status < 400:
                return Ended(status_text("redirect_refused", host=self._host, status=status))
            return Ended(status_text("handshake_failed", host=self._host, detail=f"HTTP {status}"))
        except InvalidHandshake as exc:
            return Ended(status_text("handshake_failed", host=self._host, detail=reason_in_korean(exc)))
        except ConnectionClosed as exc:
            if self._stopping.is_set():
                raise Stopped from None
            if exc.rcvd is None and exc.sent is not None and exc.sent.code == 1009:  # CloseCode.MESSAGE_TOO_BIG
                return Ended(status_text("too_large", limit=self._max_size))
            return Ended(status_text("closed"))
        except (OSError, TimeoutError, EOFError) as exc:
            if self._stopping.is_set():
                raise Stopped from None
            return Ended(status_text("connect_failed", host=self._host, detail=reason_in_korean(exc)))
        finally:
            with self._lock:
                self._sock = None
            sock.close()

    def _talk(self, ws: Any) -> Ended:
        with self._lock:
            token, self._used_generation = self._token, self._generation
        session = FrameSession(
            stopping=self._stopping,
            secrets=self._secrets,
            emit=self._emit,
            on_events=self._on_events,
            on_registered=self._on_registered,
            login_s=self._login_s,
            idle_s=self._idle_s,
            on_signals=self._on_signals,
            market_types=self._market_types,
            market=self._market,
            on_market=self._on_market,
            on_bad=self._on_bad_frame,
        )
        return session.talk(ws, token)
