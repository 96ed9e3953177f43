"""A window a trader can live in (issue 18), through the real window on the simulator: nothing widens the window
or wraps the top row; a restored geometry fits the screen; chasing a price with 정정 modifies the live order
again; a full 취소 clears its number; the answer is shown under Send; a switch of environment clears every order
number and loan date, typed ones too; 정정조건단가 opens for a 조건부지정가 original picked from 미체결."""

from __future__ import annotations

from gui_helpers import fill, send, wait_answered
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QApplication, QMainWindow

from kiwoom_gui.host.answers import Outcome

BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "10", "ord_uv": "60000", "trde_tp": "0"}
LONG = "실시간 연결 끊김 — " + "다시 연결하는 중 · 자격증명 없음 · 모의투자 토큰이 없습니다 " * 20


def _open_row(qtbot, w, ord_no: str) -> int:
    view = w.account.views["open_orders"]
    qtbot.waitUntil(lambda: any(r.ord_no == ord_no for r in view.rows()), timeout=10000)
    index = next(i for i, r in enumerate(view.rows()) if r.ord_no == ord_no)
    view.table.selectRow(index)
    return index


def test_long_status_texts_never_widen_the_window_nor_wrap_the_top_row(qtbot, window):
    screen = window.screen().availableGeometry()
    window.resize(min(1000, screen.width()), 700)
    qtbot.waitUntil(lambda: window.account_number is not None, timeout=10000)
    width = window.width()
    window.live.label.setText(LONG)
    window.top.show_keyring_problem("keyring.errors.NoKeyringError: " + "x" * 400)
    window.account_label.setText("계좌 " + "1234-****-56 " * 30)
    for _ in range(5):
        QApplication.processEvents()
    assert window.width() == width and window.minimumSizeHint().width() <= screen.width()
    button = window.refresh_button
    right = button.mapTo(window, button.rect().topRight()).x()
    assert button.isVisible() and right <= window.width(), (right, window.width())  # 새로고침 stays on screen
    line = window.fontMetrics().height()
    assert window.top.height() < 3 * line  # one line, not a 380 px banner
    assert window.live.label.text() == LONG and LONG in window.live.label.toolTip()  # whole text kept


def test_a_restored_geometry_fits_the_screen(qtbot, tmp_path, window_with):
    big = QMainWindow()
    big.resize(4000, 3000)  # saved on a far larger screen
    geometry = big.saveGeometry()
    big.deleteLater()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/geometry", QByteArray(geometry))
    settings.sync()
    w = window_with("--demo")
    room = w.screen().availableGeometry()
    assert w.frameGeometry().width() <= room.width() and w.frameGeometry().height() <= room.height()
    assert room.contains(w.frameGeometry().topLeft())


def test_chasing_a_price_modifies_the_live_order_and_a_full_cancel_clears_it(qtbot, window, simulator):
    fill(window, "kt10006", BUY)
    send(qtbot, window, "kt10006")
    (bought,) = wait_answered(qtbot, window, 1)
    assert bought.outcome is Outcome.ACCEPTED
    _open_row(qtbot, window, bought.ord_no)
    assert window.account.modify_button.isEnabled(), window.account.modify_button.toolTip()
    window.account.modify_button.click()
    modify = window.forms["kt10008"]
    modify.set_values({"mdfy_uv": "60100"})
    send(qtbot, window, "kt10008")
    first = wait_answered(qtbot, window, 2)[-1]
    assert first.outcome is Outcome.ACCEPTED and first.ord_no != bought.ord_no, first.message
    # the form now holds the modify's own number: the next modify goes to the live order
    assert modify.raw_values()["orig_ord_no"] == first.ord_no
    assert "접수" in modify.result.text() and first.ord_no in modify.result.text()
    modify.set_values({"mdfy_uv": "60200"})
    send(qtbot, window, "kt10008")
    second = wait_answered(qtbot, window, 3)[-1]
    assert second.outcome is Outcome.ACCEPTED, second.message  # not refused as a dead number
    bodies = [r.json() for r in simulator.order_requests()]
    assert bodies[1]["orig_ord_no"] == bought.ord_no and bodies[2]["orig_ord_no"] == first.ord_no

    cancel = window.forms["kt10009"]
    fill(window, "kt10009", {"dmst_stex_tp": "KRX", "orig_ord_no": second.ord_no, "stk_cd": "005930", "cncl_qty": "0"})
    send(qtbot, window, "kt10009")
    cancelled = wait_answered(qtbot, window, 4)[-1]
    assert cancelled.outcome is Outcome.ACCEPTED, cancelled.message
    assert cancel.raw_values()["orig_ord_no"] == ""  # a full cancel leaves no live number behind


def test_a_refusal_is_shown_under_send_in_words(qtbot, window, simulator):
    simulator.market = True  # a 융자 sell must find its shares
    fill(window, "kt10007", {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "5", "ord_uv": "60000",
                             "trde_tp": "0", "crd_deal_tp": "33", "crd_loan_dt": "20261119"})  # fmt: skip
    send(qtbot, window, "kt10007")  # no such 융자 position: the host refuses
    (row,) = wait_answered(qtbot, window, 1)
    assert row.outcome is Outcome.REJECTED
    shown = window.forms["kt10007"].result.text()
    assert "거부" in shown and row.message in shown and "Error" not in shown


def test_a_switch_of_environment_clears_typed_numbers_and_loan_dates(qtbot, window):
    window.forms["kt10009"].set_values({"orig_ord_no": "0000455"})
    window.forms["kt10008"].set_values({"orig_ord_no": "455"})
    window.forms["kt10007"].set_values({"crd_loan_dt": "20261119"})
    window.set_environment("simulator")
    assert window.forms["kt10009"].raw_values()["orig_ord_no"] == ""
    assert window.forms["kt10008"].raw_values()["orig_ord_no"] == ""
    assert window.forms["kt10007"].raw_values()["crd_loan_dt"] == ""
    assert not window.forms["kt10009"].send_button.isEnabled()


def test_the_modify_condition_price_opens_for_a_conditional_original(qtbot, window):
    fill(window, "kt10006", {**BUY, "trde_tp": "5"})  # 조건부지정가: rests in the book
    send(qtbot, window, "kt10006")
    (bought,) = wait_answered(qtbot, window, 1)
    assert bought.outcome is Outcome.ACCEPTED, bought.message
    _open_row(qtbot, window, bought.ord_no)
    window.account.modify_button.click()
    assert window.forms["kt10008"].editors["mdfy_cond_uv"].isEnabled()
    fill(window, "kt10006", BUY)  # a 보통 original: no 조건단가 to change
    send(qtbot, window, "kt10006")
    plain = wait_answered(qtbot, window, 2)[-1]
    _open_row(qtbot, window, plain.ord_no)
    window.account.modify_button.click()
    assert not window.forms["kt10008"].editors["mdfy_cond_uv"].isEnabled()


def test_a_market_order_in_the_open_orders_says_market_not_price_zero(qtbot, window):
    fill(window, "kt10006", {**BUY, "ord_uv": "", "trde_tp": "3"})  # 시장가: rests while the market is off
    send(qtbot, window, "kt10006")
    (row,) = wait_answered(qtbot, window, 1)
    assert row.outcome is Outcome.ACCEPTED, row.message
    index = _open_row(qtbot, window, row.ord_no)
    view = window.account.views["open_orders"]
    texts = dict(zip([key for key, _ in view.columns], view.texts_of(index), strict=False))
    assert texts["ord_pric"] == "시장가", texts
