"""Hostile review of the Send clicked before the journal's history reached the log (review 7): the window's own
look at the log for an earlier 확인 필요 order of the same body, and the API thread's look in the journal, must
between them never let a second order go unasked."""

from __future__ import annotations

from gui_helpers import wait_answered
from second_order_helpers import crashed_journal, fill_body, record_unknown_asks

from kiwoom_gui.host.answers import Outcome


def crashed_at_simulator(tmp_path, simulator) -> None:
    """A journal whose last order (BODY, at the simulator) never got its answer: the next start marks it 확인 필요."""
    from kiwoom_gui.ui.window.targets import resolved_host

    crashed_journal(tmp_path, resolved_host("mock", simulator.base_url))


def test_history_arriving_during_the_confirmation_does_not_wave_the_order_through(
    qtbot, make_window, simulator, tmp_path
):
    """The Send is judged before the history reached the log (its confirmation cannot name the earlier 확인 필요
    order); the history lands while the dialog runs its event loop; the user confirms what they were shown. The
    order was never judged against the earlier one by the window, so the API thread must still look: not sent."""
    crashed_at_simulator(tmp_path, simulator)
    window = make_window(data_dir=tmp_path)
    window.confirm_action.setChecked(True)  # every Send asks (as in the real environment)
    form = fill_body(window)
    assert not window.sending.history_known  # the event loop has not run yet
    shown: list[str] = []

    def confirm(*_a) -> bool:
        shown.append(window.confirming["unknown"])
        qtbot.waitUntil(lambda: window.sending.history_known, timeout=5000)  # the dialog's own event loop
        return True

    window.confirm = confirm
    form.send_button.click()
    assert shown == [""]  # the dialog could not warn: the window did not know yet
    rows = [r for r in wait_answered(qtbot, window, 2) if r.request_id is not None]
    assert simulator.order_requests() == [], "a possible second order went out unasked"
    (row,) = rows
    assert row.outcome is Outcome.NOT_SENT and "확인 필요" in row.message, row.message
    qtbot.waitUntil(form.send_button.isEnabled, timeout=5000)  # the form is free again


def test_the_same_host_spelled_otherwise_still_finds_the_earlier_order(
    qtbot, window_with, simulator, demo_keys, tmp_path
):
    """The crash's order went to http://localhost:<port>; the next start names the same host in capitals (a host
    name has no case). Its 확인 필요 order is at the same host: the Send of the same body must ask first."""
    from kiwoom_gui.ui.window.targets import resolved_host

    port = simulator.base_url.rsplit(":", 1)[1]
    crashed_journal(tmp_path, resolved_host("mock", f"http://localhost:{port}"))
    window = window_with("--env", "mock", "--base-url", f"http://LocalHost:{port}", data_dir=tmp_path)
    qtbot.waitUntil(lambda: window.sending.history_known, timeout=5000)
    form = fill_body(window)
    asked = record_unknown_asks(window)
    form.send_button.click()
    qtbot.waitUntil(form.send_button.isEnabled, timeout=5000)
    assert asked and "확인 필요" in asked[0], asked
    assert simulator.order_requests() == []


def test_a_history_the_log_could_not_take_is_not_known(qtbot, make_window, simulator, tmp_path):
    """The journal's history arrived but putting it into the log failed (here: the log refuses it once): the window
    has not seen this day's 확인 필요 orders, so a Send of the same body is still checked by the API thread in the
    journal — never waved through as if the log held them."""
    crashed_at_simulator(tmp_path, simulator)
    window = make_window(data_dir=tmp_path)
    model = window.log.model
    extend = model.extend

    def refuse_once(rows):
        model.extend = extend
        raise RuntimeError("the log could not take the history")

    model.extend = refuse_once
    with qtbot.capture_exceptions() as raised:  # the window's slot fails as the log refuses
        qtbot.waitUntil(lambda: model.extend is extend, timeout=5000)  # the history came, and did not reach the log
    assert [str(e[1]) for e in raised] == ["the log could not take the history"]
    assert model.rowCount() == 0 and not window.sending.history_known
    form = fill_body(window)
    qtbot.waitUntil(lambda: form.send_button.isEnabled(), timeout=5000)
    form.send_button.click()
    qtbot.waitUntil(lambda: any(r.outcome is not None for r in model.rows()), timeout=10000)
    (row,) = model.rows()
    assert row.outcome is Outcome.NOT_SENT and "확인 필요" in row.message, row.message
    assert simulator.order_requests() == []
