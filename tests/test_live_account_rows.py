"""Live events applied to the account tabs' rows (Qt-free): what a 00 / 04 event does to 미체결, 주문·체결, 잔고."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiwoom_gui.account.rows import parse_rows
from kiwoom_gui.live.account_rows import (
    accepted_events,
    announcement,
    apply_to_executions,
    apply_to_open_orders,
    apply_to_positions,
    fill_text,
    is_live_only,
    original_text,
)
from kiwoom_gui.live.events import parse_real

BASE_00 = {
    "9201": "1111111111", "9203": "0000012", "9001": "005930", "913": "접수", "302": "삼성전자",
    "900": "10", "901": "71000", "902": "10", "903": "0", "904": "0000000", "905": "+매수", "906": "보통",
    "907": "2", "908": "093000", "909": "", "910": "", "911": "", "919": "0", "922": "03", "923": "00000000",
    "2134": "1", "2135": "KRX", "2136": "N",
}  # fmt: skip


def ev(**values: str):
    (event,) = parse_real({"trnm": "REAL", "data": [{"type": "00", "item": "005930", "values": {**BASE_00, **values}}]})
    return event


def bal(**values: str):
    base = {"9001": "005930", "302": "삼성전자", "917": "03", "916": "20261120", "930": "10", "933": "10",
            "931": "70000", "10": "+71000", "8019": "1.43"}  # fmt: skip
    (event,) = parse_real({"trnm": "REAL", "data": [{"type": "04", "item": "005930", "values": {**base, **values}}]})
    return event


def queried_open(ord_no: str = "0000012", oso: str = "10", io_tp_nm: str = "+매수신용"):
    item = {"ord_no": ord_no, "stk_cd": "A005930", "stk_nm": "삼성전자", "ord_qty": "10", "ord_pric": "71000",
            "oso_qty": oso, "io_tp_nm": io_tp_nm, "stex_tp": "1", "orig_ord_no": "0000000", "tm": "093000"}  # fmt: skip
    body = {"oso": [item]}
    return [(row, "KRX") for row in parse_rows("ka10075", body)]


def test_a_new_order_appears_marked_live_and_a_queried_one_keeps_what_the_query_said():
    applied = apply_to_open_orders([], [ev()])
    (row, venue) = applied.rows[0]
    assert (row.ord_no, row.stk_cd, row.value("oso_qty"), venue) == ("0000012", "005930", 10, "KRX")
    assert is_live_only(row) and applied.needs_query and applied.appended == 1
    queried = queried_open()
    applied = apply_to_open_orders(queried, [ev(**{"913": "체결", "902": "7", "903": "213000", "910": "71000",
                                                  "911": "3"})])  # fmt: skip
    (row, _) = applied.rows[0]
    assert row.value("oso_qty") == 7 and row.text("io_tp_nm") == "+매수신용"  # the query's 주문구분 stays
    assert not is_live_only(row) and row.is_credit and not applied.needs_query and applied.changed == {0}


def test_nothing_left_removes_the_row_and_a_rejection_never_stays():
    applied = apply_to_open_orders(queried_open(), [ev(**{"913": "체결", "902": "0", "911": "10", "903": "710000"})])
    assert applied.rows == [] and applied.removed == [0]
    applied = apply_to_open_orders([], [ev(), ev(**{"913": "거부", "919": "증거금 부족"})])
    assert applied.rows == []


def test_a_cancel_confirmation_lowers_or_removes_its_original_and_is_never_open_itself():
    cancel = {"9203": "0000013", "904": "0000012", "905": "-매수취소", "913": "확인", "902": "0"}
    part = apply_to_open_orders(queried_open(), [ev(**cancel, **{"900": "4"})])
    assert [(r.ord_no, r.value("oso_qty")) for r, _ in part.rows] == [("0000012", 6)]
    whole = apply_to_open_orders(queried_open(), [ev(**cancel, **{"900": "10"})])
    assert whole.rows == []
    accepted_only = apply_to_open_orders(queried_open(), [ev(**{**cancel, "913": "접수"})])
    assert [r.ord_no for r, _ in accepted_only.rows] == ["0000012"]  # not cancelled until it is confirmed


def test_a_modify_confirmation_moves_quantity_to_the_new_number():
    modify = {"9203": "0000014", "904": "0000012", "905": "+매수정정", "913": "확인", "900": "10", "902": "10",
              "901": "70900"}  # fmt: skip
    applied = apply_to_open_orders(queried_open(), [ev(**modify)])
    assert [(r.ord_no, r.value("oso_qty"), r.value("ord_pric")) for r, _ in applied.rows] == [("0000014", 10, 70900)]


def test_an_event_without_a_seven_digit_number_changes_nothing():
    for bad in ("12", "00000012", "", "abcdefg"):
        applied = apply_to_open_orders(queried_open(), [ev(**{"9203": bad, "902": "0"})])
        assert [r.ord_no for r, _ in applied.rows] == ["0000012"] and not applied.structural


def test_executions_take_fills_and_average_price():
    first = apply_to_executions([], [ev()])
    fill = ev(**{"913": "체결", "902": "4", "903": "426000", "910": "71000", "911": "6"})
    applied = apply_to_executions(first.rows, [fill])
    (row, _) = applied.rows[0]
    assert (row.value("cntr_qty"), row.value("cntr_uv"), row.value("ord_remnq")) == (6, 71000, 4)


def test_positions_follow_04_by_stock_and_loan_date():
    item = {"stk_cd": "A005930", "stk_nm": "삼성전자", "crd_tp": "03", "crd_loan_dt": "20261120", "rmnd_qty": "5",
            "trde_able_qty": "5"}  # fmt: skip
    body = {"acnt_evlt_remn_indv_tot": [item]}
    rows = [(r, "KRX") for r in parse_rows("kt00018", body)]
    applied = apply_to_positions(rows, [bal()])
    assert [(r.value("rmnd_qty"), r.value("trde_able_qty")) for r, _ in applied.rows] == [(10, 10)]
    other_day = apply_to_positions(rows, [bal(**{"916": "20261121"})])
    assert len(other_day.rows) == 2 and is_live_only(other_day.rows[1][0])
    gone = apply_to_positions(rows, [bal(**{"930": "0"})])
    assert gone.rows == []


def test_texts_for_the_log_and_the_status_bar():
    partly = ev(**{"913": "체결", "902": "7", "903": "213000", "910": "71000", "911": "3"})
    assert fill_text(partly) == "체결 3/10주 · 평균 71,000원"
    done = ev(**{"913": "체결", "902": "0", "903": "710000", "910": "71000", "911": "7"})
    assert fill_text(done).startswith("체결 완료 10/10주")
    assert "3주" in announcement(partly) and "삼성전자(005930)" in announcement(partly)
    rejected = ev(**{"913": "거부", "919": "증거금 부족"})
    assert "증거금 부족" in fill_text(rejected) and "증거금 부족" in announcement(rejected)
    cancel = ev(**{"9203": "0000013", "904": "0000012", "905": "-매수취소", "913": "확인", "900": "4", "902": "0"})
    assert original_text(cancel) == "취소 확인 4주 (주문 0000013)"
    assert original_text(partly) is None and announcement(ev()) is None


def test_accepted_events_are_what_the_search_for_unknown_orders_reads():
    events = accepted_events([ev(), ev(**{"913": "체결", "9203": "0000015"}), ev(**{"9203": "bad"})])
    assert [(e.ord_no, e.time, e.ord_qty, e.ord_pric) for e in events] == [("0000012", "093000", 10, 71000)]


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(BASE_00)), st.text(max_size=12), max_size=8))
def test_any_values_never_raise(values):
    event = ev(**values)
    for apply in (apply_to_open_orders, apply_to_executions):
        apply(queried_open(), [event])
    fill_text(event)
    announcement(event)
    original_text(event)
    accepted_events([event])


def test_a_cancel_confirmation_whose_quantity_cannot_be_read_keeps_the_original_and_asks_the_list():
    cancel = {"9203": "0000013", "904": "0000012", "905": "-매수취소", "913": "확인", "902": "0", "900": "abc"}
    applied = apply_to_open_orders(queried_open(), [ev(**cancel)])
    assert [(r.ord_no, r.value("oso_qty")) for r, _ in applied.rows] == [("0000012", 10)]
    assert applied.needs_query
