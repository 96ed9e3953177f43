"""Issue 17 ("The eyes never lie"), attribution of orders of unknown outcome, through the real window against a
hostile host on 127.0.0.1: nothing is credited before the in-flight window closes, times are judged on the
host's clock (its Date header), and the user settles candidates with "이 주문이 맞습니다" (confirmCandidate)."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time

import pytest
from gui_helpers import fill, log_texts, send, wait_answered
from hostile_host import HostileHost, http_date, reply, token_answer
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_gui_account_hostile import BUY, account_window, empty, page  # noqa: F401

import kiwoom_gui.account.reconcile as reconcile
from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.records.journal import Journal

assert account_window
LIST = "acnt_ord_cntr_prps_dtl"
NOT_FOUND = "접수되지 않은 것으로 보임"
JOURNAL = "journal.sqlite3"


def kt00007_row(ord_no: str, placed: float, comm: str = "REST API") -> dict:
    """The host's row of a credit buy of BUY placed at POSIX time ``placed`` (the host's clock)."""
    return {
        "ord_no": ord_no, "stk_cd": "A005930", "trde_tp": "보통", "crd_tp": "자기융자", "ord_qty": "0000000010",
        "ord_uv": "0000002580", "cnfm_qty": "0000000000", "acpt_tp": "접수", "rsrv_tp": "",
        "ord_tm": dt.datetime.fromtimestamp(placed, KST).strftime("%H:%M:%S"), "ori_ord": "0000000",
        "stk_nm": "삼성전자", "io_tp_nm": "신용매수", "loan_dt": "", "cntr_qty": "0000000000",
        "cntr_uv": "0000000000", "ord_remnq": "0000000010", "comm_ord_tp": comm, "mdfy_cncl": "", "cnfm_tm": "",
        "dmst_stex_tp": "KRX", "cond_uv": "0000000000",
    }


class Book:
    """A host that answers the order 500 and places it ``late_s`` later (or never); ``elsewhere``: orders placed
    by someone else, as (number, seconds from our order's arrival). Its clock runs ``ahead_s`` ahead of ours."""

    def __init__(self, late_s: float | None, elsewhere=(), ahead_s: float = 0.0) -> None:
        self.late_s, self.elsewhere, self.ahead_s = late_s, list(elsewhere), ahead_s
        self.arrived: float | None = None
        self.lock = threading.Lock()

    def rows(self) -> list[dict]:
        now = time.time()
        with self.lock:
            if self.arrived is None:
                return []
            placed = [(no, self.arrived + at) for no, at in self.elsewhere]
            if self.late_s is not None:
                placed.append(("0000500", self.arrived + self.late_s))
        shown = [(no, at) for no, at in placed if at <= now]
        shown.sort(key=lambda p: -p[1])  # 역순
        return [kt00007_row(no, at + self.ahead_s) for no, at in shown]

    def __call__(self, r):
        # every answer carries the host's clock (a host whose Dates contradict each other proves no time)
        return [re.sub(rb"Date: [^\r]*", b"Date: " + http_date(self.ahead_s).encode(), step) for step in self.answer(r)]

    def answer(self, r):
        date = {"Date": http_date(self.ahead_s)}
        if r.path == "/oauth2/token":
            return [token_answer()]
        if r.path == "/api/dostk/crdordr":
            with self.lock:
                self.arrived = time.time()
            return [reply(500, b"<html>busy</html>", {"api-id": r.headers["api-id"], **date})]
        if r.headers.get("api-id") == "kt00007":
            return [reply(200, {LIST: self.rows(), "return_code": 0, "return_msg": "조회가 완료되었습니다"},
                          {"api-id": "kt00007", "cont-yn": "N", "next-key": "", **date})]
        return empty(r)


@pytest.fixture
def short_schedule(monkeypatch):
    monkeypatch.setattr(reconcile, "RECONCILE_SCHEDULE_S", (0.0, 1.0, 2.0))


def outcome_row(w):
    (row,) = [r for r in w.log.model.rows() if r.api_id == "kt10006"]
    return row


def settled(qtbot, w, timeout=20000):
    """Wait past the order's settle time (deadline 4 s + grace 2 s) for the search's last word."""
    bar = w.statusBar()
    ends = ("접수 확인", NOT_FOUND, "증명되지 않아", "끝까지 읽지 못해")
    qtbot.waitUntil(lambda: any(e in bar.currentMessage() for e in ends), timeout=timeout)
    return bar.currentMessage()


def test_an_identical_order_from_elsewhere_is_never_credited_before_the_window_closes(
    qtbot, account_window, short_schedule, tmp_path  # noqa: F811
):
    """Item 1: the host answers 500 and places our buy 2.5 s later; an identical order placed from elsewhere 0.3 s
    after ours arrived is the only same-shape row at the first tries. It must not be credited then, and at the
    settle time there are two candidates: no credit — the log row names both, and the user may pick one."""
    book = Book(late_s=2.5, elsewhere=[("0000401", 0.3)])
    with HostileHost(book) as host:
        w = account_window(host)
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        (row,) = wait_answered(qtbot, w, 1)
        assert row.outcome is Outcome.UNKNOWN
        qtbot.wait(1500)  # the 0 s and 1 s tries have seen 0000401 alone
        assert outcome_row(w).ord_no is None, "credited before the in-flight window closed"
        message = settled(qtbot, w)
        assert "접수 확인" not in message, message
        row = outcome_row(w)
        assert row.outcome is Outcome.UNKNOWN and row.ord_no is None
        assert "후보 2건: 0000500 " in row.values()["outcome"] and "0000401 " in row.values()["outcome"]
        assert len(host.orders()) == 1  # nothing resent

        # the detail pane lists each candidate with every field compared; the user picks ours
        w.log.table.selectRow(w.log.proxy.rowCount() - 1)
        detail = w.log.detail.toPlainText()
        assert "후보 0000500" in detail and "후보 0000401" in detail and "수량" in detail and "통신구분" in detail
        choice = w.log.candidates
        assert choice.button.objectName() == "confirmCandidate" and choice.button.isEnabled()
        texts = [choice.combo.itemText(i) for i in range(choice.combo.count())]
        choice.combo.setCurrentIndex(next(i for i, t in enumerate(texts) if t.startswith("0000500")))
        seen = []

        def accept() -> None:
            box = QApplication.activeModalWidget()
            assert isinstance(box, QMessageBox) and box.objectName() == "confirmCandidateDialog"
            seen.append(box.text())
            box.button(QMessageBox.StandardButton.Yes).click()

        QTimer.singleShot(0, accept)
        choice.button.click()
        assert seen and "0000500" in seen[0] and "수량" in seen[0]
        qtbot.waitUntil(lambda: outcome_row(w).ord_no == "0000500", timeout=5000)
        assert outcome_row(w).outcome is Outcome.CONFIRMED
        assert len(host.orders()) == 1
    journal = Journal(tmp_path / JOURNAL)
    (entry,) = [e for e in journal.recent() if e.api_id == "kt10006"]
    assert entry.ord_no == "0000500" and "사용자가" in entry.resolution
    assert journal._db.execute("SELECT resolved_by FROM orders WHERE id=?", (entry.id,)).fetchone()[0] == "user"
    journal.close()


def test_a_lone_late_order_is_credited_after_the_window_closes(qtbot, account_window, short_schedule):  # noqa: F811
    """Control: the host places our buy 2.5 s late and nothing else: at the settle time it is proof."""
    with HostileHost(Book(late_s=2.5)) as host:
        w = account_window(host)
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        wait_answered(qtbot, w, 1)
        message = settled(qtbot, w)
        assert "주문번호 0000500 접수 확인" in message, message
        assert outcome_row(w).ord_no == "0000500"


def test_this_pc_fast_an_order_in_the_book_is_found(qtbot, account_window, short_schedule):  # noqa: F811
    """Item 2: this PC's clock runs 3 s fast (the host's Date 3 s behind). Our order, placed 2.5 s late, reads
    earlier than our click on our clock: it is found, never "접수되지 않은 것으로 보임"."""
    with HostileHost(Book(late_s=2.5, ahead_s=-3.0)) as host:
        w = account_window(host)
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        wait_answered(qtbot, w, 1)
        message = settled(qtbot, w)
        assert "주문번호 0000500 접수 확인" in message, message


def test_host_ahead_an_order_placed_before_our_click_is_no_candidate(
    qtbot, account_window, short_schedule  # noqa: F811
):
    """Item 2: the host's clock runs 3 s ahead; an identical order was placed 2 s before ours reached the host,
    and ours never was. On our clock it looks 1 s *after* the click — on the host's it is before: no candidate."""
    with HostileHost(Book(late_s=None, elsewhere=[("0000401", -2.0)], ahead_s=3.0)) as host:
        w = account_window(host)
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        wait_answered(qtbot, w, 1)
        message = settled(qtbot, w)
        assert "0000401" not in message and NOT_FOUND in message, message
        assert outcome_row(w).ord_no is None and not outcome_row(w).candidates


def test_an_order_from_yeongungmun_is_not_ours(qtbot, account_window, short_schedule):  # noqa: F811
    """Item 3: kt00007's 통신구분 names another channel (영웅문4): never ours, not even a candidate."""
    book = Book(late_s=None, elsewhere=[("0000401", 1.0)])
    original_row = kt00007_row

    def rows() -> list[dict]:
        return [{**r, "comm_ord_tp": "영웅문4"} for r in Book.rows(book)]

    book.rows = rows
    assert original_row
    with HostileHost(book) as host:
        w = account_window(host)
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        wait_answered(qtbot, w, 1)
        message = settled(qtbot, w)
        assert NOT_FOUND in message, message
        assert not any("0000401" in t for t in log_texts(w))
