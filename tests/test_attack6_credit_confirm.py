"""Hostile review 6 (issue 19, "every 신용매수 asks first, naming the low ratio"): two ways a 신용매수 leaves without
the user having seen a 신용담보비율 under the warning threshold.

1. A failed refresh silences the warning. The ratio was 135 % (under 140): every credit buy asked. Then one
   kt00001 refresh fails (the host's error, a timeout): the desk forgets the line, and the next credit buy goes out
   without a word — "not known" passed for "nothing to warn of".
2. The ratio lands while the confirmation is open. The confirmation showed 150 %; the refresh that follows every
   answered order lands during the dialog with 120 %; the user clicks 보내기 on what they saw, and the order goes
   — the send flow judges again what changed meanwhile (the body, the stock's warnings, 착오 방지), not credit.

Real window, a recording host on 127.0.0.1 answering kt00001 / kt00012 / kt20017 in the spec's shapes.
"""

from __future__ import annotations

from gui_helpers import fill, send
from hostile_host import HostileHost
from test_credit_desk_gui import CreditHost, kt00001, label, open_window

FAILED = {"return_code": 1, "return_msg": "일시적인 장애입니다"}


def test_a_failed_refresh_does_not_silence_a_low_ratio(qtbot, window_with, demo_keys, tmp_path):
    script = CreditHost(kt00001=kt00001(crd_grnt_rt="135.00"))
    with HostileHost(script) as http:
        window = open_window(window_with, http, tmp_path)
        ratio = label(window, "collateralRatio")
        qtbot.waitUntil(lambda: ratio.text() == "135.00 %", timeout=8000)
        script.answers["kt00001"] = FAILED
        window.refresh_account()
        qtbot.waitUntil(lambda: "조회 실패" in ratio.text(), timeout=5000)

        seen: list[dict] = []
        window.confirm = lambda *_: seen.append(dict(window.confirming)) or False
        fill(window, "kt10006", {"stk_cd": "005930", "trde_tp": "0", "ord_uv": "50000", "ord_qty": "1"})
        send(qtbot, window, "kt10006")
        qtbot.waitUntil(lambda: bool(seen) or bool(http.orders()), timeout=5000)
        assert seen, "a credit buy went out unasked after the refresh of a 135 % ratio failed"
        assert "135.00 %" in seen[0]["credit"] and "140" in seen[0]["credit"]
        assert not http.orders()


def test_a_low_ratio_landing_during_the_confirmation_is_not_sent_past(qtbot, window_with, demo_keys, tmp_path):
    script = CreditHost(kt00001=kt00001(crd_grnt_rt="150.00"))
    with HostileHost(script) as http:
        window = open_window(window_with, http, tmp_path)
        ratio = label(window, "collateralRatio")
        qtbot.waitUntil(lambda: ratio.text() == "150.00 %", timeout=8000)
        window.confirm_action.setChecked(True)  # the user's switch: every order asks
        fill(window, "kt10006", {"stk_cd": "005930", "trde_tp": "0", "ord_uv": "50000", "ord_qty": "1"})
        form = window.forms["kt10006"]
        # the stock's lookup has answered (this host fails it): its warning stands before Send
        looked_up = lambda: window.instrument_lookup.pending_s("kt10006") is None  # noqa: E731
        qtbot.waitUntil(lambda: looked_up() and bool(form.confirmation_warnings()), timeout=5000)

        seen: list[dict] = []

        def confirm(*_):  # a modal dialog runs the event loop: the refresh lands while it is open
            seen.append(dict(window.confirming))
            script.answers["kt00001"] = kt00001(crd_grnt_rt="120.00")
            window.refresh_account()
            qtbot.waitUntil(lambda: ratio.text() == "120.00 %", timeout=5000)
            return True

        window.confirm = confirm
        send(qtbot, window, "kt10006")
        status = window.statusBar()
        qtbot.waitUntil(lambda: bool(http.orders()) or "보내지 않았습니다" in status.currentMessage(), timeout=5000)
        assert "120" not in seen[0]["credit"]  # what the user saw
        assert not http.orders(), "the order went out past a 120 % ratio the confirmation never named"
