"""The side file for an order's outcome the journal could not take (disk full, file locked, I/O error).

One JSON line per outcome, appended and fsync'd, next to the journal in the data directory. At the next start
the worker moves each line into its journal row — only a row whose id, environment, host, api-id and body all
agree — and removes the file. Holds no secret (bodies and order numbers only). Qt-free, no SQLite.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from ..base.safe_text import printable
from .journal_entry import now_iso

__all__ = ["append_outcome", "fallback_path", "read_outcomes", "write_outcomes"]


def fallback_path(journal_path: Path) -> Path:
    """``journal.sqlite3`` → ``journal.outcomes.jsonl`` in the same directory."""
    journal_path = Path(journal_path)
    return journal_path.with_name(f"{journal_path.stem}.outcomes.jsonl")


def _record(entry_id: int, result, host: str) -> dict:
    return {
        "id": entry_id,
        "env": result.env,
        "host": host,
        "api_id": result.api_id,
        "body": dict(result.request_body),
        "outcome": result.outcome.value,
        "ord_no": result.ord_no,
        "http_status": result.http_status if isinstance(result.http_status, int) else None,
        "return_code": result.return_code if isinstance(result.return_code, int) else None,
        "return_msg": printable(str(result.return_msg or ""))[:500],
        "message": printable(str(result.message or ""))[:1000],
        "written_at": now_iso(),
    }


def append_outcome(path: Path, entry_id: int, result, host: str) -> None:
    """Append the outcome of journal row ``entry_id`` (a client ``OrderResult``) and sync it to the disk;
    raises ``OSError`` (or ``ValueError``) when it could not be made durable."""
    path = Path(path)
    line = json.dumps(_record(entry_id, result, host), ensure_ascii=True) + "\n"  # ASCII: no encoding can fail
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        data = line.encode("ascii")
        if os.write(fd, data) != len(data):
            raise OSError("짧은 쓰기")
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        _sync_directory(path.parent)  # the new file's name must survive a power cut too


def _sync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory: its file system commits the name with the file
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_outcomes(path: Path) -> list[dict]:
    """Every readable record of the side file, oldest first ([] when there is none). A torn line (the power
    went mid-write) is skipped: the lines before it were synced whole."""
    try:
        text = Path(path).read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return []
    records = []
    for line in text.splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and isinstance(record.get("id"), int) and isinstance(record.get("body"), dict):
            records.append(record)
    return records


def write_outcomes(path: Path, records: list[Mapping[str, object]]) -> None:
    """Replace the side file with ``records`` (those not yet moved into the journal); none: remove it."""
    path = Path(path)
    if not records:
        path.unlink(missing_ok=True)
        return
    temporary = path.with_name(path.name + ".new")
    with open(temporary, "w", encoding="ascii") as f:
        f.writelines(json.dumps(dict(r), ensure_ascii=True) + "\n" for r in records)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temporary, path)
