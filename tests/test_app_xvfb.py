"""On a real X server (Xvfb, the xcb plugin as on a desktop): the window starts, and a second one on
the same data directory shows why it cannot, then exits 1. Skipped where Xvfb/xdotool are absent."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from x11_needs import x11_missing

pytestmark = pytest.mark.skipif(bool(x11_missing("xdotool")), reason=x11_missing("xdotool") or "")

@pytest.fixture
def display():
    """A private X server; yields its DISPLAY value."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    try:
        if not number:
            pytest.skip("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def desktop_env(display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env["DISPLAY"] = display
    return env


def find_window(env: dict[str, str], name: str) -> str:
    """The X window id of the first window whose title matches ``name`` (waits until it appears)."""
    found = subprocess.run(
        ["xdotool", "search", "--sync", "--onlyvisible", "--name", name],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert found.returncode == 0, found.stderr
    return found.stdout.split()[0]


def test_second_instance_shows_a_message_box_and_exits_1(display, tmp_path):
    env = desktop_env(display)
    start = [sys.executable, "-m", "kiwoom_gui", "--demo", "--data-dir", str(tmp_path)]
    with subprocess.Popen(start, env=env, stderr=subprocess.PIPE, text=True) as first:
        try:
            find_window(env, "kiwoom-gui — 키움 신용주문")  # the first window is up: it holds the folder
            with subprocess.Popen(start, env=env, stderr=subprocess.PIPE, text=True) as second:
                box = find_window(env, "이미 실행 중")
                assert second.poll() is None  # waiting for the user to read the box
                subprocess.run(["xdotool", "windowfocus", "--sync", box, "key", "Return"], env=env, timeout=30)
                _, err = second.communicate(timeout=30)
            assert second.returncode == 1, err[-2000:]
            assert "이 데이터 폴더는 이미 다른 kiwoom-gui 창이 쓰고 있습니다" in err
            assert first.poll() is None  # the first one is untouched
        finally:
            first.terminate()
            first.wait(timeout=30)
