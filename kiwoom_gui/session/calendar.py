"""Which session each venue is in at a KST moment, from the timelines and the KRX holiday list in resources/.

Every function takes the moment explicitly (an aware datetime; it is read in KST whatever its zone), so the
answer never depends on this computer's zone or clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cache
from typing import Any

from ..base.kst import KST
from ..base.resources_io import load_json

DAY_END = dt.time(23, 59, 59, 999999)


@cache
def data() -> Mapping[str, Any]:
    return load_json("market_sessions.json")


@cache
def holidays() -> tuple[Mapping[str, str], Mapping[str, str]]:
    """(confirmed, provisional): ISO date → name."""
    raw = load_json("krx_holidays.json")
    return raw["confirmed"], raw["provisional"]


def _time(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def in_kst(when: dt.datetime) -> dt.datetime:
    if when.tzinfo is None:
        raise ValueError("a session is judged on an aware time (KST), never the machine's zone")
    return when.astimezone(KST)


def holiday_name(day: dt.date) -> tuple[str, bool] | None:
    """(name, confirmed) when ``day`` is a KRX 휴장일 on the list, else None."""
    confirmed, provisional = holidays()
    key = day.isoformat()
    if key in confirmed:
        return confirmed[key], True
    if key in provisional:
        return provisional[key], False
    return None


def _spans(venue: str, day: dt.date) -> list[tuple[dt.time, dt.time, str]]:
    chosen = None
    for timeline in data()["timelines"][venue]:
        if dt.date.fromisoformat(timeline["from"]) <= day:
            chosen = timeline
    if chosen is None:
        return []
    return [(_time(a), _time(b), session) for a, b, session in chosen["spans"]]


def _closed_day(day: dt.date) -> str | None:
    if day.weekday() >= 5:
        return "weekend"
    found = holiday_name(day)
    if found is not None:
        return "holiday" if found[1] else "holiday_provisional"
    return None


def clock_session(venue: str, when: dt.datetime, env: str = "real") -> str:
    """The session id of ``venue`` ("KRX", "NXT") at ``when`` by the clock; in 모의투자 KRX closes at 15:30
    (RC4058)."""
    now = in_kst(when)
    closed = _closed_day(now.date())
    if closed:
        return closed
    t = now.time()
    mock = data()["mock"]
    if env == "mock" and venue == "KRX" and t >= _time(mock["closes_at"]):
        return mock["session"]
    spans = _spans(venue, now.date())
    for start, end, session in spans:
        if start <= t < end:
            return session
    outside = data()["outside"]
    return outside["before"] if spans and t < spans[0][0] else outside["after"]


def next_boundary(venue: str, when: dt.datetime, env: str = "real") -> dt.datetime:
    """The next moment after ``when`` at which ``venue``'s clock session may change (at the latest the next
    KST midnight)."""
    now = in_kst(when)
    edges = set()
    if not _closed_day(now.date()):
        for start, end, _ in _spans(venue, now.date()):
            edges.update((start, end))
        if env == "mock" and venue == "KRX":
            edges.add(_time(data()["mock"]["closes_at"]))
    later = sorted(e for e in edges if e > now.time())
    if later:
        return dt.datetime.combine(now.date(), later[0], KST)
    return dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(0), KST)


def session_label(venue: str, session: str) -> str:
    entry = data()["sessions"].get(session, {})
    return str(entry.get(venue) or entry.get("label") or session)
