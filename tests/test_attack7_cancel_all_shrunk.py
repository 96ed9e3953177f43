"""Hostile review 7 (the integrated main): 모두 취소 reads "several rows chosen: those rows; ONE row chosen: every
open credit order of that stock and venue". The user chose two orders of two stocks; a live fill removed one of
them — the other stayed selected alone, and the same button then meant every order of its stock: an order the
user never chose (a third one of that stock) was planned for cancelling.

Real window; a recording host on 127.0.0.1 (ka10075 lists three credit orders); a hostile WebSocket host pushing
the 00 fill.
"""

from __future__ import annotations

from hostile_host import HostileHost
from hostile_ws import HostileWS, order_values, real
from PySide6.QtCore import QItemSelectionModel
from test_attack4_account_unknown import FAST, MINE, _live
from test_gui_account_hostile import Host, empty, open_order, page

A, B, C = "0000011", "0000012", "0000013"


def queries(r):
    if r.headers["api-id"] == "ka10075":
        rows = [open_order(A), {**open_order(B), "stk_cd": "000660", "stk_nm": "SK하이닉스"}, open_order(C)]
        return [page("ka10075", "oso", rows)]
    return empty(r)


def test_a_two_row_choice_shrunk_by_a_fill_does_not_become_the_whole_stock(qtbot, window_with, demo_keys):
    ws = HostileWS().start()
    try:
        with HostileHost(Host(queries)) as http:
            options = ("--env", "mock", "--base-url", http.url, "--ws-url", ws.url)
            w = window_with(*options, live_options=FAST, orders_per_second=0)
            w.refresh_account()
            view = w.account.views["open_orders"]
            qtbot.waitUntil(lambda: _live(w, ws) and w.account_number == MINE and len(view.rows()) == 3
                            and view.complete, timeout=8000)  # fmt: skip
            numbers = [r.ord_no for r in view.rows()]
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            for number in (A, B):  # ctrl-click: A (005930) and B (000660)
                view.table.selectionModel().select(view.model.index(numbers.index(number), 0), flags)
            assert len(view.selected_indices()) == 2

            fill = order_values(B, f9001="000660", f913="체결", f902="0", f911="10", f910="60000", f905="+매수신용")
            ws.push(real(fill))  # B is filled: its row leaves 미체결
            qtbot.waitUntil(lambda: B not in [r.ord_no for r in view.rows()], timeout=5000)

            planned: list = []
            w.cancel_all.confirm = lambda env, count, info: planned.append(info) or False  # the user reads, declines
            if w.cancel_all.button.isEnabled():
                w.cancel_all.button.click()
            assert not any(C in info for info in planned), f"{C} was never chosen, yet planned: {planned}"
        assert http.orders() == []
    finally:
        ws.stop()
