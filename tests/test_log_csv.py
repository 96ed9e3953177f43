"""CSV export: the full date on every row, order numbers and stock codes kept as text for Excel, no formulas
from a host's text; read back with the csv module, as a spreadsheet would read it."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.records.journal_entry import JournalEntry, now_iso
from kiwoom_gui.records.log_csv import HEADER
from kiwoom_gui.ui.log.log_model import row_from_journal
from kiwoom_gui.ui.log.log_panel import LogPanel

CANCEL = {"dmst_stex_tp": "KRX", "orig_ord_no": "0000455", "stk_cd": "005930", "cncl_qty": "1"}


def entry(created_at: str, **kw) -> JournalEntry:
    fields = dict(outcome=Outcome.ACCEPTED, http_status=200, return_code=0, ord_no="0000456",
                  return_msg="매수취소 주문입력이 완료되었습니다.", response={"ord_no": "0000456"})  # fmt: skip
    return JournalEntry(7, created_at, "simulator", "kt10009", CANCEL, **{**fields, **kw})


def read_back(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def export(qtbot, tmp_path: Path, *entries: JournalEntry) -> list[dict[str, str]]:
    panel = LogPanel()
    qtbot.addWidget(panel)
    panel.model.extend([row_from_journal(e) for e in entries])
    path = tmp_path / "log.csv"
    assert panel.export_csv(path) == len(entries)
    return read_back(path)


def test_todays_rows_keep_their_date(qtbot, tmp_path):
    today = now_iso()  # the table shows HH:MM:SS for it; the file must not
    (row,) = export(qtbot, tmp_path, entry(today))
    kst = dt.datetime.fromisoformat(today).astimezone(KST)
    assert row["시각"] == kst.strftime("%Y-%m-%d %H:%M:%S")
    assert row["시각 (ISO 8601)"] == kst.isoformat(timespec="milliseconds")
    assert row["시각 (ISO 8601)"].endswith("+09:00")


def test_order_numbers_and_stock_codes_stay_text_in_excel(qtbot, tmp_path):
    (row,) = export(qtbot, tmp_path, entry(now_iso()))
    # ="…" is a formula whose result is the text: Excel shows 0000456, never the number 456
    assert row["주문번호"] == '="0000456"'
    assert row["원주문번호"] == '="0000455"'
    assert row["종목코드"] == '="005930"'
    assert '"orig_ord_no": "0000455"' in row["요청 본문 (JSON)"]


def test_a_hosts_text_cannot_become_a_formula(qtbot, tmp_path):
    hostile = '=HYPERLINK("http://evil.example/","클릭")'
    rows = export(
        qtbot,
        tmp_path,
        entry(now_iso(), return_msg=hostile, ord_no='0000456"&"1', return_code=-5),
        entry(now_iso(), return_msg="@SUM(1+1)\ud800", ord_no=None),
    )
    assert rows[0]["응답 메시지"] == "'" + hostile
    assert rows[0]["주문번호"] == '0000456"&"1'  # not plain digits: never put inside ="…"
    assert rows[0]["처리 코드"] == "-5"  # a plain number stays a number
    assert rows[1]["응답 메시지"] == "'@SUM(1+1)\\ud800"  # the lone surrogate escaped, not a crash
    assert rows[1]["주문번호"] == ""


def test_yesterdays_rows_and_the_header(qtbot, tmp_path):
    yesterday = dt.datetime.now(KST) - dt.timedelta(days=1)
    rows = export(qtbot, tmp_path, entry(yesterday.isoformat(timespec="milliseconds")))
    assert rows[0]["시각"] == yesterday.strftime("%Y-%m-%d %H:%M:%S")
    assert list(rows[0]) == list(HEADER)


def test_the_button_writes_on_another_thread_and_says_so(qtbot, tmp_path):
    panel = LogPanel()
    qtbot.addWidget(panel)
    panel.model.extend([row_from_journal(entry(now_iso()))])
    path = tmp_path / "log.csv"
    with qtbot.waitSignal(panel.notice, timeout=10_000) as said:
        panel.export_csv_in_background(path)
    assert said.args == [f"CSV로 1행을 저장했습니다: {path}"]
    assert read_back(path)[0]["주문번호"] == '="0000456"'

    with qtbot.waitSignal(panel.notice, timeout=10_000) as said:
        panel.export_csv_in_background(tmp_path / "missing-folder" / "log.csv")
    assert said.args[0].startswith("CSV를 저장하지 못했습니다")
