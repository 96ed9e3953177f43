"""Issue 17 item 6, Qt-free: what is not known is never taken as none (instrument parse, merge, rules, ticks)."""

from __future__ import annotations

import pytest

from kiwoom_gui.instrument import merge, ticks
from kiwoom_gui.instrument.parse import instrument_from_answers
from kiwoom_gui.instrument.rules import confirmation_warnings, instrument_errors
from kiwoom_gui.orders.validation import validate

BASIC = {"stk_cd": "005930", "stk_nm": "삼성전자", "cur_prc": "+71000", "base_pric": "70500",
         "upl_pric": "+91600", "lst_pric": "-49400"}
INFO = {"code": "005930", "name": "삼성전자", "state": "증거금20%|신용가능", "marketCode": "0",
        "marketName": "거래소", "orderWarning": "0", "nxtEnable": "Y"}
UNKNOWN = "투자유의 여부를 확인하지 못했습니다"


def test_the_combined_grid_is_on_both_grids():
    for price in range(1, 60_000, 7):
        strict = ticks.on_tick(price, "stock+etf")
        assert strict == (ticks.on_tick(price, "stock") and ticks.on_tick(price, "etf")), price
    assert ticks.tick_problem(71005, "stock+etf") == ticks.tick_problem(71005, "stock")
    assert ticks.tick_problem(1001, "stock+etn") == "호가단위 5원: 1,000 또는 1,005"
    assert ticks.step_price(1000, 1, "stock+etf") == 1005


@pytest.mark.parametrize(
    ("market", "basic", "kind"),
    [
        ({"marketCode": "8", "marketName": "ETF"}, BASIC, "etf"),  # both fields agree, prices on the 5원 grid
        ({"marketCode": "60", "marketName": "ETN"}, BASIC, "etn"),
        ({"marketCode": "8", "marketName": "거래소"}, BASIC, "stock+etf"),  # the fields disagree
        ({"marketCode": "", "marketName": "ETF"}, BASIC, "stock+etf"),  # one field only
        ({"marketCode": "8", "marketName": "ETF"}, {**BASIC, "cur_prc": "1234"}, "stock+etf"),  # off the ETF grid
        ({"marketCode": "0", "marketName": "거래소"}, BASIC, "stock"),
    ],
)
def test_an_unsure_etf_claim_takes_both_grids(market, basic, kind):
    assert instrument_from_answers("005930", basic, {**INFO, **market}).kind == kind


def test_validate_on_the_unsure_grid_refuses_an_off_grid_stock_price():
    raw = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "71005", "trde_tp": "0"}
    assert validate("kt10006", raw, price_kind="etf").ok
    assert "ord_uv" in validate("kt10006", raw, price_kind="stock+etf").errors


def test_an_impossible_band_is_an_unknown_band_asked_not_blocking():
    inst = instrument_from_answers("005930", {**BASIC, "upl_pric": "49400", "lst_pric": "91600"}, INFO)
    assert inst.upper_limit is None and inst.lower_limit is None and inst.impossible_band == (49400, 91600)
    values = {"stk_cd": "005930", "ord_uv": "71000"}
    assert instrument_errors("kt10006", values, inst) == {}
    assert any("가격 제한" in line for line in confirmation_warnings(inst))


def test_a_missing_or_failed_ka10100_is_asked_about():
    assert any(UNKNOWN in line for line in confirmation_warnings(instrument_from_answers("005930", BASIC, None)))
    omitted = {k: v for k, v in INFO.items() if k != "orderWarning"}
    assert any(UNKNOWN in line for line in confirmation_warnings(instrument_from_answers("005930", BASIC, omitted)))
    assert confirmation_warnings(instrument_from_answers("005930", BASIC, INFO)) == ()  # "0": positively none
    assert any(UNKNOWN in line for line in confirmation_warnings(None, code="005930", failed=True))
    assert confirmation_warnings(None) == ()  # nothing looked up yet: the window's pending rule decides


def test_a_known_warning_stays_until_an_answer_clears_it():
    known = instrument_from_answers("005930", BASIC, {**INFO, "orderWarning": "5"})
    known = known.__class__(**{**known.__dict__, "day": "2026-05-20"})
    omitted = instrument_from_answers("005930", BASIC, {k: v for k, v in INFO.items() if k != "orderWarning"})
    kept = merge.keep_known(omitted, known, "2026-05-20 10:01:02")
    assert kept.order_warning == "5" and kept.warning_seen == "2026-05-20 10:01:02"
    assert any("투자경고" in flag and "10:01:02" in flag for flag in kept.flags)
    assert any("투자경고" in line for line in confirmation_warnings(kept))
    half = merge.keep_known(instrument_from_answers("005930", BASIC, None), known, "2026-05-20 10:01:02")
    assert half.order_warning == "5" and half.credit_ok is None
    cleared = merge.keep_known(instrument_from_answers("005930", BASIC, INFO), known, "2026-05-20 10:01:02")
    assert cleared.order_warning == "0" and cleared.warnings == ()  # a "0" answer positively clears it
    other = merge.keep_known(omitted, instrument_from_answers("000660", BASIC, {**INFO, "orderWarning": "5"}), "x")
    assert other.order_warning == ""  # another code's warning is never this one's


def test_a_none_kept_from_before_a_failed_refresh_is_asked_again():
    clear = instrument_from_answers("005930", BASIC, INFO)
    assert confirmation_warnings(clear, code="005930") == ()
    assert any(UNKNOWN in line for line in confirmation_warnings(clear, code="005930", failed=True))
    warned = instrument_from_answers("005930", BASIC, {**INFO, "orderWarning": "5"})
    assert [("투자경고" in line) for line in confirmation_warnings(warned, code="005930", failed=True)] == [True]
