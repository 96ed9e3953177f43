"""Hostile review 2 (issue 13): a live event that removes the selected 미체결 row must not hand the selection
to the order below it — 정정/취소 would then be filled with an order the user never chose.

Through the real window against the simulator's WebSocket on 127.0.0.1: two resting orders, the first one
selected, then the first one fills (an event removes its row). A refresh keeps only the same order selected
(AccountView._fill); the live path must not do worse.
"""

from __future__ import annotations

from gui_helpers import fill, send, wait_answered
from PySide6.QtCore import Qt

FAST = {"backoff_s": (0.1, 0.2), "idle_timeout_s": 10.0}


def _open_numbers(window) -> list[str]:
    return [row.ord_no for row in window.account.views["open_orders"].rows()]


def _buy(qtbot, window, qty: str, price: str) -> None:
    fill(
        window, "kt10006", {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": qty, "ord_uv": price, "trde_tp": "0"}
    )
    form = window.forms["kt10006"]
    qtbot.waitUntil(lambda: form.send_button.isEnabled(), timeout=5000)
    send(qtbot, window, "kt10006")


def _two_resting_orders_first_selected(qtbot, window_with, live_sim):
    options = ("--env", "mock", "--base-url", live_sim.base_url, "--ws-url", live_sim.ws_url)
    window = window_with(*options, live_options=FAST)
    qtbot.waitUntil(lambda: window.live.state == "connected", timeout=8000)
    _buy(qtbot, window, "5", "60,000")  # market off: both rest
    wait_answered(qtbot, window, 1)
    _buy(qtbot, window, "3", "60,100")
    first, second = wait_answered(qtbot, window, 2)[:2]
    assert first.ord_no and second.ord_no
    qtbot.waitUntil(lambda: {first.ord_no, second.ord_no} <= set(_open_numbers(window)), timeout=8000)
    qtbot.wait(2500)  # the refreshes after the answers and after the events have landed: the host's rows
    view = window.account.views["open_orders"]
    numbers = _open_numbers(window)
    chosen = first.ord_no if numbers.index(first.ord_no) < numbers.index(second.ord_no) else second.ord_no
    other = second.ord_no if chosen == first.ord_no else first.ord_no
    view.table.selectRow(numbers.index(chosen))  # the user picks the upper of the two
    qtbot.waitUntil(lambda: window.account.cancel_button.isEnabled(), timeout=3000)
    assert view.selected()[0].ord_no == chosen
    quantities = {first.ord_no: 5, second.ord_no: 3}
    return window, view, chosen, other, quantities[chosen]


def test_a_fill_removing_the_selected_row_does_not_select_another_order(qtbot, window_with, live_sim, demo_keys):
    window, view, chosen, other, qty = _two_resting_orders_first_selected(qtbot, window_with, live_sim)
    live_sim.fill(chosen, qty)  # filled elsewhere: the event takes its row away
    qtbot.waitUntil(lambda: chosen not in _open_numbers(window), timeout=5000)
    selected = view.selected()
    # expected: nothing chosen (the user's order is gone); actual: the order below it is now "selected"
    assert selected is None or selected[0].ord_no == chosen, f"selection moved to another order {selected[0].ord_no}"


def test_cancel_after_the_selected_row_filled_never_targets_the_order_below(qtbot, window_with, live_sim, demo_keys):
    window, view, chosen, other, qty = _two_resting_orders_first_selected(qtbot, window_with, live_sim)
    live_sim.fill(chosen, qty)
    qtbot.waitUntil(lambda: chosen not in _open_numbers(window), timeout=5000)
    # the user, who had picked ``chosen``, presses 취소 (it was enabled a moment ago)
    if window.account.cancel_button.isEnabled():
        qtbot.mouseClick(window.account.cancel_button, Qt.MouseButton.LeftButton)
    assert window.forms["kt10009"].raw_values()["orig_ord_no"] != other, (
        "the cancel form now names an order never chosen"
    )
