"""KiwoomClient.query_page against a scripted loopback host (issue 11): the spec's headers with cont-yn /
next-key while paging, pacing per api-id, 429 / [1700] tried again (bounded) with the same page, one token
re-issue, secrets scrubbed, a larger answer cap — and every other failure a failed page, never half a list."""

from __future__ import annotations

import json
import time

import pytest
from hostile_host import CLOSE, TOKEN, HostileHost, Request, reply, token_answer

from kiwoom_gui.account.pacing import QueryPacer
from kiwoom_gui.account.rows import parse_rows
from kiwoom_gui.host.auth import CredentialStore, Token
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.host.query_pages import QueryPage

APPKEY, SECRETKEY = "appkey-" + "k" * 30, "secret-" + "s" * 30
OPEN = {"all_stk_tp": "0", "trde_tp": "0", "stk_cd": "", "stex_tp": "0"}
POSITIONS = {"qry_tp": "2", "dmst_stex_tp": "KRX"}
RATE_LIMITED = {
    "return_code": 5,
    "return_msg": "허용된 요청 개수를 초과하였습니다[1700:허용된 API 요청 개수를 초과하였습니다]",
}


def client_for(host: HostileHost, *, keys: bool = False, per_second: float = 0, **kw) -> KiwoomClient:
    store = CredentialStore()
    if keys:
        store.set("mock", "appkey", APPKEY)
        store.set("mock", "secretkey", SECRETKEY)
    store.save_token("mock", Token(TOKEN))
    return KiwoomClient("mock", base_url=host.url, store=store, queries_per_second=per_second, **kw)


def oso(n: int) -> dict:
    return {"ord_no": f"{n:07d}", "stk_cd": "005930", "io_tp_nm": "+매수신용", "oso_qty": "1", "stex_tp": "1"}


def page(api_id: str, body: dict, cont: str = "N", next_key: str = "", status: int = 200) -> bytes:
    return reply(
        status,
        {**body, "return_code": body.get("return_code", 0), "return_msg": body.get("return_msg", "조회완료")},
        {"api-id": api_id, "cont-yn": cont, "next-key": next_key},
    )


def queries(host: HostileHost) -> list[Request]:
    return [r for r in host.requests if r.path == "/api/dostk/acnt"]


