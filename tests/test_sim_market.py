"""The simulator's small market over real loopback HTTP: marketable orders fill (at once or in parts),
a credit buy opens a 융자 position dated today, a 융자 sell closes against its loan date and is refused
without the shares; off by default, so orders rest as before. Also read through the real client."""

from __future__ import annotations

import datetime as dt

import pytest
from test_sim_account_queries import Host as QueryHost

from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.simulator import KiwoomSimulator

ACNT = "/api/dostk/acnt"
ORDER = "/api/dostk/crdordr"
OPEN = {"all_stk_tp": "0", "trde_tp": "0", "stk_cd": "", "stex_tp": "0"}
TODAY = dict(ord_dt="", qry_tp="1", stk_bond_tp="0", sell_tp="0", stk_cd="", fr_ord_no="", dmst_stex_tp="%")
KRX = {"qry_tp": "2", "dmst_stex_tp": "KRX"}
LISTS = {"ka10075": "oso", "kt00007": "acnt_ord_cntr_prps_dtl", "kt00018": "acnt_evlt_remn_indv_tot"}


class Host(QueryHost):
    """The account-query tests' connection, plus the market's own reading helpers."""

    def rows(self, api_id: str, body: dict) -> list[dict]:
        rows, headers = [], {}
        while True:
            r = self.post(ACNT, api_id, body, **headers)
            rows += r.json()[LISTS[api_id]]
            if r.headers["cont-yn"] != "Y":
                return rows
            headers = {"cont_yn": "Y", "next_key": r.headers["next-key"]}

    def place(self, api_id: str, **body: str) -> dict:
        price = {"dmst_stex_tp": "KRX", "ord_uv": "", "trde_tp": "0", "cond_uv": ""}
        full = {"kt10006": price, "kt10007": price | {"crd_deal_tp": "33", "crd_loan_dt": ""}}.get(api_id, {})
        return self.post(ORDER, api_id, {"dmst_stex_tp": "KRX"} | full | body).json()

    def order(self, api_id: str, **body: str) -> str:
        answer = self.place(api_id, **body)
        assert answer["return_code"] == 0, answer
        return answer["ord_no"]

    def open_qty(self) -> dict[str, tuple[int, int]]:
        """ord_no → (미체결, 체결) from ka10075."""
        return {r["ord_no"]: (int(r["oso_qty"]), int(r["cntr_qty"])) for r in self.rows("ka10075", OPEN)}

    def details(self) -> dict[str, dict]:
        return {r["ord_no"]: r for r in self.rows("kt00007", TODAY)}

    def positions(self, venue: str = "KRX") -> list[tuple[str, str, int, int]]:
        """(code, loan date, 보유수량, 매매가능수량) from kt00018 개별."""
        return [
            (r["stk_cd"], r["crd_loan_dt"], int(r["rmnd_qty"]), int(r["trde_able_qty"]))
            for r in self.rows("kt00018", {"qry_tp": "2", "dmst_stex_tp": venue})
        ]


@pytest.fixture
def market():
    with KiwoomSimulator(rate_limit_per_second=0, page_size=2, market=True) as sim:
        yield sim


@pytest.fixture
def host(market):
    h = Host(market)
    yield h
    h.s.close()


def today() -> str:
    return dt.datetime.now(KST).strftime("%Y%m%d")


def test_without_the_market_orders_rest_as_before(simulator):
    host = Host(simulator)
    buy = host.order("kt10006", stk_cd="005930", ord_qty="10", ord_uv="91000")  # above the price: would fill
    sell = host.order("kt10007", stk_cd="005930", ord_qty="3", ord_uv="50000", crd_deal_tp="99")  # no shares
    assert host.open_qty() == {buy: (10, 0), sell: (3, 0)}
    assert host.positions() == []


def test_a_marketable_credit_buy_fills_at_the_market_price_and_opens_a_position(market, host):
    rests = host.order("kt10006", stk_cd="005930", ord_qty="5", ord_uv="70900")  # below 71,000
    fills = host.order("kt10006", stk_cd="005930", ord_qty="10", ord_uv="72000")  # at or above: fills at 71,000
    at_market = host.order("kt10006", dmst_stex_tp="NXT", stk_cd="000660", ord_qty="2", trde_tp="3")
    assert host.open_qty() == {rests: (5, 0)}
    d = host.details()
    assert (d[fills]["cntr_qty"], d[fills]["cntr_uv"], d[fills]["loan_dt"]) == ("0000000010", "0000071000", today())
    assert (d[at_market]["cntr_uv"], d[at_market]["ord_remnq"]) == ("0000198000", "0000000000")
    assert host.positions("KRX") == [("A005930", today(), 10, 10)]
    assert host.positions("NXT") == [("A000660", today(), 2, 2)]
    (row,) = host.rows("kt00018", KRX)
    assert (row["crd_tp"], row["pur_pric"], row["tdy_buyq"]) == ("33", "000000000071000", "000000000000010")


