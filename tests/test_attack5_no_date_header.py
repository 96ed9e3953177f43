"""Hostile review 5 (issue 17, "judged on the host's clock"): a host that sends no ``Date`` header leaves the
offset unmeasured, and resources/reconcile.json promises that the wide margin then used (±60 s) gives
"candidates only, never proof". attribution._time_check does give proof: a row stamped more than 60 s after
the click on *this PC's* clock agrees.

So a host whose clock runs 90 s ahead (or a PC 90 s slow — the program cannot know without a Date) shows an
identical order placed from elsewhere 5 s *before* our click as placed 85 s after it; our order's answer was
lost and the host never placed it; at the settle time that one row is "proof", and our journal row gets an
order that existed before the user clicked.

Real window and a scripted host on 127.0.0.1 (tests/hostile_host.py), no Date header in any answer.
"""

from __future__ import annotations

import re

from gui_helpers import fill, send, wait_answered
from hostile_host import HostileHost
from test_attack_attribution import Book, outcome_row, settled, short_schedule
from test_gui_account_hostile import BUY, account_window

from kiwoom_gui.host.answers import Outcome

assert account_window and short_schedule


class NoDateBook(Book):
    def __call__(self, r):
        return [re.sub(rb"Date: [^\r]*\r\n", b"", step) if isinstance(step, bytes) else step for step in self.answer(r)]


def test_without_a_date_header_nothing_is_proof(qtbot, account_window, short_schedule):  # noqa: F811
    book = NoDateBook(late_s=None, elsewhere=[("0000401", -5.0)], ahead_s=90.0)
    with HostileHost(book) as host:
        w = account_window(host)
        fill(w, "kt10006", BUY)
        send(qtbot, w, "kt10006")
        (row,) = wait_answered(qtbot, w, 1)
        assert row.outcome is Outcome.UNKNOWN
        message = settled(qtbot, w)
        row = outcome_row(w)
        assert row.ord_no != "0000401", (
            f"credited on an unmeasured clock with an order placed before the click: {message}"
        )
        assert row.outcome is Outcome.UNKNOWN
