"""Every time the user reads is Korea's (issue 18): the log's 시각, the detail pane and the CSV show KST
whatever this computer's zone — a computer in Los Angeles showed 22:05 beside 미체결's 15:05."""

from __future__ import annotations

import csv
import datetime as dt
import time

import pytest
from gui_helpers import fill, send, wait_answered

from kiwoom_gui.base.kst import KST

BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0"}


@pytest.fixture
def far_zone(monkeypatch):
    """This process in a zone 17 hours from Korea (the C library's zone: what datetime's local time reads)."""
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    assert dt.datetime.now().astimezone().utcoffset() != dt.timedelta(hours=9)
    yield
    monkeypatch.undo()
    time.tzset()


def _close(shown: str, expected: dt.datetime) -> bool:
    """``HH:MM:SS`` within a few seconds of ``expected`` (the row was written a moment before)."""
    seen = dt.datetime.combine(expected.date(), dt.time.fromisoformat(shown), KST)
    return abs((seen - expected).total_seconds()) < 30


def test_the_log_detail_and_csv_read_kst_in_another_zone(far_zone, qtbot, window, tmp_path):
    fill(window, "kt10006", BUY)
    send(qtbot, window, "kt10006")
    (row,) = wait_answered(qtbot, window, 1)
    now = dt.datetime.now(KST)

    shown = window.log.table.model().index(0, 0).data()
    assert _close(shown, now), (shown, now)  # HH:MM:SS of Korea's today, not Los Angeles' yesterday

    window.log.table.selectRow(0)
    detail = window.log.detail.toPlainText()
    assert detail.startswith(shown), detail[:40]

    path = tmp_path / "log.csv"
    assert window.log.export_csv(path) == 1
    with open(path, newline="", encoding="utf-8-sig") as fh:
        (exported,) = list(csv.DictReader(fh))
    assert exported["시각"] == f"{now.date().isoformat()} {shown}"
    assert exported["시각 (ISO 8601)"].endswith("+09:00"), exported["시각 (ISO 8601)"]
    assert exported["시각 (ISO 8601)"][11:19] == shown


def test_the_log_names_the_host_of_each_row_earlier_sessions_too(qtbot, tmp_path, window_with, simulator, demo_keys):
    """Issue 18: rows from an earlier session at another host say which host (their numbers are good there only)."""
    first = window_with("--env", "mock", "--base-url", simulator.base_url, data_dir=tmp_path)
    fill(first, "kt10006", BUY)
    send(qtbot, first, "kt10006")
    wait_answered(qtbot, first, 1)
    first.close()
    again = window_with("--demo", data_dir=tmp_path)  # the next session: the built-in simulator, another host
    qtbot.waitUntil(lambda: len(again.log.model.rows()) == 1, timeout=10000)
    from kiwoom_gui.records.log_rows import COLUMN_KEYS

    shown = again.log.table.model().index(0, COLUMN_KEYS.index("host")).data()
    assert shown == simulator.base_url.split("://", 1)[1], shown
