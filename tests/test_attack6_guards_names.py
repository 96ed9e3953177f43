"""Hostile review 6 (issue 21, the 종목코드 completer): a poisoned stock_names.<env>.json in the data folder —
today's, of this environment and host, so it is read instead of asking ka10099 — names one code twice with two
names (005930 as 삼성전자 and as SK하이닉스), and names another stock "005930" (a name that is a code). Typing
SK하이 or 00593 would offer 005930 / 000660 under a name that is not theirs: the completer would put a code the
trader did not mean. The program never writes such a file (a code with two names is dropped), so it is not
one of its lists: refused with a note, and the host's list is asked."""

from __future__ import annotations

import datetime as dt
import json

from kiwoom_gui.base.kst import KST
from kiwoom_gui.instrument.stock_list import entry_from_row


def test_a_poisoned_list_file_is_not_offered(qtbot, make_window, simulator, tmp_path):
    today = dt.datetime.now(KST).date().isoformat()
    poisoned = {
        "version": 1, "env": "mock", "host": simulator.base_url, "day": today,
        "entries": [
            ["005930", "삼성전자", "코스피"], ["005930", "SK하이닉스", "코스피"], ["000660", "005930", "코스피"],
        ],
    }  # fmt: skip
    (tmp_path / "stock_names.mock.json").write_text(json.dumps(poisoned, ensure_ascii=False), encoding="utf-8")
    w = make_window()
    assert w.host() == simulator.base_url  # the file is this environment's and host's
    qtbot.waitUntil(lambda: len(w.names.entries) > 20, timeout=15000)  # the host's list, not the file's 3
    assert "종목 목록" in w.statusBar().currentMessage(), w.statusBar().currentMessage()
    assert [(e.code, e.name) for e in w.names.matches("SK하이")] == [("000660", "SK하이닉스")]
    assert all(e.name != "005930" for e in w.names.matches("00593"))


def test_a_row_whose_name_is_a_code_is_left_out():
    assert entry_from_row({"code": "000660", "name": "005930"}, "코스피") is None  # shown as "005930 000660"
    assert entry_from_row({"code": "000660", "name": "0000d0"}, "코스피") is None  # typed lower case: a code
    assert entry_from_row({"code": "005930", "name": "005930"}, "코스피") is None  # no name at all
    assert entry_from_row({"code": "000660", "name": "SK하이닉스"}, "코스피") is not None
