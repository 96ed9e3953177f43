"""A stock by its name (issue 21) through the real window against the simulator on loopback: the list comes
from ka10099 (POST /api/dostk/stkinfo, 코스피/코스닥/ETF) through the API thread, is kept in the data folder for
the day, and typing 삼성 in 종목코드 offers the simulator's listed stocks; choosing one puts its code."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from kiwoom_gui.simulator.host_answers import STOCK_INFO_PATH


def list_requests(simulator) -> list[tuple[str, dict]]:
    return [
        (r.headers.get("api-id", ""), json.loads(r.body))
        for r in simulator.recorded
        if r.path == STOCK_INFO_PATH and r.headers.get("api-id") == "ka10099"
    ]


def test_typing_a_name_offers_listed_stocks_and_choosing_puts_the_code(qtbot, make_window, simulator, tmp_path):
    w = make_window()
    qtbot.waitUntil(lambda: len(w.names.entries) > 20, timeout=15000)
    assert [body for _, body in list_requests(simulator)] == [{"mrkt_tp": "0"}, {"mrkt_tp": "10"}, {"mrkt_tp": "8"}]
    assert (tmp_path / "stock_names.mock.json").exists()
    buy = w.forms["kt10006"]
    w.tabs.setCurrentWidget(buy)
    editor = buy.editors["stk_cd"]
    editor.setFocus()
    typed = QInputMethodEvent()  # as a Korean input method commits it (QTest can type ASCII keys only)
    typed.setCommitString("삼성")
    QApplication.sendEvent(editor, typed)
    completer = editor.completer()
    assert completer is w.names.completers["kt10006"]
    shown = [completer.model().index(i, 0).data() for i in range(completer.model().rowCount())]
    assert "삼성전자 005930 코스피" in shown and "삼성SDI 006400 코스피" in shown
    assert all(s.startswith("삼성") for s in shown)
    qtbot.waitUntil(completer.popup().isVisible, timeout=3000)
    row = shown.index("삼성SDI 006400 코스피")
    completer.popup().setCurrentIndex(completer.completionModel().index(row, 0))
    qtbot.keyClick(completer.popup(), Qt.Key.Key_Return)
    assert editor.text() == "006400" and buy.stock_code == "006400"
    qtbot.waitUntil(lambda: buy.instrument is not None and buy.instrument.name == "삼성SDI", timeout=8000)
    assert [e.code for e in w.names.matches("ㅅㅅㅈㅈ")][:1] == ["005930"]
    assert [e.code for e in w.names.matches("한화3")] == ["00088K"]  # a code with a letter
    # the same day, a new window on the same folder reads the kept list: the host is not asked again
    w.close()
    asked = len(list_requests(simulator))
    again = make_window()
    qtbot.waitUntil(lambda: len(again.names.entries) > 20, timeout=15000)
    assert len(list_requests(simulator)) == asked
