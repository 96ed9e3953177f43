"""The simulator's listed codes over real loopback HTTP (issue 12): ka10001 / ka10100 at /api/dostk/stkinfo
through KiwoomClient.query_page and raw requests, unknown codes the host's way ([1902] / [1903]), the
gateway's checks, prices moving by ticks inside the band, and orders refused off tick / outside the band /
on NXT for a code not on NXT — nothing placed."""

from __future__ import annotations

import json

import pytest
import requests

from kiwoom_gui.base.resources_io import load_json
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.instrument.parse import instrument_from_answers, unknown_code, unknown_code_message
from kiwoom_gui.instrument.rules import confirmation_warnings, instrument_errors
from kiwoom_gui.orders.specs import query_spec
from kiwoom_gui.simulator import KiwoomSimulator

STKINFO = "/api/dostk/stkinfo"
ORDER = "/api/dostk/crdordr"
BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0", "cond_uv": ""}


class Host:
    def __init__(self, sim: KiwoomSimulator) -> None:
        self.sim = sim
        self.token = sim.issue_token_for_tests()
        self.s = requests.Session()
        self.s.trust_env = False

    def post(self, path: str, api_id: str, body: object, token: str | None = None) -> requests.Response:
        headers = {
            "content-type": "application/json;charset=UTF-8",
            "authorization": f"Bearer {self.token if token is None else token}",
            "api-id": api_id,
        }
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return self.s.post(self.sim.base_url + path, headers=headers, data=data, timeout=5)

    def ask(self, api_id: str, code: str) -> dict:
        r = self.post(STKINFO, api_id, {"stk_cd": code})
        assert r.status_code == 200 and r.headers["api-id"] == api_id, r.text
        return r.json()

    def order(self, api_id: str = "kt10006", **fields: str) -> dict:
        r = self.post(ORDER, api_id, {**BUY, **fields})
        assert r.status_code == 200, r.text
        return r.json()


@pytest.fixture
def sim():
    s = KiwoomSimulator(rate_limit_per_second=0).start()
    yield s
    s.stop()


@pytest.fixture
def host(sim):
    return Host(sim)


@pytest.fixture
def market_host():
    s = KiwoomSimulator(rate_limit_per_second=0, market=True).start()
    yield Host(s)
    s.stop()


def test_the_listing_has_the_cases_the_issue_needs():
    listed = load_json("simulator_instruments.json")["instruments"]
    prices = load_json("simulator_market.json")["instruments"]
    assert set(listed) == set(prices) and len(listed) >= 20
    markets = {i["market"] for i in listed.values()}
    assert {"kospi", "kosdaq", "etf"} <= markets
    assert listed["069500"]["market"] == "etf" and prices["069500"]["name"] == "KODEX 200"
    assert prices["00088K"]["name"] == "한화3우B"
    assert any(i["orderWarning"] == "5" for i in listed.values())
    assert any("신용가능" not in i["state"].split("|") for i in listed.values())
    assert any(i["nxtEnable"] == "N" for i in listed.values())
    # the codes issue 11's tests rely on keep their prices
    assert (prices["005930"]["price"], prices["005930"]["pred_close"]) == (71000, 70500)


def test_ka10001_answers_every_spec_key_as_signed_strings(host):
    answer = host.ask("ka10001", "005930")
    keys = [f.key for f in query_spec("ka10001").response_body]
    assert list(answer)[: len(keys)] == keys
    assert answer["return_code"] == 0
    assert all(isinstance(answer[k], str) for k in keys)
    assert answer["stk_nm"] == "삼성전자"
    assert answer["cur_prc"] == "+71000" and answer["base_pric"] == "70500"
    assert answer["upl_pric"] == "+91600" and answer["lst_pric"] == "-49400"  # 70,500 ± 21,100 (KRX method)
    assert answer["pre_sig"] == "2" and answer["pred_pre"] == "+500" and answer["flu_rt"] == "+0.71"


def test_ka10001_falling_flat_and_etf(host):
    falling = host.ask("ka10001", "000660")
    assert (falling["cur_prc"], falling["pre_sig"], falling["pred_pre"], falling["flu_rt"]) == (
        "-198000",
        "5",
        "-3000",
        "-1.49",
    )
    flat = host.ask("ka10001", "035420")
    assert (flat["cur_prc"], flat["pre_sig"], flat["flu_rt"]) == ("187500", "3", "0.00")
    etf = host.ask("ka10001", "069500")  # flat 5원 tick: 36,400 × 0.3 = 10,920 exactly
    assert (etf["upl_pric"], etf["lst_pric"]) == ("+47320", "-25480")


def test_ka10001_takes_venue_suffixes_and_echoes_them(host):
    nx = host.ask("ka10001", "005930_NX")
    al = host.ask("ka10001", "005930_AL")
    assert (nx["return_code"], nx["stk_cd"], nx["stk_nm"]) == (0, "005930_NX", "삼성전자")
    assert (al["return_code"], al["stk_cd"]) == (0, "005930_AL")
    not_on_nxt = host.ask("ka10001", "00088K_NX")
    assert not_on_nxt["return_code"] != 0 and "[1903:" in not_on_nxt["return_msg"]
    assert "거래소구분=NXT, 종목코드=00088K" in not_on_nxt["return_msg"]


