"""Hostile review of issue 19's run_aside: a list asked before an order, answered after it, says so.

Since an order leaves beside a query page on the wire, a page can leave before an order and land after the order
was answered. Its list is the host's of a moment before the order reached it — the order is not in it — so it must
never carry a time after the order: a 미체결 list stamped "09:30:05 조회" without the order sent at 09:30:04 tells
the user (whose order may be 확인 필요) that the host has no such order, and invites sending it again. A list is
stamped with when it was asked for, the earliest moment it can show."""

from __future__ import annotations

import datetime as dt

from gui_helpers import send, wait_answered
from hostile_host import HostileHost
from test_attack_order_behind_refresh import is_query
from test_attack_order_beside_query import SLOW_S, SlowAfterStart, ready
from test_gui_account_hostile import BUY, account_window, empty  # noqa: F401

from kiwoom_gui.base.kst import KST

assert account_window and SLOW_S >= 1.5  # a page on the wire across a whole second after the order left


def test_a_list_asked_before_an_order_is_never_stamped_after_it(qtbot, account_window):  # noqa: F811
    script = SlowAfterStart()
    with HostileHost(script) as host:
        w = ready(qtbot, account_window, host)
        script.slow = True
        landed = []
        w.controller.query_done.connect(landed.append)
        before = len(host.requests)
        w.refresh_button.click()  # F5: the first page leaves and waits on the wire
        qtbot.waitUntil(lambda: any(is_query(r) for r in host.requests[before:]), timeout=5000)
        view = {"ka10075": "open_orders", "kt00007": "executions", "kt00018": "positions"}
        first = view[next(r for r in host.requests[before:] if is_query(r)).headers["api-id"]]
        send(qtbot, w, "kt10006")
        wait_answered(qtbot, w, 1, timeout=int(SLOW_S * 1000) - 200)  # answered while the page is on the wire
        order_left = dt.datetime.now(KST).time().replace(microsecond=0)  # at or after the order left
        qtbot.waitUntil(lambda: any(d.view == first for d in landed), timeout=int(SLOW_S * 1000) + 3000)
        done = next(d for d in landed if d.view == first)
        assert done.rows == ()  # the host's list of before the order: the order is not in it
        stamped = dt.time.fromisoformat(done.fetched_at)
        assert stamped <= order_left, f"a list without the order, stamped {stamped} — after the order ({order_left})"


class SlowDesk(SlowAfterStart):
    """Tokens, orders, lookups and the tabs at once; the credit desk's kt00001 ``SLOW_S`` late once ``slow`` is
    set."""

    def __call__(self, r):
        if self.slow and r.headers.get("api-id") == "kt00001":
            return [SLOW_S, *empty(r)]
        return empty(r) if r.path == "/api/dostk/acnt" else super().__call__(r)


def test_the_desks_answer_asked_before_an_order_is_never_stamped_after_it(qtbot, account_window):  # noqa: F811
    script = SlowDesk()
    with HostileHost(script) as host:
        w = ready(qtbot, account_window, host)
        script.slow = True  # kt00001 now waits SLOW_S on the wire; the other queries do not
        credit = []
        w.controller.credit_done.connect(credit.append)
        before = len(host.requests)
        w.refresh_button.click()  # F5: the desk's kt00001 with the tabs
        qtbot.waitUntil(lambda: any(r.headers.get("api-id") == "kt00001" for r in host.requests[before:]), timeout=5000)
        send(qtbot, w, "kt10006")
        wait_answered(qtbot, w, 1, timeout=int(SLOW_S * 1000) - 200)
        order_left = dt.datetime.now(KST).replace(microsecond=0)
        qtbot.waitUntil(lambda: any(d.request.api_id == "kt00001" for d in credit), timeout=int(SLOW_S * 1000) + 3000)
        done = next(d for d in credit if d.request.api_id == "kt00001")
        assert done.fetched_at.replace(microsecond=0) <= order_left, (done.fetched_at, order_left)
