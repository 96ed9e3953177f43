"""The Qt-free account core against the simulator over loopback (issue 11): pages followed to the end, rows
read as the spec shapes them, and an order whose answer was lost found in today's orders — with exactly one
order POST and nothing resent."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from kiwoom_gui.account.attribution import judge, seen_in_row, settle_time
from kiwoom_gui.account.reconcile import Intent
from kiwoom_gui.account.rows import account_number, mask_account, parse_rows
from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.auth import CredentialStore
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import build_body
from kiwoom_gui.records.journal import Journal
from kiwoom_gui.records.journal_entry import now_iso
from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY, KiwoomSimulator

OPEN = {"all_stk_tp": "0", "trde_tp": "0", "stk_cd": "", "stex_tp": "0"}
BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "3", "ord_uv": "60000", "trde_tp": "0", "cond_uv": ""}


@pytest.fixture
def sim():
    s = KiwoomSimulator(page_size=2, rate_limit_per_second=0).start()
    yield s
    s.stop()


@pytest.fixture
def client(sim, memory_keyring):
    store = CredentialStore()
    store.set("mock", "appkey", DEMO_APPKEY)
    store.set("mock", "secretkey", DEMO_SECRETKEY)
    c = KiwoomClient("mock", base_url=sim.base_url, store=store, orders_per_second=0, queries_per_second=0)
    yield c
    c.close()


def all_rows(client: KiwoomClient, api_id: str, body: dict) -> list:
    rows, key = [], ""
    for _ in range(50):
        page = client.query_page(api_id, body, key)
        assert page.ok, page.message
        rows += parse_rows(api_id, page.rows_body)
        if not page.cont:
            return rows
        key = page.next_key
    raise AssertionError("more than 50 pages")


def today_orders(stk_cd: str = "", qry_tp: str = "1") -> dict:
    return {
        "ord_dt": dt.datetime.now(KST).strftime("%Y%m%d"),
        "qry_tp": qry_tp,
        "stk_bond_tp": "0",
        "sell_tp": "0",
        "stk_cd": stk_cd,
        "fr_ord_no": "",
        "dmst_stex_tp": "%",
    }


def test_open_orders_across_pages(sim, client):
    placed = sim.seed_open_orders(5)
    rows = all_rows(client, "ka10075", OPEN)
    assert sorted(r.ord_no for r in rows) == sorted(placed)
    assert all(r.stk_cd == "005930" and r.venue == "KRX" and r.is_credit and r.side == "buy" for r in rows)
    sent = sim.query_requests("ka10075")
    assert len(sent) == 3 and [r.headers.get("cont-yn") for r in sent] == ["N", "Y", "Y"]


def test_account_number_is_read_and_masked(client):
    page = client.query_page("ka00001", {})
    number = account_number(page.rows_body)
    assert page.ok and number and mask_account(number) != number and number[-2:] == mask_account(number)[-2:]


def test_a_credit_position_carries_its_loan_date(sim, client):
    sim.seed_position("005930", 10, "20250102")
    rows = all_rows(client, "kt00018", {"qry_tp": "2", "dmst_stex_tp": "KRX"})
    (row,) = [r for r in rows if r.is_credit]
    assert (row.stk_cd, row.loan_dt, row.value("trde_able_qty"), row.value("rmnd_qty")) == (
        "005930",
        "20250102",
        10,
        10,
    )


def test_a_dropped_page_is_a_failed_page(sim, client):
    sim.seed_open_orders(5)
    sim.inject("drop", api_id="ka10075", skip=1)
    first = client.query_page("ka10075", OPEN)
    second = client.query_page("ka10075", OPEN, first.next_key)
    assert first.ok and first.cont
    assert not second.ok and second.rows_body is None and second.message


def test_an_order_whose_answer_was_lost_is_found_once_and_never_resent(sim, client, tmp_path):
    journal = Journal(tmp_path / "orders.sqlite3")
    body = build_body("kt10006", BUY)
    # an earlier order of the same stock, quantity and price, answered: the journal knows its number
    earlier = journal.record_intent("mock", "kt10006", body, {}, client.base_url)
    known = client.send_order("kt10006", body)
    journal.record_outcome(earlier, known)
    assert known.outcome is Outcome.ACCEPTED

    created_at = now_iso()
    entry = journal.record_intent("mock", "kt10006", body, {}, client.base_url)
    time.sleep(2.1)  # placed well after the intent: the host's whole-second 주문시간 can prove it (issue 17)
    sim.inject("answer_lost")
    lost = client.send_order("kt10006", body)
    journal.record_outcome(entry, lost)
    assert lost.outcome is Outcome.UNKNOWN and lost.ord_no is None

    intent = Intent(entry, "kt10006", body, created_at, "mock", client.base_url)
    today = dt.datetime.now(KST).date()
    numbers = journal.known_order_numbers("mock", client.base_url, today)
    assert numbers == {known.ord_no}
    rows = all_rows(client, "kt00007", today_orders("005930", qry_tp="2"))
    settle = settle_time(intent, client.deadline)
    verdict = judge(intent, [seen_in_row(r) for r in rows], numbers, client.http.clock.offset(), settle, settle)
    found = verdict.proven  # every field the simulator's kt00007 shows agrees, on its clock (its Date header)
    assert found is not None and found.ord_no != known.ord_no, verdict.candidates
    assert found.ord_no in {r.ord_no for r in all_rows(client, "ka10075", OPEN)}  # the book's own order
    assert journal.record_reconciliation(entry, found.ord_no, "kt00007 역순 조회") is True
    assert journal.recent()[-1].outcome is Outcome.CONFIRMED and journal.recent()[-1].ord_no == found.ord_no
    assert len(sim.order_requests()) == 2  # the earlier order and the lost one: nothing resent
    journal.close()
