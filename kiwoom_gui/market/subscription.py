"""Which stock the live connection quotes: the item of a code at a venue, and the REG / REMOVE frames that move
the registration from one item to the next (kiwoom-spec/0B.md request body; kiwoom-account-facts.md §6).

The GUI thread says what it wants (:meth:`MarketSubscription.want`); the live thread takes the frames to send
(:meth:`MarketSubscription.take`) between reads, and after each LOGIN asks for the registration again
(:meth:`MarketSubscription.session_started`): registrations do not survive a reconnect. Thread-safe.
"""

from __future__ import annotations

import json
import re
import threading

from .quotes import market_data

_CODE = re.compile(r"[0-9A-Z]{6}")


def quote_item(code: str, venue: str) -> str:
    """``005930`` at KRX, ``005930_NX`` at NXT, ``005930_AL`` at SOR (quotes take the suffix; orders never do).
    Raises ValueError for a code that is not 6 characters of digits and capitals, or an unknown venue."""
    if not isinstance(code, str) or _CODE.fullmatch(code) is None:
        raise ValueError(f"not a stock code: {code!r}")
    suffixes = market_data()["venue_suffix"]
    if venue not in suffixes:
        raise ValueError(f"unknown venue {venue!r}; known: {', '.join(suffixes)}")
    return code + suffixes[venue]


def _dump(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def reg_frame(item: str, types: list[str] | None = None) -> str:
    """REG of ``item`` for the market types (market.json 'reg'), in the market's own group, keeping what the group
    already holds (refresh 1)."""
    reg = market_data()["reg"]
    return _dump({"trnm": "REG", "grp_no": reg["grp_no"], "refresh": reg["refresh"],
                  "data": [{"item": [item], "type": list(types or reg["types"])}]})


def remove_frame(item: str, types: list[str] | None = None) -> str:
    """REMOVE of ``item`` (REMOVE carries no refresh)."""
    reg = market_data()["reg"]
    data = [{"item": [item], "type": list(types or reg["types"])}]
    return _dump({"trnm": "REMOVE", "grp_no": reg["grp_no"], "data": data})


class MarketSubscription:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._item = ""  # what the window wants quoted ("" nothing)
        self._registered = ""  # what this session has registered (as far as frames sent go)
        self._outbox: list[str] = []

    @property
    def item(self) -> str:
        """The item wanted now: frames of any other item are not this window's any more."""
        with self._lock:
            return self._item

    def want(self, item: str) -> None:
        """From the GUI thread: quote ``item`` ("" none). The old item is REMOVEd before the new one is REGed."""
        with self._lock:
            self._item = item
            self._plan()

    def _plan(self) -> None:
        if self._registered == self._item:
            return
        if self._registered:
            self._outbox.append(remove_frame(self._registered))
        if self._item:
            self._outbox.append(reg_frame(self._item))
        self._registered = self._item

    def session_started(self) -> None:
        """From the live thread, after LOGIN and the account's REG: nothing is registered on a new session."""
        with self._lock:
            self._outbox.clear()
            self._registered = ""
            self._plan()

    def session_ended(self) -> None:
        with self._lock:
            self._outbox.clear()
            self._registered = ""

    def take(self) -> list[str]:
        """From the live thread: the frames to send now, in order."""
        with self._lock:
            out, self._outbox = self._outbox, []
            return out
