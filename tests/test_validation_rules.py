"""Table-driven tests for every validation rule of issue #2."""

from __future__ import annotations

import datetime as dt

import pytest
from rule_oracle import BODY_KEYS, PRICE_BLANK, PRICE_REQUIRED, VALID, assert_body_satisfies_rules

from kiwoom_gui.base.kst import KST
from kiwoom_gui.orders.validation import BLANK, REQUIRED, InvalidOrder, build_body, validate

TODAY = dt.date(2026, 11, 24)  # the loan-date rules below are judged as on this day


def form(api_id: str, **overrides: str) -> dict[str, str]:
    return {**VALID[api_id], **overrides}


@pytest.mark.parametrize("api_id", list(VALID))
def test_official_examples_are_valid_and_sent_verbatim(api_id):
    body = build_body(api_id, VALID[api_id])
    assert body == VALID[api_id]
    assert_body_satisfies_rules(api_id, body)


@pytest.mark.parametrize("api_id", ["kt10006", "kt10007"])
@pytest.mark.parametrize("trde_tp", sorted(PRICE_REQUIRED, key=int))
def test_price_required_for_limit_family(api_id, trde_tp):
    extra = {"cond_uv": "2500"} if trde_tp == "28" else {}
    result = validate(api_id, form(api_id, trde_tp=trde_tp, ord_uv="", **extra))
    assert result.states["ord_uv"] == REQUIRED
    assert "주문단가를 입력하세요" in result.errors["ord_uv"]
    assert list(result.errors) == ["ord_uv"]
    assert validate(api_id, form(api_id, trde_tp=trde_tp, ord_uv="2580", **extra)).ok


@pytest.mark.parametrize("api_id", ["kt10006", "kt10007"])
@pytest.mark.parametrize("trde_tp", sorted(PRICE_BLANK, key=int))
def test_price_must_be_blank_for_market_family(api_id, trde_tp):
    result = validate(api_id, form(api_id, trde_tp=trde_tp, ord_uv="2580"))
    assert result.states["ord_uv"] == BLANK
    assert "비워 두세요" in result.errors["ord_uv"]  # never silently dropped
    ok = validate(api_id, form(api_id, trde_tp=trde_tp, ord_uv=""))
    assert ok.ok and ok.body["ord_uv"] == ""


def test_required_message_names_the_order_type():
    assert validate("kt10006", form("kt10006", ord_uv=""))
    assert validate("kt10006", form("kt10006", ord_uv="")).errors["ord_uv"] == "주문단가를 입력하세요 (보통 주문)"
    msg = validate("kt10006", form("kt10006", trde_tp="3")).errors["ord_uv"]
    assert msg.startswith("시장가 주문에는 주문단가를")


@pytest.mark.parametrize("api_id", ["kt10006", "kt10007"])
def test_stop_limit_needs_condition_price(api_id):
    missing = validate(api_id, form(api_id, trde_tp="28", cond_uv=""))
    assert "조건단가를 입력하세요" in missing.errors["cond_uv"]
    assert validate(api_id, form(api_id, trde_tp="28", cond_uv="2500")).ok


@pytest.mark.parametrize("api_id", ["kt10006", "kt10007"])
@pytest.mark.parametrize("trde_tp", sorted((PRICE_REQUIRED | PRICE_BLANK) - {"28"}, key=int))
def test_condition_price_blank_unless_stop_limit(api_id, trde_tp):
    price = "2580" if trde_tp in PRICE_REQUIRED else ""
    result = validate(api_id, form(api_id, trde_tp=trde_tp, ord_uv=price, cond_uv="2500"))
    assert list(result.errors) == ["cond_uv"]


@pytest.mark.parametrize(
    ("deal", "loan", "error"),
    [
        ("33", "", "대출일을 입력하세요 (융자 주문)"),
        ("33", "20261124", None),
        ("33", "2026-11-24", None),
        ("33", "20240229", None),
        ("33", "20261125", "대출일: 오늘(2026-11-24)보다 뒤의 날짜는 안 됩니다"),
        ("33", "2026-11-25", "보다 뒤의 날짜는 안 됩니다"),
        ("33", "20270101", "보다 뒤의 날짜는 안 됩니다"),
        ("33", "20230229", "실제 날짜"),
        ("33", "19900101", None),
        ("33", "1990-01-01", None),
        ("33", "19891231", "대출일: 1990-01-01보다 앞의 날짜는 안 됩니다"),
        ("33", "00010101", "1990-01-01보다 앞의 날짜는 안 됩니다"),
        ("33", "1970.01.01", "1990-01-01보다 앞의 날짜는 안 됩니다"),
        ("33", "20261324", "실제 날짜"),
        ("33", "2026112", "실제 날짜"),
        ("33", "2026112a", "실제 날짜"),
        ("99", "", None),
        ("99", "20261124", "비워 두세요"),
        ("12", "", "허용되지 않는 값"),
    ],
)
def test_loan_date_rule(deal, loan, error):
    result = validate("kt10007", form("kt10007", crd_deal_tp=deal, crd_loan_dt=loan), today=TODAY)
    key = "crd_deal_tp" if deal not in ("33", "99") else "crd_loan_dt"
    if error is None:
        assert result.ok, result.errors
        assert result.body["crd_loan_dt"] == loan.replace("-", "")
    else:
        assert error in result.errors[key]


