"""The main window end to end: pytest-qt, offscreen, real worker thread, simulator on loopback."""

from __future__ import annotations

import json
import time

import keyring
import pytest
from gui_helpers import fill, log_texts, rows, send, wait_answered
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractItemView, QComboBox, QDateEdit, QLineEdit, QWidget
from rule_oracle import VALID

from kiwoom_gui.app import create_main_window
from kiwoom_gui.host.answers import Outcome

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}  # inside 005930's band (looked up: 49,400…91,600)


def test_public_contract(window):
    from PySide6.QtWidgets import QMainWindow

    assert isinstance(window, QMainWindow)
    for api_id, spec_keys in {a: list(v) for a, v in VALID.items()}.items():
        form = window.findChild(type(window.forms[api_id]), api_id)
        assert form is not None
        for key in spec_keys:
            editor = form.findChild(QWidget, key)
            assert isinstance(editor, (QLineEdit, QComboBox, QDateEdit)), (api_id, key)
        assert form.findChild(type(form.send_button), "send") is form.send_button
    log = window.findChild(QAbstractItemView, "responseLog")
    assert log is not None
    combo = window.forms["kt10006"].editors["trde_tp"]
    assert combo.currentData() == "0"  # default 보통 (지정가), never market
    assert combo.count() == 18
    from kiwoom_gui.ui.orders.fields import NO_LIMIT  # no cut in the widget: length is a field error

    assert window.forms["kt10006"].editors["ord_qty"].maxLength() == NO_LIMIT
    assert window.forms["kt10008"].editors["orig_ord_no"].maxLength() == NO_LIMIT
    assert window.forms["kt10008"].editors["orig_ord_no"].validator() is None


def test_buy_is_sent_and_answer_lands_in_log(qtbot, window, simulator):
    fill(window, "kt10006", BUY)
    assert window.forms["kt10006"].summary.text() == "005930 · 10주 × 60,000원 = 600,000원 · 신용매수 · KRX"
    send(qtbot, window, "kt10006")
    (row,) = wait_answered(qtbot, window, 1)
    assert row.outcome is Outcome.ACCEPTED and row.ord_no
    assert simulator.order_requests()[0].json() == {**BUY, "dmst_stex_tp": "KRX", "trde_tp": "0", "cond_uv": ""}
    text = log_texts(window)[0]
    assert row.ord_no in text and "신용 매수주문이 완료되었습니다." in text and "접수" in text
    assert window.forms["kt10006"].send_button.isEnabled()


def test_all_four_forms_round_trip(qtbot, window, simulator):
    fill(window, "kt10006", BUY)
    send(qtbot, window, "kt10006")
    fill(window, "kt10007", {"stk_cd": "000660", "ord_qty": "3", "ord_uv": "150,000"})
    send(qtbot, window, "kt10007")
    buy, sell = wait_answered(qtbot, window, 2)
    assert (buy.outcome, sell.outcome) == (Outcome.ACCEPTED, Outcome.ACCEPTED)
    window.log.table.selectRow(0)
    window.log.reuse_button.click()
    assert window.tabs.currentWidget() is window.forms["kt10008"]
    for api_id in ("kt10008", "kt10009"):
        raw = window.forms[api_id].raw_values()
        assert (raw["orig_ord_no"], raw["stk_cd"], raw["dmst_stex_tp"]) == (buy.ord_no, "005930", "KRX")
    fill(window, "kt10008", {"mdfy_qty": "4", "mdfy_uv": "60100"})
    send(qtbot, window, "kt10008")
    fill(window, "kt10009", {"cncl_qty": "0"})
    send(qtbot, window, "kt10009")
    *_, modify, cancel = wait_answered(qtbot, window, 4)
    assert modify.outcome is Outcome.ACCEPTED and modify.response["base_orig_ord_no"] == buy.ord_no
    assert cancel.outcome is Outcome.ACCEPTED and cancel.response["cncl_qty"] == "000000000006"
    assert [r.headers["api-id"] for r in simulator.order_requests()] == ["kt10006", "kt10007", "kt10008", "kt10009"]


def test_pasted_original_order_number_is_normalised(qtbot, window, simulator):
    fill(window, "kt10006", BUY)
    send(qtbot, window, "kt10006")
    wait_answered(qtbot, window, 1)
    form = window.forms["kt10009"]
    window.tabs.setCurrentWidget(form)
    form.set_values({"stk_cd": "005930", "cncl_qty": "1"})
    assert form.editors["orig_ord_no"].paste_text(" 1 ")  # the simulator's first ord_no is 0000001
    send(qtbot, window, "kt10009")
    wait_answered(qtbot, window, 2)
    assert simulator.order_requests()[-1].json()["orig_ord_no"] == "0000001"


