"""PySide6-Essentials 6.12.0 on CPython < 3.12 aborts after a few thousand Python signal emits.

The dependency range in pyproject.toml excludes that combination; this test proves the installed
one survives. It runs in a subprocess so an abort cannot take the test session down with it.
"""

from __future__ import annotations

import subprocess
import sys

EMITS = 20_000

PROGRAM = f"""
from PySide6.QtCore import QCoreApplication, QObject, Signal

class Emitter(QObject):
    sig = Signal(object)
    flag = Signal(bool)

app = QCoreApplication([])
e = Emitter()
got = []
e.sig.connect(got.append)
e.flag.connect(got.append)
for i in range({EMITS}):
    e.sig.emit(None if i % 2 else i)
    e.flag.emit(bool(i % 2))
print(len(got))
"""


def test_twenty_thousand_signal_emits_exit_cleanly():
    proc = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == str(2 * EMITS)
