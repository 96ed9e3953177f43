"""Attack: an answer that belongs to an earlier order is read as the answer to the next one.

The api-id check (issue 10, item 8) catches a stray answer only when the next order has another api-id.
Two buys in a row share the api-id, and a host that sends an informational 1xx (103 Early Hints) before
its final answer shifts every answer on the kept-alive connection by one. Real loopback HTTP from the
scripted host, the real client, the real keyring API (memory backend).
"""

from __future__ import annotations

import itertools

from hostile_host import TOKEN, HostileHost, order_answer, reply, token_answer
from rule_oracle import VALID

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.auth import CredentialStore, Token
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import build_body

BUY_A = build_body("kt10006", {**VALID["kt10006"], "stk_cd": "005930"})
BUY_B = build_body("kt10006", {**VALID["kt10006"], "stk_cd": "000660"})
EARLY_HINTS = b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
APPKEY, SECRETKEY = "appkey-" + "k" * 30, "secret-" + "s" * 30
# long enough that the client has sent its next order on the same connection before the late bytes come
LATE_S = 1.0


def client_for(host: HostileHost, keys: bool = False) -> KiwoomClient:
    store = CredentialStore()
    store.save_token("mock", Token(TOKEN))
    if keys:
        store.set("mock", "appkey", APPKEY)
        store.set("mock", "secretkey", SECRETKEY)
    return KiwoomClient("mock", base_url=host.url, store=store, orders_per_second=0, timeouts=(1.0, 5.0))


def placed(host: HostileHost, stk_cd: str) -> int:
    return sum(
        1 for r in host.requests if r.path == "/api/dostk/crdordr" and r.json().get("stk_cd") == stk_cd
    )


def test_late_duplicate_of_a_buy_answer_is_not_credited_to_the_next_buy():
    """The host repeats its answer to buy A a second later; buy B, sent meanwhile on the same kept-alive
    connection, reads that copy and is shown 접수 with A's order number — B's own number is lost."""
    numbers = itertools.count(1)

    def script(r):
        n = next(numbers)
        answer = order_answer("kt10006", f"{n:07d}")
        return [answer, LATE_S, answer] if n == 1 else [answer]

    with HostileHost(script) as host, client_for(host) as c:
        first = c.send_order("kt10006", BUY_A)
        second = c.send_order("kt10006", BUY_B)
    assert first.outcome is Outcome.ACCEPTED and first.ord_no == "0000001"
    # B is not order 0000001: crediting it would let "정정/취소에 사용" on B's row cancel A
    assert not (second.outcome is Outcome.ACCEPTED and second.ord_no == first.ord_no), second


def test_an_informational_103_before_the_answer_does_not_lose_the_order_number():
    """RFC 9110 §15.2: a client must read past 1xx answers. The client takes 103 as the final answer: the
    accepted order shows 확인 필요 without its number, and the real answer is left in the stream."""

    def script(r):
        return [EARLY_HINTS, order_answer("kt10006", "0000001")]

    with HostileHost(script) as host, client_for(host) as c:
        result = c.send_order("kt10006", BUY_A)
    assert result.http_status == 200, result
    assert result.outcome is Outcome.ACCEPTED and result.ord_no == "0000001"


def test_after_a_103_the_next_buy_is_not_credited_with_the_previous_number():
    """Buy A gets 103 then (a moment later) its real answer; buy B, sent meanwhile, reads A's answer."""
    numbers = itertools.count(1)

    def script(r):
        n = next(numbers)
        answer = order_answer("kt10006", f"{n:07d}")
        return [EARLY_HINTS, LATE_S, answer] if n == 1 else [answer]

    with HostileHost(script) as host, client_for(host) as c:
        c.send_order("kt10006", BUY_A)
        second = c.send_order("kt10006", BUY_B)
    assert placed(host, "000660") == 1
    assert second.ord_no != "0000001", second  # A's number on B's row: a cancel from it names A


def test_after_a_103_a_shifted_auth_rejection_does_not_double_the_next_order():
    """The shift turns into a doubled order: A's late answer is an auth rejection ([8005]); B reads it as its
    own, the client issues a new token and sends B again — although the host had already taken B."""
    orders = itertools.count(1)
    auth_fail = reply(
        200,
        {"return_code": 3, "return_msg": "인증에 실패했습니다[8005:Token이 유효하지 않습니다]"},
        {"api-id": "kt10006"},
    )

    def script(r):
        if r.path == "/oauth2/token":
            return [token_answer()]
        n = next(orders)
        if n == 1:  # A: 103, then (late) A's rejection and the answer to B, which is on its way meanwhile
            return [EARLY_HINTS, LATE_S, auth_fail + order_answer("kt10006", "0000002")]
        if n == 2:  # B: already answered above
            return []
        return [order_answer("kt10006", f"{n:07d}")]

    with HostileHost(script) as host, client_for(host, keys=True) as c:
        c.send_order("kt10006", BUY_A)
        c.send_order("kt10006", BUY_B)
    assert placed(host, "000660") == 1, [r.path for r in host.requests]  # one click, one order


def test_an_answer_with_two_api_ids_is_not_credited():
    """Two ``api-id`` headers, the first naming another request (kt10000): the check reads only the last one
    and credits the answer. A header repeated is the comma-joined list (RFC 9110 §5.3), which is not kt10006."""
    body = b'{"ord_no":"0000001","return_code":0,"return_msg":"ok"}'
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\napi-id: kt10000\r\napi-id: kt10006\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    with HostileHost(lambda r: [answer]) as host, client_for(host) as c:
        result = c.send_order("kt10006", BUY_A)
    assert result.outcome is Outcome.UNKNOWN and result.ord_no is None, result
