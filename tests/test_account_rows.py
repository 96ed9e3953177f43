"""Rows of the account queries (issue 11): every spec field read by kind, and the facts a modify, a cancel
or a 융자 sell takes from a row — never a guess."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiwoom_gui.account.rows import AccountRow, account_number, mask_account, parse_rows
from kiwoom_gui.orders.specs import query_spec

OSO = {  # ka10075's official example row, and a credit one
    "acnt_no": "1234567890",
    "ord_no": "0000069",
    "stk_cd": "005930",
    "ord_stt": "접수",
    "stk_nm": "삼성전자",
    "ord_qty": "1",
    "ord_pric": "0",
    "oso_qty": "1",
    "orig_ord_no": "0000000",
    "io_tp_nm": "+매수",
    "trde_tp": "시장가",
    "tm": "154113",
    "cur_prc": "+74100",
    "stex_tp": "1",
    "stex_tp_txt": "KRX",
    "sor_yn": "N",
}
DTL = {  # kt00007's official example row
    "ord_no": "0000050",
    "stk_cd": "A069500",
    "trde_tp": "시장가",
    "crd_tp": "보통매매",
    "ord_qty": "0000000001",
    "ord_uv": "0000000000",
    "cnfm_qty": "0000000000",
    "acpt_tp": "접수",
    "ord_tm": "13:05:43",
    "ori_ord": "0000000",
    "stk_nm": "KODEX 200",
    "io_tp_nm": "현금매수",
    "loan_dt": "",
    "cntr_qty": "0000000001",
    "cntr_uv": "0000004900",
    "ord_remnq": "0000000000",
    "comm_ord_tp": "영웅문4",
    "mdfy_cncl": "",
    "dmst_stex_tp": "KRX",
}
POS = {  # kt00018's official example row, as a 융자 position
    "stk_cd": "A005930",
    "stk_nm": "삼성전자",
    "evltv_prft": "-00000000196888",
    "prft_rt": "-52.71",
    "pur_pric": "000000000124500",
    "rmnd_qty": "000000000000003",
    "trde_able_qty": "000000000000003",
    "cur_prc": "000000059000",
    "crd_tp": "03",
    "crd_tp_nm": "융자",
    "crd_loan_dt": "20250102",
}


def one(api_id: str, list_key: str, row: dict) -> AccountRow:
    rows = parse_rows(api_id, {list_key: [row], "return_code": 0})
    assert len(rows) == 1
    return rows[0]


def test_open_order_row():
    row = one("ka10075", "oso", OSO)
    assert set(row.cells) == {c.key for c in query_spec("ka10075").response_body[0].children}
    assert (row.ord_no, row.orig_ord_no, row.stk_cd, row.venue, row.side) == ("0000069", None, "005930", "KRX", "buy")
    assert row.value("cur_prc") == 74100 and row.cell("cur_prc").direction == "+"
    assert row.text("tm") == "15:41:13" and row.value("oso_qty") == 1
    assert row.is_credit is False and row.loan_dt is None
    assert row.text("stop_pric") == "" and row.value("stop_pric") is None  # absent: empty, not 0
    assert one("ka10075", "oso", {**OSO, "io_tp_nm": "+매수신용"}).is_credit


@pytest.mark.parametrize(
    ("stex_tp", "txt", "sor", "venue"),
    [
        ("1", "KRX", "N", "KRX"),
        ("2", "NXT", "N", "NXT"),
        ("1", "KRX", "Y", "SOR"),
        ("0", "통합", "N", None),
        ("", "NXT", "N", "NXT"),
        ("9", "KRX", "N", None),
        ("", "", "", None),
    ],
)
def test_open_order_venue(stex_tp, txt, sor, venue):
    assert one("ka10075", "oso", {**OSO, "stex_tp": stex_tp, "stex_tp_txt": txt, "sor_yn": sor}).venue == venue


def test_execution_row():
    row = one("kt00007", "acnt_ord_cntr_prps_dtl", DTL)
    assert (row.ord_no, row.stk_cd, row.venue, row.side, row.loan_dt) == ("0000050", "069500", "KRX", "buy", None)
    assert row.value("ord_qty") == 1 and row.value("ord_uv") == 0 and row.value("cntr_uv") == 4900
    assert row.text("cntr_uv") == "4,900" and row.text("ord_tm") == "13:05:43"
    assert row.is_credit is False and row.is_cash is True
    credit = one(
        "kt00007",
        "acnt_ord_cntr_prps_dtl",
        {
            **DTL,
            "crd_tp": "자기융자",
            "io_tp_nm": "신용매도",
            "loan_dt": "20250102",
            "ori_ord": "0000049",
            "dmst_stex_tp": "SOR",
        },
    )
    assert credit.is_credit and not credit.is_cash
    assert (credit.side, credit.loan_dt, credit.orig_ord_no, credit.venue) == ("sell", "20250102", "0000049", "SOR")


def test_position_row():
    row = one("kt00018", "acnt_evlt_remn_indv_tot", POS)
    assert (row.stk_cd, row.loan_dt, row.is_credit, row.venue, row.ord_no) == ("005930", "20250102", True, None, None)
    assert row.value("evltv_prft") == -196888 and row.text("evltv_prft") == "-196,888"
    assert row.value("trde_able_qty") == 3 and row.value("cur_prc") == 59000 and row.text("prft_rt") == "-52.71"
    plain = one("kt00018", "acnt_evlt_remn_indv_tot", {**POS, "crd_tp": "00", "crd_tp_nm": "", "crd_loan_dt": ""})
    assert plain.is_credit is False and plain.loan_dt is None


@pytest.mark.parametrize("crd_tp", ["", "0", "3", "x3", "٠٣", None, 3])
def test_a_position_is_credit_only_by_a_two_digit_code_other_than_00(crd_tp):
    assert one("kt00018", "acnt_evlt_remn_indv_tot", {**POS, "crd_tp": crd_tp}).is_credit is False


@pytest.mark.parametrize("raw", ["000069", "00000690", " 0000069x", 69, "", None, "0000000"])
def test_order_numbers_only_through_answers_order_number(raw):
    row = one("ka10075", "oso", {**OSO, "ord_no": raw, "orig_ord_no": raw})
    assert row.ord_no is None if raw != "0000000" else row.ord_no == "0000000"
    assert row.orig_ord_no is None  # "0000000" is 'no original'
    assert row.text("ord_no") == ("" if raw is None else str(raw))


@pytest.mark.parametrize(
    "io_tp_nm", ["+매수", "-매도", "현금매수", "신용매도", "매수정정", "-매도취소", "+매수신용", "", "매수매도"]
)
def test_side(io_tp_nm):
    row = one("kt00007", "acnt_ord_cntr_prps_dtl", {**DTL, "io_tp_nm": io_tp_nm})
    expected = None if ("매수" in io_tp_nm) == ("매도" in io_tp_nm) else ("buy" if "매수" in io_tp_nm else "sell")
    assert row.side == expected


@pytest.mark.parametrize(
    "body",
    [{}, {"oso": None}, {"oso": "x"}, {"oso": {}}, {"oso": [1, "a", None]}, [], "x", None, {"return_code": 0}],
)
def test_a_list_that_is_not_a_list_gives_no_rows(body):
    assert parse_rows("ka10075", body) == []


def test_non_object_items_are_skipped_and_unknown_api_ids_give_nothing():
    assert len(parse_rows("ka10075", {"oso": [OSO, 5, OSO]})) == 2
    assert parse_rows("kt10006", {"oso": [OSO]}) == []
    assert parse_rows("nope", {"oso": [OSO]}) == []
    assert parse_rows("ka00001", {"acctNo": "1"}) == []


@settings(max_examples=150, deadline=None)
@given(
    body=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=10),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.sampled_from(["oso", "ord_no", "stk_cd", "io_tp_nm", "tm", "sor_yn", "x"]), children)
        ),
        max_leaves=20,
    )
)
def test_parse_rows_never_raises(body):
    for api_id in ("ka10075", "kt00007", "kt00018"):
        for row in parse_rows(api_id, {"oso": body, "acnt_ord_cntr_prps_dtl": body, "acnt_evlt_remn_indv_tot": body}):
            assert row.ord_no is None or (len(row.ord_no) == 7 and row.ord_no.isdigit())
            assert row.orig_ord_no is None or len(row.orig_ord_no) == 7
            assert row.stk_cd is None or len(row.stk_cd) == 6
            assert row.venue in (None, "KRX", "NXT", "SOR") and row.side in (None, "buy", "sell")
            assert isinstance(row.is_credit, bool) and isinstance(row.is_cash, bool)
            assert row.loan_dt is None or len(row.loan_dt) == 8
            assert all(isinstance(c.text, str) for c in row.cells.values())


@pytest.mark.parametrize(
    ("body", "number"),
    [
        ({"acctNo": "0123456789"}, "0123456789"),
        ({"acctNo": " 0123456789 "}, "0123456789"),
        ({"acctNo": ""}, None),
        ({"acctNo": 123}, None),
        ({"acctNo": "12-34"}, None),
        ({}, None),
        ({"acctNo": "٠١٢"}, None),
        ("x", None),
    ],
)
def test_account_number(body, number):
    assert account_number(body) == number


@pytest.mark.parametrize(
    ("number", "masked"), [("1234567890", "1234****90"), ("123456789012", "1234******12"), ("1234567", "*******")]
)
def test_mask_account(number, masked):
    assert mask_account(number) == masked


def test_the_account_core_and_the_query_client_import_no_qt():
    code = (
        "import sys\n"
        "import kiwoom_gui.account.cells, kiwoom_gui.account.rows, kiwoom_gui.account.reconcile\n"
        "import kiwoom_gui.account.pacing, kiwoom_gui.host.client, kiwoom_gui.records.journal\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
