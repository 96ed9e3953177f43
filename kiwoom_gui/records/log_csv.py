"""The response log as a CSV file that Excel opens without changing what it says.

- UTF-8 with a BOM: Excel then reads Korean correctly.
- The full date and time on every row (the table shows only ``HH:MM:SS`` for today's rows).
- Order numbers and stock codes stay text. Excel turns ``0000455`` into the number 455 and
  ``005930`` into 5930 when it opens a CSV, whatever quoting is used; the usual way to keep a
  value as text in a CSV is the formula form ``="0000455"`` (a formula whose result is that text;
  LibreOffice reads it the same way; a program reading the file sees the ``="…"`` and can strip it).
  It is written only for values of plain letters and digits, so nothing else can ride in it.
- Any other cell that Excel would run as a formula (starting ``=``, ``+``, ``-``, ``@``, tab or CR,
  and not a plain number) gets a leading ``'``: a hostile ``return_msg`` cannot become a formula
  (OWASP "CSV injection").
- Rows are written in full (the detail pane is bounded, the record is not); lone surrogates escaped.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from pathlib import Path

from ..base.resources_io import load_json
from ..base.safe_text import printable
from .log_rows import COLUMN_KEYS, COLUMNS, LogRow

_CSV = load_json("log.json")["csv"]
_EXTRA_KEYS: tuple[str, ...] = tuple(c["key"] for c in _CSV["extra_columns"])
TEXT_KEYS = frozenset(_CSV["text_keys"])  # written as ="…" so Excel keeps their leading zeros
HEADER: tuple[str, ...] = (*(c.label for c in COLUMNS), *(c["label"] for c in _CSV["extra_columns"]))
_PLAIN_CODE = re.compile(r"[0-9A-Za-z]+")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_excel_text(value: str) -> str:
    """``0000455`` → ``="0000455"``: Excel shows 0000455 and keeps it as text. Anything but plain letters
    and digits is left to :func:`safe_cell`."""
    return f'="{value}"' if _PLAIN_CODE.fullmatch(value) else safe_cell(value)


def safe_cell(value: str) -> str:
    """A cell Excel will not run as a formula, with lone surrogates escaped (UTF-8 cannot hold them)."""
    value = printable(value)
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_values(row: LogRow) -> dict[str, str]:
    """Every column of the export by key, full length."""
    values = row.values()
    values["created_at"] = row.date_time
    values.update(
        stk_cd=str(row.request_body.get("stk_cd", "")),
        orig_ord_no=str(row.request_body.get("orig_ord_no", "")),
        message=row.message or "",
        request_body=json.dumps(dict(row.request_body), ensure_ascii=False),
        response=json.dumps(row.response, ensure_ascii=False, default=str) if row.response is not None else "",
        created_at_iso=row.iso_kst,
    )
    return values


def write_csv(path: Path, rows: Iterable[LogRow]) -> int:
    """Write ``rows`` to ``path``; returns how many. Does disk I/O: never call it on the GUI thread."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:  # BOM: Excel reads Korean correctly
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for row in rows:
            values = csv_values(row)
            writer.writerow(
                as_excel_text(values[key]) if key in TEXT_KEYS and values[key] else safe_cell(values[key])
                for key in (*COLUMN_KEYS, *_EXTRA_KEYS)
            )
            count += 1
    return count
