"""What a log row shows (cells, bounded detail, CSV) is Qt-free core: importing and using it loads no PySide6."""

from __future__ import annotations

import subprocess
import sys


def test_log_rows_text_and_csv_do_not_import_pyside6(tmp_path):
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiwoom_gui.records.journal_entry import JournalEntry\n"
        "from kiwoom_gui.records.log_rows import row_from_journal\n"
        "from kiwoom_gui.records.log_text import detail_text, copy_text\n"
        "from kiwoom_gui.records.log_csv import write_csv\n"
        "row = row_from_journal(JournalEntry(1, '2026-11-24T09:00:00.000+09:00', 'mock', 'kt10006', {}))\n"
        "detail_text(row); copy_text(row); row.cells()\n"
        f"write_csv(Path({str(tmp_path / 'log.csv')!r}), [row])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
