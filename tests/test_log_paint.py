"""Painting the log runs no Python (cells live in a C++ model), filters included; scrolling to the newest row
is coalesced to once per event-loop turn. Before, one repaint made ~2,000 Python calls under the GIL."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QApplication

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.records.journal_entry import JournalEntry, now_iso
from kiwoom_gui.records.log_rows import COLUMN_KEYS
from kiwoom_gui.ui.log.log_model import LogRow, row_from_journal
from kiwoom_gui.ui.log.log_panel import LogPanel

BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "2580", "trde_tp": "0", "cond_uv": ""}


def answered(i: int, api_id: str = "kt10006", outcome: Outcome = Outcome.ACCEPTED) -> LogRow:
    entry = JournalEntry(i, now_iso(), "simulator", api_id, BUY, outcome=outcome, http_status=200, return_code=0)
    return row_from_journal(replace(entry, return_msg="완료", ord_no=f"{i:07d}", elapsed_ms=1.0, message="접수"))


def python_calls(action) -> int:
    calls = 0

    def profile(frame, event, arg):
        nonlocal calls
        if event == "call":
            calls += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return calls


@pytest.fixture
def panel(qtbot):
    panel = LogPanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    qtbot.waitExposed(panel)
    panel.model.extend([answered(i, ("kt10006", "kt10007")[i % 2]) for i in range(1, 200)])
    panel.model.append(LogRow(None, now_iso(), "simulator", "kt10006", BUY, request_id=1))
    QApplication.processEvents()
    return panel


@pytest.mark.parametrize(("api_id", "outcome"), [("", ""), ("kt10007", ""), ("", "accepted"), ("", "pending")])
def test_a_repaint_of_the_log_runs_no_python(panel, api_id, outcome):
    panel.api_filter.setCurrentIndex(panel.api_filter.findData(api_id))
    panel.outcome_filter.setCurrentIndex(panel.outcome_filter.findData(outcome))
    assert panel.table.model().rowCount() > 0
    assert python_calls(panel.table.viewport().repaint) == 0
    assert python_calls(panel.table.horizontalHeader().viewport().repaint) == 0


def test_filters_follow_an_answer(panel, qtbot, simulator):
    panel.outcome_filter.setCurrentIndex(panel.outcome_filter.findData("pending"))
    assert panel.table.model().rowCount() == 1
    from kiwoom_gui.host.client import OrderResult

    result = OrderResult("kt10006", "simulator", simulator.base_url, {}, BUY, Outcome.ACCEPTED, "접수", 200,
                         ord_no="0000999", return_code=0)  # fmt: skip
    panel.model.update_request(1, result, 500)
    assert panel.table.model().rowCount() == 0
    panel.outcome_filter.setCurrentIndex(panel.outcome_filter.findData("accepted"))
    panel.api_filter.setCurrentIndex(panel.api_filter.findData("kt10006"))
    column = COLUMN_KEYS.index("ord_no")
    shown = [panel.table.model().index(r, column).data() for r in range(panel.table.model().rowCount())]
    assert shown[-1] == "0000999" and len(shown) == 100  # kt10006: the 99 even rows and the answered one
    assert all(r.api_id == "kt10006" and r.outcome is Outcome.ACCEPTED for r in panel.shown_rows())


def test_a_new_row_appears_under_the_filter_it_matches(panel):
    panel.api_filter.setCurrentIndex(panel.api_filter.findData("kt10007"))
    before = panel.table.model().rowCount()
    panel.model.append(answered(900, "kt10007"))
    panel.model.append(answered(901, "kt10006"))
    assert panel.table.model().rowCount() == before + 1
    assert panel.shown_rows()[-1].id == 900


def test_scrolling_to_the_newest_row_is_coalesced(panel, qtbot):
    scrolls = []
    panel.table.verticalScrollBar().setValue(0)
    panel.table.verticalScrollBar().valueChanged.connect(scrolls.append)
    for i in range(300, 320):
        panel.model.append(answered(i))
        panel.scroll_to_bottom_soon()
    assert scrolls == []  # nothing yet: the click or answer that asked is not kept waiting
    bar = panel.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() > 0)
    assert len(scrolls) == 1
