"""Hostile review of issue 12 (the stock lookup), through the real window against a scripted host on loopback
(tests/hostile_host.py) that answers ka10001 / ka10100 with what a broken or malicious host might send.

Each test names a defect: what the trader is shown, or what is sent, when the host's answer is odd."""

from __future__ import annotations

import time

import pytest
from gui_helpers import fill
from hostile_host import HostileHost, order_answer, reply, token_answer
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox

from kiwoom_gui.ui.window.confirmation import confirm_with_dialog, confirmation_text

SAMSUNG = "005930"
BASIC = {  # ka10001 for 005930 in the spec's shapes (signed price strings)
    "stk_cd": SAMSUNG, "stk_nm": "삼성전자", "cur_prc": "+71000", "base_pric": "70500", "upl_pric": "+91600",
    "lst_pric": "-49400", "pre_sig": "2", "flu_rt": "+0.71",
}
INFO = {  # ka10100 for 005930 (the spec's example)
    "code": SAMSUNG, "name": "삼성전자", "state": "증거금20%|담보대출|신용가능", "marketCode": "0",
    "marketName": "거래소", "orderWarning": "0", "nxtEnable": "Y",
}
ORDER = {"ord_qty": "1", "ord_uv": "71000"}  # on the grid, inside the band above


def stock_host(basic: dict, info: dict, *, basic_delay: float = 0.0):
    """A host answering the token, ka10001 (after ``basic_delay`` s) and ka10100 with the given bodies, orders
    with a number, and every account query with a quick refusal."""

    def script(r):
        api_id = r.headers.get("api-id", "")
        if r.path == "/oauth2/token":
            return [token_answer()]
        if r.path == "/api/dostk/stkinfo":
            ok = {"return_code": 0, "return_msg": "정상적으로 처리되었습니다"}
            body = {**(basic if api_id == "ka10001" else info), **ok}
            answer = reply(200, body, {"api-id": api_id, "cont-yn": "N", "next-key": ""})
            return [basic_delay, answer] if api_id == "ka10001" and basic_delay else [answer]
        if r.path == "/api/dostk/crdordr":
            return [order_answer(api_id, "0000001")]
        return [reply(200, {"return_code": 2, "return_msg": "조회 없음"}, {"api-id": api_id})]

    return script


@pytest.fixture
def window_at(window_with, demo_keys):
    def make(host: HostileHost):
        return window_with("--env", "mock", "--base-url", host.url, timeouts=(1.0, 5.0))

    return make


def landed(qtbot, form, code: str) -> None:
    form.set_values({"stk_cd": code})
    def done() -> bool:
        return form.instrument is not None or form.unknown_code or "가져오지 못했습니다" in form.instrument_line.text()

    qtbot.waitUntil(done, timeout=8000)


def shown_text(label: QLabel) -> str:
    """What a QLabel puts on screen: its text, or the text of the HTML it renders when Qt takes it as rich text."""
    text, fmt = label.text(), label.textFormat()
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def test_confirmation_dialog_never_renders_the_host_name_as_html(qtbot, window_at):
    """The stock name from ka10001 goes into the confirmation's informative text, a QLabel in Qt.AutoText: a
    name with a tag makes Qt render the whole text as HTML, and a "<!--" after it hides the warning the
    dialog exists to show, the body and the host. Fix: main_window.confirm_with_dialog — the informative
    label in Qt.PlainText (box.findChild(QLabel, "qt_msgbox_informativelabel").setTextFormat(PlainText)), or
    html.escape every host text and build the informative text as explicit rich text."""
    basic = {**BASIC, "stk_nm": "<b>삼성전자</b><!--"}
    info = {**INFO, "orderWarning": "5"}  # 투자경고: this order must be confirmed, naming it
    with HostileHost(stock_host(basic, info)) as host:
        w = window_at(host)
        form = w.forms["kt10006"]
        fill(w, "kt10006", ORDER)
        landed(qtbot, form, SAMSUNG)
        assert form.confirmation_warnings(), "the host said 투자경고"
        w.confirm = confirm_with_dialog(w)
        seen: list[str] = []

        def read_and_cancel() -> None:
            box = w.findChild(QMessageBox, "confirmOrder")
            if box is None or not box.isVisible():
                QTimer.singleShot(20, read_and_cancel)
                return
            seen.append(shown_text(box.findChild(QLabel, "qt_msgbox_informativelabel")) + "\n" + box.detailedText())
            box.reject()

        QTimer.singleShot(0, read_and_cancel)
        qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
        assert len(seen) == 1
        assert "투자경고 지정 종목입니다" in seen[0], f"the dialog shows only: {seen[0]!r}"
        assert '"ord_uv": "71000"' in seen[0], f"the body is hidden: {seen[0]!r}"
        assert host.orders() == []


