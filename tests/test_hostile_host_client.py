"""The client against a host that misbehaves on purpose (issue 10: items 2, 4, 5, 7, 8, 10 and the scrubbing
items): real loopback HTTP from a scripted recording server, the real keyring API with the memory backend."""

from __future__ import annotations

import json

import pytest
from hostile_host import CLOSE, TOKEN, HostileHost, order_answer, reply, token_answer
from rule_oracle import VALID

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.auth import AuthError, CredentialStore, Token
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import build_body

BUY = build_body("kt10006", VALID["kt10006"])
CANCEL = build_body("kt10009", VALID["kt10009"])
APPKEY, SECRETKEY = "appkey-" + "k" * 30, "secret-" + "s" * 30


def client_for(host: HostileHost, *, token: bool = True, keys: bool = False, timeouts=(1.0, 1.0)) -> KiwoomClient:
    store = CredentialStore()
    if keys:
        store.set("mock", "appkey", APPKEY)
        store.set("mock", "secretkey", SECRETKEY)
    if token:
        store.save_token("mock", Token(TOKEN))
    return KiwoomClient("mock", base_url=host.url, store=store, orders_per_second=0, timeouts=timeouts)


def orders(host: HostileHost) -> list:
    return [r for r in host.requests if r.path == "/api/dostk/crdordr"]


# --- 2: an order number is exactly 7 digits, or it is not one ----------------------------------------------
def test_untrimmed_order_number_is_trimmed_to_its_seven_digits():
    with HostileHost(lambda r: [order_answer("kt10006", " 0000455")]) as host, client_for(host) as c:
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.ACCEPTED and result.ord_no == "0000455"


@pytest.mark.parametrize("raw", [" 000045", "00004551", 455, "0000455x", "٠٠٠٠٤٥٥"])
def test_anything_but_seven_digits_is_unknown_never_an_order_number(raw):
    with HostileHost(lambda r: [order_answer("kt10006", raw)]) as host, client_for(host) as c:
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.UNKNOWN
    assert result.ord_no is None  # nothing a form could copy
    assert repr(raw) in result.message  # the raw value is shown


# --- 7: an answer that names an order is never resent --------------------------------------------------------
@pytest.mark.parametrize(
    "answer",
    [
        order_answer("kt10006", "0000001", 3, return_msg="인증에 실패했습니다[8005:Token이 유효하지 않습니다]"),
        order_answer("kt10006", "0000001", 0, return_msg="완료[8005:Token이 유효하지 않습니다]"),
        reply(200, {"return_code": 0, "return_msg": "완료[8005:Token]"}, {"api-id": "kt10006"}),
    ],
)
def test_answer_carrying_success_or_an_order_number_is_never_resent(answer):
    def script(r):
        return [token_answer()] if r.path == "/oauth2/token" else [answer]

    with HostileHost(script) as host, client_for(host, keys=True) as c:
        result = c.send_order("kt10006", BUY)
    assert len(orders(host)) == 1
    assert "/oauth2/token" not in host.paths()
    assert result.outcome in (Outcome.ACCEPTED, Outcome.UNKNOWN)


def test_clean_auth_rejection_is_resent_once_with_a_new_token():
    answers = iter([
        reply(200, {"return_code": 3, "return_msg": "인증에 실패했습니다[8005:Token이 유효하지 않습니다]"},
              {"api-id": "kt10006"}),
        order_answer("kt10006", "0000002"),
    ])

    def script(r):
        return [token_answer()] if r.path == "/oauth2/token" else [next(answers)]

    with HostileHost(script) as host, client_for(host, keys=True) as c:
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.ACCEPTED and result.ord_no == "0000002"
    assert len(orders(host)) == 2


# --- 8: a stray answer is not credited to the next order ----------------------------------------------------
def test_answer_for_another_api_id_is_unknown_and_not_credited():
    buy_answer = order_answer("kt10006", "0000001")

    def script(r):
        return [buy_answer]  # the buy's answer again, to the cancel

    with HostileHost(script) as host, client_for(host) as c:
        first = c.send_order("kt10006", BUY)
        second = c.send_order("kt10009", CANCEL)
    assert first.outcome is Outcome.ACCEPTED
    assert second.outcome is Outcome.UNKNOWN and second.ord_no is None
    assert "kt10006" in second.message and "kt10009" in second.message


