"""One journaled order as the rest of the program sees it, without the SQLite code that stores it.

Kept apart from ``journal`` so the window can show rows before ``sqlite3`` is loaded on the worker thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..host.answers import Outcome


@dataclass(frozen=True)
class JournalEntry:
    id: int | None  # None: not journaled (yet)
    created_at: str
    env: str
    api_id: str
    request_body: Mapping[str, str]
    request_headers: Mapping[str, str] = field(default_factory=dict)
    outcome: Outcome | None = None  # None: sent, no answer yet
    http_status: int | None = None
    return_code: int | None = None
    code: str | None = None
    return_msg: str = ""
    ord_no: str | None = None
    elapsed_ms: float | None = None
    message: str = ""
    response: Mapping[str, object] | None = None
    host: str = ""  # the base URL the order went to: an order number is good only there
    resolution: str = ""  # what the search for an unknown outcome found, and how (issue 11)
    resolved_at: str | None = None


def response_of(result) -> dict | None:
    """An ``OrderResult``'s answer as stored and shown: the JSON body, or ``{"text": …}`` when not JSON."""
    if result.response_body is not None:
        return dict(result.response_body)
    return {"text": result.response_text} if result.response_text else None


def now_iso() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="milliseconds")
