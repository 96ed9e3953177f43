"""Kiwoom WebSocket frames built and read: LOGIN, REG, PING, SYSTEM, REAL (kiwoom-account-facts.md §6).

Both sides use these: the client (:mod:`.connection`) and the simulator's endpoint. Reading never raises:
a frame that is not a JSON object is :data:`None`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..base.resources_io import load_json
from ..base.safe_text import excerpt, printable
from ..host.answers import parse_return_code
from ..host.redaction import from_host, scrub

LOGIN, REG, REMOVE, PING, REAL, SYSTEM = "LOGIN", "REG", "REMOVE", "PING", "REAL", "SYSTEM"
# one frame is read as JSON only up to this many characters (the socket's own limit is bytes, in live.json)
MAX_TEXT = 4 * 1024 * 1024


@dataclass(frozen=True)
class Frame:
    """One frame as read: ``trnm`` ("" when missing or not text), the JSON object and the exact text."""

    trnm: str
    body: Mapping[str, Any]
    text: str

    @property
    def return_code(self) -> int | None:
        """LOGIN / REG acks: 0 is success; None when missing or not a number."""
        return parse_return_code(self.body.get("return_code"))

    @property
    def return_msg(self) -> str:
        return _shown(self.body.get("return_msg"))

    def shown(self, key: str, secrets: Sequence[str] = (), limit: int = 300) -> str:
        """A host text of this frame made safe to show: ``secrets`` scrubbed from the whole text *before* it
        is cut (cut first, a token split at the cut would no longer match and half of it would stay)."""
        value = self.body.get(key)
        if not isinstance(value, str):
            return ""
        return _shown(scrub(value, [s for s in secrets if s]), limit)

    @property
    def code(self) -> str:
        """A SYSTEM frame's ``code`` (e.g. R10001), trimmed; "" when missing."""
        return _shown(self.body.get("code"), 40)

    @property
    def message(self) -> str:
        return _shown(self.body.get("message"))


def _shown(value: object, limit: int = 300) -> str:
    """A host text made safe to show: printable, bounded; a non-text value is empty."""
    if not isinstance(value, str):
        return ""
    return excerpt(printable(value.strip()), limit)


def read_frame(text: str | bytes, secrets: Sequence[str] | None = None) -> Frame | None:
    """Parse one received frame; None for binary, non-JSON or non-object frames (never raises).

    ``secrets``: None reads the frame as sent (the simulator, which checks the LOGIN token); the client passes
    the tokens it sent (maybe none), and every secret the run knows is scrubbed from the frame (its body and
    its text) before anything reads it."""
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return None
    try:
        body = json.loads(text)
        if secrets is not None and isinstance(body, dict):
            body, text = from_host(body, secrets), from_host(text, secrets)
    except (ValueError, RecursionError):
        return None
    if not isinstance(body, dict):
        return None
    trnm = body.get("trnm")
    return Frame(trnm.strip().upper() if isinstance(trnm, str) else "", body, text)


def _dump(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def login_frame(token: str) -> str:
    """The first frame after connecting: the access token without "Bearer". Never log this text."""
    return _dump({"trnm": LOGIN, "token": token})


def reg_frame(types: Iterable[str] | None = None, grp_no: str | None = None, refresh: str | None = None) -> str:
    """REG of the account's real-time types (default 00 and 04 in one frame; item "" = the whole account)."""
    reg = load_json("live.json")["reg"]
    return _dump(
        {
            "trnm": REG,
            "grp_no": grp_no or reg["grp_no"],
            "refresh": refresh or reg["refresh"],
            "data": [{"item": [""], "type": list(types or reg["types"])}],
        }
    )


def registered_types(frame: Frame) -> list[str]:
    """The types a REG frame asks for (the simulator's reading), in order, without repeats."""
    found: list[str] = []
    data = frame.body.get("data")
    for entry in data if isinstance(data, list) else []:
        types = entry.get("type") if isinstance(entry, dict) else None
        for t in [types] if isinstance(types, str) else types if isinstance(types, list) else []:
            if isinstance(t, str) and t not in found:
                found.append(t)
    return found


# --- what the host sends (the simulator builds these) ------------------------------------------------
PING_TEXT = _dump({"trnm": PING})


def ack_frame(trnm: str, return_code: int = 0, return_msg: str = "") -> str:
    return _dump({"trnm": trnm, "return_code": return_code, "return_msg": return_msg})


def system_frame(code: str, message: str) -> str:
    return _dump({"trnm": SYSTEM, "code": code, "message": message})


def real_frame(items: Iterable[tuple[str, str, str, Mapping[str, str]]]) -> str:
    """REAL with one entry per (type, name, item, values)."""
    return _dump(
        {
            "trnm": REAL,
            "data": [
                {"type": kind, "name": name, "item": item, "values": dict(values)} for kind, name, item, values in items
            ],
        }
    )
