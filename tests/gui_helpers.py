"""Helpers for driving the main window in tests."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiwoom_gui.ui.log.log_model import LogRow


def fill(window, api_id: str, values: dict[str, str]) -> None:
    window.tabs.setCurrentWidget(window.forms[api_id])
    window.forms[api_id].set_values(values)


def send(qtbot, window, api_id: str) -> None:
    form = window.forms[api_id]
    assert form.send_button.isEnabled(), {k: v.text() for k, v in form.error_labels.items() if v.text()}
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)


def rows(window) -> list[LogRow]:
    return window.log.model.rows()


def wait_answered(qtbot, window, count: int, timeout: int = 10000) -> list[LogRow]:
    def done() -> None:
        answered = [r for r in rows(window) if r.outcome is not None]
        assert len(answered) >= count

    qtbot.waitUntil(done, timeout=timeout)
    return rows(window)


def log_texts(window) -> list[str]:
    model = window.log.table.model()
    return [
        " | ".join(str(model.index(r, c).data()) for c in range(model.columnCount())) for r in range(model.rowCount())
    ]
