"""LiveConnection: one WebSocket session to Kiwoom, run by one worker thread (never the GUI thread).

Skeleton: the signatures are the contract; bodies are being written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .events import BalanceEvent, OrderEvent

CONNECTING, CONNECTED, DISCONNECTED, STOPPED = "connecting", "connected", "disconnected", "stopped"


@dataclass(frozen=True)
class LiveStatus:
    state: str  # CONNECTING, CONNECTED (logged in and registered), DISCONNECTED (retrying), STOPPED (no retry)
    reason: str = ""  # Korean: why it is not connected (e.g. "다른 곳에서 같은 앱키로 접속했습니다 (R10001)")
    hint: str = ""  # Korean: what the user should do ("F5로 새로 고칠 수 있습니다", "토큰을 확인하세요")
    retry_in: float | None = None  # seconds until the next try, while DISCONNECTED
    auth_failed: bool = False  # LOGIN was refused: a fresh token is needed before trying again


class SecretToken:
    """A token that never shows itself: repr/str are masked; ``reveal()`` is for the LOGIN frame only."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value.removeprefix("Bearer ").strip()

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "SecretToken(****)"

    __str__ = __repr__


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
    ) -> None:
        raise NotImplementedError

    def run(self) -> None:
        """Connect, LOGIN, REG 00 and 04, read until stopped; reconnect after a drop. Returns after stop()
        or a STOPPED condition (R10001). Never raises."""
        raise NotImplementedError

    def stop(self) -> None:
        """From any thread: close the socket and end run() promptly."""
        raise NotImplementedError

    def renew_token(self, token: SecretToken) -> None:
        """From any thread: use ``token`` from now on; reconnect with it (and retry after an auth failure)."""
        raise NotImplementedError
