"""Hostile review (#13): the token must never show, not even in part, in the liveStatus label or its tooltip.

A host message is cut to 300 characters *before* the token is scrubbed from it: a message whose token
straddles the cut leaves most of the token on screen (the full-string scrub no longer finds it).
"""

from __future__ import annotations

from hostile_ws import HostileWS, login_token

from kiwoom_gui.live import frames

FAST = {"backoff_s": (5.0,), "idle_timeout_s": 5.0}


def test_a_system_message_that_echoes_the_token_past_the_cut_shows_no_part_of_it(
    qtbot, window_with, simulator, demo_keys
):
    host: HostileWS

    def kick(conn) -> None:
        token = login_token(host.received)
        # 280 characters of text, then the token: the 300-character excerpt cuts it after 19 characters
        conn.send(frames.system_frame("R19999", "세" * 280 + token))

    host = HostileWS(on_login=kick).start()
    try:
        window = window_with("--env", "mock", "--base-url", simulator.base_url, "--ws-url", host.url, live_options=FAST)
        window.refresh_account()
        # an unknown SYSTEM code is a notice that ends nothing (the host interleaves them around LOGIN): shown
        qtbot.waitUntil(lambda: "R19999" in window.live.label.text() + window.live.label.toolTip(), timeout=8000)
        token = login_token(host.received)
        assert len(token) >= 30
        shown = window.live.label.text() + window.live.label.toolTip()
        assert "R19999" in shown  # the host's frame was read and shown
        leaked = token[:16]
        assert leaked not in shown, "a prefix of the access token is on screen"
    finally:
        host.stop()
