"""00 주문체결 / 04 잔고 values → events, and the frames both sides build and read. Hostile values never raise."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiwoom_gui.live import frames
from kiwoom_gui.live.events import BalanceEvent, OrderEvent, parse_balance, parse_order, parse_real

# kiwoom-spec/00.md, the official example (실시간 수신)
SPEC_00 = {
    "9201": "1111111111", "9203": "0000018", "9205": "", "9001": "005930", "912": "JJ", "913": "접수",
    "302": "삼성전자", "900": "1", "901": "0", "902": "1", "903": "0", "904": "0000000", "905": "+매수",
    "906": "시장가", "907": "2", "908": "094022", "909": "", "910": "", "911": "", "10": "+60700",
    "27": "+60700", "28": "-60000", "914": "", "915": "", "938": "0", "939": "0", "919": "0", "920": "",
    "921": "0701002", "922": "00", "923": "00000000", "10010": "", "2134": "1", "2135": "KRX", "2136": "Y",
}  # fmt: skip
# kiwoom-spec/04.md, the official example
SPEC_04 = {
    "9201": "1111111111", "9001": "005930", "917": "00", "916": "00000000", "302": "삼성전자", "10": "-60150",
    "930": "102", "931": "154116", "932": "15719834", "933": "102", "945": "4", "946": "2", "950": "0",
    "951": "0", "27": "-60200", "28": "-60100", "307": "60300", "8019": "0.00", "957": "0", "958": "0",
    "918": "00000000", "990": "0", "991": "0.00", "992": "0", "993": "0.00", "959": "0", "924": "0",
}  # fmt: skip


def real(*entries: tuple[str, dict]) -> dict:
    return {"trnm": "REAL", "data": [{"type": t, "name": "x", "item": "005930", "values": v} for t, v in entries]}


def test_the_spec_example_of_00_reads_as_an_order_received():
    (e,) = parse_real(real(("00", SPEC_00)))
    assert isinstance(e, OrderEvent)
    assert (e.ord_no, e.orig_ord_no, e.stk_cd, e.stk_nm, e.status) == ("0000018", None, "005930", "삼성전자", "접수")
    assert (e.order_kind, e.trde_tp, e.side, e.time) == ("매수", "시장가", "2", "094022")
    assert (e.ord_qty, e.ord_pric, e.open_qty, e.filled_amount) == (1, 0, 1, 0)
    assert (e.cntr_no, e.cntr_pric, e.cntr_qty) == ("", None, None)  # empty = not a fill, never a made-up 0
    assert (e.reject_reason, e.crd_tp, e.loan_dt) == ("0", "00", "00000000")
    assert e.venue == "SOR"  # 2136 Y wins over 2134 1 (KRX): the order was routed
    assert e.filled_qty == 0 and e.average_price is None
    assert not e.is_cancel and not e.is_modify
    assert e.raw == SPEC_00


def test_a_bots_fill_with_an_a_prefixed_code_and_signed_prices():
    values = {
        **SPEC_00, "9203": "0000455", "9001": "A005930", "913": "체결", "900": "10", "901": "+70000",
        "902": "4", "903": "420000", "909": "12", "910": "+70000", "911": "6", "2136": "N", "2134": "2",
    }  # fmt: skip
    (e,) = parse_real(real(("00", values)))
    assert (e.stk_cd, e.status, e.cntr_pric, e.ord_pric) == ("005930", "체결", 70000, 70000)
    assert (e.cntr_qty, e.cntr_no) == (6, "12")
    assert (e.filled_qty, e.average_price, e.venue) == (6, 70000, "NXT")


def test_a_cancel_names_its_original_and_drops_the_mark():
    values = {**SPEC_00, "9203": "0000019", "904": "0000018", "905": "-매도취소", "913": "확인", "902": "0"}
    e = parse_order(values)
    assert (e.ord_no, e.orig_ord_no, e.order_kind, e.status) == ("0000019", "0000018", "매도취소", "확인")
    assert e.is_cancel and not e.is_modify
    assert parse_order({**values, "905": "+매수정정"}).is_modify


@pytest.mark.parametrize(
    ("sor", "code", "name", "venue"),
    [("Y", "1", "KRX", "SOR"), ("N", "1", "KRX", "KRX"), ("N", "2", "NXT", "NXT"), ("", "", "NXT", "NXT"),
     ("N", "0", "통합", ""), ("", "", "", "")],
)  # fmt: skip
def test_the_venue(sor, code, name, venue):
    assert parse_order({"2136": sor, "2134": code, "2135": name}).venue == venue


def test_the_spec_example_of_04_reads_as_a_position():
    (e,) = parse_real(real(("04", SPEC_04)))
    assert isinstance(e, BalanceEvent)
    assert (e.stk_cd, e.stk_nm, e.crd_tp, e.loan_dt) == ("005930", "삼성전자", "00", "00000000")
    assert (e.qty, e.available_qty, e.avg_price, e.cur_price, e.profit_rate) == (102, 102, 154116, 60150, "0.00")


def test_one_frame_with_both_types_keeps_their_order_and_skips_the_rest():
    frame = real(("04", SPEC_04), ("0B", {"10": "1"}), ("00", SPEC_00))
    frame["data"] += ["junk", {"type": "00"}, {"type": "00", "values": [1, 2]}, None]
    assert [type(e) for e in parse_real(frame)] == [BalanceEvent, OrderEvent]


@pytest.mark.parametrize(
    "raw",
    ["", " ", "0000018 ", "000018", "00000018", "0x00018", "٠٠٠٠٠١٨", 18, None, ["0000018"], "000 018"],
)
def test_an_order_number_is_exactly_seven_ascii_digits(raw):
    e = parse_order({"9203": raw, "904": raw})
    expected = "0000018" if raw == "0000018 " else None
    assert (e.ord_no, e.orig_ord_no) == (expected, expected)


@pytest.mark.parametrize(
    ("raw", "value"),
    [("10", 10), ("+10", 10), ("0010", 10), ("-10", None), ("1e3", None), ("1_000", None), ("١٠", None),
     ("", None), (" ", None), (10, None), (None, None), ("9" * 41, None), ("1,000", None)],
)  # fmt: skip
def test_quantities_are_whole_non_negative_ascii_numbers_or_none(raw, value):
    e = parse_order({"900": raw, "902": raw, "911": raw, "903": raw})
    assert (e.ord_qty, e.open_qty, e.cntr_qty, e.filled_amount) == (value, value, value, value)
    assert parse_balance({"930": raw, "933": raw}).qty == value


def test_prices_lose_their_direction_mark():
    assert parse_balance({"10": "-60150", "931": "+154116"}).cur_price == 60150
    assert parse_balance({"10": "--1"}).cur_price is None


def test_missing_everything_is_empty_not_zero():
    e = parse_order({})
    assert e.ord_no is None and e.ord_qty is None and e.stk_cd == "" and e.venue == "" and e.filled_qty is None
    b = parse_balance({})
    assert b.qty is None and b.avg_price is None and b.stk_cd == ""


def test_the_code_falls_back_to_the_item_and_junk_is_not_a_code():
    assert parse_order({}, "A000660").stk_cd == "000660"
    assert parse_order({"9001": "005930_NX"}).stk_cd == "005930"
    assert parse_order({"9001": "../../etc"}, None).stk_cd == ""


def test_long_and_broken_texts_are_bounded_and_printable():
    e = parse_order({"302": "가" * 100_000, "913": "\ud800접수", "919": {"x": 1}})
    assert len(e.stk_nm) <= 200 and e.stk_nm.endswith("…")
    assert e.status == "\\ud800접수"
    assert e.reject_reason == ""  # not text: not shown as a reason
    assert e.raw["919"] == '{"x": 1}'  # kept as the host wrote it


@pytest.mark.parametrize(
    "frame",
    [None, "REAL", 1, [], {}, {"data": None}, {"data": "x"}, {"data": {"type": "00"}}, {"data": [[1]]},
     {"data": [{"type": ["00"], "values": {}}]}, {"data": [{"type": "00", "values": {1: 2, None: "x"}}]}],
)  # fmt: skip
def test_malformed_frames_give_no_events_or_never_raise(frame):
    events = parse_real(frame)
    assert isinstance(events, list)
    assert all(e.raw == {} for e in events)


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)
_fids = st.sampled_from(["9203", "904", "9001", "913", "900", "901", "902", "903", "905", "910", "911", "2134",
                         "2135", "2136", "930", "931", "933", "10", "8019", "302"])  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["00", "04", "0B", None, 0]), st.dictionaries(_fids, _json | st.text(), max_size=12), _json)
def test_any_values_never_raise(kind, values, item):
    for e in parse_real({"trnm": "REAL", "data": [{"type": kind, "item": item, "values": values}]}):
        assert e.stk_cd == "" or (len(e.stk_cd) == 6 and e.stk_cd.isascii())
        for n in (getattr(e, "ord_qty", 0), getattr(e, "open_qty", 0), getattr(e, "qty", 0)):
            assert n is None or (isinstance(n, int) and n >= 0)


# --- frames -----------------------------------------------------------------------------------------
def test_login_and_reg_frames_have_the_documented_shape():
    assert json.loads(frames.login_frame("tok")) == {"trnm": "LOGIN", "token": "tok"}
    assert json.loads(frames.reg_frame()) == {
        "trnm": "REG", "grp_no": "1", "refresh": "1", "data": [{"item": [""], "type": ["00", "04"]}],
    }  # fmt: skip
    assert frames.registered_types(frames.read_frame(frames.reg_frame(["04"]))) == ["04"]


def test_reading_frames():
    ping = frames.read_frame('{"trnm": "PING"}')
    assert ping.trnm == "PING" and ping.text == '{"trnm": "PING"}'
    login = frames.read_frame('{"trnm":"LOGIN","return_code":"0","return_msg":"ok"}')
    assert (login.trnm, login.return_code, login.return_msg) == ("LOGIN", 0, "ok")
    system = frames.read_frame(frames.system_frame("R10001", "동일한 App key로 접속이 되었습니다"))
    assert (system.trnm, system.code) == ("SYSTEM", "R10001")
    assert frames.read_frame('{"trnm":"LOGIN"}').return_code is None
    for junk in ("", "not json", "[]", '"PING"', b'{"trnm":"PING"}', "[" * 100_000, '{"trnm": 5}'):
        f = frames.read_frame(junk)
        assert f is None or f.trnm == ""
