"""주문 착오 방지 (issue 21) through the real window against the simulator on loopback: an order beyond a limit
asks first, even where nothing else would (모의투자, 확인 off), naming the limit and the value; Cancel sends
nothing; the limits are set in 설정 → 주문 착오 방지… and kept in settings.ini [precautions]."""

from __future__ import annotations

import json

from gui_helpers import fill, send, wait_answered
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialog, QLineEdit, QPushButton

from kiwoom_gui.ui.window.confirmation import confirmation_text


def orders_at(simulator) -> list[dict]:
    return [json.loads(r.body) for r in simulator.recorded if r.path == "/api/dostk/crdordr"]


def test_an_order_far_from_the_price_asks_and_cancel_sends_nothing(qtbot, make_window, simulator, shipped_precautions):
    w = make_window()  # 모의투자 (the simulator in mock mode answers queries; 확인 off): nothing else asks
    buy = w.forms["kt10006"]
    fill(w, "kt10006", {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0"})
    qtbot.waitUntil(lambda: buy.instrument is not None and buy.instrument.price == 71000, timeout=8000)
    asked = []
    w.confirm = lambda *a: asked.append(confirmation_text(w.confirming)) or False
    send(qtbot, w, "kt10006")
    assert len(asked) == 1
    assert "⚠ 가격 60,000원 — 현재가 71,000원과 15.49% 차이, 설정한 최대 5%를 넘습니다" in asked[0]
    assert "110틱 차이, 설정한 최대 20틱을 넘습니다" in asked[0]
    assert orders_at(simulator) == [] and buy.send_button.isEnabled()
    # at the price nothing asks (the window's confirm would fail the test) and the order leaves
    w.confirm = lambda *a: asked.append("again") or True
    buy.set_values({"ord_qty": "1", "ord_uv": "71000"})
    send(qtbot, w, "kt10006")
    wait_answered(qtbot, w, 1)
    assert asked == asked[:1] and len(orders_at(simulator)) == 1


def test_limits_set_in_the_dialog_are_kept_and_a_bad_file_value_is_noted(qtbot, window_with, simulator, tmp_path):
    ini = tmp_path / "settings.ini"
    ini.write_text("[precautions]\nmax_quantity=lots\nmax_orders_per_minute=1\n", encoding="utf-8")
    w = window_with("--env", "mock", "--base-url", simulator.base_url)
    assert "max_quantity" in w.statusBar().currentMessage() and "기본값" in w.statusBar().currentMessage()
    assert w.precautions.action in w.menuBar().actions()[0].menu().actions()
    dialog = w.precautions.open_dialog()
    qtbot.waitUntil(dialog.isVisible)
    qty = dialog.findChild(QLineEdit, "max_quantity")
    qty.setText("열")
    dialog.findChild(QPushButton, "savePrecautions").click()
    assert dialog.isVisible() and "정수" in dialog.errors["max_quantity"].text()  # nothing saved
    qty.setText("100")
    dialog.findChild(QPushButton, "savePrecautions").click()
    assert dialog.result() == QDialog.DialogCode.Accepted
    w.save_settings()
    s = QSettings(str(ini), QSettings.Format.IniFormat)
    assert s.value("precautions/max_quantity") == "100" and s.value("precautions/max_orders_per_minute") == "1"
    # a quantity past it asks (names it); the second order within the minute asks for the rate as well
    asked = []
    w.confirm = lambda *a: asked.append(confirmation_text(w.confirming)) or True
    fill(w, "kt10007", {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1000", "ord_uv": "", "trde_tp": "3",
                        "crd_deal_tp": "99"})  # fmt: skip
    send(qtbot, w, "kt10007")
    assert "수량 1,000주 — 설정한 최대 100주를 넘습니다" in asked[0] and "번째 주문" not in asked[0]
    wait_answered(qtbot, w, 1)
    fill(w, "kt10007", {"ord_qty": "5"})
    send(qtbot, w, "kt10007")
    assert "최근 1분에 2번째 주문 — 설정한 최대 1건을 넘습니다" in asked[1] and "최대 100주" not in asked[1]
