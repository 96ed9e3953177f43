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


def wait_view(app: QApplication, window, name: str) -> None:
    view = window.account.views[name]
    end = time.monotonic() + 15
    while time.monotonic() < end and view.fetched_at is None:
        app.processEvents()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as data:
        w = create_main_window(["--demo", "--data-dir", data])
        w.resize(1400, 860)
        w.show()
        settle(app, 1.0)  # the simulator starts after the first paint
        sim = w._simulator
        sim.seed_position("005930", 40, "20261120")
        sim.seed_position("000660", 12, "20261118")
        sim.seed_open_orders(2, stk_cd="000660", venue="NXT", qty=5)
        buy = w.forms["kt10006"]
        buy.set_values({"stk_cd": "005930", "ord_qty": "10", "ord_uv": "2,580"})
        buy.request_send()
        wait_rows(app, w, 1)
        sim.inject("answer_lost")  # the next order is placed, its answer lost: found again in kt00007
        buy.set_values({"ord_qty": "3"})
        buy.request_send()
        wait_rows(app, w, 2)
        settle(app, 2.0)
        w.refresh_account()
        for name in ("open_orders", "executions", "positions"):
            wait_view(app, w, name)
        settle(app, 1.0)
        orders, positions = w.account.views["open_orders"], w.account.views["positions"]

        buy.set_values({"ord_qty": "0", "ord_uv": "12"})  # shows field errors on the buy tab
        w.tabs.setCurrentIndex(0)
        w.account.setCurrentWidget(orders)
        settle(app)
        w.grab().save(str(OUT / "1-buy.png"))

        positions.table.selectRow(0)
        w.account.setCurrentWidget(positions)
        w.account.sell_button.click()
        w.forms["kt10007"].set_values({"ord_qty": "50", "ord_uv": "2,600"})  # more than 매매가능수량
        settle(app)
        w.grab().save(str(OUT / "2-sell.png"))

        w.account.setCurrentWidget(orders)
        orders.table.selectRow(0)
        w.account.modify_button.click()
        settle(app)
        w.grab().save(str(OUT / "3-modify.png"))

        w.account.cancel_button.click()
        w.account.setCurrentWidget(w.account.views["executions"])
        settle(app)
        w.grab().save(str(OUT / "4-cancel.png"))

        w.set_environment("real")
        settle(app)
        w.grab().save(str(OUT / "5-real-environment.png"))
        w.set_environment("simulator")
        w.account.setCurrentWidget(w.log)
        w.log.table.selectRow(1)
        settle(app)
        w.grab().save(str(OUT / "6-log.png"))
        w.close()
    print("\n".join(str(p) for p in sorted(OUT.glob("*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
