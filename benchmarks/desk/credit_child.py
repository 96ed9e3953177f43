"""The credit desk (issue 19) through the real window, one measurement per process (offscreen), the simulator in a
process of its own (``benchmarks.host``); result as a JSON line.

python -m benchmarks.desk.credit_child wire DATA_DIR QUERY_LATENCY_MS CLICKS
python -m benchmarks.desk.credit_child price DATA_DIR ROUNDS KEY_MS
"""

from __future__ import annotations

import json
import random
import sys
import time

from benchmarks.kit import Host, _accepted_click, _emit, _first_paint, _idle, _Queries
from benchmarks.live_child import _demo_window, _type, _wait

ORDER_PATH = "/api/dostk/crdordr"
QUERY_PATHS = ("/api/dostk/acnt", "/api/dostk/stkinfo", "/api/dostk/mrkcond")


class _Desk(_Queries):
    """The account views' refreshes (as :class:`_Queries`) and the credit desk's own queries (kt00001, kt00012,
    kt20017) from the ask to its CreditDone: quiet when none of them runs or is due."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.credit: set[object] = set()
        self.asked: list[tuple[float, object]] = []  # (perf_counter, CreditRequest) of every credit ask
        ask = window.controller.ask_credit

        def observed(request) -> None:  # an observer around the public method; it still asks
            self.credit.add(request)
            self.asked.append((time.perf_counter(), request))
            ask(request)

        window.controller.ask_credit = observed
        window.controller.credit_done.connect(lambda done: self.credit.discard(done.request))

    def quiet(self) -> bool:
        return super().quiet() and not self.credit


def _desk_window(data_dir: str, query_latency_ms: float):
    host = Host(0.0, query_latency_ms=query_latency_ms)
    app, window = _demo_window(data_dir, host)
    desk = _Desk(window)
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    window.show()
    _wait(lambda: all(v.fetched_at is not None for v in window.account.views.values()), "the account at start", 60)
    desk.wait_quiet()
    return app, window, host, desk, form


def wire(data_dir: str, query_latency_ms: float, clicks: int) -> None:
    """Click-to-wire while F5's refresh runs (the account views, 신용잔고's ka10085 + kt00005, the desk's kt00001,
    kt00012 and kt20017, each answered QUERY_LATENCY_MS late) against the same with every refresh over, click by
    click in turn. A click with the refresh comes at a spread moment of it. Also counts the query requests that
    reached the host between each click and its order, and how long the order waited for the query already on the
    wire at the click (its answer: the query's arrival + QUERY_LATENCY_MS)."""
    app, window, host, desk, form = _desk_window(data_dir, query_latency_ms)
    form.set_values({"stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000"})
    _idle(400)  # the desk's kt00012 / kt20017 for this code and price (debounced)
    desk.wait_quiet()
    rng = random.Random(19)
    latency = query_latency_ms / 1000

    def click(with_refresh: bool, at_ms: int = 0) -> tuple[float, bool]:
        desk.wait_quiet()
        _idle(30)
        running = False
        if with_refresh:
            window.refresh_account()  # F5
            _idle(at_ms)
            running = not desk.quiet()
        started = _accepted_click(window, form)
        return started, running

    for _ in range(2):  # warm-up: token, first connection, first journal write; not counted
        click(False)
    desk.wait_quiet()
    started = time.perf_counter()  # one refresh alone: how long F5 runs against this host
    window.refresh_account()
    desk.wait_quiet()
    span_ms = (time.perf_counter() - started) * 1000
    host.arrivals()
    times: dict[str, list[float]] = {"refresh": [], "idle": []}
    overtaken: list[int] = []  # query requests that arrived between a click (with a refresh) and its order
    waited: list[float] = []  # of a click with a refresh: the wait for the query on the wire at the click
    missed = 0  # clicks that did not meet what they were meant to: not counted
    i, draw_ms = 0, span_ms  # a refresh click comes 10 ms … 0.9 × draw_ms into the refresh
    # CLICKS of each, in turn; a click that missed is tried again (on a loaded machine a refresh may end first)
    while min(len(times["refresh"]), len(times["idle"])) < clicks and i < 12 * clicks:
        with_refresh, i = i % 2 == 0, i + 1
        started, running = click(with_refresh, rng.randrange(10, max(20, int(draw_ms * 0.9))))
        desk.wait_quiet()
        seen = json.loads(host.command("arrivals"))
        orders = [t for t, p in seen if p == ORDER_PATH]
        if len(orders) != 1:
            raise RuntimeError(f"one order sent, {len(orders)} arrived")
        queries = [t for t, p in seen if p in QUERY_PATHS]
        on_wire = [t + latency - started for t in queries if t < started < t + latency]
        if with_refresh and not running or not with_refresh and on_wire:
            missed += 1  # a refresh already over, or a query nobody asked for on the wire at an idle click
            if with_refresh and not running:  # the refreshes run shorter than the one timed (a load spike then)
                draw_ms = max(40.0, draw_ms * 0.6)
            continue
        times["refresh" if with_refresh else "idle"].append((orders[0] - started) * 1000)
        if with_refresh:
            overtaken.append(sum(1 for t in queries if started < t < orders[0]))
            waited.append(max(on_wire, default=0.0) * 1000)
    _emit({**{f"{k}_ms": v for k, v in times.items()}, "overtaken": overtaken, "waited_ms": waited,
           "missed": missed, "span_ms": span_ms})  # fmt: skip
    window.close()
    host.close()


def price(data_dir: str, rounds: int, key_ms: int) -> None:
    """ROUNDS prices typed into 신용매수's 주문단가 digit by digit, a key every KEY_MS, against the simulator at no
    added latency: from the last keystroke to the first paint of ``orderableQuantity`` after kt00012 at that price
    was answered (the desk's debounce included), and to the moment the desk asked it (the debounce)."""
    from kiwoom_gui.credit.figures import credit_data

    app, window, host, desk, form = _desk_window(data_dir, 0.0)
    label = window.credit.buy.orderable
    editor = form.editors["ord_uv"]
    form.set_values({"stk_cd": "000660", "ord_qty": "1"})  # 보증금율 40 %: its column is told
    _idle(400)
    desk.wait_quiet()
    marks: dict[str, float] = {}
    wanted = [""]

    def on_done(done) -> None:  # connected after the desk's own slot: the label shows the answer
        body = dict(done.request.body)
        if done.request.api_id == "kt00012" and wanted[0] and body.get("uv") == wanted[0] and "answered" not in marks:
            if done.answer is None:
                raise RuntimeError(f"kt00012 failed: {done.message}")
            marks["answered"] = time.perf_counter()
            _first_paint(label, lambda: marks.setdefault("painted", time.perf_counter()))

    window.controller.credit_done.connect(on_done)
    shown_ms: list[float] = []
    wait_ms: list[float] = []
    prices = [str(200000 + 500 * i) for i in range(rounds + 1)]  # each its own: none is in the desk's cache
    for i, typed in enumerate(prices):  # the first one warms the path: not counted
        _type(editor, typed[:-1], key_ms)
        _idle(key_ms)
        marks.clear()
        desk.asked.clear()
        wanted[0] = typed
        before = label.text()
        started = time.perf_counter()
        from PySide6.QtTest import QTest

        QTest.keyClick(editor, typed[-1])
        _wait(lambda: "painted" in marks, f"주문가능수량 at {typed}", 10)
        asked = [t for t, r in desk.asked if r.api_id == "kt00012" and dict(r.body).get("uv") == typed]
        if not asked or label.text() == before:
            raise RuntimeError(f"kt00012 at {typed} was not asked, or the label did not change")
        if i:
            shown_ms.append((marks["painted"] - started) * 1000)
            wait_ms.append((asked[0] - started) * 1000)
        wanted[0] = ""
        _idle(300)
        desk.wait_quiet()
    _emit({"shown_ms": shown_ms, "wait_ms": wait_ms, "debounce_ms": int(credit_data()["timing"]["debounce_ms"]),
           "text": label.text()})  # fmt: skip
    window.close()
    host.close()


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "wire":
        wire(args[0], float(args[1]), int(args[2]))
    elif mode == "price":
        price(args[0], int(args[1]), int(args[2]))
    else:
        raise SystemExit(__doc__)
