"""Issue 17 item 6 ("The stock's warnings lost"): "not known" is never "none".

Through the real window (create_main_window, mock environment: only a stock's warnings ask) against a scripted
host on 127.0.0.1 (tests/hostile_host.py). The host's stock is under 투자경고 but some answers do not say so:

- ka10100 fails (429 for good, 500) or answers about another code → Send asks first ("투자유의 여부를 확인하지
  못했습니다"), and 취소 sends nothing;
- a refresh whose ka10100 omits orderWarning (or fails) keeps the known 투자경고, shown with its age;
- 상한가 below 하한가 is an unknown band: the price is not blocked, the confirmation asks;
- ka10100 claims ETF (5원 grid) while its other market field says a stock market: a price off the stock grid
  is a field error (the stricter grid while the kind is unsure).
"""

from __future__ import annotations

import pytest
from gui_helpers import fill
from hostile_host import HostileHost, order_answer, reply, token_answer
from PySide6.QtCore import Qt

from kiwoom_gui.ui.window.confirmation import confirmation_text

SAMSUNG = "005930"
BASIC = {  # ka10001 for 005930 in the spec's shapes (signed price strings)
    "stk_cd": SAMSUNG, "stk_nm": "삼성전자", "cur_prc": "+71000", "base_pric": "70500", "upl_pric": "+91600",
    "lst_pric": "-49400", "pre_sig": "2", "flu_rt": "+0.71",
}
WARNED = {  # ka10100: the stock is under 투자경고 (orderWarning 5)
    "code": SAMSUNG, "name": "삼성전자", "state": "증거금100%|신용가능", "marketCode": "0",
    "marketName": "거래소", "orderWarning": "5", "nxtEnable": "Y",
}
ORDER = {"ord_qty": "1", "ord_uv": "71000"}
UNKNOWN = "투자유의 여부를 확인하지 못했습니다"
OK = {"return_code": 0, "return_msg": "정상적으로 처리되었습니다"}


def host_script(basic: dict, infos: list[object]):
    """Token, ka10001 ``basic``, ka10100 answered in turn by ``infos`` (a dict body, or ready bytes; the last
    one repeats), orders with a number, every other query refused."""
    asked = {"ka10100": 0}

    def script(r):
        api_id = r.headers.get("api-id", "")
        head = {"api-id": api_id, "cont-yn": "N", "next-key": ""}
        if r.path == "/oauth2/token":
            return [token_answer()]
        if r.path == "/api/dostk/stkinfo" and api_id == "ka10001":
            return [reply(200, {**basic, **OK}, head)]
        if r.path == "/api/dostk/stkinfo" and api_id == "ka10100":
            info = infos[min(asked["ka10100"], len(infos) - 1)]
            asked["ka10100"] += 1
            return [info if isinstance(info, bytes) else reply(200, {**info, **OK}, head)]
        if r.path == "/api/dostk/crdordr":
            return [order_answer(api_id, "0000001")]
        return [reply(200, {"return_code": 2, "return_msg": "조회 없음"}, {"api-id": api_id})]

    return script


@pytest.fixture
def window_at(window_with, demo_keys):
    def make(host: HostileHost):
        return window_with("--env", "mock", "--base-url", host.url, timeouts=(1.0, 5.0))

    return make


def ka10100_count(host: HostileHost) -> int:
    return sum(1 for r in host.requests if r.headers.get("api-id") == "ka10100")


def settled(qtbot, w, form, code: str = SAMSUNG) -> None:
    form.set_values({"stk_cd": code})
    qtbot.waitUntil(lambda: w.instrument_lookup.pending_s("kt10006") is None and form.lookup_settled, timeout=15000)


def send_and_cancel(qtbot, w, form, host: HostileHost) -> list[str]:
    """Click 보내기; every confirmation is read and cancelled. What the confirmations said."""
    asked: list[str] = []
    w.confirm = lambda *a: asked.append(confirmation_text(w.confirming)) or False
    assert form.send_button.isEnabled(), {k: v.text() for k, v in form.error_labels.items() if v.text()}
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    qtbot.wait(300)  # an order sent unasked would reach the host by now
    assert host.orders() == [], "the order went out"
    return asked


