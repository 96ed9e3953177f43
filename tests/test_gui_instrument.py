"""Know the stock before sending (issue 12), through the real window against the simulator on loopback:
the instrument line on every form from ka10001 + ka10100, the tick grid, the price band, NXT, unknown
codes, tick-stepping with the keyboard, answers for an old code, a failed lookup, one-click prices,
금액 → 수량 and the confirmation a warning stock needs. Nothing here mocks the HTTP path."""

from __future__ import annotations

import json

import pytest
from gui_helpers import fill, rows, send, wait_answered
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.simulator.host_answers import STOCK_INFO_PATH
from kiwoom_gui.ui.window.confirmation import confirmation_text

SAMSUNG = "005930"  # the simulator's 삼성전자: 현재가 71,000, 기준가 70,500, band 49,400…91,600
WARNED = "263750"  # 펄어비스, 투자경고 in the simulator's listing
NO_NXT = "00088K"  # 한화3우B, nxtEnable N
ETF = "069500"  # KODEX 200: the ETF grid, 5원 at every price


@pytest.fixture
def demo(window_with, simulator):
    return window_with("--demo", "--base-url", simulator.base_url)


def stock_requests(simulator, code: str | None = None) -> list[tuple[str, str, dict]]:
    return [
        (r.method, r.headers.get("api-id", ""), json.loads(r.body))
        for r in simulator.recorded
        if r.path == STOCK_INFO_PATH
        and r.headers.get("api-id") in ("ka10001", "ka10100")  # the lookups (not ka10099's list, kt20017's flags)
        and (code is None or json.loads(r.body).get("stk_cd") == code)
    ]


def looked_up(qtbot, form, code: str, timeout: int = 8000):
    """Put ``code`` into ``form`` and wait until the host's answer about it has landed."""
    form.set_values({"stk_cd": code})
    def landed() -> bool:
        return form.instrument is not None or form.unknown_code or "가져오지 못했습니다" in form.instrument_line.text()

    qtbot.waitUntil(landed, timeout=timeout)
    return form.instrument


def test_a_typed_code_is_named_on_every_form_from_one_lookup(qtbot, demo, simulator):
    buy = demo.forms["kt10006"]
    demo.tabs.setCurrentWidget(buy)
    qtbot.keyClicks(buy.editors["stk_cd"], SAMSUNG)  # typed, key by key: no lookup for the half-codes
    for api_id in ("kt10007", "kt10008", "kt10009"):
        demo.forms[api_id].set_values({"stk_cd": SAMSUNG})
    for form in demo.forms.values():
        qtbot.waitUntil(lambda form=form: "삼성전자" in form.instrument_line.text(), timeout=8000)
        line = form.instrument_line.text()
        for part in ("현재가 71,000", "▲+0.71%", "기준가 70,500", "상한가 91,600", "하한가 49,400"):
            assert part in line, line
        assert "#c62828" in line.split("현재가")[0][-40:]  # 상승: the price in red (Korean convention)
        assert "삼성전자(005930)" in form.summary.text()
    # one ka10001 + one ka10100 for the four forms (the others joined it or took it from the cache)
    assert stock_requests(simulator) == [
        ("POST", "ka10001", {"stk_cd": SAMSUNG}),
        ("POST", "ka10100", {"stk_cd": SAMSUNG}),
    ]
    buy.set_values({"ord_qty": "10", "ord_uv": "71000"})
    assert buy.summary.text() == "삼성전자(005930) · 10주 × 71,000원 = 710,000원 · 신용매수 · KRX"
    buy.set_values({"stk_cd": ""})  # no code, no line
    assert buy.instrument_line.text() == "" and buy.instrument is None