def test_fills_in_parts_follow_the_plan_step_by_step(market, host):
    market.fill_in_parts = [3, 7]
    no = host.order("kt10006", stk_cd="005930", ord_qty="12", trde_tp="3")
    assert host.open_qty() == {no: (9, 3)}
    (row,) = host.rows("ka10075", OPEN)
    assert (row["ord_stt"], row["cntr_no"], row["unit_cntr_qty"], row["cntr_pric"]) == ("체결", "0000001", "3", "71000")
    assert market.step() == 1
    assert host.open_qty() == {no: (2, 10)}
    market.step()  # past the plan: the rest
    assert host.open_qty() == {}
    assert host.details()[no]["cntr_qty"] == "0000000012"
    assert host.positions() == [("A005930", today(), 12, 12)]


def test_a_resting_order_fills_when_the_price_comes_to_it(market, host):
    no = host.order("kt10006", stk_cd="035720", ord_qty="4", ord_uv="40000")
    assert market.step() == 0 and host.open_qty() == {no: (4, 0)}
    market.set_price("035720", 39950)
    market.step()
    assert host.open_qty() == {}
    assert host.details()[no]["cntr_uv"] == "0000039950"
    assert host.rows("ka10075", OPEN) == []


def test_a_33_sell_closes_its_own_loan_date_only(market, host):
    market.seed_position("005930", 5, "20260105")
    market.seed_position("005930", 4, "20260212")
    no = host.order("kt10007", stk_cd="005930", ord_qty="3", ord_uv="70000", crd_loan_dt="20260212")
    assert host.open_qty() == {}  # at or below the price: filled
    assert host.positions() == [("A005930", "20260105", 5, 5), ("A005930", "20260212", 1, 1)]
    d = host.details()[no]
    assert (d["io_tp_nm"], d["crd_tp"], d["loan_dt"], d["cntr_qty"]) == (
        "신용매도",
        "자기융자상환",
        "20260212",
        "0000000003",
    )
    assert [r["tdy_sellq"][-1] for r in host.rows("kt00018", KRX)] == ["0", "3"]


def test_a_99_sell_closes_across_loan_dates_oldest_first(market, host):
    market.seed_position("005930", 5, "20260105")
    market.seed_position("005930", 4, "20260212")
    host.order("kt10007", stk_cd="005930", ord_qty="7", trde_tp="3", crd_deal_tp="99")
    assert host.positions() == [("A005930", "20260212", 2, 2)]


def test_an_open_sell_holds_its_shares_until_it_is_cancelled(market, host):
    market.seed_position("005930", 5, "20260105")
    sell = host.order("kt10007", stk_cd="005930", ord_qty="4", ord_uv="90000", crd_loan_dt="20260105")  # rests
    assert host.positions() == [("A005930", "20260105", 5, 1)]
    mod = host.order("kt10008", orig_ord_no=sell, stk_cd="005930", mdfy_qty="0", mdfy_uv="89000", mdfy_cond_uv="")
    assert host.positions() == [("A005930", "20260105", 5, 1)]  # the modified order still holds them
    host.order("kt10009", orig_ord_no=mod, stk_cd="005930", cncl_qty="3")
    assert host.positions() == [("A005930", "20260105", 5, 4)]
    host.order("kt10008", orig_ord_no=mod, stk_cd="005930", mdfy_qty="0", mdfy_uv="71000", mdfy_cond_uv="")
    assert host.positions() == [("A005930", "20260105", 4, 4)]  # modified to a marketable price: sold


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"ord_qty": "1", "crd_loan_dt": "20260106"},
            "[2000](571950:신용융자 잔고가 없습니다. 종목코드=005930, 대출일=20260106)",
        ),
        ({"ord_qty": "6", "crd_loan_dt": "20260105"}, "[2000](571951:신용매도 가능수량(5)을 초과하였습니다)"),
        ({"ord_qty": "6", "crd_deal_tp": "99"}, "[2000](571951:신용매도 가능수량(5)을 초과하였습니다)"),
        (
            {"ord_qty": "1", "stk_cd": "000660", "crd_deal_tp": "99", "ord_uv": "250000"},  # inside its band
            "571950:신용융자 잔고가 없습니다. 종목코드=000660, 대출일=전체",
        ),
        (
            {"ord_qty": "1", "stk_cd": "035720", "crd_deal_tp": "99", "ord_uv": "50000"},
            "571950:신용융자 잔고가 없습니다. 종목코드=035720",
        ),
    ],
)
def test_a_sell_the_shares_cannot_cover_is_refused_and_not_placed(market, host, body, message):
    market.seed_position("005930", 5, "20260105")
    market.seed_position("035720", 9, "", crd=False)  # cash shares are not a 융자 sell's
    answer = host.place("kt10007", **({"stk_cd": "005930", "ord_uv": "90000"} | body))
    assert message in answer["return_msg"]
    assert answer["return_code"] == 20 and "ord_no" not in answer
    assert market.book.orders() == []


