"""One row of the response log, without Qt: a journal entry plus what only the live log knows, and its cells.

The columns (label, tooltip, width) and the display limits live in ``resources/log.json``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

from ..base.kst import in_kst, kst_today
from ..base.resources_io import load_json
from ..host.environments import environment
from ..orders.specs import load_orders
from .bounded_text import bounded
from .journal_entry import JournalEntry, response_of

if TYPE_CHECKING:
    from ..host.client import OrderResult

_LOG = load_json("log.json")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Korean, shown in the header
    tooltip: str  # starts with the key the label stands for (return_code, ms, …)
    width: int


COLUMNS: tuple[Column, ...] = tuple(Column(**c) for c in _LOG["columns"])
COLUMN_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)
OUTCOME_COLUMN = COLUMN_KEYS.index("outcome")
PENDING_LABEL: str = _LOG["texts"]["pending"]
WAITING_LABEL: str = _LOG["texts"]["waiting"]  # queued behind an order whose answer has not come
WAITING_MESSAGE: str = _LOG["texts"]["waiting_message"]
PENDING_VALUE = "pending"  # the outcome filter's value for rows still waiting for their answer
LIVE_ROWS: int = int(_LOG["live_rows"])
TRIM_BATCH: int = int(_LOG["trim_batch"])
CELL_CHARS: int = int(_LOG["limits"]["cell_chars"])
_ENV_NAMES = ("mock", "real", "simulator")


def title_of(api_id: str) -> str:
    """The order's Korean name, or "" for an api-id this program does not know (an old or odd journal row)."""
    spec = load_orders().get(api_id)
    return spec.title if spec else ""


def host_label(host: str) -> str:
    """The host as the log shows it: without its scheme (``api.kiwoom.com``, ``127.0.0.1:8080``)."""
    return host.split("://", 1)[-1].rstrip("/")


def env_label(env: str) -> str:
    return environment(env).label if env in _ENV_NAMES else env


@dataclass(frozen=True)
class LogRow(JournalEntry):
    """A journal entry as the log shows it, plus what only the live log has."""

    request_id: int | None = None  # set for orders sent in this run; their answer updates the row
    response_headers: Mapping[str, str] = field(default_factory=dict)
    waiting: bool = False  # not on the wire yet: an earlier order's answer is still awaited
    fill: str = ""  # what the live connection said of this order (체결 n/m주 · 평균 …); not journalled
    journal_note: str = ""  # where this run's outcome went when the journal could not take it (shown by 결과)
    candidates: tuple = ()  # attribution.Candidate: orders that could be this 확인 필요 one, unproven

    @property
    def when(self) -> str:
        return self.when_on(kst_today())

    def when_on(self, today: dt.date) -> str:
        """``HH:MM:SS`` (KST) for KST ``today``, else ``YYYY-MM-DD HH:MM:SS`` (KST). ``created_at`` is this
        computer's ISO time with its offset: shown in Korea's time whatever the computer's zone."""
        when = in_kst(self.created_at)
        if when is None:
            return self.date_time
        return when.strftime("%H:%M:%S") if when.date() == today else self.date_time

    @property
    def date_time(self) -> str:
        """``YYYY-MM-DD HH:MM:SS`` in KST whatever the day: what an export must keep."""
        when = in_kst(self.created_at)
        if when is None:  # unreadable: shown as stored rather than hidden
            date, _, time = self.created_at.partition("T")
            return f"{date} {time[:8]}".strip()
        return when.strftime("%Y-%m-%d %H:%M:%S")

    @property
    def iso_kst(self) -> str:
        """The full time in KST with its ``+09:00`` offset (the CSV's exact column)."""
        when = in_kst(self.created_at)
        return when.isoformat(timespec="milliseconds") if when else self.created_at

    @property
    def outcome_label(self) -> str:
        if self.outcome:
            return self.outcome.label
        return WAITING_LABEL if self.waiting else PENDING_LABEL

    @property
    def outcome_text(self) -> str:
        """The outcome cell: a 확인 필요 row with candidates says so (후보 2건: 0000101 15:33:03, …)."""
        if self.candidates and self.outcome is not None and self.outcome.value == "unknown":
            from ..account.attribution import candidates_text

            return f"{self.outcome_label} · {candidates_text(self.candidates)}"
        if self.journal_note:  # where this run's outcome went when the journal could not take it
            return f"{self.outcome_label} · {self.journal_note}"
        return self.outcome_label

    @property
    def outcome_value(self) -> str:
        """The outcome filter's value: ``accepted`` … or ``pending``."""
        return self.outcome.value if self.outcome else PENDING_VALUE

    @property
    def pending(self) -> bool:
        """Sent in this run and not answered yet: its answer must find this row."""
        return self.request_id is not None and self.outcome is None

    def values(self, today: dt.date | None = None) -> dict[str, str]:
        """Every column's full text by key (nothing cut: the CSV export uses it as is)."""
        return {
            "created_at": self.when_on(today or kst_today()),
            "env": env_label(self.env),
            "host": host_label(self.host),
            "api_id": self.api_id,
            "title": title_of(self.api_id),
            "outcome": self.outcome_text,
            "ord_no": self.ord_no or "",
            "http_status": "" if self.http_status is None else str(self.http_status),
            "return_code": "" if self.return_code is None else str(self.return_code),
            "code": self.code or "",
            "elapsed_ms": "" if self.elapsed_ms is None else f"{self.elapsed_ms:.0f}",
            "return_msg": self.return_msg or "",
            "fill": self.fill,
        }

    def cells(self, today: dt.date | None = None) -> tuple[str, ...]:
        """What the table shows, column by column: each cell bounded, so a hostile answer cannot stall a paint."""
        values = self.values(today)
        return tuple(bounded(values[key], CELL_CHARS) for key in COLUMN_KEYS)

    def to_json(self) -> dict[str, Any]:
        data = asdict(replace(self, candidates=()))
        data["candidates"] = [c.short for c in self.candidates]
        data["outcome"] = self.outcome.value if self.outcome else None
        data["outcome_label"] = self.outcome_label
        data["title"] = title_of(self.api_id)
        return data


def row_from_journal(entry: JournalEntry) -> LogRow:
    return LogRow(**{f.name: getattr(entry, f.name) for f in fields(JournalEntry)})


def with_result(row: LogRow, result: OrderResult, journal_id: int | None) -> LogRow:
    return replace(
        row,
        id=journal_id,
        outcome=result.outcome,
        http_status=result.http_status,
        return_code=result.return_code,
        code=result.code,
        return_msg=result.return_msg,
        ord_no=result.ord_no,
        elapsed_ms=result.elapsed_ms,
        message=result.message,
        response=response_of(result),
        response_headers=dict(result.response_headers),
        journal_note=result.journal_note,
    )


__all__ = [
    "CELL_CHARS",
    "COLUMNS",
    "COLUMN_KEYS",
    "LIVE_ROWS",
    "OUTCOME_COLUMN",
    "PENDING_LABEL",
    "PENDING_VALUE",
    "TRIM_BATCH",
    "Column",
    "LogRow",
    "row_from_journal",
    "with_result",
]
