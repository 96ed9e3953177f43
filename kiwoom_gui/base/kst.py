"""Korean Standard Time: Kiwoom's ``expires_dt`` is KST, and so is the simulator's clock.

On its own so the simulator can use it without importing the HTTP and keyring stack with auth.
"""

from __future__ import annotations

import datetime as dt

KST = dt.timezone(dt.timedelta(hours=9), "KST")


def kst_today() -> dt.date:
    """Today's date in Korea, whatever this computer's zone."""
    return dt.datetime.now(KST).date()


def in_kst(iso: str) -> dt.datetime | None:
    """A stored ISO time (with its offset; an old one without: this computer's local time) in KST, or None."""
    try:
        when = dt.datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(KST)
