"""Issue 20: the market beside the ticket — lastPrice, the orderBook ladder, REG/REMOVE by venue, the ka10007 snapshot,
click-to-price, and what a hostile market stream cannot do (an unreadable frame is never a price; a REMOVEd item's
late frames are not shown; a crossed book is marked).

Real window, a scripted HTTP host (tests/hostile_host.py) and a WebSocket host (tests/hostile_ws.py), 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import sys
import threading

import pytest
from hostile_host import HostileHost, reply, token_answer
from hostile_ws import HostileWS, book_values, market, sent, trade_values
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont
from test_gui_account_hostile import empty

from kiwoom_gui.market import ladder
from kiwoom_gui.market.quotes import market_data

FAST = {"backoff_s": (5.0,), "idle_timeout_s": 60.0}
TYPES = ["0B", "0D", "0H", "1h", "0g"]
# the snapshot: 71,000 / 70,900 at the top of the book, band 91,600 – 49,400 around 기준가 70,500
SNAP_ASKS = [(71000 + 100 * i, 100 + i) for i in range(10)]
SNAP_BIDS = [(70900 - 100 * i, 200 + i) for i in range(10)]


def snapshot_body(item: str) -> dict:
    body = {"stk_cd": item[:6], "stk_nm": "삼성전자", "tm": "140000", "cur_prc": "+71000", "smbol": "2",
            "flu_rt": "+0.71", "trde_qty": "1000", "upl_pric": "+91600", "lst_pric": "-49400",
            "pred_close_pric": "70500", "tot_sel_req": "1045", "tot_buy_req": "2045", "exp_cntr_pric": "0",
            "return_code": 0, "return_msg": "정상적으로 처리되었습니다"}
    for i in range(10):
        body[f"sel_{i + 1}bid"], body[f"sel_{i + 1}bid_req"] = f"+{SNAP_ASKS[i][0]}", str(SNAP_ASKS[i][1])
        body[f"buy_{i + 1}bid"], body[f"buy_{i + 1}bid_req"] = f"+{SNAP_BIDS[i][0]}", str(SNAP_BIDS[i][1])
    return body


class Host:
    def __init__(self) -> None:
        self.snapshots: list[dict] = []
        self.lock = threading.Lock()

    def __call__(self, r):
        if r.path == "/oauth2/token":
            return [token_answer()]
        if r.path == "/api/dostk/mrkcond":
            with self.lock:
                self.snapshots.append({"api-id": r.headers.get("api-id"), **r.json()})
            return [reply(200, snapshot_body(r.json()["stk_cd"]), {"api-id": "ka10007", "cont-yn": "N"})]
        return empty(r)


@pytest.fixture(scope="module")
def servers():
    ws = HostileWS().start()
    host = Host()
    with HostileHost(host) as http:
        yield ws, http, host
    ws.stop()


def price_rows(w) -> dict[str, int]:
    """The ladder's price column: display text → row."""
    model = w.market.view.model()
    texts = [model.index(r, ladder.PRICE).data() for r in range(model.rowCount())]
    return {text: r for r, text in enumerate(texts) if text}


def regs_and_removes(ws) -> list[tuple[str, list, list]]:
    """The market group's REG / REMOVE frames, in the order they came: (trnm, items, types)."""
    bodies = [b for b in sent(ws.received, "REG") + sent(ws.received, "REMOVE") if b.get("grp_no") == "2"]
    bodies.sort(key=lambda b: ws.received.index(json.dumps(b, ensure_ascii=False, separators=(",", ":"))))
    return [(b["trnm"], b["data"][0]["item"], b["data"][0]["type"]) for b in bodies]


