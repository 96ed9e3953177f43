"""Issue 19, the credit desk's Qt-free core: the credit line (kt00001), the orderable quantity (kt00012), the
credit flags (kt20017), the estimated ratio and what a 신용매수's confirmation says. A bad figure is shown as sent,
marked, and feeds nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from spec_text import SPEC_DIR, parse_spec_md

from kiwoom_gui.base.kst import KST
from kiwoom_gui.credit.account_line import kt00001_body, parse_line
from kiwoom_gui.credit.eligibility import parse_eligibility
from kiwoom_gui.credit.estimate import estimate, estimated_ratio
from kiwoom_gui.credit.figures import amount, mock_refused, rate
from kiwoom_gui.credit.orderable import parse_orderable
from kiwoom_gui.credit.send_check import KnownOrderable, credit_buy_check

WARN = Decimal(140)
NOW = dt.datetime(2026, 9, 21, 10, 0, 30, tzinfo=KST)


def kt00001(**changed: object) -> dict:
    body = {"entr": "000000010000000", "ord_alow_amt": "000000008000000", "loan_sum": "000000020000000",
            "crd_grnt_rt": "150.00", "int_npay_amt_tot": "000000000012345", "add_grnt_ch": "000000000001000",
            "add_grnt_repl": "000000000000500"}  # fmt: skip
    body.update(changed)
    return {k: v for k, v in body.items() if v is not None}


def kt00012(rate_name: str = "40%", **changed: object) -> dict:
    body = {"stk_assr_rt": "B", "stk_assr_rt_nm": rate_name}
    for pct, qty in ((30, 300), (40, 250), (50, 200), (60, 150)):
        body[f"assr_{pct}ord_alowq"] = f"{qty:012d}"
        body[f"assr_{pct}ord_alow_amt"] = f"{qty * 10000:012d}"
    body.update(changed)
    return body


def test_figures_read_the_spec_shapes_and_mark_the_rest():
    assert amount("000000000017534").int_value == 17534
    assert amount("-00000000000084", may_be_negative=True).int_value == -84
    assert rate("153.27").value == Decimal("153.27") and rate("45%").value == 45
    for bad, shown in (("abc", "abc"), ("-00000000000084", "-00000000000084"), ("", "")):
        f = amount(bad)
        assert not f.ok and f.raw == bad and shown in f.shown("x") and "⚠" in f.shown("x")
    assert not rate("abc").ok and not rate("-1.00").ok and not rate(150).ok
    missing = amount(None)
    assert not missing.ok and missing.raw is None and "값 없음" in missing.shown("x")


def test_the_line_reads_kt00001_and_says_no_loan_for_0_00_without_a_loan():
    assert kt00001_body() == {"qry_tp": "3"}
    line = parse_line(kt00001())
    assert line.figures["deposit"].int_value == 10_000_000
    assert line.figures["additionalCollateral"].int_value == 1500  # 현금 + 대용
    assert line.ratio.value == Decimal("150.00") and not line.no_loan and not line.ratio_below(WARN)
    assert parse_line(kt00001(crd_grnt_rt="139.99")).ratio_below(WARN)
    none = parse_line(kt00001(crd_grnt_rt="0.00", loan_sum="000000000000000"))
    assert none.no_loan and not none.ratio_below(WARN)
    broken = parse_line(kt00001(crd_grnt_rt="abc", add_grnt_repl=None))
    assert not broken.ratio.ok and broken.ratio.raw == "abc"
    assert not broken.figures["additionalCollateral"].ok


def test_the_column_is_read_only_when_its_rate_is_the_stocks():
    known = parse_orderable(kt00012("40%"))
    assert known.chosen is not None and known.chosen.pct == 40 and known.quantity == 250
    assert known.margin_rate == Decimal("0.40")
    unsure = parse_orderable(kt00012("45%"))
    assert unsure.chosen is None and unsure.quantity is None
    text = unsure.text("10:00:00")
    assert "알 수 없습니다" in text and all(f"{p}%열" in text for p in (30, 40, 50, 60))
    negative = parse_orderable(kt00012("40%", assr_40ord_alowq="-00000000001"))
    assert negative.quantity is None and "-00000000001" in negative.text("10:00:00")
    assert parse_orderable(kt00012("abc")).chosen is None
    assert parse_orderable({k: v for k, v in kt00012().items() if k != "assr_40ord_alowq"}).quantity is None


def test_kt20017_flags():
    assert parse_eligibility({"crd_alow_yn": "< A군 신용융자 가능 >"}).flags == ()
    assert parse_eligibility({"crd_alow_yn": "신용융자 불가"}).flags == ("신용불가",)
    assert parse_eligibility({"crd_alow_yn": "Y:회사한도 초과"}).flags == ("회사한도 초과",)
    assert "값 없음" in parse_eligibility({}).shown()


def test_the_estimate_follows_the_documented_formula():
    # L = 20,000,000, ratio 150 % → C = 30,000,000; 100 × 50,000 at r 0.4 → x = 3,000,000
    assert estimated_ratio(Decimal(150), Decimal(20_000_000), 100, 50_000, Decimal("0.4")) == Decimal(33) / 23 * 100
    assert estimated_ratio(Decimal(150), Decimal(20_000_000), 0, 50_000, Decimal("0.4")) == 150  # zero order
    line = parse_line(kt00001())
    assert estimate(line, 100, 50_000, Decimal("0.4")).value == Decimal(33) / 23 * 100
    no_loan = parse_line(kt00001(crd_grnt_rt="0.00", loan_sum="000000000000000"))
    assert estimate(no_loan, 100, 50_000, Decimal("0.4")).value is None
    assert estimate(parse_line(kt00001(crd_grnt_rt="abc")), 100, 50_000, Decimal("0.4")).value is None
    assert estimate(None, 100, 50_000, Decimal("0.4")).value is None
    assert estimate(line, 100, 50_000, None).value is None


def test_the_confirmation_of_a_credit_buy():
    body = {"stk_cd": "005930", "ord_qty": "300", "ord_uv": "50000"}
    heard = NOW - dt.timedelta(seconds=30)
    fine = credit_buy_check(body, parse_line(kt00001()), "", WARN, KnownOrderable(250, heard, Decimal("0.4")), (),
                            "", NOW)  # fmt: skip
    text = "\n".join(fine.lines)
    assert "300주" in text and "250주" in text and "10:00:00" in text and "30초 전" in text
    small = {**body, "ord_qty": "10"}
    ok = credit_buy_check(small, parse_line(kt00001()), "", WARN, KnownOrderable(250, heard, Decimal("0.4")), (), "",
                          NOW)  # fmt: skip
    assert not ok.must_ask and not any("⚠" in line for line in ok.lines)
    unknown = credit_buy_check(small, None, "조회 실패", WARN, None, (), "", NOW)
    assert not unknown.must_ask and any("알려져 있지 않습니다" in line for line in unknown.lines)
    low = credit_buy_check(small, parse_line(kt00001(crd_grnt_rt="135.50")), "", WARN, None, (), "", NOW)
    assert low.must_ask and any("135.50" in line and "140" in line for line in low.lines)
    bad = credit_buy_check(small, parse_line(kt00001(crd_grnt_rt="abc")), "", WARN, None, (), "", NOW)
    assert bad.must_ask and any("abc" in line for line in bad.lines)
    flagged = credit_buy_check(small, parse_line(kt00001()), "", WARN, None, ("신용불가",), "신용융자 불가", NOW)
    assert flagged.must_ask


def test_the_estimate_under_the_threshold_asks_and_names_it():
    body = {"stk_cd": "005930", "ord_qty": "300", "ord_uv": "50000"}
    known = KnownOrderable(500, NOW, Decimal("0.4"))
    check = credit_buy_check(body, parse_line(kt00001()), "", WARN, known, (), "", NOW)
    assert check.must_ask
    assert any("추정 담보비율 134.48 %" in line for line in check.lines), check.lines


def test_mock_refusal_is_recognised():
    assert mock_refused("[2000](RC9000:모의투자에서는 해당업무가 제공되지 않습니다)")
    assert not mock_refused("조회가 완료되었습니다.")


@pytest.mark.skipif(not (SPEC_DIR / "kt00012.md").exists(), reason="../shared/kiwoom-spec is not present")
def test_the_spec_examples_parse():
    example = {"stk_assr_rt_nm": "45%", "assr_30ord_alowq": "000000000000", "assr_40ord_alowq": "000000000000",
               "assr_50ord_alowq": "000000000000", "assr_60ord_alowq": "000000000000"}  # fmt: skip
    assert parse_orderable(example).chosen is None  # the spec's own example: 45 % against 30/40/50/60
    assert parse_spec_md("kt00001")["example"] == {"qry_tp": "3"}