def test_paste_is_never_truncated_or_rewritten(window):
    form = window.forms["kt10008"]
    orig = form.editors["orig_ord_no"]
    assert orig.paste_text(" 12345678 ")  # 8 digits into a 7-digit field: kept whole, said too long
    assert orig.text() == "12345678"
    assert form.error_labels["orig_ord_no"].text() == "원주문번호: 최대 7자입니다 (지금 8자)"
    assert not form.send_button.isEnabled()
    buy = window.forms["kt10006"]
    price = buy.editors["ord_uv"]
    assert price.paste_text("12.5")
    assert price.text() == "12.5"  # never "125"
    assert "원 단위 정수" in buy.error_labels["ord_uv"].text()
    price.clear()
    assert price.paste_text("2,580")
    assert buy.raw_values()["ord_uv"] == "2,580"


@pytest.mark.parametrize(
    ("api_id", "values", "field", "message"),
    [
        ("kt10006", {"stk_cd": "5930"}, "stk_cd", "영문·숫자 6자리"),
        ("kt10006", {"ord_qty": "0"}, "ord_qty", "1 이상"),
        ("kt10006", {"ord_uv": ""}, "ord_uv", "주문단가를 입력하세요 (보통 주문)"),
        ("kt10007", {"crd_deal_tp": "33"}, "crd_loan_dt", "대출일을 입력하세요 (융자 주문)"),
        ("kt10008", {"orig_ord_no": ""}, "orig_ord_no", "원주문번호를 입력하세요"),
        ("kt10009", {"cncl_qty": ""}, "cncl_qty", "취소수량을 입력하세요"),
    ],
)
def test_validation_message_beside_field_and_send_disabled(window, api_id, values, field, message):
    form = window.forms[api_id]
    form.set_values(
        {**VALID[api_id], "crd_loan_dt": "", **values} if api_id == "kt10007" else {**VALID[api_id], **values}
    )
    assert message in form.error_labels[field].text()
    assert not form.send_button.isEnabled()


def test_fields_that_do_not_apply_are_disabled_and_cleared(window):
    form = window.forms["kt10006"]
    form.set_values({**BUY})
    form.set_values({"trde_tp": "3"})  # 시장가
    assert not form.editors["ord_uv"].isEnabled() and form.editors["ord_uv"].text() == ""
    assert not form.editors["cond_uv"].isEnabled()
    assert form.send_button.isEnabled()
    form.set_values({"trde_tp": "28", "ord_uv": "2580"})  # 스톱지정가
    assert form.editors["cond_uv"].isEnabled() and not form.send_button.isEnabled()
    assert "조건단가를 입력하세요" in form.error_labels["cond_uv"].text()  # why Send is off, at once
    form.set_values({"cond_uv": "2500"})
    assert form.send_button.isEnabled()
    sell = window.forms["kt10007"]
    assert not sell.editors["crd_loan_dt"].isEnabled()  # 융자합 is the default
    sell.set_values({"crd_deal_tp": "33"})
    assert sell.editors["crd_loan_dt"].isEnabled()


def test_double_click_sends_one_order(qtbot, window, simulator):
    simulator.set_latency(0.3)
    fill(window, "kt10006", BUY)
    button = window.forms["kt10006"].send_button
    button.click()
    button.click()
    window.send_current()  # Ctrl+Enter too
    wait_answered(qtbot, window, 1)
    qtbot.wait(200)
    assert len(simulator.order_requests()) == 1
    assert len(rows(window)) == 1


def test_event_loop_never_stalls_while_host_is_slow(qtbot, window, simulator):
    simulator.set_latency(2.0)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def probe() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(window)
    timer.timeout.connect(probe)
    timer.start(5)
    fill(window, "kt10006", BUY)
    send(qtbot, window, "kt10006")
    wait_answered(qtbot, window, 1, timeout=15000)
    timer.stop()
    assert len(gaps) > 100
    # the host takes 2 s: a GUI thread that waited on it would stall ~2 s; the bound leaves room for a busy
    # machine (the suite runs on every core), the benchmarks measure the real gap
    assert max(gaps) < 0.5, f"longest event-loop gap {max(gaps) * 1000:.1f} ms"


