"""Plain http may only go to this machine; anything else is refused before a socket is opened."""

from __future__ import annotations

import sys

import pytest

from kiwoom_gui.client import KiwoomClient
from kiwoom_gui.environments import UnsafeBaseURL, check_base_url, resolve_base_url

_NETWORK_EVENTS: list[tuple] = []
_WATCHING = [False]


def _audit(event: str, args: tuple) -> None:
    if _WATCHING[0] and event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname"):
        _NETWORK_EVENTS.append((event, args))


sys.addaudithook(_audit)


@pytest.fixture
def no_network():
    _NETWORK_EVENTS.clear()
    _WATCHING[0] = True
    yield _NETWORK_EVENTS
    _WATCHING[0] = False


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com",
        "http://10.0.0.1:8080",
        "http://192.168.0.10",
        "http://127.0.0.1.nip.io",
        "http://localhost.example.com",
        "ftp://127.0.0.1",
        "http://user:pw@127.0.0.1:1",
        "https://api.kiwoom.com/api/dostk",
        "https://api.kiwoom.com?x=1",
        "127.0.0.1:8080",
        "",
    ],
)
def test_refused_before_any_connection(url, no_network):
    with pytest.raises(UnsafeBaseURL):
        KiwoomClient("real", base_url=url or "http://")
    assert no_network == []


@pytest.mark.parametrize(
    ("url", "checked"),
    [
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        ("http://127.5.6.7:1", "http://127.5.6.7:1"),
        ("http://localhost:9", "http://localhost:9"),
        ("http://[::1]:9", "http://[::1]:9"),
        ("https://api.kiwoom.com", "https://api.kiwoom.com"),
        ("https://mockapi.kiwoom.com/", "https://mockapi.kiwoom.com"),
    ],
)
def test_allowed(url, checked, no_network):
    assert check_base_url(url) == checked
    assert no_network == []


def test_environment_hosts():
    assert resolve_base_url("real") == "https://api.kiwoom.com"
    assert resolve_base_url("mock") == "https://mockapi.kiwoom.com"


def test_tls_verification_is_on():
    c = KiwoomClient("real")
    assert c.session.verify is True
    assert c.session.trust_env is False
