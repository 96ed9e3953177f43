"""Qt's own menus and buttons speak Korean in the window, as the rest of it does."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from kiwoom_gui.app import create_main_window


def korean_translators() -> list[QTranslator]:
    return [t for t in QCoreApplication.instance().findChildren(QTranslator) if t.language().startswith("ko")]


def test_standard_context_menu_and_buttons_are_korean(qtbot, tmp_path):
    w = create_main_window(["--demo", "--data-dir", str(tmp_path)])
    qtbot.addWidget(w)
    try:
        edit = QLineEdit()
        qtbot.addWidget(edit)
        edit.setText("0000455")
        menu = edit.createStandardContextMenu()
        texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
        menu.deleteLater()
        assert "붙여넣기(&P)" in texts and "복사(&C)" in texts and "모두 선택" in texts, texts
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(buttons)
        assert sorted(b.text() for b in buttons.buttons()) == ["열기", "취소"]
    finally:
        w.close()


def test_loaded_once_per_application(qtbot, tmp_path):
    for name in ("a", "b"):
        w = create_main_window(["--demo", "--data-dir", str(tmp_path / name)])
        qtbot.addWidget(w)
        w.close()
    assert len(korean_translators()) == 1
