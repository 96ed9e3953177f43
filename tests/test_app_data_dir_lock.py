"""One window per data directory: a second one is refused (its journal recovery would mark the first
one's live order as interrupted); closing, crashing or being killed frees the folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from gui_helpers import fill, rows, send, wait_answered
from PySide6.QtCore import QObject

from kiwoom_gui.app import create_main_window
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.ui.data_dir_lock import LOCK_NAME, DataDirInUse

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}
IN_USE = "이 데이터 폴더는 이미 다른 kiwoom-gui 창이 쓰고 있습니다"

HOLDER = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication
    from kiwoom_gui.app import create_main_window
    app = QApplication([])
    w = create_main_window(["--demo", "--data-dir", sys.argv[1]])
    print("ready", flush=True)
    app.exec()
    """
)


@pytest.fixture
def holder(tmp_path):
    """Another kiwoom-gui process holding ``tmp_path``."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as proc:
        try:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()[-2000:]
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=10)


def test_second_window_on_the_same_folder_is_refused(qtbot, make_window, simulator, tmp_path):
    simulator.set_latency(1.0)
    first = make_window()
    fill(first, "kt10006", BUY)
    send(qtbot, first, "kt10006")  # an order in flight: exactly what a second instance would break
    with pytest.raises(DataDirInUse) as refused:
        create_main_window(["--env", "mock", "--base-url", simulator.base_url, "--data-dir", str(tmp_path)])
    assert IN_USE in str(refused.value) and str(tmp_path) in str(refused.value)
    assert refused.value.pid == os.getpid()
    (row,) = wait_answered(qtbot, first, 1)
    assert row.outcome is Outcome.ACCEPTED  # the first window's order was left alone


def test_closing_frees_the_folder_at_once(qtbot, make_window, tmp_path):
    first = make_window()
    first.close()
    second = make_window()  # same folder, right after the close
    assert second.isVisible()
    with pytest.raises(DataDirInUse):
        create_main_window(["--data-dir", str(tmp_path)])


def test_a_worker_still_answering_after_close_keeps_the_folder(qtbot, make_window, simulator, tmp_path):
    """Its outcome is still to be journalled: a new window must not recover that order meanwhile."""
    simulator.set_latency(1.0)
    first = make_window()
    fill(first, "kt10006", BUY)
    send(qtbot, first, "kt10006")
    qtbot.waitUntil(lambda: len(simulator.order_requests()) == 1)
    first.controller.close_wait_ms = 10  # the close stops waiting long before the answer
    first.close()
    assert first.controller.is_running()
    with pytest.raises(DataDirInUse):
        create_main_window(["--env", "mock", "--base-url", simulator.base_url, "--data-dir", str(tmp_path)])
    qtbot.waitUntil(lambda: not first.controller.is_running(), timeout=10000)
    qtbot.waitUntil(lambda: first.findChild(QObject, "dataDirLock").lock is None)
    second = make_window()
    qtbot.waitUntil(lambda: len(rows(second)) == 1)
    assert rows(second)[0].outcome is Outcome.ACCEPTED  # journalled by the first, not marked interrupted


def test_another_folder_is_free(qtbot, make_window, tmp_path):
    make_window(data_dir=tmp_path / "a")
    make_window(data_dir=tmp_path / "b")


def test_a_window_deleted_without_closing_frees_the_folder(qtbot, tmp_path):
    from PySide6.QtCore import QCoreApplication, QEvent

    w = create_main_window(["--demo", "--data-dir", str(tmp_path)])
    qtbot.waitUntil(lambda: w.controller._started)
    w.controller.shutdown()  # what a close would do, minus the close event
    w.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    again = create_main_window(["--demo", "--data-dir", str(tmp_path)])
    qtbot.addWidget(again)
    again.close()


def test_another_process_holding_the_folder(qtbot, tmp_path, holder):
    with pytest.raises(DataDirInUse) as refused:
        create_main_window(["--demo", "--data-dir", str(tmp_path)])
    assert refused.value.pid == holder.pid
    # a lock older than Qt's default stale time (30 s) still counts while its holder lives
    old = time.time() - 3600
    os.utime(tmp_path / LOCK_NAME, (old, old))
    with pytest.raises(DataDirInUse):
        create_main_window(["--demo", "--data-dir", str(tmp_path)])


def test_the_command_says_so_and_exits_1(tmp_path, holder):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-m", "kiwoom_gui", "--demo", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=30,  # a second window that opened anyway would run until this expires
        env=env,
    )
    assert proc.returncode == 1
    assert IN_USE in proc.stderr and f"프로세스 {holder.pid}" in proc.stderr


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_a_killed_holder_does_not_block_forever(qtbot, tmp_path, holder):
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=10)
    assert Path(tmp_path / LOCK_NAME).exists()  # left behind by the killed process
    w = create_main_window(["--demo", "--data-dir", str(tmp_path)])
    qtbot.addWidget(w)
    try:
        qtbot.waitUntil(lambda: w.controller._started)
        assert rows(w) == []
    finally:
        w.close()
