"""The account gate (issue 17): live events wait until the account is known, bounded, and are let through in
order only when their 9201 names it."""

from __future__ import annotations

from hostile_ws import order_values

from kiwoom_gui.live.account_gate import AccountGate
from kiwoom_gui.live.events import parse_order

MINE, OTHER = "1234567890", "9999999999"


def event(n: int, account: str | None = MINE):
    values = order_values(f"{1_000_000 + n:07d}")
    if account is None:
        del values["9201"]
    else:
        values["9201"] = account
    return parse_order(values)


def numbers(events) -> list[str]:
    return [e.ord_no for e in events]


def test_nothing_passes_while_the_account_is_unknown_and_the_newest_wait_in_order():
    gate = AccountGate(limit=3)
    assert gate.admit([event(1), event(2)], None) == []
    assert gate.admit([event(3), event(4), event(5)], None) == []
    assert gate.waiting == 3 and gate.dropped.overflow == 2
    assert gate.release(None) == [] and gate.waiting == 3
    assert numbers(gate.release(MINE)) == ["1000003", "1000004", "1000005"]
    assert gate.waiting == 0 and gate.dropped.overflow == 2


def test_once_known_only_events_naming_the_account_pass():
    gate = AccountGate(limit=10)
    gate.admit([event(1, OTHER), event(2), event(3, None), event(4, " ")], None)
    passed = gate.admit([event(5), event(6, OTHER)], MINE)
    assert numbers(passed) == ["1000002", "1000005"]  # the waiting ones first
    assert (gate.dropped.other, gate.dropped.unnamed) == (2, 2)


def test_a_reset_forgets_what_waited_and_what_was_counted():
    gate = AccountGate(limit=1)
    gate.admit([event(1), event(2)], None)
    gate.reset()
    assert gate.waiting == 0 and gate.dropped.total == 0
    assert gate.release(MINE) == []
