"""Live events (issue 13) and the stock lookup (issue 12) through the real window, one measurement per process
(offscreen), the simulator in a process of its own (``benchmarks.host``); result as a JSON line.

python -m benchmarks.live_child live DATA_DIR EVENTS_PER_S SECONDS OPEN_ORDERS GUI_ORDERS FILLS
python -m benchmarks.live_child lookup_typing DATA_DIR CODES KEY_MS HOLD_MS LATENCY_MS
python -m benchmarks.live_child lookup_name DATA_DIR CODES
"""

from __future__ import annotations

import gc
import json
import sys
import time

from benchmarks.kit import Host, _emit, _first_paint, _gaps, _idle, _probe, _Queries, _wait_signal, _window


def _demo_window(data_dir: str, host: Host, *options: str):
    """``--demo --base-url`` against the host process: demo keys in memory only, orders unthrottled (0)."""
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())  # never the user's keyring
    app, window = _window(data_dir, "--demo", "--base-url", host.url, *options, orders_per_second=0)
    return app, window


def _wait(condition, what: str, timeout_s: float = 30) -> None:
    deadline = time.perf_counter() + timeout_s
    while not condition():
        if time.perf_counter() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        _idle(10)


def _settle(window, queries: _Queries) -> None:
    """No account query running or due, and no refresh confirming live rows pending."""
    confirm = getattr(window.live, "_confirm", None)
    _wait(lambda: queries.quiet() and not (confirm is not None and confirm.isActive()), "the account to settle", 60)
    _idle(300)


# --- issue 13: live events --------------------------------------------------------------------------------
def live(data_dir: str, events_per_s: float, seconds: float, open_orders: int, gui_orders: int, fills: int) -> None:
    """OPEN_ORDERS resting orders (seeded before the window starts) and GUI_ORDERS placed through the buy form;
    then the window connected and idle for SECONDS, then EVENTS_PER_S of the simulator's own 00/04 events for
    SECONDS (new orders and one-share fills of the open ones): the event loop's longest stall in each, memory
    before and after. Then, market on, FILLS one-share fills of an order on screen: fill → its 미체결 row
    painted with the new remaining quantity."""
    from benchmarks.common import rss_mb

    host = Host(0.0)
    seeded = json.loads(host.command(f"seed_live {open_orders} 50"))
    ws_url = host.command("ws")
    app, window = _demo_window(data_dir, host, "--ws-url", ws_url)
    queries = _Queries(window)
    view = window.account.views["open_orders"]
    window.account.setCurrentWidget(view)  # the 미체결 table on screen: most events change it
    window.show()
    _wait(lambda: all(v.fetched_at is not None for v in window.account.views.values()), "the account at start")
    _wait(lambda: window.live.state == "connected", "the live connection")
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    for i in range(gui_orders):  # in the log: their fills reach its 체결 column
        form.set_values({"stk_cd": "005930", "ord_qty": str(50 + i), "ord_uv": "60000"})
        _wait(form.send_button.isEnabled, "the buy form")
        form.send_button.click()
        done = _wait_signal(window.controller.order_done)
        if not done.result.ord_no:
            raise RuntimeError(done.result.message)
    _settle(window, queries)
    shown = len(view.rows())
    if shown != len(seeded) + gui_orders:
        raise RuntimeError(f"{shown} open orders shown, {len(seeded) + gui_orders} resting")

    gc.collect()
    probe, ticks = _probe()
    probe.start()
    _idle(int(seconds * 1000))  # connected, no events: the baseline of this run
    probe.stop()
    idle_gaps = _gaps(ticks)

    gc.collect()
    rss_before = rss_mb()
    applied_before = window.live.events_applied
    expected = int(events_per_s * seconds)
    probe, ticks = _probe()
    probe.start()
    _idle(50)
    if host.command(f"burst {events_per_s} {seconds}") != "ok":
        raise RuntimeError("the host did not start the burst")
    started = time.perf_counter()
    _wait(lambda: window.live.events_applied - applied_before >= expected, "the events to be applied", seconds + 60)
    took = time.perf_counter() - started
    _idle(50)
    probe.stop()
    load_gaps = _gaps(ticks)
    burst = json.loads(host.command("burst_done"))
    _idle(500)  # an event beyond the count (a fill's 잔고) lands too
    applied = window.live.events_applied - applied_before
    gc.collect()
    rss_after = rss_mb()
    log_fills = sum(1 for row in window.log.model.rows() if row.fill)

    _settle(window, queries)
    host.command("market on")
    fill_ms, frame_ms = _fills(window, host, view, fills)
    _emit(
        {
            "idle_gaps_ms": idle_gaps,
            "load_gaps_ms": load_gaps,
            "sent": burst["events"],
            "kinds": burst["kinds"],
            "placed": burst["placed"],
            "fills": burst["fills"],
            "host_seconds": burst["seconds"],
            "window_seconds": took,
            "applied": applied,
            "open_rows": shown,
            "open_rows_after": len(view.rows()),
            "log_rows_with_fills": log_fills,
            "rss_before_mb": rss_before,
            "rss_after_mb": rss_after,
            "fill_ms": fill_ms,
            "frame_ms": frame_ms,
        }
    )
    window.close()
    host.close()


