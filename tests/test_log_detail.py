"""A huge answer (an old journal, or a hostile host) is shown and copied bounded: selecting it cannot freeze
the window. Before, a 1,000,000-character answer went whole into the detail pane (minutes of layout)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.records.journal_entry import JournalEntry, now_iso
from kiwoom_gui.records.log_rows import COLUMN_KEYS
from kiwoom_gui.records.log_text import DETAIL_CHARS
from kiwoom_gui.ui.log.log_model import LogRow, row_from_journal
from kiwoom_gui.ui.log.log_panel import LogPanel, detail_text

BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "2580", "trde_tp": "0", "cond_uv": ""}
MB = 1_000_000
NOTE_ROOM = 40  # "… (999,999,999자 생략)" and a line break or two


def huge_row(response: object, message: str = "응답을 해석할 수 없습니다.") -> LogRow:
    row = row_from_journal(
        JournalEntry(1, now_iso(), "simulator", "kt10006", BUY, {"api-id": "kt10006"}, Outcome.UNKNOWN, 200)
    )
    return replace(row, elapsed_ms=3.0, message=message, response=response)


HUGE = {
    "one long string": {"text": "가" * MB},
    "a million keys": {f"k{i}": i for i in range(MB // 10)},
    "a long list": {"rows": list(range(MB // 10))},
    "deep nesting": {"a": json.loads("[" * 500 + "]" * 500)},
}


@pytest.mark.parametrize("response", HUGE.values(), ids=HUGE.keys())
def test_detail_text_is_bounded(response):
    text = detail_text(huge_row(response))
    assert len(text) <= DETAIL_CHARS + NOTE_ROOM
    assert "생략)" in text
    assert "[응답 본문]" in text and "[요청 본문]" in text


def test_a_huge_note_and_headers_are_bounded_too():
    row = huge_row({"return_code": 0}, message="경고 " * MB)
    assert len(detail_text(row)) <= DETAIL_CHARS + NOTE_ROOM


def test_selecting_a_1_mb_answer_shows_a_bounded_detail_and_copies_bounded_json(qtbot):
    panel = LogPanel()
    qtbot.addWidget(panel)
    panel.model.append(huge_row({"return_code": 0, "text": "가" * MB}))
    panel.table.selectRow(0)
    shown = panel.detail.toPlainText()
    assert len(shown) <= DETAIL_CHARS + NOTE_ROOM
    assert "가" * 1000 in shown and "자 생략)" in shown
    copied = panel.copy_selected()
    assert len(copied) <= DETAIL_CHARS + NOTE_ROOM
    data = json.loads(copied)  # cut inside the strings: still JSON
    assert data["response"]["return_code"] == 0
    assert data["response"]["text"].startswith("가" * 100) and data["response"]["text"].endswith("자 생략)")
    msg_column = COLUMN_KEYS.index("return_msg")
    assert panel.table.model().index(0, msg_column).data() == ""  # return_msg empty; cells are bounded as well


def test_a_small_answer_is_shown_whole(qtbot):
    panel = LogPanel()
    qtbot.addWidget(panel)
    answer = {"ord_no": "0000001", "return_code": 0, "return_msg": "신용 매수주문이 완료되었습니다."}
    panel.model.append(huge_row(answer))
    panel.table.selectRow(0)
    assert json.dumps(answer, ensure_ascii=False, indent=2) in panel.detail.toPlainText()
    assert json.loads(panel.copy_selected())["response"] == answer


def test_half_an_emoji_is_shown_escaped_not_dropped(qtbot):
    panel = LogPanel()
    qtbot.addWidget(panel)
    panel.model.append(replace(huge_row({"return_msg": "주문\ud800"}), return_msg="주문\ud800"))
    panel.table.selectRow(0)
    assert panel.table.model().index(0, COLUMN_KEYS.index("return_msg")).data() == "주문\\ud800"
    assert "주문\\\\ud800" in panel.detail.toPlainText()  # JSON escapes the backslash of the escape
    assert "주문\\\\ud800" in panel.copy_selected()
