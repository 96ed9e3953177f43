"""The 융자 loan date starts empty, must be chosen, and cannot be after today (issue #10, Low).

Through the real 신용매도 form of the real window (mock environment, simulator on loopback). "Today" is
Korea's date; the future dates used are two days ahead, so a test running across midnight still holds.
"""

from __future__ import annotations

import datetime as dt

from gui_helpers import send, wait_answered
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QCalendarWidget, QLineEdit

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.orders.validation import korea_today
from kiwoom_gui.ui.orders.fields import editor_text

SELL = "kt10007"
LOAN = {"stk_cd": "005930", "ord_qty": "3", "ord_uv": "64500", "crd_deal_tp": "33"}  # 33 = 융자


def sell_form(window):
    form = window.forms[SELL]
    window.tabs.setCurrentWidget(form)
    form.set_values(LOAN)
    return form, form.editors["crd_loan_dt"]


def wire(date: dt.date) -> str:
    return date.strftime("%Y%m%d")


def test_loan_date_starts_empty_and_must_be_chosen(window):
    form, editor = sell_form(window)
    assert isinstance(editor, QLineEdit) and editor.isEnabled()
    assert editor_text(editor) == "" and form.raw_values()["crd_loan_dt"] == ""  # never a silent today
    assert form.error_labels["crd_loan_dt"].text() == "대출일을 입력하세요 (융자 주문)"
    assert form.body is None and not form.send_button.isEnabled()


def test_calendar_picks_a_date_and_cannot_go_past_today(qtbot, window):
    form, editor = sell_form(window)
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)  # opens the calendar
    calendar = editor.findChild(QCalendarWidget)
    assert calendar is not None and calendar.isVisible()
    today = korea_today()
    assert calendar.maximumDate() == QDate(today.year, today.month, today.day)
    assert calendar.selectedDate() == calendar.maximumDate()  # opens on today, not on some old page
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)  # tomorrow: beyond the limit
    assert calendar.selectedDate() == calendar.maximumDate()
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Left)  # yesterday
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    assert not calendar.isVisible()
    assert editor.text() == wire(today - dt.timedelta(days=1))
    assert form.error_labels["crd_loan_dt"].text() == "" and form.send_button.isEnabled()


def test_calendar_button_in_the_field_opens_it(window):
    form, editor = sell_form(window)
    editor.calendar_action.trigger()
    calendar = editor.findChild(QCalendarWidget)
    assert calendar is not None and calendar.isVisible()
    calendar.clicked.emit(calendar.selectedDate())  # what a mouse click on a day does
    assert editor.text() == calendar.selectedDate().toString("yyyyMMdd")
    assert form.send_button.isEnabled()


def test_a_future_loan_date_is_refused_at_the_field(qtbot, window):
    form, editor = sell_form(window)
    future = wire(korea_today() + dt.timedelta(days=2))
    editor.setFocus()
    qtbot.keyClicks(editor, future)
    assert editor.text() == future  # kept as typed
    assert "보다 뒤의 날짜는 안 됩니다" in form.error_labels["crd_loan_dt"].text()
    assert form.body is None and not form.send_button.isEnabled()


def test_set_values_takes_yyyymmdd_and_a_loan_order_is_sent_with_it(qtbot, window, simulator):
    form, editor = sell_form(window)
    form.set_values({"crd_loan_dt": "20240229"})
    assert editor_text(editor) == "20240229"
    send(qtbot, window, SELL)
    (row,) = wait_answered(qtbot, window, 1)
    assert row.outcome is Outcome.ACCEPTED
    body = simulator.order_requests()[-1].json()
    assert (body["crd_deal_tp"], body["crd_loan_dt"]) == ("33", "20240229")


def test_switching_away_from_융자_and_back_starts_empty_again(window):
    form, editor = sell_form(window)
    form.set_values({"crd_loan_dt": "20240229"})
    form.set_values({"crd_deal_tp": "99"})  # 융자합: no loan date
    assert not editor.isEnabled() and editor.text() == ""
    assert form.send_button.isEnabled() and form.body["crd_loan_dt"] == ""
    form.set_values({"crd_deal_tp": "33"})
    assert editor.isEnabled() and editor_text(editor) == ""
    assert not form.send_button.isEnabled()


def test_send_judges_the_loan_date_again_on_the_kst_day_of_the_send(qtbot, window, simulator):
    """Issue 17 item 10: a form judged on one day is sent on the day of the click. The form's clock said
    tomorrow (a PC clock running a day fast, since put right): tomorrow's loan date was fine then and is in
    the future now — Send refuses it at the field and nothing leaves."""
    form, editor = sell_form(window)
    tomorrow = korea_today() + dt.timedelta(days=1)
    form.today = lambda: tomorrow
    form.set_values({"crd_loan_dt": wire(tomorrow)})
    assert form.send_button.isEnabled(), form.error_labels["crd_loan_dt"].text()
    form.today = korea_today  # the clock is right again; nothing was typed since
    qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
    assert "보다 뒤의 날짜는 안 됩니다" in form.error_labels["crd_loan_dt"].text()
    assert form.body is None and not form.send_button.isEnabled() and not form.busy
    qtbot.wait(300)  # an order posted now would have reached the simulator by then
    assert simulator.order_requests() == [] and window.log.model.rows() == []


def test_calendar_does_not_go_before_1990(window):
    form, editor = sell_form(window)
    editor.open_calendar()
    assert editor.calendar.minimumDate() == QDate(1990, 1, 1)
