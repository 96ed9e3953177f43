"""The journal's part in reconciliation (issue 11): what was found and how is recorded, a found order becomes
접수 확인 with its number, today's unknown rows are the intents to look for, and today's known numbers are
never taken for a found order. Old journals gain the columns on open."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from kiwoom_gui.account.reconcile import Intent
from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.records.journal import Journal, JournalError

HOST = "http://127.0.0.1:8123"
BODY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "10", "ord_uv": "71000", "trde_tp": "0", "cond_uv": ""}
TODAY = dt.datetime.now(KST).date()

# the orders table as the seed wrote it, before the host and the reconciliation columns
LEGACY = """
CREATE TABLE orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, env TEXT NOT NULL, api_id TEXT NOT NULL,
    request_body TEXT NOT NULL, request_headers TEXT NOT NULL DEFAULT '{}', outcome TEXT, http_status INTEGER,
    return_code INTEGER, code TEXT, return_msg TEXT, ord_no TEXT, elapsed_ms REAL, message TEXT, response TEXT,
    finished_at TEXT
);
"""


@pytest.fixture
def journal(tmp_path):
    j = Journal(tmp_path / "orders.sqlite3")
    yield j
    j.close()


def unknown_order(j: Journal, env: str = "simulator", host: str = HOST, api_id: str = "kt10006") -> int:
    entry = j.record_intent(env, api_id, BODY, {"api-id": api_id}, host)
    j.record_bare_outcome(entry, Outcome.UNKNOWN, "응답 없음", None)
    return entry


def accepted_order(j: Journal, ord_no: str, env: str = "simulator", host: str = HOST) -> int:
    entry = j.record_intent(env, "kt10006", BODY, {}, host)
    j.record_bare_outcome(entry, Outcome.ACCEPTED, "접수", ord_no)
    return entry


def set_created(j: Journal, entry: int, when: dt.datetime) -> None:
    j._db.execute("UPDATE orders SET created_at=? WHERE id=?", (when.isoformat(timespec="milliseconds"), entry))


def test_found_order_becomes_confirmed_with_its_number_and_how(journal):
    entry = unknown_order(journal)
    how = "kt00007 역순 조회 10:31:05: 같은 종목·방향·수량·가격, 의도 이후 접수"
    assert journal.record_reconciliation(entry, "0000077", how) is True
    row = journal.recent()[-1]
    assert (row.outcome, row.ord_no, row.resolution) == (Outcome.CONFIRMED, "0000077", how)
    assert row.outcome.label == "접수 확인" and row.resolved_at
    assert journal.known_order_numbers("simulator", HOST, TODAY) == {"0000077"}
    assert journal.unknown_today("simulator", HOST, TODAY) == []


def test_confirmed_round_trips_through_a_reopened_journal(tmp_path):
    j = Journal(tmp_path / "j.sqlite3")
    j.record_reconciliation(unknown_order(j), "0000077", "찾음")
    j.close()
    again = Journal(tmp_path / "j.sqlite3")
    (row,) = again.recent()
    assert row.outcome is Outcome.CONFIRMED and row.ord_no == "0000077" and row.resolution == "찾음"
    again.close()


def test_not_found_keeps_unknown_and_says_so(journal):
    entry = unknown_order(journal)
    assert journal.record_reconciliation(entry, None, "") is True
    row = journal.recent()[-1]
    assert row.outcome is Outcome.UNKNOWN and row.ord_no is None
    assert row.resolution.startswith("접수되지 않은 것으로 보임 — ")
    assert journal.unknown_today("simulator", HOST, TODAY) == []  # looked for to the end: not again by itself


def test_only_an_unknown_row_is_resolved(journal):
    accepted = accepted_order(journal, "0000001")
    assert journal.record_reconciliation(accepted, "0000077", "찾음") is False
    assert journal.recent()[-1].ord_no == "0000001" and journal.recent()[-1].outcome is Outcome.ACCEPTED
    confirmed = unknown_order(journal)
    journal.record_reconciliation(confirmed, "0000078", "찾음")
    assert journal.record_reconciliation(confirmed, None, "못 찾음") is False  # a later try cannot undo it
    assert journal.recent()[-1].outcome is Outcome.CONFIRMED


@pytest.mark.parametrize("bad", ["000077", "0000077x", "٠٠٠٠٠٧٧", 77])
def test_a_found_number_must_be_an_order_number(journal, bad):
    entry = unknown_order(journal)
    with pytest.raises(JournalError):
        journal.record_reconciliation(entry, bad, "찾음")
    assert journal.recent()[-1].outcome is Outcome.UNKNOWN


def test_unknown_today_gives_the_intents_to_look_for(journal):
    mine = unknown_order(journal)
    crashed = journal.record_intent("simulator", "kt10009", {"orig_ord_no": "0000042"}, {}, HOST)
    journal.recover()  # the program died mid-flight: unknown
    other_env = unknown_order(journal, env="mock")
    other_host = unknown_order(journal, host="http://127.0.0.1:9999")
    yesterday = unknown_order(journal)
    set_created(journal, yesterday, dt.datetime.now(KST) - dt.timedelta(days=1))
    accepted_order(journal, "0000001")
    intents = journal.unknown_today("simulator", HOST, TODAY)
    assert [i.journal_id for i in intents] == [mine, crashed]
    first = intents[0]
    assert first == Intent(mine, "kt10006", BODY, first.created_at, "simulator", HOST)
    assert dt.datetime.fromisoformat(first.created_at).astimezone(KST).date() == TODAY
    assert other_env not in [i.journal_id for i in journal.unknown_today("simulator", HOST, TODAY)]
    assert [i.journal_id for i in journal.unknown_today("mock", HOST, TODAY)] == [other_env]
    assert [i.journal_id for i in journal.unknown_today("simulator", "http://127.0.0.1:9999", TODAY)] == [other_host]


def test_the_trading_day_is_koreas(journal):
    """00:30 KST is the previous day in UTC (and in a European local time): the day is Korea's."""
    entry = unknown_order(journal)
    kst_day = dt.date(2025, 3, 5)
    set_created(journal, entry, dt.datetime(2025, 3, 4, 15, 30, tzinfo=dt.timezone.utc))
    assert [i.journal_id for i in journal.unknown_today("simulator", HOST, kst_day)] == [entry]
    assert journal.unknown_today("simulator", HOST, dt.date(2025, 3, 4)) == []


