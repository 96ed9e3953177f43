"""Hostile review 5 (issue 17, the user's choice): record_user_choice refuses a number "already another order's of
the same env, host and day" — but the day it checks is the caller's *today* (UnknownOrders.confirm_candidate
passes ``now.date()``), not the trading day of the order being settled.

A window left open over midnight still shows yesterday's 확인 필요 row with yesterday's candidates. The user
picks 0000101 today. Yesterday 0000101 was already another order of ours (accepted); today's numbers hold no
0000101, so the choice is recorded: two of yesterday's journal rows carry the same number (and a number free
today but taken on the order's own day is credited). The check must be on the order's own trading day.

Real SQLite journal (records/journal.py), no mocks.
"""

from __future__ import annotations

import datetime as dt

from test_reconcile_journal import HOST, TODAY, accepted_order, journal, set_created, unknown_order

from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome

assert journal


def test_a_choice_is_checked_against_the_numbers_of_the_orders_own_day(journal):  # noqa: F811
    yesterday = dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(14, 0), KST)
    taken = accepted_order(journal, "0000101")
    lost = unknown_order(journal)
    set_created(journal, taken, yesterday)
    set_created(journal, lost, yesterday + dt.timedelta(minutes=5))
    assert "0000101" in journal.known_order_numbers("simulator", HOST, yesterday.date())
    done = journal.record_user_choice(lost, "0000101", "사용자가 골랐습니다", TODAY)
    rows = {e.id: e for e in journal.recent()}
    assert not done and rows[lost].outcome is Outcome.UNKNOWN, (
        "yesterday's 확인 필요 order was given 0000101, a number another of yesterday's orders already holds"
    )