@pytest.mark.parametrize(
    ("fault", "label"),
    [("http500", "확인 필요"), ("drop", "확인 필요"), ("garbage", "확인 필요"), ("rate_limit", "유량 초과")],
)
def test_error_outcomes_shown_and_next_order_works(qtbot, window, simulator, fault, label):
    simulator.inject(fault)
    fill(window, "kt10006", BUY)
    send(qtbot, window, "kt10006")
    wait_answered(qtbot, window, 1)
    # an order the host did take (500, drop, garbage after placing it) may already be found in today's orders
    text = log_texts(window)[0]
    assert label in text or (label == "확인 필요" and "접수 확인" in text), text
    asked = []
    # the same order again after a 확인 필요 is a new order the user makes: its confirmation names the first
    window.confirm = lambda *a: asked.append(window.confirming["unknown"]) or True
    send(qtbot, window, "kt10006")
    second = wait_answered(qtbot, window, 2)[1]
    # asked only while the first is still 확인 필요 (the search may already have confirmed it from the book)
    assert all("확인 필요" in a for a in asked) and (label == "확인 필요" or not asked)
    assert second.outcome is Outcome.ACCEPTED
    assert len(simulator.order_requests()) == 2  # the failed one was not resent


def test_rejection_shows_code_and_message(qtbot, window):
    fill(window, "kt10009", {**VALID["kt10009"], "orig_ord_no": "7654321"})
    send(qtbot, window, "kt10009")
    (row,) = wait_answered(qtbot, window, 1)
    assert row.outcome is Outcome.REJECTED and row.code == "571480"
    assert "거부" in log_texts(window)[0]


def test_token_never_reaches_log_or_data_dir(qtbot, window, simulator, tmp_path, memory_keyring):
    fill(window, "kt10006", BUY)
    send(qtbot, window, "kt10006")
    wait_answered(qtbot, window, 1)
    window.log.table.selectRow(0)
    copied = window.log.copy_selected()
    window.log.export_csv(tmp_path / "log.csv")
    window.save_settings()
    token = json.loads(memory_keyring.passwords[("kiwoom-gui", "mock:token")])["token"]
    secrets = [token, *simulator.state.app_keys.items().__iter__().__next__()]
    texts = [copied, window.log.detail.toPlainText(), *log_texts(window)]
    texts += [p.read_bytes().decode("utf-8", "replace") for p in tmp_path.rglob("*") if p.is_file()]
    for text in texts:
        for secret in secrets:
            assert secret not in text
    assert "Bearer ****" in window.log.detail.toPlainText()


def test_restart_shows_journal_history(qtbot, make_window, tmp_path):
    first = make_window()
    fill(first, "kt10006", BUY)
    send(qtbot, first, "kt10006")
    (row,) = wait_answered(qtbot, first, 1)
    first.close()
    second = make_window()
    qtbot.waitUntil(lambda: len(rows(second)) == 1)
    old = rows(second)[0]
    assert (old.ord_no, old.outcome, old.api_id) == (row.ord_no, Outcome.ACCEPTED, "kt10006")
    assert row.ord_no in log_texts(second)[0]


def test_closing_mid_flight_is_clean_and_journaled(qtbot, make_window, simulator):
    simulator.set_latency(1.0)
    first = make_window()
    fill(first, "kt10006", BUY)
    send(qtbot, first, "kt10006")
    qtbot.waitUntil(lambda: len(simulator.order_requests()) == 1)
    started = time.monotonic()
    first.close()
    assert time.monotonic() - started < 15
    assert not first.controller.is_running()
    second = make_window()
    qtbot.waitUntil(lambda: len(rows(second)) == 1)
    assert rows(second)[0].outcome in (Outcome.ACCEPTED, Outcome.UNKNOWN)


def test_unwritable_journal_refuses_order(qtbot, make_window, tmp_path, simulator):
    blocked = tmp_path / "ro"
    blocked.mkdir()
    (blocked / "journal.sqlite3").mkdir()  # a directory where the journal file must go
    w = make_window(data_dir=blocked)
    fill(w, "kt10006", BUY)
    send(qtbot, w, "kt10006")
    (row,) = wait_answered(qtbot, w, 1)
    assert row.outcome is Outcome.NOT_SENT and "기록" in row.message
    assert simulator.order_requests() == []


