"""Every Send asks the log for an earlier order of this day still 확인 필요 with the same body (sending it again may
double it). The log keeps where its 확인 필요 rows are instead of reading every row at each click: with 5,000 rows
(what the window keeps) that scan cost the click about 0.5 ms, before the order left."""

from __future__ import annotations

import datetime as dt

from gui_helpers import wait_answered
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QApplication
from second_order_helpers import BODY, crashed_journal, fill_body, record_unknown_asks

from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.client import OrderResult
from kiwoom_gui.records.log_rows import LIVE_ROWS, TRIM_BATCH, LogRow
from kiwoom_gui.ui.log.log_model import LogModel

OUTCOMES = [None, Outcome.ACCEPTED, Outcome.REJECTED, Outcome.UNKNOWN, Outcome.NOT_SENT, Outcome.CONFIRMED]


def row(n: int, outcome: Outcome | None, *, request_id: int | None = None, when: str | None = None,
        where: tuple[str, str] = ("simulator", "http://127.0.0.1:1")) -> LogRow:  # fmt: skip
    created = when or dt.datetime.now(KST).isoformat(timespec="milliseconds")
    return LogRow(n, created, where[0], "kt10006", dict(BODY), outcome=outcome, ord_no=f"{n:07d}", host=where[1],
                  request_id=request_id)  # fmt: skip


def result(outcome: Outcome) -> OrderResult:
    return OrderResult("kt10006", "simulator", "http://127.0.0.1:1/api/dostk/crdordr", {}, dict(BODY), outcome, "")


def scanned(model: LogModel) -> list[LogRow]:
    return [r for r in model.rows() if r.outcome is Outcome.UNKNOWN]


operation = st.one_of(
    st.tuples(st.just("extend"), st.lists(st.sampled_from(OUTCOMES), min_size=1, max_size=12)),
    st.tuples(st.just("answer"), st.integers(0, 400), st.sampled_from(OUTCOMES[1:])),
    st.tuples(st.just("resolve"), st.integers(0, 400), st.booleans()),
    st.tuples(st.just("sent"), st.integers(0, 400)),
    st.tuples(st.just("fill"), st.integers(0, 400)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operation, max_size=60))
def test_the_index_is_what_a_scan_finds(qtbot, operations):
    """Rows added, answered, resolved, marked sent, filled, and the oldest dropped past live_rows (never a pending
    one): after each step the index lists exactly the rows a scan of the log finds, in its order."""
    assert QApplication.instance() is not None
    model = LogModel(live_rows=30, trim_batch=5)
    made = 0
    day = dt.datetime.now(KST).date()
    for op in operations:
        if op[0] == "extend":
            new = []
            for outcome in op[1]:
                made += 1
                new.append(row(made, outcome, request_id=made))
            model.extend(new)
        elif op[0] == "answer":
            model.update_request(op[1], result(op[2]), op[1])
        elif op[0] == "resolve":
            model.resolve(op[1], Outcome.CONFIRMED if op[2] else None, f"{op[1]:07d}" if op[2] else None, "찾음")
        elif op[0] == "sent":
            model.mark_sent(op[1])
        else:
            model.set_fills("simulator", "http://127.0.0.1:1", day, {f"{op[1]:07d}": ("005930", "체결 1/1주")})
        assert model.unknown_rows() == scanned(model), op
    assert model.rowCount() == len(model.rows())


class CountingList(list):
    """The log's rows, counting how many of them a caller reads."""

    read = 0

    def __iter__(self):
        for item in super().__iter__():
            CountingList.read += 1
            yield item

    def __getitem__(self, index):
        CountingList.read += 1
        return super().__getitem__(index)


def test_send_reads_only_the_unknown_rows(qtbot, window):
    """5,000 rows in the log, one of them this day's 확인 필요 with the form's body, near the top: the Send finds it
    (its confirmation names it) and reads that one row of the log, not 5,000."""
    qtbot.waitUntil(lambda: window.sending.history_known, timeout=5000)
    model, where = window.log.model, (window.env, window.host())
    when = dt.datetime.now(KST).replace(hour=9, minute=1, second=2).isoformat()
    old = row(1, Outcome.UNKNOWN, when=when, where=where)
    model.extend([row(2, Outcome.ACCEPTED, where=where), old, *[row(3 + i, Outcome.ACCEPTED) for i in range(4998)]])
    assert model.rowCount() == 5000 and model.unknown_rows() == [old]
    form = fill_body(window)
    qtbot.waitUntil(lambda: form.send_button.isEnabled(), timeout=5000)
    asked = record_unknown_asks(window)
    model._rows = CountingList(model._rows)
    CountingList.read = 0
    form.send_button.click()
    assert asked and "09:01:02" in asked[0] and "확인 필요" in asked[0]
    assert CountingList.read <= 5, CountingList.read  # the unknown row; not a scan of the log


