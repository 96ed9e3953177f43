"""Hostile review 2 (issue 12): a lookup whose ka10100 failed (name, price and band only) is cached as a fresh
answer for five minutes, so the stock's 투자경고 is never asked for again: another form, or the same code
typed again, gets the half answer from the cache and its order goes out without the confirmation the warning
needs — although the host would now tell. A failed lookup is not kept ("the next look asks again"); half of
one must not be kept as if whole.

Through the real window against the simulator on 127.0.0.1; the simulator lists 263750 (펄어비스) under 투자경고.
"""

from __future__ import annotations

import json

import pytest
from gui_helpers import fill, send, wait_answered

from kiwoom_gui.simulator.host_answers import STOCK_INFO_PATH

WARNED = "263750"  # 펄어비스, 투자경고 in the simulator's listing (price 38,650)


@pytest.fixture
def demo(window_with, simulator):
    return window_with("--demo", "--base-url", simulator.base_url)


def _asked(simulator, api_id: str, code: str) -> int:
    return sum(
        1
        for r in simulator.recorded
        if r.path == STOCK_INFO_PATH and r.headers.get("api-id") == api_id and json.loads(r.body).get("stk_cd") == code
    )


def test_a_half_answer_is_not_kept_so_the_warning_is_asked_for_again(qtbot, demo, simulator):
    simulator.inject("http500", api_id="ka10100")  # once: the next ka10100 is answered
    buy = demo.forms["kt10006"]
    buy.set_values({"stk_cd": WARNED})
    qtbot.waitUntil(lambda: buy.instrument is not None, timeout=8000)
    assert buy.instrument.credit_ok is None  # ka10100 failed: its warnings are not known, so they are asked
    assert ["투자유의 여부를 확인하지 못했습니다" in line for line in buy.confirmation_warnings()] == [True]
    assert _asked(simulator, "ka10100", WARNED) == 1
    # the sell form gets the same stock (typed, or 신용매도에 사용): the host answers ka10100 again by now
    sell = demo.forms["kt10007"]
    fill(demo, "kt10007", {"stk_cd": WARNED})
    qtbot.wait(1500)  # the debounce and a lookup's time
    assert _asked(simulator, "ka10100", WARNED) == 2, "the half answer was taken from the cache: ka10100 never asked"
    assert sell.confirmation_warnings(), "the 투자경고 stock is not flagged"


def test_an_order_for_a_warned_stock_never_goes_out_unconfirmed_on_a_cached_half_answer(qtbot, demo, simulator):
    simulator.inject("http500", api_id="ka10100")
    buy = demo.forms["kt10006"]
    buy.set_values({"stk_cd": WARNED})
    qtbot.waitUntil(lambda: buy.instrument is not None, timeout=8000)
    qtbot.wait(300)
    asked: list[tuple] = []
    demo.confirm = lambda *a: asked.append(a) or False  # the simulator with 확인 off: only a warning asks
    # a minute later the same code is typed again on the same form (cleared, then typed)
    buy.set_values({"stk_cd": ""})
    fill(demo, "kt10006", {"dmst_stex_tp": "KRX", "stk_cd": WARNED, "ord_qty": "1", "ord_uv": "38650", "trde_tp": "0"})
    qtbot.wait(1500)
    qtbot.waitUntil(lambda: buy.send_button.isEnabled(), timeout=3000)
    send(qtbot, demo, "kt10006")
    if not asked:
        wait_answered(qtbot, demo, 1)
    assert asked, f"sent without the 투자경고 confirmation: {len(simulator.order_requests())} order(s) went out"
    assert simulator.order_requests() == []