def test_ka10100_answers_the_listing(host):
    answer = host.ask("ka10100", "263750")
    keys = [f.key for f in query_spec("ka10100").response_body]
    assert list(answer)[: len(keys)] == keys
    assert answer["name"] == "펄어비스" and answer["orderWarning"] == "5" and answer["nxtEnable"] == "Y"
    assert answer["lastPrice"] == "00036950" and answer["marketName"] == "코스닥"
    etf = host.ask("ka10100", "069500")
    assert (etf["marketCode"], etf["nxtEnable"]) == ("8", "N")
    assert host.ask("ka10100", "005930_NX")["return_code"] != 0  # ka10100 takes 6 characters only


@pytest.mark.parametrize("api_id", ["ka10001", "ka10100"])
@pytest.mark.parametrize("code", ["005931", "ZZZZZZ", "00088k", "12345"])
def test_an_unknown_code_is_refused_with_1902(host, api_id, code):
    answer = host.ask(api_id, code)
    assert answer["return_code"] != 0
    text = f"[1902:종목 정보가 없습니다. 입력한 종목코드 값을 확인바랍니다. 종목코드={code}]"
    assert answer["return_msg"].endswith(text)
    assert unknown_code(answer["return_msg"])
    assert set(answer) == {"return_code", "return_msg"}


def test_the_gateway_checks_apply(host):
    assert "[1511:" in host.ask("ka10001", "")["return_msg"]
    r = host.post(STKINFO, "ka10001", {"stk_cd": "005930"}, token="not-a-token")
    assert r.json()["return_code"] == 3 and "[8005:" in r.json()["return_msg"]
    r = host.post(STKINFO, "ka10075", {"stk_cd": "005930"})  # an account query at the stock-info URI
    assert "[1504:" in r.json()["return_msg"]
    r = host.post("/api/dostk/acnt", "ka10001", {"stk_cd": "005930"})  # and the other way round
    assert "[1504:" in r.json()["return_msg"]


def test_stock_info_is_rate_limited_per_api_id():
    with KiwoomSimulator(rate_limit_per_second=1).start() as sim:
        h = Host(sim)
        codes = [h.post(STKINFO, "ka10001", {"stk_cd": "005930"}).status_code for _ in range(4)]
        assert 429 in codes
        assert h.post(STKINFO, "ka10100", {"stk_cd": "005930"}).status_code == 200  # its own bucket


def make_client(sim: KiwoomSimulator) -> KiwoomClient:
    return KiwoomClient("mock", base_url=sim.base_url, orders_per_second=0, queries_per_second=0, timeouts=(1, 2))


def test_query_page_reads_stock_info_and_unknown_codes(demo_keys):
    with KiwoomSimulator().start() as sim, make_client(sim) as client:
        basic = client.query_page("ka10001", {"stk_cd": "00088K"}, tries=1)
        info = client.query_page("ka10100", {"stk_cd": "00088K"}, tries=1)
        assert basic.ok and info.ok, (basic.message, info.message)
        inst = instrument_from_answers("00088K", basic.rows_body, info.rows_body)
        assert (inst.name, inst.price, inst.upper_limit, inst.lower_limit) == ("한화3우B", 17000, 22100, 11900)
        assert inst.kind == "stock" and inst.nxt_enable is False and "NXT 불가" in inst.flags
        assert instrument_errors("kt10006", {"stk_cd": "00088K", "dmst_stex_tp": "NXT", "ord_uv": "22200"}, inst) == {
            "ord_uv": "주문단가: 상한가 22,100원보다 높습니다",
            "dmst_stex_tp": "한화3우B은(는) NXT에서 거래할 수 없습니다 — KRX를 고르세요",
        }
        etf = instrument_from_answers(
            "069500",
            client.query_page("ka10001", {"stk_cd": "069500"}, tries=1).rows_body,
            client.query_page("ka10100", {"stk_cd": "069500"}, tries=1).rows_body,
        )
        assert etf.kind == "etf" and etf.price == 36500
        warned = instrument_from_answers(
            "263750", None, client.query_page("ka10100", {"stk_cd": "263750"}, tries=1).rows_body
        )
        assert warned.warnings == ("투자경고",)
        assert confirmation_warnings(warned) == ("펄어비스(263750) — 투자경고 지정 종목입니다",)
        missing = client.query_page("ka10001", {"stk_cd": "005931"}, tries=1)
        assert not missing.ok and missing.return_code not in (None, 0)
        assert unknown_code(missing.return_msg)
        assert unknown_code_message("005931", missing.return_msg) == "종목코드 005931: 없는 종목입니다 (키움 [1902])"
    assert [r.path for r in sim.recorded if r.path == STKINFO] and all(
        r.headers["content-type"] == "application/json;charset=UTF-8" for r in sim.recorded if r.path == STKINFO
    )


