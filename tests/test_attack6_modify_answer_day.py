"""Hostile review 6: a 정정 answer landing on the next KST day hands its number to the forms as today's.

number_origins.order_accepted remembers the new number with the day the *answer* lands on, not the day the
order went out: a number copied on day D (sendable on D only) becomes, through a 정정 sent at 23:59:59 and
answered after midnight, a number copied on D+1 — copied_elsewhere no longer refuses it. The day rule says an
order number is good on its own trading day only.

Real window forms (the window's own NumberOrigins class, fed the clock a test can move).
"""

from __future__ import annotations

import datetime as dt

from kiwoom_gui.ui.window.number_origins import NumberOrigins

D = dt.date(2026, 3, 9)


def test_a_modify_answer_after_midnight_does_not_make_its_number_today_s(window):
    w = window
    now = {"day": D}
    origins = NumberOrigins(w.forms, lambda: (w.env, w.host(), now["day"]))
    w.forms["kt10008"].set_values({"orig_ord_no": "0000101"})
    origins.remember("kt10008", "0000101", "응답 로그")
    body = {"orig_ord_no": "0000101", "stk_cd": "005930", "dmst_stex_tp": "KRX", "mdfy_qty": "0", "mdfy_uv": "60000"}
    assert origins.copied_elsewhere("kt10008", body) is None  # sent on D: fine
    now["day"] = D + dt.timedelta(days=1)  # its answer lands after midnight
    origins.order_accepted("kt10008", body, "0000202", "00:00:01")
    held = w.forms["kt10008"].raw_values()["orig_ord_no"]
    again = dict(body, orig_ord_no=held)
    assert held != "0000202" or origins.copied_elsewhere("kt10008", again) is not None, (
        "day D's order number 0000202 (a 정정 answered after midnight) is sendable on D+1 as if copied today"
    )
