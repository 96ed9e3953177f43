"""The simulator's session clock (``--session``): which phase each venue is in, and the 0s 장운영구분 codes the
exchanges announce at each boundary (resources/simulator_quotes.json, from the facts file §C 2d).

A clock is one of: ``now`` (the real KST clock), a named session (``regular``, ``pre``, ``auction``, ``after``,
``closed``: the clock stands still at that session's time of day), or a KST time ``HH:MM[:SS]`` (the clock starts
there today and runs at real speed, so the boundaries after it are crossed and announced).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

from ...base.kst import KST
from ...base.resources_io import load_json

CONTINUOUS, AUCTION, CLOSED = "continuous", "auction", "closed"


@cache
def quotes_data() -> Mapping[str, Any]:
    return load_json("simulator_quotes.json")


def _time(text: str) -> dt.time:
    parts = [int(p) for p in text.split(":")]
    if len(parts) not in (2, 3) or not all(0 <= p < 60 for p in parts[1:]) or not 0 <= parts[0] < 24:
        raise ValueError(text)
    return dt.time(*parts)


def session_names() -> tuple[str, ...]:
    return tuple(quotes_data()["sessions"])


class SessionClock:
    """``spec``: ``now``, a name of :func:`session_names` or ``HH:MM[:SS]``; ValueError (in Korean) otherwise."""

    def __init__(self, spec: str = "regular", *, now: Callable[[], dt.datetime] | None = None) -> None:
        self.spec = spec.strip()
        self._real = now or (lambda: dt.datetime.now(KST))
        named = quotes_data()["sessions"]
        text = named.get(self.spec, self.spec)
        self._frozen = self.spec in named
        if self.spec == "now":
            self._start: dt.datetime | None = None
        else:
            try:
                at = _time(text)
            except ValueError:
                choices = ", ".join(("now", *named))
                raise ValueError(f"--session 은 {choices} 또는 KST 시각 HH:MM[:SS] 이어야 합니다: {spec!r}") from None
            self._start = dt.datetime.combine(self._real().date(), at, KST)
        self._began = time.monotonic()

    def now(self) -> dt.datetime:
        """The simulated KST time."""
        if self._start is None:
            return self._real()
        if self._frozen:
            return self._start
        return self._start + dt.timedelta(seconds=time.monotonic() - self._began)

    def phase(self, venue: str, at: dt.datetime | None = None) -> str:
        """KRX / NXT: continuous, auction or closed at ``at`` (default now); on the real clock weekends are closed
        (a session or time given by name is that session whatever the day)."""
        at = at or self.now()
        if self._start is None and at.weekday() >= 5:
            return CLOSED
        found = CLOSED
        for start, phase in quotes_data()["timetable"][venue]:
            if at.time() >= _time(start):
                found = phase
        return found

    def codes_between(self, after: dt.datetime, until: dt.datetime) -> list[tuple[dt.datetime, str]]:
        """The 0s codes announced in (after, until], in order (same day only; a weekend has none)."""
        found = []
        if (self._start is None and until.weekday() >= 5) or until <= after:
            return found
        for text, codes in _boundaries():
            moment = dt.datetime.combine(until.date(), _time(text), KST)
            if after < moment <= until:
                found += [(moment, c) for c in codes]
        return found

    def current_codes(self, at: dt.datetime | None = None) -> list[str]:
        """KRX's and NXT's last codes up to ``at`` (NXT's are the upper-case ones; before a venue's first of the
        day, its last of the day, as of the evening before)."""
        at = at or self.now()
        found = []
        for nxt in (False, True):
            mine = [(text, c) for text, codes in _boundaries() for c in codes if c.isupper() == nxt]
            passed = [c for text, c in mine if at.time() >= _time(text)]
            found.append(passed[-1] if passed else mine[-1][1])
        return found

    def until_open(self, at: dt.datetime) -> str:
        """214 장시작예상잔여시간 (HHmmss) to the regular open, 000000 past it."""
        opening = dt.datetime.combine(at.date(), _time(quotes_data()["open_at"]), KST)
        left = max(int((opening - at).total_seconds()), 0)
        return f"{left // 3600:02d}{left % 3600 // 60:02d}{left % 60:02d}"

    def market_kind(self, at: dt.datetime | None = None) -> str:
        """0B 290 장구분: 1 장전 시간외, 2 장중, 3 장후 시간외."""
        at = at or self.now()
        if at.time() < _time("09:00:00"):
            return "1"
        return "2" if at.time() < _time("15:30:00") else "3"


@cache
def _boundaries() -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = {k: v for k, v in quotes_data()["session_codes"].items() if not k.startswith("_")}
    return tuple(sorted(((k, tuple(v)) for k, v in table.items()), key=lambda kv: _time(kv[0])))