def test_a_long_day_does_not_drop_the_earlier_unknown_order(qtbot, window):
    """This morning's order still 확인 필요 (maybe placed at the host), then more rows than the log keeps (a long day,
    or batches of 모두 취소): the oldest rows go, but never that one; the Send of the same body still warns that it
    may be a second order."""
    qtbot.waitUntil(lambda: window.sending.history_known, timeout=5000)
    model, where = window.log.model, (window.env, window.host())
    when = dt.datetime.now(KST).replace(hour=9, minute=1, second=2).isoformat()
    old = row(1, Outcome.UNKNOWN, when=when, where=where)
    later = [row(2 + i, Outcome.ACCEPTED, where=where) for i in range(LIVE_ROWS + TRIM_BATCH)]
    model.extend([old, *later])
    assert model.rowCount() < len(later)  # the oldest rows went
    form = fill_body(window)
    qtbot.waitUntil(lambda: form.send_button.isEnabled(), timeout=5000)
    asked = record_unknown_asks(window)
    form.send_button.click()
    assert asked and "09:01:02" in asked[0] and "확인 필요" in asked[0], asked
    assert old in model.rows()


def test_after_a_crash_an_unknown_order_older_than_the_history_still_warns(qtbot, make_window, simulator, tmp_path):
    """The program died with an order on the wire this morning (recover() marks it 확인 필요), then more orders were
    journalled than the history the log loads at start: the Send of the same body after the restart still warns
    that it may be a second order (the journal holds it; the log must too)."""
    from kiwoom_gui.ui.window.targets import resolved_host

    host = resolved_host("mock", simulator.base_url)
    crashed_journal(tmp_path, host, later=1000)
    window = make_window(data_dir=tmp_path)
    assert window.host() == host
    qtbot.waitUntil(lambda: window.log.model.rowCount() >= 1000, timeout=10000)
    form = fill_body(window)
    qtbot.waitUntil(lambda: form.send_button.isEnabled(), timeout=5000)
    asked = record_unknown_asks(window)
    form.send_button.click()
    assert asked and "확인 필요" in asked[0], asked


def test_a_send_before_the_history_arrived_is_judged_on_the_journal(qtbot, make_window, simulator, tmp_path):
    """After a crash, the Send of the same body clicked before the journal's history reached the log (the window just
    opened, its form already filled): "not known" is not "none" — the API thread looks in the journal itself and does
    not send it, saying why; the same Send once the history is in the log asks first. Another body goes at once."""
    from kiwoom_gui.ui.window.targets import resolved_host

    crashed_journal(tmp_path, resolved_host("mock", simulator.base_url))
    window = make_window(data_dir=tmp_path)
    form = fill_body(window)
    assert form.send_button.isEnabled() and not window.sending.history_known  # the event loop has not run yet
    form.send_button.click()  # no confirmation: the window cannot see the earlier order yet
    (row,) = [r for r in wait_answered(qtbot, window, 2) if r.request_id is not None]  # and the crash's row
    assert row.outcome is Outcome.NOT_SENT and "확인 필요" in row.message and "두 번째 주문" in row.message, row.message
    assert simulator.order_requests() == []
    assert window.sending.history_known
    asked = record_unknown_asks(window)
    form.send_button.click()
    assert asked and "확인 필요" in asked[0], asked  # now the window sees it, and asks
    window.confirm = lambda *a: True
    form.set_values({"ord_qty": "2"})  # another body: nothing to fear, it goes
    form.send_button.click()
    qtbot.waitUntil(lambda: len(simulator.order_requests()) == 1, timeout=10000)


def test_a_history_that_cannot_be_read_is_not_none(qtbot, make_window, simulator, tmp_path):
    """The journal opens but its history cannot be read (a table without its columns): whether an earlier order of
    the same body is still 확인 필요 is not known, so every Send asks, and says why."""
    import sqlite3

    made = sqlite3.connect(tmp_path / "journal.sqlite3")  # it opens, but its orders cannot be read
    made.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, created_at TEXT, outcome TEXT)")
    made.commit()
    made.close()
    window = make_window(data_dir=tmp_path)
    form = fill_body(window)
    form.send_button.click()  # before the history: the API thread cannot read the journal either, so it refuses
    (row,) = wait_answered(qtbot, window, 1)
    assert row.outcome is Outcome.NOT_SENT and "확인하지 못했습니다" in row.message, row.message
    qtbot.waitUntil(lambda: window.sending.history_known and form.send_button.isEnabled(), timeout=5000)
    asked = record_unknown_asks(window)
    form.send_button.click()
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert "읽지 못해" in asked[0] and "두 번째 주문" in asked[0], asked
    assert simulator.order_requests() == []