def test_loan_date_is_judged_against_korea_today_by_default():
    today = dt.datetime.now(KST).date()  # two days either side: a run across midnight still holds
    ahead = (today + dt.timedelta(days=2)).strftime("%Y%m%d")
    behind = (today - dt.timedelta(days=2)).strftime("%Y%m%d")
    assert "crd_loan_dt" in validate("kt10007", form("kt10007", crd_deal_tp="33", crd_loan_dt=ahead)).errors
    assert build_body("kt10007", form("kt10007", crd_deal_tp="33", crd_loan_dt=behind))["crd_loan_dt"] == behind


@pytest.mark.parametrize(
    ("raw", "sent"),
    [
        ("1", "1"),
        ("1,000", "1000"),
        ("12,345,678", "12345678"),
        (" 12 \n", "12"),
        ("010", "10"),
        ("999999999999", "999999999999"),
    ],
)
def test_order_quantity_accepted(raw, sent):
    assert build_body("kt10006", form("kt10006", ord_qty=raw))["ord_qty"] == sent


@pytest.mark.parametrize(
    "raw",
    [
        *["0", "", "-1", "1.5", "1,00", "12,5", "1e3", "１０", "ten", "1 0", "0,000", "1234567890123"],
        *["0,500", "00,500", "000,500", "0,500,000", "1,0000", "1000,000", ",500", "500,", "1,,000", "1 000"],
    ],
)
def test_order_quantity_rejected(raw):
    assert "ord_qty" in validate("kt10006", form("kt10006", ord_qty=raw)).errors


@pytest.mark.parametrize(("api_id", "key"), [("kt10008", "mdfy_qty"), ("kt10009", "cncl_qty")])
@pytest.mark.parametrize(("raw", "sent"), [("0", "0"), ("000", "0"), ("5", "5"), ("1,500", "1500")])
def test_modify_cancel_quantity_zero_means_all(api_id, key, raw, sent):
    assert build_body(api_id, form(api_id, **{key: raw}))[key] == sent


@pytest.mark.parametrize(("api_id", "key"), [("kt10008", "mdfy_qty"), ("kt10009", "cncl_qty")])
@pytest.mark.parametrize("raw", ["", "-1", "0.5", "전부", "0,500", "00,500", "0,000", "1,00"])
def test_modify_cancel_quantity_rejected(api_id, key, raw):
    assert key in validate(api_id, form(api_id, **{key: raw})).errors


@pytest.mark.parametrize(
    ("api_id", "key"),
    [("kt10006", "ord_uv"), ("kt10007", "ord_uv"), ("kt10008", "mdfy_uv"), ("kt10008", "mdfy_cond_uv")],
)
@pytest.mark.parametrize(("raw", "sent"), [("2580", "2580"), ("2,580", "2580"), ("1,234,000", "1234000")])
def test_price_accepted(api_id, key, raw, sent):
    assert build_body(api_id, form(api_id, **{key: raw}))[key] == sent


@pytest.mark.parametrize(
    ("api_id", "key"),
    [("kt10006", "ord_uv"), ("kt10007", "ord_uv"), ("kt10008", "mdfy_uv"), ("kt10008", "mdfy_cond_uv")],
)
@pytest.mark.parametrize(
    "raw", ["0", "12.5", "2580.0", "-100", "+100", "2,58", "1e4", "₩2580", "1234567890123", "0,500", "00,500", "1,00"]
)
def test_price_rejected(api_id, key, raw):
    result = validate(api_id, form(api_id, **{key: raw}))
    assert key in result.errors
    assert result.body is None


def test_pasted_decimal_price_is_flagged_never_sent_as_other_number():
    result = validate("kt10006", form("kt10006", ord_uv="12.5"))
    assert result.errors["ord_uv"] == "주문단가를 원 단위 정수로 입력하세요 (소수·부호 불가)"


@pytest.mark.parametrize("api_id", ["kt10008", "kt10009"])
@pytest.mark.parametrize(
    ("raw", "sent"),
    [
        ("455", "0000455"),
        (" 0000455 ", "0000455"),
        ("\t455\n", "0000455"),
        ("1234567", "1234567"),
        ("0000001", "0000001"),
    ],
)
def test_original_order_number_zero_padded(api_id, raw, sent):
    assert build_body(api_id, form(api_id, orig_ord_no=raw))["orig_ord_no"] == sent


