"""Issue 20 in the window: the ``marketState`` label (KST clock, then 0s), a 매매구분 the session refuses as a field
error with Send off, the confirmation's notes, VI (1h) at the code and in the confirmation, 0g's band.

Real window, the simulator for HTTP and a WebSocket test server (tests/hostile_ws.py) on 127.0.0.1 for the
live frames. The clock is set explicitly (KST), never the machine's."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from gui_helpers import fill
from hostile_ws import HostileWS

from kiwoom_gui.base.kst import KST
from kiwoom_gui.live import frames

FAST = {"backoff_s": (5.0,), "idle_timeout_s": 60.0}
TUE = dt.date(2026, 10, 6)


def at(hh: int, mm: int, ss: int = 0) -> dt.datetime:
    return dt.datetime(TUE.year, TUE.month, TUE.day, hh, mm, ss, tzinfo=KST)


def push(ws: HostileWS, kind: str, values: dict[str, str], item: str = "") -> None:
    ws.push(frames.real_frame([(kind, "", item, values)]))


@pytest.fixture
def live_window(window_with, simulator, demo_keys):
    ws = HostileWS().start()
    try:
        yield lambda: window_with("--env", "mock", "--base-url", simulator.base_url, "--ws-url", ws.url,
                                  live_options=FAST), ws
    finally:
        ws.stop()


def set_clock(w, when: dt.datetime, host: str = "mock") -> None:
    """The KST clock, and the host judged as Kiwoom's own ``host`` (the test's is the simulator at a --base-url,
    whose clock the window does not judge by)."""
    w.session.now = lambda: when
    w.session.state.env = lambda: host
    w.session.refresh()


def test_the_session_label_follows_the_clock_and_0s_and_refuses_at_the_field(qtbot, live_window):
    make, ws = live_window
    w = make()
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
    # the session types are registered on their own, after the account's 00/04
    qtbot.waitUntil(lambda: len([t for t in ws.received if '"REG"' in t]) == 2, timeout=5000)
    regs = [json.loads(t) for t in ws.received if '"REG"' in t]
    assert regs[1]["data"] == [{"item": [""], "type": ["0s", "1h"]}]

    set_clock(w, at(17, 0))  # 모의투자: KRX closed at 15:30; NXT in its after-market
    assert w.session.label.objectName() == "marketState"
    assert w.session.label.text() == "KRX 장종료(모의투자) · NXT 애프터마켓"
    form = w.forms["kt10006"]
    fill(w, "kt10006", {"dmst_stex_tp": "NXT", "stk_cd": "005930", "ord_qty": "1", "trde_tp": "3"})
    assert form.error_labels["trde_tp"].text() == "NXT 애프터마켓에는 시장가 주문을 받지 않습니다 (407022)"
    assert not form.send_button.isEnabled()
    fill(w, "kt10006", {"dmst_stex_tp": "KRX", "trde_tp": "0", "ord_uv": "60,000"})
    assert "RC4058" in form.error_labels["trde_tp"].text() and not form.send_button.isEnabled()

    # 08:55 by the clock NXT is halted; 0s "R" says its main market began: the label follows 0s at once
    set_clock(w, at(8, 55))
    assert w.session.label.text() == "KRX 동시호가(장시작) · NXT 거래 중단"
    push(ws, "0s", {"215": "R", "20": "085500", "214": "000000"})
    qtbot.waitUntil(lambda: w.session.label.text() == "KRX 동시호가(장시작) · NXT 메인마켓", timeout=5000)
    assert "실시간 장운영(0s) 08:55:00" in w.session.label.toolTip()
    push(ws, "0s", {"215": "??"})  # unreadable: skipped and counted, never a state
    qtbot.waitUntil(lambda: "1건" in w.session.label.toolTip(), timeout=5000)
    assert "NXT 메인마켓" in w.session.label.text()

    # a host with its own clock (the simulator at --base-url): the KST clock refuses nothing; its 0s does
    set_clock(w, at(17, 0), host="custom")
    fill(w, "kt10006", {"dmst_stex_tp": "NXT", "trde_tp": "3", "ord_uv": ""})
    assert form.error_labels["trde_tp"].text() == "" and form.send_button.isEnabled()
    push(ws, "0s", {"215": "U", "20": "170000"})
    qtbot.waitUntil(lambda: "407022" in form.error_labels["trde_tp"].text(), timeout=5000)
    assert not form.send_button.isEnabled()

    # KRX 정규장: 보통 is accepted; an NXT order's confirmation says it stays live until 20:00
    set_clock(w, at(10, 0))
    fill(w, "kt10006", {"dmst_stex_tp": "NXT", "trde_tp": "0"})
    assert form.error_labels["trde_tp"].text() == ""
    assert form.market_notes() == ["NXT 주문은 체결되지 않으면 애프터마켓 끝(20:00)까지 살아 있습니다"]
    qtbot.waitUntil(lambda: form.instrument is not None, timeout=8000)
    price = f"{form.instrument.price:,}"
    fill(w, "kt10006", {"dmst_stex_tp": "KRX", "trde_tp": "5", "ord_uv": price})  # 조건부지정가: not in the facts
    (note,) = form.market_notes()
    assert "확인되지 않은 조합" in note and "KRX 정규장" in note and "조건부지정가" in note
    assert form.send_button.isEnabled()


def test_vi_marks_the_code_and_asks_first_and_0g_moves_the_band(qtbot, live_window, simulator):
    make, ws = live_window
    w = make()
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
    set_clock(w, at(11, 15))
    form = w.forms["kt10006"]
    fill(w, "kt10006", {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "trde_tp": "0"})
    qtbot.waitUntil(lambda: form.instrument is not None, timeout=8000)
    upper = form.instrument.upper_limit
    fill(w, "kt10006", {"ord_uv": f"{form.instrument.price:,}"})
    assert form.send_button.isEnabled() and form.confirmation_warnings() == ()

    vi = {"9001": "005930", "302": "삼성전자", "9068": "1", "1221": "4125", "1225": "정적"}
    push(ws, "1h", vi, "005930")
    qtbot.waitUntil(lambda: "VI 발동 중" in form.instrument_line.text(), timeout=5000)
    assert form.editors["stk_cd"].property("warning") is True  # the code in red
    asked = []
    w.confirm = lambda env, title, body: asked.append(dict(w.confirming)) or False  # the user cancels
    form.request_send()
    (context,) = asked
    assert "삼성전자(005930) VI 발동 중 (정적)" in context["warnings"]
    assert simulator.order_requests() == []  # cancelled: nothing sent

    push(ws, "1h", {**vi, "9068": "2"}, "005930")  # 해제
    qtbot.waitUntil(lambda: "VI" not in form.instrument_line.text(), timeout=5000)
    assert form.confirmation_warnings() == () and form.editors["stk_cd"].property("warning") is False

    # 0g: a new band (a 시장조치) replaces the looked-up one for the band check
    lower = form.instrument.lower_limit
    push(ws, "0g", {"297": "", "305": f"+{lower + 1000}", "306": f"-{lower}", "307": str(lower + 500)}, "005930")
    qtbot.waitUntil(lambda: form.instrument.upper_limit == lower + 1000, timeout=5000)
    assert upper != lower + 1000
    assert "상한가" in form.error_labels["ord_uv"].text() and not form.send_button.isEnabled()
