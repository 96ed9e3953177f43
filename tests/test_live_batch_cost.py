"""Issue 17, item 11: a batch of live events costs what its events name, not what the tab holds.

Before, each batch made a (row, venue) pair of every row of 미체결 and 주문·체결, indexed every row and built
a new list of them: with 10,000 rows a batch of 100 events took a tenth of a second, and a burst of events
froze the window longer the longer the day went. Counted, not timed: the rows a batch makes.
"""

from __future__ import annotations

import pytest
from hostile_ws import HostileWS, order_values, real
from hypothesis import given, settings
from hypothesis import strategies as st
from test_attack_live_freeze import connected_window
from test_gui_account_hostile import open_order

from kiwoom_gui.account.display import table_texts
from kiwoom_gui.account.rows import AccountRow, pack_rows, parse_rows
from kiwoom_gui.base.payloads import QueryDone
from kiwoom_gui.live.account_rows import apply_to_executions, apply_to_open_orders
from kiwoom_gui.live.events import parse_real
from kiwoom_gui.live.tab_rows import Overlay, TabRows

ROWS = 20_000


def _done(window, view: str, api_id: str, list_key: str, ord_nos: list[str]) -> QueryDone:
    rows = tuple((r, "KRX") for r in parse_rows(api_id, {list_key: [open_order(n) for n in ord_nos]}))
    keys = [key for key, _ in window.account.views[view].columns]
    target = window.target()
    return QueryDone(view, target.env, window.host(target), rows, True, 1, "09:00:00", texts=table_texts(rows, keys))


def test_one_event_over_twenty_thousand_rows_makes_a_handful_of_rows(
    qtbot, window_with, simulator, demo_keys, monkeypatch
):
    host = HostileWS().start()
    try:
        window = connected_window(qtbot, window_with, simulator, host)
        views = window.account.views
        numbers = [f"{1_000_000 + i:07d}" for i in range(ROWS)]
        views["open_orders"].show_result(_done(window, "open_orders", "ka10075", "oso", numbers))
        qtbot.waitUntil(lambda: not views["open_orders"].arriving, timeout=20_000)
        made = []
        real_init = AccountRow.__init__

        def counted(self, packed):
            made.append(1)
            real_init(self, packed)

        monkeypatch.setattr(AccountRow, "__init__", counted)
        applied = window.live.events_applied
        fill = order_values(numbers[5_000], f913="체결", f902="4", f903="426000", f910="71000", f911="6")
        host.push(real(fill, order_values("2000001")))  # a fill of a listed order, and a new order
        qtbot.waitUntil(lambda: window.live.events_applied >= applied + 2, timeout=5000)
        monkeypatch.setattr(AccountRow, "__init__", real_init)
        assert len(made) < 200, f"a batch of 2 events made {len(made):,} rows over a tab of {ROWS:,}"
        shown = views["open_orders"].row_pairs()
        assert len(shown) == ROWS + 1 and shown[-1][0].ord_no == "2000001"
        assert shown[5_000][0].ord_no == numbers[5_000] and shown[5_000][0].value("oso_qty") == 4
        assert [r.ord_no for r, _ in shown[:5_000]] == numbers[:5_000]  # the rest as it was, in its order
    finally:
        host.stop()


# --- the overlay reads as the list it stands for -------------------------------------------------------
BASE_00 = {"9201": "1234567890", "9001": "005930", "302": "삼성전자", "900": "10", "901": "71000",
           "904": "0000000", "905": "+매수", "906": "보통", "907": "2", "908": "093000", "919": "0",
           "2134": "1", "2135": "KRX", "2136": "N"}  # fmt: skip


def _event(ord_no: str, kind: str, qty: int, orig: str):
    values = {**BASE_00, "9203": ord_no}
    if kind == "accept":
        values.update({"913": "접수", "902": str(qty), "911": "0"})
    elif kind == "fill":
        values.update({"913": "체결", "902": str(qty), "911": "1", "910": "71000", "903": "71000"})
    elif kind == "reject":
        values.update({"913": "거부"})
    else:  # a cancel's confirmation of ``orig``
        values.update({"913": "확인", "904": orig, "905": "-매수취소", "900": str(qty), "902": "0"})
    (event,) = parse_real({"trnm": "REAL", "data": [{"type": "00", "item": "005930", "values": values}]})
    return event


numbers_ = st.sampled_from([f"{1000 + i:07d}" for i in range(12)])
events_ = st.lists(
    st.builds(_event, numbers_, st.sampled_from(["accept", "fill", "reject", "cancel"]), st.integers(0, 12), numbers_),
    max_size=12,
)


@settings(max_examples=150, deadline=None)
@given(listed=st.lists(numbers_, max_size=8), events=events_)
def test_a_batch_over_the_packed_rows_does_what_it_does_over_a_list(listed, events):
    for apply, api_id, key in (
        (apply_to_open_orders, "ka10075", "oso"),
        (apply_to_executions, "kt00007", "acnt_ord_cntr_prps_dtl"),
    ):
        packed = pack_rows(api_id, {key: [open_order(n) for n in listed]}, "KRX")
        as_list = apply([(AccountRow(p), "KRX") for p in packed], events)
        over_packed = apply(TabRows(packed), events)
        assert over_packed.rows == as_list.rows
        assert (over_packed.changed, over_packed.removed) == (as_list.changed, as_list.removed)
        assert over_packed.needs_query == as_list.needs_query
        assert len(packed) == over_packed.old_count  # the tab's rows are read, never changed


@given(
    base=st.lists(st.integers(), max_size=6),
    changes=st.dictionaries(st.integers(0, 5), st.integers()),
    added=st.lists(st.integers(), max_size=4),
)
def test_the_overlay_is_the_list_with_its_changes(base, changes, added):
    pairs = [(b, "") for b in base]
    overlay, expected = Overlay(pairs), list(pairs)
    for value in added:
        overlay.append((value, "n"))
        expected.append((value, "n"))
    for i, value in changes.items():
        if i < len(expected):
            overlay[i] = (value, "c")
            expected[i] = (value, "c")
        else:
            with pytest.raises(IndexError):
                overlay[i] = (value, "c")
    assert list(overlay) == expected and len(overlay) == len(expected)
    assert overlay[len(base) :] == expected[len(base) :] and pairs == [(b, "") for b in base]
    if expected:
        assert overlay[-1] == expected[-1]