def test_the_ladder_follows_the_forms_stock_and_venue_and_a_click_only_fills_the_price(qtbot, window_with, demo_keys,
                                                                                       servers):
    ws, http, host = servers
    w = window_with("--env", "mock", "--base-url", http.url, "--ws-url", ws.url, live_options=FAST,
                    orders_per_second=0, timeouts=(1.0, 3.0))
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
    form = w.forms["kt10006"]
    form.set_values({"stk_cd": "005930"})

    # REG of the KRX item in the market's own group, for the types in resources; a ka10007 snapshot of it
    qtbot.waitUntil(lambda: ("REG", ["005930"], TYPES) in regs_and_removes(ws), timeout=5000)
    reg = [b for b in sent(ws.received, "REG") if b.get("grp_no") == "2"][0]
    assert reg == {"trnm": "REG", "grp_no": "2", "refresh": "1", "data": [{"item": ["005930"], "type": TYPES}]}
    qtbot.waitUntil(lambda: "71,000" in price_rows(w), timeout=5000)
    assert host.snapshots[-1] == {"api-id": "ka10007", "stk_cd": "005930"}
    assert "스냅샷" in w.market.note.text()
    assert "스냅샷" in w.market.last_price.text() and "71,000" in w.market.last_price.text()

    # 0D keeps it live: a new book replaces the snapshot; 0B gives the price line (red: up)
    asks = [(71100 + 100 * i, 10 + i) for i in range(10)]
    bids = [(71000 - 100 * i, 20 + i) for i in range(10)]
    ws.push(market("0D", "005930", book_values(asks, bids)))
    qtbot.waitUntil(lambda: "72,000" in price_rows(w), timeout=5000)
    assert "스냅샷" not in w.market.note.text()
    ws.push(market("0B", "005930", trade_values(71100, 600, time="140322")))
    qtbot.waitUntil(lambda: "71,100" in w.market.last_price.text(), timeout=5000)
    line = w.market.last_price.text()
    assert "14:03:22" in line and "1,234,567" in line and "#c62828" in line and "스냅샷" not in line
    model = w.market.view.model()
    assert model.index(price_rows(w)["71,100"], ladder.MARKS).data() == "현재가"

    # a click on a level puts its price into 가격 and sends nothing
    orders_before = len(http.orders())
    frames_before = len(ws.received)
    row = price_rows(w)["71,300"]
    w.market.view.clicked.emit(model.index(row, ladder.SIZE_ASK))
    assert form.raw_values()["ord_uv"] == "71,300"
    # the keyboard does the same: Enter on the current row
    w.market.view.setFocus()
    w.market.view.setCurrentIndex(model.index(price_rows(w)["70,800"], ladder.PRICE))
    qtbot.keyClick(w.market.view, Qt.Key.Key_Return)
    assert form.raw_values()["ord_uv"] == "70,800"
    # a level off the tick grid (100원 here) or above 상한가 fills nothing and says why
    ws.push(market("0D", "005930", book_values([(71050, 5), (91700, 1)], bids)))
    qtbot.waitUntil(lambda: "71,050" in price_rows(w), timeout=5000)
    w.market.view.clicked.emit(model.index(price_rows(w)["71,050"], ladder.PRICE))
    assert form.raw_values()["ord_uv"] == "70,800"
    assert "호가단위" in w.market.message.text()
    w.market.view.clicked.emit(model.index(price_rows(w)["91,700"], ladder.PRICE))
    assert form.raw_values()["ord_uv"] == "70,800"
    assert "상한가 91,600" in w.market.message.text()
    qtbot.wait(300)
    assert len(http.orders()) == orders_before
    assert not [t for t in ws.received[frames_before:] if '"trnm"' in t and "REAL" not in t]

    # another venue: the old item is REMOVEd, the new one REGed (with the suffix) and snapshotted
    venue = form.editors["dmst_stex_tp"]
    venue.setCurrentIndex(venue.findData("NXT"))
    qtbot.waitUntil(lambda: ("REG", ["005930_NX"], TYPES) in regs_and_removes(ws), timeout=5000)
    steps = regs_and_removes(ws)
    assert steps.index(("REMOVE", ["005930"], TYPES)) < steps.index(("REG", ["005930_NX"], TYPES))
    remove = [b for b in sent(ws.received, "REMOVE") if b.get("grp_no") == "2"][0]
    assert "refresh" not in remove
    qtbot.waitUntil(lambda: host.snapshots[-1]["stk_cd"] == "005930_NX", timeout=5000)
    qtbot.waitUntil(lambda: "71,000" in price_rows(w), timeout=5000)
    # a late frame of the REMOVEd item is not shown; the NXT item's is
    ws.push(market("0D", "005930", book_values([(80000, 1)], [(79900, 1)])))
    ws.push(market("0D", "005930_NX", book_values([(71200, 7)], [(71100, 8)])))
    qtbot.waitUntil(lambda: "71,200" in price_rows(w), timeout=5000)
    assert "80,000" not in price_rows(w)

    # 신용정정: the click fills 정정단가 (mdfy_uv)
    w.tabs.setCurrentWidget(w.forms["kt10008"])
    modify = w.forms["kt10008"]
    modify.set_values({"stk_cd": "005930"})
    qtbot.waitUntil(lambda: w.market.item == "005930" and "71,000" in price_rows(w), timeout=5000)
    w.market.view.clicked.emit(model.index(price_rows(w)["71,000"], ladder.PRICE))
    assert modify.raw_values()["mdfy_uv"] == "71,000"
    assert len(http.orders()) == orders_before


