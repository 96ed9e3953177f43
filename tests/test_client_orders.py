"""KiwoomClient against the simulator over real loopback HTTP: request shape and every outcome."""

from __future__ import annotations

import json

import pytest
import requests
from rule_oracle import VALID

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.auth import CredentialStore
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import InvalidOrder, build_body
from kiwoom_gui.simulator import KiwoomSimulator

BUY = build_body("kt10006", VALID["kt10006"])


@pytest.fixture
def client(simulator, demo_keys):
    c = KiwoomClient("mock", base_url=simulator.base_url, orders_per_second=0, timeouts=(1.0, 1.0))
    yield c
    c.close()


def test_request_is_exactly_the_spec(client, simulator):
    result = client.send_order("kt10006", BUY)
    assert result.outcome is Outcome.ACCEPTED, result.message
    (rec,) = simulator.order_requests()
    assert rec.method == "POST" and rec.path == "/api/dostk/crdordr"
    token = client.tokens.current().value
    assert rec.headers["content-type"] == "application/json;charset=UTF-8"
    assert rec.headers["authorization"] == f"Bearer {token}"
    assert rec.headers["api-id"] == "kt10006"
    assert rec.headers["cont-yn"] == "N"
    assert rec.headers["next-key"] == ""
    assert rec.body == json.dumps(BUY, ensure_ascii=False).encode("utf-8")
    assert list(rec.json()) == ["dmst_stex_tp", "stk_cd", "ord_qty", "ord_uv", "trde_tp", "cond_uv"]


def test_accepted_result_fields(client):
    result = client.send_order("kt10006", BUY)
    assert result.http_status == 200
    assert result.return_code == 0
    assert result.ord_no and len(result.ord_no) == 7 and result.ord_no.isdigit()
    assert result.response_headers["api-id"] == "kt10006"
    assert result.response_headers["cont-yn"] == "N"
    assert result.response_body["dmst_stex_tp"] == "KRX"
    assert result.request_headers["authorization"] == "Bearer ****"
    assert result.outcome.label == "접수"
    assert result.elapsed_ms > 0


def test_orders_share_one_kept_alive_connection(client, simulator):
    for _ in range(3):
        assert client.send_order("kt10006", BUY).outcome is Outcome.ACCEPTED
    ports = {r.client_port for r in simulator.order_requests()}
    assert len(ports) == 1


def test_invalid_body_is_refused_before_sending(client, simulator):
    with pytest.raises(InvalidOrder):
        client.send_order("kt10006", {**BUY, "trde_tp": "3"})  # price with a market order
    with pytest.raises(InvalidOrder):
        client.send_order("kt10009", {**VALID["kt10009"], "orig_ord_no": "455"})  # not normalised
    assert simulator.recorded == []


def test_rejected_by_business_rule(client):
    result = client.send_order("kt10009", {**VALID["kt10009"], "orig_ord_no": "7654321"})
    assert result.outcome is Outcome.REJECTED
    assert result.return_code == 20
    assert result.code == "571480"
    assert result.ord_no is None


def test_rate_limited_is_not_resent(client, simulator):
    simulator.inject("rate_limit")
    result = client.send_order("kt10006", BUY)
    assert result.outcome is Outcome.RATE_LIMITED
    assert result.http_status == 429 and result.code == "1700"
    assert len(simulator.order_requests()) == 1
    assert "다시 보내지 않습니다" in result.message
    assert client.send_order("kt10006", BUY).outcome is Outcome.ACCEPTED


def test_host_rate_limit_per_api_id(client, simulator):
    simulator.state.rate_limit_per_second = 2
    outcomes = [client.send_order("kt10006", BUY).outcome for _ in range(3)]
    assert outcomes == [Outcome.ACCEPTED, Outcome.ACCEPTED, Outcome.RATE_LIMITED]


@pytest.mark.parametrize("fault", ["http500", "drop", "garbage", "stall"])
def test_uncertain_answers_are_unknown_and_never_resent(client, simulator, fault):
    simulator.state.stall_s = 3.0
    simulator.inject(fault)  # the host applies the order, then the answer is lost
    result = client.send_order("kt10006", BUY)
    assert result.outcome is Outcome.UNKNOWN, result
    assert result.outcome.label == "확인 필요"
    assert "미체결" in result.message and "자동으로 다시 보내지 않습니다" in result.message
    assert len(simulator.order_requests()) == 1  # exactly one POST reached the host
    assert len(simulator.book.orders()) == 1  # ...and it was placed: a resend would have doubled it


def test_connection_refused_is_not_sent(demo_keys):
    sim = KiwoomSimulator().start()
    url = sim.base_url
    sim.stop()  # nothing listens on that port any more
    with KiwoomClient("mock", base_url=url, orders_per_second=0, timeouts=(1.0, 1.0)) as c:
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.NOT_SENT
    assert result.http_status is None


def test_mock_host_refuses_credit_orders_with_rc9000(demo_keys):
    from kiwoom_gui.simulator import KiwoomSimulator

    with (
        KiwoomSimulator(mode="mock") as sim,
        KiwoomClient("mock", base_url=sim.base_url, orders_per_second=0) as c,
    ):
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.REJECTED
    assert result.code == "RC9000"
    assert "모의투자에서는 이 업무가 제공되지 않습니다" in result.message


