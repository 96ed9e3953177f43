"""Issue 17, item 7: an order never waits behind a refresh's queued pages. A refresh of every tab (F5, or the
one after each answered order) queues several queries on the API thread; an order clicked then leaves after
at most the one query already on the wire — counted from the host's own record of arrivals, not timed."""

from __future__ import annotations

from gui_helpers import fill, send, wait_answered
from hostile_host import HostileHost, order_answer, token_answer
from test_gui_account_hostile import BUY, account_window, empty  # noqa: F401

assert account_window

SLOW_S = 0.7  # every account query: a busy host


class SlowQueries:
    """Tokens and orders at once; every account query answered empty after ``SLOW_S``."""

    def __init__(self) -> None:
        self.numbers = iter(range(1, 10_000))

    def __call__(self, r):
        if r.path == "/oauth2/token":
            return [token_answer()]
        if r.path == "/api/dostk/crdordr":
            return [order_answer(r.headers["api-id"], f"{next(self.numbers):07d}")]
        return [SLOW_S, *empty(r)]


def is_query(r) -> bool:
    """An account query of the API thread (the stock lookup runs on its own thread and connection)."""
    return r.path.startswith("/api/") and r.path not in ("/api/dostk/crdordr", "/api/dostk/stkinfo")


def queries_between(host: HostileHost, start: int, order_index: int) -> int:
    """Account queries that reached the host after ``start`` requests and before the order at ``order_index``."""
    return sum(1 for r in host.requests[start:order_index] if is_query(r))


def settled(qtbot, w, host: HostileHost) -> None:
    """The start-up load is over: every tab filled, the account number known, no refresh waiting."""
    qtbot.waitUntil(lambda: all(v.fetched_at for v in w.account.views.values()), timeout=20000)
    qtbot.waitUntil(lambda: "1234" in w.account_label.text(), timeout=20000)
    qtbot.waitUntil(lambda: not w.sending.refresh_timer.isActive(), timeout=5000)
    # no query still running: none arrives for a whole query's time (a busy machine asks the late ones late)
    for _ in range(20):
        count = sum(1 for r in host.requests if is_query(r))
        qtbot.wait(int(SLOW_S * 1000) + 300)
        if sum(1 for r in host.requests if is_query(r)) == count:
            return
    raise AssertionError("the start-up's queries never stopped")


def test_an_order_clicked_after_f5_leaves_after_at_most_the_query_on_the_wire(qtbot, account_window):  # noqa: F811
    with HostileHost(SlowQueries()) as host:
        w = account_window(host)
        settled(qtbot, w, host)
        fill(w, "kt10006", BUY)
        done = []
        w.controller.query_done.connect(lambda d: done.append(d.view))
        before = len(host.requests)
        w.refresh_button.click()  # F5: 3 tabs, each its own queued refresh
        qtbot.waitUntil(lambda: any(is_query(r) for r in host.requests[before:]), timeout=5000)  # one on the wire
        start = len(host.requests) - 1  # the query now on the wire counts: at most it goes before the order
        send(qtbot, w, "kt10006")
        qtbot.waitUntil(lambda: len(host.orders()) == 1, timeout=15000)
        order_at = host.requests.index(host.orders()[0])
        assert queries_between(host, start, order_at) <= 1, [r.headers.get("api-id") for r in host.requests[start:]]
        # the refresh still ends, each tab answered (the refresh after the answer may add its own)
        wait_answered(qtbot, w, 1)
        qtbot.waitUntil(lambda: {"open_orders", "executions", "positions"} <= set(done), timeout=15000)


def test_an_order_clicked_during_the_refresh_after_an_answer_leaves_after_at_most_one_query(qtbot, account_window):  # noqa: F811
    with HostileHost(SlowQueries()) as host:
        w = account_window(host)
        settled(qtbot, w, host)
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        wait_answered(qtbot, w, 1)
        first = host.requests.index(host.orders()[0])
        # the refresh after the answer: its first query is on the wire, the other tabs' wait queued behind it
        qtbot.waitUntil(lambda: any(is_query(r) for r in host.requests[first + 1 :]), timeout=5000)
        start = len(host.requests) - 1
        fill(w, "kt10006", {**BUY, "ord_qty": "11"})
        send(qtbot, w, "kt10006")
        qtbot.waitUntil(lambda: len(host.orders()) == 2, timeout=15000)
        order_at = host.requests.index(host.orders()[1])
        assert queries_between(host, start, order_at) <= 1, [r.headers.get("api-id") for r in host.requests[start:]]
        assert host.orders()[1].json()["ord_qty"] == "11"
        wait_answered(qtbot, w, 2)
