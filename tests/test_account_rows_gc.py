"""Issue 17 item 11 / issue 18 "Measured": a big list in an account tab costs CPython's cyclic garbage collector
nothing. Its full collections walk every tracked object while holding the GIL, and the API thread's collections
froze the window for 100–300 ms with 60,000 rows of `Cell` tuples, dicts and row objects alive. The rows a tab
keeps are tuples of texts, which the collector stops tracking: a list shown through the real API thread adds
(almost) no tracked object per row — and the tab still finds its orders by number."""

from __future__ import annotations

import gc

from hostile_host import HostileHost
from test_gui_account_hostile import Host, account_window, empty, open_order, page  # noqa: F401

assert account_window

ROWS = 3_000


def tracked() -> int:
    gc.collect()
    return len(gc.get_objects())


def test_a_shown_list_adds_no_tracked_object_per_row(qtbot, account_window):
    listed: list[str] = []

    def queries(r):
        if r.headers["api-id"] == "ka10075":
            return [page("ka10075", "oso", [open_order(n) for n in listed])]
        return empty(r)

    with HostileHost(Host(queries)) as host:
        w = account_window(host)
        view = w.account.views["open_orders"]
        views = w.account.views.values()
        qtbot.waitUntil(lambda: all(v.fetched_at is not None and not v.arriving for v in views), timeout=10_000)
        qtbot.wait(100)  # the old lists let go of, the refresh after start-up over
        before = tracked()

        listed[:] = [f"{1000 + i:07d}" for i in range(ROWS)]
        fetched = view.fetched_at
        w.refresh_account()
        qtbot.waitUntil(lambda: view.fetched_at != fetched or view.model.rowCount() == ROWS, timeout=10_000)
        qtbot.waitUntil(lambda: view.model.rowCount() == ROWS and not view.arriving and view.complete, timeout=20_000)
        qtbot.wait(100)
        added = tracked() - before

        # the tab still reads its rows as before: by number, in the host's order, chosen by a click
        assert [view.rows()[i].ord_no for i in (0, 1, ROWS - 1)] == [listed[0], listed[1], listed[-1]]
        view.table.selectRow(ROWS - 2)
        row, venue = view.selected()
        assert (row.ord_no, row.stk_cd, row.value("oso_qty"), venue) == (listed[-2], "005930", 10, "")
    # before: each row was a dataclass, its mapping proxy and dict, and a tracked Cell per field (~8 a row)
    assert added < ROWS // 10, f"{added:,} tracked objects for {ROWS:,} rows"
