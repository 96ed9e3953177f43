"""An order whose outcome is unknown, as the journal knows it, and the schedule it is looked for on.

Whether a kt00007 row or a live 접수 *is* that order is :mod:`kiwoom_gui.account.attribution`'s one rule.
Nothing here ever sends an order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ..base.kst import KST
from ..base.resources_io import load_json

RECONCILE_SCHEDULE_S: tuple[float, ...] = tuple(float(s) for s in load_json("reconcile.json")["schedule_s"])


@dataclass(frozen=True)
class Intent:
    """What the journal knows of an order whose outcome is unknown."""

    journal_id: int
    api_id: str
    body: Mapping[str, str]
    created_at: str  # the journal's ISO time, with its offset
    env: str
    host: str
    looked_for: bool = False  # an earlier search ended "접수되지 않은 것으로 보임": an opinion, still looked for


def intent_time_kst(intent: Intent) -> dt.datetime | None:
    """When the intent was journalled, in Korea's time; None if the stored time cannot be read."""
    try:
        when = dt.datetime.fromisoformat(intent.created_at)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # an old row without an offset: this machine's local time
        when = when.astimezone()
    return when.astimezone(KST)
