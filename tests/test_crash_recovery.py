"""Kill the program (SIGKILL) while an order is in flight; on restart that order shows as 확인 필요."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from gui_helpers import log_texts, rows, settle_unknown

from kiwoom_gui.app import create_main_window
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.records.journal import INTERRUPTED

CHILD = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {tests!r})
    import keyring
    from keyrings import MemoryKeyring
    from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY
    keyring.set_keyring(MemoryKeyring())
    keyring.set_password("kiwoom-gui", "mock:appkey", DEMO_APPKEY)
    keyring.set_password("kiwoom-gui", "mock:secretkey", DEMO_SECRETKEY)
    from PySide6.QtWidgets import QApplication
    from kiwoom_gui.app import create_main_window
    app = QApplication([])
    w = create_main_window(["--env", "mock", "--base-url", {url!r}, "--data-dir", {data!r}])
    w.show()
    w.forms["kt10006"].set_values({{"stk_cd": "005930", "ord_qty": "7", "ord_uv": "60000"}})
    w.forms["kt10006"].request_send()
    app.exec()
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_mid_flight_then_restart_shows_unknown(qtbot, tmp_path, simulator, demo_keys):
    simulator.state.stall_s = 60.0
    simulator.inject("stall")  # the host takes the order and never answers
    script = CHILD.format(tests=str(Path(__file__).parent), url=simulator.base_url, data=str(tmp_path))
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) as child:
        deadline = time.monotonic() + 30
        while not simulator.order_requests() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
        assert simulator.order_requests(), child.stderr.read().decode(errors="replace")[-2000:]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL

    w = create_main_window(["--env", "mock", "--base-url", simulator.base_url, "--data-dir", str(tmp_path)])
    qtbot.addWidget(w)
    try:
        qtbot.waitUntil(lambda: len(rows(w)) == 1)
        (row,) = rows(w)
        assert row.outcome in (Outcome.UNKNOWN, Outcome.CONFIRMED)  # already being looked for
        # the row says it was cut off — unless the search, which starts at once, already named its candidate
        assert row.message == INTERRUPTED or row.candidates or row.outcome is Outcome.CONFIRMED
        assert row.request_body["ord_qty"] == "7"
        # the same trading day's unknown order is looked for in today's orders (kt00007) and found
        (placed,) = simulator.book.orders()
        settle_unknown(qtbot, w, placed.ord_no, timeout=15000)  # on proof, or as the one candidate confirmed
        assert placed.ord_no in log_texts(w)[0] and "접수 확인" in log_texts(w)[0]
        assert len(simulator.order_requests()) == 1  # nothing was resent on restart
    finally:
        w.close()
