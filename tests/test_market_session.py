"""Issue 20: the session table and clock (resources/market_sessions.json, krx_holidays.json), pure — every time
is given explicitly in KST (or another zone, read as KST), never the machine's clock or zone."""

from __future__ import annotations

import datetime as dt

import pytest

from kiwoom_gui.base.kst import KST
from kiwoom_gui.session.calendar import clock_session, next_boundary
from kiwoom_gui.session.market import MarketState
from kiwoom_gui.session.signals import BandSignal, SessionSignal, ViSignal, parse_entry, parse_market
from kiwoom_gui.session.table import ACCEPTED, REFUSED, UNKNOWN, verdict

TUE = dt.date(2026, 10, 6)  # an ordinary Tuesday, after KRX's after-market started (2026-09-14)


def at(day: dt.date, hh: int, mm: int, ss: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=KST)


def order(venue: str, trde_tp: str) -> dict[str, str]:
    return {"dmst_stex_tp": venue, "stk_cd": "005930", "ord_qty": "1", "ord_uv": "", "trde_tp": trde_tp}


@pytest.mark.parametrize(
    ("venue", "when", "session"),
    [
        ("KRX", at(TUE, 8, 45), "open_auction"),
        ("KRX", at(TUE, 9, 0), "regular"),
        ("KRX", at(TUE, 15, 25), "close_auction"),
        ("KRX", at(TUE, 15, 50), "after_close_price"),
        ("KRX", at(TUE, 17, 0), "after"),
        ("KRX", at(TUE, 20, 0), "closed"),
        ("KRX", at(TUE, 6, 59), "before_open"),
        ("KRX", at(dt.date(2026, 9, 10), 17, 0), "after_single"),  # before the after-market replaced it
        ("NXT", at(TUE, 8, 10), "pre"),
        ("NXT", at(TUE, 9, 0, 10), "pause"),
        ("NXT", at(TUE, 9, 0, 30), "regular"),
        ("NXT", at(TUE, 19, 59, 59), "after"),
        ("KRX", at(dt.date(2026, 9, 24), 10, 0), "holiday"),  # 추석 연휴, a Thursday
        ("NXT", at(dt.date(2026, 9, 24), 10, 0), "holiday"),
        ("KRX", at(dt.date(2026, 12, 5), 10, 0), "weekend"),  # a Saturday
        ("KRX", at(dt.date(2027, 9, 15), 10, 0), "holiday_provisional"),  # 2027 not published by KRX yet
    ],
)
def test_the_clock_names_each_venues_session(venue, when, session):
    assert clock_session(venue, when) == session


def test_a_time_in_another_zone_is_read_in_kst_and_a_naive_one_is_refused():
    utc = dt.datetime(2026, 10, 6, 0, 0, tzinfo=dt.timezone.utc)  # 09:00 KST
    assert clock_session("KRX", utc) == "regular"
    with pytest.raises(ValueError):
        clock_session("KRX", dt.datetime(2026, 10, 6, 9, 0))


def test_mock_closes_at_1530_with_rc4058_for_every_order_type():
    state = MarketState(env=lambda: "mock")
    assert clock_session("KRX", at(TUE, 15, 29, 59), "mock") == "close_auction"
    assert clock_session("KRX", at(TUE, 15, 30), "mock") == "mock_closed"
    assert clock_session("KRX", at(TUE, 15, 30), "real") == "closed"
    for trde_tp in ("0", "3", "81"):
        errors = state.field_errors("kt10006", order("KRX", trde_tp), at(TUE, 15, 30))
        assert "RC4058" in errors["trde_tp"] and "모의투자" in errors["trde_tp"]
    assert state.field_errors("kt10006", order("KRX", "0"), at(TUE, 15, 29)) == {}
    assert next_boundary("KRX", at(TUE, 15, 25), "mock") == at(TUE, 15, 30)


def test_nxt_after_market_refuses_market_orders_at_the_field_and_accepts_limit():
    state = MarketState()
    errors = state.field_errors("kt10006", order("NXT", "3"), at(TUE, 17, 0))
    assert errors == {"trde_tp": "NXT 애프터마켓에는 시장가 주문을 받지 않습니다 (407022)"}
    assert state.field_errors("kt10007", order("NXT", "0"), at(TUE, 17, 0)) == {}
    assert verdict("NXT", "after", "0").status == ACCEPTED
    krx = state.field_errors("kt10006", order("KRX", "3"), at(TUE, 17, 0))
    assert krx == {"trde_tp": "KRX 애프터마켓에는 시장가 주문을 받지 않습니다 (521790)"}
    # the regular session takes both; an NXT order's confirmation says it lives until 20:00
    assert state.field_errors("kt10006", order("NXT", "3"), at(TUE, 10, 0)) == {}
    assert state.notes("kt10006", order("NXT", "0"), at(TUE, 10, 0)) == [
        "NXT 주문은 체결되지 않으면 애프터마켓 끝(20:00)까지 살아 있습니다"
    ]


