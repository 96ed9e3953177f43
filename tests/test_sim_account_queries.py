"""The simulator answers ka00001, ka10075, kt00007 and kt00018 from its book, in the spec's shapes, over
real loopback HTTP: every spec key, the host's number and code formats, the filters, paging with
cont-yn / next-key, the gateway's checks, rate limits, faults and --mode mock."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import requests

from kiwoom_gui.base.kst import KST
from kiwoom_gui.orders.specs import query_spec
from kiwoom_gui.simulator import KiwoomSimulator

ACNT = "/api/dostk/acnt"
ORDER = "/api/dostk/crdordr"
OPEN = {"all_stk_tp": "0", "trde_tp": "0", "stk_cd": "", "stex_tp": "0"}
TODAY = {
    "ord_dt": "",
    "qry_tp": "1",
    "stk_bond_tp": "0",
    "sell_tp": "0",
    "stk_cd": "",
    "fr_ord_no": "",
    "dmst_stex_tp": "%",
}
KRX = {"qry_tp": "2", "dmst_stex_tp": "KRX"}
BUY = {"dmst_stex_tp": "KRX", "stk_cd": "005930", "ord_qty": "1", "ord_uv": "60000", "trde_tp": "0", "cond_uv": ""}
LISTS = {"ka10075": "oso", "kt00007": "acnt_ord_cntr_prps_dtl", "kt00018": "acnt_evlt_remn_indv_tot"}


class Host:
    """One kept-alive connection to the simulator with a valid token."""

    def __init__(self, sim: KiwoomSimulator) -> None:
        self.sim = sim
        self.token = sim.issue_token_for_tests()
        self.s = requests.Session()
        self.s.trust_env = False

    def post(self, path: str, api_id: str, body: object, **headers: str) -> requests.Response:
        h = {"content-type": "application/json;charset=UTF-8", "authorization": f"Bearer {self.token}"}
        h.update({"api-id": api_id, **{k.replace("_", "-"): v for k, v in headers.items()}})
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        return self.s.post(self.sim.base_url + path, headers=h, data=data, timeout=5)

    def query(self, api_id: str, body: dict, **headers: str) -> dict:
        r = self.post(ACNT, api_id, body, **headers)
        assert r.status_code == 200, r.text
        return r.json()

    def rows(self, api_id: str, body: dict) -> list[dict]:
        """Every row of a query, following cont-yn / next-key to the last page."""
        rows, headers = [], {}
        for _ in range(1000):
            r = self.post(ACNT, api_id, body, **headers)
            answer = r.json()
            assert answer["return_code"] == 0, answer
            rows += answer[LISTS[api_id]]
            if r.headers["cont-yn"] != "Y":
                return rows
            headers = {"cont_yn": "Y", "next_key": r.headers["next-key"]}
        raise AssertionError("paging never ended")

    def order(self, api_id: str, **body: str) -> dict:
        price = {"ord_uv": "", "trde_tp": "0", "cond_uv": ""}
        full = (
            {
                "kt10006": price,
                "kt10007": price | {"crd_deal_tp": "33", "crd_loan_dt": ""},
                "kt10008": {"mdfy_cond_uv": ""},
                "kt10009": {},
            }[api_id]
            | {"dmst_stex_tp": "KRX"}
            | body
        )
        answer = self.post(ORDER, api_id, full).json()
        assert answer["return_code"] == 0, answer
        return answer


@pytest.fixture
def sim():
    with KiwoomSimulator(rate_limit_per_second=0, page_size=2) as s:
        yield s


@pytest.fixture
def host(sim):
    h = Host(sim)
    yield h
    h.s.close()


def check(row: dict, **expected: str) -> None:
    assert {k: row.get(k) for k in expected} == expected


def spec_keys(api_id: str) -> list[str]:
    (field,) = [f for f in query_spec(api_id).response_body if f.type == "LIST"]
    return [c.key for c in field.children]


def test_ka00001_names_the_account(sim, host):
    assert host.query("ka00001", {}) == {
        "acctNo": "1234567890",
        "return_code": 0,
        "return_msg": "정상적으로 처리되었습니다",
    }
    with KiwoomSimulator(account_no="5550001111") as other:
        assert Host(other).query("ka00001", {})["acctNo"] == "5550001111"


def test_every_row_carries_exactly_the_spec_keys_as_strings(sim, host):
    host.order("kt10006", stk_cd="005930", ord_qty="10", ord_uv="60000")
    sim.seed_position("005930", 5, "20260105")
    sim.seed_position("035720", 3, "", crd=False)
    for api_id, body in (("ka10075", OPEN), ("kt00007", TODAY), ("kt00018", KRX)):
        rows = host.rows(api_id, body)
        assert rows, api_id
        for row in rows:
            assert list(row) == spec_keys(api_id), api_id
            assert all(isinstance(v, str) for v in row.values()), row
    top = host.query("kt00018", KRX)
    totals = [f.key for f in query_spec("kt00018").response_body if f.type != "LIST"]
    assert list(top) == [*totals, "acnt_evlt_remn_indv_tot", "return_code", "return_msg"]
    assert all(re.fullmatch(r"-?\d+", top[k]) and len(top[k]) == 15 for k in totals if k != "tot_prft_rt")


def test_ka10075_open_orders_in_the_hosts_shape(sim, host):
    before = dt.datetime.now(KST).replace(microsecond=0)
    buy = host.order("kt10006", stk_cd="005930", ord_qty="10", ord_uv="60000")["ord_no"]
    sim.seed_position("000660", 4, "20260105")
    host.order("kt10007", dmst_stex_tp="NXT", stk_cd="000660", ord_qty="4", ord_uv="250000", crd_loan_dt="20260105")
    stop = dict(trde_tp="28", ord_uv="180000", cond_uv="185000")
    host.order("kt10006", dmst_stex_tp="SOR", stk_cd="035420", ord_qty="1", **stop)
    mod = host.order("kt10008", orig_ord_no=buy, stk_cd="005930", mdfy_qty="4", mdfy_uv="60100")["ord_no"]
    sim.fill(buy, 2)
    rows = {r["ord_no"]: r for r in host.rows("ka10075", OPEN)}
    assert list(rows) == [buy, "0000002", "0000003", mod]
    b = rows[buy]
    check(b, stk_cd="005930", stk_nm="삼성전자", io_tp_nm="+매수신용", trde_tp="보통", acnt_no="1234567890")
    check(b, ord_qty="10", ord_pric="60000", oso_qty="4", cntr_qty="2", orig_ord_no="0000000", ord_stt="체결")
    check(b, stex_tp="1", stex_tp_txt="KRX", sor_yn="N", cntr_tot_amt=str(2 * 71000))
    assert b["cur_prc"] == "+71000"  # above yesterday's 70,500: a direction mark, not a sign
    placed = dt.datetime.combine(before.date(), dt.datetime.strptime(b["tm"], "%H%M%S").time(), KST)
    assert before <= placed <= dt.datetime.now(KST)  # HHmmss in Korea's time
    check(rows["0000002"], io_tp_nm="-매도신용", stex_tp="2", stex_tp_txt="NXT", sor_yn="N", ord_stt="접수")
    assert rows["0000002"]["cur_prc"] == "-198000"  # below yesterday's close
    check(rows["0000003"], stex_tp="0", sor_yn="Y", trde_tp="스톱지정가", stop_pric="185000")
    check(rows[mod], orig_ord_no=buy, ord_stt="확인", ord_pric="60100", oso_qty="4")


def test_ka10075_filters_by_stock_side_and_venue(sim, host):
    host.order("kt10006", stk_cd="005930", ord_qty="1", ord_uv="60000")
    host.order("kt10006", dmst_stex_tp="NXT", stk_cd="000660", ord_qty="1", ord_uv="150000")
    sim.seed_position("005930", 9, "20260105")
    host.order("kt10007", stk_cd="005930", ord_qty="1", ord_uv="91000", crd_loan_dt="20260105")

    def numbers(**changes: str) -> list[str]:
        return [r["ord_no"] for r in host.rows("ka10075", OPEN | changes)]

    assert numbers() == ["0000001", "0000002", "0000003"]
    assert numbers(all_stk_tp="1", stk_cd="005930") == ["0000001", "0000003"]
    assert numbers(trde_tp="1") == ["0000003"]
    assert numbers(trde_tp="2") == ["0000001", "0000002"]
    assert numbers(stex_tp="1") == ["0000001", "0000003"]
    assert numbers(stex_tp="2") == ["0000002"]
    cancel = host.order("kt10009", orig_ord_no="0000001", stk_cd="005930", cncl_qty="0")["ord_no"]
    assert cancel not in numbers() and "0000001" not in numbers()  # cancelled: no longer open


def test_kt00007_todays_orders_in_the_hosts_shape(sim, host):
    sim.seed_position("005930", 9, "20260105")
    buy = host.order("kt10006", stk_cd="005930", ord_qty="10", ord_uv="60000")["ord_no"]
    market = host.order("kt10006", dmst_stex_tp="NXT", stk_cd="000660", ord_qty="3", trde_tp="3")["ord_no"]
    sell = host.order("kt10007", stk_cd="005930", ord_qty="2", ord_uv="91000", crd_loan_dt="20260105")["ord_no"]
    mod = host.order("kt10008", orig_ord_no=buy, stk_cd="005930", mdfy_qty="4", mdfy_uv="60100")["ord_no"]
    cancel = host.order("kt10009", orig_ord_no=mod, stk_cd="005930", cncl_qty="0")["ord_no"]
    sim.fill(market, 3)
    rows = {r["ord_no"]: r for r in host.rows("kt00007", TODAY)}
    assert list(rows) == [buy, market, sell, mod, cancel]
    b = rows[buy]
    check(b, stk_cd="A005930", stk_nm="삼성전자", io_tp_nm="신용매수", crd_tp="자기융자", loan_dt="")
    check(b, ord_qty="0000000010", ord_uv="0000060000", ord_remnq="0000000006", cntr_qty="0000000000")
    check(b, ori_ord="0000000", mdfy_cncl="", acpt_tp="접수", dmst_stex_tp="KRX", comm_ord_tp="REST API")
    assert re.fullmatch(r"\d\d:\d\d:\d\d", b["ord_tm"])
    today = dt.datetime.now(KST).strftime("%Y%m%d")
    check(rows[market], ord_uv="0000000000", cntr_qty="0000000003", cntr_uv="0000198000", trde_tp="시장가")
    check(rows[market], loan_dt=today, dmst_stex_tp="NXT", ord_remnq="0000000000")  # a 융자 dated its fill day
    check(rows[sell], io_tp_nm="신용매도", crd_tp="자기융자상환", loan_dt="20260105")
    check(rows[mod], ori_ord=buy, mdfy_cncl="정정", acpt_tp="확인", ord_uv="0000060100", cnfm_qty="0000000004")
    check(rows[cancel], ori_ord=mod, mdfy_cncl="취소", ord_qty="0000000004", ord_remnq="0000000000")


def test_kt00007_query_kinds_and_filters(sim, host):
    sim.seed_position("005930", 9, "20260105")
    host.order("kt10006", stk_cd="005930", ord_qty="1", ord_uv="60000")  # 1
    host.order("kt10006", dmst_stex_tp="NXT", stk_cd="000660", ord_qty="2", ord_uv="150000")  # 2
    host.order("kt10007", stk_cd="005930", ord_qty="3", ord_uv="91000", crd_loan_dt="20260105")  # 3
    host.order("kt10006", dmst_stex_tp="SOR", stk_cd="035720", ord_qty="4", ord_uv="30000")  # 4
    sim.fill("0000002", 2)

    def numbers(**changes: str) -> list[str]:
        return [r["ord_no"] for r in host.rows("kt00007", TODAY | changes)]

    assert numbers() == ["0000001", "0000002", "0000003", "0000004"]  # 1: 주문순
    assert numbers(qry_tp="2") == ["0000004", "0000003", "0000002", "0000001"]  # 2: 역순
    assert numbers(qry_tp="3") == ["0000001", "0000003", "0000004"]  # 3: 미체결
    assert numbers(qry_tp="4") == ["0000002"]  # 4: 체결내역만
    assert numbers(stk_cd="A005930") == numbers(stk_cd="005930") == ["0000001", "0000003"]
    assert numbers(sell_tp="1") == ["0000003"]
    assert numbers(sell_tp="2") == ["0000001", "0000002", "0000004"]
    assert numbers(dmst_stex_tp="NXT") == ["0000002"]
    assert numbers(dmst_stex_tp="SOR") == ["0000004"]
    assert numbers(fr_ord_no="0000003") == ["0000003", "0000004"]
    assert numbers(stk_bond_tp="2") == []  # 채권: none
    assert numbers(ord_dt=dt.datetime.now(KST).strftime("%Y%m%d")) == numbers()
    assert numbers(ord_dt="20200102") == []  # another day's orders: none kept


def test_kt00018_positions_in_the_hosts_shape(sim, host):
    sim.seed_position("005930", 8, "20260105", price=80000)  # bought above today's 71,000
    sim.seed_position("005930", 2, "20260212", price=60000)
    sim.seed_position("035720", 3, "", crd=False)
    sim.seed_position("000660", 1, "20260105", venue="NXT")
    host.order("kt10007", stk_cd="005930", ord_qty="3", ord_uv="91000", crd_loan_dt="20260105")
    rows = host.rows("kt00018", KRX)
    assert [(r["stk_cd"], r["crd_loan_dt"]) for r in rows] == [
        ("A005930", "20260105"),
        ("A005930", "20260212"),
        ("A035720", ""),
    ]
    old, new, cash = rows
    check(old, crd_tp="33", crd_tp_nm="자기융자")
    check(cash, crd_tp="00", crd_tp_nm="")
    check(old, rmnd_qty="000000000000008", trde_able_qty="000000000000005")  # 3 held by the open sell
    check(new, rmnd_qty="000000000000002", trde_able_qty="000000000000002")
    check(old, pur_pric="000000000080000", cur_prc="000000071000", pred_close_pric="000000070500")
    check(old, pur_amt="000000000640000", evlt_amt="000000000568000")
    assert old["evltv_prft"] == "-00000000072000"  # a loss: a real minus, zero-padded to 15
    assert old["prft_rt"] == "-11.25" and new["prft_rt"] == "18.33"
    top = host.query("kt00018", KRX)
    assert top["tot_pur_amt"] == f"{640000 + 120000 + 3 * 40900:015d}"
    assert top["tot_crd_loan_amt"] == f"{(640000 + 120000) * 55 // 100:015d}"  # the loan: 매수금액 less the 45 % 보증금
    nxt = host.rows("kt00018", {"qry_tp": "2", "dmst_stex_tp": "NXT"})
    assert [(r["stk_cd"], r["stk_nm"], r["crd_loan_dt"]) for r in nxt] == [("A000660", "SK하이닉스", "20260105")]
    merged = host.rows("kt00018", {"qry_tp": "1", "dmst_stex_tp": "KRX"})  # 합산: one row per stock and kind
    assert [(r["stk_cd"], r["rmnd_qty"][-2:], r["trde_able_qty"][-2:], r["crd_loan_dt"]) for r in merged] == [
        ("A005930", "10", "07", ""),
        ("A035720", "03", "03", ""),
    ]


@pytest.mark.parametrize(
    ("api_id", "body", "message"),
    [
        ("ka10075", OPEN | {"stex_tp": ""}, "[1511:필수 입력 값에 값이 존재하지 않습니다. 필수입력 파라미터=stex_tp]"),
        ("ka10075", {"all_stk_tp": "0", "trde_tp": "0"}, "필수입력 파라미터=stex_tp]"),
        ("ka10075", OPEN | {"all_stk_tp": "1"}, "필수입력 파라미터=stk_cd]"),
        ("kt00007", TODAY | {"qry_tp": None}, "필수입력 파라미터=qry_tp]"),
        ("kt00007", TODAY | {"dmst_stex_tp": " "}, "필수입력 파라미터=dmst_stex_tp]"),
        ("kt00018", {"dmst_stex_tp": "KRX"}, "필수입력 파라미터=qry_tp]"),
        (
            "kt00018",
            {"qry_tp": "2", "dmst_stex_tp": "SOR"},
            "[1517:입력 값 형식이 올바르지 않습니다. 파라미터=dmst_stex_tp",
        ),
        ("kt00007", TODAY | {"qry_tp": "5"}, "파라미터=qry_tp"),
        ("ka10075", OPEN | {"trde_tp": "3"}, "파라미터=trde_tp"),
    ],
)
def test_bodies_are_checked_like_the_host(host, api_id, body, message):
    answer = host.query(api_id, body)
    assert answer["return_code"] == 2 and message in answer["return_msg"], answer
    assert LISTS[api_id] not in answer


def test_gateway_checks_apply_to_queries(sim, host):
    r = host.post(ACNT, "kt10006", {})  # an order's api-id at the query URI
    assert "[1504:" in r.json()["return_msg"] and "URI=/api/dostk/acnt" in r.json()["return_msg"]
    r = host.post(ORDER, "ka10075", OPEN)
    assert "[1504:" in r.json()["return_msg"]
    assert "[1501:" in host.post(ACNT, "", OPEN).json()["return_msg"]
    host.token = "not-a-token"
    assert host.query("ka10075", OPEN)["return_msg"] == "인증에 실패했습니다[8005:Token이 유효하지 않습니다]"
    h = {"content-type": "application/json;charset=UTF-8", "api-id": "ka10075"}
    answer = requests.post(sim.base_url + ACNT, headers=h, data=json.dumps(OPEN), timeout=5).json()
    assert "[1513:" in answer["return_msg"]
    assert sim.book.orders() == []


def test_pages_follow_cont_yn_and_next_key(sim, host):
    numbers = sim.seed_open_orders(5)
    first = host.post(ACNT, "ka10075", OPEN)
    assert (first.headers["api-id"], first.headers["cont-yn"]) == ("ka10075", "Y")
    key = first.headers["next-key"]
    assert 0 < len(key) <= 50  # the spec's next-key is 50 characters at most
    assert [r["ord_no"] for r in first.json()["oso"]] == numbers[:2]
    second = host.post(ACNT, "ka10075", OPEN, cont_yn="Y", next_key=key)
    assert [r["ord_no"] for r in second.json()["oso"]] == numbers[2:4]
    again = host.post(ACNT, "ka10075", OPEN, cont_yn="Y", next_key=key)  # a page asked twice (after a 429)
    assert again.json() == second.json() and again.headers["next-key"] == second.headers["next-key"]
    last = host.post(ACNT, "ka10075", OPEN, cont_yn="Y", next_key=second.headers["next-key"])
    assert [r["ord_no"] for r in last.json()["oso"]] == numbers[4:]
    assert (last.headers["cont-yn"], last.headers["next-key"]) == ("N", "")
    assert [r["ord_no"] for r in host.rows("ka10075", OPEN)] == numbers


def test_kt00018_repeats_its_totals_on_every_page(sim, host):
    for day in ("20260105", "20260106", "20260107"):
        sim.seed_position("005930", 1, day)
    first = host.post(ACNT, "kt00018", KRX)
    nxt = host.post(ACNT, "kt00018", KRX, cont_yn="Y", next_key=first.headers["next-key"]).json()
    assert len(first.json()["acnt_evlt_remn_indv_tot"]) == 2 and len(nxt["acnt_evlt_remn_indv_tot"]) == 1
    assert nxt["tot_pur_amt"] == first.json()["tot_pur_amt"] == f"{3 * 70500:015d}"


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({"cont_yn": "Y", "next_key": "nonsense-2"}, "알 수 없거나 만료된 연속조회키"),
        ({"cont_yn": "Y", "next_key": ""}, "cont-yn Y와 next-key를 함께"),
        ({"cont_yn": "N", "next_key": "KEY"}, "cont-yn Y와 next-key를 함께"),
        ({"cont_yn": "Y", "next_key": "KEY", "body": OPEN | {"trde_tp": "2"}}, "연속조회키와 다른 조회 조건"),
        ({"cont_yn": "Y", "next_key": "KEY", "api_id": "kt00007"}, "연속조회키와 다른 조회 조건"),
    ],
)
def test_a_next_key_that_is_not_this_querys_next_page_is_refused(sim, host, headers, reason):
    sim.seed_open_orders(3)
    key = host.post(ACNT, "ka10075", OPEN).headers["next-key"]
    headers = dict(headers)
    body = headers.pop("body", TODAY if headers.get("api_id") == "kt00007" else OPEN)
    api_id = headers.pop("api_id", "ka10075")
    headers["next_key"] = headers["next_key"].replace("KEY", key)
    answer = host.query(api_id, body, **headers)
    assert answer["return_code"] == 2 and "[1517:" in answer["return_msg"] and reason in answer["return_msg"], answer
    assert LISTS[api_id] not in answer


def test_an_old_next_key_expires_once_newer_queries_push_it_out(sim, host):
    sim.seed_open_orders(3)
    stale = host.post(ACNT, "ka10075", OPEN).headers["next-key"]
    for _ in range(64):  # resources/simulator.json cursor_limit
        host.post(ACNT, "ka10075", OPEN)
    answer = host.query("ka10075", OPEN, cont_yn="Y", next_key=stale)
    assert "만료된 연속조회키" in answer["return_msg"]


def test_queries_are_rate_limited_per_api_id_like_the_host():
    with KiwoomSimulator(mode="mock") as sim:  # mockapi: 1 a second per api-id, bursts of 2
        host = Host(sim)
        statuses = [host.post(ACNT, "ka10075", OPEN).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        answer = host.post(ACNT, "ka10075", OPEN).json()
        assert answer["return_code"] == 5 and "[1700:" in answer["return_msg"]
        assert "API ID=ka10075" in answer["return_msg"]
        assert host.post(ACNT, "kt00007", TODAY).status_code == 200  # its own bucket


def test_mock_mode_answers_queries_and_still_refuses_credit_orders():
    with KiwoomSimulator(mode="mock", rate_limit_per_second=0) as sim:
        host = Host(sim)
        r = host.post(ORDER, "kt10006", BUY)
        assert "[2000](RC9000:" in r.json()["return_msg"]
        assert host.query("ka00001", {})["acctNo"] == "1234567890"
        sim.seed_position("005930", 2, "20260105")
        assert host.query("ka10075", OPEN) == {"oso": [], "return_code": 0, "return_msg": " 조회가 완료되었습니다."}
        assert host.query("kt00007", TODAY)["acnt_ord_cntr_prps_dtl"] == []
        assert [r["crd_loan_dt"] for r in host.query("kt00018", KRX)["acnt_evlt_remn_indv_tot"]] == ["20260105"]


def test_faults_aim_at_a_query_page_and_orders_keep_theirs(sim, host):
    sim.seed_open_orders(5)
    sim.inject("rate_limit", api_id="ka10075")
    assert host.post(ACNT, "ka10075", OPEN).status_code == 429
    first = host.post(ACNT, "ka10075", OPEN)
    assert first.status_code == 200
    sim.inject("drop", api_id="ka10075", skip=1)  # the next first page passes; the page after it is lost
    assert host.post(ACNT, "ka10075", OPEN).status_code == 200
    with pytest.raises(requests.ConnectionError):
        host.post(ACNT, "ka10075", OPEN, cont_yn="Y", next_key=first.headers["next-key"])
    sim.inject("http500")  # no api-id: the next order, as before; queries pass untouched
    assert host.post(ACNT, "kt00007", TODAY).status_code == 200
    r = host.post(ORDER, "kt10006", BUY)
    assert r.status_code == 500


def test_answer_lost_places_the_order_and_drops_the_connection(sim, host):
    sim.inject("answer_lost")
    with pytest.raises(requests.ConnectionError):
        host.post(ORDER, "kt10006", BUY | {"ord_qty": "7", "ord_uv": "60200"})
    (row,) = host.rows("kt00007", TODAY | {"qry_tp": "2", "stk_cd": "005930"})
    check(row, ord_no="0000001", ord_qty="0000000007", ord_uv="0000060200", io_tp_nm="신용매수")
    assert len(sim.order_requests()) == 1
    with pytest.raises(ValueError):
        sim.inject("no_such_fault")
