"""Every secret the run has used is scrubbed from every host text, in every form a host may echo it in.

Real loopback HTTP (tests/hostile_host.py) and the real client; the real keyring API (memory backend).
"""

from __future__ import annotations

import json

import keyring
from hostile_host import HostileHost, reply
from rule_oracle import VALID

from kiwoom_gui.host.auth import CredentialStore, Token
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.host.redaction import MASK, from_host, remember, scrub
from kiwoom_gui.live import frames
from kiwoom_gui.live.live_status import SecretToken
from kiwoom_gui.orders.validation import build_body

BUY = build_body("kt10006", VALID["kt10006"])
SLASHED = "tok/9f3a61c0+d2b74e58=a1c6f0e2"  # a pasted token may hold any character


def _client(host: HostileHost, store: CredentialStore) -> KiwoomClient:
    return KiwoomClient("mock", base_url=host.url, store=store, orders_per_second=0, timeouts=(1.0, 2.0))


def test_a_token_echoed_json_escaped_in_a_raw_answer_is_scrubbed():
    """A body that is not JSON is kept as text for the log; the token in it as JSON writes it (``\\/``)."""
    store = CredentialStore()
    store.save_token("mock", Token(SLASHED))
    raw = ('{"return_msg": "' + SLASHED.replace("/", "\\/") + '" <broken').encode("utf-8")
    with HostileHost(lambda r: [reply(200, raw, {"api-id": "kt10006"})]) as host, _client(host, store) as client:
        result = client.send_order("kt10006", BUY)
    assert result.response_text is not None and MASK in result.response_text
    assert "9f3a61c0" not in result.response_text, result.response_text


def test_a_token_of_the_other_environment_is_scrubbed_from_this_ones_answers():
    """The real token was loaded in this run; the mock host echoes it in an order's return_msg and ord_no."""
    other = "real-token-5d2b8f61c3a94e07b1e6"
    keyring.set_password("kiwoom-gui", "real:token", Token(other).to_keyring())
    store = CredentialStore()
    assert store.token("real").value == other  # loaded: a secret of this run
    store.save_token("mock", Token("mock-token-0c7e2a94d1b85f36e4a2"))
    answer = reply(200, {"ord_no": "0000001", "return_code": 0, "return_msg": f"완료 {other}"}, {"api-id": "kt10006"})
    with HostileHost(lambda r: [answer]) as host, _client(host, store) as client:
        result = client.send_order("kt10006", BUY)
    assert result.return_msg == f"완료 {MASK}"
    assert other not in json.dumps(dict(result.response_body), ensure_ascii=False)


def test_where_secrets_enter_registers_them():
    store = CredentialStore()
    store.set("real", "appkey", "appkey-from-dialog-7a1c")
    keyring.set_password("kiwoom-gui", "mock:secretkey", "secret-in-keyring-3e9b")
    store.get("mock", "secretkey")
    Token("issued-token-81f0c2d9")
    SecretToken("Bearer live-token-4b6e1a07")
    text = "appkey-from-dialog-7a1c secret-in-keyring-3e9b issued-token-81f0c2d9 live-token-4b6e1a07"
    assert scrub(text) == " ".join([MASK] * 4)


def test_forms_and_limits():
    secret = "한글/키-" + "0a1b2c3d"
    remember(secret, "short7!", None, "")
    assert scrub(f"a {secret} b") == f"a {MASK} b"
    assert scrub(json.dumps(secret)) == f'"{MASK}"'  # ensure_ascii: \uXXXX
    assert scrub(json.dumps(secret, ensure_ascii=False).replace("/", "\\/")) == f'"{MASK}"'
    assert scrub("%ED%95%9C%EA%B8%80%2F%ED%82%A4-0a1b2c3d") == MASK  # percent-encoded
    assert scrub(secret.upper()) == secret.upper()  # case-sensitive
    assert scrub("short7! 12345678") == "short7! 12345678"  # under 8 characters: not registered
    assert scrub("short7!", ["short7!"]) == MASK  # … but a secret passed by the caller still counts


def test_from_host_cleans_every_text_of_an_answer_and_keeps_the_rest():
    remember("tok-9f3a61c0d2b7")
    body = {"a": [{"stk_nm": "삼성 tok-9f3a61c0d2b7"}, 7, None, True], "tok-9f3a61c0d2b7": 1.5}
    assert from_host(body) == {"a": [{"stk_nm": f"삼성 {MASK}"}, 7, None, True], MASK: 1.5}


def test_a_live_frame_is_scrubbed_for_the_client_and_read_as_sent_by_the_simulator():
    remember("appkey-7c1e93b2a4d6")
    text = frames.real_frame([("00", "주문체결", "005930", {"302": "삼성 appkey-7c1e93b2a4d6"})])
    assert frames.read_frame(text, []).body["data"][0]["values"]["302"] == f"삼성 {MASK}"
    assert "appkey-7c1e93b2a4d6" not in frames.read_frame(text, []).text
    login = frames.login_frame("appkey-7c1e93b2a4d6")
    assert frames.read_frame(login).body["token"] == "appkey-7c1e93b2a4d6"  # the simulator checks it
