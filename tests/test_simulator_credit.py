"""The simulator models credit (issue 19), over HTTP on 127.0.0.1 in the spec's shapes: a credit buy opens a
loan lot dated that KST day with its 만기일 and interest, kt00001's 신용담보비율 moves with the price, kt00012
answers the 30/40/50/60 % columns and the stock's 보증금율, a 33 sell reduces its lot, and the mock host's refusals.

The simulator's figures (resources/simulator_credit.json): loan = 매수금액 × (1 − 보증금율), 만기 150 days after
the loan date, interest 9.5 %/year per calendar day held, ratio = Σ lots' 평가금액 / Σ 융자금 × 100."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests

from kiwoom_gui.base.kst import KST
from kiwoom_gui.simulator import KiwoomSimulator
from kiwoom_gui.simulator.demo import seed_demo_account

ACNT, STKINFO, ORDER = "/api/dostk/acnt", "/api/dostk/stkinfo", "/api/dostk/crdordr"
PAD15 = re.compile(r"-?[0-9]{14,15}")
PAD12 = re.compile(r"-?[0-9]{11,12}")


def today() -> dt.date:
    return dt.datetime.now(KST).date()


def ymd(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


class Wire:
    """Requests as a client sends them: a token from the simulator, the api-id header, JSON bodies."""

    def __init__(self, sim: KiwoomSimulator) -> None:
        self.sim = sim
        self.http = requests.Session()
        self.token = sim.issue_token_for_tests()

    def post(self, path: str, api_id: str, body: dict, **headers: str) -> tuple[dict, dict]:
        r = self.http.post(
            self.sim.base_url + path,
            json=body,
            headers={"api-id": api_id, "authorization": f"Bearer {self.token}", **headers},
            timeout=5,
        )
        assert r.status_code == 200, r.text
        return r.json(), {k.lower(): v for k, v in r.headers.items()}

    def ok(self, path: str, api_id: str, body: dict) -> dict:
        answer, _ = self.post(path, api_id, body)
        assert answer["return_code"] == 0, answer
        return answer

    def lots(self) -> list[dict]:
        return self.ok(ACNT, "ka10085", {"stex_tp": "0"})["acnt_prft_rt"]

    def deposit(self) -> dict:
        return self.ok(ACNT, "kt00001", {"qry_tp": "3"})

    def buy(self, stk_cd: str, qty: int) -> str:
        body = {
            "dmst_stex_tp": "KRX",
            "stk_cd": stk_cd,
            "ord_qty": str(qty),
            "ord_uv": "",
            "trde_tp": "3",
            "cond_uv": "",
        }
        return self.ok(ORDER, "kt10006", body)["ord_no"]


@pytest.fixture
def sim():
    s = KiwoomSimulator(market=True, rate_limit_per_second=0).start()
    yield s
    s.stop()


@pytest.fixture
def wire(sim):
    w = Wire(sim)
    yield w
    w.http.close()


def test_a_credit_buy_opens_a_lot_dated_today_with_expiry_loan_and_cash(sim, wire):
    before = wire.deposit()
    assert before["crd_grnt_rt"] == "0.00" and before["loan_sum"] == "000000000000000"  # 융자 없음
    cash = int(before["entr"])
    wire.buy("005930", 10)  # 71,000 (simulator_market.json); 보증금율 45 %
    (lot,) = wire.lots()
    assert list(lot) == [
        "dt", "stk_cd", "stk_nm", "cur_prc", "pur_pric", "pur_amt", "rmnd_qty", "tdy_sel_pl", "tdy_trde_cmsn",
        "tdy_trde_tax", "crd_tp", "loan_dt", "setl_remn", "clrn_alow_qty", "crd_amt", "crd_int", "expr_dt",
    ]  # fmt: skip
    assert (lot["stk_cd"], lot["stk_nm"], lot["crd_tp"]) == ("005930", "삼성전자", "33")
    assert (lot["loan_dt"], lot["expr_dt"]) == (ymd(today()), ymd(today() + dt.timedelta(days=150)))
    assert (lot["rmnd_qty"], lot["clrn_alow_qty"], lot["pur_pric"], lot["cur_prc"]) == ("10", "10", "71000", "+71000")
    assert (lot["crd_amt"], lot["crd_int"]) == ("390500", "0")  # 710,000 × (1 − 0.45); no day held yet
    after = wire.deposit()
    assert int(after["entr"]) == cash - 319_500  # the 보증금 paid in cash
    assert after["loan_sum"] == after["nrpy_loan"] == "000000000390500"
    assert after["crd_grnta_ch"] == "000000000319500"
    assert after["crd_grnt_rt"] == "181.82"  # 710,000 / 390,500
    assert after["loan_remn_evlt_amt"] == "000000000710000"
    assert all(
        PAD15.fullmatch(v)
        for k, v in after.items()
        if k not in ("crd_grnt_rt", "stk_entr_prst", "return_code", "return_msg")
    )


def test_interest_accrues_per_day_held_and_lots_page(sim, wire):
    sim.page_size = 2
    loan_day = today() - dt.timedelta(days=30)
    sim.seed_position("000660", 10, ymd(loan_day), price=200_000)  # 2,000,000 at 40 % → 1,200,000 lent
    sim.seed_position("005930", 4, ymd(today() - dt.timedelta(days=3)), price=70_000)
    sim.seed_position("035720", 5, crd=False, price=40_000)  # cash: no loan, no dates
    answer, headers = wire.post(ACNT, "ka10085", {"stex_tp": "0"})
    assert headers["cont-yn"] == "Y" and headers["next-key"]
    rest, last = wire.post(ACNT, "ka10085", {"stex_tp": "0"}, **{"cont-yn": "Y", "next-key": headers["next-key"]})
    assert last["cont-yn"] == "N"
    lots = {r["stk_cd"]: r for r in answer["acnt_prft_rt"] + rest["acnt_prft_rt"]}
    assert set(lots) == {"000660", "005930", "035720"}
    old = lots["000660"]
    assert (old["loan_dt"], old["expr_dt"]) == (ymd(loan_day), ymd(loan_day + dt.timedelta(days=150)))
    assert (old["crd_amt"], old["crd_int"]) == ("1200000", str(1_200_000 * 95 * 30 // 365_000))
    cash = lots["035720"]
    assert (cash["crd_tp"], cash["loan_dt"], cash["expr_dt"], cash["crd_amt"], cash["crd_int"]) == (
        "00", "00000000", "00000000", "0", "0",
    )  # fmt: skip


def test_the_ratio_moves_with_the_price_and_asks_for_more_collateral_below_140(sim, wire):
    wire.buy("005930", 10)  # 710,000 bought, 390,500 lent
    sim.set_price("005930", 60_000)
    moved = wire.deposit()
    assert moved["crd_grnt_rt"] == "153.65" and moved["add_grnt_ch"] == "000000000000000"
    sim.set_price("005930", 50_000)
    low = wire.deposit()
    assert low["crd_grnt_rt"] == "128.04"
    assert low["add_grnt_ch"] == "000000000046700"  # 140 % × 390,500 − 500,000
    assert low["loan_remn_evlt_amt"] == "000000000500000"


def test_kt00012_answers_the_columns_at_the_price_and_the_stocks_own_rate(sim, wire):
    answer = wire.ok(ACNT, "kt00012", {"stk_cd": "005930", "uv": "71000"})
    assert (answer["stk_assr_rt"], answer["stk_assr_rt_nm"]) == ("B", "45%")  # no column of its own
    cash = 100_000_000
    for rate in (30, 40, 50, 60):
        amount = cash * 100 // rate
        assert answer[f"assr_{rate}ord_alow_amt"] == f"{amount:012d}"
        assert answer[f"assr_{rate}ord_alowq"] == f"{amount // 71000:012d}"
    assert answer["entr"] == answer["ord_alowa"] == f"{cash:012d}"
    assert all(
        PAD12.fullmatch(v)
        for k, v in answer.items()
        if k not in ("stk_assr_rt", "stk_assr_rt_nm", "return_code", "return_msg")
    )
    assert answer["return_msg"] == "신용보증금율별 주문가능수량 조회(한도정상)"
    rates = {
        c: wire.ok(ACNT, "kt00012", {"stk_cd": c, "uv": ""})["stk_assr_rt_nm"]
        for c in ("000660", "035420", "035720", "005380")
    }
    assert sorted(rates.values()) == ["30%", "40%", "50%", "60%"]  # each column is some stock's own
    # an open credit buy holds its 보증금: less is orderable while it rests
    body = {
        "dmst_stex_tp": "KRX",
        "stk_cd": "005930",
        "ord_qty": "100",
        "ord_uv": "60000",
        "trde_tp": "0",
        "cond_uv": "",
    }
    wire.ok(ORDER, "kt10006", body)
    held = wire.ok(ACNT, "kt00012", {"stk_cd": "005930", "uv": "71000"})
    assert held["ord_alowa"] == f"{cash - 2_700_000:012d}"  # 100 × 60,000 × 45 %


def test_credit_eligibility_kt20017_and_kt20016(sim, wire):
    assert wire.ok(STKINFO, "kt20017", {"stk_cd": "005930"})["crd_alow_yn"] == "< B군 신용융자 가능 >"
    assert "불가" in wire.ok(STKINFO, "kt20017", {"stk_cd": "028300"})["crd_alow_yn"]
    assert "회사한도 초과" in wire.ok(STKINFO, "kt20017", {"stk_cd": "247540"})["crd_alow_yn"]
    listed = wire.ok(STKINFO, "kt20016", {"crd_stk_grde_tp": "%", "mrkt_deal_tp": "%", "stk_cd": ""})
    rows = {r["stk_cd"]: r for r in listed["crd_loan_pos_stk"]}
    assert "A028300" not in rows  # 신용불가: not on the list
    assert rows["A005930"]["crd_assr_rt"] == "45%" and rows["A005930"]["crd_limit_over_yn"] == "N"
    assert (rows["A247540"]["crd_limit_over_yn"], rows["A247540"]["crd_limit_over_txt"]) == ("Y", "회사한도 초과")
    assert rows["A005930"]["pred_close_pric"] == "000000070500"
    one = wire.ok(STKINFO, "kt20016", {"crd_stk_grde_tp": "B", "mrkt_deal_tp": "1", "stk_cd": "005930"})
    assert [r["stk_cd"] for r in one["crd_loan_pos_stk"]] == ["A005930"]
    refused, _ = wire.post(STKINFO, "kt20017", {"stk_cd": ""})
    assert refused["return_code"] != 0 and "stk_cd" in refused["return_msg"]


def test_kt00005_lists_positions_with_loan_and_expiry(sim, wire):
    loan_day = today() - dt.timedelta(days=10)
    sim.seed_position("005930", 10, ymd(loan_day), price=70_000)
    answer = wire.ok(ACNT, "kt00005", {"dmst_stex_tp": "KRX"})
    assert answer["crd_loan_tot"] == "000000385000" and answer["crd_grnt_rt"] == "184.42"  # 710,000 / 385,000
    (row,) = answer["stk_cntr_remn"]
    assert (row["crd_tp"], row["loan_dt"], row["expr_dt"]) == (
        "33",
        ymd(loan_day),
        ymd(loan_day + dt.timedelta(days=150)),
    )
    assert (row["stk_cd"], row["cur_qty"], row["cur_prc"], row["pl_rt"]) == (
        "A005930",
        "000000000010",
        "000000071000",
        "1.4286",
    )
    assert wire.ok(ACNT, "kt00005", {"dmst_stex_tp": "NXT"})["stk_cntr_remn"] == []


def test_a_credit_sell_of_a_lot_reduces_it_and_repays_its_part(sim, wire):
    loan_day = today() - dt.timedelta(days=30)
    sim.seed_position("005930", 20, ymd(loan_day), price=70_000)  # 1,400,000 bought, 770,000 lent
    sim.seed_position("005930", 5, ymd(today() - dt.timedelta(days=2)), price=70_000)  # another lot, untouched
    cash = int(wire.deposit()["entr"])
    body = {
        "dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "5", "ord_uv": "", "trde_tp": "3",
        "crd_deal_tp": "33", "crd_loan_dt": ymd(loan_day), "cond_uv": "",
    }  # fmt: skip
    wire.ok(ORDER, "kt10007", body)
    lots = {r["loan_dt"]: r for r in wire.lots()}
    sold = lots[ymd(loan_day)]
    assert (sold["rmnd_qty"], sold["clrn_alow_qty"], sold["crd_amt"]) == ("15", "15", "577500")
    assert lots[ymd(today() - dt.timedelta(days=2))]["rmnd_qty"] == "5"
    interest = 192_500 * 95 * 30 // 365_000
    assert int(wire.deposit()["entr"]) == cash + 5 * 71_000 - 192_500 - interest
    assert sold["tdy_sel_pl"] == str(5 * (71_000 - 70_000))


def test_mock_refuses_what_the_mock_host_refuses():
    with KiwoomSimulator(mode="mock", rate_limit_per_second=0) as sim:
        wire = Wire(sim)
        for path, api_id, body in [
            (ACNT, "kt00012", {"stk_cd": "005930", "uv": "71000"}),
            (ACNT, "kt00005", {"dmst_stex_tp": "KRX"}),
            (STKINFO, "kt20016", {"crd_stk_grde_tp": "%", "mrkt_deal_tp": "%", "stk_cd": ""}),
            (STKINFO, "kt20017", {"stk_cd": "005930"}),
        ]:
            answer, _ = wire.post(path, api_id, body)
            assert answer == {
                "return_code": 20,
                "return_msg": "[2000](RC9000:모의투자에서는 해당업무가 제공되지 않습니다.)",
            }
        assert wire.ok(ACNT, "ka10085", {"stex_tp": "0"})["acnt_prft_rt"] == []
        assert wire.deposit()["crd_grnt_rt"] == "0.00"


def test_the_demo_starts_with_two_lots_one_expiring_within_a_week(sim, wire):
    seed_demo_account(sim)
    lots = wire.lots()
    assert len(lots) == 2
    left = sorted((dt.datetime.strptime(r["expr_dt"], "%Y%m%d").date() - today()).days for r in lots)
    assert 0 <= left[0] <= 7 < left[1]
    assert all(int(r["crd_amt"]) > 0 and int(r["crd_int"]) > 0 for r in lots)
