"""Hostile review 5 (issue 17, "nothing else could be it"): an order of ours still *in flight* must count as a
rival of an earlier lost order of the same shape.

Our first credit buy's answer is lost (500) and the host never placed it; the search ends "접수되지 않은 것으로
보임". The trader sends the same buy again (the window asks, since an identical order is 확인 필요; they say
yes). The host places the second one at once and its live 접수 arrives while the REST answer is still on its way
(the usual order of things at Kiwoom). Only orders of unknown outcome are listed as rivals, not the one on the
wire: what keeps the first row from being credited with the second order's number is that events are judged
on the API thread, behind the order's answer (journalled first, so its number is known). This guards that
ordering (it held when written): judging events beside a running order would credit the wrong row.

Real window, a scripted host (tests/hostile_host.py) and a hostile WebSocket host (tests/hostile_ws.py), 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from gui_helpers import fill, rows, send, wait_answered
from hostile_host import HostileHost, order_answer, reply, token_answer
from hostile_ws import HostileWS, order_values, real
from test_attack_attribution import NOT_FOUND, settled
from test_gui_account_hostile import BUY, empty

import kiwoom_gui.account.reconcile as reconcile
from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome

FAST = {"backoff_s": (5.0,), "idle_timeout_s": 60.0}
SECOND = "0000777"


class Host:
    """The first order: 500, never placed. The second: placed, its 접수 pushed live, answered 2 s later."""

    def __init__(self, ws: HostileWS) -> None:
        self.ws = ws
        self.orders = 0
        self.lock = threading.Lock()

    def __call__(self, r):
        if r.path == "/oauth2/token":
            return [token_answer()]
        if r.path == "/api/dostk/crdordr":
            with self.lock:
                self.orders += 1
                n = self.orders
            if n == 1:
                return [reply(500, b"<html>busy</html>", {"api-id": r.headers["api-id"]})]
            placed = dt.datetime.now(KST).strftime("%H%M%S")
            event = order_values(SECOND, f900="10", f901="2580", f902="10", f906="보통", f922="03", f908=placed)
            self.ws.push(real(event))
            return [2.0, order_answer(r.headers["api-id"], SECOND)]
        return empty(r)


@pytest.fixture
def short_schedule(monkeypatch):
    monkeypatch.setattr(reconcile, "RECONCILE_SCHEDULE_S", (0.0, 1.0, 2.0))


def test_an_order_of_ours_in_flight_is_a_rival(qtbot, window_with, demo_keys, short_schedule):
    ws = HostileWS().start()
    try:
        with HostileHost(Host(ws)) as host:
            w = window_with("--env", "mock", "--base-url", host.url, "--ws-url", ws.url, live_options=FAST,
                            orders_per_second=0, timeouts=(1.0, 3.0))
            qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
            qtbot.waitUntil(lambda: (w.account_number or "") == "1234567890", timeout=8000)
            qtbot.wait(1200)  # the session is up well before the click
            fill(w, "kt10006", BUY)
            send(qtbot, w, "kt10006")
            (row,) = wait_answered(qtbot, w, 1)
            assert row.outcome is Outcome.UNKNOWN
            assert NOT_FOUND in settled(qtbot, w)

            asked = []
            w.confirm = lambda *a: asked.append(w.confirming.get("unknown")) or True  # "send it again": yes
            time.sleep(1.1)  # the second order's 접수 is a later whole second than the first click
            fill(w, "kt10006", BUY)
            send(qtbot, w, "kt10006")
            assert asked and asked[0], "the window did not warn of the identical 확인 필요 order"
            wait_answered(qtbot, w, 2, timeout=15000)
            qtbot.wait(500)
            first, second = [r for r in rows(w) if r.api_id == "kt10006"]
            assert second.outcome is Outcome.ACCEPTED and second.ord_no == SECOND
            assert first.ord_no != SECOND, f"the lost order was credited with the in-flight order's number: {first}"
            assert first.outcome is Outcome.UNKNOWN
    finally:
        ws.stop()
