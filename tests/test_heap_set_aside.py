"""The start-up heap is set aside from the garbage collector once the window is up: a full collection then walks
only what came after (the stall a big list or a burst of events showed: 18–35 ms each, now 4–6 ms; see
``python -m benchmarks account``). What is made later is still collected."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import weakref

import pytest

from kiwoom_gui.base.heap import set_aside_startup_heap


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # this test's process goes on running other tests


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_what_is_made_after_the_heap_was_set_aside_is_still_collected(unfrozen):
    kept = _Node()
    assert set_aside_startup_heap() > 0
    assert gc.get_freeze_count() > 0 and kept.me is kept
    later = weakref.ref(_Node())
    gc.collect()
    assert later() is None  # a cycle made afterwards is freed as before


def test_the_app_sets_the_heap_aside_after_its_window_is_up(tmp_path):
    script = (
        "import gc, sys\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication(sys.argv[:1])\n"
        "from kiwoom_gui.app import HEAP_SET_ASIDE_MS, main\n"
        "counts = []\n"
        "def close():\n"
        "    counts.append(gc.get_freeze_count())\n"
        "    for w in app.topLevelWidgets():\n"
        "        w.close()\n"
        "QTimer.singleShot(HEAP_SET_ASIDE_MS + 1500, close)\n"
        "before = gc.get_freeze_count()\n"
        f"rc = main(['--demo', '--data-dir', {str(tmp_path)!r}])\n"
        "print(before, counts[0], rc)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    before, during, rc = map(int, proc.stdout.split()[-3:])
    assert before == 0 and rc == 0
    assert during > 20_000, f"only {during:,} objects set aside: the window's are not among them"


def test_building_the_window_runs_no_collection(qtbot, tmp_path):
    """Start-up makes ~100,000 objects that all live as long as the window: a collection while they are made
    frees nothing and costs the first paint (70 collections, ~18 ms of a 300 ms start). The one collection
    comes when the heap is set aside, after the window is up."""
    from kiwoom_gui.app import create_main_window

    collections: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.collect()  # what earlier tests left is not this window's
    gc.callbacks.append(count)
    try:
        window = create_main_window(["--demo", "--data-dir", str(tmp_path)])
    finally:
        gc.callbacks.remove(count)
    qtbot.addWidget(window)
    assert gc.isenabled(), "the collector must run again once the window is built"
    # one young collection may fall at the edges (before the pause begins or after it ends, while the callback
    # is still counting); before, 39 collections ran (generations 0, 1 and 2)
    assert collections in ([], [0]), f"{len(collections)} collections ran while the window was built"
    window.close()