def test_unreadable_and_crossed_books_are_skipped_or_marked(qtbot, window_with, demo_keys, servers):
    ws, http, host = servers
    w = window_with("--env", "mock", "--base-url", http.url, "--ws-url", ws.url, live_options=FAST,
                    orders_per_second=0, timeouts=(1.0, 3.0))
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
    w.forms["kt10006"].set_values({"stk_cd": "000660"})
    qtbot.waitUntil(lambda: w.market.item == "000660" and "71,000" in price_rows(w), timeout=5000)
    assert w.live.bridge.market.bad_frames == 0

    ws.push("{not json")
    ws.push(market("0D", "000660", book_values([(75000, 1)], [(74900, 1)], f41="+7a000")))
    ws.push(market("0B", "000660", {**trade_values(99999, 1), "10": "--"}))
    qtbot.waitUntil(lambda: w.live.bridge.market.bad_frames == 3, timeout=5000)
    assert "3건" in w.live.label.toolTip()
    assert "75,000" not in price_rows(w) and "74,900" not in price_rows(w)
    assert "99,999" not in w.market.last_price.text()

    # crossed: shown as it came, but marked
    ws.push(market("0D", "000660", book_values([(71000, 3)], [(71000, 4)])))
    qtbot.waitUntil(lambda: "교차" in w.market.note.text(), timeout=5000)
    assert "71,000" in price_rows(w)


def test_without_a_live_connection_the_price_says_it_is_a_snapshot(qtbot, window_with, demo_keys, servers):
    ws, http, host = servers
    w = window_with("--env", "mock", "--base-url", http.url, orders_per_second=0, timeouts=(1.0, 3.0))
    w.forms["kt10006"].set_values({"stk_cd": "005930"})
    qtbot.waitUntil(lambda: "71,000" in price_rows(w), timeout=5000)
    line = w.market.last_price.text()
    assert "스냅샷" in line and "기준" in line and "71,000" in line
    assert w.live.state != "connected"


