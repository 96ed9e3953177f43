"""Tokens and credentials: keyring entries, issue/refresh/revoke, re-issue on 8005, keyring failure."""

from __future__ import annotations

import datetime as dt
import json

import keyring
import keyring.backends.fail
import pytest
from rule_oracle import VALID

from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.auth import KST, SERVICE, AuthError, CredentialStore, Token, fingerprint, parse_expires_dt
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import build_body
from kiwoom_gui.simulator import DEMO_APPKEY, DEMO_SECRETKEY

BUY = build_body("kt10006", VALID["kt10006"])


def make_client(sim, **kw) -> KiwoomClient:
    return KiwoomClient("mock", base_url=sim.base_url, orders_per_second=0, timeouts=(1.0, 2.0), **kw)


def test_expires_dt_is_korean_time():
    at = parse_expires_dt("20241107083713")
    assert at.utcoffset() == dt.timedelta(hours=9)
    assert at.astimezone(dt.timezone.utc).hour == 23  # 08:37 KST is 23:37 UTC the day before


def test_issue_stores_token_bound_to_app_key(simulator, demo_keys, memory_keyring):
    with make_client(simulator) as c:
        token = c.tokens.token()
    stored = json.loads(memory_keyring.passwords[(SERVICE, "mock:token")])
    assert stored["token"] == token.value
    assert stored["appkey_sha256"] == fingerprint(DEMO_APPKEY)
    assert parse_expires_dt(stored["expires_dt"]) > dt.datetime.now(KST) + dt.timedelta(hours=23)
    assert DEMO_SECRETKEY not in memory_keyring.passwords[(SERVICE, "mock:token")]
    token_calls = [r for r in simulator.recorded if r.path == "/oauth2/token"]
    assert token_calls[0].json() == {
        "grant_type": "client_credentials",
        "appkey": DEMO_APPKEY,
        "secretkey": DEMO_SECRETKEY,
    }
    assert token_calls[0].headers["content-type"] == "application/json;charset=UTF-8"


def test_cached_token_is_reused_without_network(simulator, demo_keys):
    with make_client(simulator) as c:
        c.send_order("kt10006", BUY)
        c.send_order("kt10006", BUY)
    assert len([r for r in simulator.recorded if r.path == "/oauth2/token"]) == 1


def test_token_refreshed_ten_minutes_before_expiry(simulator, demo_keys):
    simulator.state.token_lifetime = dt.timedelta(minutes=9)  # already inside the refresh margin
    with make_client(simulator) as c:
        first = c.tokens.token()
        simulator.state.token_lifetime = dt.timedelta(hours=24)
        simulator.expire_tokens()
        second = c.tokens.token()
    assert first.value != second.value
    assert len([r for r in simulator.recorded if r.path == "/oauth2/token"]) == 2


def test_token_of_another_app_key_is_not_used(simulator, demo_keys, memory_keyring):
    other = Token("t" * 40, dt.datetime.now(KST) + dt.timedelta(hours=5), fingerprint("another-key"))
    keyring.set_password(SERVICE, "mock:token", other.to_keyring())
    with make_client(simulator) as c:
        assert c.tokens.token().value != other.value


def test_pasted_bare_token_is_read(simulator, memory_keyring):
    token = simulator.issue_token_for_tests()
    keyring.set_password(SERVICE, "mock:token", f"  {token}\n")  # as `keyring set kiwoom-gui mock:token`
    with make_client(simulator) as c:
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.ACCEPTED
    assert simulator.order_requests()[0].headers["authorization"] == f"Bearer {token}"


def test_pasted_bearer_prefix_is_stripped():
    assert Token.from_keyring("Bearer abc123").value == "abc123"
    assert Token.from_keyring("   ") is None
    assert Token.from_keyring('{"broken": ') is None


def test_expired_token_reissued_once_and_order_resent_once(simulator, demo_keys):
    with make_client(simulator) as c:
        c.tokens.token()
        simulator.expire_tokens()  # host answers the next order with rc 3 [8005]
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.ACCEPTED
    assert result.attempts == 2
    orders = simulator.order_requests()
    assert len(orders) == 2
    assert orders[0].headers["authorization"] != orders[1].headers["authorization"]
    assert len(simulator.book.orders()) == 1


def test_reissue_failure_gives_a_clear_error_and_no_loop(simulator, demo_keys):
    with make_client(simulator) as c:
        c.tokens.token()
        simulator.expire_tokens()
        simulator.state.app_keys = {}  # the keys stop working too
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.AUTH_FAILED
    assert "다시 발급하지 못해" in result.message
    assert len(simulator.order_requests()) == 1


