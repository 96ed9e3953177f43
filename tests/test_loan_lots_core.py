"""Issue 19, loan lots without Qt: which ka10085 rows are lots, kt00005's figures only for exactly one matching
row, impossible figures unread, and a loan date that is not exactly an 8-digit date as sent never fills a sell."""

from __future__ import annotations

import datetime as dt

from kiwoom_gui.account.rows import parse_rows
from kiwoom_gui.live.events import parse_balance
from kiwoom_gui.loans.lot_events import apply_to_lots
from kiwoom_gui.loans.lots import build_lots, expiring_count, lot_refusal, lot_text

TODAY = dt.date(2026, 3, 2)


def ka10085(**fields: str) -> dict[str, str]:
    row = {"stk_cd": "005930", "stk_nm": "삼성전자", "crd_tp": "03", "loan_dt": "20260105", "expr_dt": "20260305",
           "rmnd_qty": "10", "clrn_alow_qty": "10", "crd_amt": "350000", "crd_int": "1200", "cur_prc": "-70000",
           "pur_pric": "71000"}  # fmt: skip
    row.update(fields)
    return row


def remn(loan: str, prft: str = "-00000010000", code: str = "005930") -> dict[str, str]:
    return {"stk_cd": "A" + code, "crd_tp": "03", "loan_dt": loan, "evltv_prft": prft, "pl_rt": "-1.4085"}


def lots(rows: list[dict], remns: list[dict] | None, note: str | None = None):
    pairs = [(r, "") for r in parse_rows("ka10085", {"acnt_prft_rt": rows})]
    pairs += [(r, "KRX") for r in parse_rows("kt00005", {"stk_cntr_remn": remns or []})]
    return build_lots(pairs, note)


def test_lots_their_figures_and_marks():
    built = lots(
        [ka10085(), ka10085(crd_tp="00", loan_dt="00000000", expr_dt="00000000"),
         ka10085(stk_cd="000660", loan_dt="20260106", clrn_alow_qty="-3", expr_dt="20261399")],
        [remn("20260105"), remn("20260106", code="000660"), remn("20260106", code="000660")],
    )  # fmt: skip
    assert [row.stk_cd for row, _ in built] == ["005930", "000660"]  # the cash row is not a lot
    first, second = built[0][0], built[1][0]
    assert lot_text(first, "evltv_prft", TODAY) == "-10,000"
    assert lot_text(first, "_days_left", TODAY) == "D-3"
    assert lot_text(first, "cur_prc", TODAY) == "70,000"  # a price's sign is its direction
    assert "2건" in lot_text(second, "evltv_prft", TODAY)  # two kt00005 rows: neither is taken
    assert lot_text(second, "clrn_alow_qty", TODAY) == "⚠ -3" and second.value("clrn_alow_qty") is None
    assert lot_text(second, "_days_left", TODAY) == "⚠ 20261399"
    assert expiring_count([first, second], TODAY, 7) == 1 and expiring_count([first, second], TODAY, 2) == 0
    mock = lots([ka10085()], None, "모의투자에서는 제공되지 않습니다")[0][0]
    assert lot_text(mock, "pl_rt", TODAY) == lot_text(mock, "evltv_prft", TODAY) == "모의투자에서는 제공되지 않습니다"


def test_a_loan_date_is_used_only_exactly_as_sent():
    for loan in (" 20260105", "20260105 ", "2026015", "20261399", "", "2026-01-05"):
        row = lots([ka10085(loan_dt=loan)], [])[0][0]
        assert lot_refusal(row, [row]) is not None, repr(loan)
    good = lots([ka10085()], [])[0][0]
    assert lot_refusal(good, [good]) is None
    twice = [row for row, _ in lots([ka10085(), ka10085(clrn_alow_qty="5")], [])]
    assert "여럿" in (lot_refusal(twice[0], twice) or "")


def test_a_balance_event_moves_its_lot_and_leaves_cash_alone():
    pairs = lots([ka10085()], [remn("20260105")])
    event = parse_balance({"9201": "1", "9001": "A005930", "916": "20260105", "930": "10", "933": "4",
                           "957": "300000", "958": "1500", "918": "20260310"})  # fmt: skip
    cash = parse_balance({"9001": "A000660", "916": "00000000", "930": "5", "933": "5"})
    applied = apply_to_lots(pairs, [event, cash])
    (row, _), = applied.rows
    assert (row.value("clrn_alow_qty"), row.value("crd_amt"), row.value("crd_int")) == (4, 300000, 1500)
    assert lot_text(row, "_days_left", TODAY) == "D-8" and lot_text(row, "evltv_prft", TODAY) == "-10,000"
    assert not applied.needs_query and not applied.structural
    gone = apply_to_lots(applied.rows, [parse_balance({"9001": "005930", "916": "20260105", "930": "0"})])
    assert gone.rows == []
