"""Plain http may only go to this machine; anything else is refused before a socket is opened."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from kiwoom_gui.app import create_main_window
from kiwoom_gui.host.client import KiwoomClient
from kiwoom_gui.host.environments import UnsafeBaseURL, check_base_url, resolve_base_url

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
        "http://127.0.0.1:99999",
        "http://127.0.0.1:65536",
        "http://127.0.0.1:0",
        "http://127.0.0.1:abc",
        "http://127.0.0.1:",
        "http://127.0.0.1:+80",
        "https://api.kiwoom.com:99999",
        "http://[::1",
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
        # one spelling per host: the journal's host column is compared as text (review 7)
        ("https://MockAPI.Kiwoom.com:443/", "https://mockapi.kiwoom.com"),
        ("http://LocalHost:9", "http://localhost:9"),
        ("http://127.0.0.1:80", "http://127.0.0.1"),
        ("https://api.kiwoom.com:80", "https://api.kiwoom.com:80"),
    ],
)
def test_allowed(url, checked, no_network):
    assert check_base_url(url) == checked
    assert no_network == []


def test_environment_hosts():
    assert resolve_base_url("real") == "https://api.kiwoom.com"
    assert resolve_base_url("mock") == "https://mockapi.kiwoom.com"


def test_tls_verification_is_on():
    import certifi

    c = KiwoomClient("real")
    pool, _ = c.http._pool(c.base_url + "/oauth2/token")  # building a pool opens no connection
    assert pool.cert_reqs == "CERT_REQUIRED" and pool.ca_certs == certifi.where()
    assert c.http.verifies_tls
    c.close()


BAD_PORTS = ["http://127.0.0.1:99999", "http://127.0.0.1:abc", "http://127.0.0.1:0"]


@pytest.mark.parametrize("url", BAD_PORTS)
def test_bad_port_is_refused_in_korean(url):
    with pytest.raises(UnsafeBaseURL, match="포트 번호가 올바르지 않습니다"):
        check_base_url(url)


@pytest.mark.parametrize("url", BAD_PORTS)
def test_bad_port_is_refused_at_start_by_the_command(url, tmp_path):
    """Before any window (or Qt) starts: exit 2 with the reason, nothing written."""
    # no display: were the address accepted, the process would end at once instead of opening a window
    headless = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run(
        [sys.executable, "-m", "kiwoom_gui", "--base-url", url, "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        env=headless,
    )
    assert proc.returncode == 2
    assert "포트 번호가 올바르지 않습니다" in proc.stderr and url in proc.stderr
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("options", [[], ["--demo"]])
def test_bad_port_is_refused_by_create_main_window(qtbot, tmp_path, no_network, options):
    with pytest.raises(UnsafeBaseURL, match="포트 번호가 올바르지 않습니다"):
        create_main_window([*options, "--base-url", "http://127.0.0.1:99999", "--data-dir", str(tmp_path / "d")])
    assert not (tmp_path / "d").exists()
    assert no_network == []
