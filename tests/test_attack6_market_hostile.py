"""Hostile review of issue 20 (the market beside the ticket): a live stream and answers that try to make the ticket
send a wrong price or show a lie. Real window; a scripted HTTP host (tests/hostile_host.py), a WebSocket host
(tests/hostile_ws.py) or the project's simulator, all on 127.0.0.1.

- a 0g that WIDENS the band (상한가 200,000 for a stock whose lookup says 91,600) must not let a price the real band
  refuses pass the form's band check or the ladder's click: the daily band does not widen intraday, so a live 0g
  may only narrow what the lookup said;
- a 1h whose item and 9001 name different stocks is not proof of anything: it never clears (or sets) a VI;
- 예상체결가 (0H) is an auction's: once a trade follows it, the ladder no longer shows it as current;
- the simulator echoes the quote item (``005930_NX``) in ka10007's ``stk_cd``: that is this stock at this venue,
  not "another stock" (the NXT ladder stayed empty against the project's own simulator).
"""

from __future__ import annotations

import re

import pytest
from gui_helpers import fill
from hostile_host import HostileHost, order_answer, reply, token_answer
from hostile_ws import HostileWS, book_values, market, trade_values
from test_gui_account_hostile import empty
from test_gui_market import price_rows, snapshot_body

from kiwoom_gui.live import frames
from kiwoom_gui.market import ladder

FAST = {"backoff_s": (5.0,), "idle_timeout_s": 60.0}
BASIC = {"stk_cd": "005930", "stk_nm": "삼성전자", "cur_prc": "+71000", "base_pric": "70500", "upl_pric": "+91600",
         "lst_pric": "-49400", "pre_sig": "2", "flu_rt": "+0.71"}
INFO = {"code": "005930", "name": "삼성전자", "state": "증거금20%|담보대출|신용가능", "marketCode": "0",
        "marketName": "거래소", "orderWarning": "0", "nxtEnable": "Y"}
OK = {"return_code": 0, "return_msg": "정상적으로 처리되었습니다"}


def script(r):
    api_id = r.headers.get("api-id", "")
    if r.path == "/oauth2/token":
        return [token_answer()]
    if r.path == "/api/dostk/stkinfo":
        body = {**(BASIC if api_id == "ka10001" else INFO), **OK}
        return [reply(200, body, {"api-id": api_id, "cont-yn": "N", "next-key": ""})]
    if r.path == "/api/dostk/mrkcond":
        return [reply(200, snapshot_body(r.json()["stk_cd"]), {"api-id": api_id, "cont-yn": "N"})]
    if r.path == "/api/dostk/crdordr":
        return [order_answer(api_id, "0000001")]
    return empty(r)


@pytest.fixture(scope="module")
def servers():
    ws = HostileWS().start()
    with HostileHost(script) as http:
        yield ws, http
    ws.stop()


@pytest.fixture
def live(window_with, demo_keys, servers):
    ws, http = servers

    def make():
        w = window_with("--env", "mock", "--base-url", http.url, "--ws-url", ws.url, live_options=FAST,
                        orders_per_second=0, timeouts=(1.0, 3.0))
        return w

    return make, ws, http


def settled(qtbot, w, code: str = "005930") -> None:
    form = w.forms["kt10006"]
    fill(w, "kt10006", {"dmst_stex_tp": "KRX", "stk_cd": code, "ord_qty": "1", "trde_tp": "0"})
    qtbot.waitUntil(lambda: form.instrument is not None and w.market.item == code and "71,000" in price_rows(w),
                    timeout=8000)


def push(ws: HostileWS, kind: str, item: str, values: dict[str, str]) -> None:
    ws.push(frames.real_frame([(kind, "", item, values)]))


def vi_values(code: str, state: str) -> dict[str, str]:
    return {"9001": code, "302": "종목", "9068": state, "1221": "71000", "1225": "정적"}


def test_a_live_0g_never_widens_the_band_the_form_and_the_ladder_check(qtbot, live):
    make, ws, http = live
    w = make()
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
    settled(qtbot, w)
    form = w.forms["kt10006"]
    assert form.instrument.upper_limit == 91_600
    fill(w, "kt10006", {"ord_uv": "150,000"})
    assert "상한가" in form.error_labels["ord_uv"].text() and not form.send_button.isEnabled()

    # the hostile 0g: 상한가 200,000 / 하한가 1,000 for our stock; then a 1h of another stock (same path, in order)
    # and a book with a level at 150,000 (the market path: the 0g's event is drained before it)
    push(ws, "0g", "005930", {"297": "", "305": "+200000", "306": "-1000", "307": "70500"})
    push(ws, "1h", "005930", vi_values("005930", "1"))  # the VI at the code: the forms were judged after the 0g
    asks = [(150_000, 5)] + [(71_100 + 100 * i, 10) for i in range(9)]
    ws.push(market("0D", "005930", book_values(asks, [(71_000, 3)])))
    qtbot.waitUntil(lambda: "VI 발동 중" in form.instrument_line.text() and "150,000" in price_rows(w), timeout=5000)

    # the form still refuses 150,000: the real band is 91,600, whatever the stream said
    form.revalidate()
    assert "상한가" in form.error_labels["ord_uv"].text(), form.instrument
    assert not form.send_button.isEnabled()
    # a click on the 150,000 level fills nothing and says why
    fill(w, "kt10006", {"ord_uv": "71,000"})
    model = w.market.view.model()
    assert w.market.choose_level(price_rows(w)["150,000"]) is False
    assert form.raw_values()["ord_uv"] == "71,000"
    assert "상한가 91,600" in w.market.message.text()

    # a 0g that NARROWS still counts (a 시장조치 the lookup has not seen): 상한가 80,000
    push(ws, "0g", "005930", {"305": "+80000", "306": "-49400"})
    qtbot.waitUntil(lambda: form.instrument.upper_limit == 80_000, timeout=5000)
    fill(w, "kt10006", {"ord_uv": "85,000"})
    assert "상한가" in form.error_labels["ord_uv"].text() and not form.send_button.isEnabled()
    assert model.rowCount() == ladder.ROWS
    assert http.orders() == []


