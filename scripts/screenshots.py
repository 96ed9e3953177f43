"""Render each order tab and the log to docs/screenshots/*.png (offscreen; needs a CJK font, e.g. fonts-nanum).

.venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from kiwoom_gui.app import create_main_window  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()


def wait_rows(app: QApplication, window, count: int) -> None:
    end = time.monotonic() + 15
    while time.monotonic() < end and sum(r.outcome is not None for r in window.log.model.rows()) < count:
        app.processEvents()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as data:
        w = create_main_window(["--demo", "--data-dir", data])
        w.resize(1180, 900)
        w.show()
        buy = w.forms["kt10006"]
        buy.set_values({"stk_cd": "005930", "ord_qty": "10", "ord_uv": "2,580"})
        buy.request_send()
        wait_rows(app, w, 1)
        sell = w.forms["kt10007"]
        sell.set_values({"stk_cd": "000660", "ord_qty": "3", "trde_tp": "3", "crd_deal_tp": "33"})
        sell.request_send()
        wait_rows(app, w, 2)
        w.forms["kt10009"].set_values(
            {"dmst_stex_tp": "KRX", "orig_ord_no": "7654321", "stk_cd": "005930", "cncl_qty": "0"}
        )
        w.forms["kt10009"].request_send()
        wait_rows(app, w, 3)
        w._simulator.inject("http500")
        buy.request_send()
        wait_rows(app, w, 4)
        w.log.table.selectRow(0)
        w.log.reuse_button.click()  # fills 정정/취소 from the first buy
        w.forms["kt10008"].set_values({"mdfy_qty": "4", "mdfy_uv": "2,590"})
        buy.set_values({"ord_qty": "0", "ord_uv": "12"})  # shows field errors on the buy tab
        settle(app)
        for i, name in enumerate(("buy", "sell", "modify", "cancel")):
            w.tabs.setCurrentIndex(i)
            w.log.table.selectRow(min(i, 3))
            settle(app)
            w.grab().save(str(OUT / f"{i + 1}-{name}.png"))
        w.set_environment("real")
        settle(app)
        w.grab().save(str(OUT / "5-real-environment.png"))
        w.set_environment("simulator")
        w.log.table.selectRow(3)
        settle(app)
        w.log.grab().save(str(OUT / "6-log.png"))
        w.close()
    print("\n".join(str(p) for p in sorted(OUT.glob("*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
