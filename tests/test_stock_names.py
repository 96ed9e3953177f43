"""A stock by its name (issue 21), the Qt-free part: 초성 and partial matching, codes with letters, and the
rows that may (and may not) make an entry — only a well-formed row's code is ever offered."""

from __future__ import annotations

import json

import pytest

from kiwoom_gui.instrument.name_search import search
from kiwoom_gui.instrument.stock_list import StockName, StoredList, merged, read_file, rows_from_answer, write_file

LIST = [
    StockName("005930", "삼성전자", "코스피"),
    StockName("005935", "삼성전자우", "코스피"),
    StockName("006400", "삼성SDI", "코스피"),
    StockName("207940", "삼성바이오로직스", "코스피"),
    StockName("0000D0", "테스트디제로", "코스피"),
    StockName("069500", "KODEX 200", "ETF"),
    StockName("035720", "카카오", "코스피"),
]


def codes(typed: str) -> list[str]:
    return [e.code for e in search(LIST, typed)]


def test_names_initials_and_codes_are_found():
    assert codes("삼성전자") == ["005930", "005935"]  # the exact name first
    assert set(codes("삼성")) == {"005930", "005935", "006400", "207940"}
    assert codes("ㅅㅅㅈㅈ") == ["005930", "005935"]
    assert codes("ㅅㅅsdi") == ["006400"]  # initials and letters mixed, any case
    assert codes("삼서") == codes("삼성")  # 성 half typed (the IME shows 서 first)
    assert codes("0000d") == ["0000D0"] and codes("0000D0") == ["0000D0"]
    assert codes("kodex200") == ["069500"] and codes("바이오") == ["207940"]
    assert codes("") == [] and codes("없는종목") == [] and codes(".*") == []  # typed text is never a pattern


def test_only_well_formed_rows_make_entries():
    body = {
        "list": [
            {"code": "005930", "name": "삼성전자"},
            {"code": "0000D0", "name": "테스트디제로"},
            {"code": "5930", "name": "짧은코드"},  # never padded
            {"code": "005930 ", "name": "공백"},  # never cut
            {"code": "00088k", "name": "소문자"},  # never upper-cased
            {"code": 5930, "name": "숫자"},
            {"code": "000660", "name": ""},
            {"code": "000660", "name": "SK\u202ehynix"},  # a direction override: not plain text
            {"code": "000661", "name": "x" * 500},
            "garbage",
            None,
        ]
    }
    entries, skipped = rows_from_answer(body, "코스피")
    assert [(e.code, e.name) for e in entries] == [("005930", "삼성전자"), ("0000D0", "테스트디제로")]
    assert skipped == 9
    assert rows_from_answer({"list": "x"}, "코스피") is None and rows_from_answer({}, "코스피") is None
    # a code named twice with two names is not offered at all; the same name twice is one entry
    again = [StockName("005930", "삼성전자", "ETF"), StockName("0000D0", "다른이름", "코스닥")]
    kept, conflicts = merged([*entries, *again])
    assert [e.code for e in kept] == ["005930"] and conflicts == 1


def test_the_kept_file_reads_back_and_a_tampered_one_is_refused(tmp_path):
    path = tmp_path / "stock_names.mock.json"
    stored = StoredList("mock", "https://mockapi.kiwoom.com", "2026-12-05", tuple(LIST))
    write_file(path, stored)
    assert read_file(path) == stored
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entries"][0][0] = "5930"  # a code the form would refuse
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError):
        read_file(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError):
        read_file(path)
    assert read_file(tmp_path / "none.json") is None
