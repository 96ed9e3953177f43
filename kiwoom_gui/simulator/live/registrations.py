"""One WebSocket session's real-time registrations, by group (kiwoom-spec/0B.md request body): REG adds
(item, type) pairs to its ``grp_no`` (``refresh`` "0" first drops that group's earlier pairs; "1", the default,
keeps them), REMOVE takes pairs out of its group (out of every group when it names none).

00 and 04 are the account's: their item is ignored. 0s and 1h registered with item "" cover the whole market
(every stock's VI under its plain code; 0s always comes with item ""). Types the simulator does not serve are
acknowledged and ignored, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..market.quote_book import split_item
from ..market.stream import TYPES as MARKET_TYPES

ACCOUNT_TYPES = ("00", "04")
WIDE_TYPES = ("0s", "1h")  # item "" = the whole market
SERVED = (*ACCOUNT_TYPES, *MARKET_TYPES)


def _strings(value: object, default: list[str]) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str)]
    return default


def pairs(body: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (item, type) pairs a REG / REMOVE body names, in order, served types only."""
    found: list[tuple[str, str]] = []
    data = body.get("data")
    for entry in data if isinstance(data, list) else []:
        if not isinstance(entry, dict):
            continue
        items = _strings(entry.get("item"), [""]) or [""]
        for kind in _strings(entry.get("type"), []):
            if kind not in SERVED:
                continue
            for item in [""] if kind in ACCOUNT_TYPES else items:
                if (item, kind) not in found:
                    found.append((item, kind))
    return found


class Registrations:
    def __init__(self) -> None:
        self._groups: dict[str, set[tuple[str, str]]] = {}

    def reg(self, body: Mapping[str, Any]) -> None:
        group = str(body.get("grp_no") or "")
        if str(body.get("refresh") or "1").strip() == "0":
            self._groups.pop(group, None)
        self._groups.setdefault(group, set()).update(pairs(body))

    def remove(self, body: Mapping[str, Any]) -> None:
        group = body.get("grp_no")
        named = set(pairs(body))
        for name, held in self._groups.items():
            if group is None or str(group) == name:
                held -= named

    def _all(self) -> set[tuple[str, str]]:
        return set().union(*self._groups.values()) if self._groups else set()

    @property
    def types(self) -> set[str]:
        return {kind for _, kind in self._all()}

    @property
    def streaming(self) -> bool:
        """Registered for some market type (the session then wakes often to send)."""
        return any(kind in MARKET_TYPES for _, kind in self._all())

    def wants(self, kind: str, item: str) -> bool:
        if kind in ACCOUNT_TYPES:
            return any(k == kind for _, k in self._all())
        held = self._all()
        if (item, kind) in held:
            return True
        return kind in WIDE_TYPES and ("", kind) in held and split_item(item)[0] == item

    def codes(self) -> set[str]:
        """The stocks registered for a market type (plain codes)."""
        return {split_item(item)[0] for item, kind in self._all() if kind in MARKET_TYPES and item}


def union_codes(regs: Iterable[Registrations]) -> set[str]:
    codes: set[str] = set()
    for r in regs:
        codes |= r.codes()
    return codes
