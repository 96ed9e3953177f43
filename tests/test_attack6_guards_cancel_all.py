"""Hostile review 6 (issue 21, 모두 취소): while a run goes (one cancel at a time), the trader cancels one of its
orders from the 취소 tab as well, and that cancel comes back 확인 필요. The run must not then send a cancel of
the same order by itself: a cancel of unknown outcome is never followed by another one automatically."""

from __future__ import annotations

from gui_helpers import rows, send

from kiwoom_gui.host.answers import Outcome


def cancels_sent(sim) -> list[str]:
    return [r.json()["orig_ord_no"] for r in sim.order_requests() if r.headers.get("api-id") == "kt10009"]


def test_a_run_does_not_cancel_again_an_order_the_form_cancelled_meanwhile(qtbot, make_window, simulator):
    numbers = simulator.seed_open_orders(3, venue="KRX", qty=10)
    w = make_window()
    view = w.account.views["open_orders"]
    qtbot.waitUntil(lambda: len(view.rows()) == 3 and view.complete and w.account_number is not None, timeout=15000)
    asked = []
    w.cancel_all.confirm = lambda label, count, info: asked.append(info) or True
    view.table.selectRow(0)  # one row: its stock and venue, all three
    qtbot.waitUntil(w.cancel_all.button.isEnabled, timeout=5000)
    simulator.set_latency(0.8)  # the run's first cancel is still on the wire while the trader acts
    simulator.inject("http500", process=False, api_id="kt10009", skip=1)  # the form's cancel: 확인 필요
    w.cancel_all.button.click()
    qtbot.waitUntil(lambda: len(cancels_sent(simulator)) == 1, timeout=10000)

    view.table.selectRow([r.ord_no for r in view.rows()].index(numbers[2]))
    w.account.cancel_button.click()  # the 취소 tab, filled from the row
    assert w.forms["kt10009"].raw_values()["orig_ord_no"] == numbers[2]
    send(qtbot, w, "kt10009")

    qtbot.waitUntil(lambda: not w.cancel_all.running, timeout=20000)
    qtbot.waitUntil(lambda: all(r.outcome is not None for r in rows(w)), timeout=10000)
    form_row = next(r for r in rows(w) if r.request_body.get("orig_ord_no") == numbers[2])
    assert form_row.outcome is Outcome.UNKNOWN, form_row.message
    sent = cancels_sent(simulator)
    assert sent.count(numbers[2]) == 1, sent  # the form's, and never the run's after it
    assert sorted(sent) == sorted(numbers), sent
    message = w.statusBar().currentMessage()
    assert numbers[2] in message, message  # the summary names the one it left alone