def _fills(window, host: Host, view, count: int) -> tuple[list[float], list[float]]:
    """One-share fills of the open order in the table's first row: from the moment the fill is asked of the
    host (this process's clock) to the first paint of the table after its row shows the new 미체결수량, and
    to the frame's arrival in this process (the live thread's hand-over to the GUI)."""
    rows = view.rows()
    if not rows:
        raise RuntimeError("no open order on screen")
    row = max(rows[:5], key=lambda r: r.value("oso_qty"))
    ord_no, left = row.ord_no, row.value("oso_qty")
    if not isinstance(left, int) or left <= count:
        raise RuntimeError(f"order {ord_no} has {left!r} open, not more than {count}")
    index = next(i for i, r in enumerate(view.rows()) if r.ord_no == ord_no)
    view.table.scrollTo(view.table.model().index(index, 0))
    marks: dict[str, float] = {}
    expected = [left]

    def remaining() -> object:
        found = [r for r in view.rows() if r.ord_no == ord_no]
        return found[0].value("oso_qty") if found else None

    bridge = window.live.bridge
    relay = bridge._relay
    handed_over = relay.push  # an observer around the live thread's hand-over; it still hands over

    def observed(events: list) -> None:
        if "frame" not in marks and any(getattr(e, "ord_no", None) == ord_no for e in events):
            marks["frame"] = time.perf_counter()
        handed_over(events)

    relay.push = observed

    def painted() -> None:
        marks["painted"] = time.perf_counter()

    def on_events(_events: list) -> None:  # connected after the window's own slot: the rows are updated
        if "model" not in marks and remaining() == expected[0]:
            marks["model"] = time.perf_counter()
            _first_paint(view.table.viewport(), painted)

    bridge.events_ready.connect(on_events)
    fill_ms: list[float] = []
    frame_ms: list[float] = []
    try:
        for _ in range(count):
            _idle(150)  # the previous fill's 잔고 event and repaint are over
            marks.clear()
            expected[0] -= 1
            started = time.perf_counter()
            if host.command(f"fill {ord_no} 1") != "ok":
                raise RuntimeError("the host did not fill")
            _wait(lambda: "painted" in marks, f"{ord_no} to show {expected[0]} open", 10)
            fill_ms.append((marks["painted"] - started) * 1000)
            frame_ms.append((marks["frame"] - started) * 1000)
    finally:
        bridge.events_ready.disconnect(on_events)
        relay.push = handed_over
    return fill_ms, frame_ms


# --- issue 12: the stock lookup -----------------------------------------------------------------------------
def _codes(count: int) -> list[str]:
    """Listed codes of the simulator's market (plain digits: the same keys also fit 주문수량)."""
    from kiwoom_gui.base.resources_io import load_json

    listed = [c for c in load_json("simulator_market.json")["instruments"] if c.isdigit()]
    if len(listed) < count:
        raise RuntimeError(f"the simulator lists {len(listed)} codes, not {count}")
    return listed[:count]


def _name(code: str) -> str:
    from kiwoom_gui.base.resources_io import load_json

    return load_json("simulator_market.json")["instruments"][code]["name"]