def test_move_price_steps_along_the_grid_inside_the_band(sim, host):
    assert sim.move_price("015760", 1) == 19_880
    assert sim.move_price("015760", 12) == 20_000  # 19,880 + 12 × 10 reaches the 50원 band
    assert sim.move_price("015760", 1) == 20_050
    assert sim.move_price("015760", -2) == 19_990
    assert host.ask("ka10001", "015760")["cur_prc"] == "+19990"
    assert sim.move_price("005930", 10_000) == 91_600  # held at the upper limit
    top = host.ask("ka10001", "005930")
    assert (top["cur_prc"], top["pre_sig"]) == ("+91600", "1")
    assert sim.move_price("005930", -10_000) == 49_400
    assert host.ask("ka10001", "005930")["pre_sig"] == "4"
    with pytest.raises(ValueError):
        sim.move_price("123456", 1)


# --- orders --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("api_id", "fields"),
    [
        ("kt10006", {"ord_uv": "71050"}),
        ("kt10006", {"trde_tp": "28", "ord_uv": "71000", "cond_uv": "70990"}),
        ("kt10007", {"ord_uv": "71050", "crd_deal_tp": "99", "crd_loan_dt": ""}),
    ],
)
def test_an_off_tick_price_for_a_listed_code_is_refused(host, api_id, fields):
    answer = host.order(api_id, **fields)
    assert answer["return_code"] == 20 and "571553:" in answer["return_msg"] and "호가단위" in answer["return_msg"]
    assert "ord_no" not in answer
    assert host.sim.book.orders() == []


def test_a_modify_off_tick_is_refused_and_the_original_stays(host):
    placed = host.order()
    assert placed["return_code"] == 0
    body = {"dmst_stex_tp": "KRX", "orig_ord_no": placed["ord_no"], "stk_cd": "005930", "mdfy_qty": "0"}
    r = host.post(ORDER, "kt10008", {**body, "mdfy_uv": "60010", "mdfy_cond_uv": ""}).json()
    assert r["return_code"] == 20 and "571553:주문단가가 호가단위에 맞지 않습니다." in r["return_msg"]
    r = host.post(ORDER, "kt10008", {**body, "mdfy_uv": "60100", "mdfy_cond_uv": "60050"}).json()
    assert r["return_code"] == 20 and "571553:조건단가가" in r["return_msg"]
    assert [o.ord_no for o in host.sim.book.orders()] == [placed["ord_no"]]
    assert host.sim.book.get(placed["ord_no"]).remaining == 1
    ok = host.post(ORDER, "kt10008", {**body, "mdfy_uv": "60100", "mdfy_cond_uv": ""}).json()
    assert ok["return_code"] == 0


def test_an_etf_takes_its_own_five_won_grid(host):
    assert host.order(stk_cd="069500", ord_uv="36505")["return_code"] == 0
    assert "571553:" in host.order(stk_cd="069500", ord_uv="36502")["return_msg"]


def test_outside_the_band_is_refused_with_the_market_on(market_host):
    below = market_host.order(ord_uv="49350")
    assert below == {"return_code": 20, "return_msg": "[2000](571552:주문단가가 하한가보다 낮습니다.)"}
    above = market_host.order(ord_uv="91700")
    assert above["return_code"] == 20 and "571551:주문단가가 상한가보다 높습니다." in above["return_msg"]
    assert market_host.sim.book.orders() == []
    at_limits = [market_host.order(ord_uv=p)["return_code"] for p in ("49400", "91600")]
    assert at_limits == [0, 0]


def test_without_the_market_the_band_is_still_judged(host):
    """The real host refuses a price beyond the day's band whether or not anything trades: so does the
    simulator with its market off (2,580 for 005930 is under 하한가 49,400), and nothing is placed."""
    refused = host.order(ord_uv="2580")
    assert refused["return_code"] == 20 and "하한가" in refused["return_msg"]
    assert host.sim.book.orders() == []
    assert host.order(ord_uv="49400")["return_code"] == 0  # 하한가 itself is inside


def test_nxt_for_a_code_not_on_nxt_is_refused(host):
    refused = host.order(stk_cd="00088K", ord_uv="17000", dmst_stex_tp="NXT")
    assert refused["return_code"] == 20 and "571554:" in refused["return_msg"]
    assert host.sim.book.orders() == []
    assert host.order(stk_cd="00088K", ord_uv="17000", dmst_stex_tp="KRX")["return_code"] == 0
    assert host.order(stk_cd="005930", dmst_stex_tp="NXT")["return_code"] == 0


def test_unlisted_codes_keep_the_form_rules(host):
    assert host.order(stk_cd="123456", ord_uv="2580")["return_code"] == 0
    off = host.order(stk_cd="123456", ord_uv="2581")
    assert off["return_code"] == 20 and "호가단위 5원: 2,580 또는 2,585" in off["return_msg"]
