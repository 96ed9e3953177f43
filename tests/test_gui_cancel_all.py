"""Issue 21 through the real window against the simulator over HTTP on 127.0.0.1: 모두 취소 (``cancelAll``) in
미체결 cancels a stock's open credit orders after one confirmation, skipping cash orders and never resending one
that failed; 신규 주문 정지 (``haltNewOrders``) refuses new orders at Send, lets 취소 go, and survives a restart."""

from __future__ import annotations

import pytest
from gui_helpers import fill, rows, send, wait_answered
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.simulator import KiwoomSimulator

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}


@pytest.fixture
def sim():
    s = KiwoomSimulator().start()
    yield s
    s.stop()


@pytest.fixture
def demo_window(window_with):
    def make(s: KiwoomSimulator):
        return window_with("--demo", "--base-url", s.base_url)

    return make


def cancels_sent(s: KiwoomSimulator) -> list[dict]:
    return [r.json() for r in s.order_requests() if r.headers.get("api-id") == "kt10009"]


def recording_confirm(calls: list, answer: bool = True):
    def confirm(env_label: str, count: int, info: str) -> bool:
        calls.append((env_label, count, info))
        return answer

    return confirm


def shown(qtbot, w, count: int):
    view = w.account.views["open_orders"]
    qtbot.waitUntil(lambda: len(view.rows()) == count and view.complete, timeout=15000)
    qtbot.waitUntil(lambda: w.account_number is not None, timeout=15000)  # the account gate is open
    return view


def test_one_row_chosen_cancels_every_credit_order_of_its_stock_and_skips_the_cash_one(qtbot, sim, demo_window):
    credit = sim.seed_open_orders(3, venue="KRX", qty=10, price=30000)
    (cash,) = sim.seed_open_orders(1, venue="KRX", qty=5, price=30000, cash=True)
    (other,) = sim.seed_open_orders(1, stk_cd="000660", venue="KRX", qty=1)  # another stock: left alone
    w = demo_window(sim)
    view = shown(qtbot, w, 5)
    calls: list = []
    w.cancel_all.confirm = recording_confirm(calls)
    view.table.selectRow([r.ord_no for r in view.rows()].index(credit[1]))  # one row: the whole stock and venue
    qtbot.waitUntil(w.cancel_all.button.isEnabled, timeout=5000)
    assert not w.account.cancel_button.isEnabled() or len(view.selected_indices()) == 1

    qtbot.mouseClick(w.cancel_all.button, Qt.MouseButton.LeftButton)
    answered = wait_answered(qtbot, w, 3)
    assert [r.outcome for r in answered] == [Outcome.ACCEPTED] * 3, [r.message for r in answered]
    (call,) = calls  # ONE confirmation for the three
    env_label, count, info = call
    assert count == 3
    for number in credit:  # each order's number, side, quantity and price
        assert f"주문번호 {number} · 매수 · 10주 · 30,000원 · KRX" in info, info
    assert cash in info and "현금 주문" in info  # the cash one is named as skipped
    assert other not in info
    sent = cancels_sent(sim)
    assert sent == [
        {"dmst_stex_tp": "KRX", "orig_ord_no": n, "stk_cd": "005930", "cncl_qty": "0"} for n in credit
    ], sent
    assert "현금 주문" in w.statusBar().currentMessage() and cash in w.statusBar().currentMessage()
    assert {o.ord_no for o in sim.book.orders() if o.is_open} == {cash, other}


