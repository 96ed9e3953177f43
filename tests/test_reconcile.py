"""Which of today's orders (kt00007) is an order whose outcome is unknown (issue 11): only the one row that
agrees with everything the journal knows — and no row when two could be it."""

from __future__ import annotations

import datetime as dt

import pytest

from kiwoom_gui.account.reconcile import RECONCILE_SCHEDULE_S, Intent, find, intent_time_kst, matches
from kiwoom_gui.account.rows import AccountRow, parse_rows
from kiwoom_gui.base.kst import KST

CREATED = "2025-03-04T10:31:05.250+09:00"  # the journal's intent time
TODAY = dt.date(2025, 3, 4)
BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "10", "ord_uv": "71000", "trde_tp": "0", "cond_uv": ""}
SELL = {**BUY, "crd_deal_tp": "33", "crd_loan_dt": "20250102"}
MODIFY = {
    "dmst_stex_tp": "KRX",
    "orig_ord_no": "0000042",
    "stk_cd": "005930",
    "mdfy_qty": "0",
    "mdfy_uv": "70500",
    "mdfy_cond_uv": "",
}
CANCEL = {"dmst_stex_tp": "KRX", "orig_ord_no": "0000042", "stk_cd": "005930", "cncl_qty": "0"}

PLACED = {  # the host's row of the credit buy, placed two seconds after the intent
    "ord_no": "0000077",
    "stk_cd": "A005930",
    "trde_tp": "보통",
    "crd_tp": "자기융자",
    "ord_qty": "0000000010",
    "ord_uv": "0000071000",
    "acpt_tp": "접수",
    "ord_tm": "10:31:07",
    "ori_ord": "0000000",
    "io_tp_nm": "+매수신용",
    "loan_dt": "",
    "mdfy_cncl": "",
    "dmst_stex_tp": "KRX",
}


def intent(api_id: str = "kt10006", body: dict | None = None, created_at: str = CREATED) -> Intent:
    return Intent(7, api_id, body or BUY, created_at, "simulator", "http://127.0.0.1:1")


def row(**changes: object) -> AccountRow:
    return parse_rows("kt00007", {"acnt_ord_cntr_prps_dtl": [{**PLACED, **changes}]})[0]


@pytest.mark.parametrize(
    ("case", "the_intent", "changes", "known", "expected"),
    [
        ("same stock, side, qty, price after the intent", intent(), {}, set(), True),
        ("same second as the intent", intent(), {"ord_tm": "10:31:05"}, set(), True),
        ("one second early: the clocks' grace", intent(), {"ord_tm": "10:31:04"}, set(), True),
        ("before the intent", intent(), {"ord_tm": "10:30:59"}, set(), False),
        ("an hour before", intent(), {"ord_tm": "09:31:07"}, set(), False),
        ("time unreadable", intent(), {"ord_tm": "10:31"}, set(), False),
        ("a number the journal already knows", intent(), {}, {"0000077"}, False),
        ("no order number", intent(), {"ord_no": ""}, set(), False),
        ("a cut order number", intent(), {"ord_no": "000077"}, set(), False),
        ("other price", intent(), {"ord_uv": "0000071100"}, set(), False),
        ("other quantity", intent(), {"ord_qty": "0000000011"}, set(), False),
        ("unreadable quantity", intent(), {"ord_qty": "1O"}, set(), False),
        ("other side", intent(), {"io_tp_nm": "-매도신용"}, set(), False),
        ("side not said", intent(), {"io_tp_nm": "신용"}, set(), False),
        ("other stock", intent(), {"stk_cd": "A000660"}, set(), False),
        (
            "a cash order with everything else the same",
            intent(),
            {"io_tp_nm": "현금매수", "crd_tp": "보통매매"},
            set(),
            False,
        ),
        (
            "a market order: no price is 0",
            intent(body={**BUY, "ord_uv": "", "trde_tp": "3"}),
            {"ord_uv": "0000000000"},
            set(),
            True,
        ),
        (
            "sell with its loan date",
            intent("kt10007", SELL),
            {"io_tp_nm": "-매도신용", "loan_dt": "20250102"},
            set(),
            True,
        ),
        (
            "sell, other loan date",
            intent("kt10007", SELL),
            {"io_tp_nm": "-매도신용", "loan_dt": "20241231"},
            set(),
            False,
        ),
        ("sell, the list shows no loan date", intent("kt10007", SELL), {"io_tp_nm": "-매도신용"}, set(), True),
        (
            "modify of the same original",
            intent("kt10008", MODIFY),
            {"ori_ord": "0000042", "mdfy_cncl": "정정", "io_tp_nm": "+매수정정"},
            set(),
            True,
        ),
        (
            "modify, but the row is a cancel",
            intent("kt10008", MODIFY),
            {"ori_ord": "0000042", "mdfy_cncl": "취소", "io_tp_nm": "+매수취소"},
            set(),
            False,
        ),
        (
            "cancel of the same original",
            intent("kt10009", CANCEL),
            {"ori_ord": "0000042", "mdfy_cncl": "취소", "io_tp_nm": "+매수취소", "ord_qty": "0000000004"},
            set(),
            True,
        ),
        (
            "cancel, but the row is a modify",
            intent("kt10009", CANCEL),
            {"ori_ord": "0000042", "mdfy_cncl": "정정"},
            set(),
            False,
        ),
        (
            "cancel of another original",
            intent("kt10009", CANCEL),
            {"ori_ord": "0000041", "mdfy_cncl": "취소"},
            set(),
            False,
        ),
        ("cancel, the row has no original", intent("kt10009", CANCEL), {"mdfy_cncl": "취소"}, set(), False),
        (
            "cancel, the original itself is not the cancel",
            intent("kt10009", CANCEL),
            {"ord_no": "0000042", "mdfy_cncl": ""},
            set(),
            False,
        ),
        ("intent time unreadable", intent(created_at="yesterday"), {}, set(), False),
        ("intent journalled in UTC, same moment", intent(created_at="2025-03-04T01:31:05.250+00:00"), {}, set(), True),
        ("not an order api-id", intent("kt00007"), {}, set(), False),
    ],
)
def test_matches(case, the_intent, changes, known, expected):
    assert matches(the_intent, row(**changes), known) is expected, case


