"""Issues 19–21 together on ``kiwoom-gui --demo`` (the project's simulator, HTTP and WebSocket on 127.0.0.1):
the credit strip, 신용잔고 and the ticket's 최대 read the simulator's credit model; the ladder reads its stream;
the lot near 만기 is counted on the strip; 착오 방지 learns the stock's 보증금율 from kt00012."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QLabel, QPushButton, QTableView

from kiwoom_gui.market import ladder


def _label(w, form_id: str, name: str) -> QLabel:
    return w.forms[form_id].findChild(QLabel, name)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def test_the_desk_reads_the_simulators_credit_and_market(qtbot, window_with):
    w = window_with("--demo")
    strip = w.findChild(QLabel, "collateralRatio")
    qtbot.waitUntil(lambda: "%" in strip.text(), timeout=15000)
    assert _digits(w.findChild(QLabel, "deposit").text()), w.findChild(QLabel, "deposit").text()
    assert _digits(w.findChild(QLabel, "loanTotal").text())

    # 신용잔고: the demo's two lots, the 000660 one within a week of 만기 — counted on the tab and on the strip
    lots = w.account.loan_lots
    qtbot.waitUntil(lambda: len(lots.rows()) >= 2, timeout=15000)
    qtbot.waitUntil(lambda: lots.expiringCount() == 1, timeout=5000)
    expiring = w.findChild(QLabel, "expiringLots")
    qtbot.waitUntil(lambda: expiring.isVisibleTo(w) and "1" in expiring.text(), timeout=5000)

    # 신용매수 of 000660 (보증금율 40 %: a column of its own) → 주문가능수량 and 최대; 착오 방지 learns the rate
    buy = w.forms["kt10006"]
    w.tabs.setCurrentWidget(buy)
    buy.set_values({"dmst_stex_tp": "KRX", "stk_cd": "000660", "ord_qty": "", "trde_tp": "0"})
    qtbot.waitUntil(lambda: buy.instrument is not None and buy.instrument.code == "000660", timeout=10000)
    buy.set_values({"ord_uv": f"{buy.instrument.price}"})
    max_button = buy.findChild(QPushButton, "maxQuantity")
    qtbot.waitUntil(max_button.isEnabled, timeout=10000)
    max_button.click()
    quantity = buy.raw_values()["ord_qty"]
    assert quantity.isdigit() and int(quantity) > 0
    assert quantity in _digits(_label(w, "kt10006", "orderableQuantity").text())
    assert w.precautions.deposit_rate("000660") == Decimal("0.40")
    buy.set_values({"ord_qty": "10"})
    qtbot.waitUntil(lambda: "%" in _label(w, "kt10006", "estimatedRatio").text(), timeout=5000)

    # 005930's 45 % has no column: every column shown, 최대 off — never a guess
    buy.set_values({"stk_cd": "005930", "ord_uv": ""})
    qtbot.waitUntil(lambda: buy.instrument is not None and buy.instrument.code == "005930", timeout=10000)
    buy.set_values({"ord_uv": f"{buy.instrument.price}"})
    qtbot.waitUntil(lambda: "45" in _label(w, "kt10006", "orderableQuantity").text(), timeout=10000)
    assert not max_button.isEnabled()

    # the ladder: the simulator's live book of 005930; a click puts a level's price into 주문단가, sends nothing
    qtbot.waitUntil(lambda: w.live.state == "connected", timeout=15000)
    book = w.findChild(QTableView, "orderBook")
    model = book.model()

    def prices() -> dict[str, int]:
        found = {}
        for r in range(model.rowCount()):
            text = str(model.index(r, ladder.PRICE).data() or "")
            if _digits(text):
                found[text] = r
        return found

    qtbot.waitUntil(lambda: len(prices()) >= 10 and w.market.item == "005930", timeout=15000)
    log_rows = w.log.table.model().rowCount()
    text, row = sorted(prices().items())[0]
    book.clicked.emit(model.index(row, ladder.PRICE))
    assert buy.raw_values()["ord_uv"].replace(",", "") == _digits(text)
    qtbot.wait(100)
    assert w.log.table.model().rowCount() == log_rows  # nothing was sent
    assert "KRX" in w.findChild(QLabel, "marketState").text()

    # 신용잔고 → 신용매도: the lot's own date, and 최대 fills its 청산가능수량
    (index,) = [i for i, r in enumerate(lots.rows()) if r.stk_cd == "000660"]
    lots.table.selectRow(index)
    w.findChild(QPushButton, "sellSelectedLot").click()
    sell = w.forms["kt10007"]
    raw = sell.raw_values()
    lot = lots.rows()[index]
    assert (raw["stk_cd"], raw["crd_deal_tp"], raw["crd_loan_dt"]) == ("000660", "33", lot.loan_dt)
    sell_max = sell.findChild(QPushButton, "maxQuantity")
    qtbot.waitUntil(sell_max.isEnabled, timeout=5000)
    sell_max.click()
    assert sell.raw_values()["ord_qty"] == str(lot.value("clrn_alow_qty"))
