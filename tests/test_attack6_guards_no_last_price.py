"""Hostile review 6 (issue 21, 주문 착오 방지): the host's ka10001 answers without 현재가 (cur_prc missing) and
nothing live has come, so the % / tick limits — on by default — have nothing to measure from. "Not known" is
never "within the limit": a 신용매수 at 91,000 for a 71,000 stock (28 % away, inside the band) must ask, naming
the limit it could not check, not leave unasked. Through the real window against tests/hostile_host.py."""

from __future__ import annotations

from gui_helpers import fill
from hostile_host import HostileHost, order_answer, reply, token_answer
from PySide6.QtCore import Qt

from kiwoom_gui.ui.window.confirmation import confirmation_text

OK = {"return_code": 0, "return_msg": "정상적으로 처리되었습니다"}
BASIC = {"stk_cd": "005930", "stk_nm": "삼성전자", "base_pric": "70500", "upl_pric": "+91600", "lst_pric": "-49400"}
INFO = {"code": "005930", "name": "삼성전자", "state": "증거금100%|신용가능", "marketCode": "0",
        "marketName": "거래소", "orderWarning": "0", "nxtEnable": "Y"}  # fmt: skip


def script(r):
    api_id = r.headers.get("api-id", "")
    head = {"api-id": api_id, "cont-yn": "N", "next-key": ""}
    if r.path == "/oauth2/token":
        return [token_answer()]
    if r.path == "/api/dostk/stkinfo" and api_id in ("ka10001", "ka10100"):
        return [reply(200, {**(BASIC if api_id == "ka10001" else INFO), **OK}, head)]
    if r.path == "/api/dostk/crdordr":
        return [order_answer(api_id, "0000001")]
    return [reply(200, {"return_code": 2, "return_msg": "조회 없음"}, {"api-id": api_id})]


def test_an_order_with_no_last_price_known_asks_for_the_distance_limits(qtbot, window_with, demo_keys,
                                                                        shipped_precautions):  # fmt: skip
    with HostileHost(script) as host:
        w = window_with("--env", "mock", "--base-url", host.url, timeouts=(1.0, 5.0))
        form = w.forms["kt10006"]
        fill(w, "kt10006", {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "91000",
                            "trde_tp": "0"})  # fmt: skip
        qtbot.waitUntil(lambda: form.lookup_settled and form.instrument is not None, timeout=15000)
        assert form.instrument.price is None and not form.confirmation_warnings()
        asked: list[str] = []
        w.confirm = lambda *a: asked.append(confirmation_text(w.confirming)) or False
        qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
        qtbot.wait(300)  # an order sent unasked would reach the host by now
        assert host.orders() == [], "sent without a question although no 현재가 was known to measure from"
        assert asked and "현재가를 몰라" in asked[0], asked
