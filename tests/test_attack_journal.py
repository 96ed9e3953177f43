"""Attack: a journal row whose values have the wrong type (SQLite keeps whatever was written).

Issue 10 item 11: one unreadable row must be skipped and reported, the rest shown — above all the
확인 필요 row a crash left. A row whose ``elapsed_ms`` is text passes the journal's read check and then
raises while the log draws it, and every row after it is drawn blank. Real window (offscreen), the real
simulator on loopback, a real SQLite journal.
"""

from __future__ import annotations

import sqlite3

from gui_helpers import fill, log_texts, rows, send, wait_answered

from kiwoom_gui.host.answers import Outcome

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}  # inside 005930's band (looked up: 49,400…91,600)


def test_row_with_text_in_a_number_column_does_not_blank_the_rows_after_it(qtbot, make_window, tmp_path):
    w = make_window()
    for _ in range(2):
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        qtbot.waitUntil(lambda: w.forms["kt10006"].send_button.isEnabled())
    wait_answered(qtbot, w, 2)
    w.close()
    db = sqlite3.connect(tmp_path / "journal.sqlite3")
    db.execute("UPDATE orders SET elapsed_ms='12 ms' WHERE id=1")  # REAL affinity keeps non-numeric text
    db.execute(  # what a crash mid-flight leaves: no outcome; on start it must show as 확인 필요
        "INSERT INTO orders (created_at, env, api_id, request_body, host) VALUES "
        "('2026-01-02T10:00:00.000+09:00', 'mock', 'kt10006', '{\"stk_cd\": \"000660\"}', '')"
    )
    db.commit()
    db.close()

    again = make_window()
    qtbot.waitUntil(lambda: len(rows(again)) >= 2)
    crashed = [r for r in rows(again) if r.request_body.get("stk_cd") == "000660"]
    assert crashed and crashed[0].outcome is Outcome.UNKNOWN
    unknown_label = Outcome.UNKNOWN.label
    # the table (what the user sees) must show the 확인 필요 row, whatever row 1 holds
    shown = log_texts(again)  # the history is drawn in the slot that added it
    assert any(unknown_label in text and "None" not in text for text in shown), shown