REFUSED_429 = reply(
    429, {"return_code": 5, "return_msg": "허용된 요청 개수를 초과하였습니다[1700]"}, {"api-id": "ka10100"}
)
FAILED_500 = reply(500, b"Internal Server Error", {"api-id": "ka10100"})


@pytest.mark.parametrize(
    "answer",
    [REFUSED_429, FAILED_500, {**WARNED, "code": "000660", "name": "SK하이닉스", "orderWarning": "0"}],
    ids=["429", "500", "other-code"],
)
def test_a_failed_ka10100_asks_before_sending(qtbot, window_at, answer):
    with HostileHost(host_script(BASIC, [answer])) as host:
        w = window_at(host)
        form = w.forms["kt10006"]
        fill(w, "kt10006", ORDER)
        settled(qtbot, w, form)
        assert ka10100_count(host) >= 1
        asked = send_and_cancel(qtbot, w, form, host)
        assert asked, "sent without a question although the stock's warnings were never learnt"
        assert UNKNOWN in asked[0], asked[0]


@pytest.mark.parametrize(
    "refresh",
    [{k: v for k, v in WARNED.items() if k != "orderWarning"}, FAILED_500],
    ids=["orderWarning-missing", "ka10100-500"],
)
def test_a_refresh_that_does_not_say_keeps_the_known_warning(qtbot, window_at, refresh):
    with HostileHost(host_script(BASIC, [WARNED, refresh])) as host:
        w = window_at(host)
        form = w.forms["kt10006"]
        fill(w, "kt10006", ORDER)
        settled(qtbot, w, form)
        assert "투자경고" in form.instrument.flags
        w.instrument_lookup.refresh(form)  # F5
        qtbot.waitUntil(lambda: ka10100_count(host) >= 2 and form.lookup_settled and not form._loading, timeout=15000)
        qtbot.wait(200)
        assert form.instrument is not None and any("투자경고" in f for f in form.instrument.flags), form.instrument
        assert "투자경고" in form.instrument_line.text() and "새 답에는 없음" in form.instrument_line.text()
        asked = send_and_cancel(qtbot, w, form, host)
        assert asked and "투자경고" in asked[0], asked


def test_an_impossible_band_asks_and_does_not_block_the_price(qtbot, window_at):
    swapped = {**BASIC, "upl_pric": "-49400", "lst_pric": "+91600"}  # 상한가 below 하한가
    with HostileHost(host_script(swapped, [{**WARNED, "orderWarning": "0"}])) as host:
        w = window_at(host)
        form = w.forms["kt10006"]
        fill(w, "kt10006", ORDER)
        settled(qtbot, w, form)
        assert form.error_labels["ord_uv"].text() == ""
        asked = send_and_cancel(qtbot, w, form, host)
        assert asked, "sent without a question although the price band is impossible"
        assert "가격 제한" in asked[0], asked[0]


def test_an_unsure_etf_claim_judges_prices_on_the_stricter_grid(qtbot, window_at):
    claim = {**WARNED, "orderWarning": "0", "marketCode": "8", "marketName": "거래소"}  # ETF code, stock market
    with HostileHost(host_script(BASIC, [claim])) as host:
        w = window_at(host)
        form = w.forms["kt10006"]
        fill(w, "kt10006", {**ORDER, "ord_uv": "71005"})  # on the 5원 ETF grid, off the stock grid (100원)
        settled(qtbot, w, form)
        assert "호가단위" in form.error_labels["ord_uv"].text()
        assert not form.send_button.isEnabled()
        assert host.orders() == []


def test_a_sure_etf_keeps_its_5_won_grid(qtbot, window_at):
    etf = {**WARNED, "orderWarning": "0", "marketCode": "8", "marketName": "ETF"}
    basic = {**BASIC, "cur_prc": "+36505", "base_pric": "36500", "upl_pric": "+47450", "lst_pric": "-25550"}
    with HostileHost(host_script(basic, [etf])) as host:
        w = window_at(host)
        form = w.forms["kt10006"]
        fill(w, "kt10006", {**ORDER, "ord_uv": "36505"})
        settled(qtbot, w, form)
        assert form.price_kind == "etf"
        assert form.error_labels["ord_uv"].text() == ""
