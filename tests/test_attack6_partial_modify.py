"""Hostile review 6: an accepted *partial* 정정 hands its new number to the forms as if the old order were gone.

number_origins.order_accepted replaces the forms' 원주문번호 with a 정정 answer's number whatever the 정정수량.
A 정정 of 3 out of 10 leaves the original order open with 7 (the simulator's book models it, as the host does):
the 취소 form now names only the modified part, so the trader's "잔량 전부 취소" (0) cancels 3 and leaves 7 live
at the old price — the 취소 (partial: cncl_qty not 0) is already kept apart; a partial 정정 is not.

Real window, the project's simulator over loopback.
"""

from __future__ import annotations

from gui_helpers import fill, send, wait_answered

from kiwoom_gui.host.answers import Outcome

BUY = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000"}


def test_a_partial_modify_does_not_move_the_forms_off_the_order_still_open(qtbot, window, simulator):
    w = window
    fill(w, "kt10006", BUY)
    send(qtbot, w, "kt10006")
    (buy,) = wait_answered(qtbot, w, 1)
    assert buy.outcome is Outcome.ACCEPTED
    original = simulator.book.get(buy.ord_no)
    assert original is not None and original.is_open and original.remaining == 10  # resting: 60,000 is no fill
    assert w.use_as_original(buy)
    fill(w, "kt10008", {"mdfy_qty": "3", "mdfy_uv": "59900"})
    send(qtbot, w, "kt10008")
    _, modify = wait_answered(qtbot, w, 2)
    assert modify.outcome is Outcome.ACCEPTED, modify.message
    still = simulator.book.get(buy.ord_no)
    assert still is not None and still.is_open and still.remaining == 7  # the original order lives on with 7
    cancel = w.forms["kt10009"].raw_values()["orig_ord_no"]
    assert cancel == buy.ord_no, (
        f"after a 정정 of 3 of 10 the 취소 form names {cancel} (the 3 modified), not {buy.ord_no} whose 7 are "
        "still open: '잔량 전부 취소' would leave 7 shares live"
    )
