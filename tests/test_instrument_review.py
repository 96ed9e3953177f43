"""Issue 12 after the hostile review: what the attack tests do not pin down — the parse and rules in detail
(Qt-free), and through the real window against the simulator: the lookup thread's token (a refused one is
asked afresh once), the pending-lookup confirmation, the refresh after a while."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from test_instrument_parse import BASIC, INFO

from kiwoom_gui.instrument.parse import answer_code, answer_mismatch, instrument_from_answers
from kiwoom_gui.instrument.rules import instrument_errors
from kiwoom_gui.ui.window.confirmation import confirmation_text


@pytest.mark.parametrize(
    ("raw", "code", "flag"),
    [
        (5, "5", "투자경고"),  # a JSON number: the same code, unquoted
        (0, "0", None),
        ("05", "5", "투자경고"),
        ("00", "0", None),
        ("투자경고", "?투자경고", "투자유의(알 수 없는 값 투자경고)"),
        ("５", "?５", "투자유의(알 수 없는 값 ５)"),
        (None, "?null", "투자유의(알 수 없는 값 null)"),
        (5.0, "?5.0", "투자유의(알 수 없는 값 5.0)"),
        (True, "?true", "투자유의(알 수 없는 값 true)"),
        ("", '?""', '투자유의(알 수 없는 값 "")'),
        ({"a": 1}, '?{"a": 1}', '투자유의(알 수 없는 값 {"a": 1})'),  # the host's value as sent
    ],
)
def test_an_order_warning_present_is_never_read_as_none_unless_it_is_zero(raw, code, flag):
    inst = instrument_from_answers("005930", BASIC, {**INFO, "orderWarning": raw})
    assert inst.order_warning == code
    assert inst.warnings == ((flag,) if flag else ())


def test_a_missing_order_warning_is_not_known_and_asked():
    """Issue 17 item 6: a missing orderWarning is "not known", never "none" — flagged and confirmed."""
    info = {k: v for k, v in INFO.items() if k != "orderWarning"}
    inst = instrument_from_answers("005930", BASIC, info)
    assert (inst.order_warning, inst.warnings) == ("", ("투자유의 미확인",))


@pytest.mark.parametrize(
    ("named", "code"),
    [("005930", "005930"), ("005930_NX", "005930"), ("005930_AL", "005930"), ("A005930", "005930"),
     (" 005930 ", "005930"), ("00088k", "00088K"), (5930, "005930"), ("", None), (None, None), ("000660", "000660")],
)
def test_the_code_an_answer_names(named, code):
    assert answer_code(named) == code


def test_an_answer_about_another_code_is_named_as_such():
    assert answer_mismatch("005930", {"stk_cd": "A005930_NX"}, "stk_cd") is None
    assert answer_mismatch("005930", {"other": 1}, "stk_cd") is None  # names none: nothing to compare
    message = answer_mismatch("005930", {"code": "000660"}, "code")
    assert message and "000660" in message and "005930" in message
    assert answer_mismatch("005930", {"stk_cd": ["005930"]}, "stk_cd")  # not a code at all


def test_the_band_judges_only_on_the_day_it_was_fetched():
    inst = dataclasses.replace(
        instrument_from_answers("005930", BASIC, {**INFO, "nxtEnable": "N"}), day="2026-03-02"
    )
    values = {"stk_cd": "005930", "ord_uv": "2580", "dmst_stex_tp": "NXT"}
    assert set(instrument_errors("kt10006", values, inst, "2026-03-02")) == {"ord_uv", "dmst_stex_tp"}
    assert set(instrument_errors("kt10006", values, inst, "2026-03-03")) == {"dmst_stex_tp"}  # NXT still holds


@pytest.fixture
def demo(window_with, simulator):
    return window_with("--demo", "--base-url", simulator.base_url)


def looked_up(qtbot, form, code: str) -> None:
    form.set_values({"stk_cd": code})
    qtbot.waitUntil(lambda: form.instrument is not None and form.instrument.code == code, timeout=8000)


def test_a_token_the_host_refuses_is_asked_afresh_once_from_the_api_thread(qtbot, demo, simulator):
    buy = demo.forms["kt10006"]
    looked_up(qtbot, buy, "005930")
    simulator.inject("token_rejected", api_id="ka10001")  # the host drops the lookup's token once: 8005
    looked_up(qtbot, buy, "000660")
    assert buy.instrument.name == "SK하이닉스"


def test_send_asks_first_when_the_stock_has_waited_long_for_its_lookup(qtbot, demo, simulator):
    views = demo.account.views.values()
    qtbot.waitUntil(lambda: all(v.fetched_at is not None for v in views), timeout=8000)
    buy = demo.forms["kt10006"]
    demo.tabs.setCurrentWidget(buy)
    simulator.set_latency(2.5)
    buy.set_values({"stk_cd": "263750", "ord_qty": "1", "ord_uv": "38650"})  # 투자경고, not known yet
    waited_ms = int(float(demo.instrument_lookup.debounce_ms) + 1500 + 100)
    qtbot.wait(waited_ms)
    assert buy.instrument is None  # still looking
    asked: list[str] = []
    demo.confirm = lambda *a: asked.append(confirmation_text(demo.confirming)) or False
    qtbot.mouseClick(buy.send_button, Qt.MouseButton.LeftButton)
    assert asked and "종목 정보를 아직 확인하지 못했습니다" in asked[0]
    assert simulator.order_requests() == []


def test_a_shown_instrument_older_than_the_freshness_is_asked_again(qtbot, demo, simulator):
    buy = demo.forms["kt10006"]
    looked_up(qtbot, buy, "005930")
    asked = len([r for r in simulator.recorded if r.headers.get("api-id") == "ka10001"])
    demo.instrument_lookup.fresh_s = 0  # everything shown is now old
    demo.instrument_lookup.refresh_stale()
    qtbot.waitUntil(
        lambda: len([r for r in simulator.recorded if r.headers.get("api-id") == "ka10001"]) > asked, timeout=8000
    )
    assert buy.instrument is not None and buy.instrument.code == "005930"  # kept meanwhile
