"""The window's own guarantees from issue 10's list: the 실전 confirmation, a custom host named and
journalled, the keyring warning clear of the status line, 토큰 발급 keeping the old token, and a worker
that outlives its wait is never destroyed running."""

from __future__ import annotations

import sqlite3

import keyring
from gui_helpers import fill, send, wait_answered
from hostile_host import HostileHost, order_answer, orders_only, reply
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from kiwoom_gui.app import create_main_window
from kiwoom_gui.base.payloads import CredentialCommand
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.ui.controller import _still_running, wait_for_stragglers
from kiwoom_gui.ui.window.confirmation import confirm_with_dialog

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}


def test_real_confirmation_shows_summary_host_and_origin_before_the_body(qtbot, make_window, simulator, demo_keys):
    keyring.set_password("kiwoom-gui", "real:appkey", demo_keys[0])
    keyring.set_password("kiwoom-gui", "real:secretkey", demo_keys[1])
    w = make_window("--env", "real")
    assert simulator.base_url in w.banner.text()  # a custom host is named, even for 실전
    seen: list[str] = []

    def read_and_cancel() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.informativeText())
        seen.append(box.detailedText())
        box.reject()

    w.confirm = confirm_with_dialog(w)
    fill(w, "kt10009", {"orig_ord_no": "455", "stk_cd": "005930", "cncl_qty": "0"})
    QTimer.singleShot(0, read_and_cancel)
    send(qtbot, w, "kt10009")
    text, details = seen
    summary = w.forms["kt10009"].summary.text()
    assert summary and summary in text and f"호스트: {simulator.base_url}" in text
    assert "원주문번호 출처: 직접 입력" in text
    # the order in Korean words, as a table of labels and values (issue 18); no JSON in the words
    for label, value in (("원주문번호", "0000455"), ("종목", "005930"), ("취소수량", "잔량 전부"), ("거래소", "KRX")):
        assert any(line.startswith(label) and line.rstrip().endswith(value) or (label in line and value in line)
                   for line in text.splitlines()), (label, value, text)  # fmt: skip
    assert "{" not in text and '"orig_ord_no"' not in text
    # the exact body, folded under its heading
    assert details.startswith("보낼 본문 (JSON)") and '"orig_ord_no": "0000455"' in details
    assert simulator.order_requests() == []


def test_origin_of_a_reused_number_is_named(qtbot, make_window, simulator, demo_keys):
    w = make_window()
    fill(w, "kt10006", BUY)
    send(qtbot, w, "kt10006")
    (row,) = wait_answered(qtbot, w, 1)
    assert w.use_as_original(row)
    asked = []
    w.confirm = lambda *a: asked.append(dict(w.confirming)) or False
    w.confirm_action.setChecked(True)
    fill(w, "kt10009", {"cncl_qty": "0"})
    send(qtbot, w, "kt10009")
    assert "응답 로그" in asked[0]["origin"] and row.ord_no and simulator.base_url in asked[0]["origin"]


def test_custom_host_is_named_and_journalled(qtbot, make_window, simulator, tmp_path):
    w = make_window()
    assert "사용자 지정 호스트" in w.banner.text() and simulator.base_url in w.banner.text()
    fill(w, "kt10006", BUY)
    send(qtbot, w, "kt10006")
    wait_answered(qtbot, w, 1)
    db = sqlite3.connect(tmp_path / "journal.sqlite3")
    ((host,),) = db.execute("SELECT host FROM orders").fetchall()
    db.close()
    assert host == simulator.base_url


def test_keyring_warning_is_not_under_the_status_message(qtbot, make_window):
    w = make_window()
    w.keyring_problem.setText("⚠ 키링을 쓸 수 없음 — 자격증명은 이번 실행 동안 메모리에만 보관")
    w.keyring_problem.show()
    w.statusBar().showMessage("아주 긴 상태 메시지 " * 40)
    qtbot.wait(10)
    status_rect = w.statusBar().geometry()
    label = w.keyring_problem
    warning_rect = label.geometry().translated(label.parentWidget().mapTo(w, w.rect().topLeft()))
    assert not status_rect.intersects(warning_rect)


def test_failed_token_issue_keeps_the_stored_token(qtbot, tmp_path, demo_keys, memory_keyring):
    failing = lambda r: [reply(200, {"return_code": 2, "return_msg": "입력 값 오류입니다[8001:검증 실패]"})]  # noqa: E731
    with HostileHost(failing) as host:
        keyring.set_password("kiwoom-gui", "mock:token", "old-token-" + "t" * 40)
        w = create_main_window(["--env", "mock", "--base-url", host.url, "--data-dir", str(tmp_path)])
        qtbot.addWidget(w)
        statuses = []
        w.controller.credential_status.connect(statuses.append)
        w.controller.credentials(CredentialCommand(w.target(), "issue"))
        qtbot.waitUntil(lambda: bool(statuses))
        w.close()
    assert "8001" in statuses[0].message
    assert keyring.get_password("kiwoom-gui", "mock:token") == "old-token-" + "t" * 40


def test_a_worker_that_outlives_its_wait_is_kept_until_it_ends(qtbot, tmp_path, demo_keys):
    answer = order_answer("kt10006")

    with HostileHost(orders_only(lambda r: [1.0, answer])) as host:
        w = create_main_window(
            ["--env", "mock", "--base-url", host.url, "--data-dir", str(tmp_path)], timeouts=(1.0, 3.0)
        )
        qtbot.addWidget(w)
        w.show()
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        qtbot.waitUntil(lambda: len(host.orders()) >= 1)
        assert w.controller.shutdown(wait_ms=10) is False  # still answering: not stopped, not destroyed
        assert any(t.isRunning() for t, _ in _still_running)
        assert wait_for_stragglers(5000)
        assert _still_running == []
        w.close()
    db = sqlite3.connect(tmp_path / "journal.sqlite3")
    ((outcome,),) = db.execute("SELECT outcome FROM orders").fetchall()
    db.close()
    assert outcome == Outcome.ACCEPTED.value  # the answer that came in time was journalled
