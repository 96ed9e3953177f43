"""Hostile review 6 (issue 21, 신규 주문 정지): the halt is switched on while the confirmation of a 신용매수 is
open (a key of another window, a script, the menu on a second screen). The order already in the dialog must
still be refused when the user presses 보내기: the halt is what holds at the moment the order would leave."""

from __future__ import annotations

from gui_helpers import fill, rows, send

BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0"}


def test_halt_switched_on_during_the_confirmation_refuses_the_order_in_it(qtbot, make_window, simulator):
    w = make_window()
    w.confirm_action.setChecked(True)  # every order is confirmed first
    fill(w, "kt10006", BUY)
    asked = []

    def halt_then_accept(*_: object) -> bool:
        asked.append(1)
        w.halt.action.trigger()  # on, while the dialog is open
        return True  # 보내기

    w.confirm = halt_then_accept
    send(qtbot, w, "kt10006")
    assert asked == [1] and w.halt.on
    form = w.forms["kt10006"]
    qtbot.wait(300)  # an order would be on the wire by now
    assert [r for r in simulator.recorded if r.path == "/api/dostk/crdordr"] == []
    assert rows(w) == []  # nothing journalled or logged
    assert "신규 주문 정지" in form.result.text(), form.result.text()
    assert form.send_button.isEnabled()  # refused, not stuck


def test_a_halt_that_cannot_be_kept_says_so(qtbot, window_with, simulator, demo_keys, tmp_path):
    """settings.ini cannot be written (here: a folder of that name): the halt still holds in this run, but the
    window must not let the trader believe it survives a restart (the tip promises it does)."""
    data = tmp_path / "data"
    (data / "settings.ini").mkdir(parents=True)
    w = window_with("--env", "mock", "--base-url", simulator.base_url, data_dir=data)
    w.halt.action.trigger()
    assert w.halt.on
    qtbot.waitUntil(lambda: "저장하지 못했습니다" in w.statusBar().currentMessage(), timeout=5000)
    assert "다시 시작" in w.statusBar().currentMessage()
    assert "저장하지 못했습니다" in w.halt.label.toolTip()  # the banner says it too, after the message is gone
