"""What a looked-up instrument adds to an order form (kiwoom_gui.instrument.rules): the price band at each
price field, NXT for a code not on NXT, and the lines a confirmation must name."""

from __future__ import annotations

from dataclasses import replace

import pytest
from rule_oracle import VALID

from kiwoom_gui.instrument.model import Instrument
from kiwoom_gui.instrument.rules import PRICE_FIELDS, confirmation_warnings, instrument_errors
from kiwoom_gui.orders.validation import validate

SAMSUNG = Instrument(
    code="005930",
    name="삼성전자",
    price=71000,
    direction="up",
    change_rate="+0.71",
    base_price=70500,
    upper_limit=91600,
    lower_limit=49400,
    kind="stock",
    market="거래소",
    credit_ok=True,
    order_warning="0",
    nxt_enable=True,
    state="증거금20%|담보대출|신용가능",
    flags=(),
    warnings=(),
)


def values(api_id: str, **fields: str) -> dict[str, str]:
    return dict(validate(api_id, {**VALID[api_id], **fields}).values)


@pytest.mark.parametrize(
    ("api_id", "key", "extra"),
    [
        ("kt10006", "ord_uv", {}),
        ("kt10007", "ord_uv", {}),
        ("kt10006", "cond_uv", {"trde_tp": "28", "ord_uv": "71000"}),
        ("kt10008", "mdfy_uv", {}),
        ("kt10008", "mdfy_cond_uv", {"mdfy_uv": "71000"}),
    ],
)
def test_a_price_outside_the_band_is_an_error_at_its_field(api_id, key, extra):
    from kiwoom_gui.orders.specs import order_spec

    label = order_spec(api_id).body_field(key).label
    above = instrument_errors(api_id, values(api_id, **extra, **{key: "91,700"}), SAMSUNG)
    assert above == {key: f"{label}: 상한가 91,600원보다 높습니다"}
    below = instrument_errors(api_id, values(api_id, **extra, **{key: "49300"}), SAMSUNG)
    assert below == {key: f"{label}: 하한가 49,400원보다 낮습니다"}
    for inside in ("91600", "49400", "71000"):
        assert instrument_errors(api_id, values(api_id, **extra, **{key: inside}), SAMSUNG) == {}


def test_the_label_is_the_spec_label():
    errors = instrument_errors("kt10006", values("kt10006", ord_uv="100000"), SAMSUNG)
    assert errors == {"ord_uv": "주문단가: 상한가 91,600원보다 높습니다"}


def test_no_band_no_band_error():
    unknown_band = replace(SAMSUNG, upper_limit=None, lower_limit=None)
    assert instrument_errors("kt10006", values("kt10006", ord_uv="1"), unknown_band) == {}
    only_upper = replace(SAMSUNG, lower_limit=None)
    assert instrument_errors("kt10006", values("kt10006", ord_uv="1"), only_upper) == {}
    assert "ord_uv" in instrument_errors("kt10006", values("kt10006", ord_uv="99000"), only_upper)


def test_no_instrument_or_another_code_judges_nothing():
    assert instrument_errors("kt10006", values("kt10006", ord_uv="1"), None) == {}
    stale = values("kt10006", stk_cd="000660", ord_uv="1", dmst_stex_tp="NXT")
    assert instrument_errors("kt10006", stale, replace(SAMSUNG, nxt_enable=False)) == {}


def test_blank_or_malformed_prices_are_left_to_validate():
    for text in ("", "abc", "0", "-5", "9" * 40):
        assert instrument_errors("kt10006", {**VALID["kt10006"], "ord_uv": text}, SAMSUNG) == {}


@pytest.mark.parametrize("api_id", ["kt10006", "kt10007", "kt10008", "kt10009"])
def test_nxt_for_a_code_not_on_nxt(api_id):
    off_nxt = replace(SAMSUNG, code="00088K", name="한화3우B", nxt_enable=False, upper_limit=None, lower_limit=None)
    v = values(api_id, stk_cd="00088K", dmst_stex_tp="NXT")
    assert instrument_errors(api_id, v, off_nxt) == {
        "dmst_stex_tp": "한화3우B은(는) NXT에서 거래할 수 없습니다 — KRX를 고르세요"
    }
    for venue in ("KRX", "SOR"):
        assert instrument_errors(api_id, values(api_id, stk_cd="00088K", dmst_stex_tp=venue), off_nxt) == {}
    unknown = replace(off_nxt, nxt_enable=None)  # ka10100 did not answer: nothing claimed
    assert instrument_errors(api_id, v, unknown) == {}


def test_price_fields_are_the_four_price_kinds():
    from kiwoom_gui.orders.specs import load_orders

    kinds = {f.key for spec in load_orders().values() for f in spec.request_body if f.kind == "price"}
    assert kinds == set(PRICE_FIELDS)


def test_confirmation_lines_name_every_warning():
    assert confirmation_warnings(None) == ()
    assert confirmation_warnings(SAMSUNG) == ()
    risky = replace(
        SAMSUNG,
        code="263750",
        name="펄어비스",
        credit_ok=False,
        state="증거금100%",
        order_warning="5",
        flags=("신용 불가", "투자경고", "NXT 불가"),
        warnings=("신용 불가", "투자경고"),
    )
    assert confirmation_warnings(risky) == (
        "펄어비스(263750) — 신용거래 가능 종목이 아닙니다 (종목상태: 증거금100%)",
        "펄어비스(263750) — 투자경고 지정 종목입니다",
    )