def test_a_holiday_refuses_everything_a_weekend_or_an_untested_type_is_only_noted():
    state = MarketState()
    holiday = state.field_errors("kt10006", order("KRX", "0"), at(dt.date(2026, 9, 24), 10, 0))
    assert holiday == {"trde_tp": "KRX 휴장: 지금은 주문을 받지 않습니다 (RC4010)"}
    saturday = at(dt.date(2026, 12, 5), 10, 0)
    assert state.field_errors("kt10006", order("KRX", "0"), saturday) == {}
    (note,) = state.notes("kt10006", order("KRX", "0"), saturday)
    assert "확인되지 않은 조합" in note and "휴장(주말)" in note
    assert verdict("KRX", "after", "5").status == UNKNOWN  # not in the facts: unknown, never "accepted"
    mid = state.field_errors("kt10006", order("NXT", "29"), at(TUE, 17, 0))
    assert mid == {"trde_tp": "NXT 애프터마켓에는 중간가 주문을 받지 않습니다"}
    assert verdict("KRX", "holiday_provisional", "0").status == UNKNOWN  # a computed holiday never blocks
    assert verdict("KRX", "holiday", "3").status == REFUSED


def test_a_host_with_its_own_clock_is_judged_only_by_its_live_0s():
    state = MarketState(env=lambda: "custom")
    assert state.field_errors("kt10006", order("NXT", "3"), at(TUE, 17, 0)) == {}
    assert clock_session("KRX", at(TUE, 15, 45), "custom") == "after_close_price"  # no 모의투자 close
    state.apply([SessionSignal("NXT", "after", "U", "170000")], at(TUE, 17, 0))
    assert "407022" in state.field_errors("kt10006", order("NXT", "3"), at(TUE, 17, 0))["trde_tp"]


def test_0s_overrides_the_clock_until_its_next_boundary():
    state = MarketState()
    (signal,), unread = parse_market({"trnm": "REAL", "data": [
        {"type": "0s", "name": "장시작시간", "item": "", "values": {"215": "a", "20": "153500", "214": "000000"}},
        {"type": "0s", "item": "", "values": {"215": "zz"}},  # an unknown code: unread, not a state
        {"type": "00", "item": "", "values": {}},  # not ours
    ]})
    assert unread == 1 and signal == SessionSignal("KRX", "after_close_price", "a", "153500")
    # 시간외 종가 started early: the clock says 장종료 until 15:40, 0s says 시간외(종가)
    early = at(TUE, 15, 35)
    assert clock_session("KRX", early) == "closed"
    state.apply([signal], early, unread)
    assert state.session("KRX", early).label == "시간외(종가)"
    assert state.state_text(early) == "KRX 시간외(종가) · NXT 애프터마켓"
    assert "0s" in state.state_tip(early) and "1건" in state.state_tip(early)
    assert state.next_change(early) == at(TUE, 15, 40)
    # past the clock's next boundary the clock speaks again: a stale 0s never hides the after-market
    assert state.session("KRX", at(TUE, 16, 1)).session == "after"
    state.apply([SessionSignal("NXT", "regular", "R", "090030")], at(TUE, 9, 0, 30))
    assert state.state_text(at(TUE, 9, 1)) == "KRX 정규장 · NXT 메인마켓"


def test_1h_and_0g_read_as_the_spec_examples_say():
    vi = {"9001": "005930", "302": "삼성전자", "9068": "1", "1221": "4125", "1225": "정적", "1224": "111703"}
    on = parse_entry("1h", vi, "005930")
    assert on == ViSignal("005930", "삼성전자", "on", "1", "정적", 4125)
    assert parse_entry("1h", {**vi, "9068": "2"}, "005930").state == "off"
    assert parse_entry("1h", {**vi, "9068": "9"}, "005930").state == "unknown"  # kept as a VI: asked
    state = MarketState()
    state.apply([on], at(TUE, 11, 15))
    assert "삼성전자(005930) VI 발동 중 (정적)" in state.vi_warning("005930")
    state.apply([parse_entry("1h", {**vi, "9068": "2"}, "005930")], at(TUE, 11, 17))
    assert state.vi_warning("005930") == ""
    band = {"297": "동정적VI", "305": "+78300", "306": "-42300", "307": "60300"}
    assert parse_entry("0g", band, "005930") == BandSignal("005930", 78300, 42300, 60300)
    assert parse_entry("0g", {**band, "305": "+1000"}, "005930") is None  # 상한가 below 하한가: not a band
    assert parse_entry("0g", {"297": "x"}, "005930") is None


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("[2000](407022:주문이 불가능한 주문종류입니다)", "NXT 프리마켓·애프터마켓"),
        ("[2000](521790:해당 호가유형은 주문 불가능한 시간입니다.)", "KRX 애프터마켓"),
        ("[2000](RC4058:모의투자 장종료)", "15:30"),
        ("[2000](RC4010:휴장)", "휴장일"),
        ("[2000](571357:시간외종가 주문시에는 단가를 입력하지 않습니다)", "시간외종가"),
        ("[2000](571412:SOR정정 및 취소주문은 원주문이 SOR주문인 경우 가능합니다.)", "원주문과 같은 거래소구분"),
    ],
)
def test_the_hosts_session_refusals_are_explained_in_korean(message, words):
    from kiwoom_gui.host.answers import Outcome, explain, specific_code

    assert words in explain(Outcome.REJECTED, specific_code(message))
