"""The KRX tick grid (kiwoom_gui.instrument.ticks) against a restatement of the table written here, and the
tick rule in validation.validate / build_body / KiwoomClient.send_order."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rule_oracle import VALID, assert_body_satisfies_rules

from kiwoom_gui.instrument import ticks
from kiwoom_gui.orders.validation import InvalidOrder, build_body, validate


def table_tick(price: int) -> int:
    """The 2023-01-25 table, written out again (not read from resources/ticks.json)."""
    for below, tick in ((2_000, 1), (5_000, 5), (20_000, 10), (50_000, 50), (200_000, 100), (500_000, 500)):
        if price < below:
            return tick
    return 1_000


EDGES = (2_000, 5_000, 20_000, 50_000, 200_000, 500_000)


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=1, max_value=3_000_000))
def test_tick_rule_agrees_with_the_table(price):
    tick = table_tick(price)
    assert ticks.tick_size(price) == tick
    assert ticks.on_tick(price) == (price % tick == 0)
    below, above = ticks.neighbours(price)
    if price % tick == 0:
        assert below == above == price
        assert ticks.tick_problem(price) is None
    else:
        assert below == price - price % tick and above == below + tick
        assert ticks.on_tick(below) and ticks.on_tick(above)
        assert ticks.tick_problem(price) == f"호가단위 {tick:,}원: {below:,} 또는 {above:,}"


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=3_000_000), st.integers(min_value=1, max_value=40))
def test_step_up_then_down_returns_to_an_on_tick_start(price, n):
    start = ticks.neighbours(price)[1]  # an on-tick price
    up = ticks.step_price(start, n)
    assert up > start and ticks.on_tick(up)
    assert ticks.step_price(up, -n) == start


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=2, max_value=3_000_000))
def test_one_step_is_the_next_price_on_the_grid(price):
    start = ticks.neighbours(price)[1]
    up = ticks.step_price(start, 1)
    assert up == start + table_tick(start)
    down = ticks.step_price(start, -1)
    assert down < start and down == start - table_tick(start - 1)
    assert not any(p % table_tick(p) == 0 for p in range(down + 1, start))  # nothing on the grid skipped


@pytest.mark.parametrize("edge", EDGES)
def test_stepping_crosses_each_band_edge(edge):
    below_tick, above_tick = table_tick(edge - 1), table_tick(edge)
    last_below = edge - below_tick
    assert ticks.step_price(last_below, 1) == edge
    assert ticks.step_price(edge, 1) == edge + above_tick
    assert ticks.step_price(edge, -1) == last_below
    assert ticks.step_price(edge + above_tick, -2) == last_below
    assert ticks.step_price(last_below - below_tick, 3) == edge + above_tick


def test_stepping_from_off_tick_snaps_in_the_direction_of_the_step():
    assert ticks.step_price(71_050, 1) == 71_100
    assert ticks.step_price(71_050, -1) == 71_000
    assert ticks.step_price(71_050, 2) == 71_200
    assert ticks.step_price(4_997, 1) == 5_000
    assert ticks.step_price(4_997, -1) == 4_995
    assert ticks.step_price(71_050, 0) == 71_050


def test_stepping_never_goes_below_the_first_price():
    assert ticks.step_price(3, -10) == 1
    assert ticks.step_price(1, -1) == 1
    assert ticks.step_price(12, -3, "etf") == 5
    assert ticks.step_price(3, -1, "etf") == 5


def test_etf_and_etn_keep_a_flat_five_won_tick():
    for kind in ("etf", "etn"):
        assert ticks.tick_size(1_000, kind) == ticks.tick_size(600_000, kind) == 5
        assert ticks.on_tick(36_505, kind) and not ticks.on_tick(36_505)
        assert ticks.neighbours(36_502, kind) == (36_500, 36_505)
        assert ticks.neighbours(3, kind) == (None, 5)
        assert ticks.tick_problem(3, kind) == "호가단위 5원: 5 이상으로 입력하세요"
        assert ticks.step_price(36_500, 1, kind) == 36_505


def test_messages_use_thousands_separators():
    assert ticks.tick_problem(71_050) == "호가단위 100원: 71,000 또는 71,100"
    assert ticks.tick_problem(612_345) == "호가단위 1,000원: 612,000 또는 613,000"
    assert ticks.tick_problem(2_001) == "호가단위 5원: 2,000 또는 2,005"


def test_huge_prices_are_judged_without_trouble():
    assert ticks.on_tick(2**70 - 2**70 % 1000)
    assert not ticks.on_tick(2**70 + 1)
    assert ticks.neighbours(10**30 + 1)[1] == 10**30 + 1000


def test_unknown_kind_is_an_error_not_a_guess():
    with pytest.raises(ValueError):
        ticks.tick_size(1000, "elw")


@pytest.mark.parametrize(
    ("base", "upper", "lower"),
    [
        (70_500, 91_600, 49_400),  # 21,150 → 21,100 (tick 100); 49,400 on its 50 grid
        (71_000, 92_300, 49_700),
        (10_000, 13_000, 7_000),
        (1_000, 1_300, 700),
        (4_995, 6_490, 3_500),  # 1,498 → 1,495 (tick 5); 6,490 on its 10 grid; 3,500
        (198_000, 257_000, 138_600),  # 59,400 → 59,400; 257,400 → 257,000 (tick 500)
    ],
)
def test_price_limits_by_the_krx_method(base, upper, lower):
    assert ticks.price_limits(base) == (upper, lower)
    assert ticks.on_tick(upper) and ticks.on_tick(lower)
    assert upper <= base * 1.3 and lower >= base * 0.7 - table_tick(lower)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=3_000_000))
def test_price_limits_lie_on_the_grid_and_within_thirty_percent(price):
    base = ticks.neighbours(price)[1]  # a base price (yesterday's close) lies on the grid
    upper, lower = ticks.price_limits(base)
    assert ticks.on_tick(upper) and ticks.on_tick(lower)
    assert lower <= base <= upper
    assert upper <= base + base * 3 // 10
    assert lower >= base - base * 3 // 10


# --- the rule in validate() --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("api_id", "key", "extra"),
    [
        ("kt10006", "ord_uv", {}),
        ("kt10007", "ord_uv", {}),
        ("kt10006", "cond_uv", {"trde_tp": "28", "ord_uv": "71000"}),
        ("kt10008", "mdfy_uv", {}),
        ("kt10008", "mdfy_cond_uv", {}),
    ],
)
def test_every_price_field_must_lie_on_the_grid(api_id, key, extra):
    raw = {**VALID[api_id], **extra, key: "71,050"}
    result = validate(api_id, raw)
    assert result.errors == {key: "호가단위 100원: 71,000 또는 71,100"}
    with pytest.raises(InvalidOrder) as err:
        build_body(api_id, raw)
    assert err.value.errors == {key: "호가단위 100원: 71,000 또는 71,100"}
    body = build_body(api_id, {**raw, key: "71,100"})
    assert body[key] == "71100"
    assert_body_satisfies_rules(api_id, body)


def test_price_kind_picks_the_table():
    raw = {**VALID["kt10006"], "ord_uv": "36505"}
    assert validate("kt10006", raw).errors == {"ord_uv": "호가단위 50원: 36,500 또는 36,550"}
    assert validate("kt10006", raw, price_kind="etf").ok
    assert build_body("kt10006", raw, price_kind="etn")["ord_uv"] == "36505"
    assert validate("kt10006", {**raw, "ord_uv": "36502"}, price_kind="etf").errors == {
        "ord_uv": "호가단위 5원: 36,500 또는 36,505"
    }


def test_a_malformed_price_keeps_its_own_message():
    """The tick rule judges numbers only: "abc" and "0" keep the messages they had."""
    bad = validate("kt10006", {**VALID["kt10006"], "ord_uv": "abc"}).errors["ord_uv"]
    zero = validate("kt10006", {**VALID["kt10006"], "ord_uv": "0"}).errors["ord_uv"]
    assert "호가단위" not in bad and "호가단위" not in zero
    huge = validate("kt10006", {**VALID["kt10006"], "ord_uv": "9" * 12}).errors["ord_uv"]
    assert huge == "호가단위 1,000원: 999,999,999,000 또는 1,000,000,000,000"