def _type(editor, text: str, key_ms: int) -> None:
    """Select all and erase, then ``text`` one key every ``key_ms``, as a fast trader types."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    _idle(key_ms)
    QTest.keyClick(editor, Qt.Key.Key_Backspace)
    if editor.text():
        raise RuntimeError(f"the field still holds {editor.text()!r}")
    for ch in text:
        _idle(key_ms)
        QTest.keyClick(editor, ch)


def _lookup_window(data_dir: str, latency_ms: float):
    host = Host(latency_ms)
    app, window = _demo_window(data_dir, host)
    queries = _Queries(window)
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    window.show()
    _wait(lambda: all(v.fetched_at is not None for v in window.account.views.values()), "the account at start")
    _settle(window, queries)
    return app, window, host, form


def _pending(window) -> bool:
    return bool(getattr(window.instrument_lookup, "_asked", ()))


def lookup_typing(data_dir: str, count: int, key_ms: int, hold_ms: int, latency_ms: float) -> None:
    """COUNT listed codes typed into the buy form's 종목코드, a key every KEY_MS, each held HOLD_MS (past the
    lookup's wait: the lookup starts, its answer comes while the next code is typed), against a host that
    answers after LATENCY_MS; the same keys at the same pace typed into 주문수량, where nothing is looked up,
    in turns of half the codes each: the event loop's longest stall in each."""
    app, window, host, form = _lookup_window(data_dir, latency_ms)
    codes = _codes(count + 1)
    warm, codes = codes[0], codes[1:]
    _type(form.editors["stk_cd"], warm, key_ms)  # token, connection, the first instrument line: not counted
    _wait(lambda: _name(warm) in form.instrument_line.text(), "the first lookup")
    _type(form.editors["stk_cd"], "", key_ms)
    _idle(300)
    host.command("api_ids")
    gaps: dict[str, list[float]] = {"lookup": [], "baseline": []}
    looked = 0
    halves = [codes[: len(codes) // 2], codes[len(codes) // 2 :]] if len(codes) > 1 else [codes]
    for half in halves:
        for label, key in (("baseline", "ord_qty"), ("lookup", "stk_cd")):
            editor = form.editors[key]
            probe, ticks = _probe()
            probe.start()
            for code in half:
                _type(editor, code, key_ms)
                _idle(hold_ms)
            probe.stop()
            gaps[label] += _gaps(ticks)
            _wait(lambda: not _pending(window), "the lookups to be answered", 30)
            _type(editor, "", key_ms)
            _idle(300)
        looked += len(half)
    asked = json.loads(host.command("api_ids"))  # the lookup's own: the 신용매수 form's kt20017 is the desk's
    stock_info = asked.get("ka10001", 0) + asked.get("ka10100", 0)
    _emit(
        {
            "lookup_gaps_ms": gaps["lookup"],
            "baseline_gaps_ms": gaps["baseline"],
            "codes": looked,
            "stock_requests": stock_info,
            "debounce_ms": window.instrument_lookup.debounce_ms,
        }
    )
    window.close()
    host.close()


def lookup_name(data_dir: str, count: int) -> None:
    """COUNT listed codes typed into the buy form's 종목코드 against the simulator at no added latency: from the
    last keystroke to the first paint of the instrument line holding the stock's name, and to the lookup's
    start (the deliberate wait: a coarse 250 ms timer, which Qt may fire up to 5 % early)."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtTest import QTest

    app, window, host, form = _lookup_window(data_dir, 0.0)
    editor, line = form.editors["stk_cd"], form.instrument_line
    codes = _codes(count + 1)
    marks: dict[str, float] = {}
    wanted = [""]

    class Painted(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint and wanted[0] and wanted[0] in line.text():
                marks.setdefault("painted", time.perf_counter())
            return False

    watcher = Painted(line)
    line.installEventFilter(watcher)
    ask = window.controller.lookup_instrument  # an observer around the public method; it still asks

    def asked(request) -> None:
        marks.setdefault("asked", time.perf_counter())
        ask(request)

    window.controller.lookup_instrument = asked
    shown_ms: list[float] = []
    wait_ms: list[float] = []
    for i, code in enumerate(codes):  # the first one gets the token and the connection: not counted
        _type(editor, code[:-1], 30)
        _idle(300)
        marks.clear()
        wanted[0] = _name(code)
        started = time.perf_counter()
        QTest.keyClick(editor, code[-1])
        _wait(lambda: "painted" in marks, f"the name of {code}", 10)
        if "asked" not in marks:
            raise RuntimeError(f"{code} was named without a lookup")
        if i:
            shown_ms.append((marks["painted"] - started) * 1000)
            wait_ms.append((marks["asked"] - started) * 1000)
        wanted[0] = ""
    line.removeEventFilter(watcher)
    window.controller.lookup_instrument = ask
    _emit({"shown_ms": shown_ms, "wait_ms": wait_ms, "debounce_ms": window.instrument_lookup.debounce_ms})
    window.close()
    host.close()


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "live":
        live(args[0], float(args[1]), float(args[2]), int(args[3]), int(args[4]), int(args[5]))
    elif mode == "lookup_typing":
        lookup_typing(args[0], int(args[1]), int(args[2]), int(args[3]), float(args[4]))
    elif mode == "lookup_name":
        lookup_name(args[0], int(args[1]))
    else:
        raise SystemExit(__doc__)
