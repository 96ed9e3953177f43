"""Hostile review 5 (issue 17, "the account (ka00001) is known and matches"): a token pasted in 자격증명 may trade
another account — and the window keeps the first token's account number for good.

ka00001 is asked only while the number is unknown, and nothing forgets it but an environment switch. After the
user pastes a token of account B (same environment), every order and query goes to B, yet the top line still
says account A (…7890), and the live gate keeps admitting events that name A (and drops B's own, so B's 접수
never reaches an order of unknown outcome). F5 does not ask ka00001 again either.

Real window, the real credentials dialog, a scripted host on 127.0.0.1 whose ka00001 names the account of the
token it is asked with.
"""

from __future__ import annotations

from hostile_host import HostileHost, reply, token_answer
from test_gui_account_hostile import empty

OTHER = "pasted-token-of-account-b-0123456789"


def host_script(r):
    if r.headers.get("api-id") == "ka00001":
        account = "9876543210" if OTHER in r.headers.get("authorization", "") else "1234567890"
        return [reply(200, {"acctNo": account, "return_code": 0, "return_msg": ""}, {"api-id": "ka00001"})]
    if r.path == "/oauth2/token":
        return [token_answer()]
    return empty(r)


def test_a_pasted_token_of_another_account_is_not_shown_as_the_first_account(qtbot, window_with, demo_keys):
    with HostileHost(host_script) as host:
        w = window_with("--env", "mock", "--base-url", host.url, orders_per_second=0, timeouts=(1.0, 3.0))
        qtbot.waitUntil(lambda: w.account_number == "1234567890", timeout=8000)
        dialog = w.open_credentials()
        dialog.token.setText(OTHER)
        dialog.buttons["paste_token"].click()
        qtbot.waitUntil(lambda: "토큰을 저장했습니다" in dialog.status.text(), timeout=5000)
        dialog.close()
        before = len(host.requests)
        w.refresh_account()  # F5
        qtbot.waitUntil(
            lambda: any(OTHER in r.headers.get("authorization", "") for r in host.requests[before:]), timeout=5000
        )
        qtbot.wait(1000)
        assert w.account_number != "1234567890", (
            "the window still names account …7890 while its token trades another account"
        )
