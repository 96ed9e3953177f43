"""The account tabs' benchmarks, one measurement per process (offscreen), result as a JSON line.

python -m benchmarks.account_child account_load DATA_DIR OPEN_ORDERS EXECUTIONS PAGE_SIZE
python -m benchmarks.account_child account_wire DATA_DIR PAGE_SIZE CLICKS
python -m benchmarks.account_child account_unknown DATA_DIR RUNS
"""

from __future__ import annotations

import sys
import time

from benchmarks.kit import (
    _accepted_click,
    _emit,
    _gaps,
    _gui_steps,
    _idle,
    _loaded_at_start,
    _probe,
    _Queries,
    _wait_signal,
    _window_with_account_host,
)


def account_load(data_dir: str, open_orders: int, executions: int, page_size: int) -> None:
    """OPEN_ORDERS resting orders and OPEN_ORDERS + EXECUTIONS rows of today's orders load into the account
    tabs (first into empty tabs, then a refresh over them), the 주문·체결 tab on screen: the event loop's
    longest stall while they load, the GUI thread's longest step of showing them, and the time from the
    refresh to the last tab filled."""
    steps = _gui_steps()
    app, window, host = _window_with_account_host(data_dir, page_size)
    queries = _Queries(window)
    window.account.setCurrentWidget(window.account.views["executions"])  # the biggest list, painted
    window.show()
    _loaded_at_start(window, queries)  # start-up's load of an empty book
    _idle(300)
    if host.command(f"seed {open_orders} {executions}") != "ok":
        raise RuntimeError("host did not seed")
    result: dict[str, object] = {}
    # the same window idle for a second, side by side: on a shared machine the probe alone shows gaps
    probe, ticks = _probe()
    probe.start()
    _idle(1000)
    probe.stop()
    result["idle_gaps_ms"] = _gaps(ticks)
    for label in ("first", "again"):
        probe, ticks = _probe()
        probe.start()
        _idle(50)  # a few ticks before the refresh: the gap that holds the click is counted
        steps.clear()
        started = time.perf_counter()
        window.refresh_account()
        queries.wait_quiet()
        loaded = time.perf_counter() - started
        _idle(50)  # the paint after the last fill
        probe.stop()
        views = window.account.views
        result[label] = {
            "gaps_ms": _gaps(ticks),
            "gui_step_ms": max(steps, default=0.0),
            "load_ms": loaded * 1000,
            "open_orders": len(views["open_orders"].rows()),
            "executions": len(views["executions"].rows()),
            "complete": all(v.complete for v in views.values()),
            "pages": {d.view: d.pages for d in queries.done[-len(views) :]},  # one QueryDone a tab
        }
        _idle(300)
    _emit(result)
    window.close()
    host.close()


def account_wire(data_dir: str, page_size: int, clicks: int) -> None:
    """Click-to-wire while a ten-page query runs (kt00007 at PAGE_SIZE rows a page) against the same with
    every refresh over, click by click in turn. A click with a query comes at a spread moment of the
    refresh (so it meets a page in flight as often as chance has it). Also counts the account requests
    that reached the host between each click and its order (orders first: at most the one in flight)."""
    import json
    import random

    app, window, host = _window_with_account_host(data_dir, page_size)
    queries = _Queries(window)
    window.show()
    _loaded_at_start(window, queries)  # start-up's load of an empty book
    # ten pages of kt00007 while fewer than PAGE_SIZE orders are added: 9 full pages and one row
    if host.command(f"seed 1 {9 * page_size}") != "ok":
        raise RuntimeError("host did not seed")
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    form.set_values({"stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000"})
    rng = random.Random(11)

    def click(with_query: bool) -> tuple[float, bool]:
        queries.wait_quiet()
        _idle(30)
        running = False
        if with_query:
            window.refresh_account()
            _idle(rng.randrange(20, 1500))  # somewhere in the ten pages (5 a second: ~1.8 s)
            running = "executions" in queries.running
        started = _accepted_click(window, form)
        return started, running

    for _ in range(2):  # warm-up: token, first connection, first journal write; not counted
        click(False)
    queries.wait_quiet()
    host.arrivals()
    times: dict[str, list[float]] = {"query": [], "idle": []}
    overtaken: list[int] = []  # account requests that arrived between a click (with a query) and its order
    missed = 0  # clicks meant to meet the query that came after it had ended: not counted
    for i in range(2 * clicks):
        with_query = i % 2 == 0
        started, running = click(with_query)
        queries.wait_quiet()
        seen = json.loads(host.command("arrivals"))
        orders = [t for t, p in seen if p == "/api/dostk/crdordr"]
        if len(orders) != 1:
            raise RuntimeError(f"one order sent, {len(orders)} arrived")
        if with_query and not running:
            missed += 1
            continue
        times["query" if with_query else "idle"].append((orders[0] - started) * 1000)
        if with_query:
            overtaken.append(sum(1 for t, p in seen if p == "/api/dostk/acnt" and started < t < orders[0]))
    pages = max((d.pages for d in queries.done if d.view == "executions"), default=0)
    _emit({**{f"{k}_ms": v for k, v in times.items()}, "overtaken": overtaken, "missed": missed, "pages": pages})
    window.close()
    host.close()


