"""Issue 17, item 11: a big list reaches an account tab in slices — one model insert per turn of the event
loop, never the whole list at once — and nothing is lost on the way: the final table is the host's list, in
its order, and the count says so. While slices arrive, a row not yet shown cannot be acted on, the chosen
order is chosen again when its slice comes, and a refresh that lands meanwhile replaces the list cleanly."""

from __future__ import annotations

import pytest
from hostile_host import HostileHost
from test_gui_account_hostile import Host, account_window, empty, open_order, page  # noqa: F401

from kiwoom_gui.account.display import table_texts
from kiwoom_gui.account.rows import parse_rows
from kiwoom_gui.base.payloads import QueryDone
from kiwoom_gui.ui.account.account_panel import AccountPanel
from kiwoom_gui.ui.account.account_view import views_data

assert account_window

SLICE = int(views_data()["slice_rows"])
HOST = "http://127.0.0.1:1"
ACCOUNT = "1234567890"  # the account the rows of test_gui_account_hostile.open_order name


def numbers(n: int, start: int = 1000) -> list[str]:
    return [f"{start + i:07d}" for i in range(n)]


def done_for(panel: AccountPanel, ord_nos: list[str], fetched_at: str = "09:00:00") -> QueryDone:
    """A refresh of 미체결 as the API thread hands it over: parsed rows and every cell's text."""
    rows = tuple((r, "") for r in parse_rows("ka10075", {"oso": [open_order(n) for n in ord_nos]}))
    keys = [key for key, _ in panel.views["open_orders"].columns]
    return QueryDone("open_orders", "mock", HOST, rows, True, 1, fetched_at, texts=table_texts(rows, keys))


class Inserts:
    """Every change the table model announces: inserts (their sizes) and resets."""

    def __init__(self, model) -> None:
        self.sizes: list[int] = []
        self.resets = 0
        model.rowsInserted.connect(lambda _, first, last: self.sizes.append(last - first + 1))
        model.modelReset.connect(self._reset)

    def _reset(self) -> None:
        self.resets += 1


@pytest.fixture
def panel(qtbot):
    p = AccountPanel(lambda: ("mock", HOST), account=lambda: ACCOUNT)  # ka00001 has named the account
    qtbot.addWidget(p)
    p.resize(900, 500)
    p.show()
    return p


def shown_numbers(view) -> list[str]:
    column = [key for key, _ in view.columns].index("ord_no")
    return [view.model.index(i, column).data() for i in range(view.model.rowCount())]


def test_a_big_list_arrives_in_slices_and_ends_equal_to_the_data(qtbot, panel):
    view = panel.views["open_orders"]
    inserts = Inserts(view.model)
    wanted = numbers(3 * SLICE + 123)
    panel.show_result(done_for(panel, wanted))
    assert view.model.rowCount() < len(wanted)  # not all at once
    assert str(len(wanted)) in view.status.text()  # how many are coming is said at once
    qtbot.waitUntil(lambda: view.model.rowCount() == len(wanted), timeout=10000)
    assert len(inserts.sizes) >= 4 and max(inserts.sizes) <= SLICE  # one slice per insert
    assert sum(inserts.sizes) == len(wanted)
    assert [r.ord_no for r in view.rows()] == wanted  # nothing lost, nothing twice, the host's order
    assert shown_numbers(view) == wanted
    assert view.texts_of(len(wanted) - 1) == list(done_for(panel, wanted[-1:]).texts[0])
    assert view.complete and view.status.text() == views_data()["texts"]["fetched"].format(
        time="09:00:00", count=len(wanted)
    )


def test_a_row_not_yet_shown_cannot_be_acted_on_and_the_chosen_order_comes_back(qtbot, panel):
    view = panel.views["open_orders"]
    wanted = numbers(3 * SLICE)
    panel.show_result(done_for(panel, wanted))
    qtbot.waitUntil(lambda: view.model.rowCount() == len(wanted), timeout=10000)
    last = len(wanted) - 1
    view.table.selectRow(last)  # an order in the last slice
    assert panel.modify_button.isEnabled()
    panel.show_result(done_for(panel, wanted, "09:01:00"))  # the refresh: the same orders
    assert view.model.rowCount() < len(wanted)
    # its row is not shown yet: nothing is selected, nothing can be modified or cancelled
    assert view.selected() is None
    assert not panel.modify_button.isEnabled() and not panel.cancel_button.isEnabled()
    assert not view.complete
    qtbot.waitUntil(lambda: view.model.rowCount() == len(wanted), timeout=10000)
    chosen = view.selected()
    assert chosen is not None and chosen[0].ord_no == wanted[last]  # the same order, chosen again
    assert panel.modify_button.isEnabled()


def test_a_refresh_landing_mid_slices_replaces_the_list_cleanly(qtbot, panel):
    view = panel.views["open_orders"]
    old = numbers(4 * SLICE)
    new = numbers(2 * SLICE + 7, start=500_000)
    panel.show_result(done_for(panel, old))
    qtbot.waitUntil(lambda: SLICE <= view.model.rowCount() < len(old), timeout=10000)
    inserts = Inserts(view.model)
    panel.show_result(done_for(panel, new, "09:02:00"))
    qtbot.waitUntil(lambda: view.model.rowCount() == len(new), timeout=10000)
    qtbot.wait(100)  # the old list's slices, were any still waiting, would land now
    assert [r.ord_no for r in view.rows()] == new and shown_numbers(view) == new
    assert sum(inserts.sizes) == len(new) and inserts.resets == 1
    assert view.status.text() == views_data()["texts"]["fetched"].format(time="09:02:00", count=len(new))


def test_a_failed_refresh_mid_slices_keeps_the_list_whole_and_says_so(qtbot, panel):
    view = panel.views["open_orders"]
    wanted = numbers(3 * SLICE)
    panel.show_result(done_for(panel, wanted))
    failed = QueryDone("open_orders", "mock", HOST, None, False, 0, "09:03:00", error="HTTP 500")
    panel.show_result(failed)
    qtbot.waitUntil(lambda: view.model.rowCount() == len(wanted), timeout=10000)
    qtbot.wait(50)
    assert [r.ord_no for r in view.rows()] == wanted
    assert "HTTP 500" in view.status.text() and "09:00:00" in view.status.text()


def test_the_window_shows_a_big_paged_list_whole(qtbot, account_window):  # noqa: F811
    """End to end, over HTTP: three pages of open orders land in slices, every row once."""
    per_page = SLICE + SLICE // 2

    def queries(r):
        if r.headers["api-id"] != "ka10075":
            return empty(r)
        n = int(r.headers.get("next-key") or 0)
        rows = [open_order(x) for x in numbers(per_page, 1000 + n * per_page)]
        return [page("ka10075", "oso", rows, f"{n + 1}" if n < 2 else "")]

    with HostileHost(Host(queries)) as host:
        w = account_window(host)
        view = w.account.views["open_orders"]
        inserts = Inserts(view.model)
        qtbot.waitUntil(lambda: view.complete, timeout=30000)
        assert [r.ord_no for r in view.rows()] == numbers(3 * per_page)
        assert len(inserts.sizes) >= 3 and max(inserts.sizes) <= SLICE
        assert f"{3 * per_page}건" in view.status.text()
