"""Small things a trader notices (issue 18 item 9): the credentials dialog closes with a 닫기 button, and the
CSV export opens Qt's own (Korean) save dialog in the documents folder with a dated file name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gui_helpers import fill, send, wait_answered
from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QPushButton

from kiwoom_gui.base.kst import KST

BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0"}


def test_the_credentials_dialog_has_a_close_button(qtbot, window):
    dialog = window.open_credentials()
    button = dialog.findChild(QPushButton, "closeCredentials")
    assert button is not None and button.text() == "닫기" and not button.autoDefault()
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    button.click()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)


def test_the_save_dialog_opens_in_documents_in_korean_and_writes_the_file(qtbot, window, tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))  # the user's documents folder, as Qt finds it
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    fill(window, "kt10006", BUY)
    send(qtbot, window, "kt10006")
    wait_answered(qtbot, window, 1)
    window.log.export_button.click()
    dialog = window.findChild(QFileDialog, "exportDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own, with its Korean catalog
    assert QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) == str(home / "Documents")
    assert Path(dialog.directory().absolutePath()) == home / "Documents"
    assert dialog.windowTitle() == "로그를 CSV로 내보내기"
    assert dialog.selectedFiles()[0].endswith(f"kiwoom-log-{dt.datetime.now(KST):%Y%m%d}.csv")
    target = tmp_path / "chosen.csv"
    dialog.selectFile(str(target))
    dialog.accept()
    # written on another thread: the file is whole once the log says so
    qtbot.waitUntil(lambda: str(target) in window.statusBar().currentMessage(), timeout=10_000)
    assert "005930" in target.read_text(encoding="utf-8-sig")
