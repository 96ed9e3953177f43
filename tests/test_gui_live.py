"""The live connection through the real window, against the simulator's WebSocket on 127.0.0.1 (issue 13).

Each test drives real widgets and reads what a trader sees: the liveStatus label, the 미체결 table, the log.
"""

from __future__ import annotations

import json

import keyring
import pytest
from gui_helpers import fill, log_texts, rows, send, settle_unknown, wait_answered
from PySide6.QtCore import Qt

from kiwoom_gui.app import create_main_window
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.environments import UnsafeBaseURL

FAST = {"backoff_s": (0.1, 0.2), "idle_timeout_s": 10.0}  # no reconnect for a busy machine's slow PINGs


@pytest.fixture
def live_window(window_with, live_sim, demo_keys):
    def make(*extra: str, **kwargs):
        options = ("--env", "mock", "--base-url", live_sim.base_url, "--ws-url", live_sim.ws_url, *extra)
        return window_with(*options, live_options=FAST, **kwargs)

    return make


def _open_numbers(window) -> list[str]:
    return [row.ord_no for row in window.account.views["open_orders"].rows()]


def _wait_connected(qtbot, window, timeout: int = 8000) -> None:
    qtbot.waitUntil(lambda: window.live.state == "connected", timeout=timeout)


def _wait_quiet(qtbot, window, sim, still_ms: int = 1000) -> None:
    """No refresh pending or in flight: no list is asked for during ``still_ms`` and none is scheduled."""
    import time

    seen = [len(sim.query_requests()), time.monotonic()]

    def quiet() -> bool:
        count = len(sim.query_requests())
        if count != seen[0] or window.live._confirm.isActive():
            seen[:] = [count, time.monotonic()]
            return False
        return (time.monotonic() - seen[1]) * 1000 >= still_ms

    qtbot.waitUntil(quiet, timeout=15000)


def _log_text_for(window, ord_no: str) -> str:
    return next((t for t in log_texts(window) if f"| {ord_no} |" in t), "")


def _buy(qtbot, window, qty: str, price: str, code: str = "005930") -> None:
    fill(
        window,
        "kt10006",
        {"dmst_stex_tp": "KRX", "stk_cd": code, "ord_qty": qty, "ord_uv": price, "trde_tp": "0"},
    )
    form = window.forms["kt10006"]
    qtbot.waitUntil(lambda: form.send_button.isEnabled(), timeout=5000)
    send(qtbot, window, "kt10006")


def test_custom_base_url_without_ws_url_stays_off_and_says_why(qtbot, make_window, simulator):
    window = make_window()
    qtbot.waitUntil(lambda: window.live.state == "off" and "--ws-url" in window.live.label.text(), timeout=5000)
    label = window.findChild(type(window.live.label), "liveStatus")
    assert label is window.live.label
    assert "F5" in label.text()  # what to do meanwhile
    assert simulator.live_sessions() == []  # never fell back to any other host


def test_non_loopback_plain_ws_is_refused_before_anything_opens(qtbot, tmp_path):
    with pytest.raises(UnsafeBaseURL):
        create_main_window(["--ws-url", "ws://example.com:10000/api/dostk/websocket", "--data-dir", str(tmp_path)])


def test_buy_fills_in_parts_and_the_rows_follow_the_events(qtbot, live_window, live_sim):
    live_sim.market = True
    live_sim.fill_in_parts = [3, 3, 4]
    window = live_window()
    _wait_connected(qtbot, window)
    _buy(qtbot, window, "10", "71,000")
    (row,) = wait_answered(qtbot, window, 1)
    ord_no = row.ord_no
    assert row.outcome is Outcome.ACCEPTED and ord_no
    view = window.account.views["open_orders"]

    def remaining() -> object:
        found = [r for r in view.rows() if r.ord_no == ord_no]
        return found[0].value("oso_qty") if found else None

    qtbot.waitUntil(lambda: remaining() == 7, timeout=8000)
    qtbot.waitUntil(lambda: "3/10" in _log_text_for(window, ord_no), timeout=5000)
    _wait_quiet(qtbot, window, live_sim)  # the refreshes after the answer and after the events are over
    queries = len(live_sim.query_requests("ka10075"))
    live_sim.step()  # the second part
    qtbot.waitUntil(lambda: remaining() == 4, timeout=5000)
    assert len(live_sim.query_requests("ka10075")) == queries  # the event moved the row, not a query
    assert "실시간 반영" in view.status.text()
    live_sim.step()  # the rest: nothing remains
    qtbot.waitUntil(lambda: ord_no not in _open_numbers(window), timeout=5000)
    text = _log_text_for(window, ord_no)
    assert "체결" in text and "10/10" in text and "71,000" in text
    assert "체결" in window.statusBar().currentMessage() or "체결" in text