def test_only_kt00007_rows_match():
    oso = parse_rows(
        "ka10075",
        {
            "oso": [
                {
                    "ord_no": "0000077",
                    "stk_cd": "005930",
                    "tm": "103107",
                    "io_tp_nm": "+매수신용",
                    "ord_qty": "10",
                    "ord_pric": "71000",
                }
            ]
        },
    )[0]
    assert matches(intent(), oso, set()) is False


def test_an_intent_of_another_day_never_matches():
    assert matches(intent(), row(), set(), today=TODAY) is True
    assert matches(intent(), row(), set(), today=TODAY + dt.timedelta(days=1)) is False
    # 00:30 KST on the 5th is still the 4th in UTC: the day is Korea's
    late = intent(created_at="2025-03-04T15:30:00+00:00")
    assert intent_time_kst(late).date() == dt.date(2025, 3, 5)
    assert matches(late, row(ord_tm="00:30:01"), set(), today=dt.date(2025, 3, 5)) is True


def test_find_returns_the_one_match():
    rows = [row(ord_no="0000070", ord_tm="10:20:00"), row(), row(ord_no="0000078", ord_uv="0000070000")]
    assert find(intent(), rows, set()).ord_no == "0000077"


def test_two_candidates_are_no_answer():
    rows = [row(), row(ord_no="0000078", ord_tm="10:31:09")]
    assert find(intent(), rows, set()) is None
    # the journal knows one of them (our own later order): the other is the answer
    assert find(intent(), rows, {"0000078"}).ord_no == "0000077"


def test_the_same_row_on_two_pages_is_one_candidate():
    assert find(intent(), [row(), row()], set()).ord_no == "0000077"


def test_nothing_found():
    assert find(intent(), [], set()) is None
    assert find(intent(), [row(ord_tm="10:00:00")], set()) is None


def test_schedule_looks_a_few_times_over_about_thirty_seconds():
    assert RECONCILE_SCHEDULE_S[0] == 0 and list(RECONCILE_SCHEDULE_S) == sorted(RECONCILE_SCHEDULE_S)
    assert 20 <= RECONCILE_SCHEDULE_S[-1] <= 60 and len(RECONCILE_SCHEDULE_S) >= 3


def test_intent_time_is_korean():
    assert intent_time_kst(intent()) == dt.datetime(2025, 3, 4, 10, 31, 5, 250000, tzinfo=KST)
    assert intent_time_kst(intent(created_at="")) is None


@pytest.mark.parametrize(
    "changes",
    [
        {"ori_ord": "0000042", "mdfy_cncl": "정정", "io_tp_nm": "+매수정정"},  # a modify of another order
        {"ori_ord": "0000042"},  # names an original: not a new order, whatever else it says
        {"mdfy_cncl": "취소"},
    ],
)
def test_a_modify_or_cancel_row_is_never_a_new_orders_twin(changes):
    # same stock, side, quantity and price as the unknown buy: crediting its number would say a buy was placed
    assert matches(intent(), row(), set(), today=TODAY)
    assert not matches(intent(), row(**changes), set(), today=TODAY)