def test_a_sell_beyond_what_open_sells_hold_is_refused(market, host):
    market.seed_position("005930", 5, "20260105")
    host.order("kt10007", stk_cd="005930", ord_qty="4", ord_uv="90000", crd_loan_dt="20260105")
    answer = host.place("kt10007", stk_cd="005930", ord_qty="2", ord_uv="90000", crd_loan_dt="20260105")
    assert "가능수량(1)을 초과" in answer["return_msg"]


def test_immediate_orders_that_cannot_fill_are_cancelled_and_unknown_codes_rest(market, host):
    ioc = host.order("kt10006", stk_cd="005930", ord_qty="3", ord_uv="50000", trde_tp="10")  # 보통(IOC) below
    unknown = host.order("kt10006", stk_cd="123456", ord_qty="1", trde_tp="3")  # no price to meet
    assert host.open_qty() == {unknown: (1, 0)}
    d = host.details()
    assert (d[ioc]["cntr_qty"], d[ioc]["ord_remnq"]) == ("0000000000", "0000000000")
    assert d[unknown]["stk_nm"] == ""


def test_fill_control_works_without_the_market_and_refuses_nonsense(simulator):
    host = Host(simulator)
    simulator.seed_position("005930", 2, "20260105")
    buy = host.order("kt10006", stk_cd="005930", ord_qty="10", ord_uv="60000")
    simulator.fill(buy, 4, price=60000)
    assert host.open_qty()[buy] == (6, 4)
    assert ("A005930", today(), 4, 4) in host.positions()
    with pytest.raises(ValueError):
        simulator.fill(buy, 7)  # only 6 open
    sell = host.order("kt10007", stk_cd="005930", ord_qty="3", ord_uv="90000", crd_loan_dt="20260105")
    with pytest.raises(ValueError):
        simulator.fill(sell, 3)  # that loan date holds 2: nothing changes
    assert host.open_qty()[sell] == (3, 0)
    simulator.fill(sell, 2)
    assert ("A005930", "20260105", 2, 2) not in host.positions()


def test_seeding_open_orders_and_executions(market, host):
    opened = market.seed_open_orders(5, stk_cd="000660")
    filled = market.seed_executions(3, qty=2)
    assert list(host.open_qty()) == opened
    assert [r["ord_no"] for r in host.rows("kt00007", TODAY | {"qry_tp": "4"})] == filled
    assert host.positions() == [("A005930", today(), 6, 6)]
    assert market.step() == 0  # the seeded open orders are far from the market: they rest


def test_the_real_client_reads_every_page(market, demo_keys):
    market.seed_open_orders(5)
    client = KiwoomClient("mock", base_url=market.base_url, queries_per_second=0)
    try:
        rows, key = [], ""
        for _ in range(5):
            page = client.query_page("ka10075", OPEN, next_key=key)
            assert page.ok, page.message
            rows += page.rows_body["oso"]
            if not page.cont:
                break
            key = page.next_key
    finally:
        client.close()
    assert [r["ord_no"] for r in rows] == ["0000001", "0000002", "0000003", "0000004", "0000005"]
    requests_ = market.query_requests("ka10075")
    assert [(r.headers.get("cont-yn"), bool(r.headers.get("next-key"))) for r in requests_] == [
        ("N", False),
        ("Y", True),
        ("Y", True),
    ]
    assert len({r.body for r in requests_}) == 1  # the same body on every page
