"""Fuzz through the real widgets: typed and pasted text of any kind into every field of every form.

No exception may escape (pytest-qt fails the test on one raised inside Qt), a field keeps every
character typed or pasted into it (a paste only loses its surrounding blanks), a refused value must be
explained in Korean beside a field, and every body that reaches the simulator must satisfy every rule
and be a faithful reading of the fields' texts.
"""

from __future__ import annotations

import re

from gui_helpers import rows, wait_answered
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox
from rule_oracle import VALID, assert_body_satisfies_rules, assert_read_faithfully

from kiwoom_gui.app import create_main_window
from kiwoom_gui.orders.specs import load_orders
from kiwoom_gui.ui.orders.fields import DateLineEdit

HANGUL = re.compile("[가-힣]")
SHORT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from(list("0123456789,.-+ 가나다삼성KRXnxt０١😀\u200b\x00\x1b\t")),
    max_size=20,
)
PLAUSIBLE = st.sampled_from(
    [
        *["", "0", "1", "10", "1,000", "2580", " 0000455 ", "005930", "12.5", "-1", "1,00", "0,500", "00,500"],
        *["00004551", "4550000456", "1234567890123", "20240229", "2024-02-29", "20991231", "²", "0059ß"],
    ]
)
PASTE = st.one_of(
    SHORT.map(lambda s: f" {s}\n"),  # a copied cell: surrounding blanks and a newline
    PLAUSIBLE.map(lambda s: f"\t{s}\r\n"),
    st.integers(5000, 20000).map(lambda n: "9" * n),  # huge
    st.text(max_size=3000),
)
# per field: keep the valid value, type something, paste something, or pick an option/date
ACTION = st.one_of(
    st.just(("keep", "")),
    st.just(("keep", "")),
    st.just(("keep", "")),
    st.tuples(st.just("type"), st.one_of(SHORT, PLAUSIBLE)),
    st.tuples(st.just("paste"), PASTE),
    st.tuples(st.just("pick"), st.integers(0, 30)),
)
CASE = st.sampled_from(list(VALID)).flatmap(
    lambda api: st.tuples(
        st.just(api),
        st.fixed_dictionaries({f.key: ACTION for f in load_orders()[api].request_body}),
    )
)


def type_text(qtbot, widget, text: str) -> None:
    """ASCII as key presses; anything else as an input-method commit, the way Hangul and emoji arrive.

    (QTest can only synthesise keys it has a key code for and aborts on the rest.)
    """
    for ch in text:
        if ch.isascii() and ch.isprintable():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def apply(qtbot, editor, action: tuple[str, object]) -> None:
    kind, value = action
    if kind == "keep" or not editor.isEnabled():
        return
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(int(value) % editor.count() if kind == "pick" else editor.currentIndex())
        return
    editor.setFocus()
    if kind == "pick":
        if isinstance(editor, DateLineEdit):  # the calendar, by keyboard: back some days, Enter
            qtbot.keyClick(editor, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
            calendar = editor.calendar.focusWidget() or editor.calendar
            for _ in range(int(value)):
                qtbot.keyClick(calendar, Qt.Key.Key_Left)
            qtbot.keyClick(calendar, Qt.Key.Key_Return)
            assert len(editor.text()) == 8 and not editor.calendar.isVisible()
        return
    before = editor.text()
    editor.selectAll()
    if kind == "type":
        qtbot.keyClick(editor, Qt.Key.Key_Backspace)
        type_text(qtbot, editor, str(value))
        assert editor.text() == str(value)  # every character typed is kept
    elif kind == "paste":
        QGuiApplication.clipboard().setText(str(value))
        qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
        assert editor.text() == (str(value).strip() or before)  # whole, only its surrounding blanks gone


def test_any_input_in_any_field_sends_only_valid_bodies(qtbot, tmp_path):
    w = create_main_window(["--demo", "--data-dir", str(tmp_path)], orders_per_second=0)  # no 5/s wait
    qtbot.addWidget(w)
    # a case may be asked about first (주문 착오 방지 on a price far from the last, 투자유의 not known yet): the
    # user says yes, so the body is still sent and checked — offscreen the modal dialog would wait for ever
    w.confirm = lambda *args: True
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    sent: list[tuple[str, dict]] = []
    for form in w.forms.values():
        form.send_requested.connect(lambda api_id, body: sent.append((api_id, dict(body))))

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(CASE)
    def one_form(case) -> None:
        api_id, actions = case
        form = w.forms[api_id]
        w.tabs.setCurrentWidget(form)
        form.set_values(VALID[api_id])
        for key, action in actions.items():
            apply(qtbot, form.editors[key], action)
        if form.send_button.isEnabled():
            before = len(rows(w))
            raw = form.raw_values()
            qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
            assert len(sent) == before + 1 and sent[-1][0] == api_id
            assert_body_satisfies_rules(api_id, sent[-1][1])
            assert_read_faithfully(raw, sent[-1][1])
            wait_answered(qtbot, w, len(sent))  # the form is busy until then
            assert len(rows(w)) == len(sent)
        else:
            shown = [label.text() for label in form.error_labels.values() if label.text()]
            assert shown and all(HANGUL.search(t) for t in shown), (actions, shown)

    try:
        one_form()
        reached = w.simulator.order_requests() if w.simulator else []
        assert [(r.headers["api-id"], r.json()) for r in reached] == sent
        for api_id, body in sent:
            assert_body_satisfies_rules(api_id, body)
        assert len(sent) >= 10  # about 1 in 10 cases is valid (~30 sends): the send path is exercised
    finally:
        w.close()