def test_an_answer_about_another_code_is_not_shown_beside_the_code_asked(qtbot, window_at):
    """The host answers 005930's lookup with 000660's ka10001/ka10100 (its stk_cd / code say so): the form
    names SK하이닉스 next to 005930 and the summary reads SK하이닉스(005930) — wrong information beside the
    code, and the band of another stock. Fix: instrument_tasks.InstrumentTasks._request (or
    parse.instrument_from_answers) — compare the answer's stk_cd (without _NX/_AL) and ka10100 code with
    the code asked; a mismatch is a failed lookup."""
    basic = {**BASIC, "stk_cd": "000660", "stk_nm": "SK하이닉스"}
    info = {**INFO, "code": "000660", "name": "SK하이닉스"}
    with HostileHost(stock_host(basic, info)) as host:
        w = window_at(host)
        form = w.forms["kt10006"]
        fill(w, "kt10006", ORDER)
        landed(qtbot, form, SAMSUNG)
        lookups = [r for r in host.requests if r.path == "/api/dostk/stkinfo" and r.headers.get("api-id") == "ka10001"]
        assert lookups[0].json() == {"stk_cd": SAMSUNG}  # (not ka10099's list or kt20017's flags)
        assert "SK하이닉스" not in form.instrument_line.text()
        assert "SK하이닉스" not in form.summary.text(), form.summary.text()


@pytest.mark.parametrize("warning", [5, "투자경고", "５"], ids=["json-number", "words", "fullwidth"])
def test_an_order_warning_the_parser_cannot_read_is_not_taken_as_none(qtbot, window_at, warning):
    """ka10100 says the stock is under a warning, in a shape the parser does not expect (a JSON number, words,
    a full-width digit): parse.instrument_from_answers reads it as "" — no warning, no flag, no confirmation —
    and the order goes out unasked. Fail-open. Fix: parse.instrument_from_answers — an orderWarning that is
    present but not "0" (str(int) accepted; anything unreadable) becomes the unknown warning
    ("투자유의(…)"), flagged and confirmed."""
    with HostileHost(stock_host(BASIC, {**INFO, "orderWarning": warning})) as host:
        w = window_at(host)
        form = w.forms["kt10006"]
        fill(w, "kt10006", ORDER)
        landed(qtbot, form, SAMSUNG)
        assert form.instrument is not None and form.instrument.credit_ok is True  # ka10100 was read
        asked: list[str] = []
        w.confirm = lambda *a: asked.append(confirmation_text(w.confirming)) or False
        qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(asked) or bool(host.orders()), timeout=5000)
        assert asked, f"sent without a confirmation although ka10100 said orderWarning={warning!r}"
        assert host.orders() == []


def test_a_slow_lookup_does_not_hold_an_order_back(qtbot, window_at):
    """Issue 12: "Lookups are paced like other queries and never delay an order." The lookup runs on the same
    API thread and client as orders, so an order clicked while ka10001 is in flight waits for that answer
    (up to the read timeout / deadline). Here the host takes 2.5 s to answer ka10001; the order reaches it
    only after the lookup is done. Fix: ui/instrument_tasks.py / worker.py — run lookups on their own
    thread and client (own connection), so the order path never waits on a lookup."""
    with HostileHost(stock_host(BASIC, INFO, basic_delay=2.5)) as host:
        w = window_at(host)
        form = w.forms["kt10006"]
        qtbot.waitUntil(lambda: w.controller.is_running() and not w.controller.busy, timeout=5000)
        fill(w, "kt10006", {**ORDER, "stk_cd": SAMSUNG})
        qtbot.waitUntil(lambda: any(r.headers.get("api-id") == "ka10001" for r in host.requests), timeout=5000)
        assert form.send_button.isEnabled()
        clicked = time.perf_counter()
        qtbot.mouseClick(form.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(host.orders()), timeout=8000)
        waited = time.perf_counter() - clicked
        assert waited < 1.0, f"the order reached the host {waited:.2f} s after the click, behind the lookup"
