"""AccountGate: which live events may be applied — only those naming (9201) the account the token trades.

Until that account is known (ka00001 has answered) no event is applied: they wait, the newest ``limit`` kept
in order (older ones dropped and counted), and are let through once the account is known. An event naming
another account, or none at all (no proof it is ours), is dropped and counted. Qt-free.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable
from dataclasses import dataclass

ACCOUNT_FID = "9201"


def named_account(event: object) -> str | None:
    """The account an event names (9201, stripped), or None when it names none."""
    raw = getattr(event, "raw", None)
    named = raw.get(ACCOUNT_FID) if hasattr(raw, "get") else None
    if not isinstance(named, str) or not named.strip():
        return None
    return named.strip()


@dataclass
class Dropped:
    """Events not applied, by why."""

    overflow: int = 0  # waited too long in a full queue: the newer ones were kept
    other: int = 0  # named another account
    unnamed: int = 0  # named no account

    @property
    def total(self) -> int:
        return self.overflow + self.other + self.unnamed


class AccountGate:
    def __init__(self, limit: int) -> None:
        self._waiting: collections.deque[object] = collections.deque(maxlen=max(1, int(limit)))
        self.dropped = Dropped()

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def reset(self) -> None:
        """Another connection (environment, host, a restart): nothing waiting or counted carries over."""
        self._waiting.clear()
        self.dropped = Dropped()

    def admit(self, events: Iterable[object], account: str | None) -> list[object]:
        """The events that may be applied now, in order (waiting ones first, once ``account`` is known)."""
        if not account:
            for event in events:
                if len(self._waiting) == self._waiting.maxlen:
                    self.dropped.overflow += 1  # the deque drops its oldest
                self._waiting.append(event)
            return []
        pending = [*self._waiting, *events]
        self._waiting.clear()
        ours = []
        for event in pending:
            named = named_account(event)
            if named is None:
                self.dropped.unnamed += 1
            elif named != account:
                self.dropped.other += 1
            else:
                ours.append(event)
        return ours

    def release(self, account: str | None) -> list[object]:
        """The waiting events that may be applied now that ``account`` is known (none while it is not)."""
        return self.admit((), account) if account else []
