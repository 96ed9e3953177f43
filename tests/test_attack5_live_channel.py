"""Hostile review 5 (issue 17, "another 통신구분 is not ours"): a live 00 접수 event carries no 통신구분, so it
cannot show an order was not placed from 영웅문 — yet the live path alone credits an order of unknown outcome.

The order's answer is lost (500) and the host never placed it. The program says "접수되지 않은 것으로 보임 …
영웅문 등에서 … 직접 확인하세요"; the trader does exactly that and places the same order by hand in 영웅문.
Its 접수 event arrives on the live session (up since before our click), after the settle time. Today's list
(kt00007) names it 통신구분 "영웅문4" — the rule's own exclusion — but the live path never asks the list: the
REST order is credited with the 영웅문 order's number (its journal row says it was placed, which it never was).

Real window, a scripted host (tests/hostile_host.py) and a hostile WebSocket host (tests/hostile_ws.py), 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from gui_helpers import fill, rows, send, wait_answered
from hostile_host import HostileHost, reply, token_answer
from hostile_ws import HostileWS, order_values, real
from test_attack_attribution import LIST, NOT_FOUND, kt00007_row, settled
from test_gui_account_hostile import BUY, empty

import kiwoom_gui.account.reconcile as reconcile
from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome

FAST = {"backoff_s": (5.0,), "idle_timeout_s": 60.0}


class Host:
    """Our order: 500, never placed. ``placed``: orders placed elsewhere, in kt00007 as (number, time, 통신구분)."""

    def __init__(self) -> None:
        self.placed: list[tuple[str, float, str]] = []
        self.lock = threading.Lock()

    def __call__(self, r):
        if r.path == "/oauth2/token":
            return [token_answer()]
        if r.path == "/api/dostk/crdordr":
            return [reply(500, b"<html>busy</html>", {"api-id": r.headers["api-id"]})]
        if r.headers.get("api-id") == "kt00007":
            with self.lock:
                items = [kt00007_row(no, at, comm) for no, at, comm in reversed(self.placed)]
            return [reply(200, {LIST: items, "return_code": 0, "return_msg": "조회가 완료되었습니다"},
                          {"api-id": "kt00007", "cont-yn": "N", "next-key": ""})]
        return empty(r)


@pytest.fixture
def short_schedule(monkeypatch):
    monkeypatch.setattr(reconcile, "RECONCILE_SCHEDULE_S", (0.0, 1.0, 2.0))


def test_a_yeongungmun_order_seen_only_live_is_not_credited(qtbot, window_with, demo_keys, short_schedule):
    book = Host()
    ws = HostileWS().start()
    try:
        with HostileHost(book) as host:
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

            # the trader places the same credit buy in 영웅문; the host shows it as such in kt00007 ...
            now = time.time()
            with book.lock:
                book.placed.append(("0000401", now, "영웅문4"))
            # ... and its 접수 reaches the live session (9201 our account; the same shape as our buy)
            event = order_values(
                "0000401", f900="10", f901="2580", f902="10", f906="보통", f922="03",
                f908=dt.datetime.fromtimestamp(now, KST).strftime("%H%M%S"),
            )
            ws.push(real(event))
            qtbot.waitUntil(lambda: w.live.events_applied >= 1, timeout=5000)
            qtbot.wait(2500)  # the API thread has judged the event (and any list it read)
            after = [r for r in rows(w) if r.api_id == "kt10006"][0]
            assert after.ord_no != "0000401", (
                f"the lost REST order was credited with the 영웅문 order's number: {after.message}"
            )
            assert after.outcome is Outcome.UNKNOWN
            assert len([r for r in host.requests if r.path == "/api/dostk/crdordr"]) == 1
    finally:
        ws.stop()