def test_events_that_come_before_the_answer_still_reach_the_orders_log_row(qtbot, live_window, live_sim):
    live_sim.market = True  # fills at once, so 접수 and 체결 are pushed before the slow answer leaves
    live_sim.state.answer_delay_s = 0.6
    window = live_window()
    _wait_connected(qtbot, window)
    _buy(qtbot, window, "10", "71,000")
    qtbot.waitUntil(lambda: window.live.events_applied >= 2, timeout=5000)
    assert rows(window)[0].ord_no is None  # the answer has not come yet
    (row,) = wait_answered(qtbot, window, 1)
    qtbot.waitUntil(lambda: "10/10" in _log_text_for(window, row.ord_no), timeout=3000)


def test_cancel_from_open_orders_removes_the_row_on_its_confirmation(qtbot, live_window, live_sim):
    window = live_window()
    _wait_connected(qtbot, window)
    _buy(qtbot, window, "5", "60,000")  # market off: it rests
    (row,) = wait_answered(qtbot, window, 1)
    qtbot.waitUntil(lambda: row.ord_no in _open_numbers(window), timeout=8000)
    qtbot.wait(2000)  # let the confirming query land, so the row is the host's, not the event's
    view = window.account.views["open_orders"]
    qtbot.waitUntil(lambda: window.account.cancel_button.isEnabled() or view.rows() != [], timeout=3000)
    index = [r.ord_no for r in view.rows()].index(row.ord_no)
    view.table.selectRow(index)
    qtbot.waitUntil(lambda: window.account.cancel_button.isEnabled(), timeout=3000)
    qtbot.mouseClick(window.account.cancel_button, Qt.MouseButton.LeftButton)
    assert window.forms["kt10009"].raw_values()["orig_ord_no"] == row.ord_no
    send(qtbot, window, "kt10009")
    wait_answered(qtbot, window, 2)
    qtbot.waitUntil(lambda: "취소 확인" in _log_text_for(window, row.ord_no), timeout=5000)
    qtbot.waitUntil(lambda: row.ord_no not in _open_numbers(window), timeout=5000)


def test_a_drop_reconnects_registers_again_and_queries_the_gap(qtbot, live_window, live_sim):
    window = live_window()
    _wait_connected(qtbot, window)
    qtbot.wait(1000)
    logins, regs = live_sim.live.counters.logins, live_sim.live.counters.regs
    queries = len(live_sim.query_requests("ka10075"))
    seen: list[str] = []
    window.live.bridge.status_changed.connect(lambda s: seen.append(s.state))
    live_sim.live_fault("drop")
    qtbot.waitUntil(lambda: "disconnected" in seen, timeout=5000)
    _wait_connected(qtbot, window)
    qtbot.waitUntil(lambda: len(live_sim.query_requests("ka10075")) > queries, timeout=5000)
    assert live_sim.live.counters.logins == logins + 1
    assert live_sim.live.counters.regs >= regs + 1


def test_an_unanswered_ping_is_shown_and_the_connection_comes_back(qtbot, live_window, live_sim):
    window = live_window()
    _wait_connected(qtbot, window)
    texts: list[str] = []
    window.live.bridge.status_changed.connect(lambda s: texts.append(window.live.label.text()))
    live_sim.live_fault("no_pong")
    shown = lambda: any("R10002" in t for t in [*texts, window.live.label.text()])  # noqa: E731
    qtbot.waitUntil(shown, timeout=12000)
    assert any("끊김" in t for t in texts)
    _wait_connected(qtbot, window)


def test_r10001_is_shown_and_the_connection_stays_off(qtbot, live_window, live_sim):
    window = live_window()
    _wait_connected(qtbot, window)
    connections = live_sim.live.counters.connections
    live_sim.live_fault("r10001")
    qtbot.waitUntil(lambda: window.live.state == "stopped", timeout=5000)
    assert "R10001" in window.live.label.text()
    qtbot.wait(800)  # several backoffs' worth: nothing tries again (it would throw the other session out)
    assert live_sim.live.counters.connections == connections


def test_an_accept_event_resolves_an_unknown_order_with_exactly_one_post(qtbot, live_window, live_sim):
    # its 접수 answers at the settle time: intent + the request deadline (1 + 2 s here) + 2 s of grace
    window = live_window(timeouts=(1.0, 2.0))
    _wait_connected(qtbot, window)
    live_sim.inject("http500", api_id="kt00007", count=40)  # the query path cannot find it: only the event can
    live_sim.inject("answer_lost")
    _buy(qtbot, window, "2", "60,000")
    (row,) = wait_answered(qtbot, window, 1)
    assert row.outcome is Outcome.UNKNOWN
    assert rows(window)[0].outcome is Outcome.UNKNOWN  # not at once: an identical order could still meet it
    (placed,) = live_sim.book.orders()
    resolved = settle_unknown(qtbot, window, placed.ord_no, timeout=12000)  # only the event can name it
    assert resolved.ord_no
    assert len(live_sim.order_requests()) == 1
    assert resolved.ord_no in [o.ord_no for o in live_sim.book.orders()]


