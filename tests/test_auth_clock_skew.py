"""A PC clock 25 h fast must not cost a token per order (issue 17, item 10).

The token's ``expires_dt`` is the host's (KST) time; this PC's clock says every token has expired. Expiry is
judged on the host's clock once an answer's ``Date`` header gave its offset, and a token the host has just
issued is never thrown away on our clock's word alone (its refusal, 8005, is the real evidence). Real loopback
HTTP from a scripted host, the real client, the real keyring API (memory backend); the clock is the
TokenManager's own ``clock=`` parameter.
"""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime

import pytest
from hostile_host import HostileHost, order_answer, reply
from rule_oracle import VALID

from kiwoom_gui.base.kst import KST
from kiwoom_gui.host.answers import Outcome
from kiwoom_gui.host.auth import CredentialStore, Token, TokenManager, now_utc
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.orders.validation import build_body

BUY = build_body("kt10006", {**VALID["kt10006"], "stk_cd": "005930"})
APPKEY, SECRETKEY = "appkey-" + "k" * 30, "secret-" + "s" * 30
FAST = dt.timedelta(hours=25)


def host_script(with_date: bool):
    issued = iter(range(1, 1000))

    def date_header() -> dict[str, str]:
        return {"Date": format_datetime(now_utc(), usegmt=True)} if with_date else {}

    def script(r):
        if r.path == "/oauth2/token":
            expires = (dt.datetime.now(KST) + dt.timedelta(hours=24)).strftime("%Y%m%d%H%M%S")
            body = {"expires_dt": expires, "token_type": "bearer", "token": f"tok-{next(issued):04d}-" + "t" * 40,
                    "return_code": 0, "return_msg": "정상"}
            return [reply(200, body, date_header())]
        answer = order_answer("kt10006", f"{len(host.orders()):07d}")
        if with_date:  # the order answer carries the host's clock as well
            head, _, rest = answer.partition(b"\r\n")
            answer = head + b"\r\nDate: " + date_header()["Date"].encode() + b"\r\n" + rest
        return [answer]

    host = HostileHost(script)
    return host


def client_for(host: HostileHost, clock) -> KiwoomClient:
    store = CredentialStore()
    store.set("mock", "appkey", APPKEY)
    store.set("mock", "secretkey", SECRETKEY)
    # a token from an earlier run, good for 20 more hours by the host's clock
    store.save_token("mock", Token("stored-" + "s" * 40, dt.datetime.now(KST) + dt.timedelta(hours=20)))
    c = KiwoomClient("mock", base_url=host.url, store=store, orders_per_second=0, timeouts=(1.0, 5.0))
    c.tokens = TokenManager("mock", c.base_url, store, c.http, clock=clock)
    return c


def token_requests(host: HostileHost) -> int:
    return sum(1 for r in host.requests if r.path == "/oauth2/token")


@pytest.mark.parametrize("with_date", [True, False], ids=["host-date", "no-date"])
def test_a_clock_25_hours_fast_issues_at_most_one_token_for_many_orders(with_date):
    with host_script(with_date) as host, client_for(host, lambda: now_utc() + FAST) as c:
        results = [c.send_order("kt10006", BUY) for _ in range(4)]
    assert [r.outcome for r in results] == [Outcome.ACCEPTED] * 4
    assert token_requests(host) <= 1, [r.path for r in host.requests]
    used = {r.headers["authorization"] for r in host.orders()}
    assert len(used) == 1  # one token for every order


def test_with_the_host_date_known_a_good_stored_token_is_kept_even_on_a_fast_clock():
    """Once an answer has told the host's time, the stored token (20 h left on the host's clock) is good."""
    with host_script(True) as host, client_for(host, lambda: now_utc() + FAST) as c:
        c.tokens.note_host_date(format_datetime(now_utc(), usegmt=True))
        assert c.send_order("kt10006", BUY).outcome is Outcome.ACCEPTED
    assert token_requests(host) == 0
    assert host.orders()[0].headers["authorization"] == "Bearer stored-" + "s" * 40


def test_a_right_clock_still_renews_an_expired_token():
    with host_script(True) as host, client_for(host, now_utc) as c:
        c.tokens.store.save_token("mock", Token("old-" + "o" * 40, dt.datetime.now(KST) - dt.timedelta(minutes=1)))
        assert c.send_order("kt10006", BUY).outcome is Outcome.ACCEPTED
        assert c.send_order("kt10006", BUY).outcome is Outcome.ACCEPTED
    assert token_requests(host) == 1
    assert all(r.headers["authorization"].startswith("Bearer tok-0001-") for r in host.orders())


@pytest.mark.parametrize("bad", ["", "not a date", "Thu, 32 Foo 2026 99:00:00 GMT", "\ud800"])
def test_an_unreadable_date_header_teaches_nothing(bad):
    with host_script(True) as host, client_for(host, now_utc) as c:
        c.tokens.note_host_date(bad)
        assert c.tokens.host_offset is None
