"""The order journal: every order is written (and synced) before it is sent, its outcome when it arrives.

SQLite in WAL mode with ``synchronous=FULL``. An order recorded as sent with no outcome means the
program stopped mid-flight: it is reported as ``unknown`` (확인 필요). Holds no secret: headers are
stored masked, bodies never carry one.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping
from pathlib import Path

from ..base.error_words import reason_in_korean
from ..base.kst import KST
from ..base.safe_text import excerpt, printable
from ..host.answers import Outcome, order_number
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
    finished_at TEXT,
    host TEXT NOT NULL DEFAULT '',
    resolved_ord_no TEXT,
    resolution TEXT,
    resolved_at TEXT,
    resolved_by TEXT
);
"""
# journals written before a column existed gain it on open (the host; what reconciliation found)
MIGRATIONS = {
    "host": "ALTER TABLE orders ADD COLUMN host TEXT NOT NULL DEFAULT ''",
    "resolved_ord_no": "ALTER TABLE orders ADD COLUMN resolved_ord_no TEXT",
    "resolution": "ALTER TABLE orders ADD COLUMN resolution TEXT",
    "resolved_at": "ALTER TABLE orders ADD COLUMN resolved_at TEXT",
    "resolved_by": "ALTER TABLE orders ADD COLUMN resolved_by TEXT",
}
# what the journal keeps of one answer: an order answer is a few hundred bytes; a hostile one is cut here
RESPONSE_EXCERPT = 16_000
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
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(orders)")}
            for column, statement in MIGRATIONS.items():
                if column not in columns:
                    self._db.execute(statement)
        except (OSError, sqlite3.Error) as exc:
            raise JournalError(f"주문 기록 파일을 열 수 없습니다: {self.path} ({reason_in_korean(exc)})") from None

    def close(self) -> None:
        self._db.close()

    def record_intent(
        self, env: str, api_id: str, body: Mapping[str, str], headers: Mapping[str, str], host: str = ""
    ) -> int:
        """Write the order before sending it; raises :class:`JournalError` if that is impossible."""
        try:
            cur = self._db.execute(
                "INSERT INTO orders (created_at, env, api_id, request_body, request_headers, host)"
                " VALUES (?,?,?,?,?,?)",
                (now_iso(), env, api_id, _json(dict(body)), _json(dict(headers)), host),
            )
            return int(cur.lastrowid)
        except (sqlite3.Error, ValueError, OverflowError) as exc:
            raise JournalError(f"주문 기록을 쓸 수 없습니다 ({reason_in_korean(exc)})") from None

    def record_outcome(self, entry_id: int, result) -> None:
        """Store the answer of order ``entry_id`` (a client ``OrderResult``) as the host sent it: lone
        surrogates escaped, numbers SQLite cannot hold kept as text, a huge answer as a bounded excerpt."""
        try:
            self._db.execute(
                "UPDATE orders SET outcome=?, http_status=?, return_code=?, code=?, return_msg=?, ord_no=?,"
                " elapsed_ms=?, message=?, response=?, finished_at=? WHERE id=?",
                (
                    result.outcome.value,
                    _int64(result.http_status),
                    _int64(result.return_code),
                    _text(result.code),
                    _text(result.return_msg),
                    _text(result.ord_no),
                    result.elapsed_ms,
                    _text(result.message),
                    _response_json(response_of(result)),
                    now_iso(),
                    entry_id,
                ),
            )
        except (sqlite3.Error, ValueError, OverflowError, TypeError) as exc:
            raise JournalError(f"주문 결과를 기록하지 못했습니다 ({reason_in_korean(exc)})") from None

    def record_bare_outcome(self, entry_id: int, outcome: Outcome, message: str, ord_no: str | None) -> None:
        """The last resort when the full answer could not be stored: the outcome, the checked order
        number and why — nothing taken from the host as it was."""
        try:
            self._db.execute(
                "UPDATE orders SET outcome=?, ord_no=?, message=?, finished_at=? WHERE id=?",
                (outcome.value, ord_no, printable(message), now_iso(), entry_id),
            )
        except sqlite3.Error as exc:
            raise JournalError(f"주문 결과를 기록하지 못했습니다 ({reason_in_korean(exc)})") from None

    def apply_fallback(self, records: list[dict]) -> tuple[int, list[dict]]:
        """Move outcomes from the side file (:mod:`.outcome_fallback`) into their rows: only a row whose id,
        environment, host, api-id and body all agree, and whose outcome is still missing (or was marked
        interrupted by an earlier start). Returns (rows given their outcome, records that matched no row)."""
        from ..base.resources_io import load_json

        note = load_json("answers.json")["answer_problems"]["outcome_from_side_file"]
        applied, unmatched = 0, []
        try:
            for r in records:
                row = self._db.execute(
                    "SELECT env, host, api_id, request_body, outcome, message FROM orders WHERE id=?", (r["id"],)
                ).fetchone()
                try:
                    same = row is not None and row[:3] == (r.get("env"), r.get("host"), r.get("api_id"))
                    same = same and json.loads(row[3]) == r.get("body")
                    outcome = Outcome(r.get("outcome"))
                except (ValueError, TypeError):
                    same = False
                if not same:
                    unmatched.append(r)
                    continue
                if row[4] is not None and not (row[4] == Outcome.UNKNOWN.value and row[5] == INTERRUPTED):
                    continue  # the journal has its outcome already
                number = order_number(r.get("ord_no")) if outcome is Outcome.ACCEPTED else None
                status, code = r.get("http_status"), r.get("return_code")
                self._db.execute(
                    "UPDATE orders SET outcome=?, ord_no=?, http_status=?, return_code=?, return_msg=?, message=?,"
                    " finished_at=? WHERE id=?",
                    (
                        outcome.value,
                        number,
                        _int64(status) if isinstance(status, int) else None,
                        _int64(code) if isinstance(code, int) else None,
                        _text(str(r.get("return_msg") or "")),
                        printable(f"{note} {r.get('message') or ''}".strip()),
                        now_iso(),
                        r["id"],
                    ),
                )
                applied += 1
        except sqlite3.Error as exc:
            reason = reason_in_korean(exc)
            raise JournalError(f"보조 파일의 주문 결과를 주문 기록에 옮기지 못했습니다 ({reason})") from None
        return applied, unmatched

    def recover(self) -> int:
        """Orders sent without an outcome (the program died mid-flight) become ``unknown``."""
        cur = self._db.execute(
            "UPDATE orders SET outcome=?, message=?, finished_at=? WHERE outcome IS NULL",
            (Outcome.UNKNOWN.value, INTERRUPTED, now_iso()),
        )
        return cur.rowcount

    def record_reconciliation(self, entry_id: int, ord_no: str | None, how: str, by: str = "proof") -> bool:
        """What the search for an unknown order found. A found number (exactly 7 digits) makes the row
        ``confirmed`` with that number, ``resolved_by`` ``by`` (``proof``: the attribution rule; ``user``: the
        user picked a candidate); None keeps it ``unknown`` and records ``how`` (접수되지 않은 것으로 보임 — …,
        an opinion: it is still looked for). Only a row still ``unknown`` changes; returns whether it did."""
        from ..base.resources_io import load_json

        number = order_number(ord_no)
        if ord_no is not None and number is None:
            raise JournalError(f"주문번호가 7자리 숫자가 아닙니다: {printable(repr(ord_no))[:40]}")
        text = printable(how or load_json("answers.json")["reconcile"]["not_found"])
        try:
            if number is not None:
                cur = self._db.execute(
                    "UPDATE orders SET outcome=?, ord_no=?, resolved_ord_no=?, resolution=?, resolved_at=?,"
                    " resolved_by=? WHERE id=? AND outcome=?",
                    (Outcome.CONFIRMED.value, number, number, text, now_iso(), by, entry_id, Outcome.UNKNOWN.value),
                )
            else:
                cur = self._db.execute(
                    "UPDATE orders SET resolution=?, resolved_at=? WHERE id=? AND outcome=?",
                    (text, now_iso(), entry_id, Outcome.UNKNOWN.value),
                )
        except sqlite3.Error as exc:
            raise JournalError(f"조회 결과를 기록하지 못했습니다 ({reason_in_korean(exc)})") from None
        return cur.rowcount == 1

    def record_user_choice(self, entry_id: int, ord_no: str, how: str, today: dt.date) -> bool:
        """The user picked ``ord_no`` as order ``entry_id`` (a candidate, after a confirmation): recorded as the
        user's choice — only for an order of ``today`` (KST), and unless that number is already another order's
        of the same env, host and day (the order's own day: a window left open past midnight judges yesterday's
        order against yesterday's numbers, review 5)."""
        row = self._db.execute("SELECT env, host, created_at FROM orders WHERE id=?", (entry_id,)).fetchone()
        if row is None or order_number(ord_no) is None:
            return False
        day = _kst_date(row[2])
        if day is None or day != today:
            return False  # an order number is good on its own trading day only
        if ord_no in self.known_order_numbers(row[0], row[1], day):
            return False
        return self.record_reconciliation(entry_id, ord_no, how, by="user")

    def unknown_today(self, env: str, host: str, today_kst: dt.date, looked_for: bool = False) -> list:
        """This trading day's orders at ``env``/``host`` still ``unknown``, oldest first: those not yet looked for
        to the end (a crash mid-flight or mid-search left them) and, with ``looked_for``, also those a search
        ended "접수되지 않은 것으로 보임" (an opinion: still watched; ``Intent.looked_for`` says which)."""
        from ..account.reconcile import Intent

        intents = []
        also = "" if looked_for else " AND resolution IS NULL"
        for r in self._day_rows(
            "SELECT id, api_id, request_body, created_at, env, host, resolution FROM orders"
            f" WHERE env=? AND host=? AND outcome=?{also} AND created_at>=? ORDER BY id",
            (env, host, Outcome.UNKNOWN.value, _day_floor(today_kst)),
            today_kst,
            created_index=3,
        ):
            try:
                body = json.loads(r[2])
            except ValueError:
                continue
            if isinstance(body, dict):
                body = {str(k): str(v) for k, v in body.items()}
                intents.append(Intent(r[0], r[1], body, r[3], r[4], r[5], looked_for=r[6] is not None))
        return intents

    def known_order_numbers(self, env: str, host: str, today: dt.date) -> set[str]:
        """Every order number the journal holds for ``env``/``host`` on trading day ``today`` (KST): a row
        of the host's list with one of these numbers is an order we already know, never a found one."""
        rows = self._day_rows(
            "SELECT ord_no, resolved_ord_no, created_at FROM orders"
            " WHERE env=? AND host=? AND (ord_no IS NOT NULL OR resolved_ord_no IS NOT NULL) AND created_at>=?",
            (env, host, _day_floor(today)),
            today,
            created_index=2,
        )
        return {n for r in rows for n in (r[0], r[1]) if isinstance(n, str) and n}

    def _day_rows(self, sql: str, params: tuple, day: dt.date, created_index: int) -> list[tuple]:
        try:
            rows = self._db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise JournalError(f"주문 기록을 읽을 수 없습니다 ({reason_in_korean(exc)})") from None
        return [r for r in rows if _kst_date(r[created_index]) == day]

    def heads(self, ids: list[int]) -> list[tuple]:
        """(created_at, outcome) of rows ``ids`` as stored: what a row the history could not read may be."""
        try:
            marks = ",".join("?" * len(ids))
            return self._db.execute(f"SELECT created_at, outcome FROM orders WHERE id IN ({marks})", ids).fetchall()
        except sqlite3.Error as exc:
            raise JournalError(f"주문 기록을 읽을 수 없습니다 ({reason_in_korean(exc)})") from None

    def count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM orders").fetchone()[0])

    def recent(self, limit: int = 1000) -> list[JournalEntry]:
        """The newest ``limit`` orders, oldest first (rows that cannot be read are left out: see
        :meth:`recent_readable`)."""
        return self.recent_readable(limit)[0]

    def recent_readable(self, limit: int = 1000) -> tuple[list[JournalEntry], list[int]]:
        """The newest ``limit`` orders, oldest first (and before them this day's orders still 확인 필요, however
        old), and the ids of rows among them that could not be read. One damaged row must not hide the rest —
        least of all the 확인 필요 rows a crash left."""
        today = dt.datetime.now(KST).date()
        try:
            rows = self._db.execute(f"SELECT {_COLUMNS} FROM orders ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
            if len(rows) == limit:  # and this day's 확인 필요 older than those: a Send of that body must warn
                rows += self._day_rows(
                    f"SELECT {_COLUMNS} FROM orders WHERE id<? AND outcome=? AND created_at>=? ORDER BY id DESC",
                    (rows[-1][0], Outcome.UNKNOWN.value, _day_floor(today)),
                    today,
                    created_index=1,
                )
        except sqlite3.Error as exc:
            raise JournalError(f"주문 기록을 읽을 수 없습니다 ({reason_in_korean(exc)})") from None
        entries: list[JournalEntry] = []
        bad: list[int] = []
        for r in reversed(rows):
            try:
                entries.append(_entry(r))
            except Exception:  # any malformed value: report the row, keep the others
                bad.append(r[0])
        return entries, bad


_COLUMNS = (
    "id, created_at, env, api_id, request_body, request_headers, outcome, http_status, return_code, code,"
    " return_msg, ord_no, elapsed_ms, message, response, host, resolution, resolved_at"
)


def _day_floor(day: dt.date) -> str:
    """A coarse SQL bound on ``created_at`` (local ISO time): the local date of KST ``day``'s first
    moment is at most a day earlier."""
    return (day - dt.timedelta(days=1)).isoformat()


def _kst_date(created_at: object) -> dt.date | None:
    try:
        when = dt.datetime.fromisoformat(str(created_at))
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.astimezone()
    return when.astimezone(KST).date()


def _json(value: object) -> str:
    """JSON text SQLite can hold: a lone surrogate becomes its ``\\uXXXX`` escape, which JSON reads back
    as the same character (lossless)."""
    return printable(json.dumps(value, ensure_ascii=False))


def _text(value: str | None) -> str | None:
    return None if value is None else printable(str(value))


def _int64(value: int | None) -> int | None:
    """SQLite integers are 64-bit; a larger number from a host stays in the stored answer, not here."""
    return value if value is None or -(2**63) <= value < 2**63 else None


def _response_json(response: dict | None) -> str:
    text = _json(response)
    if len(text) <= RESPONSE_EXCERPT:
        return text
    return _json({"excerpt": excerpt(text, RESPONSE_EXCERPT), "original_chars": len(text)})


def _entry(r: tuple) -> JournalEntry:
    response = json.loads(r[14]) if r[14] else None
    outcome = Outcome(r[6]) if r[6] else None
    body = json.loads(r[4])
    headers = json.loads(r[5] or "{}")
    if not isinstance(body, dict) or not isinstance(headers, dict):
        raise ValueError("request body or headers are not objects")
    # SQLite keeps any value in any column: a row whose values are not of their column's kind is unreadable
    # (skipped and reported), never shown half-formatted
    for i in (7, 8):  # http_status, return_code
        if r[i] is not None and (isinstance(r[i], bool) or not isinstance(r[i], int)):
            raise ValueError("an integer column holds something else")
    if r[12] is not None and not isinstance(r[12], (int, float)):
        raise ValueError("elapsed_ms is not a number")
    for i in (1, 2, 3, 9, 10, 11, 13, 15):
        if r[i] is not None and not isinstance(r[i], str):
            raise ValueError("a text column holds something else")
    return JournalEntry(
        id=r[0],
        created_at=r[1],
        env=r[2],
        api_id=r[3],
        request_body=body,
        request_headers=headers,
        outcome=outcome,
        http_status=r[7],
        return_code=r[8],
        code=r[9],
        return_msg=r[10] or "",
        ord_no=r[11],
        elapsed_ms=r[12],
        message=r[13] or "",
        response=response if isinstance(response, dict) else ({"text": response} if response else None),
        host=r[15] or "",
        resolution=r[16] or "",
        resolved_at=r[17],
    )
