"""No input path can cut a field: every path keeps the whole text, says what is wrong and keeps Send off.

Issue #10 item 1. Each test drives the real QLineEdit of the real 신용취소 form (``window`` fixture:
mock environment, simulator on loopback). The X11 middle-click paste needs a real PRIMARY selection,
which offscreen lacks: that test runs this file as a child under ``xvfb-run`` (see ``_child``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAccessible, QClipboard, QContextMenuEvent, QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMenu
from x11_needs import x11_missing

CANCEL = "kt10009"
KEY = "orig_ord_no"
TOO_LONG = "최대 7자입니다"
# everything but the original order number is valid, so only the length can hold Send back
OTHERS = {"stk_cd": "005930", "cncl_qty": "1"}


def cancel_form(window):
    form = window.forms[CANCEL]
    window.tabs.setCurrentWidget(form)
    form.set_values(OTHERS)
    edit = form.editors[KEY]
    edit.setFocus()
    return form, edit


def assert_whole_and_refused(qtbot, form, simulator, expected: str) -> None:
    assert form.editors[KEY].text() == expected  # never cut
    assert TOO_LONG in form.error_labels[KEY].text()
    assert f"지금 {len(expected)}자" in form.error_labels[KEY].text()
    assert form.body is None and not form.send_button.isEnabled()
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    assert not form.busy and simulator.order_requests() == []


def test_typing_an_eighth_digit_keeps_it_and_says_too_long(qtbot, window, simulator):
    form, edit = cancel_form(window)
    qtbot.keyClicks(edit, "0000455")
    assert form.send_button.isEnabled()  # seven digits: a valid order number
    qtbot.keyClicks(edit, "1")
    assert_whole_and_refused(qtbot, form, simulator, "00004551")
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)  # the user fixes it: the error goes, Send comes back
    assert form.error_labels[KEY].text() == "" and form.send_button.isEnabled()


def test_qlineedit_paste_slot_keeps_the_whole_clipboard(qtbot, window, simulator):
    form, edit = cancel_form(window)
    QGuiApplication.clipboard().setText("00004551")
    edit.paste()
    assert_whole_and_refused(qtbot, form, simulator, "00004551")


@pytest.mark.parametrize(
    "keys",
    [
        (Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier),
    ],
    ids=["ctrl+v", "shift+insert"],
)
def test_keyboard_paste_is_trimmed_but_never_cut(qtbot, window, simulator, keys):
    form, edit = cancel_form(window)
    QGuiApplication.clipboard().setText(" 00004551\n")  # a copied cell: blanks and a newline around it
    qtbot.keyClick(edit, *keys)
    assert_whole_and_refused(qtbot, form, simulator, "00004551")


def test_context_menu_paste_keeps_the_whole_clipboard(qtbot, window, simulator):
    form, edit = cancel_form(window)
    QGuiApplication.clipboard().setText("00004551")
    triggered: list[str] = []

    def choose_paste() -> None:
        (menu,) = [m for m in QApplication.topLevelWidgets() if isinstance(m, QMenu) and m.isVisible()]
        (paste,) = [a for a in menu.actions() if a.objectName() == "edit-paste"]
        triggered.append(paste.text())
        paste.trigger()
        menu.close()

    QTimer.singleShot(0, choose_paste)  # runs inside the menu's own event loop
    centre = edit.rect().center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, centre, edit.mapToGlobal(centre), Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(edit, event)
    assert triggered
    assert_whole_and_refused(qtbot, form, simulator, "00004551")


def test_input_method_commit_of_many_characters_is_kept_whole(qtbot, window, simulator):
    form, edit = cancel_form(window)
    event = QInputMethodEvent()
    event.setCommitString("00004551")
    QApplication.sendEvent(edit, event)
    assert_whole_and_refused(qtbot, form, simulator, "00004551")


def test_accessibility_set_text_is_kept_whole(qtbot, window, simulator):
    form, edit = cancel_form(window)
    QAccessible.queryAccessibleInterface(edit).setText(QAccessible.Text.Value, "00004551")
    assert_whole_and_refused(qtbot, form, simulator, "00004551")


def test_accessibility_insert_and_replace_text_are_kept_whole(qtbot, window, simulator):
    form, edit = cancel_form(window)
    editable = QAccessible.queryAccessibleInterface(edit).editableTextInterface()
    assert editable is not None
    editable.insertText(0, "455")
    editable.insertText(3, "0000456")
    assert_whole_and_refused(qtbot, form, simulator, "4550000456")
    editable.replaceText(0, 10, "00004551")
    assert_whole_and_refused(qtbot, form, simulator, "00004551")


def test_an_overlong_price_is_kept_whole_too(qtbot, window, simulator):
    buy = window.forms["kt10006"]
    window.tabs.setCurrentWidget(buy)
    buy.set_values({"stk_cd": "005930", "ord_qty": "1"})
    edit = buy.editors["ord_uv"]
    QGuiApplication.clipboard().setText("1,234,567,890,123")
    edit.paste()
    assert edit.text() == "1,234,567,890,123"
    assert "최대 12자입니다" in buy.error_labels["ord_uv"].text()
    assert buy.body is None and not buy.send_button.isEnabled()


# --- X11 middle-click paste of the PRIMARY selection, in a child under Xvfb ------------------------


def _child(how: str) -> None:
    """Runs under xvfb-run with QT_QPA_PLATFORM=xcb; prints what the field and the host saw as JSON."""
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    import keyring
    from keyrings import MemoryKeyring
    from PySide6.QtTest import QTest

    keyring.set_keyring(MemoryKeyring())  # never the user's keyring
    from kiwoom_gui.app import create_main_window

    app = QApplication.instance() or QApplication([])
    assert app.platformName() == "xcb" and QGuiApplication.clipboard().supportsSelection()
    w = create_main_window(["--demo", "--data-dir", tempfile.mkdtemp()])
    w.move(0, 0)
    w.show()
    QTest.qWaitForWindowExposed(w)
    for _ in range(200):  # the demo's simulator starts after the first paint; the window's new target then
        if w.simulator is not None:  # clears the order numbers on the forms, a paste made before it too
            break
        QTest.qWait(50)
    form, edit = cancel_form(w)
    results = []
    for typed, selected in (("", "00004551"), ("455", "0000456")):
        edit.clear()
        QTest.keyClicks(edit, typed)
        QGuiApplication.clipboard().setText(selected, QClipboard.Mode.Selection)
        before = edit.text()
        if how == "xdotool":  # a real X button-2 event through the X server
            centre = edit.mapToGlobal(edit.rect().center())
            move = ["xdotool", "mousemove", "--sync", str(centre.x()), str(centre.y())]
            subprocess.run([*move, "click", "2"], check=True)
            for _ in range(200):  # the X event arrives through the event loop; give up after ~10 s
                if edit.text() != before:
                    break
                QTest.qWait(50)
        else:
            QTest.mouseClick(edit, Qt.MouseButton.MiddleButton)
        QTest.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
        QTest.qWait(200)  # a send, had it happened, would reach the in-process simulator in this time
        results.append(
            {
                "text": edit.text(),
                "error": form.error_labels[KEY].text(),
                "send_enabled": form.send_button.isEnabled(),
                "body": form.body,
                "sent": len(w.simulator.order_requests()) if w.simulator else -1,
            }
        )
    w.close()
    print("RESULT " + json.dumps(results, ensure_ascii=False))


@pytest.mark.parametrize("how", ["qtest", "xdotool"])
def test_x11_middle_click_paste_is_never_cut(how, tmp_path):
    # the X11 PRIMARY selection cannot be tested offscreen; xdotool sends a real X button-2 event
    missing = x11_missing("xvfb-run", *(("xdotool",) if how == "xdotool" else ()))
    if missing:
        pytest.skip(missing)
    xvfb_run = shutil.which("xvfb-run")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1600x1200x24", sys.executable, __file__, how],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stdout + done.stderr
    empty, after_typing = json.loads(lines[-1].removeprefix("RESULT "))
    for result, expected in ((empty, "00004551"), (after_typing, "4550000456")):
        assert result["text"] == expected, result
        assert TOO_LONG in result["error"], result
        assert not result["send_enabled"] and result["body"] is None, result
        assert result["sent"] == 0, result


if __name__ == "__main__":
    _child(sys.argv[1])
