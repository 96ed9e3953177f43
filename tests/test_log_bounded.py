"""The live log keeps the newest rows only (older ones stay in the journal), never a row still waiting for
its answer: that answer must land on its own row. Answers come from the real client and simulator."""

from __future__ import annotations

import pytest

from kiwoom_gui.host.auth import CredentialStore
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.records.journal_entry import now_iso
from kiwoom_gui.records.log_rows import COLUMN_KEYS, LIVE_ROWS, TRIM_BATCH
from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY
from kiwoom_gui.ui.log.log_model import LogModel, LogRow
from kiwoom_gui.ui.log.log_panel import LogPanel

BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0", "cond_uv": ""}


@pytest.fixture
def client(simulator):
    simulator.state.rate_limit_per_second = 0  # many orders in a second here; pacing is not under test
    store = CredentialStore(session_only=True)
    store.set("mock", "appkey", DEMO_APPKEY)
    store.set("mock", "secretkey", DEMO_SECRETKEY)
    c = KiwoomClient("mock", base_url=simulator.base_url, store=store, orders_per_second=0)
    yield c
    c.close()


def sent(request_id: int, qty: int = 1) -> LogRow:
    """A row as the window adds it on Send: no answer yet."""
    return LogRow(None, now_iso(), "mock", "kt10006", {**BUY, "ord_qty": str(qty)}, request_id=request_id)


def answer(model: LogModel, client: KiwoomClient, request_id: int) -> LogRow | None:
    row = next(r for r in model.rows() if r.request_id == request_id)
    return model.update_request(request_id, client.send_order("kt10006", dict(row.request_body)), request_id)


def test_the_live_log_keeps_the_newest_rows(qtbot, client):
    model = LogModel(live_rows=5, trim_batch=1)
    for i in range(1, 13):
        model.append(sent(i, qty=i))
        answer(model, client, i)
    assert [r.request_body["ord_qty"] for r in model.rows()] == ["8", "9", "10", "11", "12"]
    assert model.rowCount() == 5


def test_a_pending_row_is_never_dropped_and_its_answer_lands_on_it(qtbot, client):
    model = LogModel(live_rows=5, trim_batch=1)
    model.append(sent(1, qty=77))  # sent, the host is slow to answer
    for i in range(2, 20):
        model.append(sent(i))
        answer(model, client, i)
    rows = model.rows()
    assert len(rows) == 5 and rows[0].request_id == 1 and rows[0].outcome is None
    landed = answer(model, client, 1)
    assert landed is not None and landed.ord_no and landed.request_body["ord_qty"] == "77"
    assert model.row(0) == landed
    assert model.index(0, COLUMN_KEYS.index("ord_no")).data() == landed.ord_no  # the 주문번호 cell shows it
    model.append(sent(20))
    model.append(sent(21))  # now row 1 may go: it has its answer
    assert 1 not in [r.request_id for r in model.rows()]


def test_more_pending_rows_than_the_limit_are_all_kept(qtbot):
    model = LogModel(live_rows=3, trim_batch=1)
    for i in range(1, 8):
        model.append(sent(i))
    assert [r.request_id for r in model.rows()] == list(range(1, 8))


def test_the_window_keeps_at_most_the_configured_rows(qtbot):
    panel = LogPanel()
    qtbot.addWidget(panel)
    assert LIVE_ROWS == 5000  # resources/log.json
    pending = sent(1)
    panel.model.append(pending)
    done = [LogRow(i, now_iso(), "mock", "kt10006", BUY) for i in range(2, LIVE_ROWS + TRIM_BATCH + 10)]
    panel.model.extend(done)
    assert LIVE_ROWS <= panel.model.rowCount() < LIVE_ROWS + TRIM_BATCH
    assert panel.model.row(0) is pending
    assert panel.model.row(panel.model.rowCount() - 1) is done[-1]
    assert panel.table.model().rowCount() == panel.model.rowCount()
