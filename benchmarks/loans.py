"""9. Loan lots (issue 19): LOTS loan lots (ka10085, with kt00005's 평가손익) load into the 신용잔고 tab, shown:
the event loop's longest stall, first into an empty tab and then a refresh over it.

Parent: :func:`loan_lots` (a suite of ``python -m benchmarks``). Child: ``python -m benchmarks.loans DATA_DIR LOTS``
— the window against ``benchmarks.lots_host`` in its own process (a host's threads never share the window's GIL).
"""

from __future__ import annotations

import sys
import tempfile
import time

from .common import Figure, run_child

LOTS = 500


def loan_lots(quick: bool) -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        result = run_child("loans", tmp, str(LOTS))
    first, again = result["first"], result["again"]
    longest = max(max(first["gaps_ms"]), max(again["gaps_ms"]))
    shown = f"{first['lots']:,} / {again['lots']:,} lots shown"
    return [
        Figure(
            f"9. loan lots: {LOTS} lots (ka10085 + kt00005) load into 신용잔고: longest event-loop gap, into an empty "
            f"tab / over it ({shown})",
            f"{max(first['gaps_ms']):.1f} ms / {max(again['gaps_ms']):.1f} ms",
            "< 16 ms",
            longest < 16 and first["lots"] == again["lots"] == LOTS,
        ),
        Figure(
            "9. loan lots: longest event-loop gap of the same window idle for 1 s (the machine's own noise)",
            f"{max(result['idle_gaps_ms']):.1f} ms",
            "",
            None,
        ),
        Figure(
            "9. loan lots: the GUI thread's longest step of showing them (a tab taking the refresh, a slice)",
            f"{first['gui_step_ms']:.1f} ms / {again['gui_step_ms']:.1f} ms",
            "< 16 ms",
            max(first["gui_step_ms"], again["gui_step_ms"]) < 16,
        ),
    ]


def child(data_dir: str, lots: int) -> None:
    import subprocess

    import keyring
    import keyring.backends.fail

    from benchmarks.common import child_command
    from benchmarks.kit import _emit, _gaps, _gui_steps, _idle, _probe, _Queries, _window

    command, env = child_command("lots_host", str(lots))
    host = subprocess.Popen(command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        url = host.stdout.readline().strip() if host.stdout else ""
        steps = _gui_steps()
        keyring.set_keyring(keyring.backends.fail.Keyring())  # never the user's keyring
        app, window = _window(data_dir, "--demo", "--base-url", url, orders_per_second=0)
        queries = _Queries(window)
        view = window.account.views["loan_lots"]
        window.account.setCurrentWidget(view)  # painted while it fills
        window.show()
        deadline = time.perf_counter() + 30
        while view.fetched_at is None or not queries.quiet():  # the start's load
            if time.perf_counter() > deadline:
                raise RuntimeError(f"the 신용잔고 tab was never loaded at start: {view.status.text()}")
            _idle(20)
        window.account.clear()  # the first measured load goes into an empty tab
        _idle(300)
        probe, ticks = _probe()  # the same window doing nothing: what the machine itself adds
        probe.start()
        _idle(1000)
        probe.stop()
        result: dict[str, object] = {"idle_gaps_ms": _gaps(ticks)}
        for label in ("first", "again"):
            probe, ticks = _probe()
            probe.start()
            _idle(50)
            steps.clear()
            window.refresh_account()
            queries.wait_quiet()
            _idle(50)
            probe.stop()
            result[label] = {"gaps_ms": _gaps(ticks), "gui_step_ms": max(steps, default=0.0), "lots": len(view.rows())}
            _idle(300)
        _emit(result)
        window.close()
        del app
    finally:
        if host.stdin:
            host.stdin.close()
        host.wait(10)


if __name__ == "__main__":
    child(sys.argv[1], int(sys.argv[2]))
