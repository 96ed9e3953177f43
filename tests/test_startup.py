"""Start-up: the first paint loads no HTTP, keyring, SQLite or server code; the rest follows at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from kiwoom_gui.app import create_main_window

LATE = (
    "requests",
    "urllib3",
    "keyring",
    "sqlite3",
    "http.server",
    "ssl",
    "kiwoom_gui.host.client",
    "kiwoom_gui.records.journal",
)

CHILD = textwrap.dedent(
    """
    import json, sys
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication
    from kiwoom_gui.app import create_main_window

    app = QApplication([])
    w = create_main_window(["--demo", "--data-dir", sys.argv[1]])
    seen = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and "at_paint" not in seen:
                seen["at_paint"] = [m for m in LATE if m in sys.modules]
            return False

    watcher = FirstPaint()
    w.installEventFilter(watcher)
    w.show()

    def later():
        seen["later"] = [m for m in LATE if m in sys.modules]
        seen["banner"] = w.banner.text()
        seen["history_started"] = w.controller._started
        print(json.dumps(seen))
        w.close()
        app.quit()

    QTimer.singleShot(1500, later)
    app.exec()
    """
)


def test_first_paint_needs_no_http_keyring_or_sqlite(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    script = f"LATE = {LATE!r}\n" + CHILD
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["at_paint"] == []
    # and right after it: journal opened on the worker thread, simulator serving
    assert "sqlite3" in seen["later"] and "http.server" in seen["later"]
    assert seen["history_started"] and "http://127.0.0.1:" in seen["banner"]


def test_a_window_never_shown_still_opens_its_journal_and_simulator(qtbot, tmp_path):
    w = create_main_window(["--demo", "--data-dir", str(tmp_path)])
    qtbot.addWidget(w)
    try:
        qtbot.waitUntil(lambda: "http://127.0.0.1:" in w.banner.text())
        qtbot.waitUntil((tmp_path / "journal.sqlite3").exists)
    finally:
        w.close()