@pytest.mark.parametrize("api_id", ["kt10008", "kt10009"])
@pytest.mark.parametrize("raw", ["", "12345678", "45a", "4 55", "-455", "00004550"])
def test_original_order_number_rejected(api_id, raw):
    assert "orig_ord_no" in validate(api_id, form(api_id, orig_ord_no=raw)).errors


@pytest.mark.parametrize("api_id", ["kt10008", "kt10009"])
@pytest.mark.parametrize("raw", ["0", "00", " 0 ", "000", "0000000"])
def test_original_order_number_all_zero_is_no_order_number(api_id, raw):
    """Issue 17 item 10: "0" padded is 0000000, which names no order: refused at the field, nothing sent."""
    result = validate(api_id, form(api_id, orig_ord_no=raw))
    assert result.body is None
    message = "원주문번호 0000000은 주문번호가 아닙니다 — 원래 주문의 주문번호를 입력하세요"
    assert result.errors["orig_ord_no"] == message


@pytest.mark.parametrize(("raw", "sent"), [("005930", "005930"), ("00088k", "00088K"), (" 0197X0\n", "0197X0")])
def test_stock_code_accepted(raw, sent):
    assert build_body("kt10006", form("kt10006", stk_cd=raw))["stk_cd"] == sent


@pytest.mark.parametrize(
    "raw",
    # "ß".upper() is "SS" and "ı".upper() is "I": a non-ASCII letter must not turn into a valid code
    ["", "5930", "0059300", "00 593", "A005930", "005930_NX", "삼성전자", "００５９３０", "0059ß", "00088ı", "0ﬃ59"],
)
def test_stock_code_rejected(raw):
    assert "stk_cd" in validate("kt10006", form("kt10006", stk_cd=raw)).errors


@pytest.mark.parametrize(("raw", "sent"), [("KRX", "KRX"), ("nxt", "NXT"), (" sor ", "SOR")])
def test_exchange_accepted(raw, sent):
    assert build_body("kt10009", form("kt10009", dmst_stex_tp=raw))["dmst_stex_tp"] == sent


@pytest.mark.parametrize("raw", ["", "KOSPI", "KR", "NYSE"])
def test_exchange_rejected(raw):
    assert "dmst_stex_tp" in validate("kt10009", form("kt10009", dmst_stex_tp=raw)).errors


@pytest.mark.parametrize("raw", ["", "1", "99", "00", "시장가"])
def test_order_type_rejected(raw):
    assert "trde_tp" in validate("kt10006", form("kt10006", trde_tp=raw)).errors


def test_length_limit_message():
    result = validate("kt10006", form("kt10006", ord_qty="1" * 13))
    assert result.errors["ord_qty"] == "주문수량: 최대 12자입니다 (지금 13자)"


@pytest.mark.parametrize(
    ("api_id", "key", "raw"), [("kt10008", "orig_ord_no", "00004551"), ("kt10009", "orig_ord_no", "4550000456")]
)
def test_an_overlong_order_number_is_too_long_never_read_as_seven_digits(api_id, key, raw):
    result = validate(api_id, form(api_id, **{key: raw}))
    assert result.errors[key] == f"원주문번호: 최대 7자입니다 (지금 {len(raw)}자)"
    assert result.body is None


def test_a_huge_paste_is_judged_without_raising():
    for key in ("ord_qty", "ord_uv", "stk_cd"):
        result = validate("kt10006", form("kt10006", **{key: "9" * 20000}))
        assert result.errors[key].endswith("(지금 20000자)")


def test_control_characters_inside_a_value_are_refused():
    assert "stk_cd" in validate("kt10006", form("kt10006", stk_cd="0059\x0030")).errors
    assert "ord_qty" in validate("kt10006", form("kt10006", ord_qty="1\u200b0")).errors


def test_body_has_every_spec_field_in_order_and_nothing_else():
    raw = {**VALID["kt10007"], "account": "1234", "authorization": "x"}
    del raw["cond_uv"], raw["crd_loan_dt"]
    body = build_body("kt10007", raw)
    assert list(body) == BODY_KEYS["kt10007"]
    assert body["cond_uv"] == "" and body["crd_loan_dt"] == ""


def test_build_body_raises_with_messages():
    with pytest.raises(InvalidOrder) as info:
        build_body("kt10006", {})
    assert set(info.value.errors) == {"dmst_stex_tp", "stk_cd", "ord_qty", "trde_tp"}
    assert info.value.errors["stk_cd"] == "종목코드를 입력하세요"


def test_unknown_api_id():
    with pytest.raises(KeyError):
        validate("kt99999", {})