def test_off_tick_over_the_band_nxt_and_unknown_codes_are_refused_at_the_field(qtbot, demo, simulator):
    buy = demo.forms["kt10006"]
    fill(demo, "kt10006", {"ord_qty": "1", "ord_uv": "71050"})
    looked_up(qtbot, buy, SAMSUNG)
    assert buy.error_labels["ord_uv"].text() == "호가단위 100원: 71,000 또는 71,100"
    assert not buy.send_button.isEnabled()
    buy.set_values({"ord_uv": "91700"})  # on the grid, one tick over 상한가
    assert "상한가 91,600원보다 높습니다" in buy.error_labels["ord_uv"].text()
    assert not buy.send_button.isEnabled()
    buy.set_values({"ord_uv": "49300"})
    assert "하한가 49,400원보다 낮습니다" in buy.error_labels["ord_uv"].text()
    buy.set_values({"ord_uv": "91600"})  # the limit itself is allowed
    assert buy.error_labels["ord_uv"].text() == "" and buy.send_button.isEnabled()

    looked_up(qtbot, buy, NO_NXT)
    buy.set_values({"ord_uv": "17000", "dmst_stex_tp": "NXT"})
    assert "NXT에서 거래할 수 없습니다" in buy.error_labels["dmst_stex_tp"].text()
    assert "NXT 불가" in buy.instrument_line.text()
    assert not buy.send_button.isEnabled()
    qtbot.mouseClick(buy.send_button, Qt.MouseButton.LeftButton)
    buy.set_values({"dmst_stex_tp": "KRX"})
    assert buy.error_labels["dmst_stex_tp"].text() == "" and buy.send_button.isEnabled()

    looked_up(qtbot, buy, "999999")
    assert buy.error_labels["stk_cd"].text() == "종목코드 999999: 없는 종목입니다 (키움 [1902])"
    assert buy.instrument_line.text() == ""  # nothing but the field error
    assert buy.body is None and not buy.send_button.isEnabled()
    qtbot.mouseClick(buy.send_button, Qt.MouseButton.LeftButton)
    assert stock_requests(simulator, "999999") == [("POST", "ka10001", {"stk_cd": "999999"})]  # no ka10100 after
    assert simulator.order_requests() == [] and rows(demo) == []


# (price before the band edge, the edge, the price one tick above it) on the stock grid since 2023-01-25
EDGES = [(1999, 2000, 2005), (4995, 5000, 5010), (19990, 20000, 20050), (49950, 50000, 50100),
         (199900, 200000, 200500), (499500, 500000, 501000)]


@pytest.mark.parametrize(("below", "edge", "above"), EDGES, ids=[str(e[1]) for e in EDGES])
def test_up_and_down_step_one_tick_across_each_band_edge(qtbot, demo, below, edge, above):
    form = demo.forms["kt10006"]
    demo.tabs.setCurrentWidget(form)
    price = form.editors["ord_uv"]
    price.setFocus()
    price.setText(str(below))
    seen = []
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Down):
        qtbot.keyClick(price, key)
        seen.append(price.text())
    assert seen == [str(edge), str(above), str(edge), str(below)]
    assert form.error_labels["ord_uv"].text() == ""  # every step lands on the grid


def test_page_keys_step_five_ticks_and_text_that_is_not_a_number_is_left_alone(qtbot, demo):
    form = demo.forms["kt10008"]  # the modify form's price steps too
    demo.tabs.setCurrentWidget(form)
    price = form.editors["mdfy_uv"]
    price.setFocus()
    price.setText("4,990")
    qtbot.keyClick(price, Qt.Key.Key_PageUp)  # 4,995 5,000 5,010 5,020 5,030
    assert price.text() == "5030"
    qtbot.keyClick(price, Qt.Key.Key_PageDown)
    assert price.text() == "4990"
    qtbot.keyClick(price, Qt.Key.Key_Up)
    qtbot.keyClick(price, Qt.Key.Key_Up)
    assert price.text() == "5000"
    for text in ("7만", "71000.5", "-5000", "9" * 40):
        price.setText(text)
        for key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp):
            qtbot.keyClick(price, key)
        assert price.text() == text
    price.setText("")
    qtbot.keyClick(price, Qt.Key.Key_Up)  # empty, and no stock known: nothing to start from
    assert price.text() == ""


def test_steps_follow_the_looked_up_stock_etf_grid_and_start_from_the_current_price(qtbot, demo, simulator):
    buy = demo.forms["kt10006"]
    demo.tabs.setCurrentWidget(buy)
    price = buy.editors["ord_uv"]
    looked_up(qtbot, buy, SAMSUNG)
    price.setFocus()
    qtbot.keyClick(price, Qt.Key.Key_Up)  # empty: from 현재가 71,000
    assert price.text() == "71100"
    qtbot.keyClick(price, Qt.Key.Key_Down)
    qtbot.keyClick(price, Qt.Key.Key_Down)
    assert price.text() == "70900"

    assert looked_up(qtbot, buy, ETF).kind == "etf"
    buy.set_values({"ord_qty": "1", "ord_uv": "36500"})
    qtbot.keyClick(price, Qt.Key.Key_Up)
    assert price.text() == "36505"  # a stock would step 50원 here
    assert buy.error_labels["ord_uv"].text() == "" and buy.send_button.isEnabled()
    buy.set_values({"ord_uv": "36503"})
    assert buy.error_labels["ord_uv"].text() == "호가단위 5원: 36,500 또는 36,505"
    buy.set_values({"ord_uv": "36505"})
    send(qtbot, demo, "kt10006")  # the worker judges it again on the ETF grid: accepted, not refused
    (row,) = wait_answered(qtbot, demo, 1)
    assert row.outcome is Outcome.ACCEPTED, row.message
    assert simulator.order_requests()[0].json()["ord_uv"] == "36505"