def test_real_environment_asks_first_with_exact_body(qtbot, make_window, simulator, demo_keys):
    keyring.set_password("kiwoom-gui", "real:appkey", demo_keys[0])
    keyring.set_password("kiwoom-gui", "real:secretkey", demo_keys[1])
    w = make_window("--env", "real")
    assert w.env == "real" and "실전투자" in w.banner.text()
    asked = []
    w.confirm = lambda env, title, body: asked.append((env, title, dict(body))) or False
    fill(w, "kt10006", BUY)
    send(qtbot, w, "kt10006")
    assert asked == [("실전투자", "신용 매수주문", {**BUY, "dmst_stex_tp": "KRX", "trde_tp": "0", "cond_uv": ""})]
    assert rows(w) == [] and simulator.order_requests() == []
    assert w.forms["kt10006"].send_button.isEnabled()
    w.confirm = lambda *a: True
    send(qtbot, w, "kt10006")
    assert wait_answered(qtbot, w, 1)[0].outcome is Outcome.ACCEPTED


def test_keyboard_shortcuts_and_filters(qtbot, window):
    from PySide6.QtCore import Qt

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.forms["kt10008"]
    fill(window, "kt10006", BUY)
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_answered(qtbot, window, 1)
    window.log.outcome_filter.setCurrentIndex(window.log.outcome_filter.findData("rejected"))
    assert window.log.table.model().rowCount() == 0
    window.log.outcome_filter.setCurrentIndex(window.log.outcome_filter.findData("accepted"))
    assert window.log.table.model().rowCount() == 1


def test_demo_mode_needs_no_account(qtbot, tmp_path, memory_keyring):
    w = create_main_window(["--demo", "--data-dir", str(tmp_path)])
    qtbot.addWidget(w)
    w.show()
    try:
        assert w.env == "simulator" and "시뮬레이터" in w.banner.text()
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        assert wait_answered(qtbot, w, 1)[0].outcome is Outcome.ACCEPTED
        assert memory_keyring.passwords == {}  # demo credentials never touch the keyring
    finally:
        w.close()


def test_simulator_is_default_without_credentials(qtbot, tmp_path):
    w = create_main_window(["--data-dir", str(tmp_path)])
    qtbot.addWidget(w)
    try:
        qtbot.waitUntil(lambda: w.env == "simulator")
    finally:
        w.close()


def test_mock_stays_default_with_credentials(qtbot, tmp_path, demo_keys):
    w = create_main_window(["--data-dir", str(tmp_path)])
    qtbot.addWidget(w)
    try:
        qtbot.wait(300)
        assert w.env == "mock"
    finally:
        w.close()


def test_settings_persist(qtbot, make_window):
    first = make_window()
    first.forms["kt10006"].set_values({"trde_tp": "3", "dmst_stex_tp": "NXT"})
    first.tabs.setCurrentIndex(2)
    first.close()
    second = make_window()
    assert second.forms["kt10006"].raw_values()["trde_tp"] == "3"
    assert second.forms["kt10006"].raw_values()["dmst_stex_tp"] == "NXT"
    assert second.tabs.currentIndex() == 2


def test_credentials_dialog_issues_and_revokes_off_the_gui_thread(qtbot, window, memory_keyring):
    dialog = window.open_credentials()
    qtbot.waitUntil(lambda: "App Key 저장됨" in dialog.status.text())
    dialog.buttons["issue"].click()
    qtbot.waitUntil(lambda: "토큰을 발급했습니다" in dialog.status.text())
    token = json.loads(memory_keyring.passwords[("kiwoom-gui", "mock:token")])["token"]
    assert token not in dialog.status.text()
    assert f"{token[:4]}…{token[-4:]}" in dialog.status.text() and "KST" in dialog.status.text()
    dialog.buttons["revoke"].click()
    qtbot.waitUntil(lambda: "폐기를 확인했습니다" in dialog.status.text())
    assert ("kiwoom-gui", "mock:token") not in memory_keyring.passwords
    dialog.token.setText("pasted-token-value-1234567890")
    dialog.buttons["paste_token"].click()
    qtbot.waitUntil(lambda: "토큰을 저장했습니다" in dialog.status.text())
    assert dialog.token.text() == ""  # the dialog keeps nothing once handed over
    stored = json.loads(memory_keyring.passwords[("kiwoom-gui", "mock:token")])
    assert stored["token"] == "pasted-token-value-1234567890"
    dialog.close()