def test_refused_again_after_reissue_stops_with_a_clear_error(simulator, demo_keys):
    simulator.inject("token_rejected", count=2)  # the host refuses the old and the fresh token
    with make_client(simulator) as c:
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.AUTH_FAILED and result.attempts == 2
    assert "또 인증에 실패했습니다(8005)" in result.message and "더는 보내지 않습니다" in result.message
    assert len(simulator.order_requests()) == 2
    assert len([r for r in simulator.recorded if r.path == "/oauth2/token"]) == 2
    assert simulator.book.orders() == []


def test_auth_failure_without_keys_is_not_retried(simulator):
    keyring.set_password(SERVICE, "mock:token", "expired-or-wrong-token-000000")
    with make_client(simulator) as c:
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.AUTH_FAILED and result.code == "8005"
    assert len(simulator.order_requests()) == 1


def test_no_token_and_no_keys_sends_nothing(simulator):
    with make_client(simulator) as c:
        result = c.send_order("kt10006", BUY)
    assert result.outcome is Outcome.NOT_SENT
    assert "키" in result.message
    assert simulator.recorded == []


def test_wrong_keys_error_names_no_secret(simulator, memory_keyring):
    keyring.set_password(SERVICE, "mock:appkey", "wrong-appkey-1234567890")
    keyring.set_password(SERVICE, "mock:secretkey", "wrong-secret-1234567890")
    with make_client(simulator) as c, pytest.raises(AuthError) as info:
        c.tokens.token()
    assert "8001" in str(info.value)
    assert "wrong-secret" not in str(info.value) and "wrong-appkey" not in str(info.value)


def test_revoke_is_confirmed_by_host_and_forgets_token(simulator, demo_keys, memory_keyring):
    with make_client(simulator) as c:
        c.tokens.token()
        result = c.tokens.revoke()
        assert result.confirmed, result.message
        assert (SERVICE, "mock:token") not in memory_keyring.passwords
        again = c.tokens.revoke()
    assert not again.confirmed
    body = [r for r in simulator.recorded if r.path == "/oauth2/revoke"][0].json()
    assert set(body) == {"appkey", "secretkey", "token"}


def test_revoke_reports_honestly_when_host_refuses(simulator, demo_keys):
    with make_client(simulator) as c:
        c.tokens.token()
        simulator.expire_tokens()  # the host no longer knows the token
        result = c.tokens.revoke()
    assert not result.confirmed
    assert "거부" in result.message


def test_keyring_unavailable_falls_back_to_session_memory(simulator, tmp_path, monkeypatch):
    keyring.set_keyring(keyring.backends.fail.Keyring())
    monkeypatch.chdir(tmp_path)
    store = CredentialStore()
    assert store.get("mock", "appkey") is None
    assert store.problem and "메모리에만" in store.problem
    store.set("mock", "appkey", DEMO_APPKEY)
    store.set("mock", "secretkey", DEMO_SECRETKEY)
    with make_client(simulator, store=store) as c:
        assert c.send_order("kt10006", BUY).outcome is Outcome.ACCEPTED
    assert list(tmp_path.iterdir()) == []  # no plaintext file anywhere we were


def test_nothing_leaks_through_repr(simulator, demo_keys):
    with make_client(simulator) as c:
        result = c.send_order("kt10006", BUY)
        token = c.tokens.current()
        texts = [
            repr(c),
            repr(c.tokens),
            repr(c.tokens.store),
            repr(token),
            str(token),
            repr(result),
            json.dumps(dict(result.request_headers)),
        ]
    for text in texts:
        for secret in (token.value, DEMO_APPKEY, DEMO_SECRETKEY):
            assert secret not in text
    assert token.masked().startswith(token.value[:4]) and "…" in token.masked()


def test_the_keyring_is_read_once_per_entry_not_once_per_order(simulator, demo_keys, memory_keyring):
    reads: list[str] = []
    original = memory_keyring.get_password
    memory_keyring.get_password = lambda service, name: reads.append(name) or original(service, name)
    with make_client(simulator) as c:
        results = [c.send_order("kt10006", BUY) for _ in range(5)]
    assert [r.outcome for r in results] == [Outcome.ACCEPTED] * 5
    assert sorted(reads) == ["mock:appkey", "mock:secretkey", "mock:token"]  # an OS keyring read can take ms
    stored = Token.from_keyring(keyring.get_password(SERVICE, "mock:token"))
    assert stored and stored.value == c.tokens.current().value  # the issued token still went to the keyring
