"""A ticket a trader can live in (issue 18), on the real window against the simulator on loopback: the layout
holds still while a lookup lands, the keyboard reaches every field and price button in reading order, and the
small things — a formatted 현재가, a price that leaves with its stock, 정정조건단가 only for an original that has
a 조건단가, placeholders that fit, a 금액 field wide enough for ten digits, a stock line that wraps between items."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLineEdit, QStyle, QToolButton, QWidget

SAMSUNG = "005930"  # the simulator's 삼성전자: 현재가 71,000
HYNIX = "000660"
ETF = "069500"


def active(qtbot, w):
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    return w


def settle(qtbot) -> None:
    """Let the deferred layout requests run (a layout moves widgets on the next event loop turns)."""
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(20)


def y_in_window(window, widget: QWidget) -> int:
    return widget.mapTo(window, QPoint(0, 0)).y()


def looked_up(qtbot, form, code: str) -> None:
    form.set_values({"stk_cd": code})
    qtbot.waitUntil(lambda: form.instrument is not None and form.instrument.code == code, timeout=8000)


@pytest.mark.parametrize("api_id", ["kt10006", "kt10008"])
def test_the_fields_below_the_code_hold_still_when_a_lookup_lands_and_leaves(qtbot, window, api_id):
    form = window.forms[api_id]
    window.tabs.setCurrentWidget(form)
    settle(qtbot)
    below = [k for k in form.editors if k not in ("dmst_stex_tp", "orig_ord_no", "stk_cd")]
    before = {k: y_in_window(window, form.editors[k]) for k in below}
    form.set_values({"stk_cd": SAMSUNG})  # 조회 중… first, then the whole stock line
    settle(qtbot)
    assert {k: y_in_window(window, form.editors[k]) for k in below} == before
    qtbot.waitUntil(lambda: "삼성전자" in form.instrument_line.text(), timeout=8000)
    settle(qtbot)
    assert {k: y_in_window(window, form.editors[k]) for k in below} == before
    line = form.instrument_line
    assert line.geometry().height() >= line.heightForWidth(line.width())  # the whole line shows, none cut off
    form.set_values({"stk_cd": "00593"})  # a half code: the line empties
    settle(qtbot)
    assert form.instrument_line.text() == ""
    assert {k: y_in_window(window, form.editors[k]) for k in below} == before


def focus_name(qtbot) -> str:
    widget = QApplication.focusWidget()
    return widget.objectName() if widget is not None else ""


def test_ctrl_number_puts_the_focus_on_the_forms_first_empty_field(qtbot, window):
    w = active(qtbot, window)
    w.forms["kt10006"].set_values({"stk_cd": SAMSUNG})
    w.forms["kt10008"].set_values({"orig_ord_no": "0000001"})
    for key, form, first_empty in (
        (Qt.Key.Key_2, "kt10007", "stk_cd"),
        (Qt.Key.Key_1, "kt10006", "ord_qty"),
        (Qt.Key.Key_3, "kt10008", "stk_cd"),
        (Qt.Key.Key_4, "kt10009", "orig_ord_no"),
    ):
        qtbot.keyClick(QApplication.focusWidget() or w, key, Qt.KeyboardModifier.ControlModifier)
        assert w.tabs.currentWidget() is w.forms[form]
        qtbot.waitUntil(lambda first_empty=first_empty: focus_name(qtbot) == first_empty, timeout=2000)
        assert QApplication.focusWidget() is w.forms[form].editors[first_empty]


def tab_chain(qtbot, form, start: QWidget, presses: int) -> list[QWidget]:
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus, timeout=2000)
    chain = [start]
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        widget = QApplication.focusWidget()
        if widget is None or not form.isAncestorOf(widget):
            break
        chain.append(widget)
    return chain


@pytest.mark.parametrize(
    "api_id, expected",
    [
        ("kt10006", ["dmst_stex_tp", "stk_cd", "ord_qty", "trde_tp", "ord_uv", "fillCurrent", "fillUpper",
                     "fillLower", "amount"]),
        ("kt10008", ["dmst_stex_tp", "orig_ord_no", "stk_cd", "mdfy_qty", "mdfy_uv", "fillCurrent", "fillUpper",
                     "fillLower"]),
    ],
)
def test_tab_follows_reading_order_with_the_order_type_before_the_price_and_reaches_the_price_buttons(
    qtbot, window, api_id, expected
):
    w = active(qtbot, window)
    form = w.forms[api_id]
    w.tabs.setCurrentWidget(form)
    looked_up(qtbot, form, SAMSUNG)  # the price buttons are enabled once the stock is known
    settle(qtbot)
    chain = tab_chain(qtbot, form, form.editors["dmst_stex_tp"], len(expected) - 1)
    assert [c.objectName() for c in chain] == expected
    # reading order: every next stop is lower on the form, or on the same row further right
    spots = [c.mapTo(form, QPoint(0, 0)) for c in chain]
    for a, b in zip(spots, spots[1:], strict=False):
        assert b.y() > a.y() or (b.y() == a.y() and b.x() > a.x()), (chain, spots)
    for name in ("fillCurrent", "fillUpper", "fillLower"):
        button = form.fill_buttons[name]
        assert button.focusPolicy() == Qt.FocusPolicy.StrongFocus and button.toolTip()
    # the button the focus is on works from the keyboard
    button = form.fill_buttons["fillUpper"]
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert form.editors[form.main_price_key].text() == "91,600"


def test_current_price_fills_formatted_and_is_sent_as_plain_digits(qtbot, window, simulator):
    buy = window.forms["kt10006"]
    window.tabs.setCurrentWidget(buy)
    looked_up(qtbot, buy, SAMSUNG)
    buy.set_values({"ord_qty": "1"})
    qtbot.mouseClick(buy.fill_buttons["fillCurrent"], Qt.MouseButton.LeftButton)
    assert buy.editors["ord_uv"].text() == "71,000"
    assert buy.body is not None and buy.body["ord_uv"] == "71000"


def test_changing_the_code_clears_the_old_stocks_price_but_retyping_the_same_code_keeps_it(qtbot, window):
    w = active(qtbot, window)
    buy = w.forms["kt10006"]
    w.tabs.setCurrentWidget(buy)
    code, price = buy.editors["stk_cd"], buy.editors["ord_uv"]
    looked_up(qtbot, buy, SAMSUNG)
    qtbot.mouseClick(buy.fill_buttons["fillCurrent"], Qt.MouseButton.LeftButton)
    buy.set_values({"ord_qty": "3"})
    code.setFocus()
    code.end(False)
    qtbot.keyClick(code, Qt.Key.Key_Backspace)  # 00593: a half code while the user types
    qtbot.keyClicks(code, "0")  # the same stock again: its price stays
    assert code.text() == SAMSUNG and price.text() == "71,000"
    code.selectAll()
    qtbot.keyClicks(code, HYNIX)  # another stock, key by key
    assert price.text() == "" and buy.editors["ord_qty"].text() == "3"  # the price was the old stock's
    qtbot.keyClicks(price, "150000")  # typed for the new stock
    code.selectAll()
    qtbot.keyClicks(code, ETF)
    assert price.text() == ""
    buy.set_values({"ord_uv": "35000", "stk_cd": SAMSUNG})  # set together (a fill from a row): both stay
    assert code.text() == SAMSUNG and price.text() == "35000"


def test_the_condition_price_of_a_modify_is_open_only_for_an_original_with_a_condition(qtbot, window):
    modify = window.forms["kt10008"]
    window.tabs.setCurrentWidget(modify)
    cond = modify.editors["mdfy_cond_uv"]
    assert not cond.isEnabled()  # the original's type is not known yet
    assert "조건부지정가" in cond.toolTip()
    modify.fill_from_original({"dmst_stex_tp": "KRX", "orig_ord_no": "0000001", "stk_cd": SAMSUNG})
    modify.set_values({"mdfy_qty": "1", "mdfy_uv": "70000"})
    modify.set_original_order_type("보통")
    assert not cond.isEnabled() and modify.body is not None and modify.body["mdfy_cond_uv"] == ""
    modify.set_original_order_type("조건부지정가")  # the 미체결 row's words
    assert cond.isEnabled()
    qtbot.keyClicks(cond, "69000")
    assert modify.body is not None and modify.body["mdfy_cond_uv"] == "69000"
    modify.set_original_order_type(None)  # not known: closed, and what was typed is gone
    assert not cond.isEnabled() and cond.text() == "" and modify.body["mdfy_cond_uv"] == ""
    modify.set_original_order_type("5")  # a log row's request body: trde_tp "5"
    assert cond.isEnabled()
    cond.setText("69000")
    modify.set_values({"orig_ord_no": "0000002"})  # another original: its type is not the one we were told
    assert not cond.isEnabled() and cond.text() == "" and modify.body["mdfy_cond_uv"] == ""


def text_width(edit: QLineEdit) -> int:
    """Where a line edit draws its text: its width less the frame, Qt's 2 px margins and any icon button."""
    frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit) if edit.hasFrame() else 0
    margins = edit.textMargins()
    icons = sum(b.width() + 6 for b in edit.findChildren(QToolButton) if b.isVisible())
    return edit.width() - 2 * frame - 4 - margins.left() - margins.right() - icons


