"""The log model: what a row shows, and yesterday's rows gaining their date after midnight."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.records.journal import JournalEntry
from kiwoom_gui.ui.log.log_model import LogModel, row_from_journal

BODY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "2580", "trde_tp": "0", "cond_uv": ""}


def entry(created_at: str) -> JournalEntry:
    return JournalEntry(
        1, created_at, "simulator", "kt10006", BODY, outcome=Outcome.ACCEPTED, http_status=200, ord_no="0000001"
    )


def shown_time(model: LogModel) -> str:
    return model.index(0, 0).data(Qt.ItemDataRole.DisplayRole)


def test_after_midnight_yesterdays_rows_show_their_date(qtbot):
    day = [dt.date(2026, 11, 24)]
    model = LogModel(today=lambda: day[0])
    model.append(row_from_journal(entry("2026-11-24T15:20:01.000+09:00")))
    assert shown_time(model) == "15:20:01"
    changed = []
    model.dataChanged.connect(lambda *a: changed.append(a))
    model.refresh_day()  # same day: nothing to redo
    assert changed == [] and shown_time(model) == "15:20:01"

    day[0] = dt.date(2026, 11, 25)
    model.refresh_day()  # what the midnight timer calls
    assert shown_time(model) == "2026-11-24 15:20:01"
    assert len(changed) == 1


def test_midnight_timer_is_armed_for_the_next_midnight(qtbot):
    model = LogModel()
    now = dt.datetime.now(KST)  # Korea's midnight: the KST day is the trading day
    to_midnight = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(), KST) - now
    assert model._midnight.isActive()
    assert abs(model._midnight.remainingTime() / 1000 - to_midnight.total_seconds() - 1) < 5