def test_a_refused_or_unknown_cancel_is_not_resent_and_the_rest_still_go(qtbot, sim, demo_window):
    numbers = sim.seed_open_orders(4, venue="NXT", qty=3)
    w = demo_window(sim)
    view = shown(qtbot, w, 4)
    calls: list = []
    w.cancel_all.confirm = recording_confirm(calls)
    selection = view.table.selectionModel()
    for i in range(4):  # all four chosen: several rows, each its own cancel
        index = view.model.index(i, 0)
        selection.select(index, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    assert not w.account.cancel_button.isEnabled()  # 취소 acts on one row only
    qtbot.waitUntil(w.cancel_all.button.isEnabled, timeout=5000)
    sim.inject("refuse", api_id="kt10009", skip=1)  # the second cancel is refused
    sim.inject("http500", process=False, api_id="kt10009")  # the third's answer means nothing: 확인 필요
    w.cancel_all.button.click()
    answered = wait_answered(qtbot, w, 4)
    outcomes = [r.outcome for r in answered]
    assert outcomes == [Outcome.ACCEPTED, Outcome.REJECTED, Outcome.UNKNOWN, Outcome.ACCEPTED], outcomes
    assert len(calls) == 1
    sent = [b["orig_ord_no"] for b in cancels_sent(sim)]
    assert sent == numbers, sent  # each once, in the list's order: the refused and the unknown never again
    assert "거절 1건" in w.statusBar().currentMessage() and "확인 필요 1건" in w.statusBar().currentMessage()

    # the account follows: the refused and the unknown one are still open. A second 모두 취소 of both is the
    # user's new choice: the refused one may go again, the one of unknown outcome never does
    qtbot.waitUntil(lambda: sorted(r.ord_no for r in view.rows()) == [numbers[1], numbers[2]], timeout=15000)
    view.table.selectAll()
    qtbot.waitUntil(w.cancel_all.button.isEnabled, timeout=5000)
    w.cancel_all.button.click()
    wait_answered(qtbot, w, 5)
    listed, _, skipped = calls[1][2].partition("건너뜀")
    assert numbers[1] in listed and numbers[2] not in listed and numbers[2] in skipped, calls[1][2]
    assert calls[1][1] == 1
    assert [b["orig_ord_no"] for b in cancels_sent(sim)] == [*numbers, numbers[1]]


def test_the_real_confirmation_defaults_to_not_sending(qtbot, sim, demo_window):
    numbers = sim.seed_open_orders(2, venue="KRX")
    w = demo_window(sim)
    view = shown(qtbot, w, 2)
    menu = {b.objectName(): b.property("menu_text") for b in w.account.open_order_buttons}
    assert menu["cancelAll"] == "선택한 주문 모두 취소"  # the rows' context-menu entry
    seen: list[tuple[str, str, str]] = []

    def read_and_press_enter() -> None:
        box = w.findChild(QMessageBox, "confirmCancelAll")
        if box is None or not box.isVisible():
            QTimer.singleShot(20, read_and_press_enter)
            return
        text = box.findChild(QLabel, "qt_msgbox_informativelabel").text()
        seen.append((box.defaultButton().text(), box.text(), text))
        qtbot.keyClick(box, Qt.Key.Key_Return)  # Enter alone: the default button, 보내지 않음

    view.table.selectRow(0)
    qtbot.waitUntil(w.cancel_all.button.isEnabled, timeout=5000)
    QTimer.singleShot(0, read_and_press_enter)
    w.cancel_all.button.click()
    ((default, heading, info),) = seen
    assert default == "보내지 않음" and "2건" in heading
    assert all(f"주문번호 {n}" in info for n in numbers), info
    assert cancels_sent(sim) == [] and rows(w) == []
    assert "보내지 않았습니다" in w.statusBar().currentMessage()


def test_halt_refuses_new_orders_lets_a_cancel_go_and_survives_a_restart(qtbot, sim, demo_window, tmp_path):
    (resting,) = sim.seed_open_orders(1, venue="KRX", qty=10)
    w = demo_window(sim)
    view = shown(qtbot, w, 1)
    assert not w.halt.action.isChecked() and w.halt.label.isHidden()
    qtbot.mouseClick(w.findChild(type(w.halt.button), "haltNewOrdersButton"), Qt.MouseButton.LeftButton)
    assert w.halt.action.isChecked() and w.halt.label.isVisible()
    assert "신규 주문 정지 중" in w.halt.label.text()

    fill(w, "kt10006", BUY)
    send(qtbot, w, "kt10006")
    form = w.forms["kt10006"]
    assert "신규 주문 정지" in form.result.text(), form.result.text()
    assert form.send_button.isEnabled()  # refused, not stuck
    assert sim.order_requests() == [] and rows(w) == []  # nothing sent, nothing journalled or logged

    view.table.selectRow(0)
    w.account.cancel_button.click()  # 정정/취소 still work
    send(qtbot, w, "kt10009")
    (row,) = wait_answered(qtbot, w, 1)
    assert row.outcome is Outcome.ACCEPTED and row.api_id == "kt10009", row.message
    assert [r.headers["api-id"] for r in sim.order_requests()] == ["kt10009"]
    assert resting not in {o.ord_no for o in sim.book.orders() if o.is_open}
    w.close()

    again = demo_window(sim)  # a restart: the same data directory
    assert again.halt.action.isChecked() and again.halt.label.isVisible()
    assert "halt_new=true" in (tmp_path / "settings.ini").read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: len(rows(again)) == 1, timeout=10000)  # the journal: the cancel and nothing else
    assert rows(again)[0].api_id == "kt10009"
    again.halt.action.trigger()  # off: a buy goes again
    assert not again.halt.action.isChecked() and again.halt.label.isHidden()
    fill(again, "kt10006", BUY)
    send(qtbot, again, "kt10006")
    qtbot.waitUntil(lambda: len(sim.order_requests()) == 2, timeout=10000)
    again.close()
    assert "halt_new=false" in (tmp_path / "settings.ini").read_text(encoding="utf-8")


def test_switching_environment_mid_batch_stops_the_rest_and_says_so(qtbot, simulator, make_window):
    numbers = simulator.seed_open_orders(3, venue="KRX")
    w = make_window()  # 모의투자 at the simulator's loopback address
    view = shown(qtbot, w, 3)
    w.cancel_all.confirm = recording_confirm([])
    view.table.selectRow(0)
    qtbot.waitUntil(w.cancel_all.button.isEnabled, timeout=5000)
    simulator.set_latency(1.0)  # the first cancel is still on the wire when the user switches
    w.cancel_all.button.click()
    qtbot.waitUntil(lambda: len(cancels_sent(simulator)) == 1, timeout=10000)
    w.set_environment("simulator")  # the window's own simulator (loopback too)
    qtbot.waitUntil(lambda: not w.cancel_all.running, timeout=15000)
    assert [b["orig_ord_no"] for b in cancels_sent(simulator)] == numbers[:1]
    message = w.statusBar().currentMessage()
    assert "환경·호스트가 바뀌어 나머지 2건은 보내지 않았습니다" in message, message
    assert w.simulator is not None and w.simulator.order_requests() == []
