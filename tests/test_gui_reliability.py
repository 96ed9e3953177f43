"""Reliability through the real window: expired tokens, a broken keyring, four tabs at once."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest
from gui_helpers import fill, log_texts, rows, send, wait_answered
from PySide6.QtCore import Qt
from rule_oracle import VALID

from kiwoom_gui.app import create_main_window
from kiwoom_gui.host.answers import Outcome

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}  # inside 005930's band (looked up: 49,400…91,600)


def active(qtbot, w):
    """Shortcuts reach only the active window; the offscreen platform activates it on request."""
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def token_requests(simulator) -> int:
    return len([r for r in simulator.recorded if r.path == "/oauth2/token"])


def test_host_stall_past_the_timeout_is_unknown_and_never_resent(qtbot, tmp_path, simulator, demo_keys):
    w = create_main_window(
        ["--env", "mock", "--base-url", simulator.base_url, "--data-dir", str(tmp_path)], timeouts=(1.0, 1.0)
    )
    qtbot.addWidget(w)
    w.show()
    try:
        simulator.state.stall_s = 5.0
        simulator.inject("stall")  # the host takes the order, then never answers
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        (row,) = wait_answered(qtbot, w, 1)
        assert row.outcome is Outcome.UNKNOWN and "확인 필요" in log_texts(w)[0]
        # the answer's words, under Send (the row's message moves on to what the search finds)
        assert "미체결 주문을 확인" in w.forms["kt10006"].result.text()
        assert len(simulator.book.orders()) == 1  # it was placed: a resend would have doubled it
        qtbot.wait(1500)  # longer than a retry would take
        assert len(simulator.order_requests()) == 1
        assert w.forms["kt10006"].send_button.isEnabled()  # the trader decides what to do next
    finally:
        w.close()


def test_expired_token_is_reissued_once_and_the_order_resent_once(qtbot, window, simulator):
    # the account loads at start (positions come last); after that, each answer refreshes it once
    qtbot.waitUntil(lambda: window.account.views["positions"].fetched_at is not None, timeout=10000)
    done = []
    window.controller.query_done.connect(lambda d: done.append(d.view))
    fill(window, "kt10006", BUY)
    send(qtbot, window, "kt10006")
    wait_answered(qtbot, window, 1)
    assert token_requests(simulator) == 1
    # the account refresh that follows every answer ends with 잔고: the order must be the next request
    qtbot.waitUntil(lambda: "positions" in done, timeout=10000)
    simulator.expire_tokens()  # the host forgets the token: the next order gets [8005]

    send(qtbot, window, "kt10006")
    _, row = wait_answered(qtbot, window, 2)
    assert row.outcome is Outcome.ACCEPTED and row.ord_no
    assert token_requests(simulator) == 2
    first, second = simulator.order_requests()[1:]
    assert first.body == second.body and first.headers["authorization"] != second.headers["authorization"]
    assert len(simulator.book.orders()) == 2  # two clicks, two orders: the refused attempt placed nothing


def test_token_refused_again_after_reissue_gives_a_clear_error_and_stops(qtbot, window, simulator):
    simulator.inject("token_rejected", count=5)  # more than the client may try: it must stop by itself
    fill(window, "kt10006", BUY)
    send(qtbot, window, "kt10006")
    (row,) = wait_answered(qtbot, window, 1)
    assert row.outcome is Outcome.AUTH_FAILED
    assert len(simulator.order_requests()) == 2  # the first try and exactly one resend
    assert token_requests(simulator) == 2
    text = log_texts(window)[0]
    assert "인증 실패" in text and "8005" in text
    assert "또 인증에 실패했습니다(8005)" in window.statusBar().currentMessage()
    window.log.table.selectRow(0)
    assert "더는 보내지 않습니다" in window.log.detail.toPlainText()
    assert window.forms["kt10006"].send_button.isEnabled()  # the user may decide to try again


def test_without_a_keyring_the_program_starts_says_why_and_works_on_a_session_token(qtbot, tmp_path, simulator):
    keyring.set_keyring(keyring.backends.fail.Keyring())  # what a headless Linux box without D-Bus has
    w = create_main_window(["--env", "mock", "--base-url", simulator.base_url, "--data-dir", str(tmp_path)])
    qtbot.addWidget(w)
    w.show()
    try:
        problem = w.findChild(type(w.keyring_problem), "keyringProblem")
        qtbot.waitUntil(problem.isVisible)
        assert "키링" in problem.text() and "메모리" in problem.text()
        assert "OS 키링을 쓸 수 없어" in problem.toolTip()

        # nothing stored, so an order is refused before anything leaves
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        (refused,) = wait_answered(qtbot, w, 1)
        assert refused.outcome is Outcome.NOT_SENT and simulator.order_requests() == []

        token = simulator.issue_token_for_tests()
        dialog = w.open_credentials()
        qtbot.waitUntil(lambda: "⚠" in dialog.status.text())
        assert "OS 키링을 쓸 수 없어" in dialog.status.text()
        dialog.token.setText(token)
        dialog.buttons["paste_token"].click()
        qtbot.waitUntil(lambda: "토큰을 저장했습니다" in dialog.status.text())
        dialog.close()

        send(qtbot, w, "kt10006")
        _, row = wait_answered(qtbot, w, 2)
        assert row.outcome is Outcome.ACCEPTED
        assert simulator.order_requests()[0].headers["authorization"] == f"Bearer {token}"
    finally:
        w.close()
    for path in tmp_path.rglob("*"):  # session-only means memory only: never a file
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path


def test_orders_from_all_four_tabs_leave_in_click_order_and_answers_land_on_their_rows(qtbot, make_window, simulator):
    w = active(qtbot, make_window())
    simulator.set_latency(0.02)
    # the simulator numbers orders 0000001, 0000002, …: the modify and cancel name the buy and the
    # sell sent just before them, so they are only accepted if the four leave in click order
    plan = [
        ("kt10006", {**VALID["kt10006"]}),
        ("kt10007", {**VALID["kt10007"], "ord_qty": "4"}),
        ("kt10008", {**VALID["kt10008"], "orig_ord_no": "0000001", "mdfy_qty": "3"}),
        ("kt10009", {**VALID["kt10009"], "orig_ord_no": "0000002", "cncl_qty": "0"}),
    ]
    tab_keys = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)
    for key, (api_id, values) in zip(tab_keys, plan, strict=True):
        w.forms[api_id].set_values(values)
        qtbot.keyClick(w, key, Qt.KeyboardModifier.ControlModifier)  # Ctrl+1..4: the tab
        assert w.tabs.currentWidget() is w.forms[api_id]
        qtbot.keyClick(w, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter: send
    assert len(rows(w)) == 4  # every click has its row at once, before any answer
    answered = wait_answered(qtbot, w, 4, timeout=20000)

    received = simulator.order_requests()
    assert [r.headers["api-id"] for r in received] == [api for api, _ in plan]
    for row, rec, (api_id, _) in zip(answered, received, plan, strict=True):
        assert row.api_id == api_id and row.request_body == rec.json()
        assert row.outcome is Outcome.ACCEPTED, row.return_msg
    buy, sell, modify, cancel = answered
    assert len({buy.ord_no, sell.ord_no, modify.ord_no, cancel.ord_no}) == 4
    assert modify.response["base_orig_ord_no"] == buy.ord_no == "0000001"
    assert cancel.response["base_orig_ord_no"] == sell.ord_no == "0000002"
    assert cancel.response["cncl_qty"] == "000000000004"  # 0 = all that remained of the sell


@pytest.mark.parametrize("api_id", list(VALID))
def test_send_shortcut_while_busy_sends_nothing_more(qtbot, make_window, simulator, api_id):
    """A double Ctrl+Enter (or a click during the answer) must not double the order."""
    w = active(qtbot, make_window())
    simulator.set_latency(0.3)
    w.forms[api_id].set_values(VALID[api_id])
    w.tabs.setCurrentWidget(w.forms[api_id])
    for _ in range(3):
        qtbot.keyClick(w, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_answered(qtbot, w, 1)
    qtbot.wait(100)
    assert len(rows(w)) == 1 and len(simulator.order_requests()) == 1
