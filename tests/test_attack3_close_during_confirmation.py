"""Hostile review 3: the window closed while the confirmation dialog was open, then 보내기. Nothing may go on:
before the fix the re-check after the dialog asked for the target again, which (with the built-in simulator
already stopped by the close) started a new simulator that nothing would ever stop."""

from __future__ import annotations

from gui_helpers import fill, send

BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60,000", "trde_tp": "0"}


def test_closing_during_the_confirmation_sends_nothing_and_starts_nothing(qtbot, window_with):
    window = window_with("--demo")
    qtbot.waitUntil(lambda: window.simulator is not None, timeout=5000)
    sim = window.simulator
    window.confirm_action.setChecked(True)  # every order is confirmed first
    fill(window, "kt10006", BUY)

    def close_then_confirm(*_: object) -> bool:
        window.close()
        return True

    window.confirm = close_then_confirm
    send(qtbot, window, "kt10006")
    qtbot.wait(300)
    assert window.simulator is None  # no second simulator started by the closed window
    assert sim.order_requests() == []
