"""The first paint does not pay for PySide's one-time lookup of every QWidget subclass.

The first time Python reads a plain widget that Qt made (a table's viewport), PySide makes the Python type of
every QWidget subclass with its enums: about 10 ms, once per process. Building the window read the account tables'
viewports while they had no rows; now they are read after the first paint, in the deferred start, and never in
the turn that shows the first account rows. QWizard stands for those types: nothing of ours uses it.
A fresh process, since any earlier test in this one has made the types already."""

from __future__ import annotations

import json
import os
import subprocess
import sys

CHILD = r"""
import json, sys
import PySide6.QtWidgets as widgets
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from kiwoom_gui.app import create_main_window

app = QApplication(sys.argv[:1])
window = create_main_window(["--demo", "--data-dir", sys.argv[1]])
seen = {"built": "QWizard" in vars(widgets)}

def made() -> bool:
    return "QWizard" in vars(widgets)  # vars(): looking does not make the type

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "painted" not in seen:
            seen["painted"] = made()
        return False

def after_start():
    if not window.started:
        QTimer.singleShot(10, after_start)
        return
    seen["started"] = made()
    print(json.dumps(seen), flush=True)
    window.close()
    app.quit()

watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
QTimer.singleShot(0, after_start)
QTimer.singleShot(20000, app.quit)
app.exec()
"""


def test_widget_types_are_made_after_the_first_paint(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"built": False, "painted": False, "started": True}, seen
