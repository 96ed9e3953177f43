"""OrderForm.fill_from_original: values taken from an earlier order replace the form, nothing stale stays.

"정정/취소에 사용" used to keep the previous 정정수량/정정단가, so Send was on with values typed for
another order (issue #10, Low). Driven on the real forms of the real window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

ORIGINAL = {"orig_ord_no": "0000455", "stk_cd": "000660", "dmst_stex_tp": "KRX"}


def test_modify_form_clears_quantity_and_prices_it_was_not_given(window):
    form = window.forms["kt10008"]
    form.set_values(
        {
            "dmst_stex_tp": "NXT",
            "orig_ord_no": "0000001",
            "stk_cd": "005930",
            "mdfy_qty": "5",
            "mdfy_uv": "2600",
            "mdfy_cond_uv": "2500",
        }
    )
    assert form.send_button.isEnabled()
    form.fill_from_original(ORIGINAL)
    raw = form.raw_values()
    assert {k: raw[k] for k in ORIGINAL} == ORIGINAL
    assert raw["mdfy_qty"] == raw["mdfy_uv"] == raw["mdfy_cond_uv"] == ""
    assert not form.send_button.isEnabled() and form.body is None
    assert form.error_labels["mdfy_qty"].text() == "정정수량을 입력하세요"  # why Send is off, at once
    assert form.error_labels["mdfy_uv"].text() == "정정단가를 입력하세요"


def test_cancel_form_clears_quantity_and_keeps_a_combo_it_was_not_given(window):
    form = window.forms["kt10009"]
    form.set_values({"dmst_stex_tp": "NXT", "orig_ord_no": "0000001", "stk_cd": "005930", "cncl_qty": "7"})
    form.fill_from_original({"orig_ord_no": "0000455", "stk_cd": "000660"})
    raw = form.raw_values()
    assert raw == {"dmst_stex_tp": "NXT", "orig_ord_no": "0000455", "stk_cd": "000660", "cncl_qty": ""}
    assert not form.send_button.isEnabled()
    form.set_values({"cncl_qty": "0"})  # the user states the quantity again: Send comes back
    assert form.body == {"dmst_stex_tp": "NXT", "orig_ord_no": "0000455", "stk_cd": "000660", "cncl_qty": "0"}


def test_every_other_text_field_is_cleared_and_combos_stay(window):
    form = window.forms["kt10007"]
    form.set_values(
        {"stk_cd": "005930", "ord_qty": "3", "ord_uv": "6450", "trde_tp": "28", "cond_uv": "6400", "crd_deal_tp": "33"}
    )
    form.set_values({"crd_loan_dt": "20240229"})
    form.fill_from_original({"stk_cd": "000660"})
    line_edits = {k for k, e in form.editors.items() if isinstance(e, QLineEdit)}
    assert line_edits == {"stk_cd", "ord_qty", "ord_uv", "cond_uv", "crd_loan_dt"}
    raw = form.raw_values()
    assert {k: raw[k] for k in line_edits} == {
        "stk_cd": "000660",
        "ord_qty": "",
        "ord_uv": "",
        "cond_uv": "",
        "crd_loan_dt": "",
    }
    assert (raw["trde_tp"], raw["crd_deal_tp"], raw["dmst_stex_tp"]) == ("28", "33", "KRX")