def account_unknown(data_dir: str, runs: int) -> None:
    """The host places the order and drops the connection (``answer_lost``): from the 확인 필요 answer
    to the log row's outcome 접수 확인 (found in kt00007, never resent), RUNS times."""
    import json

    from kiwoom_gui.host.answers import Outcome

    # a 4 s request deadline (1 s connect + 3 s read): the settle time is 6 s after the click
    app, window, host = _window_with_account_host(data_dir, timeouts=(1.0, 3.0))
    queries = _Queries(window)
    window.show()
    _loaded_at_start(window, queries)  # start-up's load of an empty book
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    # noted by slots connected after the window's own: the log row has been updated when they run (and a
    # resolution that arrives in the same turn as the answer is not missed)
    answered: dict[int, float] = {}
    resolved: dict[int, tuple[float, object]] = {}
    window.controller.order_done.connect(lambda d: answered.setdefault(d.journal_id, time.perf_counter()))

    def on_resolved(r) -> None:
        # answered for the user: credited on proof, or — a fast host, whose whole-second 주문시간 cannot show
        # the order came after the click — offered as a candidate the user may confirm (issue 17)
        row = next((x for x in window.log.model.rows() if x.id == r.journal_id), None)
        if row is not None and (row.outcome is Outcome.CONFIRMED or r.candidates):
            resolved.setdefault(r.journal_id, (time.perf_counter(), r))

    window.controller.order_resolved.connect(on_resolved)
    resolved_ms: list[float] = []
    host.arrivals()
    for i in range(runs):
        queries.wait_quiet()
        _idle(300)
        form.set_values({"stk_cd": "005930", "ord_qty": str(i + 1), "ord_uv": "60000"})  # each order its own
        if host.command("inject answer_lost") != "ok":
            raise RuntimeError("host did not take the fault")
        form.send_button.click()
        done = _wait_signal(window.controller.order_done)
        if done.result.outcome is not Outcome.UNKNOWN:
            raise RuntimeError(f"expected 확인 필요, got {done.result.outcome}")
        deadline = time.perf_counter() + 40  # the search's last try is at 30 s
        while done.journal_id not in resolved:
            if time.perf_counter() > deadline:
                raise RuntimeError("the unknown order was neither confirmed nor offered as a candidate")
            _idle(5)
        resolved_ms.append((resolved[done.journal_id][0] - answered[done.journal_id]) * 1000)
    posts = [p for _, p in json.loads(host.command("arrivals")) if p == "/api/dostk/crdordr"]
    _emit({"resolved_ms": resolved_ms, "order_posts": len(posts), "runs": runs})
    window.close()
    host.close()



if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "account_load":
        account_load(args[0], int(args[1]), int(args[2]), int(args[3]))
    elif mode == "account_wire":
        account_wire(args[0], int(args[1]), int(args[2]))
    elif mode == "account_unknown":
        account_unknown(args[0], int(args[1]))
    else:
        raise SystemExit(__doc__)