def test_a_1h_whose_item_and_code_disagree_never_clears_a_vi(qtbot, live):
    make, ws, http = live
    w = make()
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
    settled(qtbot, w)
    form = w.forms["kt10006"]
    push(ws, "1h", "005930", vi_values("005930", "1"))
    qtbot.waitUntil(lambda: "VI 발동 중" in form.instrument_line.text(), timeout=5000)

    # 해제 of the item 000660 that names 005930 in 9001: which stock? not proof of either — read as nothing
    push(ws, "1h", "000660", vi_values("005930", "2"))
    push(ws, "1h", "000270", vi_values("000270", "1"))  # a later, well-formed VI: the sync point
    qtbot.waitUntil(lambda: "000270" in w.session.state.vi and "1건" in w.session.label.toolTip(), timeout=5000)
    assert "005930" in w.session.state.vi, "a 1h for item 000660 cleared 005930's VI"
    assert "VI 발동 중" in form.instrument_line.text()
    assert any("VI" in line for line in form.confirmation_warnings())
    assert "1건" in w.session.label.toolTip()  # counted as unread


def test_the_expected_price_of_an_auction_is_not_shown_once_trading_has_resumed(qtbot, live):
    make, ws, http = live
    w = make()
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
    settled(qtbot, w)
    asks = [(71_100 + 100 * i, 10) for i in range(10)]
    bids = [(71_000 - 100 * i, 10) for i in range(10)]
    # the auction: 0H says 71,300 would match
    expected = {"20": "085959", "10": "+71300", "11": "+800", "12": "+1.13", "25": "2", "13": "5000"}
    push(ws, "0H", "005930", expected)
    qtbot.waitUntil(lambda: "예상체결가 71,300" in w.market.note.text(), timeout=5000)
    # 09:00: it matched (a trade), then the continuous book with no 예상체결가 (FID 23 "0")
    ws.push(market("0B", "005930", trade_values(71_300, 800, time="090000")))
    qtbot.waitUntil(lambda: "71,300" in w.market.last_price.text(), timeout=5000)
    ws.push(market("0D", "005930", book_values(asks, bids, time="090001")))
    qtbot.waitUntil(lambda: "72,000" in price_rows(w), timeout=5000)
    assert "예상" not in w.market.note.text(), w.market.note.text()
    model = w.market.view.model()
    marks = [model.index(r, ladder.MARKS).data() for r in range(model.rowCount())]
    assert not any("예상" in m for m in marks), marks


def test_the_nxt_ladder_takes_the_simulators_snapshot_of_the_nxt_item(qtbot, window_with, demo_keys, simulator):
    w = window_with("--env", "mock", "--base-url", simulator.base_url, timeouts=(1.0, 3.0))
    venue = w.forms["kt10006"].editors["dmst_stex_tp"]
    fill(w, "kt10006", {"stk_cd": "005930"})
    venue.setCurrentIndex(venue.findData("NXT"))
    qtbot.waitUntil(lambda: w.market.item == "005930_NX", timeout=5000)
    qtbot.waitUntil(lambda: len(price_rows(w)) >= 10 or "가져오지 못했" in w.market.note.text(), timeout=8000)
    assert "다른 종목" not in w.market.note.text(), w.market.note.text()
    assert len(price_rows(w)) >= 10


def test_a_flood_of_session_frames_costs_one_refresh_per_frame_painted_not_one_per_frame(qtbot, live):
    """0s / 1h / 0g come one queued signal per REAL frame; each used to re-judge every order form at once. A host
    that floods them (unreadable or not) must cost the window one refresh per painted frame, like the quotes."""
    make, ws, http = live
    w = make()
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
    refreshes = []
    refresh = w.session.refresh
    w.session.refresh = lambda: (refreshes.append(1), refresh())
    flood = 1000
    for i in range(flood):
        push(ws, "0s", "", {"215": "??", "20": f"{i:06d}"})  # unreadable: counted
        push(ws, "1h", "000270", vi_values("000270", "1" if i % 2 else "2"))  # readable: 발동, 해제, …
    push(ws, "0s", "", {"215": "R", "20": "090000"})
    qtbot.waitUntil(lambda: f"{flood}건" in w.session.label.toolTip() and "메인마켓" in w.session.label.text(),
                    timeout=60000)
    assert len(refreshes) < flood // 10, len(refreshes)


def test_a_0s_time_that_is_not_a_time_is_never_shown_as_one(qtbot, live):
    make, ws, http = live
    w = make()
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
    push(ws, "0s", "", {"215": "R", "20": "ab:cd!"})  # the session is readable; its FID 20 is not a time
    qtbot.waitUntil(lambda: "NXT: 실시간 장운영(0s)" in w.session.label.toolTip(), timeout=5000)
    tip = w.session.label.toolTip()
    assert "ab" not in tip and "cd" not in tip, tip
    # the arrival time (KST HH:MM:SS) instead
    assert any(re.fullmatch(r"NXT: 실시간 장운영\(0s\) \d\d:\d\d:\d\d 수신", line) for line in tip.splitlines()), tip
