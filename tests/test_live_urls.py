"""Where the real-time connection may go: check_ws_url, live_url (never Kiwoom's host for a custom one),
--ws-url on the command line, and a plain ws:// off this machine refused before any socket opens."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from kiwoom_gui.cli import parse_args
from kiwoom_gui.host.environments import UnsafeBaseURL, UnsafeWebSocketURL, check_ws_url, environment, live_url
from kiwoom_gui.live.connection import LiveConnection
from kiwoom_gui.live.live_status import SecretToken

_NETWORK: list[tuple] = []
_WATCHING = [False]


def _audit(event: str, args: tuple) -> None:
    if _WATCHING[0] and event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname"):
        _NETWORK.append((event, args))


sys.addaudithook(_audit)

SIM = "ws://127.0.0.1:5555/api/dostk/websocket"


@pytest.mark.parametrize(
    "url",
    [
        "wss://api.kiwoom.com:10000/api/dostk/websocket",
        "wss://mockapi.kiwoom.com:10000/api/dostk/websocket",
        "wss://example.com/api/dostk/websocket",
        "ws://127.0.0.1:8080/api/dostk/websocket",
        "ws://127.1.2.3/x",
        "ws://localhost:1/api/dostk/websocket",
        "ws://[::1]:65535/api/dostk/websocket",
        " wss://example.com/a ",
    ],
)
def test_accepted(url):
    assert check_ws_url(url) == url.strip()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ws://example.com/api/dostk/websocket", "ws(암호화 없음)는 이 컴퓨터"),
        ("ws://10.0.0.1:10000/api/dostk/websocket", "ws(암호화 없음)는 이 컴퓨터"),
        ("ws://127.0.0.1.example.com/a", "ws(암호화 없음)는 이 컴퓨터"),
        ("wss://example.com", "경로"),
        ("wss://example.com/", "경로"),
        ("wss://example.com/a/../b", "경로"),
        ("wss://example.com/a%2Fb", "경로"),
        ("wss://example.com/a b", "경로"),
        ("wss://user:pw@example.com/a", "사용자 이름"),
        ("wss://user@example.com/a", "사용자 이름"),
        ("wss://example.com/a?token=x", "쿼리"),
        ("wss://example.com/a#x", "쿼리"),
        ("wss://example.com:0/a", "포트 번호"),
        ("wss://example.com:65536/a", "포트 번호"),
        ("wss://example.com:+80/a", "포트 번호"),
        ("https://example.com/a", "형식"),
        ("http://127.0.0.1/a", "형식"),
        ("example.com/a", "형식"),
        ("wss://[::1/a", "형식"),
        ("", "형식"),
    ],
)
def test_refused_in_korean(url, message):
    with pytest.raises(UnsafeWebSocketURL, match=re.escape(message)):
        check_ws_url(url)


def test_the_refusal_is_an_unsafe_base_url_as_the_app_catches_it():
    assert issubclass(UnsafeWebSocketURL, UnsafeBaseURL) and issubclass(UnsafeWebSocketURL, ValueError)


def test_each_environment_names_its_websocket():
    assert environment("mock").ws_url == "wss://mockapi.kiwoom.com:10000/api/dostk/websocket"
    assert environment("real").ws_url == "wss://api.kiwoom.com:10000/api/dostk/websocket"
    assert environment("simulator").ws_url is None


def test_live_url_for_the_environments():
    assert live_url("mock", None, None) == ("wss://mockapi.kiwoom.com:10000/api/dostk/websocket", "")
    assert live_url("real", None, None) == ("wss://api.kiwoom.com:10000/api/dostk/websocket", "")
    assert live_url("simulator", None, None, SIM) == (SIM, "")
    url, reason = live_url("simulator", None, None)
    assert url is None and "--ws-url" in reason


@pytest.mark.parametrize("env", ["mock", "real", "simulator"])
def test_a_custom_host_never_falls_back_to_kiwoom(env):
    url, reason = live_url(env, "https://my-proxy.example.com", None, SIM)
    assert url is None
    assert reason == (
        "사용자 지정 호스트(--base-url)에는 실시간 주소를 알 수 없어 실시간 연결을 하지 않습니다 "
        "— --ws-url로 지정하세요"
    )


def test_ws_url_wins_and_is_checked():
    assert live_url("real", "https://my.example.com", "wss://my.example.com/ws") == ("wss://my.example.com/ws", "")
    assert live_url("simulator", None, SIM, "ws://127.0.0.1:1/other") == (SIM, "")
    url, reason = live_url("real", None, "ws://example.com/api/dostk/websocket")
    assert url is None and "wss를 쓰세요" in reason


def test_the_command_line_option():
    options = parse_args(["--ws-url", SIM, "--demo", "--base-url", "http://127.0.0.1:5554"])
    assert options.ws_url == SIM
    assert parse_args([]).ws_url is None


def test_a_plain_ws_url_off_this_machine_is_refused_before_any_socket():
    _NETWORK.clear()
    _WATCHING[0] = True
    try:
        with pytest.raises(UnsafeBaseURL, match="ws\\(암호화 없음\\)"):
            LiveConnection(
                "ws://example.com/api/dostk/websocket",
                SecretToken("t" * 40),
                on_events=lambda events: None,
                on_status=lambda status: None,
            )
    finally:
        _WATCHING[0] = False
    assert _NETWORK == []


@pytest.mark.parametrize(
    ("url", "message"),
    [("ws://example.com/api/dostk/websocket", "ws(암호화 없음)는 이 컴퓨터"), ("wss://example.com", "경로")],
)
def test_a_bad_ws_url_is_refused_at_start_by_the_command(url, message, tmp_path):
    """exit 2 with the reason before any window starts (no display: that would exit 2 with another message)."""
    headless = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run(
        [sys.executable, "-m", "kiwoom_gui", "--ws-url", url, "--data-dir", str(tmp_path / "data")],
        capture_output=True,
        text=True,
        timeout=60,
        env=headless,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("kiwoom-gui: ") and message in proc.stderr
    assert not (tmp_path / "data").exists()
