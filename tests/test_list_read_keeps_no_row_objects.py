"""Issue 17, item 11: reading today's whole list (kt00007) keeps no list of row objects alive. The list was
handed to the unknown-order search as one ``AccountRow`` per row, on the API thread: 60,000 GC-tracked
objects, so each full collection there walked them all (6–21 ms, the GIL held) and the window stood still
while a big list loaded. The search now gets the packed rows (tuples the collector does not track) and wraps
them one at a time, only when an order of unknown outcome is watched."""

from __future__ import annotations

import gc

import pytest

from kiwoom_gui.account.rows import AccountRow
from kiwoom_gui.simulator import KiwoomSimulator
from kiwoom_gui.ui.account.unknown_orders import UnknownOrders

ROWS = 3_000


@pytest.fixture
def sim():
    simulator = KiwoomSimulator(page_size=500).start()
    yield simulator
    simulator.stop()


def test_todays_list_reaches_the_search_without_a_row_object_each(qtbot, sim, window_with, monkeypatch):
    sim.seed_executions(ROWS)
    alive_at_read: list[int] = []
    list_read = UnknownOrders.list_read

    def counted(self, target, rows, complete):  # noqa: ANN001
        alive_at_read.append(sum(1 for o in gc.get_objects() if type(o) is AccountRow))
        return list_read(self, target, rows, complete)

    monkeypatch.setattr(UnknownOrders, "list_read", counted)
    w = window_with("--demo", "--base-url", sim.base_url)
    view = w.account.views["executions"]
    qtbot.waitUntil(lambda: len(view.rows()) == ROWS and view.complete, timeout=30_000)
    assert alive_at_read, "today's list never reached the unknown-order search"
    assert max(alive_at_read) < 50, alive_at_read  # was ROWS: one object per row, walked by every collection