# --- 4: nothing follows a redirect ----------------------------------------------------------------------------
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_token_request_does_not_follow_a_redirect(status):
    with HostileHost(lambda r: [token_answer()]) as elsewhere:
        location = {"Location": elsewhere.url + "/oauth2/token"}
        redirecting = HostileHost(lambda r: [reply(status, b"", location)])
        with redirecting as host, client_for(host, token=False, keys=True) as c:
            with pytest.raises(AuthError) as caught:
                c.tokens.issue()
            result = c.send_order("kt10006", BUY)
        assert elsewhere.requests == []  # the keys went nowhere else
    assert f"HTTP {status}" in str(caught.value) and "따라가지 않았습니다" in str(caught.value)
    assert result.outcome is Outcome.AUTH_FAILED and "전송되지 않았습니다" in result.message
    assert orders(host) == []


def test_revoke_does_not_follow_a_redirect():
    with HostileHost(lambda r: [token_answer()]) as elsewhere:
        location = {"Location": elsewhere.url + "/oauth2/revoke"}
        with HostileHost(lambda r: [reply(307, b"", location)]) as host, client_for(host, keys=True) as c:
            revoked = c.tokens.revoke()
        assert elsewhere.requests == []
    assert not revoked.confirmed and "따라가지 않았습니다" in revoked.message


def test_order_is_not_followed_to_a_redirect_and_is_unknown():
    with HostileHost(lambda r: [order_answer("kt10006")]) as elsewhere:
        location = {"Location": elsewhere.url + "/api/dostk/crdordr", "api-id": "kt10006"}
        with HostileHost(lambda r: [reply(307, b"", location)]) as host, client_for(host) as c:
            result = c.send_order("kt10006", BUY)
        assert elsewhere.requests == []
    assert result.outcome is Outcome.UNKNOWN and "HTTP 307" in result.message


# --- 5: a total deadline, whatever the host drips -------------------------------------------------------------
def test_a_dripping_host_meets_the_total_deadline():
    answer = order_answer("kt10006")

    def drip(r):
        return [b for i in range(len(answer)) for b in (answer[i : i + 1], 0.3)]  # one byte each 0.3 s

    with HostileHost(drip) as host, client_for(host, timeouts=(1.0, 1.0)) as c:
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.UNKNOWN
    assert "제한시간(2초)" in result.message
    assert len(orders(host)) == 1


# --- 10: answers have a size limit ----------------------------------------------------------------------------
def test_a_huge_answer_is_not_read_and_is_unknown():
    huge = reply(200, {"ord_no": "0000001", "return_code": 0, "return_msg": "x" * 1_000_000}, {"api-id": "kt10006"})
    with HostileHost(lambda r: [huge]) as host, client_for(host) as c:
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.UNKNOWN and "너무 큽니다" in result.message
    assert result.response_body is None and not result.response_text


def test_after_a_huge_answer_the_next_order_gets_its_own_answer():
    answers = iter([reply(200, b"x" * 200_000, {"api-id": "kt10006"}), order_answer("kt10006", "0000002")])
    with HostileHost(lambda r: [next(answers)]) as host, client_for(host) as c:
        assert c.send_order("kt10006", BUY).outcome is Outcome.UNKNOWN
        assert c.send_order("kt10006", BUY).ord_no == "0000002"


# --- low: secrets are scrubbed from every header and before anything is cut ------------------------------------
def test_next_key_echoing_the_token_is_scrubbed():
    answer = reply(200, {"ord_no": "0000001", "return_code": 0, "return_msg": "ok"},
                   {"api-id": "kt10006", "next-key": f"k-{TOKEN}", "cont-yn": "N"})
    with HostileHost(lambda r: [answer]) as host, client_for(host) as c:
        result = c.send_order("kt10006", BUY)
    assert TOKEN not in json.dumps(dict(result.response_headers))
    assert result.response_headers["next-key"] == "k-****"


def test_error_body_is_scrubbed_before_it_is_cut():
    body = b"e" * 1995 + TOKEN.encode()  # the cut at 2,000 characters falls inside the token
    with HostileHost(lambda r: [reply(500, body, {"api-id": "kt10006"})]) as host, client_for(host) as c:
        result = c.send_order("kt10006", BUY)
    assert TOKEN[:5] not in result.response_text
    assert result.outcome is Outcome.UNKNOWN


def test_dropped_connection_after_the_request_is_unknown():
    with HostileHost(lambda r: [CLOSE]) as host, client_for(host) as c:
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.UNKNOWN and len(orders(host)) == 1
