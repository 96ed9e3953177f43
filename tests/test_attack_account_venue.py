"""Hostile review (issue 11): a 미체결 row whose venue the program cannot read (stex_tp 0 통합, an unknown
code, nothing) must not be modified or cancelled at a venue it did not state. Today the 신용취소 form's
exchange combo keeps whatever the previous order put there, so the cancel goes to that venue."""

from __future__ import annotations

import pytest
from hostile_host import HostileHost
from test_gui_account_hostile import Host, account_window, empty, open_order, page  # noqa: F401

assert account_window  # the fixture, imported for use here


@pytest.mark.parametrize(("stex", "txt"), [("0", "통합"), ("9", "???"), ("", "통합")])
def test_an_open_order_of_unreadable_venue_is_never_acted_on_at_the_previous_rows_venue(
    qtbot, account_window, stex, txt  # noqa: F811
):
    nxt = open_order("0000501", stex="2")
    unknown = open_order("0000502", stex="1")
    unknown["stex_tp"], unknown["stex_tp_txt"] = stex, txt

    def queries(r):
        if r.headers["api-id"] == "ka10075":
            return [page("ka10075", "oso", [nxt, unknown])]
        return empty(r)

    with HostileHost(Host(queries)) as host:
        w = account_window(host)
        view = w.account.views["open_orders"]
        qtbot.waitUntil(lambda: len(view.rows()) == 2)
        form = w.forms["kt10009"]
        view.table.selectRow(0)
        w.account.cancel_button.click()  # an NXT order: the combo now says NXT
        assert form.raw_values()["dmst_stex_tp"] == "NXT"
        view.table.selectRow(1)
        if w.account.cancel_button.isEnabled():
            w.account.cancel_button.click()
            body = form.body
            # the form must not be ready to cancel 0000502 at NXT, a venue its row never named
            assert body is None or body.get("orig_ord_no") != "0000502" or body.get("dmst_stex_tp") != "NXT", body
        assert host.orders() == []