def test_buy_modify_cancel_round_trip(client, simulator):
    buy = client.send_order("kt10006", build_body("kt10006", {**VALID["kt10006"], "ord_qty": "10"}))
    assert buy.outcome is Outcome.ACCEPTED
    modify = client.send_order(
        "kt10008",
        build_body("kt10008", {**VALID["kt10008"], "orig_ord_no": buy.ord_no.lstrip("0"), "mdfy_qty": "4"}),
    )
    assert modify.outcome is Outcome.ACCEPTED, modify.message
    assert modify.response_body["base_orig_ord_no"] == buy.ord_no
    assert modify.response_body["mdfy_qty"] == "000000000004"
    assert modify.response_body["dmst_stex_tp"] == "KRX"
    assert modify.ord_no != buy.ord_no
    cancel = client.send_order(
        "kt10009", build_body("kt10009", {**VALID["kt10009"], "orig_ord_no": buy.ord_no, "cncl_qty": "0"})
    )
    assert cancel.outcome is Outcome.ACCEPTED, cancel.message
    assert cancel.response_body["cncl_qty"] == "000000000006"  # 0 = all that remained
    assert "dmst_stex_tp" not in cancel.response_body
    again = client.send_order("kt10009", build_body("kt10009", {**VALID["kt10009"], "orig_ord_no": buy.ord_no}))
    assert again.outcome is Outcome.REJECTED and again.code == "506550"
    # the modified part is its own order and can be cancelled in full
    rest = client.send_order(
        "kt10009", build_body("kt10009", {**VALID["kt10009"], "orig_ord_no": modify.ord_no, "cncl_qty": "0"})
    )
    assert rest.response_body["cncl_qty"] == "000000000004"


def test_modify_and_cancel_rules_of_the_book(client):
    buy = client.send_order("kt10006", build_body("kt10006", {**VALID["kt10006"], "ord_qty": "5"}))
    base = {**VALID["kt10009"], "orig_ord_no": buy.ord_no}
    too_many = client.send_order("kt10009", build_body("kt10009", {**base, "cncl_qty": "6"}))
    assert (too_many.outcome, too_many.code) == (Outcome.REJECTED, "571441")
    sor = client.send_order("kt10009", build_body("kt10009", {**base, "dmst_stex_tp": "SOR"}))
    assert (sor.outcome, sor.code) == (Outcome.REJECTED, "571412")
    assert "같은 거래소구분" in sor.message
    nxt = client.send_order("kt10009", build_body("kt10009", {**base, "dmst_stex_tp": "NXT"}))
    assert (nxt.outcome, nxt.code) == (Outcome.REJECTED, "571413")
    full = client.send_order(
        "kt10008", build_body("kt10008", {**VALID["kt10008"], "orig_ord_no": buy.ord_no, "mdfy_qty": "0"})
    )
    assert full.outcome is Outcome.ACCEPTED
    modified = client.send_order("kt10008", build_body("kt10008", {**VALID["kt10008"], "orig_ord_no": buy.ord_no}))
    assert (modified.outcome, modified.code) == (Outcome.REJECTED, "571437")


def test_host_checks_headers_and_required_fields(simulator):
    token = simulator.issue_token_for_tests()
    url = simulator.base_url + "/api/dostk/crdordr"
    auth = {"authorization": f"Bearer {token}", "Content-Type": "application/json;charset=UTF-8"}
    with requests.Session() as s:
        s.trust_env = False
        missing_id = s.post(url, headers=auth, data=b"{}", timeout=5).json()
        assert missing_id["return_code"] == 2 and "[1501:" in missing_id["return_msg"]
        wrong_id = s.post(url, headers={**auth, "api-id": "ka10001"}, data=b"{}", timeout=5).json()
        assert "[1504:" in wrong_id["return_msg"]
        body = {k: v for k, v in VALID["kt10009"].items() if k != "cncl_qty"}
        missing = s.post(url, headers={**auth, "api-id": "kt10009"}, data=json.dumps(body), timeout=5).json()
        assert missing["return_code"] == 2 and "필수입력 파라미터=cncl_qty" in missing["return_msg"]
        bad = s.post(
            url,
            headers={**auth, "api-id": "kt10009", "authorization": "Bearer nope"},
            data=json.dumps(VALID["kt10009"]),
            timeout=5,
        ).json()
        assert bad["return_code"] == 3 and "[8005:" in bad["return_msg"]


def test_throttle_spaces_orders(simulator, demo_keys):
    import time

    with KiwoomClient("mock", base_url=simulator.base_url, orders_per_second=10) as c:
        c.tokens.token()
        started = time.monotonic()
        for _ in range(4):
            c.send_order("kt10006", BUY)
        took = time.monotonic() - started
    assert took >= 0.3 - 0.02  # 4 orders at 10/s need at least 3 intervals


def test_default_throttle_per_environment():
    assert KiwoomClient("mock").throttle.interval == pytest.approx(1.0)
    assert KiwoomClient("real").throttle.interval == pytest.approx(0.2)


def test_store_is_used_for_session_only_credentials(simulator):
    store = CredentialStore(session_only=True)
    from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY

    store.set("mock", "appkey", DEMO_APPKEY)
    store.set("mock", "secretkey", DEMO_SECRETKEY)
    with KiwoomClient("mock", base_url=simulator.base_url, store=store, orders_per_second=0) as c:
        assert c.send_order("kt10006", BUY).outcome is Outcome.ACCEPTED


def test_the_simulator_keeps_only_the_newest_requests(demo_keys):
    with KiwoomSimulator(record_limit=3) as sim, KiwoomClient("mock", base_url=sim.base_url, orders_per_second=0) as c:
        ord_nos = [c.send_order("kt10006", BUY).ord_no for _ in range(4)]  # plus one token request
        kept = sim.recorded
    assert len(kept) == 3 and [r.path for r in kept] == ["/api/dostk/crdordr"] * 3
    assert ord_nos == ["0000001", "0000002", "0000003", "0000004"]  # the book is not trimmed, only the record
