"""An order answer without an ``api-id`` header, or with another one (issue 17, item 10).

Decided (kiwoom_gui/host/client.py ``_judge``): the answer read on our connection right after our POST is that
POST's answer, so a *missing* api-id leaves the verdict to the body — said in the message, never hidden. A
*different* api-id is positive evidence the answer may belong to another request (a duplicated answer still in
the stream): it is shown, the number it carries is shown as a candidate only, and the order is 확인 필요 (the
search of today's orders settles it) — crediting a stray acceptance or rejection to this order could make the
user send it twice. Real loopback HTTP from a scripted host, the real client, the real keyring API (memory).
"""

from __future__ import annotations

from hostile_host import TOKEN, HostileHost, reply
from rule_oracle import VALID

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.auth import CredentialStore, Token
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import build_body

BUY = build_body("kt10006", {**VALID["kt10006"], "stk_cd": "005930"})
ACCEPTED = {"ord_no": "0000007", "return_code": 0, "return_msg": "매수주문이 완료되었습니다"}
REJECTED = {"return_code": 20, "return_msg": "[2000](800033:주문가능금액을 확인하세요)"}


def send_with(body: object, headers: dict[str, str]):
    store = CredentialStore()
    store.save_token("mock", Token(TOKEN))
    with HostileHost(lambda r: [reply(200, body, headers)]) as host, KiwoomClient(
        "mock", base_url=host.url, store=store, orders_per_second=0, timeouts=(1.0, 2.0)
    ) as c:
        return c.send_order("kt10006", BUY)


def test_missing_api_id_the_body_decides_an_acceptance_and_the_message_says_the_header_was_missing():
    result = send_with(ACCEPTED, {})
    assert (result.outcome, result.ord_no) == (Outcome.ACCEPTED, "0000007")
    assert "api-id" in result.message and "없" in result.message, result.message


def test_missing_api_id_the_body_decides_a_rejection():
    result = send_with(REJECTED, {})
    assert result.outcome is Outcome.REJECTED and result.ord_no is None
    assert "api-id" in result.message, result.message


def test_missing_api_id_and_an_unusable_body_is_unknown():
    result = send_with(b"<html>gateway</html>", {})
    assert result.outcome is Outcome.UNKNOWN and result.ord_no is None


def test_another_api_id_is_shown_with_the_number_as_a_candidate_and_the_order_is_to_be_checked():
    result = send_with(ACCEPTED, {"api-id": "kt10007"})
    assert result.outcome is Outcome.UNKNOWN and result.ord_no is None  # not credited on a field that disagrees
    assert "kt10007" in result.message  # what the host said is shown
    assert "0000007" in result.message  # and the number it carried, as a candidate to look for
    assert result.response_headers["api-id"] == "kt10007"


def test_another_api_id_on_a_rejection_is_never_taken_as_this_order_refused():
    """A stray rejection credited here would tell the user the order was not placed: they would send it again."""
    result = send_with(REJECTED, {"api-id": "kt10009"})
    assert result.outcome is Outcome.UNKNOWN