def test_the_token_never_shows_in_the_window_the_files_or_the_frames(qtbot, live_window, live_sim, tmp_path):
    window = live_window()
    _wait_connected(qtbot, window)
    _buy(qtbot, window, "1", "60,000")
    wait_answered(qtbot, window, 1)
    token = json.loads(keyring.get_password("kiwoom-gui", "mock:token"))["token"]
    assert len(token) > 10
    shown = [window.live.label.text(), window.live.label.toolTip(), window.statusBar().currentMessage()]
    shown += log_texts(window) + [repr(window.live.bridge), repr(window.live.bridge._connection)]
    assert not [t for t in shown if token in t]
    window.close()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
    frames = [f for f in live_sim.live.recorded if isinstance(f.text, str) and token in f.text]
    assert frames and all(json.loads(f.text)["trnm"] == "LOGIN" for f in frames)


def test_a_new_token_logs_in_again_with_it(qtbot, live_window, live_sim):
    from kiwoom_gui.base.payloads import CredentialCommand

    window = live_window()
    _wait_connected(qtbot, window)
    logins = live_sim.live.counters.logins
    window.controller.credentials(CredentialCommand(window.target(), "issue"))
    qtbot.waitUntil(lambda: live_sim.live.counters.logins > logins, timeout=8000)
    _wait_connected(qtbot, window)
    token = json.loads(keyring.get_password("kiwoom-gui", "mock:token"))["token"]
    last_login = [f for f in live_sim.live.recorded if '"LOGIN"' in f.text][-1]
    assert json.loads(last_login.text)["token"] == token


def test_a_list_older_than_the_events_is_asked_for_again(qtbot, live_window, live_sim):
    import datetime as dt

    from kiwoom_gui.base.kst import KST

    # the fill's 04 updates this position instead of adding one (which would ask for the lists by itself)
    live_sim.seed_position("005930", 10, dt.datetime.now(KST).strftime("%Y%m%d"))
    window = live_window()
    _wait_connected(qtbot, window)
    _buy(qtbot, window, "5", "60,000")  # rests
    (row,) = wait_answered(qtbot, window, 1)
    qtbot.waitUntil(lambda: row.ord_no in _open_numbers(window), timeout=8000)
    qtbot.wait(2000)  # the refreshes after the answer have landed
    live_sim.set_latency(0.8)
    queries = len(live_sim.query_requests("ka10075"))
    window.refresh_account()  # this list is asked for now and answered 0.8 s later ...
    qtbot.wait(200)
    live_sim.fill(row.ord_no, 5)  # ... while the order fills: the event removes the row at once
    qtbot.waitUntil(lambda: row.ord_no not in _open_numbers(window), timeout=3000)
    # the older list lands and shows the order open again; the window asks once more and believes that
    # (behind the credit desk's and 신용잔고's queries of that refresh, each 0.8 s late)
    qtbot.waitUntil(lambda: len(live_sim.query_requests("ka10075")) >= queries + 2, timeout=20000)
    qtbot.waitUntil(lambda: row.ord_no not in _open_numbers(window), timeout=8000)
    qtbot.wait(1000)
    assert row.ord_no not in _open_numbers(window)


def test_an_identical_order_placed_after_a_reconnect_never_answers_for_an_older_unknown_one(
    qtbot, window_with, live_sim, demo_keys
):
    from kiwoom_gui.host.client import KiwoomClient

    options = ("--env", "mock", "--base-url", live_sim.base_url, "--ws-url", live_sim.ws_url)
    window = window_with(*options, live_options={"backoff_s": (0.1,), "idle_timeout_s": 2.0})  # PINGs every 0.2 s
    _wait_connected(qtbot, window)
    live_sim.inject("http500", api_id="kt00007", count=60)  # only an event could answer: the list cannot
    live_sim.live_fault("silent")  # this session hears nothing: the order's own 접수 is missed
    live_sim.inject("answer_lost")
    _buy(qtbot, window, "2", "60,000")
    (row,) = wait_answered(qtbot, window, 1)
    assert row.outcome is Outcome.UNKNOWN
    def registered_again() -> bool:  # the silent session gone, the new one logged in and registered for 00
        sessions = live_sim.live_sessions()
        return live_sim.live.counters.logins >= 2 and len(sessions) == 1 and "00" in sessions[0].types

    qtbot.waitUntil(registered_again, timeout=8000)
    qtbot.waitUntil(lambda: window.live.state == "connected", timeout=5000)
    # the same order again, placed elsewhere (영웅문): its 접수 fits the unknown one in every field
    qtbot.wait(500)  # the refreshes after the reconnect
    applied = window.live.events_applied
    with KiwoomClient("mock", base_url=live_sim.base_url, orders_per_second=0) as client:
        client.tokens.set_pasted(live_sim.issue_token_for_tests())
        other = client.send_order("kt10006", dict(row.request_body))
    assert other.ord_no
    qtbot.waitUntil(lambda: window.live.events_applied > applied, timeout=5000)  # its 접수 reached the window
    qtbot.wait(1000)
    assert rows(window)[0].outcome is Outcome.UNKNOWN  # never 접수 확인 with the other order's number
    assert len(live_sim.order_requests()) == 2
