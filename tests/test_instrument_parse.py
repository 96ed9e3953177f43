"""ka10001 + ka10100 answers → Instrument (kiwoom_gui.instrument.parse), including hostile answers: nothing
a host sends makes it raise, and nothing unreadable turns into a price. Fixtures are written from the spec's
field tables (the official ka10001 response_example is shifted by a column and is not used)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiwoom_gui.instrument.model import Instrument
from kiwoom_gui.instrument.parse import (
    host_code,
    instrument_from_answers,
    instrument_kind,
    price_value,
    unknown_code,
    unknown_code_message,
)

BASIC = {
    "stk_cd": "005930",
    "stk_nm": "삼성전자",
    "cur_prc": "+71000",
    "base_pric": "70500",
    "upl_pric": "+91600",
    "lst_pric": "-49400",
    "pre_sig": "2",
    "flu_rt": "+0.71",
    "return_code": 0,
    "return_msg": "정상적으로 처리되었습니다",
}
INFO = {
    "code": "005930",
    "name": "삼성전자",
    "lastPrice": "00070500",
    "state": "증거금20%|담보대출|신용가능",
    "marketCode": "0",
    "marketName": "거래소",
    "orderWarning": "0",
    "nxtEnable": "Y",
    "return_code": 0,
    "return_msg": "정상적으로 처리되었습니다",
}


def test_both_answers_make_one_instrument():
    inst = instrument_from_answers("005930", BASIC, INFO)
    assert inst == Instrument(
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
    assert inst.has_band


@pytest.mark.parametrize(("sig", "direction"), [("1", "up"), ("2", "up"), ("3", "flat"), ("4", "down"), ("5", "down")])
def test_pre_sig_gives_the_direction(sig, direction):
    assert instrument_from_answers("005930", {**BASIC, "pre_sig": sig}, None).direction == direction


def test_without_pre_sig_the_price_mark_gives_the_direction():
    assert instrument_from_answers("005930", {**BASIC, "pre_sig": "", "cur_prc": "-70000"}, None).direction == "down"
    assert instrument_from_answers("005930", {**BASIC, "pre_sig": "9", "cur_prc": "70500"}, None).direction == "flat"
    assert instrument_from_answers("005930", {**BASIC, "pre_sig": None, "cur_prc": "abc"}, None).direction == ""


@pytest.mark.parametrize(
    ("info", "kind", "grid"),
    [
        ({"marketCode": "8", "marketName": "ETF"}, "etf", "etf"),
        # one field alone claims it: the kind is unsure, prices lie on both grids (issue 17 item 6)
        ({"marketCode": "60", "marketName": ""}, "etn", "stock+etn"),
        ({"marketCode": "", "marketName": "ETN 시장"}, "etn", "stock+etn"),
        ({"marketCode": "x", "marketName": "kodex etf"}, "etf", "stock+etf"),
        ({"marketCode": "10", "marketName": "코스닥"}, "stock", "stock"),
        ({}, "stock", "stock"),
        (None, "stock", "stock"),
        ({"marketCode": ["8"], "marketName": {"a": "ETF"}}, "stock", "stock"),
    ],
)
def test_kind_is_inferred_from_the_market(info, kind, grid):
    assert instrument_kind(info) == kind
    assert instrument_from_answers("069500", BASIC, info).kind == grid


@pytest.mark.parametrize(
    ("fields", "flags", "warnings"),
    [
        ({"state": "증거금100%|담보대출불가"}, ("신용 불가",), ("신용 불가",)),
        ({"state": "증거금100%|신용불가능"}, ("신용 불가",), ("신용 불가",)),
        ({"orderWarning": "5"}, ("투자경고",), ("투자경고",)),
        ({"orderWarning": "4"}, ("투자위험",), ("투자위험",)),
        ({"orderWarning": "3"}, ("단기과열",), ("단기과열",)),
        ({"orderWarning": "2"}, ("정리매매",), ("정리매매",)),
        ({"orderWarning": "1"}, ("투자주의(ETF)",), ("투자주의(ETF)",)),
        ({"orderWarning": "7"}, ("투자유의(7)",), ("투자유의(7)",)),
        ({"nxtEnable": "N"}, ("NXT 불가",), ()),
        ({"nxtEnable": ""}, ("NXT 불가",), ()),
        (
            {"state": "증거금100%", "orderWarning": "5", "nxtEnable": "N"},
            ("신용 불가", "투자경고", "NXT 불가"),
            ("신용 불가", "투자경고"),
        ),
    ],
)
def test_flags_and_the_ones_to_confirm(fields, flags, warnings):
    inst = instrument_from_answers("005930", BASIC, {**INFO, **fields})
    assert (inst.flags, inst.warnings) == (flags, warnings)


def test_without_ka10100_nothing_is_claimed_about_credit_nxt_or_warnings():
    inst = instrument_from_answers("005930", BASIC, None)
    unknown = ("투자유의 미확인",)  # not known is never none: asked (issue 17 item 6)
    assert (inst.credit_ok, inst.nxt_enable, inst.order_warning, inst.flags, inst.warnings) == (
        None, None, "", unknown, unknown
    )
    assert inst.name == "삼성전자" and inst.kind == "stock"


def test_without_ka10001_the_name_comes_from_ka10100_and_there_is_no_band():
    inst = instrument_from_answers("005930", None, INFO)
    assert inst.name == "삼성전자" and inst.price is None and not inst.has_band and inst.direction == ""


def test_a_missing_state_or_nxt_says_nothing_either_way():
    info = {k: v for k, v in INFO.items() if k not in ("state", "nxtEnable")}
    inst = instrument_from_answers("005930", BASIC, info)
    assert (inst.credit_ok, inst.nxt_enable, inst.flags) == (None, None, ())


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("+71000", 71000),
        ("-70000", 70000),
        ("71000", 71000),
        (" 00070500 ", 70500),
        (71000, 71000),
        ("+0", None),
        ("0", None),
        ("", None),
        (None, None),
        ("abc", None),
        ("71,000", None),
        ("71000.5", None),
        (71000.0, None),
        (True, None),
        ("+-5", None),
        ({"v": 1}, None),
        ([71000], None),
        ("9" * 5000, None),  # int() of 5,000 digits would be refused: read as unreadable, quickly
        (str(2**70), None),
        (2**70, None),
        ("٣٤٥", None),  # non-ASCII digits are not Kiwoom's
    ],
)
def test_price_values(raw, value):
    assert price_value(raw) == value


HOSTILE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
KEYS = list(BASIC) + list(INFO) + ["pre_sig", "flu_rt"]


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.sampled_from(KEYS), HOSTILE, max_size=12) | HOSTILE,
    st.dictionaries(st.sampled_from(KEYS), HOSTILE, max_size=12) | HOSTILE,
    st.text(max_size=12),
)
def test_hostile_answers_never_raise(basic, info, code):
    inst = instrument_from_answers(code, basic, info)
    for n in (inst.price, inst.base_price, inst.upper_limit, inst.lower_limit):
        assert n is None or (isinstance(n, int) and 0 < n < 10**15)
    assert inst.direction in ("", "up", "down", "flat")
    assert inst.kind in ("stock", "etf", "etn", "stock+etf", "stock+etn")
    assert all(isinstance(s, str) for s in (inst.name, inst.change_rate, inst.market, inst.state, inst.order_warning))
    assert set(inst.warnings) <= set(inst.flags)


def test_host_text_is_made_safe_and_short():
    nasty = {**BASIC, "stk_nm": "삼성\n전자\x00\u202e" + "가" * 5000, "flu_rt": "+" + "1" * 100}
    inst = instrument_from_answers("005930", nasty, {**INFO, "state": "\ud800신용가능"})
    assert inst.name.startswith("삼성전자") and len(inst.name) <= 200 and "\n" not in inst.name
    assert inst.change_rate == ""
    assert inst.state == "신용가능" and inst.state.encode("utf-8") and inst.credit_ok is False


@pytest.mark.parametrize(
    ("msg", "unknown"),
    [
        ("입력 값 오류입니다[1902:종목 정보가 없습니다. 입력한 종목코드 값을 확인바랍니다. 종목코드=005931]", True),
        ("[1901:시장 코드값이 존재하지 않습니다. 종목코드=ZZZ]", True),
        ("[1903:종목 정보가 없습니다. 입력한 종목코드, 거래소구분 값을 확인바랍니다. 거래소구분=NXT]", True),
        ("[2000](1902:종목 정보가 없습니다.)", True),
        ("허용된 요청 개수를 초과하였습니다[1700:…]", False),
        ("인증에 실패했습니다[8005:Token이 유효하지 않습니다]", False),
        ("종목 정보가 없습니다 1902", False),  # no bracketed code: not claimed
        ("", False),
        (None, False),
        (1902, False),
    ],
)
def test_unknown_code(msg, unknown):
    assert unknown_code(msg) is unknown


def test_unknown_code_message_names_the_code_and_the_host_code():
    msg = "입력 값 오류입니다[1903:종목 정보가 없습니다. …]"
    assert host_code(msg) == "1903"
    assert unknown_code_message("00088K", msg) == "종목코드 00088K: 없는 종목입니다 (키움 [1903])"