def test_placeholders_fit_their_fields_and_the_whole_hint_is_in_the_tooltip(qtbot, window):
    for form in window.forms.values():
        window.tabs.setCurrentWidget(form)
        settle(qtbot)
        edits = [e for e in form.editors.values() if isinstance(e, QLineEdit)]
        edits += [form.amount] if form.amount is not None else []
        for edit in edits:
            shown = edit.placeholderText()
            if not shown:
                continue
            assert edit.fontMetrics().horizontalAdvance(shown) <= text_width(edit), (form.objectName(), shown)
            key = edit.objectName()
            hint = form.spec.body_field(key).hint if form.spec.has_field(key) else ""
            if hint:
                assert hint in edit.toolTip(), (key, edit.toolTip())
    sell = window.forms["kt10007"]
    assert "달력(Alt+↓)" in sell.editors["crd_loan_dt"].toolTip()


def test_the_amount_field_shows_a_billion_won_whole(qtbot, window):
    buy = window.forms["kt10006"]
    window.tabs.setCurrentWidget(buy)
    settle(qtbot)
    amount = buy.amount
    assert amount.fontMetrics().horizontalAdvance("1,000,000,000") <= text_width(amount)


def line_items(label) -> tuple[list[str], list[str]]:
    """The stock line's items (between " · ") and the lines the label's text breaks into at its width."""
    doc = QTextDocument()
    doc.setDefaultFont(label.font())
    doc.setDocumentMargin(0)
    doc.setHtml(label.text())
    doc.setTextWidth(label.contentsRect().width())
    doc.size()  # lays the text out
    plain = doc.toPlainText().replace("\u00a0", " ")
    items = [i.strip() for i in plain.split(" · ") if i.strip()]
    lines, block = [], doc.begin()
    while block.isValid():
        layout = block.layout()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            lines.append(block.text()[line.textStart():line.textStart() + line.textLength()].replace("\u00a0", " "))
        block = block.next()
    return items, lines


def test_the_stock_line_wraps_between_items_never_inside_one(qtbot, window):
    buy = window.forms["kt10006"]
    window.tabs.setCurrentWidget(buy)
    looked_up(qtbot, buy, SAMSUNG)
    settle(qtbot)
    label = buy.instrument_line
    for width in (label.contentsRect().width(), 180, 260, 330):
        label.resize(width, label.height())
        items, lines = line_items(label)
        assert len(items) >= 5 and len(lines) >= 2, (items, lines)  # narrow enough to wrap
        for item in items:
            assert any(item in line for line in lines), (width, item, lines)
    buy.grab().save("/tmp/form-trader-details.png")
