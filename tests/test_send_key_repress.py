"""Ctrl held, Enter pressed, let go and pressed again: two presses, two orders — where key events carry no
X server time (offscreen, QTest: every timestamp 0) and where the X11 repeat held_keys.HeldKeys guards
against does not exist. Review finding: HeldKeys read 0 − 0 = 0 ms as "within 30 ms of the release", took
the second deliberate press for a repeat, and sent nothing."""

from __future__ import annotations

from gui_helpers import fill, wait_answered
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}
CTRL = Qt.KeyboardModifier.ControlModifier


def test_ctrl_held_enter_pressed_twice_sends_two_orders(qtbot, window, simulator):
    fill(window, "kt10006", BUY)
    QTest.keyPress(window, Qt.Key.Key_Return, CTRL)  # Ctrl down, Enter down: the shortcut sends
    wait_answered(qtbot, window, 1)
    QTest.keyRelease(window, Qt.Key.Key_Return)  # Enter up; Ctrl still held
    QTest.keyPress(window, Qt.Key.Key_Return, CTRL)  # Enter down again: a second press, a second order
    wait_answered(qtbot, window, 2)
    QTest.keyRelease(window, Qt.Key.Key_Return, CTRL)
    assert len(simulator.order_requests()) == 2
