"""The order journal: every order is written (and synced) before it is sent, its outcome when it arrives.

SQLite in WAL mode with ``synchronous=FULL``. An order recorded as sent with no outcome means the
program stopped mid-flight: it is reported as ``unknown`` (확인 필요). Holds no secret: headers are
stored masked, bodies never carry one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from pathlib import Path

from .answers import Outcome
from .journal_entry import JournalEntry, now_iso, response_of

__all__ = ["INTERRUPTED", "Journal", "JournalEntry", "JournalError", "now_iso", "response_of"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    env TEXT NOT NULL,
    api_id TEXT NOT NULL,
    request_body TEXT NOT NULL,
    request_headers TEXT NOT NULL DEFAULT '{}',
    outcome TEXT,
    http_status INTEGER,
    return_code INTEGER,
    code TEXT,
    return_msg TEXT,
    ord_no TEXT,
    elapsed_ms REAL,
    message TEXT,
    response TEXT,
    finished_at TEXT
);
"""
INTERRUPTED = "프로그램이 응답을 받기 전에 종료되었습니다. 주문이 접수되었을 수 있으니 미체결 주문을 확인하세요."


class JournalError(Exception):
    """The journal could not be written: the order must not be sent."""


class Journal:
    """Not shared across threads: the worker thread opens and uses it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path), isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise JournalError(f"주문 기록 파일을 열 수 없습니다: {self.path} ({exc})") from None

    def close(self) -> None:
        self._db.close()

    def record_intent(self, env: str, api_id: str, body: Mapping[str, str], headers: Mapping[str, str]) -> int:
        """Write the order before sending it; raises :class:`JournalError` if that is impossible."""
        try:
            cur = self._db.execute(
                "INSERT INTO orders (created_at, env, api_id, request_body, request_headers) VALUES (?,?,?,?,?)",
                (now_iso(), env, api_id, json.dumps(dict(body), ensure_ascii=False), json.dumps(dict(headers))),
            )
            return int(cur.lastrowid)
        except sqlite3.Error as exc:
            raise JournalError(f"주문 기록을 쓸 수 없습니다 ({exc})") from None

    def record_outcome(self, entry_id: int, result) -> None:
        """Store the answer of order ``entry_id`` (a client ``OrderResult``)."""
        try:
            self._db.execute(
                "UPDATE orders SET outcome=?, http_status=?, return_code=?, code=?, return_msg=?, ord_no=?,"
                " elapsed_ms=?, message=?, response=?, finished_at=? WHERE id=?",
                (
                    result.outcome.value,
                    result.http_status,
                    result.return_code,
                    result.code,
                    result.return_msg,
                    result.ord_no,
                    result.elapsed_ms,
                    result.message,
                    json.dumps(response_of(result), ensure_ascii=False),
                    now_iso(),
                    entry_id,
                ),
            )
        except sqlite3.Error as exc:
            raise JournalError(f"주문 결과를 기록하지 못했습니다 ({exc})") from None

    def recover(self) -> int:
        """Orders sent without an outcome (the program died mid-flight) become ``unknown``."""
        cur = self._db.execute(
            "UPDATE orders SET outcome=?, message=?, finished_at=? WHERE outcome IS NULL",
            (Outcome.UNKNOWN.value, INTERRUPTED, now_iso()),
        )
        return cur.rowcount

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM orders").fetchone()[0])

    def recent(self, limit: int = 1000) -> list[JournalEntry]:
        """The newest ``limit`` orders, oldest first."""
        rows = self._db.execute(
            "SELECT id, created_at, env, api_id, request_body, request_headers, outcome, http_status, return_code,"
            " code, return_msg, ord_no, elapsed_ms, message, response FROM orders ORDER BY id DESC LIMIT ?",
            (limit,),
        ).fetchall()
        return [_entry(r) for r in reversed(rows)]


def _entry(r: tuple) -> JournalEntry:
    response = json.loads(r[14]) if r[14] else None
    return JournalEntry(
        id=r[0],
        created_at=r[1],
        env=r[2],
        api_id=r[3],
        request_body=json.loads(r[4]),
        request_headers=json.loads(r[5] or "{}"),
        outcome=Outcome(r[6]) if r[6] else None,
        http_status=r[7],
        return_code=r[8],
        code=r[9],
        return_msg=r[10] or "",
        ord_no=r[11],
        elapsed_ms=r[12],
        message=r[13] or "",
        response=response if isinstance(response, dict) else ({"text": response} if response else None),
    )
