"""Render each order tab, the log, the stock line and the live connection to docs/screenshots/*.png (offscreen;
needs a CJK font, e.g. fonts-nanum).

.venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

# a 1920×1080 virtual screen: the offscreen platform's own is 800×800, and the window fits itself to its screen
_SCREEN = Path(tempfile.gettempdir()) / "kiwoom-gui-screenshots-screen.json"
_SCREEN.write_text(
    '{"windowFrameMargins": true, "screens": [{"name": "shot", "x": 0, "y": 0, "width": 1920, "height": 1080,'
    ' "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}'
)
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_SCREEN}")

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
        # the shots send at 60,000 for a 71,000 stock: 주문 착오 방지 (5 % / 20 ticks) would ask first
        (Path(data) / "settings.ini").write_text(
            "[precautions]\nmax_percent_from_last=0\nmax_ticks_from_last=0\n", encoding="utf-8"
        )
        w = create_main_window(["--demo", "--data-dir", data])
        w.resize(1400, 1000)
        w.show()
        settle(app, 1.0)  # the simulator starts after the first paint
        sim = w.simulator
        sim.seed_position("005930", 40, "20261120")
        sim.seed_position("000660", 12, "20261118")
        sim.seed_open_orders(2, stk_cd="000660", venue="NXT", qty=5)
        buy = w.forms["kt10006"]
        buy.set_values({"stk_cd": "005930", "ord_qty": "10", "ord_uv": "60,000"})
        settle(app, 0.8)  # the stock's line (name, prices, limits) before sending
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

        buy.set_values({"ord_qty": "0", "ord_uv": "71,050"})  # field errors: a quantity of 0, a price off the tick
        w.tabs.setCurrentIndex(0)
        w.account.setCurrentWidget(orders)
        settle(app)
        w.grab().save(str(OUT / "1-buy.png"))

        positions.table.selectRow(0)
        w.account.setCurrentWidget(positions)
        w.account.sell_button.click()
        w.forms["kt10007"].set_values({"ord_qty": "50", "ord_uv": "92,000"})  # over 매매가능수량 and 상한가
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

        # live: the market fills a buy in parts; 미체결, the log's 체결 and the status bar follow the events
        sim.market = True
        sim.fill_in_parts = [3, 3, 4]
        w.tabs.setCurrentIndex(0)
        buy.set_values({"stk_cd": "005930", "ord_qty": "10", "ord_uv": "71,000"})
        settle(app, 0.8)
        buy.request_send()
        wait_rows(app, w, 3)
        settle(app, 1.0)
        sim.step()
        settle(app, 1.0)
        w.account.setCurrentWidget(w.log)
        w.log.table.clearSelection()
        settle(app)
        w.grab().save(str(OUT / "7-live.png"))
        w.account.setCurrentWidget(orders)
        settle(app)
        w.grab().save(str(OUT / "8-live-open-orders.png"))

        # a stock under 투자경고 that is not credit-eligible: red code, its flags, the band
        buy.set_values({"stk_cd": "263750", "ord_qty": "", "ord_uv": ""})
        settle(app, 0.8)
        sell = w.forms["kt10007"]
        w.tabs.setCurrentIndex(0)
        settle(app)
        w.grab().save(str(OUT / "9-instrument-warning.png"))
        del sell
        w.close()
    print("\n".join(str(p) for p in sorted(OUT.glob("*.png"))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
