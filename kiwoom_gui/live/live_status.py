"""What the live connection says of itself (LiveStatus, in Korean words from resources/live.json), its masked
token, and how one session ended — shared by the session loop (connection.py) and its frames (frame_session.py)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from ..base.resources_io import load_json
from ..host.redaction import remember

CONNECTING, CONNECTED, DISCONNECTED, STOPPED = "connecting", "connected", "disconnected", "stopped"


@dataclass(frozen=True)
class LiveStatus:
    state: str  # CONNECTING, CONNECTED (logged in and registered), DISCONNECTED (retrying), STOPPED (no retry)
    reason: str = ""  # Korean: why it is not connected (e.g. "다른 곳에서 같은 앱키로 접속했습니다 (R10001)")
    hint: str = ""  # Korean: what the user should do ("F5로 새로 고칠 수 있습니다", "토큰을 확인하세요")
    retry_in: float | None = None  # seconds until the next try, while DISCONNECTED
    auth_failed: bool = False  # LOGIN was refused: a fresh token is needed before trying again
    notice: str = ""  # a SYSTEM notice that ended nothing (the token scrubbed before it was cut)


class SecretToken:
    """A token that never shows itself: repr/str are masked; ``reveal()`` is for the LOGIN frame only."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value.removeprefix("Bearer ").strip()
        remember(self._value)  # scrubbed from every host text from now on

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "SecretToken(****)"

    __str__ = __repr__


@cache
def live_texts() -> dict[str, Any]:
    return load_json("live.json")


def status_text(name: str, **fmt: object) -> str:
    return live_texts()["status"][name].format(**fmt)


def hint(name: str, **fmt: object) -> str:
    return live_texts()["hints"][name].format(**fmt)


@dataclass(frozen=True)
class Ended:
    """How one session ended."""

    reason: str
    registered_for: float = 0.0  # seconds it stayed registered (a long one resets the backoff)
    auth_failed: bool = False
    final: bool = False  # R10001: no retry
    hint: str = ""


class Stopped(Exception):
    """stop() was called while a session was being opened or read."""


class SessionOver(Exception):
    def __init__(self, ended: Ended) -> None:
        super().__init__("session over")
        self.ended = ended
