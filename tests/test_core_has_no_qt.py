"""The Qt-free core must not pull in PySide6 (the layering rule of architecture.md)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "kiwoom_gui",
    "kiwoom_gui.cli",
    "kiwoom_gui.orders.specs",
    "kiwoom_gui.orders.validation",
    "kiwoom_gui.orders.korean",
    "kiwoom_gui.guards.checks",
    "kiwoom_gui.guards.rate",
    "kiwoom_gui.instrument.name_search",
    "kiwoom_gui.instrument.stock_list",
    "kiwoom_gui.session.market",
    "kiwoom_gui.live.frame_session",
    "kiwoom_gui.credit.send_check",
    "kiwoom_gui.credit.orderable",
    "kiwoom_gui.credit.eligibility",
    "kiwoom_gui.loans.lots",
    "kiwoom_gui.loans.lot_events",
    "kiwoom_gui.market.quotes",
    "kiwoom_gui.market.snapshot",
    "kiwoom_gui.market.subscription",
    "kiwoom_gui.market.ladder",
    "kiwoom_gui.batch.cancel_plan",  # 모두 취소's plan and run (issue 21): the window only shows and sends
    "kiwoom_gui.batch.cancel_run",
]


def test_importing_core_does_not_import_pyside6():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in CORE)
        + "from kiwoom_gui.orders.validation import validate\n"
        + "validate('kt10006', {})\n"
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        + "print(bad)\n"
        + "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