def test_a_repaint_of_the_ladder_runs_no_python_and_a_book_touches_only_the_cells_it_changed(qtbot, window_with,
                                                                                             demo_keys, servers):
    """Under a flood the ladder repaints up to once a frame: a repaint asks every cell for every role, so none of that
    may go through Python (issue 20: ~24,000 data() calls a second took the CPU the order's thread needed); and a
    0D that changed one level's size announces that one cell, an unchanged one none. The looks stay as they were."""
    ws, http, host = servers
    w = window_with("--env", "mock", "--base-url", http.url, "--ws-url", ws.url, live_options=FAST,
                    orders_per_second=0, timeouts=(1.0, 3.0))
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=8000)
    w.forms["kt10006"].set_values({"stk_cd": "035420"})
    qtbot.waitUntil(lambda: w.market.item == "035420" and "71,000" in price_rows(w), timeout=5000)
    asks = [(71100 + 100 * i, 10 + i) for i in range(10)]
    bids = [(71000 - 100 * i, 20 + i) for i in range(10)]
    ws.push(market("0D", "035420", book_values(asks, bids)))
    ws.push(market("0B", "035420", trade_values(71100, 600, time="140322")))
    qtbot.waitUntil(lambda: "72,000" in price_rows(w) and "71,100" in w.market.last_price.text(), timeout=5000)
    model, view = w.market.view.model(), w.market.view

    # the looks: 현재가 bold on its own background, above 기준가 (70,500) red, below blue; sizes right-aligned
    colours = market_data()["colours"]
    last = model.index(price_rows(w)["71,100"], ladder.PRICE)
    assert last.data(Qt.ItemDataRole.BackgroundRole).color().name() == colours["last_bg"]
    assert last.data(Qt.ItemDataRole.FontRole).bold()
    assert last.data(Qt.ItemDataRole.ForegroundRole).color().name() == colours["up"]
    low = model.index(price_rows(w)["70,100"], ladder.PRICE)
    assert low.data(Qt.ItemDataRole.ForegroundRole).color().name() == colours["down"]
    assert low.data(Qt.ItemDataRole.BackgroundRole).color().name() == colours["bid_bg"]
    assert not (low.data(Qt.ItemDataRole.FontRole) or QFont()).bold()
    ask_size = model.index(price_rows(w)["71,300"], ladder.SIZE_ASK)
    assert ask_size.data() == "12" and ask_size.data(Qt.ItemDataRole.BackgroundRole).color().name() == colours["ask_bg"]
    assert int(ask_size.data(Qt.ItemDataRole.TextAlignmentRole)) == int(Qt.AlignmentFlag.AlignRight
                                                                        | Qt.AlignmentFlag.AlignVCenter)
    assert not model.flags(ask_size) & Qt.ItemFlag.ItemIsEditable

    changed: list[tuple[int, int]] = []

    def on_changed(top_left, bottom_right, *_: object) -> None:
        changed.extend((r, c) for r in range(top_left.row(), bottom_right.row() + 1)
                       for c in range(top_left.column(), bottom_right.column() + 1))

    model.dataChanged.connect(on_changed)
    # one level's size changes (the total kept): that one cell, and nothing else, is announced
    resized = [*asks[:2], (71300, 99), *asks[3:]]
    total = str(sum(s for _, s in asks))
    ws.push(market("0D", "035420", book_values(resized, bids, f121=total)))
    qtbot.waitUntil(lambda: ask_size.data() == "99", timeout=5000)
    assert set(changed) == {(ask_size.row(), ladder.SIZE_ASK)}
    # the same book again: nothing announced
    changed.clear()
    shown = w.market.books_shown
    ws.push(market("0D", "035420", book_values(resized, bids, f121=total)))
    qtbot.waitUntil(lambda: w.market.books_shown > shown, timeout=5000)
    assert changed == []

    # a repaint of the whole ladder: painted, and not one Python function of the program ran for it
    painted: list[int] = []

    class Paints(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
            if event.type() == QEvent.Type.Paint:
                painted.append(1)
            return False

    w.resize(1400, 1300)  # the whole ladder on screen, as in the benchmark
    w.ticket_column.setSizes([620, 680])
    qtbot.waitUntil(lambda: view.isVisible() and view.viewport().height() > 200, timeout=5000)
    qtbot.wait(50)  # whatever else was waiting to be painted, painted first
    watcher = Paints()
    view.viewport().installEventFilter(watcher)
    calls: list[str] = []

    def profile(frame, event, arg) -> None:  # noqa: ANN001
        if event == "call" and f"{os.sep}kiwoom_gui{os.sep}" in frame.f_code.co_filename:
            calls.append(f"{frame.f_code.co_filename.rsplit(os.sep, 1)[-1]}:{frame.f_code.co_name}")

    before = sys.getprofile()
    sys.setprofile(profile)
    try:
        view.viewport().repaint()
    finally:
        sys.setprofile(before)
    view.viewport().removeEventFilter(watcher)
    assert painted, "the ladder was not painted"
    assert calls == [], f"{len(calls)} Python calls for one repaint, e.g. {sorted(set(calls))[:5]}"
