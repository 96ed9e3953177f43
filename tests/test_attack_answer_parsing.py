"""Attack: answers whose parsing raises something other than ValueError.

``int()`` of more than 4,300 digits raises (Python ≥ 3.11) and ``json.loads`` of deep nesting raises
RecursionError. The client catches only ValueError, so the answer — with the order number the host gave —
is thrown away and the worker's catch-all records a bare 확인 필요 "(ValueError)". Real loopback HTTP,
the real window and journal.
"""

from __future__ import annotations

import sqlite3

import pytest
from gui_helpers import fill, send, wait_answered
from hostile_host import TOKEN, HostileHost, reply, token_answer
from rule_oracle import VALID

from kiwoom_gui.app import create_main_window
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.auth import CredentialStore, Token
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import build_body

BUY = build_body("kt10006", VALID["kt10006"])
APPKEY, SECRETKEY = "appkey-" + "k" * 30, "secret-" + "s" * 30

# each names the order 0000007 and is under the 64 KiB read cap
ANSWERS = {
    "return_code_of_5000_zeros": b'{"ord_no":"0000007","return_code":"' + b"0" * 5000 + b'","return_msg":"ok"}',
    "deeply_nested_extra_field": b'{"ord_no":"0000007","return_code":0,"return_msg":"ok","x":'
    + b"[" * 5000
    + b"]" * 5000
    + b"}",
}


def client_for(host: HostileHost, *, token: bool = True, keys: bool = False) -> KiwoomClient:
    store = CredentialStore()
    if token:
        store.save_token("mock", Token(TOKEN))
    if keys:
        store.set("mock", "appkey", APPKEY)
        store.set("mock", "secretkey", SECRETKEY)
    return KiwoomClient("mock", base_url=host.url, store=store, orders_per_second=0, timeouts=(1.0, 2.0))


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_client_keeps_an_answer_it_cannot_parse(name):
    """send_order must return a result that keeps what the host said (the order number 0000007), not raise."""
    body = ANSWERS[name]
    with HostileHost(lambda r: [reply(200, body, {"api-id": "kt10006"})]) as host, client_for(host) as c:
        result = c.send_order("kt10006", BUY)  # raises ValueError / RecursionError today
    assert result.outcome in (Outcome.UNKNOWN, Outcome.ACCEPTED)  # never "not placed": it names an order
    kept = f"{result.message} {result.response_text} {result.response_body}"
    assert "0000007" in kept


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_journal_keeps_the_order_number_of_an_unparsable_answer(qtbot, tmp_path, demo_keys, name):
    """Through the window: the journal row of the accepted order holds neither the answer nor its number."""
    body = ANSWERS[name]

    def script(r):
        return [token_answer()] if r.path == "/oauth2/token" else [reply(200, body, {"api-id": "kt10006"})]

    with HostileHost(script) as host:
        w = create_main_window(
            ["--env", "mock", "--base-url", host.url, "--data-dir", str(tmp_path)], timeouts=(1.0, 2.0)
        )
        w.confirm = lambda *a: pytest.fail("no confirmation expected in mock")
        qtbot.addWidget(w)
        w.show()
        try:
            fill(w, "kt10006", {"stk_cd": "005930", "ord_qty": "10", "ord_uv": "2580"})
            send(qtbot, w, "kt10006")
            (row,) = wait_answered(qtbot, w, 1)
        finally:
            w.close()
    assert row.outcome in (Outcome.UNKNOWN, Outcome.ACCEPTED)
    db = sqlite3.connect(tmp_path / "journal.sqlite3")
    try:
        ((message, response),) = db.execute("SELECT message, response FROM orders").fetchall()
    finally:
        db.close()
    assert "0000007" in f"{message} {response}", (message, response)


def test_unparsable_token_answer_leaves_the_order_not_sent():
    """No token came back, so the order never left; it must say so (전송 안 됨 or 인증 실패, both "not
    placed"), not 확인 필요, which sends the user looking for an order that does not exist."""
    deep = b'{"token":' + b"[" * 5000 + b"]" * 5000 + b"}"

    def script(r):
        return [reply(200, deep)] if r.path == "/oauth2/token" else [reply(500, b"")]

    with HostileHost(script) as host, client_for(host, token=False, keys=True) as c:
        result = c.send_order("kt10006", BUY)  # raises RecursionError today
    assert [r.path for r in host.requests] == ["/oauth2/token"]
    assert result.outcome in (Outcome.NOT_SENT, Outcome.AUTH_FAILED), result.outcome


def test_token_answer_with_a_huge_return_code_is_an_auth_error():
    """The same for 토큰 발급: a return_code of 5,000 digits escapes AuthError as ValueError."""
    from kiwoom_gui.host.auth import AuthError

    answer = b'{"token":"t","return_code":"' + b"1" * 5000 + b'","return_msg":"x"}'
    with HostileHost(lambda r: [reply(200, answer)]) as host, client_for(host, token=False, keys=True) as c:
        with pytest.raises(AuthError):
            c.tokens.issue()