def test_a_slow_answer_for_an_old_code_never_lands_on_the_newer_one(qtbot, demo, simulator):
    form = demo.forms["kt10007"]
    views = demo.account.views.values()
    qtbot.waitUntil(lambda: all(v.fetched_at is not None for v in views), timeout=8000)  # start-up queries done
    done = []
    demo.controller.instrument_done.connect(done.append)
    simulator.set_latency(0.4)
    form.set_values({"stk_cd": SAMSUNG})
    qtbot.waitUntil(lambda: form.instrument_line.text() == "조회 중…", timeout=3000)
    form.set_values({"stk_cd": "000660"})  # the user moved on while 005930 is still being asked
    qtbot.waitUntil(lambda: any(d.code == SAMSUNG for d in done), timeout=8000)
    assert form.instrument is None and "삼성전자" not in form.instrument_line.text()
    (old,) = [d for d in done if d.code == SAMSUNG]
    assert old.instrument.name == "삼성전자"
    assert form.set_instrument(SAMSUNG, old.instrument) is False  # the form takes no other code's answer
    assert "삼성전자" not in form.summary.text()
    qtbot.waitUntil(lambda: "SK하이닉스" in form.instrument_line.text(), timeout=8000)
    simulator.set_latency(0)
    assert form.instrument.code == "000660" and "SK하이닉스(000660)" in form.summary.text()
    asked = len(stock_requests(simulator))
    form.set_values({"stk_cd": SAMSUNG})  # back to the first: its answer is in this session's cache
    qtbot.waitUntil(lambda: "삼성전자" in form.instrument_line.text(), timeout=3000)
    assert len(stock_requests(simulator)) == asked


def test_a_failed_lookup_leaves_the_form_usable_with_the_tick_rule(qtbot, demo, simulator):
    simulator.inject("http500", api_id="ka10001")
    buy = demo.forms["kt10006"]
    fill(demo, "kt10006", {"ord_qty": "2", "ord_uv": "71050"})
    assert looked_up(qtbot, buy, SAMSUNG) is None
    line = buy.instrument_line.text()
    assert line.startswith("종목 정보를 가져오지 못했습니다 (") and "호가단위는 계속 확인합니다" in line
    assert buy.error_labels["ord_uv"].text() == "호가단위 100원: 71,000 또는 71,100"
    assert not buy.send_button.isEnabled()
    assert not any(b.isEnabled() for b in buy.fill_buttons.values())
    buy.set_values({"ord_uv": "71000"})
    asked: list[str] = []  # the stock's warnings are not known: asked first, never taken as none (issue 17)
    demo.confirm = lambda *a: asked.append(confirmation_text(demo.confirming)) or True
    send(qtbot, demo, "kt10006")
    (row,) = wait_answered(qtbot, demo, 1)
    assert row.outcome is Outcome.ACCEPTED, row.message
    assert len(asked) == 1 and "투자유의 여부를 확인하지 못했습니다" in asked[0], asked
    demo.tabs.setCurrentWidget(buy)
    qtbot.keyClick(demo, Qt.Key.Key_F5)  # F5 asks again for the current form's stock
    qtbot.waitUntil(lambda: "삼성전자" in buy.instrument_line.text(), timeout=8000)


def test_fill_buttons_put_current_upper_and_lower_into_the_main_price(qtbot, demo):
    buy, modify, cancel = (demo.forms[a] for a in ("kt10006", "kt10008", "kt10009"))
    assert not any(b.isEnabled() for b in buy.fill_buttons.values())  # nothing known yet
    assert cancel.fill_buttons == {}  # no price to fill
    looked_up(qtbot, buy, SAMSUNG)
    for name, expected in (("fillCurrent", "71,000"), ("fillUpper", "91,600"), ("fillLower", "49,400")):
        qtbot.mouseClick(buy.fill_buttons[name], Qt.MouseButton.LeftButton)
        assert buy.editors["ord_uv"].text() == expected
    buy.set_values({"trde_tp": "3"})  # 시장가: no price field to fill
    assert not any(b.isEnabled() for b in buy.fill_buttons.values())
    modify.set_values({"stk_cd": SAMSUNG})
    qtbot.waitUntil(lambda: modify.instrument is not None, timeout=8000)
    qtbot.mouseClick(modify.fill_buttons["fillLower"], Qt.MouseButton.LeftButton)
    assert modify.editors["mdfy_uv"].text() == "49,400"


