"""The summary line under a form stays true and bounded now that a field keeps whatever it is given.

A field used to be capped at its spec length, so the summary only ever saw short values; a whole
20,000-digit paste or a "²" typed through an input method must neither raise nor be read as a number.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from kiwoom_gui.orders.summary import order_summary


def test_a_huge_pasted_quantity_is_shown_shortened_never_raises(window):
    form = window.forms["kt10006"]
    window.tabs.setCurrentWidget(form)
    form.set_values({"stk_cd": "005930", "ord_uv": "2580"})
    QGuiApplication.clipboard().setText("9" * 20000)
    form.editors["ord_qty"].paste()  # an exception in the textChanged slot fails the test (pytest-qt)
    assert len(form.editors["ord_qty"].text()) == 20000
    assert "(20000자)" in form.summary.text() and len(form.summary.text()) < 120
    assert "최대 12자입니다" in form.error_labels["ord_qty"].text()
    assert not form.send_button.isEnabled()


def test_a_digit_that_is_not_ascii_is_not_read_as_a_number(window):
    form = window.forms["kt10006"]
    form.set_values({"stk_cd": "005930", "ord_uv": "2580", "ord_qty": ""})
    for text in ("²", "١٢"):  # superscript two; Arabic-Indic 12 (int() reads it as 12)
        form.editors["ord_qty"].clear()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(form.editors["ord_qty"], event)
        assert form.editors["ord_qty"].text() == text
        assert "=" not in form.summary.text()  # no amount computed from it
        assert not form.send_button.isEnabled()


def test_summary_amount_for_a_plain_order():
    values = {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "2580", "trde_tp": "0", "dmst_stex_tp": "KRX"}
    assert order_summary("kt10006", values) == "005930 · 10주 × 2,580원 = 25,800원 · 신용매수 · KRX"
    cancel = {"orig_ord_no": "4550000456", "stk_cd": "005930", "cncl_qty": "0", "dmst_stex_tp": "KRX"}
    assert order_summary("kt10009", cancel) == "원주문 4550000456 · 005930 · 잔량 전부 · 신용취소 · KRX"