def test_known_order_numbers_of_the_day(journal):
    accepted_order(journal, "0000001")
    journal.record_reconciliation(unknown_order(journal), "0000002", "찾음")
    old = accepted_order(journal, "0000003")
    set_created(journal, old, dt.datetime.now(KST) - dt.timedelta(days=1))
    accepted_order(journal, "0000004", env="mock")
    accepted_order(journal, "0000005", host="http://127.0.0.1:9999")
    unknown_order(journal)
    assert journal.known_order_numbers("simulator", HOST, TODAY) == {"0000001", "0000002"}


def test_an_old_journal_gains_the_columns_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(LEGACY)
    db.execute(
        "INSERT INTO orders (created_at, env, api_id, request_body, outcome, message) VALUES (?,?,?,?,?,?)",
        (dt.datetime.now(KST).isoformat(), "simulator", "kt10006", '{"stk_cd": "005930"}', "unknown", "응답 없음"),
    )
    db.commit()
    db.close()
    j = Journal(path)
    columns = {r[1] for r in j._db.execute("PRAGMA table_info(orders)")}
    assert {"host", "resolved_ord_no", "resolution", "resolved_at"} <= columns
    (row,) = j.recent()
    assert row.outcome is Outcome.UNKNOWN and row.resolution == "" and row.host == ""
    assert j.record_reconciliation(row.id, "0000009", "찾음") is True
    assert j.recent()[0].outcome is Outcome.CONFIRMED
    j.close()
    Journal(path).close()  # opening again: nothing to add, nothing fails