def test_one_page_goes_to_the_account_endpoint_with_the_spec_headers():
    with HostileHost(lambda r: [page("ka10075", {"oso": [oso(1)]})]) as host, client_for(host) as c:
        result = c.query_page("ka10075", OPEN)
    (sent,) = host.requests
    assert (sent.method, sent.path) == ("POST", "/api/dostk/acnt")
    assert sent.headers["api-id"] == "ka10075" and sent.headers["authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["content-type"] == "application/json;charset=UTF-8"
    assert (sent.headers["cont-yn"], sent.headers["next-key"]) == ("N", "")
    assert sent.json() == OPEN
    assert result.ok and not result.cont and result.next_key == "" and result.http_status == 200
    assert [r.ord_no for r in parse_rows("ka10075", result.rows_body)] == ["0000001"]
    assert TOKEN not in repr(result) and result.request_headers["authorization"] == "Bearer ****"
    assert dict(result.request_body) == OPEN


def test_pages_follow_cont_yn_and_next_key_with_the_same_body():
    pages = {
        "": ("Y", "key-2", [oso(1), oso(2)]),
        "key-2": ("Y", "key-3", [oso(3), oso(4)]),
        "key-3": ("N", "", [oso(5)]),
    }

    def script(r):
        cont, next_key, rows = pages[r.headers.get("next-key", "")]
        return [page("ka10075", {"oso": rows}, cont, next_key)]

    rows, key = [], ""
    with HostileHost(script) as host, client_for(host) as c:
        while True:
            result = c.query_page("ka10075", OPEN, key)
            assert result.ok
            rows += parse_rows("ka10075", result.rows_body)
            if not result.cont:
                break
            key = result.next_key
    assert [r.ord_no for r in rows] == [f"{n:07d}" for n in range(1, 6)]
    sent = queries(host)
    assert [(r.headers["cont-yn"], r.headers["next-key"]) for r in sent] == [("N", ""), ("Y", "key-2"), ("Y", "key-3")]
    assert all(r.json() == OPEN for r in sent)
    assert result.request_headers["next-key"] == "key-3" and result.request_headers["cont-yn"] == "Y"


def test_pacing_is_per_api_id():
    """A second page of one api-id waits for its slot; another api-id in between does not wait (fake clock:
    the pacer's sleeps are recorded, the HTTP is real)."""
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    def script(r):
        api_id = r.headers["api-id"]
        return [page(api_id, {"oso": []} if api_id == "ka10075" else {"acnt_evlt_remn_indv_tot": []}, "Y", "k")]

    with HostileHost(script) as host, client_for(host) as c:
        c.query_pacer = QueryPacer(2, clock=lambda: now[0], sleep=sleep)
        c.query_page("ka10075", OPEN)
        assert c.query_delay("ka10075") == pytest.approx(0.5) and c.query_delay("kt00018") == 0
        c.query_page("kt00018", POSITIONS)
        assert slept == []  # the other api-id was not held back
        c.query_page("ka10075", OPEN, "k")
        assert slept == [pytest.approx(0.5)]
    assert [r.headers["api-id"] for r in host.requests] == ["ka10075", "kt00018", "ka10075"]


def test_two_pages_of_one_api_id_reach_the_host_at_least_one_interval_apart():
    arrivals: list[tuple[str, float]] = []

    def script(r):
        arrivals.append((r.headers["api-id"], time.monotonic()))
        api_id = r.headers["api-id"]
        return [page(api_id, {"oso": []} if api_id == "ka10075" else {"acnt_evlt_remn_indv_tot": []}, "Y", "k")]

    with HostileHost(script) as host, client_for(host, per_second=1) as c:  # the mock limit
        c.query_page("ka10075", OPEN)
        held = c.query_delay("ka10075")
        free = c.query_delay("kt00018")
        c.query_page("kt00018", POSITIONS)
        c.query_page("ka10075", OPEN, "k")
    assert held > 0 and free == 0
    (_, first), (_, other), (_, second) = arrivals
    assert second - first >= 0.9  # a lower bound: sleeping cannot make it shorter


@pytest.mark.parametrize(
    "limited",
    [
        reply(429, RATE_LIMITED, {"api-id": "ka10075"}),
        reply(200, RATE_LIMITED, {"api-id": "ka10075"}),
        reply(429, b"Too Many Requests", {"api-id": "ka10075"}),
    ],
)
def test_a_rate_limited_page_is_tried_again_the_same(limited):
    answers = iter([limited, page("ka10075", {"oso": [oso(3)]})])
    with HostileHost(lambda r: [next(answers)]) as host, client_for(host) as c:
        c.query_pacer = QueryPacer(0, sleep=lambda s: None)
        result = c.query_page("ka10075", OPEN, "key-2")
    sent = queries(host)
    assert len(sent) == 2 and result.ok and result.attempts == 2
    assert all((r.headers["cont-yn"], r.headers["next-key"], r.json()) == ("Y", "key-2", OPEN) for r in sent)


def test_rate_limit_retries_are_bounded_and_wait_longer_each_time():
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    with HostileHost(lambda r: [reply(429, RATE_LIMITED, {"api-id": "ka10075"})]) as host, client_for(host) as c:
        c.query_pacer = QueryPacer(1, clock=lambda: now[0], sleep=sleep)
        result = c.query_page("ka10075", OPEN)
    assert len(queries(host)) == 3
    assert not result.ok and result.rows_body is None and not result.cont
    assert "3번" in result.message and result.http_status == 429
    assert slept == [pytest.approx(1.0), pytest.approx(2.0)]  # one interval, then two


def test_a_batch_too_big_is_not_a_rate_limit_and_is_not_repeated():
    body = {"return_code": 5, "return_msg": "허용된 요청 개수를 초과하였습니다[1634:요청 건수 제한]"}
    with HostileHost(lambda r: [reply(200, body, {"api-id": "ka10075"})]) as host, client_for(host) as c:
        result = c.query_page("ka10075", OPEN)
    assert len(queries(host)) == 1 and not result.ok and "1634" in result.message


def test_an_auth_failure_reissues_the_token_once():
    answers = iter(
        [
            reply(
                200,
                {"return_code": 3, "return_msg": "인증에 실패했습니다[8005:Token이 유효하지 않습니다]"},
                {"api-id": "ka10075"},
            ),
            page("ka10075", {"oso": [oso(1)]}),
        ]
    )

    def script(r):
        return [token_answer()] if r.path == "/oauth2/token" else [next(answers)]

    with HostileHost(script) as host, client_for(host, keys=True) as c:
        result = c.query_page("ka10075", OPEN)
    assert result.ok
    assert host.paths() == ["/api/dostk/acnt", "/oauth2/token", "/api/dostk/acnt"]


def test_a_second_auth_failure_is_reported_not_repeated():
    refused = reply(
        200,
        {"return_code": 3, "return_msg": "인증에 실패했습니다[8005:Token이 유효하지 않습니다]"},
        {"api-id": "ka10075"},
    )

    def script(r):
        return [token_answer()] if r.path == "/oauth2/token" else [refused]

    with HostileHost(script) as host, client_for(host, keys=True) as c:
        result = c.query_page("ka10075", OPEN)
    assert host.paths() == ["/api/dostk/acnt", "/oauth2/token", "/api/dostk/acnt"]
    assert not result.ok and "인증" in result.message


def test_an_unregistered_ip_is_not_fixed_by_a_new_token():
    body = {"return_code": 3, "return_msg": "지정단말기 인증에 실패했습니다[8050:지정단말기 인증 실패]"}
    with HostileHost(lambda r: [reply(200, body, {"api-id": "ka10075"})]) as host, client_for(host, keys=True) as c:
        result = c.query_page("ka10075", OPEN)
    assert host.paths() == ["/api/dostk/acnt"] and not result.ok


def test_secrets_are_scrubbed_from_the_page():
    body = {"oso": [{**oso(1), "stk_nm": f"이름 {TOKEN}"}], "return_msg": f"echo {APPKEY}"}
    with HostileHost(lambda r: [page("ka10075", body, "Y", "k")]) as host, client_for(host, keys=True) as c:
        result = c.query_page("ka10075", OPEN)
        refused = HostileHost(
            lambda r: [reply(200, {"return_code": 1, "return_msg": f"bad {SECRETKEY}"}, {"api-id": "ka10075"})]
        )
        with refused as other:
            c2 = client_for(other, keys=True)
            failed = c2.query_page("ka10075", OPEN)
            c2.close()
    text = repr(result) + json.dumps(dict(result.rows_body), ensure_ascii=False) + repr(failed) + failed.message
    for secret in (TOKEN, APPKEY, SECRETKEY):
        assert secret not in text
    assert result.ok and "****" in parse_rows("ka10075", result.rows_body)[0].text("stk_nm")


def test_queries_take_a_larger_answer_than_orders_but_not_any():
    big = [oso(n) for n in range(6000)]  # ~600 KB: ten times an order answer's cap
    huge = {"oso": [{**oso(1), "stk_nm": "x" * 3_000_000}]}
    answers = iter([page("ka10075", {"oso": big}), page("ka10075", huge), page("ka10075", {"oso": [oso(9)]})])
    with HostileHost(lambda r: [next(answers)]) as host, client_for(host) as c:
        assert len(parse_rows("ka10075", c.query_page("ka10075", OPEN).rows_body)) == 6000
        too_big = c.query_page("ka10075", OPEN)
        after = c.query_page("ka10075", OPEN)  # the cut answer's connection is not reused
    assert not too_big.ok and "너무 큽니다" in too_big.message and too_big.rows_body is None
    assert after.ok and parse_rows("ka10075", after.rows_body)[0].ord_no == "0000009"
    with HostileHost(lambda r: [page("ka10075", {"oso": big})]) as host, client_for(host) as c:
        assert not c.query_page("ka10075", OPEN, max_body=64 * 1024).ok  # the cap is per call


@pytest.mark.parametrize(
    ("cont", "next_key"),
    [("Y", ""), ("X", "k"), ("y", "k"), ("Y", "k" * 1000), ("Y", "k\x7fk")],
)
def test_a_page_that_cannot_be_followed_is_a_failure_not_the_whole_list(cont, next_key):
    answer = page("ka10075", {"oso": [oso(1)]}, cont, next_key)
    with HostileHost(lambda r: [answer]) as host, client_for(host) as c:
        result = c.query_page("ka10075", OPEN)
    assert not result.ok and not result.cont and result.next_key == ""
    assert "연속조회" in result.message and len(result.message) < 300


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        ([reply(500, b"oops", {"api-id": "ka10075"})], "HTTP 500"),
        ([reply(200, b"<html>", {"api-id": "ka10075"})], "JSON"),
        (
            [reply(200, {"return_code": 1, "return_msg": "조회할 자료가 없습니다"}, {"api-id": "ka10075"})],
            "조회할 자료가",
        ),
        ([reply(200, {"oso": [], "return_code": 0}, {"api-id": "kt00018"})], "kt00018"),
        ([reply(302, b"", {"Location": "https://example.invalid/", "api-id": "ka10075"})], "따라가지 않았습니다"),
        ([CLOSE], "받지 못했습니다"),
        ([reply(200, b"[" * 100_000 + b"]" * 100_000, {"api-id": "ka10075"})], "읽을 수 없습니다"),
        ([reply(200, b'{"oso": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", {"api-id": "ka10075"})], "읽을 수 없습니다"),
    ],
)
def test_any_other_failure_is_a_failed_page_with_the_reason(steps, words):
    with HostileHost(lambda r: steps) as host, client_for(host) as c:
        result = c.query_page("ka10075", OPEN)
    assert isinstance(result, QueryPage) and not result.ok
    assert result.rows_body is None and not result.cont
    assert words in result.message
    assert len(queries(host)) == 1  # not repeated: only a rate limit is


@pytest.mark.parametrize(
    "body",
    [{}, {**OPEN, "extra": "1"}, {k: v for k, v in OPEN.items() if k != "stk_cd"}, {**OPEN, "trde_tp": 0}],
)
def test_a_body_that_is_not_the_specs_is_not_sent(body):
    with HostileHost(lambda r: [page("ka10075", {"oso": []})]) as host, client_for(host) as c:
        result = c.query_page("ka10075", body)
    assert host.requests == [] and not result.ok and "명세" in result.message


def test_the_account_number_query_has_an_empty_body():
    with HostileHost(lambda r: [page("ka00001", {"acctNo": "1234567890"})]) as host, client_for(host) as c:
        result = c.query_page("ka00001", {})
    assert result.ok and host.requests[0].json() == {} and result.rows_body["acctNo"] == "1234567890"


def test_nothing_leaves_while_the_program_closes():
    with HostileHost(lambda r: [page("ka10075", {"oso": []})]) as host, client_for(host, should_stop=lambda: True) as c:
        result = c.query_page("ka10075", OPEN)
    assert host.requests == [] and not result.ok and "닫는 중" in result.message


def test_queries_do_not_use_the_order_throttle():
    with HostileHost(lambda r: [page("ka10075", {"oso": []})]) as host:
        c = KiwoomClient("mock", base_url=host.url, store=CredentialStore())
        c.tokens.store.save_token("mock", Token(TOKEN))
        assert c.query_pacer.interval == 1.0 and c.throttle.interval == 1.0  # mock: 1/s each, apart
        c.query_page("ka10075", OPEN)
        assert c.throttle.wait() == 0.0  # the order's slot is still free
        c.close()


def test_a_worker_can_take_the_rate_limit_itself_instead_of_sleeping():
    """tries=1: one request, the page says rate_limited, and query_delay says when to ask again — the
    worker schedules that instead of sleeping while an order may be waiting."""
    now, slept = [0.0], []
    with HostileHost(lambda r: [reply(429, RATE_LIMITED, {"api-id": "ka10075"})]) as host, client_for(host) as c:
        c.query_pacer = QueryPacer(1, clock=lambda: now[0], sleep=slept.append)
        result = c.query_page("ka10075", OPEN, "key-2", tries=1)
        assert c.query_delay("ka10075") == pytest.approx(1.0) and c.query_delay("kt00018") == 0
    assert len(queries(host)) == 1 and slept == []
    assert not result.ok and result.rate_limited and not result.cont


def test_other_failures_are_not_rate_limits():
    with HostileHost(lambda r: [reply(500, b"x", {"api-id": "ka10075"})]) as host, client_for(host) as c:
        assert c.query_page("ka10075", OPEN, tries=1).rate_limited is False
