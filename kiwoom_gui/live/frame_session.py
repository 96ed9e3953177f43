"""One WebSocket session's frames, once the socket is open: LOGIN and its ack, REG and its ack, then reading.

A PING is echoed back as the exact text that came, a REAL frame becomes one ``on_events`` call, a SYSTEM frame
ends the session (R10001 for good) or is a notice that ends nothing. Every frame is scrubbed of the tokens held
before anything reads it. The session loop around it (connect, backoff, reconnect) is connection.py's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..session.signals import parse_market
from . import frames
from .events import BalanceEvent, OrderEvent, parse_real

if TYPE_CHECKING:
    from ..market.subscription import MarketSubscription
from .live_status import (
    CONNECTED,
    CONNECTING,
    Ended,
    LiveStatus,
    SecretToken,
    SessionOver,
    Stopped,
    hint,
    live_texts,
    status_text,
)

# how often a blocked read looks up to see whether stop() was called
POLL_S = 0.2
# with a market subscription: how often a read looks up for REG / REMOVE frames the window asked for
MARKET_POLL_S = 0.05


class FrameSession:
    """The frames of one session; made per session by :class:`~.connection.LiveConnection` on its thread."""

    def __init__(
        self,
        *,
        stopping: threading.Event,
        secrets: Callable[[], list[str]],
        emit: Callable[[LiveStatus], None],
        on_events: Callable[[list[OrderEvent | BalanceEvent]], None],
        on_registered: Callable[[], None],
        login_s: float,
        idle_s: float,
        on_signals: Callable[[list, int], None] | None = None,
        market_types: tuple[str, ...] = (),
        market: MarketSubscription | None = None,
        on_market: Callable[[list], None] | None = None,
        on_bad: Callable[[int], None] | None = None,
    ) -> None:
        """``on_signals``: the 0s / 1h / 0g signals of each REAL frame and how many could not be read
        (kiwoom_gui.session.signals); ``market_types``: registered (item "") right after 00/04, unawaited;
        ``market``: the stock the window wants quoted (REG / REMOVE sent between reads once the account's REG is
        acknowledged); ``on_market``: the market updates of each REAL frame (quotes.MarketUpdate, of the item
        wanted now — 0s whatever its item); ``on_bad``: how many frames or entries could not be read (skipped)."""
        self._stopping = stopping
        self._secrets = secrets
        self._emit = emit
        self._on_events = on_events
        self._on_registered = on_registered
        self._login_s = login_s
        self._idle_s = idle_s
        self._on_signals = on_signals
        self._market_types = market_types
        self._market = market
        self._market_on = False  # the account's REG is acknowledged: the market's frames may follow
        self._on_market = on_market
        self._on_bad = on_bad

    def _send_market(self, ws: Any) -> None:
        if self._market_on and self._market is not None:
            for text in self._market.take():
                ws.send(text)

    def _bad(self, count: int) -> None:
        if count and self._on_bad is not None:
            self._on_bad(count)

    def _recv(self, ws: Any, deadline: float, idle_s: float | None = None) -> frames.Frame | None:
        """The next frame before ``deadline`` (monotonic); None when it passed. PINGs are answered here; with
        ``idle_s`` each PING is a sign of life that moves the deadline on (a quiet account gets only PINGs)."""
        while True:
            if self._stopping.is_set():
                raise Stopped
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self._send_market(ws)
            try:
                text = ws.recv(timeout=min(left, MARKET_POLL_S if self._market_on else POLL_S))
            except TimeoutError:
                continue
            frame = frames.read_frame(text, self._secrets())  # scrubbed here, before anything reads it
            if frame is None:
                self._bad(1)  # binary or not a JSON object: skipped, counted (never read as a price)
                continue
            if frame.trnm == frames.PING:
                try:
                    ws.send(text)  # the exact text that came, as Kiwoom expects
                except Exception:
                    # the host closed meanwhile: what it said before closing (R10002 …) may still wait unread
                    said = self._last_words(ws, self._secrets())
                    if said is not None:
                        return said
                    raise
                if idle_s is not None:
                    deadline = time.monotonic() + idle_s
                continue
            return frame

    @staticmethod
    def _last_words(ws: Any, secrets: list[str]) -> frames.Frame | None:
        """A SYSTEM frame still queued on a closed connection (the host's reason for closing), if any."""
        for _ in range(64):  # bounded: a closed connection's queue is short
            try:
                frame = frames.read_frame(ws.recv(timeout=0), secrets)
            except Exception:
                return None
            if frame is not None and frame.trnm == frames.SYSTEM:
                return frame
        return None

    def _system(self, frame: frames.Frame, registered_at: float | None) -> SessionOver | None:
        """R10001 ends the session for good, R10002 / R10004 end it (the host closes it); any other code is a
        notice that ends nothing: the host interleaves SYSTEM frames around the LOGIN ack, and treating an
        unknown one as the end would reconnect for ever (a real end still comes as a close)."""
        texts = live_texts()["system"]
        code = frame.code
        held = time.monotonic() - registered_at if registered_at is not None else 0.0
        if code not in texts or code == "unknown":
            secrets = self._secrets()
            message = frame.shown("message", secrets) or status_text("no_message")
            notice = status_text("notice", code=frame.shown("code", secrets, 40) or "?", message=message)
            state = CONNECTED if registered_at is not None else CONNECTING
            self._emit(LiveStatus(state, status_text(state), notice=notice))
            return None
        if code == "R10001":
            return SessionOver(Ended(texts[code], held, final=True, hint=hint("r10001")))
        return SessionOver(Ended(texts[code], held))

    def talk(self, ws: Any, token: SecretToken) -> Ended:
        """LOGIN with ``token``, REG 00 and 04, then read until the session ends (raises SessionOver or Stopped
        for an end found deep in the reading; returns how it ended otherwise)."""
        ws.send(frames.login_frame(token.reveal()))
        ack = self._await(ws, frames.LOGIN, "login_timeout")
        if ack.return_code != 0:
            message = ack.shown("return_msg", self._secrets()) or status_text("no_message")
            return Ended(status_text("login_failed", message=message), auth_failed=True)
        ws.send(frames.reg_frame())
        ack = self._await(ws, frames.REG, "reg_timeout")
        if ack.return_code != 0:
            message = ack.shown("return_msg", self._secrets()) or status_text("no_message")
            return Ended(status_text("reg_failed", message=message))
        registered_at = time.monotonic()
        if self._market_types:  # its own REG: the account's REG stays as documented; its ack is not awaited
            ws.send(frames.reg_frame(self._market_types))
        self._emit(LiveStatus(CONNECTED, status_text("connected")))
        self._on_registered()
        if self._market is not None:  # registrations do not survive a reconnect: the wanted stock again
            self._market.session_started()
            self._market_on = True
        try:
            while True:
                frame = self._recv(ws, time.monotonic() + self._idle_s, self._idle_s)
                if frame is None:
                    return Ended(status_text("idle", seconds=self._idle_s), time.monotonic() - registered_at)
                self._handle(frame, registered_at)
        finally:
            if self._market is not None:
                self._market.session_ended()

    def _await(self, ws: Any, trnm: str, timeout_text: str) -> frames.Frame:
        """The ack of LOGIN or REG; REAL and SYSTEM frames may come first (their order is not fixed)."""
        deadline = time.monotonic() + self._login_s
        while True:
            frame = self._recv(ws, deadline)
            if frame is None:
                raise SessionOver(Ended(status_text(timeout_text, seconds=self._login_s)))
            if frame.trnm == trnm:
                return frame
            self._handle(frame, None)

    def _handle(self, frame: frames.Frame, registered_at: float | None) -> None:
        if frame.trnm == frames.REAL:
            events = parse_real(frame.body)
            if events:
                self._on_events(events)
            if self._on_market is not None:
                self._market_frame(frame)
            if self._on_signals is not None:
                signals, unread = parse_market(frame.body)
                if signals or unread:
                    self._on_signals(signals, unread)
        elif frame.trnm == frames.SYSTEM:
            over = self._system(frame, registered_at)
            if over is not None:
                raise over
        # anything else (a late ack, REMOVE, unknown trnm) is not ours to act on

    def _market_frame(self, frame: frames.Frame) -> None:
        from ..market.quotes import SESSION, read_market

        updates, bad = read_market(frame.body)
        self._bad(bad)
        wanted = self._market.item if self._market is not None else ""
        # a frame of an item REMOVEd a moment ago may still come: it is not the stock shown any more
        updates = [u for u in updates if u.item == wanted or u.type == SESSION]
        if updates and self._on_market is not None:
            self._on_market(updates)
