"""The command ``python -m kiwoom_gui.simulator`` prints opens a window that trades on that simulator.

The simulator runs in its own process, as a user runs it; the window is built from the printed
command, word for word, and an order goes through the real form.
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from gui_helpers import fill, send, wait_answered

from kiwoom_gui.app import create_main_window
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}


@pytest.fixture
def simulator_process():
    """(url, printed command) of a simulator started the way the README says."""
    command = [sys.executable, "-m", "kiwoom_gui.simulator", "--port", "0"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as proc:
        try:
            lines = []
            while not any(" --demo " in line for line in lines):
                line = proc.stdout.readline()
                assert line, f"the simulator printed no window command: {lines}"
                lines.append(line.strip())
            url = lines[0].split(": ", 1)[1]
            yield url, lines[-1]
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def test_printed_command_trades_on_that_simulator(qtbot, tmp_path, simulator_process, memory_keyring):
    url, printed = simulator_process
    words = shlex.split(printed)
    assert Path(words[0]).name.startswith("kiwoom-gui") and url in words  # .venv/bin/kiwoom-gui, as typed
    w = create_main_window([*words[1:], "--data-dir", str(tmp_path)])
    qtbot.addWidget(w)
    w.confirm = lambda *a: pytest.fail("no confirmation expected on the simulator")
    w.show()
    try:
        assert w.env == "simulator"
        qtbot.waitUntil(lambda: url in w.banner.text())  # the banner names the host it talks to
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        (row,) = wait_answered(qtbot, w, 1)
        assert row.outcome is Outcome.ACCEPTED, row.message
        assert row.outcome.label == "접수"
        assert w.simulator is None  # no simulator was started inside the window's process
    finally:
        w.close()

    # the order is in the other process's book: its next order number follows the window's
    with requests.Session() as s:
        s.trust_env = False
        keys = {"grant_type": "client_credentials", "appkey": DEMO_APPKEY, "secretkey": DEMO_SECRETKEY}
        token = s.post(url + "/oauth2/token", json=keys, timeout=5).json()["token"]
        headers = {"authorization": f"Bearer {token}", "api-id": "kt10009"}
        cancel = {"dmst_stex_tp": "KRX", "orig_ord_no": row.ord_no, "stk_cd": "005930", "cncl_qty": "0"}
        answer = s.post(url + "/api/dostk/crdordr", headers=headers, data=json.dumps(cancel), timeout=5).json()
    assert answer["return_code"] == 0 and answer["cncl_qty"] == "000000000010", answer
    assert int(answer["ord_no"]) == int(row.ord_no) + 1
    # demo credentials stayed in memory: the keyring was never written
    assert memory_keyring.passwords == {}
