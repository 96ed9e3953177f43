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


def settle_unknown(qtbot, window, expected_ord_no: str, timeout: int = 20000) -> LogRow:
    """Wait until the first log row's 확인 필요 order is settled: credited on proof (the host placed it late
    enough for its whole-second 주문시간 to show it came after the click), or — a fast host, the usual case —
    offered as exactly one candidate, which the user confirms ("이 주문이 맞습니다"). Returns the row credited."""
    from kiwoom_gui.host.answers import Outcome

    def settled() -> None:
        row = rows(window)[0]
        assert row.outcome is Outcome.CONFIRMED or (row.outcome is Outcome.UNKNOWN and row.candidates)

    qtbot.waitUntil(settled, timeout=timeout)
    row = rows(window)[0]
    if row.outcome is Outcome.UNKNOWN:
        assert [c.ord_no for c in row.candidates] == [expected_ord_no], row.candidates  # ours, and nothing else
        window.log.table.selectRow(0)
        choice = window.log.candidates
        qtbot.waitUntil(choice.button.isEnabled, timeout=2000)
        choice.confirm = lambda *_: True  # the user reads the fields and says yes
        choice.button.click()
        qtbot.waitUntil(lambda: rows(window)[0].outcome is Outcome.CONFIRMED, timeout=timeout)
    row = rows(window)[0]
    assert row.ord_no == expected_ord_no
    return row
