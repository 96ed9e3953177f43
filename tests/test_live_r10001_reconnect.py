"""Issue 17 item 8: after R10001 (another connection with the same app key) the live connection stays off until
the user presses 다시 연결 — a new token, F5 or a switch back to the same environment never reconnects (each
would throw the other program's session out in turn).

Through the real window against the simulator's WebSocket on 127.0.0.1 (its fault "r10001" sends the SYSTEM
frame and closes the session, as Kiwoom does when a second LOGIN comes with the same app key).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from kiwoom_gui.base.payloads import CredentialCommand

FAST = {"backoff_s": (0.1, 0.2), "idle_timeout_s": 10.0}


@pytest.fixture
def live_window(window_with, live_sim, demo_keys):
    def make():
        options = ("--env", "mock", "--base-url", live_sim.base_url, "--ws-url", live_sim.ws_url)
        return window_with(*options, live_options=FAST)

    return make


def _stopped_by_r10001(qtbot, window, live_sim) -> None:
    qtbot.waitUntil(lambda: window.live.state == "connected", timeout=8000)
    live_sim.live_fault("r10001")
    qtbot.waitUntil(lambda: window.live.state == "stopped", timeout=5000)


def test_after_r10001_only_the_reconnect_button_connects_again(qtbot, live_window, live_sim):
    window = live_window()
    button = window.findChild(QAbstractButton, "liveReconnect")
    assert button is not None, "a 다시 연결 control (objectName liveReconnect) next to liveStatus"
    qtbot.waitUntil(lambda: window.live.state == "connected", timeout=8000)
    assert not button.isEnabled(), "nothing to lift while connected"
    _stopped_by_r10001(qtbot, window, live_sim)
    text = window.live.label.text()
    assert "R10001" in text and "다시 연결" in text, text  # what happened and what lifts it
    qtbot.waitUntil(button.isVisible, timeout=2000)
    assert button.isEnabled()
    connections, logins = live_sim.live.counters.connections, live_sim.live.counters.logins

    # a new token (토큰 발급: the same path an 8005 re-issue takes) does not reconnect
    statuses: list = []
    window.controller.credential_status.connect(statuses.append)
    window.controller.credentials(CredentialCommand(window.target(), "issue"))
    qtbot.waitUntil(lambda: bool(statuses), timeout=5000)
    assert "발급" in statuses[-1].message, statuses[-1].message
    # F5 does not reconnect either
    qtbot.mouseClick(window.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.wait(1000)  # several backoffs' worth
    assert live_sim.live.counters.connections == connections
    assert window.live.state == "stopped"
    assert "R10001" in window.live.label.text()
    assert button.isEnabled()

    # the button does: one new connection, one LOGIN, and the button is off again
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.live.state == "connected", timeout=8000)
    assert live_sim.live.counters.connections == connections + 1
    assert live_sim.live.counters.logins == logins + 1
    assert not button.isEnabled()


def test_a_switch_away_and_back_to_the_same_environment_stays_off(qtbot, live_window, live_sim):
    window = live_window()
    _stopped_by_r10001(qtbot, window, live_sim)
    connections = live_sim.live.counters.connections
    combo = window.env_combo
    combo.setCurrentIndex(combo.findData("simulator"))  # the built-in simulator: another app key, may connect
    qtbot.waitUntil(lambda: window.target().env == "simulator", timeout=5000)
    qtbot.wait(300)
    combo.setCurrentIndex(combo.findData("mock"))
    qtbot.waitUntil(lambda: window.target().env == "mock", timeout=5000)
    qtbot.wait(1000)
    assert live_sim.live.counters.connections == connections
    assert window.live.state == "stopped", window.live.label.text()
    assert "R10001" in window.live.label.text()
    button = window.findChild(QAbstractButton, "liveReconnect")
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.live.state == "connected", timeout=8000)
    assert live_sim.live.counters.connections == connections + 1


def test_the_reconnect_button_is_off_when_nothing_can_be_lifted(qtbot, window_with, simulator, demo_keys):
    # a custom host without --ws-url: off for a reason the button cannot lift
    window = window_with("--env", "mock", "--base-url", simulator.base_url)
    qtbot.mouseClick(window.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.live.state == "off" and not window.live.never_started, timeout=5000)
    button = window.findChild(QAbstractButton, "liveReconnect")
    assert button is not None and not button.isEnabled()