def test_an_amount_becomes_the_largest_whole_quantity(qtbot, demo, simulator):
    buy = demo.forms["kt10006"]
    assert not buy.spec.has_field("amount")  # a helper of the form, not a field of the order
    demo.tabs.setCurrentWidget(buy)
    buy.set_values({"stk_cd": SAMSUNG, "ord_uv": "71000", "ord_qty": "3"})
    amount = buy.findChild(type(buy.amount), "amount")
    assert amount is buy.amount and not buy.amount_button.isEnabled()
    qtbot.keyClicks(amount, "1,000,000")
    assert buy.amount_button.isEnabled()
    qtbot.mouseClick(buy.amount_button, Qt.MouseButton.LeftButton)
    assert buy.editors["ord_qty"].text() == "14"  # 1,000,000 // 71,000
    amount.setText("70000")
    amount.setFocus()
    qtbot.keyClick(amount, Qt.Key.Key_Return)  # less than one share: a message, never 0
    assert buy.editors["ord_qty"].text() == "14"
    assert buy.amount_error.text() == "금액이 1주 가격(71,000원)보다 적습니다"
    amount.setText("천만원")
    assert buy.amount_error.text() == "금액을 원 단위 정수로 입력하세요" and not buy.amount_button.isEnabled()
    amount.setText("142000")
    qtbot.keyClick(amount, Qt.Key.Key_Return)
    assert buy.editors["ord_qty"].text() == "2"
    send(qtbot, demo, "kt10006")
    wait_answered(qtbot, demo, 1)
    body = simulator.order_requests()[0].json()
    assert "amount" not in body and body["ord_qty"] == "2"  # the amount is never part of the order
    assert demo.forms["kt10008"].amount is None and demo.forms["kt10007"].amount is not None


def test_a_warning_stock_is_red_and_needs_a_confirmation_naming_the_warning(qtbot, demo, simulator):
    buy = demo.forms["kt10006"]
    fill(demo, "kt10006", {"ord_qty": "1", "ord_uv": "38650"})
    looked_up(qtbot, buy, WARNED)
    assert "투자경고" in buy.instrument_line.text()
    code_colour = buy.editors["stk_cd"].palette().color(QPalette.ColorRole.Text).name()
    assert code_colour == "#c62828"
    asked = []

    def refuse(env_label, title, body):
        asked.append((env_label, confirmation_text(demo.confirming), dict(body)))
        return False

    demo.confirm = refuse  # the simulator, 확인 off: only the warning makes it ask
    send(qtbot, demo, "kt10006")
    ((env_label, text, body),) = asked
    assert env_label == "시뮬레이터" and body["stk_cd"] == WARNED
    assert text.splitlines()[0] == "⚠ 펄어비스(263750) — 투자경고 지정 종목입니다"
    assert simulator.order_requests() == [] and rows(demo) == []
    demo.confirm = lambda *a: asked.append(a) or True
    send(qtbot, demo, "kt10006")
    (row,) = wait_answered(qtbot, demo, 1)
    assert row.outcome is Outcome.ACCEPTED, row.message
    assert len(asked) == 2 and len(simulator.order_requests()) == 1
    looked_up(qtbot, buy, SAMSUNG)  # an ordinary stock: black again, and no question
    assert buy.editors["stk_cd"].palette().color(QPalette.ColorRole.Text).name() != "#c62828"
    demo.confirm = lambda *a: pytest.fail("no confirmation for an ordinary stock off 실전")
    buy.set_values({"ord_uv": "71000"})
    send(qtbot, demo, "kt10006")
    wait_answered(qtbot, demo, 2)


def test_another_environment_never_supplies_the_instrument(qtbot, window_with, simulator, demo_keys):
    w = window_with("--env", "mock", "--base-url", simulator.base_url)
    form = w.forms["kt10006"]
    looked_up(qtbot, form, SAMSUNG)
    assert "삼성전자" in form.instrument_line.text()
    w.set_environment("simulator")  # the built-in simulator: another host, asked afresh
    assert form.instrument is None
    qtbot.waitUntil(lambda: w.simulator is not None and len(stock_requests(w.simulator, SAMSUNG)) == 2, timeout=8000)
    qtbot.waitUntil(lambda: form.instrument is not None, timeout=8000)
    assert len(stock_requests(simulator, SAMSUNG)) == 2  # the first host was not asked again


def test_without_ka10100_the_stock_is_shown_with_what_ka10001_said(qtbot, demo, simulator):
    simulator.inject("http500", api_id="ka10100")
    buy = demo.forms["kt10006"]
    instrument = looked_up(qtbot, buy, SAMSUNG)
    assert instrument is not None and instrument.credit_ok is None and instrument.upper_limit == 91600
    line = buy.instrument_line.text()
    assert "삼성전자" in line and "상한가 91,600" in line and "받지 못했습니다" in line
    buy.set_values({"ord_qty": "1", "ord_uv": "91700"})  # the band still holds
    assert "상한가" in buy.error_labels["ord_uv"].text() and not buy.send_button.isEnabled()
