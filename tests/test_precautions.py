"""주문 착오 방지 (issue 21), the Qt-free rules: settings.ini values read (a bad one: its default and a note), and an
order judged against each limit, in the words the confirmation shows."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiwoom_gui.guards.checks import breaches, distance_breaches, facts_from_body, tick_distance
from kiwoom_gui.guards.limits import Precautions, defaults, from_settings, to_settings
from kiwoom_gui.guards.rate import OrderRate


def test_shipped_defaults_are_5_percent_and_20_ticks_the_rest_off(shipped_precautions):
    assert defaults() == Precautions(max_percent_from_last=Decimal(5), max_ticks_from_last=20)


def test_bad_values_in_the_file_fall_back_to_their_default_with_a_note(shipped_precautions):
    limits, notes = from_settings(
        {"max_quantity": "abc", "max_amount": "-5", "max_percent_from_last": "1e9", "max_ticks_from_last": "7",
         "max_orders_per_minute": "９", "max_loan_amount": "1,000,000"}  # fmt: skip
    )
    assert limits == Precautions(max_loan_amount=1_000_000, max_percent_from_last=Decimal(5), max_ticks_from_last=7)
    assert len(notes) == 4 and all("settings.ini [precautions]" in n and "기본값" in n for n in notes)
    assert any("max_quantity" in n and "'abc'" in n for n in notes)
    assert from_settings(to_settings(limits)) == (limits, [])  # what is saved reads back the same


def test_each_limit_names_itself_and_the_value():
    p = Precautions(100, 1_000_000, 0, Decimal(0), 0, 0)
    lines = breaches(p, facts_from_body("kt10007", {"ord_qty": "1000", "ord_uv": "71000"}, 71000))
    assert lines == [
        "수량 1,000주 — 설정한 최대 100주를 넘습니다",
        "금액 71,000,000원 — 설정한 최대 1,000,000원을 넘습니다",
    ]
    assert breaches(p, facts_from_body("kt10007", {"ord_qty": "100", "ord_uv": "10000"}, 71000)) == []  # at the limit
    # a market order is judged at the last price; without one its amount is named as not checked
    assert "금액 7,100,000원" in breaches(p, facts_from_body("kt10006", {"ord_qty": "100", "ord_uv": ""}, 71000))[0]
    assert "확인하지 못했습니다" in breaches(p, facts_from_body("kt10006", {"ord_qty": "100", "ord_uv": ""}, None))[0]
    assert breaches(p, facts_from_body("kt10009", {"cncl_qty": "5000"}, 71000)) == []  # a cancel only lessens


def test_the_loan_limit_is_not_passed_silently_while_the_deposit_rate_is_unknown():
    p = Precautions(max_loan_amount=500_000)
    body = {"ord_qty": "10", "ord_uv": "71000"}  # 710,000원
    assert breaches(p, facts_from_body("kt10006", body, 71000)) == [
        "이 종목의 보증금율을 몰라 최대 융자금 500,000원을 확인하지 못했습니다"
    ]
    assert breaches(p, facts_from_body("kt10006", body, 71000, deposit_rate=Decimal("0.45"))) == []  # 390,500원
    assert breaches(p, facts_from_body("kt10006", body, 71000, deposit_rate=Decimal("0.2"))) == [
        "융자금 568,000원 — 설정한 최대 500,000원을 넘습니다"
    ]
    assert breaches(p, facts_from_body("kt10007", body, 71000)) == []  # a sell takes no loan


@pytest.mark.parametrize(
    ("price", "last", "kind", "ticks"),
    [(71000, 71000, "stock", 0), (60000, 71000, "stock", 110), (71100, 71000, "stock", 1),
     (5010, 4995, "stock", 2), (36505, 36500, "etf", 1), (2000, 1990, "stock", 10)],  # fmt: skip
)
def test_tick_distance_follows_the_grid(price, last, kind, ticks):
    assert tick_distance(price, last, kind) == tick_distance(last, price, kind) == ticks


def test_distance_from_the_last_price_takes_any_last_price():
    p = Precautions(max_percent_from_last=Decimal(5), max_ticks_from_last=20)
    assert distance_breaches(p, 60000, 71000) == [
        "가격 60,000원 — 현재가 71,000원과 15.49% 차이, 설정한 최대 5%를 넘습니다",
        "가격 60,000원 — 현재가 71,000원과 110틱 차이, 설정한 최대 20틱을 넘습니다",
    ]
    assert distance_breaches(p, 73000, 71000) == []  # 2.8 %, 20 ticks: within both
    assert distance_breaches(p, 73100, 71000) == [
        "가격 73,100원 — 현재가 71,000원과 21틱 차이, 설정한 최대 20틱을 넘습니다"
    ]
    assert distance_breaches(p, 60000, None) == [] and distance_breaches(p, None, 71000) == []
    assert distance_breaches(Precautions(), 1, 71000) == []  # off


def test_orders_per_minute_counts_the_last_60_seconds():
    rate = OrderRate()
    for t in (0.0, 10.0, 59.0):
        rate.record(t)
    assert rate.within_minute(59.5) == 3 and rate.within_minute(60.0) == 2 and rate.within_minute(200) == 0
    p = Precautions(max_orders_per_minute=3)
    assert breaches(p, facts_from_body("kt10008", {"mdfy_qty": "1", "mdfy_uv": "1"}, None, recent_orders=2)) == []
    assert breaches(p, facts_from_body("kt10006", {"ord_qty": "1", "ord_uv": "1"}, None, recent_orders=3)) == [
        "최근 1분에 4번째 주문 — 설정한 최대 3건을 넘습니다"
    ]
