"""Issue 19 (click-to-wire during the desk's refresh): an order clicked while a query page is on the wire does
not wait for that page's answer. The page's exchange runs on a wire thread and the queries' own connection; the
API thread sends the order at once on the orders' connection — exactly once, whichever of the two took it. The
search for an order's outcome is never run that way (its pages are judged against the orders around them)."""

from __future__ import annotations

from gui_helpers import fill, rows, send, wait_answered
from hostile_host import HostileHost, order_answer, token_answer
from test_attack_order_behind_refresh import is_query, settled
from test_gui_account_hostile import BUY, account_window, empty  # noqa: F401

assert account_window

SLOW_S = 2.0  # every account query, once the start-up load is over (the read timeout is 3 s)


class SlowAfterStart:
    """Tokens, orders and stock lookups at once; account queries at once until ``slow`` is set, then ``SLOW_S``
    late."""

    def __init__(self) -> None:
        self.numbers = iter(range(1, 10_000))
        self.slow = False

    def __call__(self, r):
        if r.path == "/oauth2/token":
            return [token_answer()]
        if r.path == "/api/dostk/crdordr":
            return [order_answer(r.headers["api-id"], f"{next(self.numbers):07d}")]
        return [SLOW_S, *empty(r)] if self.slow and r.path == "/api/dostk/acnt" else empty(r)


def ready(qtbot, account_window, host: HostileHost):  # noqa: F811
    """The window on ``host``, the 신용매수 form filled, the start-up's queries (and the desk's) over."""
    w = account_window(host)
    w.confirm = lambda *a: True  # this host has no quotes: 투자유의 not known, each order asks first (yes)
    fill(w, "kt10006", BUY)
    settled(qtbot, w, host)  # until no query comes for a whole query's time
    return w


def _on_the_wire(qtbot, w, host: HostileHost, script: SlowAfterStart) -> tuple[int, list[str]]:
    script.slow = True
    landed: list[str] = []
    w.controller.query_done.connect(lambda d: landed.append(d.view))
    before = len(host.requests)
    w.refresh_button.click()  # F5: every tab's query, one page on the wire at a time
    qtbot.waitUntil(lambda: any(is_query(r) for r in host.requests[before:]), timeout=5000)
    wire = next(i for i in range(before, len(host.requests)) if is_query(host.requests[i]))
    return wire, landed


def test_an_order_clicked_while_a_page_is_on_the_wire_is_answered_before_that_page(qtbot, account_window):  # noqa: F811
    script = SlowAfterStart()
    with HostileHost(script) as host:
        w = ready(qtbot, account_window, host)
        wire, landed = _on_the_wire(qtbot, w, host, script)
        send(qtbot, w, "kt10006")
        wait_answered(qtbot, w, 1, timeout=int(SLOW_S * 1000) - 200)  # within the page's own wait
        assert landed == [], f"the order waited for the query on the wire ({landed} answered first)"
        (order,) = host.orders()
        assert order.port != host.requests[wire].port  # the orders' own connection
        assert rows(w)[-1].ord_no == "0000001"
        # the page on the wire still lands, and the refresh ends as it would have
        qtbot.waitUntil(lambda: {"open_orders", "executions", "positions"} <= set(landed), timeout=20000)
        assert len(host.orders()) == 1


def test_two_orders_clicked_during_one_page_each_leave_once_in_their_order(qtbot, account_window):  # noqa: F811
    script = SlowAfterStart()
    with HostileHost(script) as host:
        w = ready(qtbot, account_window, host)
        _, landed = _on_the_wire(qtbot, w, host, script)
        send(qtbot, w, "kt10006")
        wait_answered(qtbot, w, 1, timeout=int(SLOW_S * 1000) // 2)  # the form takes the next once answered
        fill(w, "kt10006", {**BUY, "ord_qty": "11"})
        send(qtbot, w, "kt10006")
        wait_answered(qtbot, w, 2, timeout=int(SLOW_S * 1000) // 2)
        assert landed == []
        assert [o.json()["ord_qty"] for o in host.orders()] == [BUY["ord_qty"], "11"]
        qtbot.waitUntil(lambda: {"open_orders", "executions", "positions"} <= set(landed), timeout=20000)
        assert len(host.orders()) == 2  # neither sent again by the turns their clicks queued


def test_closing_while_a_page_is_on_the_wire_ends_the_api_thread(qtbot, account_window):  # noqa: F811
    script = SlowAfterStart()
    with HostileHost(script) as host:
        w = ready(qtbot, account_window, host)
        _on_the_wire(qtbot, w, host, script)
        w.close()
        qtbot.waitUntil(lambda: not w.controller.is_running(), timeout=int(SLOW_S * 1000) + 3000)
