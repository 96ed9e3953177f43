"""Review 8: a 확인 필요 row of this day that the history cannot show. The journal's history leaves out a row it
cannot read (any malformed column: the stored answer, a number), yet the row's order may have been placed. The
window's second-order check looks only at the log, and the API thread trusts it once the history has arrived: a
Send of the same body must still ask — not known is not none."""

from __future__ import annotations

import sqlite3

BODY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0", "cond_uv": ""}


def test_an_unreadable_unknown_row_of_today_still_asks(qtbot, make_window, simulator, tmp_path):
    from kiwoom_gui.records.journal import Journal
    from kiwoom_gui.ui.window.targets import resolved_host

    path = tmp_path / "journal.sqlite3"
    journal = Journal(path)
    journal.record_intent("mock", "kt10006", BODY, {}, resolved_host("mock", simulator.base_url))
    assert journal.recover() == 1  # the crash: 확인 필요, its body intact
    journal.close()
    with sqlite3.connect(path) as db:  # the stored answer is damaged (the body the check compares is not)
        db.execute("UPDATE orders SET response='{' WHERE id=1")
    window = make_window(data_dir=tmp_path)
    qtbot.waitUntil(lambda: window.sending.history_known, timeout=5000)
    assert window.log.model.rows() == []  # the row could not be shown (the notice says so)
    window.confirm_action.setChecked(False)  # nothing else would ask in 모의투자
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    form.set_values({k: v for k, v in BODY.items() if k != "cond_uv"})
    asked: list[str] = []
    window.confirm = lambda *a: asked.append(window.confirming["unknown"]) or False  # seen, then not sent
    qtbot.waitUntil(form.send_button.isEnabled, timeout=5000)
    form.send_button.click()
    qtbot.waitUntil(lambda: bool(asked) or any(r.outcome is not None for r in window.log.model.rows()), timeout=10000)
    assert simulator.order_requests() == [], "a possible second order went out unasked"
    assert asked and "확인 필요" in asked[0], asked


def test_which_unreadable_rows_may_hide_an_unknown_order(tmp_path):
    """Only a damaged row that may be this day's 확인 필요 order makes every Send ask (an old damaged row does not)."""
    import datetime as dt

    from kiwoom_gui.base.kst import kst_today
    from kiwoom_gui.records.journal import Journal
    from kiwoom_gui.records.second_order import may_hide_unknown

    journal = Journal(tmp_path / "journal.sqlite3")
    try:
        ids = [journal.record_intent("mock", "kt10006", BODY, {}, "http://127.0.0.1:9") for _ in range(4)]
        journal.recover()  # all 확인 필요
        yesterday = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=2)).isoformat()
        journal._db.execute("UPDATE orders SET created_at=? WHERE id=?", (yesterday, ids[0]))
        journal._db.execute("UPDATE orders SET outcome='rejected' WHERE id=?", (ids[1],))
        journal._db.execute("UPDATE orders SET outcome='???' WHERE id=?", (ids[2],))
        journal._db.execute("UPDATE orders SET created_at='?' WHERE id=?", (ids[3],))
        today = kst_today()
        assert not may_hide_unknown(journal, [], today)
        assert not may_hide_unknown(journal, [ids[0]], today)  # another day's
        assert not may_hide_unknown(journal, [ids[1]], today)  # settled
        assert may_hide_unknown(journal, [ids[2]], today)  # its outcome unreadable: may be 확인 필요
        assert may_hide_unknown(journal, [ids[3]], today)  # its time unreadable: may be today's
    finally:
        journal.close()


def test_rows_that_cannot_be_looked_at_may_hide_one(tmp_path):
    """The look at the damaged rows itself fails: not known is not none (and the readable history still shows)."""
    from kiwoom_gui.base.kst import kst_today
    from kiwoom_gui.records.journal import Journal
    from kiwoom_gui.records.second_order import may_hide_unknown

    journal = Journal(tmp_path / "journal.sqlite3")
    journal.record_intent("mock", "kt10006", BODY, {}, "http://127.0.0.1:9")
    journal.close()  # every read fails now
    assert may_hide_unknown(journal, [1], kst_today())
