"""Hostile review of issue 12: what the window already knows (or learns) about a stock must hold at the moment
the order leaves — through the real window against the simulator on loopback."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kiwoom_gui.ui.window.confirmation import confirmation_text

SAMSUNG = "005930"  # the simulator's 삼성전자: band 49,400…91,600
WARNED = "263750"  # 펄어비스, 투자경고; 현재가 38,650, band 25,900…48,000


@pytest.fixture
def demo(window_with, simulator):
    return window_with("--demo", "--base-url", simulator.base_url)


def looked_up(qtbot, form, code: str) -> None:
    form.set_values({"stk_cd": code})
    qtbot.waitUntil(lambda: form.instrument is not None and form.instrument.code == code, timeout=8000)


def click_send(qtbot, form) -> None:
    assert form.send_button.isEnabled(), {k: v.text() for k, v in form.error_labels.items() if v.text()}
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)


def test_a_warning_already_known_is_confirmed_when_send_follows_the_code_at_once(qtbot, demo, simulator):
    """The session has looked 263750 up (투자경고, in the fresh cache). A code put in by a fill (정정/취소 from
    미체결, 신용매도에 사용, a paste) and sent at once — before the 250 ms debounce — goes out with no
    confirmation: the form drops its instrument on the code change and applies even a cached one only when
    the debounce timer fires. Fix: ui/instrument_lookup.InstrumentLookup._code_changed — apply a fresh cache
    entry at once (no timer); and main_window._on_send_requested — a form whose lookup is pending (debounce
    or in flight) confirms first ("종목 정보 확인 전") instead of sending as if the stock had no warning."""
    buy = demo.forms["kt10006"]
    demo.tabs.setCurrentWidget(buy)
    looked_up(qtbot, buy, WARNED)
    assert buy.confirmation_warnings()  # known: 투자경고
    looked_up(qtbot, buy, SAMSUNG)
    asked: list[str] = []
    demo.confirm = lambda *a: asked.append(confirmation_text(demo.confirming)) or False
    buy.set_values({"stk_cd": WARNED, "ord_qty": "1", "ord_uv": "38650"})
    click_send(qtbot, buy)
    qtbot.waitUntil(lambda: bool(asked) or bool(simulator.order_requests()), timeout=5000)
    assert asked and "투자경고" in asked[0], "sent to a 투자경고 stock the window already knew, unconfirmed"
    assert simulator.order_requests() == []


def test_a_band_already_known_holds_when_send_follows_the_code_at_once(qtbot, demo, simulator):
    """Same gap for the band: 005930's 하한가 (49,400) is in the fresh cache, yet 2,580 typed with the code
    and sent at once leaves, because the cached instrument lands only after the debounce. Fix as above
    (InstrumentLookup._code_changed applies a fresh cache entry synchronously)."""
    buy = demo.forms["kt10006"]
    demo.tabs.setCurrentWidget(buy)
    looked_up(qtbot, buy, SAMSUNG)
    looked_up(qtbot, buy, "000660")
    buy.set_values({"stk_cd": SAMSUNG, "ord_qty": "1", "ord_uv": "2580"})
    if buy.send_button.isEnabled():  # it should not be: 2,580 is under 005930's known 하한가 49,400
        qtbot.mouseClick(buy.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(simulator.order_requests()), timeout=5000)
    sent = [r.json()["ord_uv"] for r in simulator.order_requests()]
    assert sent == [], f"sent {sent}: under the 하한가 the window already knew"


def test_an_answer_landing_while_the_confirmation_is_open_is_not_ignored(qtbot, demo, simulator):
    """확인 is on; the code is sent before its lookup lands, so the dialog names no warning. While the dialog is
    open (a nested event loop) ka10001/ka10100 land: the form turns red (투자경고) and the price is over
    상한가 48,000 — Send is off. The user clicks 보내기 on the dialog they saw, and the body captured before
    it goes out anyway: a 투자경고 stock never confirmed by name, priced beyond the band. Fix:
    main_window._on_send_requested — after confirm() returns, judge the form again (form.body equal to the
    body confirmed, form.confirmation_warnings() equal to the warnings shown, price_kind unchanged); else
    do not send, and say why."""
    views = demo.account.views.values()
    qtbot.waitUntil(lambda: all(v.fetched_at is not None for v in views), timeout=8000)  # start-up queries done
    demo.confirm_action.setChecked(True)
    simulator.set_latency(0.4)
    buy = demo.forms["kt10006"]
    demo.tabs.setCurrentWidget(buy)
    asked: list[str] = []

    def confirm(env_label, title, body) -> bool:
        asked.append(confirmation_text(demo.confirming))
        if len(asked) == 1:  # the user reads the dialog; meanwhile the lookup lands behind it
            qtbot.waitUntil(lambda: buy.instrument is not None, timeout=8000)
        return True

    demo.confirm = confirm
    buy.set_values({"stk_cd": WARNED, "ord_qty": "1", "ord_uv": "48500"})  # on the grid, over 상한가 48,000
    click_send(qtbot, buy)
    assert "투자경고" not in asked[0]  # the dialog the user answered did not name it
    assert buy.confirmation_warnings() and "상한가" in buy.error_labels["ord_uv"].text()  # the form now refuses it
    qtbot.waitUntil(lambda: not buy.busy, timeout=8000)
    sent = [r.json()["ord_uv"] for r in simulator.order_requests()]
    assert sent == [], f"sent {sent} (over 상한가, 투자경고 never named) after the dialog: {asked}"


def test_a_failed_refresh_does_not_erase_a_known_warning(qtbot, demo, simulator):
    """263750 is known as 투자경고 (red, confirmed). F5 asks again and that refresh fails (a 500, a rate limit,
    a timeout): InstrumentLookup._on_done applies the failure to the form, set_instrument(code, None, error)
    drops the instrument — warnings and band with it — although the good answer is still in the session
    cache. The next order to the 투자경고 stock goes out with no confirmation. Fix:
    ui/instrument_lookup.InstrumentLookup._on_done — a failed refresh keeps the last good (cached) instrument
    on the form and only notes the failure; never downgrade known warnings to "unknown"."""
    buy = demo.forms["kt10006"]
    demo.tabs.setCurrentWidget(buy)
    buy.set_values({"ord_qty": "1", "ord_uv": "38650"})
    looked_up(qtbot, buy, WARNED)
    assert buy.confirmation_warnings()
    simulator.inject("http500", api_id="ka10001")
    qtbot.keyClick(demo, Qt.Key.Key_F5)  # refresh the current form's stock
    qtbot.waitUntil(lambda: "가져오지 못했습니다" in buy.instrument_line.text(), timeout=8000)
    asked: list[str] = []
    demo.confirm = lambda *a: asked.append(confirmation_text(demo.confirming)) or False
    click_send(qtbot, buy)
    qtbot.waitUntil(lambda: bool(asked) or bool(simulator.order_requests()), timeout=5000)
    assert asked and "투자경고" in asked[0], "a failed F5 erased the 투자경고 the window knew"
    assert simulator.order_requests() == []
